//! The logs view (`l`): its buffer (`state.rs`), its opening, what its reader reports and its
//! keys (here; the keys are entries of the key table under `Screen::Logs`), and its drawing
//! (`draw.rs`).

mod draw;
mod position;
mod state;
pub mod window;

pub use draw::draw;
pub use state::{clean, tag, LogLine, LogView, Typing};

use super::viewer::{self, Purpose, Step};
use super::{stay, Answer, Outcome};
use crate::app::keys::{Action, Screen};
use crate::app::status::Severity;
use crate::app::{App, Effect, Mode};
use crate::model::{FetchError, LogEvent, LogFeed, LogSource, LogStart};
use crate::protocol::LogRequest;
use crossterm::event::KeyEvent;
use std::path::PathBuf;

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
    pub(crate) fn open_logs(&mut self) -> Vec<Effect> {
        let Some(cluster) = self.current_cluster().map(str::to_string) else {
            return Vec::new();
        };
        let v = self.view();
        let scope = v.table().selected_log_scope(&v.at(Some(&cluster)));
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
            pattern: v.pattern.clone(),
        }
    }

    /// The logs view, if it is open and `id` is its reader's.
    fn logs_of(&mut self, id: u64) -> Option<&mut LogView> {
        match &mut self.mode {
            Mode::Logs(v) if v.id == id => Some(v),
            _ => None,
        }
    }

    pub(crate) fn on_log_sources(&mut self, id: u64, sources: Result<Vec<LogSource>, FetchError>) {
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

    pub(crate) fn on_log_lines(&mut self, id: u64, events: Vec<LogEvent>) {
        if let Some(v) = self.logs_of(id) {
            v.reading_more = false;
            v.append(events);
            self.dirty = true;
        }
    }

    pub(crate) fn on_log_feed(&mut self, id: u64, feed: LogFeed) {
        if let Some(v) = self.logs_of(id) {
            if v.feed != feed {
                v.feed = feed;
                self.dirty = true;
            }
        }
    }

    pub(crate) fn on_saved(&mut self, path: PathBuf, result: Result<usize, String>) {
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
        vec![Effect::CloseLogs(id)]
    }

    /// Start over with other settings (a time window, follow on again): a new reader.
    fn reopen(&mut self, v: &mut LogView, start: LogStart, clear: bool) -> Vec<Effect> {
        // A stopped task's lines end at its stop: nothing to follow.
        let follow = v.stopped_at.is_none();
        self.reopen_with(v, start, clear, follow)
    }

    fn reopen_with(
        &mut self,
        v: &mut LogView,
        start: LogStart,
        clear: bool,
        follow: bool,
    ) -> Vec<Effect> {
        let old = v.id;
        self.next_log_id += 1;
        v.id = self.next_log_id;
        v.start = start;
        v.follow = follow;
        v.reached = None;
        v.reading_more = false;
        if clear {
            v.clear();
        }
        let request = self.log_request(v);
        vec![Effect::CloseLogs(old), Effect::OpenLogs(request)]
    }

    pub(super) fn logs_key(&mut self, v: &mut Box<LogView>, ev: &KeyEvent) -> Answer {
        v.rows = self.log_rows();
        let page = v.rows;
        let action = match viewer::on_key(&self.keymap, Screen::Logs, page, v.as_mut(), ev) {
            Step::Close => return (Outcome::Close, self.close_logs(v.id)),
            Step::Done | Step::Nothing => return stay(),
            Step::Other(action) => action,
            Step::Submitted(Purpose::Window, text) => return self.read_window(v, &text),
            Step::Submitted(_, text) => return self.find_on_server(v, &text),
        };
        let window = |secs: i64| LogStart::Window(secs);
        let start = match action {
            Action::SaveLines => return (Outcome::Stay, self.save_logs(v)),
            Action::StreamLink => {
                let Some(r) = v.stream_in_view() else {
                    self.say(Severity::Warn, "no stream in view yet");
                    return stay();
                };
                // The group's region (awslogs-region), from its ARN.
                let region = r
                    .group_arn
                    .split(':')
                    .nth(3)
                    .filter(|r| !r.is_empty())
                    .map(str::to_string)
                    .or_else(|| self.region.clone())
                    .unwrap_or_else(|| "us-east-1".into());
                let url = crate::model::console::log_stream_url(&region, &r.group, &r.stream);
                self.say(Severity::Info, format!("copied {url}"));
                return (Outcome::Stay, vec![Effect::Copy(url)]);
            }
            Action::OnlyMatching => {
                v.typing = Some(Typing {
                    text: v
                        .filter
                        .as_ref()
                        .map(|(t, _)| t.clone())
                        .unwrap_or_default()
                        .into(),
                    purpose: Purpose::Filter,
                    error: None,
                });
                return stay();
            }
            Action::ReadWindow => {
                v.typing = Some(Typing {
                    purpose: Purpose::Window,
                    ..Typing::default()
                });
                return stay();
            }
            Action::FindOnServer => {
                v.typing = Some(Typing {
                    text: v.pattern.clone().unwrap_or_default().into(),
                    purpose: Purpose::Find,
                    error: None,
                });
                return stay();
            }
            Action::OlderLines => return (Outcome::Stay, self.more_lines(v, true)),
            Action::NewerLines => return (Outcome::Stay, self.more_lines(v, false)),
            Action::Wrap => {
                v.wrap = !v.wrap;
                return stay();
            }
            Action::Timestamps => {
                v.timestamps = !v.timestamps;
                return stay();
            }
            Action::ClearLines => {
                v.clear();
                return stay();
            }
            Action::Follow if v.follow => {
                v.follow = false;
                v.feed = LogFeed::new(crate::model::LogMode::Paused);
                return (Outcome::Stay, vec![Effect::CloseLogs(v.id)]);
            }
            Action::Follow => {
                // Follow again from the newest line kept (duplicates are dropped).
                let from = v
                    .lines
                    .back()
                    .map_or(self.now.timestamp_millis() - 60_000, |l| l.ts);
                v.resume();
                return (Outcome::Stay, self.reopen(v, LogStart::Since(from), false));
            }
            Action::TailLines => LogStart::Last(self.logs.tail_lines),
            Action::LastMinute => window(60),
            Action::Last5Minutes => window(300),
            Action::Last15Minutes => window(900),
            Action::LastHour => window(3600),
            Action::SinceTaskStart => LogStart::TaskStart,
            _ => return stay(),
        };
        (Outcome::Stay, self.reopen(v, start, true))
    }

    /// `W`: read the window typed; a window not understood stays on the prompt with the reason.
    fn read_window(&mut self, v: &mut LogView, text: &str) -> Answer {
        match window::parse(text, self.now, self.local_offset) {
            Ok(w) => {
                let start = LogStart::Between {
                    from: w.from,
                    to: w.to,
                };
                // A closed window (or a stopped task) has nothing to follow.
                let follow = w.to.is_none() && v.stopped_at.is_none();
                (Outcome::Stay, self.reopen_with(v, start, true, follow))
            }
            Err(e) => {
                v.typing = Some(Typing {
                    text: text.into(),
                    purpose: Purpose::Window,
                    error: Some(e),
                });
                stay()
            }
        }
    }

    /// `F`: find the lines matching a filter pattern over the view's window, on the server;
    /// an empty pattern reads every line again.
    fn find_on_server(&mut self, v: &mut LogView, text: &str) -> Answer {
        let text = text.trim();
        v.pattern = (!text.is_empty()).then(|| text.to_string());
        // The window searched: the view's own if it has one, else from its oldest line on.
        let start = match v.start {
            w @ (LogStart::Between { .. } | LogStart::Window(_)) => w,
            _ => LogStart::Between {
                from: v
                    .lines
                    .front()
                    .map_or(self.now.timestamp_millis() - 3_600_000, |l| l.ts),
                to: None,
            },
        };
        let start = if v.pattern.is_none() {
            LogStart::Last(self.logs.tail_lines)
        } else {
            start
        };
        // Found lines are a result, not a feed: a search does not follow.
        let follow = v.pattern.is_none() && v.stopped_at.is_none();
        (Outcome::Stay, self.reopen_with(v, start, true, follow))
    }

    /// `[` / `]`: the chunk before the oldest line shown, or after the newest (for a window
    /// with an end); as long as the window, or 15 minutes.
    fn more_lines(&mut self, v: &mut LogView, older: bool) -> Vec<Effect> {
        if v.reading_more {
            return Vec::new();
        }
        let now = self.now.timestamp_millis();
        let span = match v.start {
            LogStart::Between { from, to: Some(to) } => (to - from).max(60_000),
            LogStart::Window(secs) => secs * 1000,
            _ => 15 * 60_000,
        };
        let effect = if older {
            // Before everything read so far: what `[` reached, the window's start, the oldest
            // line kept.
            let window_start = match v.start {
                LogStart::Between { from, .. } => Some(from),
                _ => None,
            };
            let to = v
                .reached
                .into_iter()
                .chain(window_start)
                .chain(v.lines.front().map(|l| l.ts))
                .min()
                .unwrap_or(now);
            Effect::MoreLogs {
                id: v.id,
                from: to - span,
                to,
                older: true,
            }
        } else {
            let open_end = matches!(v.start, LogStart::Between { to: None, .. }) || v.follow;
            let Some(from) = v.lines.back().map(|l| l.ts) else {
                return Vec::new();
            };
            if open_end || from >= now {
                self.say(
                    Severity::Info,
                    "] reads on after a window's end; this view is up to now",
                );
                return Vec::new();
            }
            Effect::MoreLogs {
                id: v.id,
                from,
                to: (from + span).min(now),
                older: false,
            }
        };
        v.reading_more = true;
        vec![effect]
    }

    /// Older lines arrived (`[`): put in front, the screen where it was.
    pub(crate) fn on_log_older(&mut self, id: u64, events: Vec<LogEvent>, from: i64) {
        let Some(v) = self.logs_of(id) else { return };
        v.reading_more = false;
        let n = v.prepend(events);
        v.reached = Some(from);
        let when = chrono::DateTime::from_timestamp_millis(from)
            .map(|t| t.format("%H:%M:%S").to_string())
            .unwrap_or_default();
        let text = if n == 0 {
            format!("no older lines back to {when} UTC ([ again: further back)")
        } else {
            format!("{n} older lines, back to {when} UTC")
        };
        self.say(Severity::Info, text);
    }

    /// Which streams the view follows, and whether its task has stopped.
    pub(crate) fn on_log_streams(
        &mut self,
        id: u64,
        following: (usize, usize),
        stopped_at: Option<i64>,
        note: Option<String>,
    ) {
        if let Some(v) = self.logs_of(id) {
            v.following = Some(following);
            v.stopped_at = stopped_at;
            v.listing_note = note;
            if stopped_at.is_some() {
                v.follow = false;
            }
            self.dirty = true;
        }
    }

    /// Rows of text a logs view has: the screen less its frame and the header.
    pub fn log_rows(&self) -> usize {
        (self.areas().body().height as usize)
            .saturating_sub(3)
            .max(1)
    }

    fn save_logs(&mut self, v: &LogView) -> Vec<Effect> {
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
        vec![Effect::Save { path, text, lines }]
    }
}
