//! Events instead of re-listing. While the events feed works, the views it covers — a cluster's
//! services (and a service's deployments), its tasks and a task's containers — are re-listed
//! only every `refresh.reconcile` (60 s unless configured): events patch their rows at once and
//! ask for a describe of just the tasks and services they name (DescribeTasks of up to 100 ARNs,
//! DescribeServices of up to 10 names), at most once per [`DESCRIBE_GAP`] per view. When the
//! feed stops, the ordinary intervals return at once and what is on screen is read again
//! (events may have been missed).

use super::view::ViewKind;
use super::{App, Effect, Mode};
use crate::model::{
    EcsEvent, EventKind, FetchError, Listing, LogMode, Query, Service, Task, TaskScope, Timestamp,
};
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

/// The feed counts as working while its last good read is this recent.
pub const FEED_FRESH_MS: i64 = 15_000;
/// At most one targeted describe this often (a busy account sends events every second): the
/// rows events name are patched at once, the describe brings the rest.
pub const DESCRIBE_GAP: chrono::Duration = chrono::Duration::seconds(5);
/// …or this often when an event names a task the view does not show yet (a new row).
pub const NEW_ROW_GAP: chrono::Duration = chrono::Duration::seconds(2);

/// What events named since the last targeted describe, for the view on screen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Targets {
    cluster: String,
    tasks: BTreeSet<String>,
    services: BTreeSet<String>,
    /// When the last describe was asked for.
    last: Option<Timestamp>,
    /// A task waiting to be described is not on screen yet.
    new_rows: bool,
    /// Whether events covered the view on screen at the last look (to notice the feed stop).
    pub covering: bool,
}

/// How the view on screen is kept fresh, as the header says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshMode {
    /// Re-listed every so often.
    Polling(Duration),
    /// Events patch it; re-listed every so often to reconcile.
    Events { reconcile: Duration },
    /// Not backend data.
    Local,
}

impl App {
    /// Whether the events feed is working: on, and read successfully within [`FEED_FRESH_MS`].
    pub fn feed_working(&self) -> bool {
        if self.events.off.is_some() {
            return false;
        }
        let now = self.now.timestamp_millis();
        self.events.feed.as_ref().is_some_and(|f| {
            matches!(f.mode, LogMode::Live | LogMode::Polling)
                && f.checked_at.is_some_and(|at| now - at <= FEED_FRESH_MS)
        })
    }

    /// Whether events keep this query fresh (so it is re-listed only to reconcile): the feed
    /// works, covers its cluster, and the query's own reads work (a view whose reads fail is
    /// polled, so that it shows the failure and recovers at the ordinary pace).
    pub fn events_cover(&self, q: &Query) -> bool {
        let cluster = match q {
            Query::Services { .. } | Query::Tasks { .. } | Query::Task { .. } => q.cluster(),
            _ => None,
        };
        let Some(cluster) = cluster else {
            return false;
        };
        let subscribed = self.events_clusters.is_empty()
            || self
                .events_clusters
                .iter()
                .any(|c| c == crate::model::name_from_arn(cluster));
        let failing = self
            .stack
            .iter()
            .any(|v| v.fetch.error.is_some() && v.kind.query().as_ref() == Some(q));
        subscribed && !failing && self.feed_working()
    }

    /// How often a watched query is re-listed now.
    pub fn interval_of(&self, q: &Query) -> Duration {
        let normal = self.intervals.of(q);
        if self.events_cover(q) {
            self.intervals.reconcile.max(normal)
        } else {
            normal
        }
    }

    /// How the view on screen is kept fresh.
    pub fn refresh_mode(&self) -> RefreshMode {
        match self.view().kind.query() {
            Some(q) if self.events_cover(&q) => RefreshMode::Events {
                reconcile: self.interval_of(&q),
            },
            Some(q) => RefreshMode::Polling(self.intervals.of(&q)),
            None => RefreshMode::Local,
        }
    }

    /// Note what new events name, for the view on screen; returns the describe if one is due.
    pub(super) fn target_events(&mut self, fresh: &[EcsEvent], q: &Query) -> Vec<Effect> {
        let Some(cluster) = self.view().kind.cluster().map(str::to_string) else {
            return Vec::new();
        };
        if self.events.targets.cluster != cluster {
            self.events.targets = Targets {
                cluster: cluster.clone(),
                covering: self.events.targets.covering,
                ..Targets::default()
            };
        }
        let mut tasks = Vec::new();
        let mut services = Vec::new();
        for e in fresh.iter().filter(|e| e.cluster() == cluster) {
            match &e.kind {
                EventKind::Task(t) => {
                    let service = t.group.as_deref().and_then(|g| g.strip_prefix("service:"));
                    match q {
                        Query::Tasks { scope, .. } => {
                            let belongs = match scope {
                                TaskScope::Cluster => true,
                                TaskScope::Service(s) => service == Some(s.as_str()),
                                // A new task's instance is not in its event: only rows shown.
                                TaskScope::Instance(_) => self.shows_task(&t.task_arn),
                            };
                            if belongs {
                                tasks.push(t.task_arn.clone());
                            }
                        }
                        Query::Task { arn, .. } if *arn == t.task_arn => {
                            tasks.push(t.task_arn.clone());
                        }
                        // A task of a service changes the service's counts.
                        Query::Services { .. } => services.extend(service.map(str::to_string)),
                        _ => {}
                    }
                }
                EventKind::Service(s) if matches!(q, Query::Services { .. }) => {
                    services.push(crate::model::name_from_arn(&s.service_arn).to_string());
                }
                _ => {}
            }
        }
        let unseen = tasks.iter().any(|a| !self.shows_task(a));
        let t = &mut self.events.targets;
        t.new_rows |= unseen;
        t.tasks.extend(tasks);
        t.services.extend(services);
        self.describe_due()
    }

    fn shows_task(&self, arn: &str) -> bool {
        self.view()
            .rows::<Task>()
            .is_some_and(|t| t.get(arn).is_some())
    }

    /// The targeted describe, if anything is waiting and the gap since the last is over (asked
    /// on events and on the tick).
    pub(super) fn describe_due(&mut self) -> Vec<Effect> {
        let now = self.now;
        let t = &mut self.events.targets;
        if t.tasks.is_empty() && t.services.is_empty() {
            return Vec::new();
        }
        let gap = if t.new_rows {
            NEW_ROW_GAP
        } else {
            DESCRIBE_GAP
        };
        if t.last.is_some_and(|at| now.signed_duration_since(at) < gap) {
            return Vec::new();
        }
        t.last = Some(now);
        t.new_rows = false;
        vec![Effect::Describe {
            cluster: t.cluster.clone(),
            tasks: std::mem::take(&mut t.tasks).into_iter().collect(),
            services: std::mem::take(&mut t.services).into_iter().collect(),
        }]
    }

    /// On the tick: a describe that waited for its gap, and — when the feed has just stopped
    /// covering the view on screen — a refresh at once.
    pub(super) fn events_tick(&mut self) -> Vec<Effect> {
        let q = self.view().kind.query();
        let covering = q.as_ref().is_some_and(|q| self.events_cover(q));
        let was = std::mem::replace(&mut self.events.targets.covering, covering);
        let mut effects = Vec::new();
        if was != covering {
            self.dirty = true;
        }
        match q {
            Some(q) if was && !covering => effects.push(Effect::Refresh(q)),
            Some(_) if covering => effects.extend(self.describe_due()),
            _ => {}
        }
        effects
    }

    /// A targeted describe failed: the views of that cluster it was for carry the error (shown,
    /// and polled again at the ordinary pace until a read works).
    fn describe_failed(&mut self, cluster: &str, what: &str, e: FetchError, at: Timestamp) {
        let mut notes = Vec::new();
        for view in &mut self.stack {
            let ours = match (view.kind.query(), what) {
                (Some(q @ (Query::Tasks { .. } | Query::Task { .. })), "tasks")
                | (Some(q @ Query::Services { .. }), "services") => {
                    Some(q).filter(|q| q.cluster() == Some(cluster))
                }
                _ => None,
            };
            let Some(q) = ours else { continue };
            // Worded as a failed refresh of the view is: the same error is said once.
            if view.fetch.error.as_ref().is_none_or(|(old, _)| *old != e) {
                notes.push(format!("{}: {e}", q.label()));
            }
            view.fetch.error = Some((e.clone(), at));
        }
        let severity = if e.is_transient() {
            super::status::Severity::Warn
        } else {
            super::status::Severity::Error
        };
        notes.dedup();
        for n in notes {
            self.say(severity, n);
        }
        self.dirty = true;
    }

    /// What a targeted describe found: into every view of that cluster that shows those rows.
    pub(super) fn on_described(
        &mut self,
        cluster: &str,
        tasks: Option<Result<Listing<Arc<Task>>, FetchError>>,
        services: Option<Result<Listing<Service>, FetchError>>,
        at: Timestamp,
    ) {
        if let (Some(Ok(l)), Mode::Dialog(crate::app::dialog::Dialog::Exec(d))) =
            (&services, &mut self.mode)
        {
            if d.take_service(cluster, &l.items) {
                self.dirty = true;
            }
        }
        let (page, top) = (self.page(), self.stack.len() - 1);
        let mut tasks = match tasks {
            Some(Ok(l)) => Some(l),
            Some(Err(e)) => {
                self.describe_failed(cluster, "tasks", e, at);
                None
            }
            None => None,
        };
        if let Some(l) = tasks.as_mut() {
            self.events.patch(&mut l.items);
        }
        let services = match services {
            Some(Ok(l)) => {
                if self.history.record(&l.items, at) {
                    self.dirty = true;
                }
                Some(l)
            }
            Some(Err(e)) => {
                self.describe_failed(cluster, "services", e, at);
                None
            }
            None => None,
        };
        let mut changed_top = false;
        for (i, view) in self.stack.iter_mut().enumerate() {
            let changed = match (view.kind.query(), &tasks, &services) {
                (
                    Some(Query::Tasks {
                        cluster: c,
                        scope,
                        status,
                    }),
                    Some(l),
                    _,
                ) if c == cluster => {
                    let Some(table) = view.rows_mut::<Task>() else {
                        continue;
                    };
                    let (fits, gone): (Vec<&Arc<Task>>, Vec<&Arc<Task>>) =
                        l.items.iter().partition(|t| {
                            t.desired_status == status.as_str()
                                && match &scope {
                                    TaskScope::Cluster => true,
                                    TaskScope::Service(s) => t.service_name() == Some(s.as_str()),
                                    TaskScope::Instance(arn) => {
                                        t.container_instance_arn.as_deref() == Some(arn.as_str())
                                    }
                                }
                        });
                    let mut changed = table.upsert(fits.into_iter().cloned().collect(), at, page);
                    // Left the listing (stopped, say) or not found: gone, as a re-list says it.
                    let missing = l.failures.iter().filter_map(|f| f.arn.as_deref());
                    let left = gone.iter().map(|t| t.arn.as_str());
                    changed |= table.mark_gone(left.chain(missing), at);
                    changed
                }
                (Some(Query::Task { cluster: c, arn }), Some(l), _) if c == cluster => {
                    match l.items.iter().find(|t| t.arn == arn) {
                        Some(t) => view
                            .rows_mut::<crate::model::Container>()
                            .is_some_and(|table| table.ingest(t.containers.clone(), at, page)),
                        None => false,
                    }
                }
                (Some(Query::Services { cluster: c }), _, Some(l)) if c == cluster => {
                    if let ViewKind::Deployments { service, .. } = &view.kind {
                        match l.items.iter().find(|s| &s.name == service) {
                            Some(s) => {
                                let events_changed = view.events != s.events;
                                view.events = s.events.clone();
                                view.rows_mut::<crate::model::Deployment>()
                                    .is_some_and(|t| t.ingest(s.deployments.clone(), at, page))
                                    | events_changed
                            }
                            None => false,
                        }
                    } else {
                        view.rows_mut::<Service>()
                            .is_some_and(|t| t.upsert(l.items.clone(), at, page))
                    }
                }
                _ => false,
            };
            if i == top && changed {
                changed_top = true;
            }
        }
        if changed_top {
            self.dirty = true;
        }
    }
}
