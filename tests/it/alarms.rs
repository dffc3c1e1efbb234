//! CloudWatch alarms: `:alarms` lists every alarm worst first with its state reason, Enter opens
//! the service it names; `:pulse` shows those in ALARM that name a cluster on screen (not auto
//! scaling's own target tracking alarms). On the AWS adapter: every page of DescribeAlarms, the
//! cluster and service read from the dimensions, AccessDenied said in pulse as the action it is.
//! And the simulator's target tracking scaling checkout out and back in around a deployment.

use aws_sdk_cloudwatch::operation::describe_alarms::DescribeAlarmsOutput;
use aws_sdk_cloudwatch::types::{Dimension, MetricAlarm, StateValue};
use aws_sdk_cloudwatch::Client as Cw;
use aws_smithy_mocks::{mock, mock_client, Rule, RuleMode};
use ecsdeck::app::view::ViewKind;
use ecsdeck::backend::api_log::ApiLog;
use ecsdeck::backend::aws::AwsBackend;
use ecsdeck::backend::EcsRead;
use ecsdeck::clock::ManualClock;
use ecsdeck::harness::Harness;
use ecsdeck::model::{Query, TaskScope};
use std::sync::Arc;

#[test]
fn alarms_list_worst_first_and_enter_opens_the_service() {
    let mut h = Harness::new(200, 40);
    h.command("alarms");
    h.advance(90);
    let screen = h.screen();
    let rows: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains("ALARM") || l.contains("OK") || l.contains("NO DATA"))
        .skip(1)
        .collect();
    let first = rows.first().unwrap_or_else(|| panic!("{screen}"));
    assert!(
        first.trim_start_matches('│').starts_with("ALARM"),
        "worst first: {screen}"
    );
    let states: Vec<&str> = rows
        .iter()
        .filter_map(|l| l.trim_start_matches('│').split_whitespace().next())
        .collect();
    let rank = |s: &str| match s {
        "ALARM" => 0,
        "NO" => 1,
        _ => 2,
    };
    assert!(
        states.windows(2).all(|w| rank(w[0]) <= rank(w[1])),
        "{states:?}"
    );
    assert!(
        screen.contains("prod-web-notification-worker-task-exits"),
        "{screen}"
    );
    // The cursor stays on the row it was on while rows reorder: filter to the alarm, as a
    // user would, and open it.
    h.press(crossterm::event::KeyCode::Char('/'));
    h.type_text("task-exits");
    h.press(crossterm::event::KeyCode::Enter);
    h.press(crossterm::event::KeyCode::Enter);
    match &h.app.view().kind {
        ViewKind::Tasks {
            cluster,
            scope: TaskScope::Service(s),
            ..
        } => {
            assert_eq!(
                (cluster.as_str(), s.as_str()),
                ("prod-web", "notification-worker"),
                "{screen}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn pulse_shows_alarms_in_alarm_but_not_auto_scalings_own() {
    let mut h = Harness::new(200, 40);
    h.advance(90);
    h.command("pulse");
    h.advance(3);
    let screen = h.screen();
    let alarm = screen
        .lines()
        .find(|l| l.contains("alarm ") && l.contains("task-exits"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(alarm.contains("notification-worker"), "{alarm}");
    assert!(alarm.contains("Threshold Crossed"), "the reason: {alarm}");
    assert!(
        !screen.contains("TargetTracking-"),
        "the low-CPU alarm of a scalable service is not an incident: {screen}"
    );
}

#[test]
fn target_tracking_scales_checkout_out_during_a_deployment_and_back_in() {
    let mut h = Harness::new(200, 40);
    h.command("svc prod-web");
    let desired = |h: &Harness| {
        h.app
            .view()
            .rows::<ecsdeck::model::Service>()
            .and_then(|t| t.items().find(|s| s.name == "checkout").map(|s| s.desired))
    };
    h.advance(5);
    assert_eq!(desired(&h), Some(4));
    h.advance(6 * 60);
    assert_eq!(
        desired(&h),
        Some(6),
        "scaled out while the new tasks warm up"
    );
    h.advance(10 * 60);
    assert_eq!(desired(&h), Some(4), "and back in");
    h.command("scaling prod-web checkout");
    h.advance(2);
    let screen = h.screen();
    assert!(screen.contains("desired count → 6"), "{screen}");
    assert!(
        screen.contains("checkout-AlarmHigh in state ALARM"),
        "{screen}"
    );
    assert!(
        screen.contains("checkout-AlarmLow in state ALARM"),
        "{screen}"
    );
}

fn alarm(name: &str, state: StateValue, dims: &[(&str, &str)]) -> MetricAlarm {
    let mut a = MetricAlarm::builder()
        .alarm_name(name)
        .alarm_arn(format!("arn:aws:cloudwatch:us-east-1:1:alarm:{name}"))
        .state_value(state)
        .state_reason("Threshold Crossed")
        .namespace("AWS/ECS")
        .metric_name("CPUUtilization");
    for (n, v) in dims {
        a = a.dimensions(Dimension::builder().name(*n).value(*v).build());
    }
    a.build()
}

fn backend(rules: &[&Rule]) -> AwsBackend {
    let ecs: aws_sdk_ecs::Client = mock_client!(aws_sdk_ecs, RuleMode::MatchAny, &[] as &[&Rule]);
    let cw: Cw = mock_client!(aws_sdk_cloudwatch, RuleMode::MatchAny, rules);
    AwsBackend::new(
        ecs,
        None,
        "mock".into(),
        ApiLog::new(Arc::new(ManualClock::fixed())),
    )
    .with_metrics(cw)
}

#[tokio::test]
async fn describe_alarms_reads_every_page_and_names_cluster_and_service() {
    let pages = mock!(Cw::describe_alarms).then_compute_output(|req| {
        assert_eq!(req.state_value(), Some(&StateValue::Alarm));
        match req.next_token() {
            None => DescribeAlarmsOutput::builder()
                .metric_alarms(alarm(
                    "web-cpu",
                    StateValue::Alarm,
                    &[("ClusterName", "prod"), ("ServiceName", "web")],
                ))
                .next_token("p2")
                .build(),
            Some(_) => DescribeAlarmsOutput::builder()
                .metric_alarms(alarm(
                    "prod-memory",
                    StateValue::Alarm,
                    &[("ClusterName", "prod")],
                ))
                .metric_alarms(alarm(
                    "rds-cpu",
                    StateValue::Alarm,
                    &[("DBInstanceIdentifier", "db1")],
                ))
                .build(),
        }
    });
    let b = backend(&[&pages]);
    let alarms = b.alarms(Some("ALARM")).await.expect("alarms");
    assert_eq!(pages.num_calls(), 2, "every page");
    assert_eq!(alarms.len(), 3);
    assert_eq!(alarms[0].cluster.as_deref(), Some("prod"));
    assert_eq!(alarms[0].service.as_deref(), Some("web"));
    assert_eq!(alarms[1].service, None);
    assert_eq!(alarms[2].cluster, None, "an alarm on something else");
}

#[test]
fn pulse_on_an_account_whose_alarms_cannot_be_read_says_which_action() {
    let denied = mock!(Cw::describe_alarms).then_error(|| {
        aws_sdk_cloudwatch::operation::describe_alarms::DescribeAlarmsError::generic(
            aws_smithy_types::error::ErrorMetadata::builder()
                .code("AccessDenied")
                .message("not authorized to perform: cloudwatch:DescribeAlarms")
                .build(),
        )
    });
    let list = mock!(aws_sdk_ecs::Client::list_clusters).then_output(|| {
        aws_sdk_ecs::operation::list_clusters::ListClustersOutput::builder().build()
    });
    let ecs: aws_sdk_ecs::Client = mock_client!(aws_sdk_ecs, RuleMode::MatchAny, &[&list]);
    let cw: Cw = mock_client!(aws_sdk_cloudwatch, RuleMode::MatchAny, &[&denied]);
    let b = AwsBackend::new(
        ecs,
        None,
        "mock".into(),
        ApiLog::new(Arc::new(ManualClock::fixed())),
    )
    .with_metrics(cw);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let payload = rt
        .block_on(ecsdeck::backend::fetch(
            &b,
            &Query::Pulse { scopes: vec![] },
        ))
        .expect("pulse");
    match payload {
        ecsdeck::model::Payload::Pulse(data) => assert!(
            data.failures
                .iter()
                .any(|f| f == "alarms not shown: cloudwatch:DescribeAlarms is not allowed"),
            "{:?}",
            data.failures
        ),
        other => panic!("{other:?}"),
    }
}
