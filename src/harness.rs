//! A deterministic driver for tests and benchmarks: the app over the real sync layer, events
//! session and executor — the same wiring as the console — on the simulator, inside a tokio
//! runtime whose clock is paused and moves only when the test moves it (together with the
//! simulator's manual clock). After every step the harness lets the background tasks run until
//! nothing more happens and feeds their messages to the app, so a test reads like a session: a
//! key, what is on screen. Frames are drawn to an in-memory terminal.

use crate::app::{App, Effect, Msg};
use crate::audit::AuditLog;
use crate::backend::sim::{ScenarioOptions, SimBackend};
use crate::backend::EcsRead;
use crate::clock::{Clock, ManualClock};
use crate::model::{Mutation, Query, Timestamp};
use crate::subscription::{self, EventsSession};
use crate::sync::actions::Executor;
use crate::sync::{SyncHandle, SyncOptions};
use chrono::Duration;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::Terminal;
use std::sync::Arc;
use tokio::sync::mpsc::UnboundedReceiver;

static AUDITS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// How a step finds out that every background task is waiting (see `settle`).
const IDLE_PROBE: std::time::Duration = std::time::Duration::from_millis(1);

pub struct Harness {
    pub app: App,
    pub clock: Arc<ManualClock>,
    pub backend: Arc<SimBackend>,
    /// Every query answered, in order (what the sync layer asked the backend).
    pub fetched: Vec<Query>,
    /// Where this harness's audit log goes.
    pub audit_path: std::path::PathBuf,
    /// Every change handed to the executor.
    pub mutations: Vec<Mutation>,
    /// Every text put on the clipboard.
    pub copied: Vec<String>,
    /// Whether a change may be asked for (a read-only console asking would be a defect).
    writable: bool,
    rt: tokio::runtime::Runtime,
    sync: SyncHandle,
    events: Option<EventsSession>,
    rx: UnboundedReceiver<Msg>,
    /// The runtime's clock at the start; `advance` keeps it `seconds` seconds later.
    epoch: tokio::time::Instant,
    seconds: u64,
}

impl Harness {
    /// The demo account (seed 7) at the fixed test instant, on a `width`×`height` screen.
    pub fn new(width: u16, height: u16) -> Self {
        Self::with(ScenarioOptions::default(), width, height)
    }

    pub fn with(opts: ScenarioOptions, width: u16, height: u16) -> Self {
        Self::build(opts, width, height, true)
    }

    /// A read-only console: no writer, no executor, no actions in the key map.
    pub fn read_only(width: u16, height: u16) -> Self {
        let mut h = Self::build(ScenarioOptions::default(), width, height, false);
        h.app.set_read_only();
        h
    }

    fn build(opts: ScenarioOptions, width: u16, height: u16, writable: bool) -> Self {
        // IO too: custom commands run programs in the background.
        let rt = match tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .enable_io()
            .start_paused(true)
            .build()
        {
            Ok(rt) => rt,
            Err(e) => panic!("a test runtime: {e}"),
        };
        let clock = Arc::new(ManualClock::fixed());
        let backend = Arc::new(SimBackend::new(opts, clock.clone()));
        let app = App::new(
            backend.target(),
            clock.now(),
            Rect::new(0, 0, width, height),
        );
        let audit_path = std::env::temp_dir().join(format!(
            "ecsdeck-audit-{}-{}.log",
            std::process::id(),
            AUDITS.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
        ));
        let _ = std::fs::remove_file(&audit_path);
        let executor = writable.then(|| {
            let audit = AuditLog::new(audit_path.clone(), "demo".into(), "us-east-1".into());
            Arc::new(Executor::new(Arc::new(backend.writer()), Some(audit)))
        });
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let epoch = rt.block_on(async { tokio::time::Instant::now() });
        let read: Arc<dyn EcsRead> = backend.clone();
        let dyn_clock: Arc<dyn Clock> = clock.clone();
        let (sync, events) = {
            let _inside = rt.enter();
            let events = EventsSession::start(
                subscription::plan(
                    crate::config::file::EventsMode::default(),
                    None,
                    !writable,
                    false,
                    &[],
                    None,
                ),
                read.clone(),
                dyn_clock.clone(),
                tx.clone(),
            );
            let sync =
                crate::sync::spawn_with(read, executor, dyn_clock, tx, SyncOptions::default());
            (sync, events)
        };
        let mut h = Self {
            app,
            clock,
            backend,
            fetched: Vec::new(),
            audit_path,
            mutations: Vec::new(),
            copied: Vec::new(),
            writable,
            rt,
            sync,
            events: Some(events),
            rx,
            epoch,
            seconds: 0,
        };
        h.app.region = h.backend.region();
        h.app.backend_profile = h.backend.profile();
        let effects = h.app.start();
        h.run(effects);
        h
    }

    /// The clock's current instant.
    pub fn clock_now(&self) -> Timestamp {
        self.clock.now()
    }

    /// The audit log's outcome lines so far: one per change carried out.
    pub fn audit_lines(&self) -> Vec<String> {
        self.audit_all()
            .into_iter()
            .filter(|l| l.contains(r#""phase":"outcome""#))
            .collect()
    }

    /// Every line of the audit log: an attempt line before each change, its outcome after.
    pub fn audit_all(&self) -> Vec<String> {
        std::fs::read_to_string(&self.audit_path)
            .map(|s| s.lines().map(str::to_string).collect())
            .unwrap_or_default()
    }

    /// Apply one message, carry out its effects and let what they start finish.
    pub fn send(&mut self, msg: Msg) {
        let effects = self.app.update(msg);
        self.run(effects);
    }

    /// Perform a key action by name (whatever key it has) and carry out its effects.
    pub fn act(&mut self, action: crate::app::keys::Action) {
        let effects = self.app.act(action);
        self.run(effects);
    }

    /// Go to a view by command (as `--command` does), whatever keys the prompt has.
    pub fn command(&mut self, line: &str) {
        let effects = self.app.start_with(line);
        self.run(effects);
    }

    pub fn press(&mut self, code: KeyCode) {
        self.send(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    pub fn ctrl(&mut self, c: char) {
        self.send(Msg::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        )));
    }

    /// Type each character as a key press.
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.press(KeyCode::Char(c));
        }
    }

    /// Move both clocks by `secs`, one second at a time: the background tasks' timers fire as
    /// they fall due (refreshes, log and event polls), and the app ticks each second.
    pub fn advance(&mut self, secs: i64) {
        for _ in 0..secs {
            self.clock.advance(Duration::seconds(1));
            self.seconds += 1;
            let target = self.epoch + std::time::Duration::from_secs(self.seconds);
            self.rt.block_on(async move {
                let now = tokio::time::Instant::now();
                if target > now {
                    tokio::time::advance(target - now).await;
                }
            });
            self.settle();
            let now = self.clock.now();
            self.send(Msg::Tick(now));
        }
    }

    /// Hand effects to where the console hands them: the clipboard here, the rest to the sync
    /// layer; then let everything run until it is quiet.
    fn run(&mut self, effects: Vec<Effect>) {
        self.dispatch(effects);
        self.settle();
    }

    fn dispatch(&mut self, effects: Vec<Effect>) {
        for e in effects {
            match e {
                Effect::Copy(text) => self.copied.push(text),
                Effect::Mutate(m) => {
                    assert!(
                        self.writable,
                        "a read-only console asked for a change: {m:?}"
                    );
                    self.mutations.push(m.clone());
                    self.sync.send(Effect::Mutate(m));
                }
                // The console's own end is not the sync layer's: it stays for the next step.
                Effect::Quit => {}
                other => self.sync.send(other),
            }
        }
    }

    /// Let the background tasks run and feed what they report to the app, until a round brings
    /// nothing. A round ends when every task is waiting: the runtime's paused clock moves only
    /// when nothing is ready to run, so a millisecond's sleep returns exactly then (and waits for
    /// a blocking task, a save, to finish). The millisecond is taken back at the next second.
    /// Let background work that takes real time (a program a custom command runs) report,
    /// for up to `ms` milliseconds of wall-clock time, until `done` says it has.
    pub fn wait_real(&mut self, ms: u64, mut done: impl FnMut(&App) -> bool) -> bool {
        let deadline = std::time::Instant::now() + std::time::Duration::from_millis(ms);
        while std::time::Instant::now() < deadline {
            self.settle();
            if done(&self.app) {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        false
    }

    fn settle(&mut self) {
        loop {
            self.rt
                .block_on(async { tokio::time::sleep(IDLE_PROBE).await });
            let mut any = false;
            while let Ok(msg) = self.rx.try_recv() {
                any = true;
                if let Msg::Fetched { query, .. } = &msg {
                    self.fetched.push(query.clone());
                }
                let effects = self.app.update(msg);
                self.dispatch(effects);
            }
            if !any {
                return;
            }
        }
    }

    /// Draw a frame and return the buffer.
    pub fn draw(&self) -> Buffer {
        let size = self.app.size;
        let mut term = match Terminal::new(TestBackend::new(size.width, size.height)) {
            Ok(t) => t,
            Err(e) => panic!("test terminal: {e}"),
        };
        if let Err(e) = term.draw(|f| crate::ui::draw(f, &self.app)) {
            panic!("draw: {e}");
        }
        term.backend().buffer().clone()
    }

    /// The screen as text, one line per row, trailing blanks trimmed.
    pub fn screen(&self) -> String {
        buffer_text(&self.draw())
    }
}

impl Drop for Harness {
    /// The background tasks end with the runtime; the audit log is this harness's own
    /// temporary file.
    fn drop(&mut self) {
        self.sync.send(Effect::Quit);
        if let Some(events) = self.events.take() {
            let _inside = self.rt.enter();
            drop(events);
        }
        let _ = std::fs::remove_file(&self.audit_path);
    }
}

pub fn buffer_text(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        for x in 0..area.width {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The screen with its colours: each row's text, then a row of style letters under it, and a
/// legend of what each letter is. What a theme snapshot compares.
pub fn styled_text(buf: &Buffer) -> String {
    let mut legend: Vec<String> = Vec::new();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let (mut text, mut styles) = (String::new(), String::new());
        for x in 0..buf.area.width {
            let cell = &buf[(x, y)];
            text.push_str(cell.symbol());
            let key = format!("fg={:?} bg={:?} mod={:?}", cell.fg, cell.bg, cell.modifier);
            let n = legend.iter().position(|k| *k == key).unwrap_or_else(|| {
                legend.push(key);
                legend.len() - 1
            });
            styles.push(char::from_digit((n % 36) as u32, 36).unwrap_or('?'));
        }
        out.push_str(text.trim_end());
        out.push('\n');
        out.push_str(&styles);
        out.push('\n');
    }
    for (n, k) in legend.iter().enumerate() {
        out.push_str(&format!(
            "{} {k}\n",
            char::from_digit((n % 36) as u32, 36).unwrap_or('?')
        ));
    }
    out
}
