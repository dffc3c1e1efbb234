//! Pulse: what is not well across every cluster, computed from simulator scenarios, one Enter from
//! each item's view, and rendered at both sizes.

use crossterm::event::KeyCode;
use ecsdeck::app::pulse::{items, Target};
use ecsdeck::app::view::ViewKind;
use ecsdeck::backend::{fetch, EcsRead, EcsWrite};
use ecsdeck::harness::Harness;
use ecsdeck::model::{Payload, Query, TaskScope};

fn pulse_items(h: &Harness) -> Vec<ecsdeck::app::pulse::PulseItem> {
    let Payload::Pulse(data) = futures::executor::block_on(fetch(
        h.backend.as_ref(),
        &Query::Pulse { scopes: Vec::new() },
    ))
    .unwrap() else {
        panic!()
    };
    items(&data, h.clock_now())
}

#[test]
fn pulse_finds_what_is_not_well_and_counts_the_rest() {
    let mut h = Harness::new(120, 40);
    h.advance(120);
    let first = pulse_items(&h);
    let kinds: Vec<(&str, &str, &str)> = first
        .iter()
        .map(|i| (i.kind, i.name.as_str(), i.state.as_str()))
        .collect();
    assert!(
        first
            .iter()
            .filter(|i| i.kind == "failures" && i.name == "notification-worker")
            .count()
            >= 2,
        "{kinds:?}"
    );
    assert!(
        first.iter().all(|i| i.name != "checkout"),
        "a rollout of 2 minutes is not an alarm: {kinds:?}"
    );
    let healthy = first.iter().find(|i| i.kind == "healthy").unwrap();
    assert_eq!(healthy.cluster, "3 clusters");
    assert!(
        healthy.state.ends_with("services steady") && healthy.detail == "4 instances active",
        "{healthy:?}"
    );
    assert!(
        first.windows(2).all(|w| w[0].rank <= w[1].rank),
        "worst first"
    );

    // Break things: a drained instance, a service that cannot reach its count.
    let w = h.backend.writer();
    let instance = futures::executor::block_on(h.backend.container_instances("prod-batch"))
        .unwrap()
        .items[0]
        .arn
        .clone();
    futures::executor::block_on(w.set_instances_state(
        "prod-batch",
        std::slice::from_ref(&instance),
        true,
    ))
    .unwrap();
    futures::executor::block_on(w.set_desired_count("prod-batch", "report-generator", 40)).unwrap();
    h.advance(60);
    h.backend
        .faults()
        .set(ecsdeck::backend::sim::Faults::default());
    let later = pulse_items(&h);
    let find = |kind: &str, name: &str| {
        later
            .iter()
            .find(|i| i.kind == kind && i.name.contains(name))
            .cloned()
    };
    let drained = find("instance", "i-").expect("the draining instance");
    assert_eq!(drained.state, "DRAINING");
    let short = find("service", "report-generator").expect("a service short of its desired count");
    assert!(
        short.state.starts_with("running ") && short.state.ends_with("/40"),
        "{short:?}"
    );
    assert_eq!(
        short.target,
        Target::Service {
            cluster: "prod-batch".into(),
            service: "report-generator".into()
        }
    );
}

#[test]
fn enter_drills_to_the_item() {
    let mut h = Harness::new(120, 40);
    h.press(KeyCode::Char(':'));
    h.type_text("pulse");
    h.press(KeyCode::Enter);
    assert_eq!(h.app.view().kind, ViewKind::Pulse { scopes: Vec::new() });
    let Some(t) = h.app.view().rows::<ecsdeck::app::pulse::PulseItem>() else {
        panic!()
    };
    assert_eq!(
        t.selected().unwrap().kind,
        "failures",
        "the worst comes first"
    );
    h.press(KeyCode::Enter);
    assert_eq!(
        h.app.view().kind,
        ViewKind::Failures {
            cluster: "prod-web".into(),
            scope: TaskScope::Service("notification-worker".into())
        }
    );
    h.press(KeyCode::Esc);
    assert_eq!(
        h.app.view().kind,
        ViewKind::Pulse { scopes: Vec::new() },
        "and back to pulse"
    );
}

#[test]
fn pulse_renders() {
    for (w, hgt) in [(80, 24), (200, 60)] {
        let mut h = Harness::new(w, hgt);
        h.press(KeyCode::Char(':'));
        h.type_text("pulse");
        h.press(KeyCode::Enter);
        insta::assert_snapshot!(format!("pulse_{w}x{hgt}"), h.screen());
    }
}

#[test]
fn a_rollout_older_than_fifteen_minutes_is_flagged_and_a_failed_one_is_worst() {
    let h = Harness::new(120, 40);
    let Payload::Pulse(mut data) = futures::executor::block_on(fetch(
        h.backend.as_ref(),
        &Query::Pulse { scopes: Vec::new() },
    ))
    .unwrap() else {
        panic!()
    };
    let now = h.clock_now();
    let web = &mut data
        .services
        .iter_mut()
        .find(|(c, _)| c == "prod-web")
        .unwrap()
        .1;
    let checkout = web.iter_mut().find(|s| s.name == "checkout").unwrap();
    checkout.running = checkout.desired;
    checkout.deployments[0].created_at = Some(now - chrono::Duration::minutes(25));
    let search = web.iter_mut().find(|s| s.name == "search").unwrap();
    search.deployments[0].rollout_state = Some(ecsdeck::model::RolloutState::Failed);
    search.deployments[0].rollout_reason =
        Some("ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/1".into());
    let list = items(&data, now);
    let slow = list
        .iter()
        .find(|i| i.name == "checkout")
        .expect("the slow rollout");
    assert_eq!(
        (slow.state.as_str(), slow.detail.as_str(), slow.rank),
        ("rollout IN_PROGRESS", "rolling for 25m", 1)
    );
    let failed = list
        .iter()
        .find(|i| i.name == "search")
        .expect("the failed rollout");
    assert_eq!((failed.state.as_str(), failed.rank), ("rollout FAILED", 0));
    assert!(failed.detail.contains("circuit breaker"));
}

#[test]
fn pulse_over_named_regions_names_each_cluster_with_its_region() {
    let mut h = Harness::new(200, 60);
    command(&mut h, "pulse us-east-1 eu-west-1");
    let screen = h.screen();
    assert!(
        screen.contains("pulse (every cluster of us-east-1, eu-west-1)"),
        "{screen}"
    );
    assert!(screen.contains("us-east-1/prod-web"), "{screen}");
    let unread = pulse_rows(&h)
        .into_iter()
        .find(|i| i.cluster == "eu-west-1")
        .expect("a row for the region not read");
    assert_eq!(
        (unread.kind, unread.state.as_str(), unread.detail.as_str()),
        (
            "region",
            "not read",
            "this account cannot be read in another region"
        ),
        "the demo has one region, and says so"
    );
    assert!(screen.contains("not read"), "{screen}");
    // An item of this region drills in as usual.
    let target = {
        let Some(t) = h.app.view().rows::<ecsdeck::app::pulse::PulseItem>() else {
            panic!()
        };
        t.items()
            .find(|i| i.cluster.starts_with("us-east-1/") && i.kind == "failures")
            .map(|i| i.key.clone())
            .expect("a failures item")
    };
    h.app.view_mut().table_mut().select_key(&target, 10);
    h.press(KeyCode::Enter);
    assert!(
        matches!(&h.app.view().kind, ViewKind::Failures { cluster, .. } if cluster == "prod-web"),
        "{:?}",
        h.app.view().kind
    );
    // A region that is not one is refused with a reason.
    command(&mut h, "pulse mars-1");
    let screen = h.screen();
    assert!(screen.contains("mars-1 is not an ECS region"), "{screen}");
}

fn pulse_rows(h: &Harness) -> Vec<ecsdeck::app::pulse::PulseItem> {
    let Some(t) = h.app.view().rows::<ecsdeck::app::pulse::PulseItem>() else {
        panic!("on a pulse view: {:?}", h.app.view().kind)
    };
    t.items().cloned().collect()
}

fn command(h: &mut Harness, line: &str) {
    h.press(KeyCode::Char(':'));
    h.type_text(line);
    h.press(KeyCode::Enter);
}

#[test]
fn pulse_over_accounts_reads_each_and_a_failing_one_has_its_own_row() {
    let mut h = Harness::new(200, 60);
    command(&mut h, "pulse @demo @sandbox @expired");
    let rows = pulse_rows(&h);
    // This account, under its profile's name.
    assert!(
        rows.iter()
            .any(|i| i.cluster == "@demo/prod-web" && i.kind == "failures"),
        "{rows:#?}"
    );
    // The other account, read with its own backend: its crash loop is there.
    let sandbox: Vec<_> = rows
        .iter()
        .filter(|i| i.cluster == "@sandbox/sandbox-apps")
        .collect();
    assert!(
        sandbox
            .iter()
            .any(|i| i.kind == "failures" && i.name == "ml-inference"),
        "the sandbox account's crash loop: {rows:#?}"
    );
    // The account whose session has expired: one row saying so, with what to do.
    let expired = rows
        .iter()
        .find(|i| i.cluster == "@expired")
        .expect("a row for the account not read");
    assert_eq!(
        (expired.kind, expired.state.as_str()),
        ("account", "not read")
    );
    assert!(
        expired.detail.contains("aws sso login --profile expired"),
        "{}",
        expired.detail
    );
    let healthy = rows.last().expect("the healthy row");
    assert!(healthy.name == "2/3 accounts read", "{}", healthy.name);
    // Each account asked for its own clusters.
    let api = h.backend.api_log();
    assert!(
        api.iter().filter(|c| c.operation == "ListClusters").count() >= 2,
        "{api:?}"
    );
    // Enter on another account's item: the demo cannot switch accounts, and says so.
    let key = sandbox
        .iter()
        .find(|i| i.kind == "failures")
        .map(|i| i.key.clone())
        .expect("a sandbox item");
    h.app.view_mut().table_mut().select_key(&key, 10);
    h.press(KeyCode::Enter);
    assert!(
        matches!(h.app.view().kind, ViewKind::Pulse { .. }),
        "{:?}",
        h.app.view().kind
    );
    assert!(
        h.screen()
            .contains("sandbox-apps is in the account of profile sandbox, which this console cannot switch to"),
        "{}",
        h.screen()
    );
    // An item of this account drills in as usual.
    let key = rows
        .iter()
        .find(|i| i.cluster == "@demo/prod-web" && i.kind == "failures")
        .map(|i| i.key.clone())
        .expect("a demo item");
    h.app.view_mut().table_mut().select_key(&key, 10);
    h.press(KeyCode::Enter);
    assert!(
        matches!(&h.app.view().kind, ViewKind::Failures { cluster, .. } if cluster == "prod-web"),
        "{:?}",
        h.app.view().kind
    );
    // A profile the demo does not have is its own row too, naming the ones it has.
    command(&mut h, "pulse @nope");
    let rows = pulse_rows(&h);
    assert!(
        rows.iter()
            .any(|i| i.cluster == "@nope" && i.detail.contains("the demo has no profile nope")),
        "{rows:#?}"
    );
}

#[test]
fn pulse_over_accounts_with_one_failing_renders() {
    for (w, hgt) in [(80, 24), (200, 60)] {
        let mut h = Harness::new(w, hgt);
        command(&mut h, "pulse @demo @sandbox @expired");
        insta::assert_snapshot!(format!("pulse_accounts_{w}x{hgt}"), h.screen());
    }
}

/// Alarms that cannot be read are a gap in the wall, said in the warning colour after the
/// incidents; a cluster that cannot be read stays an error, first.
#[test]
fn unreadable_alarms_are_a_warning_and_an_unreadable_cluster_an_error() {
    use ecsdeck::app::table::Tone;
    let data = ecsdeck::model::PulseData {
        failures: vec![
            "alarms not shown: cloudwatch:DescribeAlarms is not allowed".into(),
            "prod-web: services: ListServices: ThrottlingException".into(),
        ],
        ..Default::default()
    };
    let all = items(&data, chrono::Utc::now());
    let alarms = all
        .iter()
        .position(|i| i.kind == "alarms")
        .expect("the alarms row");
    let error = all
        .iter()
        .position(|i| i.kind == "error")
        .expect("the cluster's row");
    assert!(error < alarms, "{all:?}");
    assert_eq!(all[alarms].tone, Tone::Warn);
    assert_eq!(all[alarms].state, "not shown");
    assert_eq!(
        all[alarms].detail,
        "cloudwatch:DescribeAlarms is not allowed"
    );
    assert_eq!(
        (all[error].tone, all[error].state.as_str()),
        (Tone::Bad, "not loaded")
    );
}
