//! ECS events as the console takes them in: a bounded history (for `:events`), duplicates dropped
//! by id, task events applied to the task rows at once (and kept over polled rows until the API
//! catches up — an event newer than what a poll returned wins), and a refresh of what is on screen
//! asked for (single-flight in the sync layer) so the rest of the picture follows.

use super::{App, Effect};
use crate::model::{EcsEvent, EventKind, LogFeed, Query, Task, TaskChange, Timestamp};
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;

/// Events kept for `:events`.
pub const HISTORY: usize = 2_000;
/// Task events kept to lay over polled rows.
const PATCHES: usize = 5_000;

/// Where the console's events come from, and how that is going.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventsState {
    /// Why events are off, when they are.
    pub off: Option<String>,
    /// The feed's state once it runs.
    pub feed: Option<LogFeed>,
    /// Newest first.
    pub history: VecDeque<EcsEvent>,
    seen: HashSet<String>,
    seen_order: VecDeque<String>,
    /// Task ARN → the newest event of it, while no answer has caught up with it (a fast hash:
    /// every task of every answer is looked up here).
    patches: foldhash::HashMap<String, TaskChange>,
    patch_order: VecDeque<String>,
    /// When the newest event happened (ms).
    pub last_event: Option<i64>,
    /// Events taken in since the start (not counting duplicates and stale ones).
    pub received: u64,
    /// When events last asked each query for a refresh.
    refreshed: HashMap<Query, crate::model::Timestamp>,
    /// A refresh asked for inside the gap, sent when it is over.
    trailing: Option<Query>,
    /// What events named for a targeted describe (while they cover the view on screen).
    pub(super) targets: super::event_mode::Targets,
}

/// At most one event-triggered refresh per query this often.
pub const EVENT_REFRESH_GAP: chrono::Duration = chrono::Duration::seconds(5);
/// `:pulse` reads every cluster: at most one event-triggered refresh this often.
pub const PULSE_EVENT_GAP: chrono::Duration = chrono::Duration::seconds(15);

impl EventsState {
    /// The age of the newest event as the footer says it (`· last 3m`), for the tick to notice
    /// when it changes.
    pub fn last_event_age(&self, now: Timestamp) -> Option<String> {
        self.last_event.map(|last| {
            let age = (now.timestamp_millis() - last).max(0) / 1000;
            crate::model::format_age(now - chrono::Duration::seconds(age), now)
        })
    }

    pub fn off(why: impl Into<String>) -> Self {
        Self {
            off: Some(why.into()),
            ..Self::default()
        }
    }

    /// Take in events; returns the ones that are new (not seen, not older than what is shown).
    pub fn accept(&mut self, events: Vec<EcsEvent>) -> Vec<EcsEvent> {
        let mut fresh = Vec::new();
        for e in events {
            if !e.id.is_empty() {
                if !self.seen.insert(e.id.clone()) {
                    continue;
                }
                self.seen_order.push_back(e.id.clone());
                if self.seen_order.len() > HISTORY * 4 {
                    if let Some(old) = self.seen_order.pop_front() {
                        self.seen.remove(&old);
                    }
                }
            }
            if let EventKind::Task(t) = &e.kind {
                let older = self
                    .patches
                    .get(&t.task_arn)
                    .is_some_and(|p| p.version.unwrap_or(0) > t.version.unwrap_or(0));
                if older {
                    continue;
                }
                if self.patches.insert(t.task_arn.clone(), t.clone()).is_none() {
                    self.patch_order.push_back(t.task_arn.clone());
                    if self.patch_order.len() > PATCHES {
                        if let Some(old) = self.patch_order.pop_front() {
                            self.patches.remove(&old);
                        }
                    }
                }
            }
            self.last_event = Some(self.last_event.map_or(e.time, |l| l.max(e.time)));
            self.received += 1;
            self.history.push_front(e.clone());
            fresh.push(e);
        }
        self.history.truncate(HISTORY);
        fresh
    }

    /// Lay task events over rows read from the API, where the event is newer (a task shared
    /// with others is copied first). An event the answer has caught up with is done with.
    pub fn patch(&mut self, tasks: &mut [Arc<Task>]) -> bool {
        if self.patches.is_empty() {
            return false;
        }
        let mut changed = false;
        let mut caught_up = Vec::new();
        for t in tasks.iter_mut() {
            let Some(p) = self.patches.get(&t.arn) else {
                continue;
            };
            if p.version.unwrap_or(0) > t.version.unwrap_or(0) {
                apply(Arc::make_mut(t), p);
                changed = true;
            } else {
                caught_up.push(t.arn.clone());
            }
        }
        for arn in caught_up {
            self.patches.remove(&arn);
        }
        changed
    }

    /// Lay the newest event of this task over it, if the event is newer. Returns whether it did.
    pub fn patch_one(&self, t: &mut Task) -> bool {
        let Some(p) = self.newer(t) else {
            return false;
        };
        apply(t, p);
        true
    }

    fn newer(&self, t: &Task) -> Option<&TaskChange> {
        self.patches
            .get(&t.arn)
            .filter(|p| p.version.unwrap_or(0) > t.version.unwrap_or(0))
    }

    pub fn patches(&self) -> usize {
        self.patches.len()
    }
}

fn apply(t: &mut Task, p: &TaskChange) {
    let at = |ms: Option<i64>| ms.and_then(chrono::DateTime::from_timestamp_millis);
    if !p.last_status.is_empty() {
        t.last_status = p.last_status.clone();
    }
    if !p.desired_status.is_empty() {
        t.desired_status = p.desired_status.clone();
    }
    if p.stop_code.is_some() {
        t.stop_code = p.stop_code.clone();
    }
    if p.stopped_reason.is_some() {
        t.stopped_reason = p.stopped_reason.clone();
    }
    if let Some(s) = at(p.started_at) {
        t.started_at = Some(s);
    }
    if let Some(s) = at(p.stopped_at) {
        t.stopped_at = Some(s);
    }
    for (name, status, exit, reason) in &p.containers {
        if let Some(c) = t.containers.iter_mut().find(|c| &c.name == name) {
            if !status.is_empty() {
                c.last_status = status.clone();
            }
            if exit.is_some() {
                c.exit_code = *exit;
            }
            if reason.is_some() {
                c.reason = reason.clone();
            }
        }
    }
    t.version = p.version.or(t.version);
}

impl App {
    pub(super) fn on_events(&mut self, events: Vec<EcsEvent>) -> Vec<Effect> {
        let fresh = self.events.accept(events);
        if fresh.is_empty() {
            return Vec::new();
        }
        self.dirty = true;
        self.refill_timelines();
        let (now, page) = (self.now, self.page());
        // Task rows change at once — in the tables that show one of these tasks (a large table
        // is not copied for events about other tasks).
        let tasks: HashSet<&str> = fresh
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::Task(t) => Some(t.task_arn.as_str()),
                _ => None,
            })
            .collect();
        for v in &mut self.stack {
            if let Some(t) = v.rows_mut::<Task>() {
                // In place: the rows of these tasks, moved to their sorted places; the rest of
                // the table is not looked at.
                let events = &self.events;
                t.patch(tasks.iter().copied(), now, page, |row| {
                    events.patch_one(row)
                });
            } else if let Some(t) = v.rows_mut::<EcsEvent>() {
                t.ingest(self.events.history.iter().cloned().collect(), now, page);
            }
        }
        // The rest of the picture follows: refresh what is on screen if the events are about
        // its cluster (the sync layer keeps it to one request in flight).
        let clusters: HashSet<String> = fresh.iter().map(EcsEvent::cluster).collect();
        if matches!(self.mode, super::Mode::Logs(_)) {
            return Vec::new();
        }
        // Where events keep the view fresh, they name what to describe; nothing is re-listed.
        if let Some(q) = self.view().kind.query().filter(|q| self.events_cover(q)) {
            return self.target_events(&fresh, &q);
        }
        let wanted = match self.view().kind.query() {
            Some(q @ (Query::Services { .. } | Query::Tasks { .. } | Query::Task { .. }))
            | Some(q @ Query::Instances { .. })
                if self
                    .view()
                    .kind
                    .cluster()
                    .is_some_and(|c| clusters.contains(c)) =>
            {
                q
            }
            Some(q @ Query::Pulse { .. }) => q,
            _ => return Vec::new(),
        };
        self.event_refresh(wanted)
    }

    /// Events ask for a refresh of the view on screen, but never more than one per query per
    /// [`EVENT_REFRESH_GAP`] (pulse: [`PULSE_EVENT_GAP`]): in a busy account events arrive every
    /// second, and each refresh of a big view costs many calls. One asked for inside the gap is
    /// kept and sent when the gap is over (by the tick), so the last change is still confirmed.
    fn event_refresh(&mut self, q: Query) -> Vec<Effect> {
        let gap = match q {
            Query::Pulse { .. } => PULSE_EVENT_GAP,
            _ => EVENT_REFRESH_GAP,
        };
        let due = self
            .events
            .refreshed
            .get(&q)
            .is_none_or(|at| self.now.signed_duration_since(*at) >= gap);
        if due {
            self.events.refreshed.insert(q.clone(), self.now);
            self.events
                .refreshed
                .retain(|_, at| self.now.signed_duration_since(*at) < gap * 4);
            self.events.trailing = None;
            vec![Effect::Refresh(q)]
        } else {
            self.events.trailing = Some(q);
            Vec::new()
        }
    }

    /// On the tick: the refresh events asked for inside the gap, once the gap is over (if its
    /// view is still the one on screen).
    pub(super) fn trailing_event_refresh(&mut self) -> Vec<Effect> {
        let Some(q) = self.events.trailing.clone() else {
            return Vec::new();
        };
        if self.view().kind.query().as_ref() != Some(&q)
            || matches!(self.mode, super::Mode::Logs(_))
        {
            self.events.trailing = None;
            return Vec::new();
        }
        self.event_refresh(q)
    }

    /// How the events feed is going. Every poll brings a new `checked_at` (and, while the live
    /// tail waits to be tried again, a note counting down), which nothing on screen shows: only a
    /// change of the mode the footer shows asks for a frame, so an idle screen stays unwritten
    /// while the feed polls every 2 s.
    pub(super) fn on_events_feed(&mut self, feed: LogFeed) {
        if self.events.feed.as_ref().map(|f| f.mode) != Some(feed.mode) {
            self.dirty = true;
        }
        self.events.feed = Some(feed);
    }

    /// A service's events for its pane: what DescribeServices returned, and before it (newest
    /// first) the service-action and deployment events that arrived since, which the next
    /// refresh has not brought yet.
    pub fn service_events(
        &self,
        cluster: &str,
        service: &str,
        api: &[crate::model::ServiceEvent],
    ) -> Vec<crate::model::ServiceEvent> {
        let newest_api = api
            .iter()
            .filter_map(|e| e.created_at)
            .max()
            .map_or(i64::MIN, |t| t.timestamp_millis());
        let mut out: Vec<crate::model::ServiceEvent> = self
            .events
            .history
            .iter()
            .filter(|e| e.time > newest_api && e.cluster() == cluster)
            .filter_map(|e| match &e.kind {
                EventKind::Service(s) if crate::model::name_from_arn(&s.service_arn) == service => {
                    Some(crate::model::ServiceEvent {
                        id: e.id.clone(),
                        created_at: chrono::DateTime::from_timestamp_millis(e.time),
                        message: format!("(EventBridge) {}", e.summary()),
                    })
                }
                _ => None,
            })
            .collect();
        out.extend(api.iter().cloned());
        out
    }

    /// The history, for a new `:events` view.
    pub(super) fn fill_events(&mut self) {
        let (now, page) = (self.now, self.page());
        let items: Vec<EcsEvent> = self.events.history.iter().cloned().collect();
        if let Some(t) = self.view_mut().rows_mut::<EcsEvent>() {
            t.ingest(items, now, page);
        }
    }
}
