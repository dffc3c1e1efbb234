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
    // Nor per task.
    h.command("tasks prod-web api-gateway");
    h.advance(70);
    assert!(task_metric_queries(&h).is_empty(), "{:?}", h.fetched);
}

/// The AWS adapter over a mocked CloudWatch answering by `rule`, its clock 20 s into the
/// minute `now`.
fn mocked(rule: &Rule, now: i64) -> AwsBackend {
    let ecs: aws_sdk_ecs::Client = mock_client!(aws_sdk_ecs, RuleMode::MatchAny, &[] as &[&Rule]);
    let cw: Cw = mock_client!(aws_sdk_cloudwatch, RuleMode::MatchAny, &[rule]);
    let clock = ManualClock::fixed();
    clock.set(chrono::DateTime::from_timestamp(now + 20, 0).unwrap());
    AwsBackend::new(ecs, None, "mock".into(), ApiLog::new(Arc::new(clock))).with_metrics(cw)
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
    let b = mocked(&rule, now);
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

fn task_metric_queries(h: &Harness) -> Vec<(String, usize)> {
    h.fetched
        .iter()
        .filter_map(|q| match q {
            Query::TaskMetrics { cluster, tasks } => Some((cluster.clone(), tasks.len())),
            _ => None,
        })
        .collect()
}

#[test]
fn a_running_tasks_view_reads_its_tasks_figures_in_one_query_a_minute() {
    let mut h = Harness::new(200, 40);
    h.command("tasks prod-web api-gateway");
    h.advance(2);
    assert_eq!(
        task_metric_queries(&h),
        vec![("prod-web".to_string(), 6)],
        "one query for the service's six running tasks"
    );
    let screen = h.screen();
    assert!(
        screen.contains("CPU%") && screen.contains("MEM%"),
        "{screen}"
    );
    let rows: Vec<&str> = screen.lines().filter(|l| l.contains("RUNNING")).collect();
    assert_eq!(rows.len(), 6, "{screen}");
    for row in &rows {
        assert_eq!(row.matches('%').count(), 2, "cpu and memory of each: {row}");
    }
    h.advance(125);
    assert_eq!(
        task_metric_queries(&h).len(),
        3,
        "once a minute, not per task or per refresh"
    );
    // Stopped tasks have no figures to ask for.
    h.press(crossterm::event::KeyCode::Char('x'));
    assert!(
        matches!(
            h.app.view().kind,
            ecsdeck::app::view::ViewKind::Tasks {
                status: ecsdeck::model::TaskStatus::Stopped,
                ..
            }
        ),
        "{:?}",
        h.app.view().kind
    );
    let before = task_metric_queries(&h).len();
    h.advance(120);
    assert_eq!(task_metric_queries(&h).len(), before);
}

#[test]
fn a_cluster_without_container_insights_shows_a_dash_and_says_how_to_turn_it_on() {
    let mut h = Harness::new(200, 40);
    h.command("tasks prod-batch image-resizer");
    h.advance(2);
    assert_eq!(task_metric_queries(&h).len(), 1);
    let screen = h.screen();
    let row = screen
        .lines()
        .find(|l| l.contains("RUNNING"))
        .expect("a task row");
    assert!(!row.contains('%'), "no figures, no percentage: {row}");
    let said: Vec<String> = h.app.status.history().map(|m| m.text.clone()).collect();
    assert!(
        said.iter().any(|m| m.contains("prod-batch has no Container Insights, so no CPU%/MEM% per task")
            && m.contains(
                "aws ecs update-cluster-settings --cluster prod-batch --settings name=containerInsights,value=enhanced"
            )),
        "{said:?}"
    );
    // Said once, not at every read.
    h.advance(130);
    let again = h
        .app
        .status
        .history()
        .filter(|m| m.text.contains("has no Container Insights"))
        .count();
    assert_eq!(again, 1);
}

#[tokio::test]
async fn task_metrics_ask_container_insights_by_task_and_make_a_share_of_its_size() {
    use ecsdeck::model::TaskMetricKey;
    let now = 1_767_225_600;
    let rule = mock!(Cw::get_metric_data).then_compute_output(move |req| {
        let mut out = GetMetricDataOutput::builder();
        for q in req.metric_data_queries() {
            let id = q.id().unwrap_or_default();
            let metric = q.metric_stat().and_then(|s| s.metric()).expect("metric");
            assert_eq!(metric.namespace(), Some("ECS/ContainerInsights"));
            let dims: Vec<(String, String)> = metric
                .dimensions()
                .iter()
                .map(|d| {
                    (
                        d.name().unwrap_or_default().to_string(),
                        d.value().unwrap_or_default().to_string(),
                    )
                })
                .collect();
            let task = dims
                .iter()
                .find(|(n, _)| n == "TaskId")
                .map(|(_, v)| v.clone())
                .expect("a TaskId dimension");
            let group = &dims[1];
            if task == "ccc" {
                // Sized by its containers: 100 of 400 CPU units reserved, 256 of 1024 MiB.
                let v = match metric.metric_name().unwrap_or_default() {
                    "CpuUtilized" => 100.0,
                    "CpuReserved" => 400.0,
                    "MemoryUtilized" => 256.0,
                    "MemoryReserved" => 1024.0,
                    other => panic!("{other}"),
                };
                out = out.metric_data_results(result(id, &[(now - 60, v)]));
            } else if task == "aaa" {
                assert_eq!(group, &("ServiceName".to_string(), "api".to_string()));
                // 256 of 512 CPU units; 768 of 1024 MiB.
                let v = if metric.metric_name() == Some("CpuUtilized") {
                    256.0
                } else {
                    768.0
                };
                out = out.metric_data_results(result(id, &[(now - 60, v)]));
            } else {
                assert_eq!(
                    group,
                    &("TaskDefinitionFamily".to_string(), "migrate".to_string()),
                    "a task of no service is found by its family"
                );
                out = out.metric_data_results(result(id, &[]));
            }
        }
        out.build()
    });
    let b = mocked(&rule, now);
    let tasks = [
        TaskMetricKey {
            id: "aaa".into(),
            service: Some("api".into()),
            family: "api".into(),
            cpu: 512,
            memory: 1024,
        },
        TaskMetricKey {
            id: "bbb".into(),
            service: None,
            family: "migrate".into(),
            cpu: 256,
            memory: 512,
        },
        TaskMetricKey {
            id: "ccc".into(),
            service: Some("api".into()),
            family: "api".into(),
            cpu: 0,
            memory: 0,
        },
    ];
    let m = b.task_metrics("prod", &tasks).await.expect("metrics");
    assert_eq!(
        rule.num_calls(),
        2,
        "every task in one call, and one for what the unsized task reserved"
    );
    assert_eq!(m.requested, 8);
    let c = &m.services["ccc"];
    assert_eq!(c.cpu[METRIC_MINUTES - 1], Some(25.0));
    assert_eq!(c.memory[METRIC_MINUTES - 1], Some(25.0));
    let a = &m.services["aaa"];
    assert_eq!(a.cpu[METRIC_MINUTES - 1], Some(50.0));
    assert_eq!(a.memory[METRIC_MINUTES - 1], Some(75.0));
    assert!(
        !m.services.contains_key("bbb"),
        "no points: no figures (Container Insights off), not 0"
    );
}

/// The fg colour of the first cell of `column` on the row that contains `row`.
fn cell_fg(h: &Harness, row: &str, column: &str) -> ratatui::style::Color {
    let buf = h.draw();
    let text = ecsdeck::harness::buffer_text(&buf);
    let lines: Vec<&str> = text.lines().collect();
    let header = lines
        .iter()
        .position(|l| l.contains(column) && l.contains("NAME"))
        .expect("the header row");
    let y = lines.iter().position(|l| l.contains(row)).expect("the row") as u16;
    // The column's cells start where its title does (right-aligned ones end where it ends).
    let chars: Vec<char> = lines[header].chars().collect();
    let title: Vec<char> = column.chars().collect();
    let x = (0..chars.len())
        .find(|&i| chars[i..].starts_with(&title))
        .expect("the column") as u16;
    buf[(x + 1, y)].fg
}

#[test]
fn a_figure_at_a_high_level_is_coloured_by_it() {
    let mut h = Harness::new(200, 40);
    h.command("svc prod-web");
    h.advance(2);
    // The crash loop's memory climbs to 98% within seven minutes: wait for its top.
    let mut seen = false;
    for _ in 0..8 {
        let mem = h.app.metrics.get("prod-web").and_then(|m| {
            ecsdeck::model::ServiceMetrics::last(&m.services["notification-worker"].memory)
        });
        if mem.is_some_and(|m| m >= 90.0) {
            seen = true;
            break;
        }
        h.advance(61);
    }
    assert!(seen, "notification-worker's memory reached 90%");
    // Not on the cursor's row (it keeps its own colours).
    h.press(crossterm::event::KeyCode::Char('g'));
    let theme = h.app.theme.clone();
    assert_eq!(cell_fg(&h, "notification-worker", "MEM"), theme.error);
    let cpu = h.app.metrics["prod-web"].services["notification-worker"]
        .cpu
        .clone();
    let cpu = ecsdeck::model::ServiceMetrics::last(&cpu).expect("a cpu figure");
    assert!(cpu < 75.0, "{cpu}");
    assert_ne!(
        cell_fg(&h, "notification-worker", "CPU"),
        theme.error,
        "a low figure is not"
    );
}

#[test]
fn a_task_that_stops_does_not_ask_its_neighbours_figures_again() {
    let mut h = Harness::new(200, 40);
    // The crash loop: tasks stop and start every minute or so.
    h.command("tasks prod-web notification-worker");
    h.advance(2);
    h.advance(240);
    let sets: Vec<Vec<String>> = h
        .fetched
        .iter()
        .filter_map(|q| match q {
            Query::TaskMetrics { tasks, .. } => Some(tasks.iter().map(|t| t.id.clone()).collect()),
            _ => None,
        })
        .collect();
    assert!(sets.len() >= 2, "{sets:?}");
    for pair in sets.windows(2) {
        let (old, new) = (&pair[0], &pair[1]);
        assert!(
            new == old || new.iter().any(|t| !old.contains(t)),
            "asked again only for a task it had not asked about: {old:?} → {new:?}"
        );
    }
}

/// CPU names of the services view's rows, top to bottom, with their CPU figure.
fn cpu_order(screen: &str) -> Vec<(String, f64)> {
    let re = regex::Regex::new(r"│\s*([a-z][a-z0-9-]+)\s.*?\s(\d+)% ").unwrap();
    screen
        .lines()
        .filter_map(|l| {
            let c = re.captures(l)?;
            Some((c[1].to_string(), c[2].parse().ok()?))
        })
        .collect()
}

#[test]
fn the_services_view_sorts_by_cpu_from_the_metrics_and_again_when_they_change() {
    let mut h = Harness::new(200, 40);
    h.command("svc prod-web");
    h.advance(2);
    for _ in 0..20 {
        if h.screen().contains("CPU↑") {
            break;
        }
        h.press(crossterm::event::KeyCode::Char('>'));
    }
    let screen = h.screen();
    assert!(screen.contains("CPU↑"), "{screen}");
    let up = cpu_order(&screen);
    assert_eq!(up.len(), 5, "{screen}");
    assert!(
        up.windows(2).all(|w| w[0].1 <= w[1].1),
        "lowest CPU first: {up:?}"
    );
    let mut names: Vec<&str> = up.iter().map(|(n, _)| n.as_str()).collect();
    let by_cpu = names.clone();
    names.sort_unstable();
    assert_ne!(
        by_cpu, names,
        "the CPU order is not the name order here: {up:?}"
    );
    h.press(crossterm::event::KeyCode::Char('S'));
    let screen = h.screen();
    assert!(screen.contains("CPU↓"), "{screen}");
    let down = cpu_order(&screen);
    assert!(
        down.windows(2).all(|w| w[0].1 >= w[1].1),
        "busiest first: {down:?}"
    );
    // Later minutes bring other figures: the order follows them.
    for _ in 0..10 {
        h.advance(60);
        let now = cpu_order(&h.screen());
        assert!(
            now.windows(2).all(|w| w[0].1 >= w[1].1),
            "still busiest first: {now:?}"
        );
    }
}

/// At 80 columns CPU and MEM do not fit: sorted by one of them, the title says so.
#[test]
fn a_sort_column_the_width_leaves_out_is_named_in_the_title() {
    let mut h = Harness::new(80, 24);
    h.command("svc prod-web");
    h.advance(2);
    assert!(!h.screen().contains(" by "), "{}", h.screen());
    for _ in 0..20 {
        if h.screen().contains("by CPU↑") {
            break;
        }
        h.press(crossterm::event::KeyCode::Char('>'));
    }
    let screen = h.screen();
    let title = screen
        .lines()
        .find(|l| l.contains("services(prod-web)"))
        .expect("the title");
    assert!(title.contains("by CPU↑"), "{screen}");
    let header = screen
        .lines()
        .find(|l| l.contains("NAME"))
        .expect("the header");
    assert!(
        !header.contains("CPU"),
        "the column itself is not shown: {screen}"
    );
    h.press(crossterm::event::KeyCode::Char('S'));
    assert!(h.screen().contains("by CPU↓"), "{}", h.screen());
}
