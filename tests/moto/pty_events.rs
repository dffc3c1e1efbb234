//! The real binary against moto with its own events subscription: events change the rows, and
//! nothing is left behind after `q`, after SIGTERM, or when a second SIGTERM cuts a slow clean-up
//! short.

use crate::pty::Session;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// SDK clients for moto, to look at what the console created and to inject events.
fn moto_clients(
    url: &str,
) -> (
    tokio::runtime::Runtime,
    aws_sdk_eventbridge::Client,
    aws_sdk_cloudwatchlogs::Client,
) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let conf = rt.block_on(
        aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new("us-east-1"))
            .endpoint_url(url)
            .load(),
    );
    (
        rt,
        aws_sdk_eventbridge::Client::new(&conf),
        aws_sdk_cloudwatchlogs::Client::new(&conf),
    )
}

fn ecsdeck_rules(rt: &tokio::runtime::Runtime, eb: &aws_sdk_eventbridge::Client) -> Vec<String> {
    rt.block_on(eb.list_rules().name_prefix("ecsdeck-").send())
        .unwrap()
        .rules()
        .iter()
        .filter_map(|r| r.name().map(str::to_string))
        .collect()
}

fn ecsdeck_groups(
    rt: &tokio::runtime::Runtime,
    logs: &aws_sdk_cloudwatchlogs::Client,
) -> Vec<String> {
    rt.block_on(
        logs.describe_log_groups()
            .log_group_name_prefix("/aws/events/ecsdeck-")
            .send(),
    )
    .unwrap()
    .log_groups()
    .iter()
    .filter_map(|g| g.log_group_name().map(str::to_string))
    .collect()
}

#[test]
fn against_moto_events_subscribe_change_the_row_and_leave_nothing_behind() {
    let _account = crate::sharing_the_account();
    let url = std::env::var("ECSDECK_MOTO_URL").expect(
        "ECSDECK_MOTO_URL is not set: this test runs under scripts/test, which starts moto",
    );
    let (rt, eb, logs) = moto_clients(&url);
    let rules_before = ecsdeck_rules(&rt, &eb);
    let groups_before = ecsdeck_groups(&rt, &logs);
    let task_arn = {
        use ecsdeck::backend::EcsRead;
        let opts = ecsdeck::backend::aws::AwsOptions {
            profile: None,
            region: Some("us-east-1".into()),
            endpoint_url: Some(url.clone()),
        };
        let b = rt
            .block_on(ecsdeck::backend::aws::connect(
                &opts,
                Arc::new(ecsdeck::clock::SystemClock),
            ))
            .unwrap();
        let mut tasks = rt
            .block_on(b.tasks(
                "moto-logs",
                &ecsdeck::model::TaskScope::Service("logsvc".into()),
                ecsdeck::model::TaskStatus::Running,
            ))
            .unwrap()
            .items;
        tasks.sort_by(|a, b| a.arn.cmp(&b.arn));
        tasks[0].arn.clone()
    };
    let task_id = ecsdeck::model::short_id(&task_arn).to_string();

    let mut s = Session::start(&[
        "--endpoint-url",
        &url,
        "--region",
        "us-east-1",
        "-c",
        "tasks moto-logs logsvc",
    ]);
    s.wait_for("tasks(moto-logs/logsvc)[2]");
    s.wait_for("events ◌ polling");
    // What the console created: rule, target, log group, resource policy — tagged as its own.
    // Its names end in its pid: another console starting beside this test creates its own.
    let suffix = format!("-{}", s.child.process_id().unwrap_or_default());
    let rules: Vec<String> = ecsdeck_rules(&rt, &eb)
        .into_iter()
        .filter(|r| !rules_before.contains(r) && r.ends_with(&suffix))
        .collect();
    assert_eq!(rules.len(), 1, "one rule: {rules:?}");
    let targets = rt
        .block_on(eb.list_targets_by_rule().rule(&rules[0]).send())
        .unwrap();
    let target = targets.targets()[0].arn().to_string();
    assert!(
        target.contains(":log-group:/aws/events/ecsdeck-"),
        "{target}"
    );
    let groups: Vec<String> = ecsdeck_groups(&rt, &logs)
        .into_iter()
        .filter(|g| !groups_before.contains(g) && g.ends_with(&suffix))
        .collect();
    assert_eq!(groups.len(), 1, "{groups:?}");
    assert!(target.ends_with(&groups[0]), "{target} / {groups:?}");
    let policies = rt
        .block_on(logs.describe_resource_policies().send())
        .unwrap();
    assert!(
        policies
            .resource_policies()
            .iter()
            .any(|p| p.policy_name() == Some("ecsdeck-events")),
        "the resource policy exists"
    );
    let rule = rt
        .block_on(eb.describe_rule().name(&rules[0]).send())
        .unwrap();
    let pattern = rule.event_pattern().unwrap_or_default().to_string();
    assert!(
        pattern.contains("ECS Task State Change") && pattern.contains("aws.ecs"),
        "{pattern}"
    );
    let tags = rt
        .block_on(
            eb.list_tags_for_resource()
                .resource_arn(rule.arn().unwrap_or_default())
                .send(),
        )
        .unwrap();
    assert!(
        tags.tags().iter().any(|t| t.key() == "ecsdeck:created"),
        "tagged with its creation time: {:?}",
        tags.tags()
    );

    // A task stops: the event reaches the row within the polling interval.
    let detail = serde_json::json!({
        "taskArn": task_arn,
        "clusterArn": "arn:aws:ecs:us-east-1:123456789012:cluster/moto-logs",
        "group": "service:logsvc",
        "lastStatus": "STOPPED",
        "desiredStatus": "STOPPED",
        "stopCode": "EssentialContainerExited",
        "stoppedReason": "Essential container in task exited (injected by the test)",
        "containers": [{"name": "logsvc", "lastStatus": "STOPPED", "exitCode": 3}],
        "version": 999,
    });
    let entry = aws_sdk_eventbridge::types::PutEventsRequestEntry::builder()
        .source("aws.ecs")
        .detail_type("ECS Task State Change")
        .resources(&task_arn)
        .detail(detail.to_string())
        .build();
    let sent = Instant::now();
    rt.block_on(eb.put_events().entries(entry).send()).unwrap();
    let row = loop {
        let screen = s.screen();
        if let Some(line) = screen
            .lines()
            .find(|l| l.contains(&task_id[..8]) && l.contains("STOPPED"))
        {
            break line.to_string();
        }
        assert!(
            sent.elapsed() < Duration::from_secs(10),
            "the row never showed STOPPED:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    let took = sent.elapsed();
    println!("event to screen (moto, polling): {} ms", took.as_millis());
    assert!(
        took < Duration::from_secs(4),
        "within the 2 s polling interval and a second: {took:?}"
    );
    assert!(row.contains("STOPPED"), "{row}");
    // The reason is on the task: describe shows it.
    s.keys(&format!("/{}\r", &task_id[..8]));
    s.keys("d");
    s.wait_for("injected by the test");
    s.keys("\x1b");
    std::thread::sleep(Duration::from_millis(300));
    s.keys(":events\r");
    let screen = s.wait_for("ECS events");
    assert!(screen.contains("logsvc task"), "{screen}");
    s.keys("q");
    s.wait_exit();
    s.assert_restored();
    // Zero leaks: this console's rule, its target and its log group are gone (other consoles of
    // the suite may have theirs at the same time).
    assert!(
        !ecsdeck_rules(&rt, &eb).contains(&rules[0]),
        "the rule is gone"
    );
    assert!(
        !ecsdeck_groups(&rt, &logs).contains(&groups[0]),
        "the log group is gone"
    );
    assert!(
        rt.block_on(eb.list_targets_by_rule().rule(&rules[0]).send())
            .map(|t| t.targets().is_empty())
            .unwrap_or(true),
        "no target is left"
    );
}

#[test]
fn against_moto_sigterm_also_removes_the_subscription() {
    let _account = crate::sharing_the_account();
    let url = std::env::var("ECSDECK_MOTO_URL").expect(
        "ECSDECK_MOTO_URL is not set: this test runs under scripts/test, which starts moto",
    );
    let (rt, eb, _logs) = moto_clients(&url);
    let before = ecsdeck_rules(&rt, &eb);
    let mut s = Session::start(&["--endpoint-url", &url, "--region", "us-east-1"]);
    s.wait_for("events ◌ polling");
    let mine: Vec<String> = ecsdeck_rules(&rt, &eb)
        .into_iter()
        .filter(|r| !before.contains(r))
        .filter(|r| r.ends_with(&format!("-{}", s.child.process_id().unwrap_or_default())))
        .collect();
    assert_eq!(mine.len(), 1, "this console's rule: {mine:?}");
    let pid = s.child.process_id().expect("pid");
    let status = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    s.wait_exit();
    s.assert_restored();
    assert!(
        !ecsdeck_rules(&rt, &eb).contains(&mine[0]),
        "SIGTERM removed the rule too"
    );
}

/// Defect: the signal feed was one-shot, so a second SIGTERM was ignored — here, during a slow
/// clean-up of the events subscription (DeleteRule held 30 s by the proxy). The second one ends
/// it at once, the terminal restored.
#[test]
fn a_second_sigterm_during_clean_up_is_honoured() {
    let _account = crate::sharing_the_account();
    let url = std::env::var("ECSDECK_MOTO_URL").expect(
        "ECSDECK_MOTO_URL is not set: this test runs under scripts/test, which starts moto",
    );
    let proxy = crate::proxy::FaultProxy::start(&url);
    let mut s = Session::start(&["--endpoint-url", &proxy.url, "--region", "us-east-1"]);
    s.wait_for("events ◌ polling");
    proxy.set(vec![crate::proxy::Rule::on(
        &["RemoveTargets", "DeleteRule", "DeleteLogGroup"],
        crate::proxy::Fault::Latency(Duration::from_secs(30)),
    )]);
    let pid = s.child.process_id().expect("pid").to_string();
    let term = || {
        assert!(std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill")
            .success())
    };
    term();
    std::thread::sleep(Duration::from_millis(1_500));
    assert!(
        s.child.try_wait().unwrap().is_none(),
        "the first SIGTERM starts the (slow) clean-up"
    );
    let started = Instant::now();
    term();
    s.wait_exit();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "the second ends it: {:?}",
        started.elapsed()
    );
    s.assert_restored();
    proxy.clear();
}
