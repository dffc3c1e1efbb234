//! Which streams a logs view reads, and reading windows of them, at any size. The streams a
//! view's tasks write to are derived from their task definitions; CloudWatch is asked which of
//! them exist and were written to most recently — DescribeLogStreams ordered by LastEventTime on
//! the group, intersected with the derived names, or one lookup by name for a few streams —
//! instead of reading every derived name. The view follows the most recent `FOLLOW_CAP`;
//! windows (a preset, an absolute window, `[` `]`, a search on the server) read every stream of
//! the view's tasks, by the streams' common name prefix when there are more than one call takes.

use super::logs::LogReader;
use crate::backend::{EcsRead, LogFilter, StreamPage};
use crate::model::{sort_events, FetchError, LogEvent, LogStreamRef};
use crate::protocol::Msg;
use std::collections::{HashMap, HashSet};

/// A view follows at most this many streams (FilterLogEvents and StartLiveTail take 100 names).
pub const FOLLOW_CAP: usize = 100;
/// Up to this many streams are looked up by name (one call each); more are found by listing the
/// group, most recently written first.
pub const LOOKUP_BY_NAME: usize = 4;
/// Pages (of 50 streams) one discovery lists at most in one group.
pub const DISCOVERY_PAGES: usize = 40;
/// The windows the first lines are looked for in, growing, back from the newest line.
const FIRST_WINDOWS_MS: [i64; 5] = [60_000, 600_000, 3_600_000, 6 * 3_600_000, 24 * 3_600_000];

/// What finding the streams cost and found, for the view's title and progress line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Discovery {
    /// Streams the view's tasks write to (by their task definitions).
    pub derived: usize,
    /// Of those, the ones CloudWatch has (as far as the listing went).
    pub found: usize,
    /// Streams listed in the groups, the view's and others'.
    pub checked: usize,
    pub calls: usize,
    /// Why a listing failed, if one did (the derived streams are then followed as they are).
    pub error: Option<String>,
}

/// The longest common prefix of some names (on a `/` boundary, so it names a directory-like
/// part), or none.
pub fn common_prefix(names: &[&str]) -> Option<String> {
    let first = *names.first()?;
    let mut len = first.len();
    for n in &names[1..] {
        len = len.min(
            first
                .bytes()
                .zip(n.bytes())
                .take_while(|(a, b)| a == b)
                .count(),
        );
    }
    let cut = first[..len].rfind('/').map(|i| i + 1)?;
    Some(first[..cut].to_string())
}

impl LogReader {
    /// Choose the streams to follow among `derived`: those CloudWatch has, most recently written
    /// first, at most [`FOLLOW_CAP`]. Progress goes to `report` as it is made.
    pub(super) async fn discover(
        &mut self,
        backend: &dyn EcsRead,
        derived: Vec<LogStreamRef>,
        report: &(dyn Fn(&Discovery) + Send + Sync),
    ) -> (Vec<LogStreamRef>, Discovery) {
        let mut d = Discovery {
            derived: derived.len(),
            ..Discovery::default()
        };
        let mut by_group: Vec<(String, HashMap<String, LogStreamRef>)> = Vec::new();
        for s in derived {
            match by_group.iter_mut().find(|(g, _)| *g == s.group) {
                Some((_, m)) => {
                    m.insert(s.stream.clone(), s);
                }
                None => {
                    let g = s.group.clone();
                    by_group.push((g, HashMap::from([(s.stream.clone(), s)])));
                }
            }
        }
        // (last event, stream) of every stream found.
        let mut found: Vec<(Option<i64>, LogStreamRef)> = Vec::new();
        let oldest_task = self.task_start();
        for (group, wanted) in &by_group {
            let mut got = 0;
            let mut listing = |page: &StreamPage, d: &mut Discovery, got: &mut usize| {
                d.checked += page.streams.len();
                for s in &page.streams {
                    if let Some(r) = wanted.get(&s.name) {
                        if !found
                            .iter()
                            .any(|(_, f)| f.group == r.group && f.stream == r.stream)
                        {
                            found.push((s.last_event, r.clone()));
                            *got += 1;
                            d.found += 1;
                        }
                    }
                }
            };
            if wanted.len() <= LOOKUP_BY_NAME {
                let mut names: Vec<&String> = wanted.keys().collect();
                names.sort();
                for name in names {
                    d.calls += 1;
                    match backend.log_streams(group, Some(name), None).await {
                        Ok(page) => listing(&page, &mut d, &mut got),
                        Err(e) => {
                            d.error.get_or_insert_with(|| listing_error(group, &e));
                        }
                    }
                }
            } else {
                let mut next: Option<String> = None;
                for _ in 0..DISCOVERY_PAGES {
                    d.calls += 1;
                    let page = match backend.log_streams(group, None, next.as_deref()).await {
                        Ok(page) => page,
                        Err(e) => {
                            d.error.get_or_insert_with(|| listing_error(group, &e));
                            break;
                        }
                    };
                    listing(&page, &mut d, &mut got);
                    report(&d);
                    // Written to before any task of the view started: the rest are older still.
                    let older = match (page.streams.last().and_then(|s| s.last_event), oldest_task)
                    {
                        (Some(last), Some(start)) => last < start,
                        _ => false,
                    };
                    next = page.next;
                    if next.is_none() || got >= wanted.len() || got >= FOLLOW_CAP || older {
                        break;
                    }
                }
            }
        }
        if d.error.is_some() && found.is_empty() {
            // Without the listing, follow the derived streams as they are.
            let mut all: Vec<LogStreamRef> = by_group
                .into_iter()
                .flat_map(|(_, m)| m.into_values())
                .collect();
            all.sort_by(|a, b| (&a.group, &a.stream).cmp(&(&b.group, &b.stream)));
            all.truncate(FOLLOW_CAP);
            return (all, d);
        }
        found.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then_with(|| (&a.1.group, &a.1.stream).cmp(&(&b.1.group, &b.1.stream)))
        });
        self.newest_event = found.iter().filter_map(|(t, _)| *t).max();
        let followed = found.into_iter().take(FOLLOW_CAP).map(|(_, r)| r).collect();
        (followed, d)
    }

    /// The lines between two instants of every stream of the view's tasks (not only those
    /// followed), matching `pattern` if given: the oldest `limit` — or, with `newest`, the newest.
    pub(super) async fn read_window(
        &self,
        backend: &dyn EcsRead,
        from: i64,
        to: Option<i64>,
        pattern: Option<&str>,
        limit: usize,
        newest: bool,
    ) -> Result<Vec<LogEvent>, FetchError> {
        let mut all = Vec::new();
        for (group, names) in self.derived_by_group() {
            let followed: Vec<String> = self
                .streams
                .iter()
                .filter(|s| s.group == group)
                .map(|s| s.stream.clone())
                .collect();
            // All of the group's streams are followed (and exist): name them. Else the streams
            // of the common prefix, filtered to the view's own.
            let by_name = followed.len() == names.len();
            let prefix = (!by_name)
                .then(|| {
                    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
                    common_prefix(&refs)
                })
                .flatten();
            let streams: &[String] = if by_name { &followed } else { &[] };
            let filter = LogFilter {
                group: &group,
                streams,
                prefix: prefix.as_deref(),
                start: from,
                end: to,
                pattern,
                limit,
                newest,
            };
            let events = backend.filter_events(&filter).await?;
            all.extend(events.into_iter().filter(|e| self.is_derived(e)));
        }
        sort_events(&mut all);
        if newest {
            let drop = all.len().saturating_sub(limit);
            all.drain(..drop);
        } else {
            all.truncate(limit);
        }
        Ok(all)
    }

    /// The newest `n` lines of the followed streams up to `anchor`: windows back from it, growing
    /// until they hold `n` lines or reach back past the view's oldest task.
    pub(super) async fn newest_lines(
        &self,
        backend: &dyn EcsRead,
        anchor: i64,
        n: usize,
    ) -> Result<Vec<LogEvent>, FetchError> {
        let mut got = Vec::new();
        for w in FIRST_WINDOWS_MS {
            let from = anchor - w;
            got = Vec::new();
            for (group, streams) in self.by_group() {
                let mut filter = LogFilter::new(&group, &streams, from, n);
                filter.end = Some(anchor);
                filter.newest = true;
                got.extend(backend.filter_events(&filter).await?);
            }
            let reached_start = self.task_start().is_some_and(|s| from <= s);
            if got.len() >= n || reached_start {
                break;
            }
        }
        sort_events(&mut got);
        let drop = got.len().saturating_sub(n);
        got.drain(..drop);
        Ok(got)
    }

    fn derived_by_group(&self) -> Vec<(String, Vec<String>)> {
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for (g, s) in &self.derived {
            match out.iter_mut().find(|(og, _)| og == g) {
                Some((_, v)) => v.push(s.clone()),
                None => out.push((g.clone(), vec![s.clone()])),
            }
        }
        out
    }

    fn is_derived(&self, e: &LogEvent) -> bool {
        self.derived.contains(&(e.group.clone(), e.stream.clone()))
    }
}

fn listing_error(group: &str, e: &FetchError) -> String {
    format!("cannot list the log streams of {group} (DescribeLogStreams): {e}")
}

/// The progress line while streams are found.
pub fn progress(d: &Discovery) -> String {
    format!(
        "finding the log streams: {} of {} found · {} listed · {} calls",
        d.found, d.derived, d.checked, d.calls
    )
}

/// Keys of a set of streams.
pub(super) fn keys(streams: &[LogStreamRef]) -> HashSet<(String, String)> {
    streams
        .iter()
        .map(|s| (s.group.clone(), s.stream.clone()))
        .collect()
}

/// Progress as a message for the view.
pub(super) fn progress_msg(id: u64, d: &Discovery) -> Msg {
    let mut f = crate::model::LogFeed::new(crate::model::LogMode::Loading);
    f.note = Some(progress(d));
    Msg::LogFeed { id, feed: f }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_common_prefix_ends_at_a_slash() {
        assert_eq!(
            common_prefix(&["ecs/web/aaa", "ecs/web/abb", "ecs/web/c"]),
            Some("ecs/web/".into())
        );
        assert_eq!(
            common_prefix(&["ecs/web/aaa", "ecs/envoy/aaa"]),
            Some("ecs/".into())
        );
        assert_eq!(common_prefix(&["a", "b"]), None);
        assert_eq!(common_prefix(&[]), None);
    }
}
