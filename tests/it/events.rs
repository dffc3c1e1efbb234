//! ECS events: the parser on the four detail-types (shapes from the AWS documentation), unknown
//! and malformed input (never a panic: a property test over arbitrary JSON), and what events do to
//! the console — task rows change at once and stay changed over older polls, duplicates and stale
//! versions are dropped, the simulator's feed flows into `:events`.

use crossterm::event::KeyCode;
use ecsdeck::app::view::ViewKind;
use ecsdeck::app::{App, Effect, Msg};
use ecsdeck::harness::Harness;
use ecsdeck::model::{
    parse_event, parse_value, EcsEvent, EventKind, EventSeverity, Listing, Payload, Query, Task,
    TaskScope, TaskStatus,
};
use proptest::prelude::*;
use serde_json::{json, Value};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/events/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture")
}

#[test]
fn a_stopped_task_event_carries_status_reason_exit_codes_and_version() {
    let e = parse_event(&fixture("task_stopped")).expect("an event");
    assert_eq!(e.id, "3317b2af-7005-947d-b652-f55e762e571a");
    assert_eq!(e.region, "us-west-2");
    assert_eq!(e.cluster(), "FargateCluster");
    let EventKind::Task(t) = &e.kind else {
        panic!("{e:?}")
    };
    assert_eq!(t.last_status, "STOPPED");
    assert_eq!(t.stop_code.as_deref(), Some("EssentialContainerExited"));
    assert_eq!(
        t.stopped_reason.as_deref(),
        Some("Essential container in task exited")
    );
    assert_eq!(t.version, Some(5));
    assert_eq!(t.group.as_deref(), Some("service:web"));
    assert_eq!(t.containers[0].2, Some(137));
    assert_eq!(
        t.containers[0].3.as_deref(),
        Some("OutOfMemoryError: Container killed due to memory usage")
    );
    assert_eq!(
        e.severity(),
        EventSeverity::Error,
        "a non-zero exit stands out"
    );
    assert!(e.summary().contains("FargateApp:137"), "{}", e.summary());
    assert!(
        e.subject().starts_with("web task c13b4cb4"),
        "{}",
        e.subject()
    );
}

#[test]
fn service_action_and_deployment_events() {
    let e = parse_event(&fixture("service_action")).unwrap();
    let EventKind::Service(s) = &e.kind else {
        panic!("{e:?}")
    };
    assert_eq!(s.event_name, "SERVICE_TASK_PLACEMENT_FAILURE");
    assert_eq!(s.reason.as_deref(), Some("RESOURCE:MEMORY"));
    assert_eq!(e.subject(), "service servicetest");
    assert_eq!(e.cluster(), "default");
    assert_eq!(e.severity(), EventSeverity::Warn);

    let d = parse_event(&fixture("deployment_failed")).unwrap();
    let EventKind::Service(s) = &d.kind else {
        panic!("{d:?}")
    };
    assert_eq!(s.deployment_id.as_deref(), Some("ecs-svc/123"));
    assert_eq!(d.severity(), EventSeverity::Error);
    assert!(d.summary().contains("circuit breaker"), "{}", d.summary());
}

#[test]
fn container_instance_event() {
    let e = parse_event(&fixture("instance_draining")).unwrap();
    let EventKind::Instance(i) = &e.kind else {
        panic!("{e:?}")
    };
    assert_eq!(i.status, "DRAINING");
    assert_eq!(i.agent_connected, Some(true));
    assert_eq!(i.running_tasks, Some(1));
    assert_eq!(e.cluster(), "cluster1");
    assert_eq!(e.severity(), EventSeverity::Warn);
}

#[test]
fn unknown_detail_types_are_kept_raw_and_non_objects_are_skipped() {
    let e = parse_event(
        r#"{"id":"x","detail-type":"ECS Capacity Provider State Change","detail":{"a":1},"resources":["arn:aws:ecs:r:1:capacity-provider/cp"]}"#,
    )
    .expect("kept");
    assert_eq!(e.kind, EventKind::Raw);
    assert_eq!(e.summary(), "ECS Capacity Provider State Change");
    assert!(parse_event("[1,2]").is_none());
    assert!(parse_event("not json").is_none());
    // Known detail-type, fields of the wrong types: empty, not an error.
    let e = parse_event(
        r#"{"detail-type":"ECS Task State Change","time":5,"detail":{"lastStatus":7,"containers":"no","version":"x"}}"#,
    )
    .unwrap();
    let EventKind::Task(t) = &e.kind else {
        panic!()
    };
    assert_eq!((t.last_status.as_str(), t.version), ("", None));
    assert!(t.containers.is_empty());
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        ".{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("ECS Task State Change"),
            Just("ECS Service Action"),
            Just("ECS Deployment State Change"),
            Just("ECS Container Instance State Change"),
            Just("2020-01-23T17:57:58Z"),
        ]
        .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        let keys = prop_oneof![
            Just("detail-type".to_string()),
            Just("detail".to_string()),
            Just("containers".to_string()),
            Just("exitCode".to_string()),
            Just("version".to_string()),
            Just("resources".to_string()),
            Just("time".to_string()),
            Just("lastStatus".to_string()),
            Just("agentConnected".to_string()),
            "[a-zA-Z]{1,8}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(keys, inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn arbitrary_json_never_panics(v in arb_json()) {
        if let Some(e) = parse_value(&v) {
            // Everything the screen asks of an event works on anything parsed.
            let _ = (e.severity(), e.cluster(), e.subject(), e.summary());
        }
        let _ = parse_event(&v.to_string());
    }

    #[test]
    fn arbitrary_text_never_panics(s in ".{0,200}") {
        let _ = parse_event(&s);
    }
}

fn task(arn: &str, status: &str, version: i64) -> Task {
    Task {
        cluster_arn: "arn:aws:ecs:us-east-1:1:cluster/prod".into(),
        task_definition_arn: "arn:aws:ecs:us-east-1:1:task-definition/web:1".into(),
        group: Some("service:web".into()),
        last_status: status.into(),
        version: Some(version),
        ..crate::common::bare_task(arn)
    }
}

fn stopped_event(id: &str, arn: &str, version: i64, reason: &str) -> EcsEvent {
    let v = json!({
        "id": id,
        "detail-type": "ECS Task State Change",
        "time": "2026-01-15T09:00:00Z",
        "detail": {
            "taskArn": arn,
            "clusterArn": "arn:aws:ecs:us-east-1:1:cluster/prod",
            "lastStatus": "STOPPED",
            "desiredStatus": "STOPPED",
            "stopCode": "EssentialContainerExited",
            "stoppedReason": reason,
            "version": version,
        }
    });
    parse_value(&v).unwrap()
}

fn tasks_app() -> (App, Query) {
    let mut app = App::new(
        "test".into(),
        chrono::DateTime::from_timestamp(1_768_467_600, 0).unwrap(),
        ratatui::layout::Rect::new(0, 0, 120, 40),
    );
    app.start_with("tasks prod web");
    let q = app.view().kind.query().unwrap();
    (app, q)
}

fn fetched(app: &mut App, q: &Query, tasks: Vec<Task>) {
    let at = app.now;
    app.update(Msg::Fetched {
        query: q.clone(),
        result: Ok(Payload::Tasks(Listing::complete(
            tasks.into_iter().map(std::sync::Arc::new).collect(),
        ))),
        at,
    });
}

fn row(app: &App, arn: &str) -> Task {
    let Some(t) = app.view().rows::<ecsdeck::model::Task>() else {
        panic!("a tasks view")
    };
    t.items().find(|t| t.arn == arn).cloned().expect("the row")
}

#[test]
fn a_task_event_changes_the_row_at_once_and_outlives_older_polls() {
    let (mut app, q) = tasks_app();
    let arn = "arn:aws:ecs:us-east-1:1:task/prod/aaaa";
    fetched(&mut app, &q, vec![task(arn, "RUNNING", 3)]);
    let effects = app.update(Msg::EcsEvents(vec![stopped_event("e1", arn, 5, "oom")]));
    let r = row(&app, arn);
    assert_eq!(r.last_status, "STOPPED");
    assert_eq!(r.stopped_reason.as_deref(), Some("oom"));
    let refreshes: Vec<&Effect> = effects
        .iter()
        .filter(|e| matches!(e, Effect::Refresh(_)))
        .collect();
    assert_eq!(
        refreshes,
        vec![&Effect::Refresh(q.clone())],
        "a refresh of what is on screen follows (single-flight in the sync layer)"
    );
    // A poll that has not caught up yet does not undo the event.
    fetched(&mut app, &q, vec![task(arn, "RUNNING", 3)]);
    assert_eq!(row(&app, arn).last_status, "STOPPED");
    // Duplicates and older versions are dropped.
    assert!(app
        .update(Msg::EcsEvents(vec![stopped_event("e1", arn, 5, "oom")]))
        .is_empty());
    app.update(Msg::EcsEvents(vec![stopped_event("e0", arn, 4, "older")]));
    assert_eq!(row(&app, arn).stopped_reason.as_deref(), Some("oom"));
    assert_eq!(app.events.received, 1);
    // Once the API is ahead, it wins.
    fetched(&mut app, &q, vec![task(arn, "DEPROVISIONING", 6)]);
    assert_eq!(row(&app, arn).last_status, "DEPROVISIONING");
}

#[test]
fn the_history_is_bounded() {
    let (mut app, _) = tasks_app();
    for n in 0..(ecsdeck::app::events::HISTORY + 500) {
        app.update(Msg::EcsEvents(vec![stopped_event(
            &format!("e{n}"),
            &format!("arn:aws:ecs:us-east-1:1:task/prod/{n}"),
            1,
            "x",
        )]));
    }
    assert_eq!(app.events.history.len(), ecsdeck::app::events::HISTORY);
    assert_eq!(
        app.events.history.front().map(|e| e.id.as_str()),
        Some("e2499")
    );
}

fn command(h: &mut Harness, line: &str) {
    h.press(KeyCode::Char(':'));
    h.type_text(line);
    h.press(KeyCode::Enter);
}

#[test]
fn the_demo_account_emits_events_that_reach_the_events_view_and_the_rows() {
    let mut h = Harness::new(120, 40);
    command(&mut h, "tasks prod-web notification-worker");
    h.advance(120);
    assert!(h.app.events.received > 0, "events flowed");
    let kinds: std::collections::BTreeSet<&str> = h
        .app
        .events
        .history
        .iter()
        .map(|e| e.detail_type.as_str())
        .collect();
    assert!(kinds.contains("ECS Task State Change"), "{kinds:?}");
    // The crash loop's stops arrive as errors with their exit code.
    let crash = h
        .app
        .events
        .history
        .iter()
        .find(|e| e.severity() == EventSeverity::Error)
        .expect("a crash event");
    assert!(crash.summary().contains("exit"), "{}", crash.summary());
    // Every row agrees with the newest event of its task.
    let Some(t) = h.app.view().rows::<ecsdeck::model::Task>() else {
        panic!()
    };
    for row in t.items() {
        if let Some(EventKind::Task(tc)) = h.app.events.history.iter().find_map(|e| match &e.kind {
            EventKind::Task(tc) if tc.task_arn == row.arn => Some(&e.kind),
            _ => None,
        }) {
            assert!(row.version >= tc.version, "{row:?} vs {tc:?}");
        }
    }
    command(&mut h, "events");
    let screen = h.screen();
    assert!(screen.contains("ECS events (newest first)"), "{screen}");
    assert!(screen.contains("notification-worker task"), "{screen}");
    // The demo account's feed is a live tail (the sync layer's reader, as in the console).
    assert!(screen.contains("events ● live"), "{screen}");
    // Enter on a task event opens the task.
    let first_task = {
        let Some(t) = h.app.view().rows::<ecsdeck::model::EcsEvent>() else {
            panic!()
        };
        t.selected().cloned().unwrap()
    };
    h.press(KeyCode::Enter);
    match (&first_task.kind, &h.app.view().kind) {
        (EventKind::Task(tc), ViewKind::Containers { task, .. }) => assert_eq!(task, &tc.task_arn),
        (EventKind::Service(_), ViewKind::Tasks { .. })
        | (EventKind::Instance(_), ViewKind::Tasks { .. }) => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn demo_events_agree_with_the_api() {
    let mut h = Harness::new(120, 40);
    h.advance(90);
    // The last event of each task says what DescribeTasks says now.
    let tasks = futures::executor::block_on(ecsdeck::backend::EcsRead::tasks(
        h.backend.as_ref(),
        "prod-web",
        &TaskScope::Cluster,
        TaskStatus::Running,
    ))
    .unwrap()
    .items;
    let mut checked = 0;
    for t in &tasks {
        let newest = h.app.events.history.iter().find_map(|e| match &e.kind {
            EventKind::Task(tc) if tc.task_arn == t.arn => Some(tc.clone()),
            _ => None,
        });
        if let Some(tc) = newest {
            assert_eq!(tc.last_status, t.last_status, "{}", t.arn);
            assert_eq!(tc.version, t.version);
            checked += 1;
        }
    }
    assert!(checked > 0, "some tasks changed in 90 s");
}

const SIZES: [(u16, u16); 2] = [(80, 24), (200, 60)];

#[test]
fn events_view_renders() {
    for (w, hgt) in SIZES {
        let mut h = Harness::new(w, hgt);
        h.advance(60);
        command(&mut h, "events");
        insta::assert_snapshot!(format!("events_{w}x{hgt}"), h.screen());
    }
}

#[test]
fn a_service_event_shows_in_the_service_events_pane_before_the_next_refresh() {
    let mut h = Harness::new(120, 40);
    command(&mut h, "svc prod-web");
    let at = (h.clock_now() + chrono::Duration::seconds(1)).to_rfc3339();
    let event = parse_value(&json!({
        "id": "svc-1",
        "detail-type": "ECS Service Action",
        "time": at,
        "resources": ["arn:aws:ecs:us-east-1:123456789012:service/prod-web/api-gateway"],
        "detail": {
            "eventType": "WARN",
            "eventName": "SERVICE_TASK_PLACEMENT_FAILURE",
            "clusterArn": "arn:aws:ecs:us-east-1:123456789012:cluster/prod-web",
            "reason": "RESOURCE:MEMORY"
        }
    }))
    .unwrap();
    h.send(Msg::EcsEvents(vec![event]));
    let screen = h.screen();
    assert!(
        screen.contains("(EventBridge) SERVICE_TASK_PLACEMENT_FAILURE · RESOURCE:MEMORY"),
        "{screen}"
    );
}

/// Defect: every event batch about the cluster on screen queued a refresh, so in a busy account
/// the view refreshed back to back at the console's whole budget. Now at most one per query per
/// five seconds; one asked for inside the gap is sent when it is over.
#[test]
fn event_triggered_refreshes_are_coalesced() {
    let (mut app, q) = tasks_app();
    let start = app.now;
    let arn = |n: u32| format!("arn:aws:ecs:us-east-1:1:task/prod/{n:04}");
    fetched(
        &mut app,
        &q,
        (0..20).map(|n| task(&arn(n), "RUNNING", 1)).collect(),
    );
    let mut refreshes = 0;
    // An event batch every second for 20 seconds.
    for s in 0..20 {
        let now = start + chrono::Duration::seconds(s);
        let mut effects = app.update(Msg::Tick(now));
        effects.extend(app.update(Msg::EcsEvents(vec![stopped_event(
            &format!("e{s}"),
            &arn(s as u32),
            2,
            "scaled in",
        )])));
        refreshes += effects
            .iter()
            .filter(|e| **e == Effect::Refresh(q.clone()))
            .count();
    }
    assert_eq!(refreshes, 4, "one per five seconds over twenty, not twenty");
    // The last batches (16–19 s) came inside the gap after the refresh at 15 s: one refresh
    // follows when it is over, and only one.
    let effects = app.update(Msg::Tick(start + chrono::Duration::seconds(20)));
    assert_eq!(effects, vec![Effect::Refresh(q.clone())]);
    let effects = app.update(Msg::Tick(start + chrono::Duration::seconds(26)));
    assert!(effects.is_empty(), "sent once: {effects:?}");
}
