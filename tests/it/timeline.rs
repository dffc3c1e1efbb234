//! The incident timeline on the simulator: every source in one view, newest first, each row
//! naming its source; a window keeps what happened inside it; Enter opens what a row is about;
//! `/` filters; this console's changes join as they are made.

use crate::common::select;
use crossterm::event::KeyCode;
use ecsdeck::app::records::{Source, TimelineEntry};
use ecsdeck::app::view::ViewKind;
use ecsdeck::app::Mode;
use ecsdeck::harness::Harness;
use ecsdeck::model::Service;

fn rows(h: &Harness) -> Vec<TimelineEntry> {
    h.app
        .view()
        .rows::<TimelineEntry>()
        .expect("a timeline")
        .shown()
        .cloned()
        .collect()
}

fn sources(h: &Harness) -> Vec<Source> {
    let mut s: Vec<Source> = rows(h).iter().map(|r| r.source).collect();
    s.sort();
    s.dedup();
    s
}

#[test]
fn t_on_a_crash_looping_service_shows_every_source_newest_first() {
    let mut h = Harness::new(160, 45);
    h.command("svc prod-web");
    h.advance(150);
    select::<Service>(&mut h, |s| s.name == "notification-worker");
    h.press(KeyCode::Char('s'));
    h.press(KeyCode::Char('+'));
    h.press(KeyCode::Enter);
    h.press(KeyCode::Char('y'));
    h.advance(2);
    h.press(KeyCode::Char('T'));
    assert_eq!(
        h.app.view().kind,
        ViewKind::Timeline {
            cluster: "prod-web".into(),
            service: Some("notification-worker".into())
        }
    );
    h.advance(1);
    let all = rows(&h);
    assert_eq!(
        sources(&h),
        [
            Source::ServiceEvent,
            Source::Deployment,
            Source::Task,
            Source::EventBridge,
            Source::Console
        ],
        "every source but scaling (the service has no scalable target)"
    );
    assert!(all.windows(2).all(|w| w[0].at >= w[1].at), "newest first");
    assert!(
        all.iter().all(|r| r.service == "notification-worker"),
        "only its own"
    );
    let stopped = all
        .iter()
        .find(|r| r.source == Source::Task && r.what.contains("EssentialContainerExited"))
        .expect("a crashed task");
    assert!(
        stopped.what.contains("Essential container in task exited")
            && stopped.what.contains(" exit 1")
            || stopped.what.contains(" exit 137"),
        "stop code, reason and exit codes: {}",
        stopped.what
    );
    assert!(
        all.iter()
            .any(|r| r.source == Source::Deployment && r.what.contains("deployment completed.")),
        "a completion, as the service's events tell it"
    );
    assert!(all.iter().any(|r| r.source == Source::Deployment
        && r.what
            .starts_with("deployment started: notification-worker:")));
    assert!(all.iter().any(|r| r.source == Source::Console
        && r.what.contains("scale prod-web/notification-worker to")
        && r.what.ends_with("(ok)")));
    let screen = h.screen();
    assert!(
        screen.contains("timeline(prod-web/notification-worker)"),
        "{screen}"
    );
    assert!(
        screen
            .lines()
            .any(|l| l.contains("task stop") && l.contains("EssentialContainerExited")),
        "{screen}"
    );
    assert!(
        screen
            .lines()
            .any(|l| l.contains(" console ") && l.contains("scale prod-web/notification-worker")),
        "{screen}"
    );

    // Enter on the stopped task opens its containers.
    let arn = match &stopped.opens {
        Some(ViewKind::Containers { task, .. }) => task.clone(),
        other => panic!("{other:?}"),
    };
    select::<TimelineEntry>(&mut h, |r| r.key == stopped.key);
    h.press(KeyCode::Enter);
    assert_eq!(
        h.app.view().kind,
        ViewKind::Containers {
            cluster: "prod-web".into(),
            task: arn
        }
    );
    h.press(KeyCode::Esc);

    // `/` filters like any table.
    h.press(KeyCode::Char('/'));
    h.type_text("console");
    h.press(KeyCode::Enter);
    assert!(rows(&h).iter().all(|r| r.source == Source::Console));
    assert_eq!(rows(&h).len(), 1, "the scale: {:?}", rows(&h));
}

#[test]
fn a_window_keeps_what_happened_inside_it_and_a_bad_one_is_explained() {
    let mut h = Harness::new(160, 45);
    h.command("timeline prod-web api-gateway");
    let every = rows(&h);
    assert!(
        every
            .iter()
            .any(|r| r.source == Source::Scaling && r.what.starts_with("Failed:")),
        "the failed scaling activity: {every:?}"
    );
    let oldest = every.iter().map(|r| r.at).min().expect("rows");
    h.command("timeline prod-web api-gateway -2h");
    let recent = rows(&h);
    assert!(
        !recent.is_empty() && recent.len() < every.len(),
        "{} of {}",
        recent.len(),
        every.len()
    );
    let from = h.app.now - chrono::Duration::hours(2);
    assert!(
        recent.iter().all(|r| r.at >= from),
        "only the last two hours"
    );
    assert!(oldest < from);
    assert!(
        h.screen().contains("timeline(prod-web/api-gateway) "),
        "the window in the title"
    );

    // W: the command line, ready for a window.
    h.press(KeyCode::Char('W'));
    match &h.app.mode {
        Mode::Command(p) => assert_eq!(p.text.as_str(), "timeline prod-web api-gateway "),
        other => panic!("{other:?}"),
    }
    h.type_text("14:10..14:02");
    h.press(KeyCode::Enter);
    match &h.app.mode {
        Mode::Command(p) => assert!(
            p.error
                .as_deref()
                .unwrap_or_default()
                .contains("before it starts"),
            "{:?}",
            p.error
        ),
        other => panic!("a bad window stays on the prompt with the reason: {other:?}"),
    }
}

#[test]
fn a_cluster_timeline_names_each_rows_service() {
    let mut h = Harness::new(160, 45);
    h.command("clusters");
    select::<ecsdeck::model::Cluster>(&mut h, |c| c.name == "prod-batch");
    h.press(KeyCode::Char('T'));
    assert_eq!(
        h.app.view().kind,
        ViewKind::Timeline {
            cluster: "prod-batch".into(),
            service: None
        }
    );
    let services: std::collections::BTreeSet<String> =
        rows(&h).into_iter().map(|r| r.service).collect();
    assert!(
        services.contains("image-resizer") && services.contains("report-generator"),
        "{services:?}"
    );
}

/// In a narrow split what happened keeps room: a service's own timeline has no SERVICE column,
/// today's rows show the time alone and the sources are short.
#[test]
fn in_a_narrow_split_what_happened_keeps_room() {
    let mut h = Harness::new(50, 40);
    h.command("timeline prod-web notification-worker");
    h.advance(60);
    let screen = h.screen();
    assert!(!screen.contains("SERVICE"), "{screen}");
    // Where WHAT HAPPENED starts in the header row: the rest of the 48 inner columns are its.
    let header = screen
        .lines()
        .find(|l| l.contains("WHAT HAPPENED"))
        .unwrap_or_else(|| panic!("the header row\n{screen}"));
    let at = header
        .chars()
        .collect::<String>()
        .split("WHAT HAPPENED")
        .next()
        .map(|before| before.chars().count())
        .unwrap_or_default();
    let room = 49 - at;
    assert!(room >= 24, "WHAT HAPPENED has {room} columns\n{screen}");
    assert!(
        screen.lines().any(|l| l.contains("task stop   task ")),
        "a stopped task's row\n{screen}"
    );
    // A cluster's timeline names each row's service, where there is room.
    let mut h = Harness::new(120, 40);
    h.command("timeline prod-web");
    h.advance(5);
    assert!(h.screen().contains("SERVICE"), "{}", h.screen());
}
