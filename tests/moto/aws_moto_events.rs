//! The events subscription against the moto server: created with its tags and pattern, removed
//! without a trace, and a crashed console's leftovers swept after a day (fresh ones are left to
//! their console). These run under scripts/test, which starts moto and exports ECSDECK_MOTO_URL.

use crate::proxy::{Fault, FaultProxy};
use crate::{backend, backend_at, moto_url};
use ecsdeck::backend::aws::events::{pattern, Planned};
use ecsdeck::clock::SystemClock;
use ecsdeck::subscription::{plan, EventsMode, EventsPlan, EventsSession};
use std::sync::Arc;

async fn eventbridge() -> aws_sdk_eventbridge::Client {
    aws_sdk_eventbridge::Client::new(
        &aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new("us-east-1"))
            .endpoint_url(moto_url())
            .load()
            .await,
    )
}

async fn rule_exists(eb: &aws_sdk_eventbridge::Client, name: &str) -> bool {
    eb.list_rules()
        .name_prefix(name)
        .send()
        .await
        .expect("list rules")
        .rules()
        .iter()
        .any(|r| r.name() == Some(name))
}

/// Tests that create subscriptions run one at a time: a sweep judges everything in the account.
static ACCOUNT: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn logs_client() -> aws_sdk_cloudwatchlogs::Client {
    aws_sdk_cloudwatchlogs::Client::new(
        &aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new("us-east-1"))
            .endpoint_url(moto_url())
            .load()
            .await,
    )
}

/// What of ecsdeck's this test process made still exists at moto: rule names and group names
/// (other test binaries share the server; names carry the creating process's id).
async fn leftovers() -> (Vec<String>, Vec<String>) {
    let mine =
        |n: &String| n.contains(&format!("-{}", std::process::id())) || n.contains("orphan-test");
    let eb = eventbridge().await;
    let logs = logs_client().await;
    let rules = eb
        .list_rules()
        .name_prefix("ecsdeck-")
        .send()
        .await
        .expect("list rules")
        .rules()
        .iter()
        .filter_map(|r| r.name().map(str::to_string))
        .filter(mine)
        .collect();
    let groups = logs
        .describe_log_groups()
        .log_group_name_prefix("/aws/events/ecsdeck-")
        .send()
        .await
        .expect("describe groups")
        .log_groups()
        .iter()
        .filter_map(|g| g.log_group_name().map(str::to_string))
        .filter(mine)
        .collect();
    (rules, groups)
}

fn planned(tag: &str, at: chrono::DateTime<chrono::Utc>) -> Planned {
    let mut p = Planned::at(at);
    p.rule = format!("{}-{tag}", p.rule);
    p.group = format!("{}-{tag}", p.group);
    p
}

/// Defect: the sweep removed any rule older than a day, so a console running for 25 hours lost
/// its feed when a colleague started one. Liveness decides now: a heartbeat the owner refreshes.
#[tokio::test]
#[allow(clippy::await_holding_lock)] // a std lock shared with the pty tests, held for the test
async fn the_sweep_removes_only_what_no_live_console_beats_for() {
    let _one = ACCOUNT.lock().await;
    let _account = crate::sharing_the_account();
    let b = backend().await;
    let eb = eventbridge().await;
    let now = chrono::Utc::now();
    let cluster = "arn:aws:ecs:us-east-1:123456789012:cluster/moto-web".to_string();
    // Started 25 hours ago and still running: its heartbeat is fresh.
    let alive = b
        .create_subscription(
            &planned("alive", now - chrono::Duration::hours(25)),
            std::slice::from_ref(&cluster),
            now - chrono::Duration::hours(25),
            false,
        )
        .await
        .expect("a long-running console's subscription");
    b.heartbeat(&alive, now - chrono::Duration::minutes(2))
        .await
        .expect("heartbeat");
    // Crashed 30 minutes after it started: no heartbeat since.
    let dead = b
        .create_subscription(
            &planned("dead", now - chrono::Duration::hours(1)),
            &[],
            now - chrono::Duration::hours(1),
            false,
        )
        .await
        .expect("a crashed console's subscription");
    // events.keep: never swept, however silent.
    let kept = b
        .create_subscription(
            &planned("kept", now - chrono::Duration::hours(48)),
            &[],
            now - chrono::Duration::hours(48),
            true,
        )
        .await
        .expect("a kept subscription");
    let p = eb
        .describe_rule()
        .name(&alive.rule)
        .send()
        .await
        .unwrap()
        .event_pattern()
        .unwrap_or_default()
        .to_string();
    assert!(p.contains(&cluster), "limited to the cluster: {p}");

    // A page of one rule at a time: the sweep must follow every page.
    let report = b.sweep_paged(now, 1).await.expect("sweep");
    assert_eq!(report.removed_rules, vec![dead.rule.clone()], "{report:?}");
    assert!(
        !rule_exists(&eb, &dead.rule).await,
        "the dead console's rule is gone"
    );
    assert!(b.log_group_arn(&dead.group).await.is_err(), "and its group");
    assert!(
        rule_exists(&eb, &alive.rule).await,
        "the live console keeps its feed"
    );
    assert!(
        rule_exists(&eb, &kept.rule).await,
        "events.keep is never swept"
    );
    assert!(b.log_group_arn(&alive.group).await.is_ok());
    assert!(b.log_group_arn(&kept.group).await.is_ok());

    for c in [&alive, &kept] {
        b.remove_subscription(&c.rule, Some(&c.group))
            .await
            .expect("remove");
        assert!(!rule_exists(&eb, &c.rule).await);
        assert!(
            b.log_group_arn(&c.group).await.is_err(),
            "the log group is gone"
        );
    }
}

/// One rule whose tags cannot be read does not stop the sweep; an orphaned group (its rule
/// never made it) of a console that is gone is removed; a group that is not ecsdeck's is not.
#[tokio::test]
#[allow(clippy::await_holding_lock)] // a std lock shared with the pty tests, held for the test
async fn the_sweep_goes_on_past_an_unreadable_rule_and_finds_orphaned_groups() {
    let _one = ACCOUNT.lock().await;
    // It judges from an hour ahead: no other console may run meanwhile.
    let _alone = crate::ACCOUNT.write().unwrap_or_else(|p| p.into_inner());
    let proxy = FaultProxy::start(&moto_url());
    let b = backend_at(&proxy.url).await;
    let direct = backend().await;
    let logs = logs_client().await;
    let now = chrono::Utc::now();
    let first = direct
        .create_subscription(
            &planned("a", now - chrono::Duration::hours(2)),
            &[],
            now - chrono::Duration::hours(2),
            false,
        )
        .await
        .expect("first");
    let second = direct
        .create_subscription(
            &planned("b", now - chrono::Duration::hours(2)),
            &[],
            now - chrono::Duration::hours(2),
            false,
        )
        .await
        .expect("second");
    // An orphan: an ecsdeck group whose rule is gone; and somebody else's group under the path.
    let orphan = "/aws/events/ecsdeck-orphan-test";
    logs.create_log_group()
        .log_group_name(orphan)
        .tags("ecsdeck", "events")
        .send()
        .await
        .expect("orphan group");
    let foreign = "/aws/events/ecsdeck-not-ours";
    logs.create_log_group()
        .log_group_name(foreign)
        .send()
        .await
        .expect("foreign group");
    // The first ListTagsForResource fails; the sweep is judged an hour from now (the groups
    // moto just created are then old enough to be judged).
    proxy.set(vec![crate::proxy::Rule {
        times: Some(1),
        ..crate::proxy::Rule::on(
            &["ListTagsForResource"],
            Fault::Error("AccessDeniedException"),
        )
    }]);
    let report = b
        .sweep_paged(now + chrono::Duration::hours(1), 1)
        .await
        .expect("the sweep itself succeeds");
    assert_eq!(report.problems.len(), 1, "{report:?}");
    assert!(report.problems[0].contains("AccessDenied"), "{report:?}");
    assert_eq!(
        report.removed_rules.len(),
        1,
        "the other rule was still swept: {report:?}"
    );
    assert!(
        report.removed_groups.iter().any(|g| g == orphan),
        "{report:?}"
    );
    let (rules, groups) = leftovers().await;
    assert!(!groups.iter().any(|g| g == orphan), "{groups:?}");
    assert!(
        !report.removed_groups.iter().any(|g| g == foreign)
            && b.log_group_arn(foreign).await.is_ok(),
        "not ours: left alone: {report:?}"
    );
    // The unreadable rule's group is protected by the naming convention until a later sweep.
    let unreadable = if report.removed_rules[0] == first.rule {
        &second
    } else {
        &first
    };
    assert!(rules.contains(&unreadable.rule) && groups.contains(&unreadable.group));
    proxy.clear();
    let report = b
        .sweep_paged(now + chrono::Duration::hours(1), 100)
        .await
        .expect("sweep");
    assert_eq!(
        report.removed_rules,
        vec![unreadable.rule.clone()],
        "{report:?}"
    );
    logs.delete_log_group()
        .log_group_name(foreign)
        .send()
        .await
        .expect("tidy");
    let (rules, groups) = leftovers().await;
    assert!(
        rules.is_empty() && groups.is_empty(),
        "zero leaks: {rules:?} {groups:?}"
    );
}

/// Defect: a step failing after CreateLogGroup left the group forever. Every step is made to
/// fail in turn; each time nothing of ecsdeck's is left.
#[tokio::test]
#[allow(clippy::await_holding_lock)] // a std lock shared with the pty tests, held for the test
async fn a_failing_creation_step_leaves_nothing_behind() {
    let _one = ACCOUNT.lock().await;
    let _account = crate::sharing_the_account();
    let proxy = FaultProxy::start(&moto_url());
    let b = backend_at(&proxy.url).await;
    let steps: [(&str, Fault); 6] = [
        ("DescribeLogGroups", Fault::Internal),
        ("PutRetentionPolicy", Fault::Error("AccessDeniedException")),
        ("PutResourcePolicy", Fault::Error("LimitExceededException")),
        ("PutRule", Fault::Error("AccessDeniedException")),
        ("PutTargets", Fault::Error("AccessDeniedException")),
        ("CreateLogGroup", Fault::ExpiredToken),
    ];
    for (n, (op, fault)) in steps.into_iter().enumerate() {
        proxy.set(vec![crate::proxy::Rule::on(&[op], fault.clone())]);
        let now = chrono::Utc::now();
        let err = b
            .create_subscription(&planned(&format!("fail{n}"), now), &[], now, false)
            .await
            .expect_err("the step fails");
        proxy.clear();
        let (rules, groups) = leftovers().await;
        assert!(
            rules.is_empty() && groups.is_empty(),
            "{op} failing ({err}) left {rules:?} {groups:?}"
        );
    }
}

/// Defect: quitting while the subscription was being created removed nothing, and a slow
/// DeleteRule used up the shared clean-up budget so the group stayed.
#[tokio::test]
#[allow(clippy::await_holding_lock)] // a std lock shared with the pty tests, held for the test
async fn quitting_during_creation_and_a_slow_delete_leave_nothing_behind() {
    let _one = ACCOUNT.lock().await;
    let _account = crate::sharing_the_account();
    let proxy = FaultProxy::start(&moto_url());
    let aws = Arc::new(backend_at(&proxy.url).await);
    let read: Arc<dyn ecsdeck::backend::EcsRead> = aws.clone();
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    // PutRule hangs for 3 s: the quit comes while the group exists and the rule is on its way.
    proxy.set(vec![crate::proxy::Rule::on(
        &["PutRule"],
        Fault::Latency(std::time::Duration::from_secs(3)),
    )]);
    let session = EventsSession::start(
        plan(EventsMode::Own, None, false, false, &[], Some(aws.clone())),
        read.clone(),
        Arc::new(SystemClock),
        tx.clone(),
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while proxy.count("PutRule") == 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "creation never reached PutRule"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let note = session.finish().await;
    assert!(note.is_none(), "{note:?}");
    // The aborted PutRule may still land at moto after the proxy's delay: give it the time,
    // then a sweep-free count must still be zero for the group; a late rule has no target.
    tokio::time::sleep(std::time::Duration::from_secs(4)).await;
    let (rules, groups) = leftovers().await;
    assert!(groups.is_empty(), "the group was removed: {groups:?}");
    // A rule that arrived after the clean-up is what the next sweep removes (no heartbeat).
    for r in &rules {
        aws.remove_subscription(r, None)
            .await
            .expect("tidy a late rule");
    }

    // A slow DeleteRule (longer than a step's time limit) no longer keeps the group.
    proxy.clear();
    let session = EventsSession::start(
        plan(EventsMode::Own, None, false, false, &[], Some(aws.clone())),
        read,
        Arc::new(SystemClock),
        tx,
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while session.created().is_none() {
        assert!(std::time::Instant::now() < deadline, "never created");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    proxy.set(vec![crate::proxy::Rule::on(
        &["DeleteRule"],
        Fault::Latency(std::time::Duration::from_secs(7)),
    )]);
    let started = std::time::Instant::now();
    let note = session.finish().await;
    let took = started.elapsed();
    let (_, groups) = leftovers().await;
    assert!(
        groups.is_empty(),
        "the group went although DeleteRule was slow: {groups:?}"
    );
    assert!(
        note.is_some_and(|n| n.contains("DeleteRule")),
        "and it says what did not finish"
    );
    assert!(
        took < std::time::Duration::from_secs(20),
        "bounded: {took:?}"
    );
    // The delayed DeleteRule reaches moto in the end: zero leaks.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    proxy.clear();
    let (rules, groups) = leftovers().await;
    assert!(
        rules.is_empty() && groups.is_empty(),
        "{rules:?} {groups:?}"
    );
}

#[test]
fn the_pattern_names_the_four_detail_types_and_only_the_clusters_asked() {
    let all: serde_json::Value = serde_json::from_str(&pattern(&[])).unwrap();
    assert_eq!(all["source"][0], "aws.ecs");
    assert_eq!(all["detail-type"].as_array().unwrap().len(), 4);
    assert!(all.get("detail").is_none());
    let some: serde_json::Value = serde_json::from_str(&pattern(&["arn:c".into()])).unwrap();
    assert_eq!(some["detail"]["clusterArn"][0], "arn:c");
}

#[tokio::test]
async fn who_creates_what() {
    let aws = Arc::new(backend().await);
    let off = |p: EventsPlan| match p {
        EventsPlan::Off(why) => why,
        _ => panic!("expected off"),
    };
    // Read-only with no shared group: off, and why.
    assert!(off(plan(
        EventsMode::Own,
        None,
        true,
        false,
        &[],
        Some(aws.clone())
    ))
    .contains("read-only"));
    // Read-only with a shared group: read it, create nothing.
    assert!(matches!(
        plan(EventsMode::Own, Some("/shared"), true, false, &[], Some(aws.clone())),
        EventsPlan::Read { ref name, .. } if name == "/shared"
    ));
    assert!(off(plan(
        EventsMode::Shared,
        None,
        false,
        false,
        &[],
        Some(aws.clone())
    ))
    .contains("log_group"));
    assert!(off(plan(
        EventsMode::Off,
        Some("/g"),
        false,
        false,
        &[],
        Some(aws.clone())
    ))
    .contains("off"));
    // Read-write: its own.
    assert!(matches!(
        plan(EventsMode::Own, None, false, false, &[], Some(aws.clone())),
        EventsPlan::Own { .. }
    ));
    // The demo: its simulated group, whatever the mode.
    assert!(matches!(
        plan(EventsMode::Own, None, true, false, &[], None),
        EventsPlan::Read { .. }
    ));
}
