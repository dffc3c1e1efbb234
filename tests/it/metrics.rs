//! Service CPU and memory: one GetMetricData query for every service of the view, once a
//! minute while the view is on screen, the figures in the CPU and MEM columns; "–" where there is
//! no data point; off with `metrics = false`; on the AWS adapter, 500 metrics a call at most and
//! the points placed in their minute.

use aws_sdk_cloudwatch::operation::get_metric_data::GetMetricDataOutput;
use aws_sdk_cloudwatch::primitives::DateTime;
use aws_sdk_cloudwatch::types::MetricDataResult;
use aws_sdk_cloudwatch::Client as Cw;
use aws_smithy_mocks::{mock, mock_client, Rule, RuleMode};
use ecsdeck::backend::api_log::ApiLog;
use ecsdeck::backend::aws::AwsBackend;
use ecsdeck::backend::EcsRead;
use ecsdeck::clock::ManualClock;
use ecsdeck::harness::Harness;
use ecsdeck::model::{Query, METRIC_MINUTES};
use std::sync::Arc;

fn metric_queries(h: &Harness) -> usize {
    h.fetched
        .iter()
        .filter(|q| matches!(q, Query::ServiceMetrics { .. }))
        .count()
}

#[test]
fn the_services_view_reads_every_services_metrics_in_one_query_a_minute() {
    let mut h = Harness::new(200, 40);
    h.command("svc prod-web");
    h.advance(2);
    assert_eq!(metric_queries(&h), 1, "{:?}", h.fetched);
    match h
        .fetched
        .iter()
        .find(|q| matches!(q, Query::ServiceMetrics { .. }))
    {
        Some(Query::ServiceMetrics { cluster, services }) => {
            assert_eq!(cluster, "prod-web");
            assert_eq!(
                services,
                &[
                    "api-gateway",
                    "checkout",
                    "notification-worker",
                    "search",
                    "web-frontend"
                ]
            );
        }
        other => panic!("{other:?}"),
    }
    let screen = h.screen();
    assert!(screen.contains("CPU") && screen.contains("MEM"), "{screen}");
    let row = screen
        .lines()
        .find(|l| l.contains("api-gateway"))
        .expect("the row");
    assert!(
        row.matches('%').count() == 2,
        "cpu and memory figures: {row}"
    );
    h.advance(125);
    assert_eq!(
        metric_queries(&h),
        3,
        "once a minute, not per service or per refresh"
    );
    let calls = h
        .backend
        .api_log()
        .iter()
        .filter(|c| c.operation == "GetMetricData")
        .count();
    assert_eq!(calls, 3);
    // Off the services view: no metrics read.
    h.command("tasks prod-web");
    h.advance(120);
    assert_eq!(metric_queries(&h), 3);
}

#[test]
fn metrics_off_reads_none_and_shows_a_dash() {
    let mut h = Harness::new(200, 40);
    h.app.metrics_on = false;
    h.command("svc prod-web");
    h.advance(70);
    assert_eq!(metric_queries(&h), 0);
    let screen = h.screen();
    let row = screen
        .lines()
        .find(|l| l.contains("api-gateway"))
        .expect("the row");
    assert!(!row.contains('%'), "{row}");
}

fn result(id: &str, points: &[(i64, f64)]) -> MetricDataResult {
    let mut r = MetricDataResult::builder().id(id);
    for (t, v) in points {
        r = r.timestamps(DateTime::from_secs(*t)).values(*v);
    }
    r.build()
}

#[tokio::test]
async fn get_metric_data_asks_500_metrics_a_call_and_places_each_point() {
    let now = 1_767_225_600; // a whole minute
    let rule = mock!(Cw::get_metric_data).then_compute_output(move |req| {
        let queries = req.metric_data_queries();
        assert!(queries.len() <= 500, "at most 500 metrics a call");
        let mut out = GetMetricDataOutput::builder();
        for q in queries {
            let id = q.id().unwrap_or_default();
            let stat = q.metric_stat().expect("a metric");
            assert_eq!(stat.period(), Some(60));
            let metric = stat.metric().expect("metric");
            assert_eq!(metric.namespace(), Some("AWS/ECS"));
            // Service 0 has two CPU points; every other series is empty.
            if id == "m0_0" {
                out = out.metric_data_results(result(id, &[(now - 120, 40.0), (now - 60, 55.5)]));
            } else {
                out = out.metric_data_results(result(id, &[]));
            }
        }
        out.build()
    });
    let ecs: aws_sdk_ecs::Client = mock_client!(aws_sdk_ecs, RuleMode::MatchAny, &[] as &[&Rule]);
    let cw: Cw = mock_client!(aws_sdk_cloudwatch, RuleMode::MatchAny, &[&rule]);
    let clock = ManualClock::fixed();
    clock.set(chrono::DateTime::from_timestamp(now + 20, 0).unwrap());
    let b =
        AwsBackend::new(ecs, None, "mock".into(), ApiLog::new(Arc::new(clock))).with_metrics(cw);
    let names: Vec<String> = (0..300).map(|i| format!("svc-{i:03}")).collect();
    let m = b.service_metrics("big", &names).await.expect("metrics");
    assert_eq!(rule.num_calls(), 2, "600 metrics: two calls, not 300");
    assert_eq!(m.requested, 600);
    let first = &m.services["svc-000"];
    assert_eq!(first.cpu.len(), METRIC_MINUTES);
    assert_eq!(first.cpu[METRIC_MINUTES - 1], Some(55.5));
    assert_eq!(first.cpu[METRIC_MINUTES - 2], Some(40.0));
    assert_eq!(
        first.memory.iter().flatten().count(),
        0,
        "no points: no values, not 0"
    );
}
