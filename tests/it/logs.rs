//! Logs: stream names from task definitions, the simulator's lines, the buffer (bound, merge,
//! search, filter, scrolling), duplicates across polling overlaps, and the view end to end on the
//! simulated account.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ecsdeck::app::logs::{clean, LogView};
use ecsdeck::app::{Mode, Msg};
use ecsdeck::backend::EcsRead;
use ecsdeck::harness::Harness;
use ecsdeck::model::{
    log_sources, Container, ContainerDefinition, LogConfiguration, LogEvent, LogMode, LogScope,
    LogSource, LogStart, Task, TaskDefinition, TaskScope, TaskStatus,
};
use ecsdeck::sync::logs::Dedup;
use std::collections::BTreeMap;

fn container(name: &str, runtime: Option<&str>) -> Container {
    Container {
        name: name.into(),
        image: None,
        last_status: "RUNNING".into(),
        exit_code: None,
        health: None,
        reason: None,
        task_arn: String::new(),
        runtime_id: runtime.map(str::to_string),
        managed_agents: Vec::new(),
    }
}

fn task(containers: Vec<Container>) -> Task {
    Task {
        task_definition_arn: "arn:aws:ecs:eu-west-1:111122223333:task-definition/app:3".into(),
        group: Some("service:app".into()),
        containers,
        ..crate::common::bare_task(
            "arn:aws:ecs:eu-west-1:111122223333:task/prod/0123456789abcdef0123456789abcdef",
        )
    }
}

fn def(name: &str, driver: Option<(&str, &[(&str, &str)])>) -> ContainerDefinition {
    ContainerDefinition {
        name: name.into(),
        image: "img".into(),
        essential: true,
        log_configuration: driver.map(|(d, opts)| LogConfiguration {
            driver: d.into(),
            options: opts
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<BTreeMap<_, _>>(),
        }),
        ..Default::default()
    }
}

fn taskdef(containers: Vec<ContainerDefinition>) -> TaskDefinition {
    TaskDefinition {
        arn: "arn:aws:ecs:eu-west-1:111122223333:task-definition/app:3".into(),
        family: "app".into(),
        revision: 3,
        containers,
        ..Default::default()
    }
}

const TASK_ID: &str = "0123456789abcdef0123456789abcdef";

#[test]
fn streams_are_derived_from_the_awslogs_options_of_each_container() {
    let awslogs: &[(&str, &str)] = &[
        ("awslogs-group", "/ecs/app"),
        ("awslogs-stream-prefix", "web"),
    ];
    let envoy: &[(&str, &str)] = &[
        ("awslogs-group", "/ecs/mesh"),
        ("awslogs-stream-prefix", "envoy"),
        ("awslogs-region", "us-west-2"),
    ];
    let d = taskdef(vec![
        def("app", Some(("awslogs", awslogs))),
        def("envoy", Some(("awslogs", envoy))),
    ]);
    let t = task(vec![container("app", None), container("envoy", None)]);
    let sources = log_sources(&t, &d, None);
    let streams: Vec<(String, String, String)> = sources
        .iter()
        .map(|s| match s {
            LogSource::Stream(r) => (r.group.clone(), r.stream.clone(), r.group_arn.clone()),
            other => panic!("expected a stream, got {other:?}"),
        })
        .collect();
    assert_eq!(
        streams,
        [
            (
                "/ecs/app".to_string(),
                format!("web/app/{TASK_ID}"),
                "arn:aws:logs:eu-west-1:111122223333:log-group:/ecs/app".to_string()
            ),
            (
                "/ecs/mesh".to_string(),
                format!("envoy/envoy/{TASK_ID}"),
                "arn:aws:logs:us-west-2:111122223333:log-group:/ecs/mesh".to_string()
            ),
        ]
    );
    // One container only.
    let only = log_sources(&t, &d, Some("envoy"));
    assert_eq!(only.len(), 1);
    assert!(matches!(&only[0], LogSource::Stream(r) if r.container == "envoy"));
}

#[test]
fn without_a_prefix_the_stream_is_the_container_id_once_known() {
    let opts: &[(&str, &str)] = &[("awslogs-group", "/ecs/app")];
    let d = taskdef(vec![def("app", Some(("awslogs", opts)))]);
    let started = task(vec![container("app", Some("d0c4e1f2a3b4"))]);
    match &log_sources(&started, &d, None)[0] {
        LogSource::Stream(r) => assert_eq!(r.stream, "d0c4e1f2a3b4"),
        other => panic!("{other:?}"),
    }
    let pending = task(vec![container("app", None)]);
    match &log_sources(&pending, &d, None)[0] {
        LogSource::Unavailable { why, .. } => assert!(why.contains("stream prefix"), "{why}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn other_log_drivers_get_a_clear_message() {
    let d = taskdef(vec![
        def("a", Some(("awsfirelens", &[]))),
        def("b", Some(("splunk", &[]))),
        def("c", Some(("none", &[]))),
        def("d", None),
        def("e", Some(("awslogs", &[("awslogs-stream-prefix", "x")]))),
    ]);
    let t = task(Vec::new());
    let whys: Vec<String> = log_sources(&t, &d, None)
        .into_iter()
        .map(|s| match s {
            LogSource::Unavailable { why, .. } => why,
            other => panic!("{other:?}"),
        })
        .collect();
    assert!(whys[0].contains("FireLens"), "{}", whys[0]);
    assert!(whys[1].contains("splunk"), "{}", whys[1]);
    assert!(whys[2].contains("none"), "{}", whys[2]);
    assert!(whys[3].contains("no log configuration"), "{}", whys[3]);
    assert!(whys[4].contains("awslogs-group"), "{}", whys[4]);
}

fn ev(ts: i64, stream: &str, text: &str) -> LogEvent {
    LogEvent {
        id: String::new(),
        timestamp: ts,
        ingested: None,
        group: "/g".into(),
        stream: stream.into(),
        message: text.into(),
    }
}

fn view(cap: usize) -> LogView {
    LogView::new(
        1,
        LogScope::Service {
            cluster: "c".into(),
            service: "s".into(),
        },
        LogStart::Last(500),
        cap,
    )
}

#[test]
fn late_lines_are_merged_into_time_order() {
    let mut v = view(100);
    v.append(vec![ev(10, "a/x/1", "one"), ev(30, "a/x/1", "three")]);
    v.append(vec![ev(20, "a/x/2", "two"), ev(40, "a/x/2", "four")]);
    let texts: Vec<&str> = v.lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts, ["one", "two", "three", "four"]);
    let ts: Vec<i64> = v.lines.iter().map(|l| l.ts).collect();
    assert!(ts.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(v.sources.len(), 2, "two streams, two tags");
}

#[test]
fn the_bound_holds_and_search_and_filter_counts_follow_it() {
    let mut v = view(1_000);
    v.set_search("error").unwrap();
    v.set_filter("error").unwrap();
    for batch in 0..100 {
        let events = (0..100)
            .map(|i| {
                let n = batch * 100 + i;
                let text = if n % 10 == 0 {
                    "ERROR boom"
                } else {
                    "INFO fine"
                };
                ev(n as i64, "p/c/t", text)
            })
            .collect();
        v.append(events);
    }
    assert_eq!(v.lines.len(), 1_000);
    assert_eq!(v.dropped, 9_000);
    assert_eq!(v.search_hits, 100, "one in ten of the kept lines");
    assert_eq!(v.shown.len(), 100);
    assert!(v.shown.iter().all(|&s| s >= v.dropped));
    assert_eq!(v.lines.front().map(|l| l.ts), Some(9_000));
}

#[test]
fn scrolling_up_pauses_and_end_resumes() {
    let mut v = view(1_000);
    v.rows = 10;
    v.append(
        (0..100)
            .map(|n| ev(n, "p/c/t", &format!("line {n}")))
            .collect(),
    );
    assert_eq!(v.visible(10, 80).last(), Some(&99), "following the newest");
    v.scroll_by(-5);
    assert!(v.top.is_some(), "paused");
    let before = v.visible(10, 80);
    v.append((100..120).map(|n| ev(n, "p/c/t", "more")).collect());
    assert_eq!(
        v.visible(10, 80),
        before,
        "the screen stays put while paused"
    );
    assert_eq!(v.unseen, 20);
    v.resume();
    assert_eq!(v.visible(10, 80).last(), Some(&119));
}

#[test]
fn search_jumps_between_matches_and_filter_shows_only_them() {
    let mut v = view(1_000);
    v.rows = 5;
    v.append(
        (0..50)
            .map(|n| {
                let t = if n == 7 || n == 30 {
                    "ERROR here"
                } else {
                    "ok"
                };
                ev(n, "p/c/t", t)
            })
            .collect(),
    );
    v.to_top();
    v.set_search("error").unwrap();
    assert_eq!(v.search_hits, 2);
    assert_eq!(v.top, Some(7));
    v.jump(true);
    assert_eq!(v.top, Some(30));
    v.jump(true);
    assert_eq!(v.top, Some(7), "wraps around");
    v.jump(false);
    assert_eq!(v.top, Some(30));
    assert!(
        v.set_search("(unclosed").is_err(),
        "a bad regex is an error"
    );
    v.set_filter("error").unwrap();
    v.resume();
    assert_eq!(v.visible(5, 80), [7, 30]);
    v.set_filter("").unwrap();
    assert_eq!(v.visible(5, 80).len(), 5);
}

#[test]
fn wrapped_lines_take_several_rows() {
    let mut v = view(100);
    v.timestamps = false;
    v.append(vec![
        ev(1, "p/c/t", &"x".repeat(50)),
        ev(2, "p/c/t", "short"),
    ]);
    assert_eq!(v.visible(2, 20), [0, 1], "not wrapped: a row each");
    v.wrap = true;
    assert_eq!(v.visible(2, 20), [1], "wrapped: the long line needs 3 rows");
    assert_eq!(v.visible(4, 20), [0, 1]);
}

#[test]
fn terminal_escapes_in_log_text_never_reach_the_terminal() {
    assert_eq!(clean("\u{1b}[31mERROR\u{1b}[0m red"), "ERROR red");
    assert_eq!(clean("a\tb"), "a    b");
    assert_eq!(clean("bell\u{7}"), "bell·");
    assert_eq!(clean("plain"), "plain");
    let mut v = view(10);
    v.append(vec![ev(1, "p/c/t", "first\nsecond")]);
    assert_eq!(v.lines.len(), 2, "a multi-line event is several lines");
}

/// Defect: a URL with credentials in a log line (an app echoing its DATABASE_URL) was shown and
/// saved as it was.
#[test]
fn credentials_in_urls_in_log_lines_are_masked_before_they_are_kept() {
    let mut v = view(10);
    v.append(vec![ev(
        1,
        "p/c/t",
        "connecting to postgres://app:hunter2@db:5432/orders?sslmode=require",
    )]);
    let text = &v.lines.back().expect("a line").text;
    assert_eq!(
        text,
        "connecting to postgres://app:****@db:5432/orders?sslmode=require"
    );
    assert!(!text.contains("hunter2"));
}

#[test]
fn overlapping_reads_give_no_duplicates_with_or_without_event_ids() {
    let mut d = Dedup::default();
    let with_id = |id: &str, ts: i64, text: &str| LogEvent {
        id: id.into(),
        ..ev(ts, "p/c/t", text)
    };
    // The first read (GetLogEvents: no ids), then polls (FilterLogEvents: ids) that overlap it.
    let first = d.accept(vec![ev(1, "p/c/t", "a"), ev(2, "p/c/t", "b")]);
    assert_eq!(first.len(), 2);
    let poll = d.accept(vec![
        with_id("e1", 1, "a"),
        with_id("e2", 2, "b"),
        with_id("e3", 3, "c"),
    ]);
    assert_eq!(
        poll.iter().map(|e| e.message.as_str()).collect::<Vec<_>>(),
        ["c"]
    );
    let again = d.accept(vec![with_id("e3", 3, "c"), with_id("e4", 3, "c")]);
    // e4 is another event with the same time and text: it is a separate line in the stream, but
    // the same text at the same instant in one stream is indistinguishable from a repeat read.
    assert!(again.is_empty(), "{again:?}");
    assert_eq!(d.newest, Some(3));
}

#[test]
fn the_crash_loop_says_why_it_dies() {
    let mut h = Harness::new(120, 40);
    h.advance(240);
    let stopped = futures::executor::block_on(h.backend.tasks(
        "prod-web",
        &TaskScope::Service("notification-worker".into()),
        TaskStatus::Stopped,
    ))
    .unwrap()
    .items;
    let crashed = stopped
        .iter()
        .find(|t| t.exit_code().is_some_and(|c| c != 0) && t.started_at.is_some())
        .expect("a crashed task");
    let stream = format!("ecs/notification-worker/{}", crashed.id());
    let lines = futures::executor::block_on(h.backend.log_tail(
        "/ecs/prod-web/notification-worker",
        &stream,
        20,
    ))
    .expect("the crashed task's stream");
    let last = lines.last().expect("lines").message.clone();
    assert!(last.starts_with("FATAL"), "{last}");
    let code = crashed.exit_code().unwrap();
    assert!(
        last.contains(&code.to_string()) || code == 1,
        "{last} / {code}"
    );
    assert!(
        lines.iter().any(|l| l.message.starts_with("ERROR")),
        "an error before the crash: {lines:?}"
    );
    // A stream that no task writes is not found.
    assert!(futures::executor::block_on(h.backend.log_tail(
        "/ecs/prod-web/notification-worker",
        "ecs/notification-worker/nosuchtask",
        20
    ))
    .is_err());
}

#[test]
fn the_simulated_logs_are_the_same_however_they_are_read() {
    let h = Harness::new(120, 40);
    let tasks = futures::executor::block_on(h.backend.tasks(
        "prod-web",
        &TaskScope::Service("checkout".into()),
        TaskStatus::Running,
    ))
    .unwrap()
    .items;
    let t = tasks
        .iter()
        .find(|t| t.started_at.is_some())
        .expect("a running task");
    let stream = format!("ecs/checkout/{}", t.id());
    let group = "/ecs/prod-web/checkout";
    let tail = futures::executor::block_on(h.backend.log_tail(group, &stream, 50)).unwrap();
    assert_eq!(tail.len(), 50);
    let from = tail[0].timestamp;
    let window = futures::executor::block_on(h.backend.log_events(
        group,
        std::slice::from_ref(&stream),
        from,
        10_000,
    ))
    .unwrap();
    assert_eq!(window, tail, "GetLogEvents and FilterLogEvents agree");
}

fn key(h: &mut Harness, code: KeyCode) {
    h.press(code);
}

fn command(h: &mut Harness, line: &str) {
    h.press(KeyCode::Char(':'));
    h.type_text(line);
    h.press(KeyCode::Enter);
}

fn logs(h: &Harness) -> &LogView {
    match &h.app.mode {
        Mode::Logs(v) => v,
        other => panic!("not in the logs view: {other:?}"),
    }
}

#[test]
fn a_service_shows_all_its_tasks_interleaved_and_follows_new_lines() {
    let mut h = Harness::new(120, 40);
    command(&mut h, "svc prod-web");
    // api-gateway is the first row.
    key(&mut h, KeyCode::Char('l'));
    let v = logs(&h);
    let tasks: std::collections::BTreeSet<&str> =
        v.sources.iter().map(|s| s.task_id.as_str()).collect();
    assert_eq!(tasks.len(), 6, "six running tasks: {tasks:?}");
    assert_eq!(v.lines.len(), 500, "the last 500 lines");
    let ts: Vec<i64> = v.lines.iter().map(|l| l.ts).collect();
    assert!(ts.windows(2).all(|w| w[0] <= w[1]), "in time order");
    let distinct: std::collections::BTreeSet<u16> = v.lines.iter().map(|l| l.source).collect();
    assert!(distinct.len() >= 6, "lines of every task and container");
    let newest = *ts.last().unwrap();
    let screen = h.screen();
    assert!(screen.contains("logs(service api-gateway)"), "{screen}");
    assert!(
        screen.contains("/envoy"),
        "tags name the container: {screen}"
    );
    // No table refresh under the logs.
    let fetched = h.fetched.len();
    h.advance(10);
    assert_eq!(h.fetched.len(), fetched, "the covered table is not polled");
    let v = logs(&h);
    assert!(v.lines.back().unwrap().ts > newest, "new lines arrived");
    // The sync layer's reader follows the demo account with a live tail, as the console does.
    assert_eq!(v.feed.mode, LogMode::Live);
    let ts: Vec<i64> = v.lines.iter().map(|l| l.ts).collect();
    assert!(ts.windows(2).all(|w| w[0] <= w[1]));
    // No duplicates across the polls' overlap.
    let mut seen = std::collections::HashSet::new();
    for l in &v.lines {
        assert!(
            seen.insert((l.ts, l.source, l.text.clone())),
            "duplicate {l:?}"
        );
    }
    // Paused: no more lines.
    key(&mut h, KeyCode::Char('f'));
    let n = logs(&h).lines.len();
    h.advance(10);
    assert_eq!(logs(&h).lines.len(), n);
    assert_eq!(logs(&h).feed.mode, LogMode::Paused);
    // Following again picks up where it stopped, with nothing twice.
    key(&mut h, KeyCode::Char('f'));
    h.advance(4);
    let v = logs(&h);
    assert!(v.lines.len() > n);
    let mut seen = std::collections::HashSet::new();
    for l in &v.lines {
        assert!(
            seen.insert((l.ts, l.source, l.text.clone())),
            "duplicate {l:?}"
        );
    }
    // Esc closes, and the table is refreshed again.
    let fetched = h.fetched.len();
    key(&mut h, KeyCode::Esc);
    assert!(matches!(h.app.mode, Mode::Normal));
    h.advance(6);
    assert!(h.fetched.len() > fetched);
}

#[test]
fn a_task_shows_only_its_own_lines_and_a_container_only_its_own() {
    let mut h = Harness::new(120, 40);
    command(&mut h, "svc prod-web");
    key(&mut h, KeyCode::Enter); // api-gateway's tasks
    key(&mut h, KeyCode::Char('l'));
    let v = logs(&h);
    let ids: std::collections::BTreeSet<&str> =
        v.sources.iter().map(|s| s.task_id.as_str()).collect();
    assert_eq!(ids.len(), 1, "{ids:?}");
    let containers: Vec<&str> = v.sources.iter().map(|s| s.container.as_str()).collect();
    assert_eq!(containers, ["api-gateway", "envoy"]);
    assert!(!v.lines.is_empty());
    key(&mut h, KeyCode::Esc);
    key(&mut h, KeyCode::Enter); // the task's containers
    key(&mut h, KeyCode::Char('l'));
    let v = logs(&h);
    assert_eq!(v.sources.len(), 1);
    assert!(!h.screen().contains("/envoy"), "one source: no tags");
}

#[test]
fn a_firelens_service_says_where_its_logs_are() {
    let mut h = Harness::new(120, 40);
    command(&mut h, "svc prod-web");
    h.type_text("/search");
    key(&mut h, KeyCode::Enter);
    key(&mut h, KeyCode::Char('l'));
    let screen = h.screen();
    assert!(screen.contains("FireLens"), "{screen}");
    assert_eq!(logs(&h).feed.mode, LogMode::Paused, "nothing to follow");
}

#[test]
fn time_windows_search_filter_wrap_timestamps_save_and_clear_by_key() {
    let mut h = Harness::new(120, 40);
    command(&mut h, "svc prod-web");
    key(&mut h, KeyCode::Enter);
    key(&mut h, KeyCode::Char('l'));
    let first_id = logs(&h).id;
    key(&mut h, KeyCode::Char('1'));
    let v = logs(&h);
    assert_ne!(v.id, first_id, "a new reader");
    assert_eq!(v.start, LogStart::Window(60));
    let oldest = v.lines.front().unwrap().ts;
    assert!(oldest >= h.clock_now().timestamp_millis() - 60_000);
    let minute = v.lines.len();
    assert!(minute > 0);
    key(&mut h, KeyCode::Char('4'));
    assert!(
        logs(&h).lines.len() > minute * 10,
        "an hour holds far more than a minute"
    );
    // Search and filter.
    h.type_text("/status=200");
    key(&mut h, KeyCode::Enter);
    assert!(logs(&h).search_hits > 0);
    h.type_text("&envoy|status");
    key(&mut h, KeyCode::Enter);
    let v = logs(&h);
    assert!(!v.shown.is_empty() && v.shown.len() < v.lines.len());
    h.type_text("&(");
    key(&mut h, KeyCode::Enter);
    assert!(
        logs(&h)
            .typing
            .as_ref()
            .and_then(|t| t.error.clone())
            .is_some(),
        "a bad regex is explained and kept for editing"
    );
    key(&mut h, KeyCode::Esc);
    key(&mut h, KeyCode::Char('w'));
    key(&mut h, KeyCode::Char('t'));
    assert!(logs(&h).wrap && !logs(&h).timestamps);
    // Save.
    let dir = std::env::temp_dir().join(format!("ecsdeck-save-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    h.app.logs.save_dir = Some(dir.clone());
    h.send(Msg::Key(KeyEvent::new(
        KeyCode::Char('s'),
        KeyModifiers::CONTROL,
    )));
    let saved: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
    assert_eq!(saved.len(), 1);
    let text = std::fs::read_to_string(saved[0].path()).unwrap();
    assert_eq!(text.lines().count(), logs(&h).lines.len());
    std::fs::remove_dir_all(&dir).unwrap();
    // Clear.
    key(&mut h, KeyCode::Char('C'));
    assert!(logs(&h).lines.is_empty());
}

const SIZES: [(u16, u16); 2] = [(80, 24), (200, 60)];

#[test]
fn service_logs_interleaved_render() {
    for (w, hgt) in SIZES {
        let mut h = Harness::new(w, hgt);
        command(&mut h, "svc prod-web");
        key(&mut h, KeyCode::Char('l'));
        h.advance(4);
        insta::assert_snapshot!(format!("service_{w}x{hgt}"), h.screen());
    }
}

#[test]
fn search_highlights_render() {
    for (w, hgt) in SIZES {
        let mut h = Harness::new(w, hgt);
        command(&mut h, "svc prod-web");
        key(&mut h, KeyCode::Char('l'));
        h.type_text("/orders");
        key(&mut h, KeyCode::Enter);
        insta::assert_snapshot!(
            format!("search_{w}x{hgt}"),
            ecsdeck::harness::styled_text(&h.draw())
        );
    }
}

/// When CloudWatch samples a live tail (over 500 lines a second), the title says so and how to
/// see every line.
#[test]
fn a_sampled_live_tail_says_so_in_the_title() {
    let mut h = Harness::new(200, 40);
    command(&mut h, "svc prod-web");
    key(&mut h, KeyCode::Char('l'));
    let id = logs(&h).id;
    let mut feed = ecsdeck::model::LogFeed::new(ecsdeck::model::LogMode::Live);
    feed.sampled = true;
    h.send(ecsdeck::app::Msg::LogFeed { id, feed });
    let screen = h.screen();
    assert!(
        screen.contains("sampled: over 500 lines/s, some not shown — 1–5 read every line"),
        "{screen}"
    );
}

#[test]
fn o_copies_the_console_address_of_the_stream_in_view() {
    let mut h = Harness::new(120, 40);
    h.command("tasks prod-web notification-worker");
    h.press(KeyCode::Char('l'));
    h.advance(3);
    let Mode::Logs(v) = &h.app.mode else {
        panic!("the logs view")
    };
    let stream = v.stream_in_view().expect("a stream").stream.clone();
    h.press(KeyCode::Char('o'));
    let url = h.copied.last().expect("copied").clone();
    assert!(
        url.starts_with("https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups/log-group/"),
        "{url}"
    );
    assert!(
        url.contains(&stream.replace('/', "$252F")) || url.contains(&stream),
        "{url} names {stream}"
    );
}
