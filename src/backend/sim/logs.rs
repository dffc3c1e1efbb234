//! The simulated account's CloudWatch Logs. Nothing is stored: the lines a container writes in a
//! given second are a pure function of the seed, the task, the container and that second, so any
//! window can be read back at any time, memory stays flat however long the demo runs, and the
//! world's own random sequence is untouched. Containers write start-up lines, then requests,
//! now and then a warning or an error; a container that crashes writes why, just before it does.

use super::world::{SimTask, World};
use crate::backend::{LogFilter, LogStreamInfo, StreamPage};
use crate::model::{FetchError, LogEvent, Timestamp};
use std::hash::{Hash, Hasher};

/// Where a stream's lines come from: the task and container it names, and the span it covers.
struct StreamSpan<'a> {
    task: &'a SimTask,
    container: String,
    group: String,
    stream: String,
    /// First and last second (inclusive) with lines.
    from: i64,
    to: i64,
    /// The second and exit code of the container's crash, if it crashes.
    crash: Option<(i64, i32)>,
}

fn secs(t: Timestamp) -> i64 {
    t.timestamp()
}

fn mix(seed: u64, parts: &[&dyn Fn(&mut std::collections::hash_map::DefaultHasher)]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    seed.hash(&mut h);
    for p in parts {
        p(&mut h);
    }
    h.finish()
}

impl World {
    /// The task and container a stream name of a group belongs to, if any task of the account
    /// logs there (awslogs, `<prefix>/<container>/<task-id>`).
    fn stream_span(&self, group: &str, stream: &str) -> Option<StreamSpan<'_>> {
        let task_id = stream.rsplit('/').next()?;
        let task = self
            .tasks
            .values()
            .find(|st| crate::model::short_id(&st.task.arn) == task_id)?;
        self.span_of(task, group, stream)
    }

    fn stream_span_in<'a>(
        &'a self,
        by_id: &std::collections::HashMap<&str, &'a SimTask>,
        group: &str,
        stream: &str,
    ) -> Option<StreamSpan<'a>> {
        let task = by_id.get(stream.rsplit('/').next()?)?;
        self.span_of(task, group, stream)
    }

    fn span_of<'a>(
        &'a self,
        task: &'a SimTask,
        group: &str,
        stream: &str,
    ) -> Option<StreamSpan<'a>> {
        let mut parts = stream.splitn(3, '/');
        let (prefix, container, _) = (parts.next()?, parts.next()?, parts.next()?);
        let def = self.task_definitions.get(&task.task.task_definition_arn)?;
        let conf = def
            .containers
            .iter()
            .find(|c| c.name == container)?
            .log_configuration
            .as_ref()?;
        if conf.driver != "awslogs"
            || conf.options.get("awslogs-group").map(String::as_str) != Some(group)
            || conf
                .options
                .get("awslogs-stream-prefix")
                .map(String::as_str)
                != Some(prefix)
        {
            return None;
        }
        let from = secs(task.task.started_at?);
        let end = task
            .task
            .stopping_at
            .or(task.task.stopped_at)
            .unwrap_or(self.now)
            .min(self.now);
        let essential = def.containers.first().is_some_and(|c| c.name == container);
        // A crash known in advance (the crash loop) or one already behind the task: the second
        // it happens at, and the exit code. Lines before it tell why.
        let crash = task
            .crash_at
            .map(|(at, code)| (secs(at), code))
            .or_else(|| {
                let code = task
                    .task
                    .containers
                    .iter()
                    .find(|c| c.name == container)
                    .and_then(|c| c.exit_code)
                    .filter(|c| *c != 0)?;
                Some((secs(task.task.stopping_at.or(task.task.stopped_at)?), code))
            })
            .filter(|_| essential);
        Some(StreamSpan {
            task,
            container: container.to_string(),
            group: group.to_string(),
            stream: stream.to_string(),
            from,
            to: secs(end),
            crash,
        })
    }

    /// GetLogEvents from the tail: the newest `limit` lines of a stream, oldest first.
    pub fn log_tail(
        &self,
        seed: u64,
        group: &str,
        stream: &str,
        limit: usize,
    ) -> Result<Vec<LogEvent>, FetchError> {
        let span = self.stream_span(group, stream).ok_or_else(|| {
            FetchError::NotFound(format!(
                "GetLogEvents: ResourceNotFoundException: the log stream {stream} does not exist in {group}"
            ))
        })?;
        let mut out = Vec::new();
        let mut second = span.to;
        // Lines later this second have not been written yet.
        let now = self.now.timestamp_millis();
        while second >= span.from && out.len() < limit {
            let mut lines = span.lines_at(seed, second);
            lines.retain(|e| e.timestamp <= now);
            lines.reverse();
            out.extend(lines);
            second -= 1;
        }
        out.truncate(limit);
        out.reverse();
        Ok(out)
    }

    /// FilterLogEvents as the filter says: oldest first (or the newest `limit`), streams that do
    /// not exist (yet) contributing nothing, as on CloudWatch Logs; the filter pattern as
    /// CloudWatch reads plain terms and quoted phrases.
    pub fn filter_events(&self, seed: u64, filter: &LogFilter<'_>) -> Vec<LogEvent> {
        let now = self.now.timestamp_millis();
        let end = filter.end.unwrap_or(now).min(now);
        let limit = filter.limit.max(1);
        let keep = |e: &LogEvent| {
            e.timestamp >= filter.start
                && e.timestamp <= end
                && filter
                    .pattern
                    .is_none_or(|p| crate::model::pattern_matches(p, &e.message))
        };
        if filter.group == super::events::EVENTS_GROUP {
            let mut out: Vec<LogEvent> = self
                .event_log(filter.start, usize::MAX)
                .into_iter()
                .filter(|e| keep(e))
                .collect();
            return newest_or_oldest(&mut out, limit, filter.newest);
        }
        let spans: Vec<StreamSpan<'_>> = if filter.streams.is_empty() {
            self.group_spans(filter.group)
                .into_iter()
                .filter(|s| filter.prefix.is_none_or(|p| s.stream.starts_with(p)))
                .collect()
        } else {
            let by_id = self.tasks_by_id();
            filter
                .streams
                .iter()
                .filter_map(|stream| self.stream_span_in(&by_id, filter.group, stream))
                .collect()
        };
        let mut out = Vec::new();
        for span in &spans {
            let first = span.from.max(filter.start.div_euclid(1000));
            let last = span.to.min(end.div_euclid(1000));
            let mut taken = 0;
            if filter.newest {
                let mut second = last;
                while second >= first && taken < limit {
                    for e in span.lines_at(seed, second).into_iter().filter(|e| keep(e)) {
                        taken += 1;
                        out.push(e);
                    }
                    second -= 1;
                }
            } else {
                let mut second = first;
                while second <= last && taken < limit {
                    for e in span.lines_at(seed, second).into_iter().filter(|e| keep(e)) {
                        taken += 1;
                        out.push(e);
                    }
                    second += 1;
                }
            }
        }
        newest_or_oldest(&mut out, limit, filter.newest)
    }

    /// DescribeLogStreams ordered by LastEventTime, newest first (by name under a prefix): 50 a
    /// page; the token is where the next page starts.
    pub fn log_streams(&self, group: &str, prefix: Option<&str>, next: Option<&str>) -> StreamPage {
        let mut all: Vec<LogStreamInfo> = self
            .group_spans(group)
            .into_iter()
            .filter(|s| prefix.is_none_or(|p| s.stream.starts_with(p)))
            .map(|s| LogStreamInfo {
                name: s.stream,
                last_event: Some(s.to * 1000),
            })
            .collect();
        match prefix {
            Some(_) => all.sort_by(|a, b| a.name.cmp(&b.name)),
            None => all.sort_by(|a, b| b.last_event.cmp(&a.last_event).then(a.name.cmp(&b.name))),
        }
        let from = next.and_then(|t| t.parse::<usize>().ok()).unwrap_or(0);
        let to = (from + 50).min(all.len());
        StreamPage {
            streams: all.get(from..to).map(<[_]>::to_vec).unwrap_or_default(),
            next: (to < all.len()).then(|| to.to_string()),
        }
    }

    /// Tasks by their short id, for reading many named streams.
    fn tasks_by_id(&self) -> std::collections::HashMap<&str, &SimTask> {
        self.tasks
            .values()
            .map(|t| (crate::model::short_id(&t.task.arn), t))
            .collect()
    }

    /// Every stream of a group that exists: the awslogs streams of tasks that have started.
    fn group_spans(&self, group: &str) -> Vec<StreamSpan<'_>> {
        let by_id = self.tasks_by_id();
        let mut out = Vec::new();
        for t in self.tasks.values() {
            if t.task.started_at.is_none() {
                continue;
            }
            let Some(def) = self.task_definitions.get(&t.task.task_definition_arn) else {
                continue;
            };
            for c in &def.containers {
                let Some(conf) = c.log_configuration.as_ref() else {
                    continue;
                };
                if conf.options.get("awslogs-group").map(String::as_str) != Some(group) {
                    continue;
                }
                let Some(prefix) = conf.options.get("awslogs-stream-prefix") else {
                    continue;
                };
                let stream = format!(
                    "{prefix}/{}/{}",
                    c.name,
                    crate::model::short_id(&t.task.arn)
                );
                if let Some(span) = self.stream_span_in(&by_id, group, &stream) {
                    out.push(span);
                }
            }
        }
        out
    }
}

impl StreamSpan<'_> {
    /// The lines this container wrote in one second, in time order.
    fn lines_at(&self, seed: u64, second: i64) -> Vec<LogEvent> {
        let task_id = crate::model::short_id(&self.task.task.arn);
        let h = mix(
            seed,
            &[&|h| task_id.hash(h), &|h| self.container.hash(h), &|h| {
                second.hash(h)
            }],
        );
        let since_start = second - self.from;
        let texts: Vec<String> = if since_start < 3 {
            startup(&self.container, since_start, h)
        } else if let Some((at, code)) =
            self.crash.filter(|(at, _)| (0..3).contains(&(at - second)))
        {
            crash(&self.container, code, at - second)
        } else {
            // About one line a second, some seconds none, some two or three.
            let n = [0, 1, 1, 1, 2, 3][(h % 6) as usize];
            (0..n)
                .map(|k| steady(&self.container, h.rotate_left(11 * (k + 1) as u32)))
                .collect()
        };
        let n = texts.len().max(1) as u64;
        texts
            .into_iter()
            .enumerate()
            .map(|(k, message)| {
                let ms = second * 1000 + ((h >> 20) % (1000 / n) + k as u64 * (1000 / n)) as i64;
                LogEvent {
                    id: format!("{task_id}-{}-{second}-{k}", self.container),
                    timestamp: ms,
                    ingested: Some(ms + 300),
                    group: self.group.clone(),
                    stream: self.stream.clone(),
                    message,
                }
            })
            .collect()
    }
}

/// Time order, then the oldest (or the newest) `limit`.
fn newest_or_oldest(out: &mut Vec<LogEvent>, limit: usize, newest: bool) -> Vec<LogEvent> {
    crate::model::sort_events(out);
    if newest {
        let drop = out.len().saturating_sub(limit);
        out.drain(..drop);
    } else {
        out.truncate(limit);
    }
    std::mem::take(out)
}

fn hex(h: u64, len: usize) -> String {
    format!("{h:016x}").chars().take(len).collect()
}

fn startup(container: &str, n: i64, h: u64) -> Vec<String> {
    match (container, n) {
        ("envoy", 0) => {
            vec!["[info][main] initializing epoch 0 (base id=0, hot restart version=11.104)".into()]
        }
        ("envoy", 1) => vec!["[info][upstream] cds: add 3 cluster(s), remove 0 cluster(s)".into()],
        ("envoy", _) => {
            vec!["[info][main] all clusters initialized. initializing init manager".into()]
        }
        (_, 0) => vec![format!(
            "INFO  starting {container} (pid 1, build {})",
            hex(h, 7)
        )],
        (_, 1) => vec![
            "INFO  loaded configuration from environment (12 keys, 3 secrets)".into(),
            "INFO  connected to postgres at db.internal:5432 (pool 10)".into(),
        ],
        _ => vec![format!(
            "INFO  listening on 0.0.0.0:8080; {container} ready"
        )],
    }
}

fn crash(container: &str, code: i32, before_end: i64) -> Vec<String> {
    match (code, before_end) {
        (137, 2) => vec![format!(
            "WARN  heap usage at 94% of 512 MiB; gc pause 1840ms"
        )],
        (137, 1) => vec![
            "ERROR allocation failed: out of memory while buffering batch (412 MiB requested)"
                .into(),
        ],
        (137, _) => vec![format!(
            "FATAL {container} killed: container exceeded its memory limit (OutOfMemory, exit 137)"
        )],
        (_, 2) => {
            vec!["ERROR smtp relay smtp.internal:587: connection refused (attempt 5/5)".into()]
        }
        (_, 1) => vec!["ERROR giving up on the notification queue: SMTP relay unreachable".into()],
        _ => vec![format!(
            "FATAL unrecoverable error, exiting with code {code}"
        )],
    }
}

fn steady(container: &str, h: u64) -> String {
    const PATHS: [&str; 6] = [
        "/v1/orders",
        "/v1/cart",
        "/v1/users/me",
        "/v1/catalog/items",
        "/healthz",
        "/v1/payments",
    ];
    const METHODS: [&str; 4] = ["GET", "GET", "POST", "PUT"];
    let path = PATHS[(h % 6) as usize];
    let method = METHODS[((h >> 4) % 4) as usize];
    let took = 3 + (h >> 8) % 180;
    let roll = (h >> 16) % 200;
    if container == "envoy" {
        let status = if roll < 2 { 503 } else { 200 };
        return format!(
            "[access] \"{method} {path} HTTP/1.1\" {status} - 0 {} {took} {} \"10.0.{}.{}\"",
            (h >> 24) % 4096,
            took.saturating_sub(1),
            (h >> 32) % 4,
            (h >> 40) % 250 + 2
        );
    }
    match roll {
        0 => format!(
            "ERROR upstream timed out: {method} http://inventory.internal{path} after 5000ms request_id={}",
            hex(h, 12)
        ),
        1..=6 => format!("WARN  slow query on orders ({}ms): SELECT … FROM line_items WHERE order_id = $1", 800 + took * 10),
        _ => format!(
            "INFO  {method} {path} status=200 duration_ms={took} request_id={}",
            hex(h.rotate_left(17), 12)
        ),
    }
}
