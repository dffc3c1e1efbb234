//! Logs of tasks: which CloudWatch stream holds a container's output, derived from the task
//! definition's log configuration (never guessed from "the newest stream of the group"), and the
//! log events read from them.

use super::{short_id, Task, TaskDefinition};

/// One container's CloudWatch Logs stream.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LogStreamRef {
    pub group: String,
    /// The group's ARN (what StartLiveTail takes), from the task's account and the awslogs region.
    pub group_arn: String,
    pub stream: String,
    /// The task's short id and the container name: what a line is tagged with.
    pub task_id: String,
    pub container: String,
}

/// Where a container's output is, or why it cannot be read here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogSource {
    Stream(LogStreamRef),
    Unavailable {
        task_id: String,
        container: String,
        why: String,
    },
}

/// Which lines a logs view shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LogScope {
    /// One container of a task.
    Container {
        cluster: String,
        task: String,
        container: String,
    },
    /// Every container of a task.
    Task { cluster: String, task: String },
    /// Every container of every running task of a service, interleaved by time.
    Service { cluster: String, service: String },
}

impl LogScope {
    pub fn cluster(&self) -> &str {
        match self {
            LogScope::Container { cluster, .. }
            | LogScope::Task { cluster, .. }
            | LogScope::Service { cluster, .. } => cluster,
        }
    }

    /// `checkout`, `3f2a9c1d…`, `3f2a9c1d…/envoy`.
    pub fn label(&self) -> String {
        match self {
            LogScope::Container {
                task, container, ..
            } => format!("{}/{container}", short12(task)),
            LogScope::Task { task, .. } => short12(task),
            LogScope::Service { service, .. } => format!("service {service}"),
        }
    }
}

fn short12(arn: &str) -> String {
    short_id(arn).chars().take(12).collect()
}

/// How far back a logs view starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LogStart {
    /// The newest N lines of each stream, merged, the newest N kept.
    Last(usize),
    /// A window ending now, in seconds.
    Window(i64),
    /// Since the task started (for a service: its oldest running task).
    TaskStart,
    /// From this instant (ms since the epoch): following again after a pause.
    Since(i64),
    /// Between two instants (ms since the epoch); no end: up to now, then following.
    Between { from: i64, to: Option<i64> },
}

impl LogStart {
    pub fn label(&self) -> String {
        match self {
            LogStart::Last(n) => format!("last {n}"),
            LogStart::Window(s) if s % 3600 == 0 => format!("last {}h", s / 3600),
            LogStart::Window(s) => format!("last {}m", s / 60),
            LogStart::TaskStart => "since start".into(),
            LogStart::Since(_) => "resumed".into(),
            LogStart::Between { from, to } => {
                let at = |ms: i64| {
                    chrono::DateTime::from_timestamp_millis(ms)
                        .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
                        .unwrap_or_default()
                };
                match to {
                    Some(to) => format!("{} .. {} UTC", at(*from), at(*to)),
                    None => format!("{} UTC .. now", at(*from)),
                }
            }
        }
    }
}

/// One log event as CloudWatch Logs returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEvent {
    /// The event id (unique within the group); what duplicates are dropped by.
    pub id: String,
    /// When the line was written, in milliseconds since the epoch.
    pub timestamp: i64,
    /// When CloudWatch Logs took it in, if known.
    pub ingested: Option<i64>,
    pub group: String,
    pub stream: String,
    pub message: String,
}

/// Time order, then stream: how lines of several streams interleave.
pub fn sort_events(events: &mut [LogEvent]) {
    events.sort_by(|a, b| (a.timestamp, &a.stream).cmp(&(b.timestamp, &b.stream)));
}

/// How long ago the newest of `events` was written, at `now_ms`: how far behind a feed is.
pub fn behind(events: &[LogEvent], now_ms: i64) -> Option<i64> {
    events
        .iter()
        .map(|e| e.timestamp)
        .max()
        .map(|t| (now_ms - t).max(0))
}

/// The log sources of a task's containers (of one container when `only` names it), from its task
/// definition's log configuration:
/// - `awslogs` with a stream prefix: `<prefix>/<container>/<task-id>` in `awslogs-group`;
/// - `awslogs` without a prefix: the stream is the Docker container id (`runtimeId`), known once
///   the container has started;
/// - any other driver, or none: unavailable, with a sentence that says where the output goes.
pub fn log_sources(task: &Task, def: &TaskDefinition, only: Option<&str>) -> Vec<LogSource> {
    let task_id = task.id().to_string();
    def.containers
        .iter()
        .filter(|c| only.is_none_or(|o| o == c.name))
        .map(|c| {
            let unavailable = |why: String| LogSource::Unavailable {
                task_id: task_id.clone(),
                container: c.name.clone(),
                why,
            };
            let Some(conf) = &c.log_configuration else {
                return unavailable(format!(
                    "{} has no log configuration: its output is not kept",
                    c.name
                ));
            };
            match conf.driver.as_str() {
                "awslogs" => {
                    let Some(group) = conf.options.get("awslogs-group") else {
                        return unavailable(format!(
                            "{} uses awslogs without an awslogs-group option",
                            c.name
                        ));
                    };
                    let stream = match conf.options.get("awslogs-stream-prefix") {
                        Some(prefix) if !prefix.is_empty() => {
                            format!("{prefix}/{}/{task_id}", c.name)
                        }
                        _ => match task
                            .containers
                            .iter()
                            .find(|tc| tc.name == c.name)
                            .and_then(|tc| tc.runtime_id.clone())
                        {
                            Some(runtime) => runtime,
                            None => {
                                return unavailable(format!(
                                    "{} uses awslogs without a stream prefix: its stream is named by the container id, which is not known until it starts",
                                    c.name
                                ))
                            }
                        },
                    };
                    // arn:PARTITION:ecs:REGION:ACCOUNT:task/…
                    let parts: Vec<&str> = task.arn.split(':').collect();
                    let part = |n: usize| parts.get(n).copied().unwrap_or_default();
                    let region = conf
                        .options
                        .get("awslogs-region")
                        .map(String::as_str)
                        .unwrap_or(part(3));
                    let group_arn = format!(
                        "arn:{}:logs:{region}:{}:log-group:{group}",
                        if part(1).is_empty() { "aws" } else { part(1) },
                        part(4)
                    );
                    LogSource::Stream(LogStreamRef {
                        group: group.clone(),
                        group_arn,
                        stream,
                        task_id: task_id.clone(),
                        container: c.name.clone(),
                    })
                }
                "awsfirelens" => unavailable(format!(
                    "{} logs through FireLens (awsfirelens): the lines go where its log router sends them, not to a stream ecsdeck can derive",
                    c.name
                )),
                "none" => unavailable(format!(
                    "{} has the log driver none: its output is not kept",
                    c.name
                )),
                other => unavailable(format!(
                    "{} logs with the {other} driver: only awslogs (CloudWatch Logs) can be shown here",
                    c.name
                )),
            }
        })
        .collect()
}

/// How a logs view is being fed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LogMode {
    /// Finding the streams and reading the first lines.
    Loading,
    /// A StartLiveTail session.
    Live,
    /// FilterLogEvents every few seconds.
    Polling,
    /// Not following: what is shown is all there will be until follow is turned on again.
    Paused,
}

impl LogMode {
    pub fn label(self) -> &'static str {
        match self {
            LogMode::Loading => "loading",
            LogMode::Live => "live",
            LogMode::Polling => "polling",
            LogMode::Paused => "paused",
        }
    }
}

/// What the log reader reports besides lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogFeed {
    pub mode: LogMode,
    /// Last successful read, ms since the epoch.
    pub checked_at: Option<i64>,
    /// How long the newest line took from being written to arriving here.
    pub behind_ms: Option<i64>,
    /// Why the feed is not what was asked for (no live tail, an API error), if it is not.
    pub note: Option<String>,
    /// The live tail is sampling: CloudWatch sends at most 500 lines a second of it.
    pub sampled: bool,
}

impl LogFeed {
    pub fn new(mode: LogMode) -> Self {
        Self {
            mode,
            checked_at: None,
            behind_ms: None,
            note: None,
            sampled: false,
        }
    }
}

/// Whether a line matches a CloudWatch Logs filter pattern as it reads unstructured text: every
/// term (a word, or a "quoted phrase") appears, case-sensitively; `-term` must not appear; of
/// `?term`s, at least one must. The simulator uses it; CloudWatch applies patterns itself.
pub fn pattern_matches(pattern: &str, text: &str) -> bool {
    let mut any_of: Vec<String> = Vec::new();
    let mut rest = pattern.trim();
    while !rest.is_empty() {
        let (sign, body) = match rest.as_bytes()[0] {
            b'-' => ('-', &rest[1..]),
            b'?' => ('?', &rest[1..]),
            _ => (' ', rest),
        };
        let (term, after) = match body.strip_prefix('"') {
            Some(quoted) => match quoted.find('"') {
                Some(end) => (&quoted[..end], &quoted[end + 1..]),
                None => (quoted, ""),
            },
            None => match body.find(' ') {
                Some(end) => (&body[..end], &body[end..]),
                None => (body, ""),
            },
        };
        rest = after.trim_start();
        if term.is_empty() {
            continue;
        }
        match sign {
            '-' if text.contains(term) => return false,
            '?' => any_of.push(term.to_string()),
            ' ' if !text.contains(term) => return false,
            _ => {}
        }
    }
    any_of.is_empty() || any_of.iter().any(|t| text.contains(t.as_str()))
}

#[cfg(test)]
mod pattern_tests {
    use super::pattern_matches;

    #[test]
    fn terms_phrases_exclusions_and_alternatives() {
        let line = "ERROR payment declined for order 42";
        assert!(pattern_matches("ERROR", line));
        assert!(pattern_matches("ERROR order", line));
        assert!(!pattern_matches("error", line), "case-sensitive");
        assert!(pattern_matches("\"payment declined\"", line));
        assert!(!pattern_matches("\"declined payment\"", line));
        assert!(!pattern_matches("ERROR -declined", line));
        assert!(pattern_matches("?WARN ?ERROR", line));
        assert!(!pattern_matches("?WARN ?FATAL", line));
        assert!(pattern_matches("", line));
    }
}
