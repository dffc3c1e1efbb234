//! A deterministic driver for tests and benchmarks: the app on the simulator under a manual clock,
//! with effects carried out synchronously (a watched query is fetched at once and again each time
//! the clock passes its interval) and frames drawn to an in-memory terminal.

use crate::app::{App, Effect, Msg};
use crate::audit::AuditLog;
use crate::backend::sim::{ScenarioOptions, SimBackend};
use crate::backend::{fetch, EcsRead};
use crate::clock::{Clock, ManualClock};
use crate::model::{LogFeed, LogMode};
use crate::model::{Mutation, Query, Timestamp};
use crate::sync::actions::Executor;
use crate::sync::logs::{LogReader, LogRequest, POLL_EVERY};

static AUDITS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
use chrono::Duration;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::Terminal;
use std::sync::Arc;

pub struct Harness {
    pub app: App,
    pub clock: Arc<ManualClock>,
    pub backend: Arc<SimBackend>,
    /// Watched queries and when each was last fetched.
    watching: Vec<(Query, std::time::Duration, Timestamp)>,
    /// Every query fetched, in order (what the sync layer would have asked the backend).
    pub fetched: Vec<Query>,
    /// Carries out confirmed changes; None for a read-only console.
    executor: Option<Executor>,
    /// Where this harness's audit log goes.
    pub audit_path: std::path::PathBuf,
    /// Every change handed to the executor.
    pub mutations: Vec<Mutation>,
    /// Every text put on the clipboard.
    pub copied: Vec<String>,
    /// The open logs view's reader: it polls as the clock moves (the sync layer would use a live
    /// tail where it can).
    pub logs: Option<LogReader>,
    /// Seconds since the reader last polled.
    logs_due: u64,
    /// The simulated account's events feed, read every two seconds as the sync layer would.
    events: crate::sync::logs::Dedup,
}

impl Harness {
    /// The demo account (seed 7) at the fixed test instant, on a `width`×`height` screen.
    pub fn new(width: u16, height: u16) -> Self {
        Self::with(ScenarioOptions::default(), width, height)
    }

    pub fn with(opts: ScenarioOptions, width: u16, height: u16) -> Self {
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
        let audit = AuditLog::new(audit_path.clone(), "demo".into(), "us-east-1".into());
        let executor = Some(Executor::new(Arc::new(backend.writer()), Some(audit)));
        let mut h = Self {
            app,
            clock,
            backend,
            watching: Vec::new(),
            fetched: Vec::new(),
            executor,
            audit_path,
            mutations: Vec::new(),
            copied: Vec::new(),
            logs: None,
            logs_due: 0,
            events: Default::default(),
        };
        h.app.region = h.backend.region();
        let effects = h.app.start();
        h.run(effects);
        h
    }

    /// A read-only console: no writer, no executor, no actions in the key map.
    pub fn read_only(width: u16, height: u16) -> Self {
        let mut h = Self::new(width, height);
        h.executor = None;
        h.app.set_read_only();
        h
    }

    /// Event ids and contents the events poller remembers (to drop duplicates).
    pub fn events_remembered(&self) -> usize {
        self.events.remembered()
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

    /// Apply one message and carry out its effects.
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

    /// Move the clock by `secs` one second at a time: ticks, and refreshes as they fall due.
    pub fn advance(&mut self, secs: i64) {
        for _ in 0..secs {
            self.clock.advance(Duration::seconds(1));
            let now = self.clock.now();
            let due: Vec<Query> = self
                .watching
                .iter()
                .filter(|(_, every, last)| {
                    now - *last >= Duration::from_std(*every).unwrap_or(Duration::MAX)
                })
                .map(|(q, _, _)| q.clone())
                .collect();
            for q in due {
                self.fetch(&q);
            }
            self.logs_due += 1;
            if self.logs_due >= POLL_EVERY.as_secs() {
                self.logs_due = 0;
                self.poll_logs();
                self.poll_events();
            }
            self.send(Msg::Tick(now));
        }
    }

    fn run(&mut self, effects: Vec<Effect>) {
        // As in the sync layer, a refresh that comes with the watch that starts its query joins
        // that first fetch.
        let mut started: Vec<Query> = Vec::new();
        for e in effects {
            match e {
                Effect::Watch(list) => {
                    let now = self.clock.now();
                    let fresh: Vec<Query> = list
                        .iter()
                        .filter(|(q, _)| !self.watching.iter().any(|(w, _, _)| w == q))
                        .map(|(q, _)| q.clone())
                        .collect();
                    self.watching = list.into_iter().map(|(q, every)| (q, every, now)).collect();
                    for q in fresh {
                        self.fetch(&q);
                        started.push(q);
                    }
                }
                // As in the sync layer: a refresh is for a watched query; a fetch is one-off.
                Effect::Refresh(q) => {
                    if started.contains(&q) {
                        continue;
                    }
                    if self.watching.iter().any(|(w, _, _)| *w == q) {
                        self.fetch(&q)
                    }
                }
                Effect::Fetch(q) => self.fetch(&q),
                Effect::Mutate(m) => {
                    self.mutations.push(m.clone());
                    let Some(exec) = &self.executor else {
                        panic!("a read-only console asked for a change: {m:?}")
                    };
                    let (result, audit_error) =
                        futures::executor::block_on(exec.run(m, self.clock.now()));
                    self.send(Msg::Mutated {
                        result,
                        audit_error,
                    });
                }
                Effect::Copy(text) => self.copied.push(text),
                Effect::OpenLogs(request) => self.open_logs(request),
                Effect::CloseLogs(id) => {
                    if self.logs.as_ref().is_some_and(|r| r.request.id == id) {
                        self.logs = None;
                    }
                }
                Effect::Save { path, text, lines } => {
                    self.send(crate::sync::logs::save(path, &text, lines))
                }
                Effect::Quit => {}
            }
        }
    }

    fn open_logs(&mut self, request: LogRequest) {
        let id = request.id;
        let follow = request.follow;
        let mut reader = LogReader::new(request);
        let sim = self.backend.clone();
        let backend: &dyn EcsRead = sim.as_ref();
        let (msg, _) = futures::executor::block_on(reader.resolve(backend));
        self.send(msg);
        let now = self.clock.now().timestamp_millis();
        match futures::executor::block_on(reader.first(backend, now)) {
            Ok(events) => self.send(Msg::LogLines { id, events }),
            Err(e) => {
                let mut feed = LogFeed::new(LogMode::Polling);
                feed.note = Some(e.to_string());
                self.send(Msg::LogFeed { id, feed });
            }
        }
        let follow = follow && !reader.streams.is_empty();
        let mut feed = LogFeed::new(if follow {
            LogMode::Polling
        } else {
            LogMode::Paused
        });
        feed.checked_at = Some(now);
        self.send(Msg::LogFeed { id, feed });
        self.logs = follow.then_some(reader);
        self.logs_due = 0;
    }

    fn poll_events(&mut self) {
        let now = self.clock.now().timestamp_millis();
        let from = self
            .events
            .newest
            .map_or(now - crate::sync::events::BACKLOG_MS, |n| {
                n - crate::sync::logs::OVERLAP_MS
            });
        let sim = self.backend.clone();
        let lines = futures::executor::block_on(sim.log_events(
            crate::backend::sim::EVENTS_GROUP,
            &[],
            from,
            10_000,
        ));
        let mut feed = LogFeed::new(LogMode::Polling);
        match lines {
            Ok(lines) => {
                feed.checked_at = Some(now);
                let events = crate::sync::events::parse_lines(&self.events.accept(lines));
                if !events.is_empty() {
                    self.send(Msg::EcsEvents(events));
                }
            }
            Err(e) => feed.note = Some(e.to_string()),
        }
        self.send(Msg::EventsFeed(feed));
    }

    fn poll_logs(&mut self) {
        let Some(mut reader) = self.logs.take() else {
            return;
        };
        let id = reader.request.id;
        let now = self.clock.now().timestamp_millis();
        let sim = self.backend.clone();
        let backend: &dyn EcsRead = sim.as_ref();
        let mut feed = LogFeed::new(LogMode::Polling);
        match futures::executor::block_on(reader.poll(backend, now)) {
            Ok((events, _caught_up)) => {
                feed.checked_at = Some(now);
                feed.behind_ms = crate::model::behind(&events, now);
                self.logs = Some(reader);
                if !events.is_empty() {
                    self.send(Msg::LogLines { id, events });
                }
            }
            Err(e) => {
                feed.note = Some(e.to_string());
                self.logs = Some(reader);
            }
        }
        self.send(Msg::LogFeed { id, feed });
    }

    fn fetch(&mut self, q: &Query) {
        let now = self.clock.now();
        for w in self.watching.iter_mut().filter(|(w, _, _)| w == q) {
            w.2 = now;
        }
        self.fetched.push(q.clone());
        let backend: &dyn EcsRead = self.backend.as_ref();
        let result = futures::executor::block_on(fetch(backend, q));
        let effects = self.app.update(Msg::Fetched {
            query: q.clone(),
            result,
            at: now,
        });
        self.run(effects);
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
    /// The audit log is this harness's own temporary file.
    fn drop(&mut self) {
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
