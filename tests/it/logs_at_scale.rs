//! Logs of big services and walking back in time, on the simulator: the streams followed are
//! found by asking (never read one by one), capped and said so; a stopped task's lines end at its
//! stop; an absolute window is read and shown, a bad one explained; `[` and `]` chunks join the
//! lines shown without a gap or a duplicate at the seams.

use crossterm::event::KeyCode;
use ecsdeck::app::logs::LogView;
use ecsdeck::app::Mode;
use ecsdeck::backend::sim::ScenarioOptions;
use ecsdeck::backend::{EcsRead, LogFilter};
use ecsdeck::harness::Harness;
use ecsdeck::model::{LogEvent, LogScope, LogStart, TaskScope, TaskStatus};

fn key(h: &mut Harness, code: KeyCode) {
    h.press(code);
}

fn logs(h: &Harness) -> &LogView {
    match &h.app.mode {
        Mode::Logs(v) => v,
        other => panic!("not a logs view: {other:?}"),
    }
}

fn calls(h: &Harness, op: &str) -> usize {
    h.backend
        .api_log()
        .iter()
        .filter(|c| c.operation == op)
        .count()
}

fn select(h: &mut Harness, key_of: impl Fn(&str) -> bool) {
    let page = h.app.page();
    let key = (0..h.app.view().table().len())
        .find_map(|_| {
            let k = h.app.view().table().selected_key()?.to_string();
            if key_of(&k) {
                Some(k)
            } else {
                h.app.view_mut().table_mut().move_by(1, page);
                None
            }
        })
        .expect("a row to select");
    assert!(h.app.view_mut().table_mut().select_key(&key, page));
}

#[test]
fn a_big_service_follows_its_most_recent_streams_and_reads_none_one_by_one() {
    let mut h = Harness::with(
        ScenarioOptions {
            scale_tasks: 1_500,
            ..ScenarioOptions::default()
        },
        160,
        40,
    );
    h.command("svc load-test");
    select(&mut h, |k| k.ends_with("/load-gen-01"));
    let (streams_before, tails_before) =
        (calls(&h, "DescribeLogStreams"), calls(&h, "GetLogEvents"));
    key(&mut h, KeyCode::Char('l'));
    h.advance(3);
    let v = logs(&h);
    assert_eq!(v.following, Some((100, 1_000)), "100 followed of 1,000");
    let screen = h.screen();
    assert!(
        screen.contains("following 100 of 1000 streams, most recent"),
        "{screen}"
    );
    assert!(!v.lines.is_empty(), "the newest lines are shown");
    // Found by listing the group (50 a page), never by reading every stream.
    let listed = calls(&h, "DescribeLogStreams") - streams_before;
    assert!(
        (1..=3).contains(&listed),
        "{listed} DescribeLogStreams calls"
    );
    assert_eq!(
        calls(&h, "GetLogEvents"),
        tails_before,
        "no stream read one by one"
    );
    // Every line is the service's, from at most the 100 streams followed.
    let mut streams = std::collections::HashSet::new();
    for l in &v.lines {
        let s = &v.sources[l.source as usize];
        assert!(s.stream.starts_with("ecs/load-gen-01/"), "{}", s.stream);
        streams.insert(s.stream.as_str());
    }
    assert!(
        (2..=100).contains(&streams.len()),
        "{} streams",
        streams.len()
    );
}

#[test]
fn a_stopped_tasks_view_ends_at_its_stop_and_says_when() {
    let mut h = Harness::new(200, 50);
    h.command("tasks prod-web notification-worker");
    key(&mut h, KeyCode::Char('x'));
    assert!(!h.app.view().table().is_empty(), "stopped tasks listed");
    let stopped = futures::executor::block_on(h.backend.tasks(
        "prod-web",
        &TaskScope::Service("notification-worker".into()),
        TaskStatus::Stopped,
    ))
    .expect("stopped tasks");
    let selected = h
        .app
        .view()
        .table()
        .selected_key()
        .expect("a row")
        .to_string();
    let task = stopped
        .items
        .iter()
        .find(|t| t.arn == selected)
        .expect("the selected task");
    let stop = task.stopped_at.or(task.stopping_at).expect("a stop time");
    key(&mut h, KeyCode::Char('l'));
    h.advance(2);
    let v = logs(&h);
    assert_eq!(v.stopped_at, Some(stop.timestamp_millis()));
    assert!(!v.follow, "nothing to follow");
    assert!(!v.lines.is_empty(), "its last lines");
    assert!(
        v.lines.iter().all(|l| l.ts <= stop.timestamp_millis()),
        "none after the stop"
    );
    let screen = h.screen();
    assert!(screen.contains("task stopped"), "{screen}");
    assert!(screen.contains("paused"), "{screen}");
}

#[test]
fn a_window_is_read_and_shown_and_a_bad_one_explained() {
    let mut h = Harness::new(200, 50);
    h.command("svc prod-web");
    key(&mut h, KeyCode::Char('l'));
    h.advance(1);
    // Bad: explained on the prompt line; the view stays as it was.
    let id_before = logs(&h).id;
    key(&mut h, KeyCode::Char('W'));
    h.type_text("-10m..14:2x");
    key(&mut h, KeyCode::Enter);
    let v = logs(&h);
    let err = v
        .typing
        .as_ref()
        .and_then(|t| t.error.clone())
        .expect("an explanation");
    assert!(err.contains("understood the start as"), "{err}");
    assert!(err.contains("`14:2x` is not a time"), "{err}");
    assert_eq!(v.id, id_before, "nothing re-read");
    assert!(h.screen().contains("`14:2x` is not a time"));
    key(&mut h, KeyCode::Esc);
    // The future is refused too.
    key(&mut h, KeyCode::Char('W'));
    h.type_text("-10m..-20m");
    key(&mut h, KeyCode::Enter);
    let err = logs(&h).typing.as_ref().and_then(|t| t.error.clone());
    assert!(err.is_some_and(|e| e.contains("before it starts")));
    key(&mut h, KeyCode::Esc);
    // Good: read and shown in the title.
    key(&mut h, KeyCode::Char('W'));
    h.type_text("-10m..-5m");
    key(&mut h, KeyCode::Enter);
    h.advance(1);
    let now = h.clock_now().timestamp_millis();
    let v = logs(&h);
    assert!(v.typing.is_none());
    assert!(matches!(v.start, LogStart::Between { to: Some(_), .. }));
    assert!(!v.lines.is_empty());
    assert!(v
        .lines
        .iter()
        .all(|l| l.ts >= now - 11 * 60_000 && l.ts <= now - 5 * 60_000 + 1_000));
    let screen = h.screen();
    assert!(screen.contains("UTC"), "the window in the title: {screen}");
}

fn full_read(h: &Harness, group: &str, streams: &[String], from: i64, to: i64) -> Vec<LogEvent> {
    let mut f = LogFilter::new(group, streams, from, 1_000_000);
    f.end = Some(to);
    futures::executor::block_on(h.backend.filter_events(&f)).expect("a read")
}

#[test]
fn older_and_newer_chunks_join_without_gaps_or_duplicates() {
    let mut h = Harness::new(200, 50);
    h.command("tasks prod-web api-gateway");
    key(&mut h, KeyCode::Char('l'));
    h.advance(1);
    let now = h.clock_now().timestamp_millis();
    key(&mut h, KeyCode::Char('W'));
    h.type_text("-20m..-15m");
    key(&mut h, KeyCode::Enter);
    h.advance(1);
    let (from, to) = match logs(&h).start {
        LogStart::Between { from, to: Some(to) } => (from, to),
        other => panic!("a closed window: {other:?}"),
    };
    assert!(from >= now - 21 * 60_000);
    let top_before = logs(&h).top;
    let first_line = logs(&h).lines.front().map(|l| (l.ts, l.text.clone()));
    // Two chunks back, one forward.
    key(&mut h, KeyCode::Char('['));
    key(&mut h, KeyCode::Char('['));
    key(&mut h, KeyCode::Char(']'));
    h.advance(1);
    let v = logs(&h);
    assert_eq!(
        v.top, top_before,
        "older lines went in front; the screen stayed"
    );
    assert!(v.reached.is_some());
    // The lines kept are exactly one read of the whole span: no gap, no duplicate at a seam.
    let streams: Vec<(String, String)> = v
        .sources
        .iter()
        .map(|s| (s.group.clone(), s.stream.clone()))
        .collect();
    let oldest = v.lines.front().expect("lines").ts;
    let newest = v.lines.back().expect("lines").ts;
    assert!(oldest < from, "older than the window");
    assert!(newest > to, "newer than the window");
    let mut expected = Vec::new();
    let mut groups: Vec<&str> = streams.iter().map(|(g, _)| g.as_str()).collect();
    groups.sort();
    groups.dedup();
    for g in groups {
        let names: Vec<String> = streams
            .iter()
            .filter(|(sg, _)| sg == g)
            .map(|(_, s)| s.clone())
            .collect();
        expected.extend(full_read(&h, g, &names, oldest, newest));
    }
    expected.sort_by_key(|e| e.timestamp);
    let got: Vec<(i64, &str)> = v.lines.iter().map(|l| (l.ts, l.text.as_str())).collect();
    let want: Vec<(i64, &str)> = expected
        .iter()
        .map(|e| (e.timestamp, e.message.as_str()))
        .collect();
    let mut got_sorted = got.clone();
    got_sorted.sort();
    let mut want_sorted = want.clone();
    want_sorted.sort();
    assert_eq!(got_sorted.len(), want_sorted.len(), "same number of lines");
    assert_eq!(got_sorted, want_sorted, "the same lines");
    assert!(got.windows(2).all(|w| w[0].0 <= w[1].0), "in time order");
    assert!(first_line.is_some_and(|f| got.contains(&(f.0, f.1.as_str()))));
}

#[test]
fn older_lines_go_in_front_and_the_screen_stays() {
    let ev = |ts: i64, text: &str| LogEvent {
        id: String::new(),
        timestamp: ts,
        ingested: None,
        group: "g".into(),
        stream: "p/c/t".into(),
        message: text.into(),
    };
    let mut v = LogView::new(
        1,
        LogScope::Task {
            cluster: "c".into(),
            task: "t".into(),
        },
        LogStart::Last(10),
        100,
    );
    v.rows = 5;
    v.append(
        (10..30)
            .map(|n| ev(n * 1000, &format!("line {n}")))
            .collect(),
    );
    v.set_search("line 1").expect("a search");
    v.scroll_by(-5);
    let before: Vec<String> = v
        .visible(5, 80)
        .iter()
        .filter_map(|s| v.line(*s).map(|l| l.text.clone()))
        .collect();
    let hits = v.search_hits;
    // The seam: the oldest kept instant comes again (the read's end is inclusive).
    let mut older: Vec<LogEvent> = (0..10)
        .map(|n| ev(n * 1000, &format!("line {n}")))
        .collect();
    older.push(ev(10_000, "line 10"));
    assert_eq!(v.prepend(older), 10, "the repeated line is not kept twice");
    let after: Vec<String> = v
        .visible(5, 80)
        .iter()
        .filter_map(|s| v.line(*s).map(|l| l.text.clone()))
        .collect();
    assert_eq!(before, after, "the screen stays");
    assert_eq!(v.lines.len(), 30);
    assert_eq!(v.lines.front().map(|l| l.ts), Some(0));
    assert_eq!(
        v.search_hits,
        hits + 1,
        "`line 1` is one of the older lines"
    );
    // A bound: what does not fit is the oldest, left out.
    let mut small = LogView::new(
        2,
        LogScope::Task {
            cluster: "c".into(),
            task: "t".into(),
        },
        LogStart::Last(10),
        12,
    );
    small.append(
        (10..20)
            .map(|n| ev(n * 1000, &format!("line {n}")))
            .collect(),
    );
    assert_eq!(
        small.prepend((0..10).map(|n| ev(n * 1000, "old")).collect()),
        2
    );
    assert_eq!(small.lines.front().map(|l| l.ts), Some(8_000));
}
