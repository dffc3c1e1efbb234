//! Event to screen on the simulated account, in real time: the demo's events feed (a live tail of
//! its events log group, as `--demo` runs it) read for 45 seconds; for every task event, the time
//! from the change in the account to the message reaching the console, plus the update and the
//! frame that show it. Prints the figures recorded in docs/performance.md.

use ecsdeck::app::{App, Msg};
use ecsdeck::backend::sim::{ScenarioOptions, SimBackend};
use ecsdeck::backend::EcsRead;
use ecsdeck::clock::{Clock, SystemClock};
use ecsdeck::sync::events::{run, EventsGroup};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn main() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let clock: Arc<dyn Clock> = Arc::new(SystemClock);
        let sim: Arc<dyn EcsRead> = Arc::new(SimBackend::new(ScenarioOptions::default(), clock.clone()));
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let group = EventsGroup {
            name: ecsdeck::backend::sim::EVENTS_GROUP.into(),
            arn: String::new(),
        };
        let reader = tokio::spawn(run(sim.clone(), clock.clone(), tx, group));
        let mut app = App::new(sim.target(), clock.now(), ratatui::layout::Rect::new(0, 0, 200, 60));
        app.start_with("tasks prod-web notification-worker");
        let mut term = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
        let mut delays = Vec::new();
        let mut mode = None;
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(45) {
            let Ok(Some(msg)) = tokio::time::timeout(Duration::from_secs(1), rx.recv()).await else {
                continue;
            };
            match msg {
                Msg::EcsEvents(events) => {
                    let arrived = clock.now().timestamp_millis();
                    let times: Vec<i64> = events.iter().map(|e| e.time).collect();
                    let t = Instant::now();
                    app.update(Msg::EcsEvents(events));
                    term.draw(|f| ecsdeck::ui::draw(f, &app)).expect("draw");
                    let shown = arrived + t.elapsed().as_millis() as i64;
                    // Events carry whole seconds; the change happened within that second.
                    delays.extend(times.iter().map(|at| shown - at));
                }
                Msg::EventsFeed(f) => mode = Some(f.mode),
                _ => {}
            }
        }
        reader.abort();
        delays.sort();
        assert!(!delays.is_empty(), "events arrived in 45 s");
        let pct = |p: f64| delays[((delays.len() - 1) as f64 * p) as usize];
        println!(
            "simulator, {:?}: {} events; event to screen median {} ms, p95 {} ms, max {} ms (event times are whole seconds: up to 1,000 ms of each figure is that rounding)",
            mode.expect("a feed state"),
            delays.len(),
            pct(0.5),
            pct(0.95),
            delays[delays.len() - 1]
        );
    });
}
