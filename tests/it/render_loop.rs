//! The render loop draws only when something visible changed: an idle console — refreshes keep
//! arriving with the same data, the clock is still — draws no frames and writes nothing.

use crossterm::event::{KeyCode, KeyEvent};
use ecsdeck::app::{App, Msg};
use ecsdeck::backend::sim::{ScenarioOptions, SimBackend};
use ecsdeck::backend::EcsRead;
use ecsdeck::clock::{Clock, ManualClock};
use ecsdeck::sync::{self, SyncOptions};
use ecsdeck::tui;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::Terminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

#[tokio::test(start_paused = true)]
async fn an_idle_console_draws_no_frames() {
    let clock = Arc::new(ManualClock::fixed());
    let sim = Arc::new(SimBackend::new(ScenarioOptions::default(), clock.clone()));
    let backend: Arc<dyn EcsRead> = sim.clone();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let sync = sync::spawn(
        backend.clone(),
        clock.clone(),
        tx.clone(),
        SyncOptions::default(),
    );
    tui::spawn_ticks(tx.clone(), clock.clone());
    let frames = Arc::new(AtomicU64::new(0));
    let counted = frames.clone();
    let mut app = App::new(backend.target(), clock.now(), Rect::new(0, 0, 120, 40));
    let run = tokio::spawn(async move {
        let mut term = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
        let stats = tui::run_loop(
            &mut app,
            &mut rx,
            &sync,
            |app| {
                counted.fetch_add(1, Ordering::SeqCst);
                term.draw(|f| ecsdeck::ui::draw(f, app))
                    .map(|_| ())
                    .map_err(|e| match e {})
            },
            |_| {},
        )
        .await;
        (stats, app.view().table().len())
    });

    // Start-up: the empty frame, then the clusters.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let started = frames.load(Ordering::SeqCst);
    assert!((1..=3).contains(&started), "start-up frames: {started}");

    // A minute idle: 60 ticks and 6 refreshes of identical data.
    tokio::time::sleep(Duration::from_secs(60)).await;
    assert_eq!(
        frames.load(Ordering::SeqCst),
        started,
        "an idle console draws nothing"
    );

    // Control: a key press is one frame.
    tx.send(Msg::Key(KeyEvent::from(KeyCode::Char('j'))))
        .unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(frames.load(Ordering::SeqCst), started + 1);

    // And the world moving is drawn: time passes, tasks change.
    clock.advance(chrono::Duration::seconds(30));
    tokio::time::sleep(Duration::from_secs(11)).await;
    assert!(
        frames.load(Ordering::SeqCst) > started + 1,
        "changes are drawn"
    );

    tx.send(Msg::Signal("SIGTERM")).unwrap();
    let (stats, rows) = run.await.expect("loop ends");
    let stats = stats.expect("no io error");
    assert_eq!(stats.frames, frames.load(Ordering::SeqCst));
    assert_eq!(rows, 3);
    assert!(
        stats.messages > 70,
        "ticks and refreshes were processed: {}",
        stats.messages
    );
}

#[tokio::test(start_paused = true)]
async fn a_burst_of_messages_is_drained_into_one_frame() {
    let clock = Arc::new(ManualClock::fixed());
    let backend: Arc<dyn EcsRead> =
        Arc::new(SimBackend::new(ScenarioOptions::default(), clock.clone()));
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let sync = sync::spawn(
        backend.clone(),
        clock.clone(),
        tx.clone(),
        SyncOptions::default(),
    );
    let mut app = App::new(backend.target(), clock.now(), Rect::new(0, 0, 120, 40));
    let frames = Arc::new(AtomicU64::new(0));
    let counted = frames.clone();
    let run = tokio::spawn(async move {
        tui::run_loop(
            &mut app,
            &mut rx,
            &sync,
            |_| {
                counted.fetch_add(1, Ordering::SeqCst);
                Ok(())
            },
            |_| {},
        )
        .await
    });
    tokio::time::sleep(Duration::from_secs(2)).await;
    let before = frames.load(Ordering::SeqCst);
    for _ in 0..200 {
        tx.send(Msg::Key(KeyEvent::from(KeyCode::Char('j'))))
            .unwrap();
        tx.send(Msg::Key(KeyEvent::from(KeyCode::Char('k'))))
            .unwrap();
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let after = frames.load(Ordering::SeqCst);
    assert!(
        after - before <= 2,
        "400 queued keys drew {} frames",
        after - before
    );
    tx.send(Msg::Signal("SIGTERM")).unwrap();
    run.await.unwrap().unwrap();
}

/// The events feed reports on every poll (a new `checked_at`, a note counting down to the next
/// live-tail attempt); none of that is on screen, so none of it asks for a frame — only a change
/// of the mode the footer shows does.
#[test]
fn a_polling_feed_asks_for_a_frame_only_when_its_mode_changes() {
    use ecsdeck::model::{LogFeed, LogMode};
    let clock = ManualClock::fixed();
    let mut app = App::new("demo".into(), clock.now(), Rect::new(0, 0, 120, 40));
    let polling = |at: i64, note: &str| LogFeed {
        checked_at: Some(at),
        note: Some(note.into()),
        ..LogFeed::new(LogMode::Polling)
    };
    app.update(Msg::EventsFeed(polling(1_000, "live again in 19s")));
    assert!(app.dirty, "the first report is shown");
    for (i, left) in [17, 15, 13, 11].into_iter().enumerate() {
        app.dirty = false;
        app.update(Msg::EventsFeed(polling(
            3_000 + 2_000 * i as i64,
            &format!("live again in {left}s"),
        )));
        assert!(!app.dirty, "poll {i} changed nothing on screen");
    }
    app.update(Msg::EventsFeed(LogFeed::new(LogMode::Live)));
    assert!(app.dirty, "polling → live is shown");
    let mut term = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    term.draw(|f| ecsdeck::ui::draw(f, &app)).expect("draw");
    let screen: String = term
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(screen.contains("events ● live"), "{screen}");
}
