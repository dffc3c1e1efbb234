//! Opening a logs view on the selected task, container, service or failure, taking in what its
//! reader reports, and its keys. The keys live in [`LOG_KEYS`], which the hint line, the help and
//! docs/keys.md all follow.

use super::logs::{LogView, Typing};
use super::status::Severity;
use super::view::Content;
use super::{App, Effect, Mode};
use crate::model::{FetchError, LogEvent, LogFeed, LogScope, LogSource, LogStart};
use crate::protocol::LogRequest;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::PathBuf;

/// The logs view's keys and what they do.
pub const LOG_KEYS: &[(&str, &str)] = &[
    ("/", "search (regex); n / N next / previous match"),
    ("&", "show only matching lines (empty shows all)"),
    ("f", "follow new lines on / off (paused)"),
    (
        "End",
        "back to the newest line (scrolling up pauses the auto-scroll)",
    ),
    ("w", "wrap long lines"),
    ("t", "timestamps on / off"),
    ("0", "the last lines (logs.tail_lines)"),
    ("1", "the last minute"),
    ("2", "the last 5 minutes"),
    ("3", "the last 15 minutes"),
    ("4", "the last hour"),
    ("5", "since the task started"),
    ("Ctrl-S", "save the lines to a file"),
    ("C", "clear the lines"),
    ("Esc", "close the logs"),
];

/// Settings of logs views, from the config file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogSettings {
    /// Lines kept by a logs view.
    pub buffer_lines: usize,
    /// Lines read when a logs view opens.
    pub tail_lines: usize,
    /// Where saved logs go (the working directory when unset).
    pub save_dir: Option<PathBuf>,
}

impl Default for LogSettings {
    fn default() -> Self {
        Self {
            buffer_lines: 100_000,
            tail_lines: 500,
            save_dir: None,
        }
    }
}

impl App {
    /// `l`: the logs of what is selected.
    pub(super) fn open_logs(&mut self) -> Vec<Effect> {
        let Some(cluster) = self.current_cluster().map(str::to_string) else {
            return Vec::new();
        };
        let scope = match &self.view().content {
            Content::Tasks(t) => t.selected().map(|task| LogScope::Task {
                cluster: cluster.clone(),
                task: task.arn.clone(),
            }),
            Content::Containers(t) => t.selected().map(|c| LogScope::Container {
                cluster: cluster.clone(),
                task: c.task_arn.clone(),
                container: c.name.clone(),
            }),
            Content::Services(t) => t.selected().map(|s| LogScope::Service {
                cluster: cluster.clone(),
                service: s.name.clone(),
            }),
            Content::Deployments(_) => match &self.view().kind {
                super::view::ViewKind::Deployments { service, .. } => Some(LogScope::Service {
                    cluster: cluster.clone(),
                    service: service.clone(),
                }),
                _ => None,
            },
            Content::Failures(t) => {
                t.selected()
                    .filter(|g| !g.latest_task.is_empty())
                    .map(|g| LogScope::Task {
                        cluster: cluster.clone(),
                        task: g.latest_task.clone(),
                    })
            }
            _ => None,
        };
        let Some(scope) = scope else {
            return Vec::new();
        };
        let start = LogStart::Last(self.logs.tail_lines);
        self.next_log_id += 1;
        let view = LogView::new(self.next_log_id, scope, start, self.logs.buffer_lines);
        let request = self.log_request(&view);
        self.mode = Mode::Logs(Box::new(view));
        self.dirty = true;
        // The table under the logs is not on screen: stop refreshing it until they close.
        let mut effects = vec![Effect::OpenLogs(request)];
        effects.extend(self.watch_effects());
        effects
    }

    fn log_request(&self, v: &LogView) -> LogRequest {
        LogRequest {
            id: v.id,
            scope: v.scope.clone(),
            start: v.start,
            follow: v.follow,
            limit: self.logs.buffer_lines,
        }
    }

    /// The logs view, if it is open and `id` is its reader's.
    fn logs_of(&mut self, id: u64) -> Option<&mut LogView> {
        match &mut self.mode {
            Mode::Logs(v) if v.id == id => Some(v),
            _ => None,
        }
    }

    pub(super) fn on_log_sources(&mut self, id: u64, sources: Result<Vec<LogSource>, FetchError>) {
        let Some(v) = self.logs_of(id) else { return };
        match sources {
            Ok(sources) => {
                v.error = None;
                v.unavailable.clear();
                let mut streams = Vec::new();
                for s in sources {
                    match s {
                        LogSource::Stream(r) => streams.push(r),
                        LogSource::Unavailable { why, .. } => {
                            if !v.unavailable.contains(&why) {
                                v.unavailable.push(why);
                            }
                        }
                    }
                }
                v.set_sources(streams);
            }
            Err(e) => v.error = Some(e.to_string()),
        }
        self.dirty = true;
    }

    pub(super) fn on_log_lines(&mut self, id: u64, events: Vec<LogEvent>) {
        if let Some(v) = self.logs_of(id) {
            v.append(events);
            self.dirty = true;
        }
    }

    pub(super) fn on_log_feed(&mut self, id: u64, feed: LogFeed) {
        if let Some(v) = self.logs_of(id) {
            if v.feed != feed {
                v.feed = feed;
                self.dirty = true;
            }
        }
    }

    pub(super) fn on_saved(&mut self, path: PathBuf, result: Result<usize, String>) {
        match result {
            Ok(n) => self.say(
                Severity::Info,
                format!("saved {n} lines to {}", path.display()),
            ),
            Err(e) => self.say(
                Severity::Error,
                format!("could not save the logs to {}: {e}", path.display()),
            ),
        }
    }

    /// Close the logs view: stop its reader, and refresh the table under it again.
    fn close_logs(&mut self, id: u64) -> Vec<Effect> {
        self.mode = Mode::Normal;
        let mut effects = vec![Effect::CloseLogs(id)];
        effects.extend(self.watch_effects());
        effects
    }

    /// Start over with other settings (a time window, follow on again): a new reader.
    fn reopen(&mut self, mut v: Box<LogView>, start: LogStart, clear: bool) -> Vec<Effect> {
        let old = v.id;
        self.next_log_id += 1;
        v.id = self.next_log_id;
        v.start = start;
        v.follow = true;
        if clear {
            v.clear();
        }
        let request = self.log_request(&v);
        self.mode = Mode::Logs(v);
        vec![Effect::CloseLogs(old), Effect::OpenLogs(request)]
    }

    pub(super) fn on_logs_key(&mut self, ev: KeyEvent, mut v: Box<LogView>) -> Vec<Effect> {
        self.dirty = true;
        v.rows = self.log_rows();
        if let Some(mut typing) = v.typing.take() {
            match ev.code {
                KeyCode::Esc => {}
                KeyCode::Enter => {
                    let result = if typing.filter {
                        v.set_filter(&typing.text)
                    } else {
                        v.set_search(&typing.text)
                    };
                    if let Err(e) = result {
                        typing.error = Some(e);
                        v.typing = Some(typing);
                    }
                }
                _ => {
                    if typing.text.handle(&ev) {
                        typing.error = None;
                    }
                    v.typing = Some(typing);
                }
            }
            self.mode = Mode::Logs(v);
            return Vec::new();
        }
        let page = v.rows.max(1) as isize;
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let window = |secs: i64| LogStart::Window(secs);
        match ev.code {
            KeyCode::Esc | KeyCode::Char('q') if !ctrl => return self.close_logs(v.id),
            KeyCode::Char('s') if ctrl => return self.save_logs(v),
            KeyCode::Char('j') | KeyCode::Down => v.scroll_by(1),
            KeyCode::Char('k') | KeyCode::Up => v.scroll_by(-1),
            KeyCode::PageDown | KeyCode::Char(' ') => v.scroll_by(page),
            KeyCode::Char('f') if ctrl => v.scroll_by(page),
            KeyCode::PageUp => v.scroll_by(-page),
            KeyCode::Char('b') if ctrl => v.scroll_by(-page),
            KeyCode::Char('g') | KeyCode::Home => v.to_top(),
            KeyCode::Char('G') | KeyCode::End => v.resume(),
            KeyCode::Char('/') => {
                v.typing = Some(Typing {
                    text: v
                        .search
                        .as_ref()
                        .map(|(t, _)| t.clone())
                        .unwrap_or_default()
                        .into(),
                    filter: false,
                    error: None,
                })
            }
            KeyCode::Char('&') => {
                v.typing = Some(Typing {
                    text: v
                        .filter
                        .as_ref()
                        .map(|(t, _)| t.clone())
                        .unwrap_or_default()
                        .into(),
                    filter: true,
                    error: None,
                })
            }
            KeyCode::Char('n') => v.jump(true),
            KeyCode::Char('N') => v.jump(false),
            KeyCode::Char('w') => v.wrap = !v.wrap,
            KeyCode::Char('t') => v.timestamps = !v.timestamps,
            KeyCode::Char('C') => v.clear(),
            KeyCode::Char('f') => {
                if v.follow {
                    v.follow = false;
                    v.feed = LogFeed::new(crate::model::LogMode::Paused);
                    let id = v.id;
                    self.mode = Mode::Logs(v);
                    return vec![Effect::CloseLogs(id)];
                }
                // Follow again from the newest line kept (duplicates are dropped).
                let from = v
                    .lines
                    .back()
                    .map_or(self.now.timestamp_millis() - 60_000, |l| l.ts);
                v.resume();
                return self.reopen(v, LogStart::Since(from), false);
            }
            KeyCode::Char('0') => {
                return self.reopen(v, LogStart::Last(self.logs.tail_lines), true)
            }
            KeyCode::Char('1') => return self.reopen(v, window(60), true),
            KeyCode::Char('2') => return self.reopen(v, window(300), true),
            KeyCode::Char('3') => return self.reopen(v, window(900), true),
            KeyCode::Char('4') => return self.reopen(v, window(3600), true),
            KeyCode::Char('5') => return self.reopen(v, LogStart::TaskStart, true),
            _ => {}
        }
        self.mode = Mode::Logs(v);
        Vec::new()
    }

    /// Rows of text a logs view has: the screen less its frame and the header.
    pub fn log_rows(&self) -> usize {
        (self.areas().body().height as usize)
            .saturating_sub(3)
            .max(1)
    }

    fn save_logs(&mut self, v: Box<LogView>) -> Vec<Effect> {
        let label: String = v
            .scope
            .label()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let name = format!(
            "ecsdeck-logs-{label}-{}.log",
            self.now.format("%Y%m%dT%H%M%S")
        );
        let path = self
            .logs
            .save_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from("."))
            .join(name);
        let text = v.to_text();
        let lines = v.lines.len();
        self.mode = Mode::Logs(v);
        vec![Effect::Save { path, text, lines }]
    }
}
