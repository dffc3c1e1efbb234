//! Reading a logs view's lines in the background: find the streams from the task definitions,
//! read the first lines, then follow — a StartLiveTail session where the backend has one
//! (reconnected when it ends after its three hours), else FilterLogEvents every two seconds with an
//! overlap window, duplicates dropped. Lines go to the console in batches (every 50 ms, or
//! sooner past 5,000 lines), so a flood never queues one message per line.

use super::follow::PollCursor;
use crate::backend::EcsRead;

pub use super::log_run::{run, LogCommand, CHUNK_LINES};
use crate::model::{
    log_sources, sort_events, FetchError, LogEvent, LogFeed, LogMode, LogScope, LogSource,
    LogStart, LogStreamRef, TaskDefinition, TaskScope, TaskStatus,
};
pub use crate::protocol::LogRequest;
use crate::protocol::Msg;

use std::collections::{BTreeSet, HashMap, HashSet};

use std::time::Duration;
use tokio::sync::mpsc::UnboundedSender;

/// Poll this often when there is no live tail.
pub const POLL_EVERY: Duration = Duration::from_secs(2);
/// Each poll reads again this far back, for lines that arrive late; duplicates are dropped.
pub const OVERLAP_MS: i64 = 10_000;
/// A service's tasks are looked up again this often, so replaced tasks join the view.
pub const RESOLVE_EVERY: Duration = Duration::from_secs(30);
/// Lines are handed over at least this often while they flow…
pub const BATCH_EVERY: Duration = Duration::from_millis(50);
/// …or as soon as this many have gathered.
pub const BATCH_LINES: usize = 5_000;
/// A live session that ends sooner than this is not worth reconnecting to: poll instead.
pub const SHORT_SESSION: Duration = Duration::from_secs(10);
/// At most this many lines a poll.
pub const POLL_LIMIT: usize = 10_000;
/// StartLiveTail takes at most this many log groups.
const LIVE_TAIL_GROUPS: usize = 10;

/// Drops events already seen: by event id where the API gives one, and by stream, time and text
/// (GetLogEvents and live tail events carry no id), for events within the overlap window.
#[derive(Debug, Default)]
pub struct Dedup {
    seen: HashMap<u64, i64>,
    /// The newest timestamp accepted.
    pub newest: Option<i64>,
}

fn content_key(e: &LogEvent) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (&e.group, &e.stream, e.timestamp, &e.message).hash(&mut h);
    h.finish()
}

fn id_key(id: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    ("id", id).hash(&mut h);
    h.finish()
}

impl Dedup {
    /// The events not seen before, in the order given; remembers them.
    pub fn accept(&mut self, events: Vec<LogEvent>) -> Vec<LogEvent> {
        let mut fresh = Vec::with_capacity(events.len());
        for e in events {
            let content = content_key(&e);
            let id = (!e.id.is_empty()).then(|| id_key(&e.id));
            if self.seen.contains_key(&content) || id.is_some_and(|k| self.seen.contains_key(&k)) {
                continue;
            }
            self.seen.insert(content, e.timestamp);
            if let Some(k) = id {
                self.seen.insert(k, e.timestamp);
            }
            self.newest = Some(self.newest.map_or(e.timestamp, |n| n.max(e.timestamp)));
            fresh.push(e);
        }
        // Forget what is older than any later read can return again.
        if let Some(newest) = self.newest {
            let keep_from = newest - 6 * OVERLAP_MS;
            if self.seen.len() > 50_000 || fresh.len() > 1000 {
                self.seen.retain(|_, ts| *ts >= keep_from);
            }
        }
        fresh
    }

    pub fn remembered(&self) -> usize {
        self.seen.len()
    }
}

/// The state of one logs view's reader: its streams, what it has seen, where polling resumes.
pub struct LogReader {
    pub request: LogRequest,
    /// The streams followed: those of the view's tasks that exist, most recently written first,
    /// at most `FOLLOW_CAP`.
    pub streams: Vec<LogStreamRef>,
    /// Every stream the view's tasks write to, by their task definitions (existing or not).
    pub(super) derived: HashSet<(String, String)>,
    /// `streams`, for filtering a live tail.
    followed: HashSet<(String, String)>,
    pub dedup: Dedup,
    defs: HashMap<String, TaskDefinition>,
    /// The earliest start of the tasks in view (for `since start`).
    task_start: Option<i64>,
    /// When the view's task stopped (a task scope on a stopped task): its lines end there.
    pub stopped_at: Option<i64>,
    /// The newest event of the followed streams, as CloudWatch listed them.
    pub(super) newest_event: Option<i64>,
    /// What the last look for streams found and cost.
    pub discovery: super::log_streams::Discovery,
    /// Where progress goes while streams are found (the view's feed), if anywhere.
    pub progress: Option<UnboundedSender<Msg>>,
    /// Where the next poll reads from.
    cursor: PollCursor,
}

/// Messages for the console about a reader's progress.
pub(super) fn feed(id: u64, feed: LogFeed) -> Msg {
    Msg::LogFeed { id, feed }
}

impl LogReader {
    pub fn new(request: LogRequest) -> Self {
        Self {
            request,
            streams: Vec::new(),
            derived: HashSet::new(),
            followed: HashSet::new(),
            dedup: Dedup::default(),
            defs: HashMap::new(),
            task_start: None,
            stopped_at: None,
            newest_event: None,
            discovery: Default::default(),
            progress: None,
            cursor: PollCursor::default(),
        }
    }

    /// The earliest start of the tasks in view.
    pub(super) fn task_start(&self) -> Option<i64> {
        self.task_start
    }

    /// The message saying which streams are followed (and when the task stopped).
    pub fn streams_msg(&self) -> Msg {
        Msg::LogStreams {
            id: self.request.id,
            following: self.streams.len(),
            of: self.discovery.derived,
            stopped_at: self.stopped_at,
            note: self.discovery.error.as_ref().map(|why| {
                format!(
                    "{why} — reading the task definitions' streams as they are (see docs/iam.md)"
                )
            }),
        }
    }

    /// Find the view's log sources from its tasks and their task definitions. Returns the message
    /// for the console and whether the set of streams changed.
    pub async fn resolve(&mut self, backend: &dyn EcsRead) -> (Msg, bool) {
        let id = self.request.id;
        // Listing a big service's tasks takes a while: say what is going on.
        if let (Some(out), LogScope::Service { service, .. }) =
            (&self.progress, &self.request.scope)
        {
            let mut f = LogFeed::new(LogMode::Loading);
            f.note = Some(format!("finding the tasks of {service}…"));
            let _ = out.send(feed(id, f));
        }
        match self.sources(backend).await {
            Ok(sources) => {
                let derived: Vec<LogStreamRef> = sources
                    .iter()
                    .filter_map(|s| match s {
                        LogSource::Stream(r) => Some(r.clone()),
                        LogSource::Unavailable { .. } => None,
                    })
                    .collect();
                self.derived = super::log_streams::keys(&derived);
                let progress = self.progress.clone();
                let report = move |d: &super::log_streams::Discovery| {
                    if let Some(out) = &progress {
                        let _ = out.send(super::log_streams::progress_msg(id, d));
                    }
                };
                let (streams, discovery) = self.discover(backend, derived, &report).await;
                self.discovery = discovery;
                let changed = streams != self.streams;
                self.followed = super::log_streams::keys(&streams);
                self.streams = streams;
                (
                    Msg::LogSources {
                        id,
                        sources: Ok(sources),
                    },
                    changed,
                )
            }
            Err(e) => (
                Msg::LogSources {
                    id,
                    sources: Err(e),
                },
                false,
            ),
        }
    }

    async fn definition(
        &mut self,
        backend: &dyn EcsRead,
        arn: &str,
    ) -> Result<TaskDefinition, FetchError> {
        if let Some(d) = self.defs.get(arn) {
            return Ok(d.clone());
        }
        let d = backend.task_definition(arn).await?;
        self.defs.insert(arn.to_string(), d.clone());
        Ok(d)
    }

    async fn sources(&mut self, backend: &dyn EcsRead) -> Result<Vec<LogSource>, FetchError> {
        let (cluster, only) = match &self.request.scope {
            LogScope::Container {
                cluster, container, ..
            } => (cluster.clone(), Some(container.clone())),
            LogScope::Task { cluster, .. } | LogScope::Service { cluster, .. } => {
                (cluster.clone(), None)
            }
        };
        let tasks = match &self.request.scope {
            LogScope::Container { task, .. } | LogScope::Task { task, .. } => {
                match backend.task(&cluster, task).await? {
                    Some(t) => vec![std::sync::Arc::new(t)],
                    None => {
                        return Err(FetchError::NotFound(format!(
                            "task {} is gone",
                            crate::model::short_id(task)
                        )))
                    }
                }
            }
            LogScope::Service { service, .. } => {
                let mut tasks = backend
                    .tasks(
                        &cluster,
                        &TaskScope::Service(service.clone()),
                        TaskStatus::Running,
                    )
                    .await?
                    .items;
                tasks.sort_by(|a, b| a.started_at.cmp(&b.started_at).then(a.arn.cmp(&b.arn)));
                tasks
            }
        };
        self.task_start = tasks
            .iter()
            .filter_map(|t| t.started_at.or(t.created_at))
            .map(|t| t.timestamp_millis())
            .min();
        // A stopped task's lines end when it stopped; there is nothing to follow.
        self.stopped_at = match tasks.as_slice() {
            [t] if t.last_status == crate::model::status::STOPPED => {
                t.stopped_at.or(t.stopping_at).map(|t| t.timestamp_millis())
            }
            _ => None,
        };
        let mut out = Vec::new();
        for t in &tasks {
            let def = self.definition(backend, &t.task_definition_arn).await?;
            out.extend(log_sources(t, &def, only.as_deref()));
        }
        Ok(out)
    }

    pub(super) fn by_group(&self) -> Vec<(String, Vec<String>)> {
        let mut groups: Vec<(String, Vec<String>)> = Vec::new();
        for s in &self.streams {
            match groups.iter_mut().find(|(g, _)| *g == s.group) {
                Some((_, streams)) => streams.push(s.stream.clone()),
                None => groups.push((s.group.clone(), vec![s.stream.clone()])),
            }
        }
        groups
    }

    /// The first lines, as the request's start says.
    pub async fn first(
        &mut self,
        backend: &dyn EcsRead,
        now_ms: i64,
    ) -> Result<Vec<LogEvent>, FetchError> {
        let limit = self.request.limit.max(1);
        let events = match self.request.start {
            LogStart::Last(n) => {
                // Back from the newest line there is: a stopped task's stop, else the newest
                // event CloudWatch listed for the streams followed.
                let anchor = self
                    .stopped_at
                    .or(self.newest_event)
                    .unwrap_or(now_ms)
                    .min(now_ms);
                if let Some(pattern) = self.request.pattern.clone() {
                    self.read_window(
                        backend,
                        anchor - 3_600_000,
                        Some(anchor),
                        Some(&pattern),
                        n.min(limit),
                        true,
                    )
                    .await?
                } else {
                    self.newest_lines(backend, anchor, n.min(limit)).await?
                }
            }
            LogStart::Window(secs) => {
                self.window(backend, now_ms - secs * 1000, None, limit)
                    .await?
            }
            LogStart::Since(ms) => self.read_from(backend, ms, limit).await?,
            LogStart::TaskStart => {
                let from = self.task_start.unwrap_or(now_ms - 3_600_000);
                self.window(backend, from, None, limit).await?
            }
            LogStart::Between { from, to } => self.window(backend, from, to, limit).await?,
        };
        Ok(self.dedup.accept(events))
    }

    /// A window of every stream of the view's tasks (the search pattern applied), up to a
    /// stopped task's stop: the newest `limit` lines of it.
    async fn window(
        &self,
        backend: &dyn EcsRead,
        from: i64,
        to: Option<i64>,
        limit: usize,
    ) -> Result<Vec<LogEvent>, FetchError> {
        let to = match (to, self.stopped_at) {
            (Some(t), Some(s)) => Some(t.min(s)),
            (t, s) => t.or(s),
        };
        let pattern = self.request.pattern.clone();
        self.read_window(backend, from, to, pattern.as_deref(), limit, true)
            .await
    }

    async fn read_from(
        &self,
        backend: &dyn EcsRead,
        from_ms: i64,
        limit: usize,
    ) -> Result<Vec<LogEvent>, FetchError> {
        let mut all = Vec::new();
        for (group, streams) in self.by_group() {
            all.extend(backend.log_events(&group, &streams, from_ms, limit).await?);
        }
        sort_events(&mut all);
        all.truncate(limit);
        Ok(all)
    }

    /// One poll: everything from the newest line seen, less the overlap window, not seen
    /// before — or, when the last read was full (a flood), on from its newest line. The flag
    /// says whether polling is caught up (false: poll again at once).
    pub async fn poll(
        &mut self,
        backend: &dyn EcsRead,
        now_ms: i64,
    ) -> Result<(Vec<LogEvent>, bool), FetchError> {
        let from = self.cursor.start(self.dedup.newest, now_ms, 60_000);
        let events = self.read_from(backend, from, POLL_LIMIT).await?;
        let caught_up = self.cursor.after_read(&events, from, POLL_LIMIT);
        Ok((self.dedup.accept(events), caught_up))
    }

    /// Read again from further back (new streams joined: their first lines are older than the
    /// newest line seen).
    pub async fn catch_up(
        &mut self,
        backend: &dyn EcsRead,
        now_ms: i64,
    ) -> Result<Vec<LogEvent>, FetchError> {
        let from = now_ms - RESOLVE_EVERY.as_millis() as i64 - 15_000;
        let events = self.read_from(backend, from, 10_000).await?;
        Ok(self.dedup.accept(events))
    }

    /// The `(name, arn)` pairs a live tail session takes, if there are few enough groups.
    pub(super) fn live_groups(&self) -> Option<Vec<(String, String)>> {
        let groups: BTreeSet<(String, String)> = self
            .streams
            .iter()
            .map(|s| (s.group.clone(), s.group_arn.clone()))
            .collect();
        (!groups.is_empty() && groups.len() <= LIVE_TAIL_GROUPS)
            .then(|| groups.into_iter().collect())
    }

    pub(super) fn wants(&self, e: &LogEvent) -> bool {
        self.followed.contains(&(e.group.clone(), e.stream.clone()))
    }
}

/// Write a logs view's lines to a file; the answer for the console.
pub fn save(path: std::path::PathBuf, text: &str, lines: usize) -> Msg {
    let result = crate::files::private_create(&path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
        .map(|()| lines)
        .map_err(|e| e.to_string());
    Msg::Saved { path, result }
}

pub(super) fn lines(id: u64, events: Vec<LogEvent>) -> Vec<Msg> {
    if events.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut events = events;
    while events.len() > BATCH_LINES {
        let rest = events.split_off(BATCH_LINES);
        out.push(Msg::LogLines { id, events });
        events = rest;
    }
    out.push(Msg::LogLines { id, events });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(n: u64, ts: i64) -> LogEvent {
        LogEvent {
            id: format!("e{n}"),
            timestamp: ts,
            ingested: None,
            group: "g".into(),
            stream: "s".into(),
            message: format!("line {n}"),
        }
    }

    /// A feed read for a day (every two seconds, each read overlapping the last) drops what it
    /// has seen and remembers a bounded number of events.
    #[test]
    fn the_duplicate_filter_stays_bounded_for_a_day_and_drops_the_overlap() {
        let mut d = Dedup::default();
        let mut n = 0u64;
        let mut all: Vec<LogEvent> = Vec::new();
        let mut peak = 0;
        for read in 0..43_200i64 {
            let now = read * 2_000;
            // Ten new events a read, and the last few seconds again (the overlap).
            for k in 0..10 {
                all.push(event(n, now + k * 200));
                n += 1;
            }
            let from = now - OVERLAP_MS;
            let batch: Vec<LogEvent> = all
                .iter()
                .rev()
                .take_while(|e| e.timestamp >= from)
                .cloned()
                .collect();
            let fresh = d.accept(batch.into_iter().rev().collect());
            assert_eq!(fresh.len(), 10, "read {read}: only the new events pass");
            if all.len() > 200 {
                all.drain(..all.len() - 200);
            }
            peak = peak.max(d.remembered());
        }
        assert!(peak <= 60_000, "{peak} remembered at most");
    }
}
