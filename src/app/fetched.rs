//! Backend answers landing in the console: each payload goes into every view that shows its query
//! (task events laid over task rows, service counts sampled for the sparklines), errors are kept
//! with their time, and the pane title says how fresh the data is.

use super::status::Severity;
use super::view::{View, ViewKind};
use super::App;
use crate::model::{FetchError, Payload, Query, Timestamp};

/// How fresh the data on screen is, as the pane title tells it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Freshness {
    /// Nothing has arrived yet.
    Loading,
    /// Fetched within its refresh interval: no older than this many seconds.
    Fresh(u64),
    /// Kept fresh by events (and re-listed now and then to reconcile).
    Events,
    /// Older than it should be (a failing or overdue refresh): this old.
    Stale(String),
    /// Not backend data.
    Local,
}

impl App {
    pub fn freshness(&self, view: &View) -> Freshness {
        let Some(query) = view.kind.query() else {
            return Freshness::Local;
        };
        match view.fetch.fetched_at {
            None if view.fetch.error.is_none() => Freshness::Loading,
            None => Freshness::Stale("never loaded".into()),
            Some(at) if self.is_stale(view) => {
                Freshness::Stale(crate::model::format_age(at, self.now))
            }
            Some(_) if self.events_cover(&query) => Freshness::Events,
            Some(_) => Freshness::Fresh(self.intervals.of(&query).as_secs()),
        }
    }

    pub(super) fn on_fetched(
        &mut self,
        query: &Query,
        result: Result<Payload, FetchError>,
        at: Timestamp,
    ) -> Vec<super::Effect> {
        let mut result = result;
        if let Ok(Payload::Services(l)) = &result {
            if self.history.record(&l.items, at) {
                self.dirty = true;
            }
        }
        // Task events newer than what the API returned stay on the rows.
        match &mut result {
            Ok(Payload::Tasks(l)) => {
                self.events.patch(&mut l.items);
            }
            Ok(Payload::Task(Some(t))) => {
                self.events.patch_one(t.as_mut());
            }
            _ => {}
        }
        match query {
            Query::ServiceMetrics { cluster, .. } => self.on_metrics(cluster, &result),
            Query::TaskMetrics { cluster, tasks } => {
                self.on_task_metrics(cluster, tasks.len(), &result)
            }
            Query::Targets { cluster, .. } => self.on_targets(cluster, &result),
            _ => {}
        }
        let mut effects = self.dialog_data(query, &result);
        self.describe_data(query, &result);
        effects.extend(self.diff_data(query, &result));
        if let Ok(Payload::Instances(l)) = &result {
            if let Some(n) = l
                .note
                .as_ref()
                .filter(|n| self.instances_note.as_ref() != Some(n))
            {
                self.say(Severity::Info, n.clone());
            }
            self.instances_note = l.note.clone();
        }
        if let Ok(Payload::Clusters(list)) = &result {
            self.known_clusters = list.items.iter().map(|c| c.name.clone()).collect();
        }
        let page = self.page();
        let top = self.stack.len() - 1;
        let mut notes = Vec::new();
        let targets: Vec<usize> = (0..self.stack.len())
            .filter(|&i| self.stack[i].kind.query().as_ref() == Some(query))
            .collect();
        // The payload moves into the last view that shows it; only a second view costs a copy.
        let mut result = Some(result);
        for (n, &i) in targets.iter().enumerate() {
            let this = if n + 1 == targets.len() {
                result.take()
            } else {
                result.clone()
            };
            let Some(this) = this else { break };
            let view = &mut self.stack[i];
            let changed = match this {
                Ok(payload) => {
                    let recovered = view.fetch.error.take().is_some();
                    if recovered {
                        notes.push((Severity::Info, format!("{}: recovered", query.label())));
                    }
                    view.fetch.fetched_at = Some(at);
                    let was_loading = view.fetch.progress.take().is_some();
                    let before = view.fetch.failures.clone();
                    let changed = ingest(view, payload, at, page);
                    // What did not load is said once, by name, when it changes: the title only
                    // counts it.
                    let failures = &view.fetch.failures;
                    let failures_changed = *failures != before;
                    // (The pulse lists them as rows of their own.)
                    let listed = matches!(query, Query::Pulse { .. });
                    if failures_changed && !failures.is_empty() && n + 1 == targets.len() && !listed
                    {
                        notes.push((Severity::Warn, incomplete(&query.label(), failures)));
                    }
                    changed | recovered | was_loading | failures_changed
                }
                Err(e) => {
                    let new = view.fetch.error.as_ref().is_none_or(|(old, _)| *old != e);
                    if new {
                        let severity = if e.is_transient() {
                            Severity::Warn
                        } else {
                            Severity::Error
                        };
                        notes.push((severity, format!("{}: {e}", query.label())));
                    }
                    view.fetch.error = Some((e, at));
                    view.fetch.progress = None;
                    new
                }
            };
            if i == top && changed {
                self.dirty = true;
            }
        }
        for (severity, text) in notes {
            self.say(severity, text);
        }
        if matches!(query, Query::Timeline { .. }) {
            self.refill_timelines();
        }
        effects
    }
}

impl App {
    /// Service CPU and memory: kept by cluster for the columns; an error said once (the
    /// columns show "–").
    fn on_metrics(&mut self, cluster: &str, result: &Result<Payload, FetchError>) {
        match result {
            Ok(Payload::Metrics(m)) => {
                self.metrics
                    .insert(cluster.to_string(), std::sync::Arc::new((**m).clone()));
                self.metrics_note = None;
                self.dirty = true;
            }
            _ => self.on_metrics_error(result),
        }
    }

    fn on_metrics_error(&mut self, result: &Result<Payload, FetchError>) {
        match result {
            Ok(_) => {}
            Err(e) => {
                let note = match e {
                    FetchError::Auth(_) => {
                        "CPU/MEM not shown: cloudwatch:GetMetricData is not allowed (docs/iam.md)"
                            .to_string()
                    }
                    other => format!("CPU/MEM not shown: {other}"),
                };
                if self.metrics_note.as_ref() != Some(&note) {
                    // Said once, quietly: the rest of the view works (and `:messages` keeps it).
                    self.say(Severity::Info, note.clone());
                    self.metrics_note = Some(note);
                }
            }
        }
    }

    /// Task CPU and memory: kept by cluster for the tasks view's CPU% and MEM%. A cluster
    /// whose tasks have no figures at all has no Container Insights: said once, with how to turn
    /// it on. An error is said like the services view's.
    fn on_task_metrics(
        &mut self,
        cluster: &str,
        asked: usize,
        result: &Result<Payload, FetchError>,
    ) {
        if let Ok(Payload::Metrics(m)) = result {
            if m.services.is_empty() && asked > 0 && self.insights_off.insert(cluster.to_string()) {
                self.say(
                    Severity::Info,
                    format!(
                        "{cluster} has no Container Insights, so no CPU%/MEM% per task; to turn it on: aws ecs update-cluster-settings --cluster {cluster} --settings name=containerInsights,value=enhanced"
                    ),
                );
            } else if !m.services.is_empty() {
                self.insights_off.remove(cluster);
            }
            self.task_metrics
                .insert(cluster.to_string(), std::sync::Arc::new((**m).clone()));
            self.dirty = true;
            return;
        }
        self.on_metrics_error(result);
    }

    /// A batch of a task listing: its rows into every task view of that query, at once and
    /// sorted (nothing is marked gone until the whole listing is in).
    pub(super) fn on_task_batch(&mut self, query: &Query, batch: crate::backend::TaskBatch) {
        let mut items = batch.items;
        self.events.patch(&mut items);
        let (now, page, top) = (self.now, self.page(), self.stack.len() - 1);
        for (i, view) in self.stack.iter_mut().enumerate() {
            if view.kind.query().as_ref() != Some(query) {
                continue;
            }
            let Some(t) = view.rows_mut::<crate::model::Task>() else {
                continue;
            };
            let changed = t.upsert(items.clone(), now, page);
            let progress = Some((batch.loaded, batch.listed, batch.listing_done));
            let shown = view.fetch.fetched_at.is_none() && view.fetch.progress != progress;
            view.fetch.progress = progress;
            if i == top && (changed || shown) {
                self.dirty = true;
            }
        }
    }
}

/// `tasks(prod): incomplete — task 1f2e…: MISSING; …`: what a listing could not load.
fn incomplete(label: &str, failures: &[crate::model::ResourceFailure]) -> String {
    let named: Vec<String> = failures
        .iter()
        .take(2)
        .map(|f| match &f.arn {
            Some(arn) => format!("{}: {}", crate::model::name_from_arn(arn), f.reason),
            None => f.reason.clone(),
        })
        .collect();
    let more = match failures.len() {
        n if n > 2 => format!(" (and {} more)", n - 2),
        _ => String::new(),
    };
    format!("{label}: incomplete — {}{more}", named.join("; "))
}

/// Put a backend payload into a view's table. Returns whether anything visible changed.
fn ingest(view: &mut View, payload: Payload, at: Timestamp, page: usize) -> bool {
    use super::failures::FailureGroup;
    use super::pulse::PulseItem;
    use crate::model::{
        ApiCall, Cluster, Container, ContainerInstance, Deployment, Profile, Service, Task,
    };
    match payload {
        Payload::Clusters(l) => {
            view.fetch.failures = l.failures;
            fill::<Cluster, _>(view, l.items, at, page)
        }
        Payload::Services(l) if matches!(view.kind, ViewKind::Deployments { .. }) => {
            let ViewKind::Deployments { service, .. } = &view.kind else {
                return false;
            };
            let found = l.items.into_iter().find(|s| &s.name == service);
            view.fetch.missing = found.is_none();
            let (deployments, events) =
                found.map(|s| (s.deployments, s.events)).unwrap_or_default();
            let events_changed = view.events != events;
            view.events = events;
            fill::<Deployment, _>(view, deployments, at, page) | events_changed
        }
        Payload::Services(l) => {
            view.fetch.failures = l.failures;
            fill::<Service, _>(view, l.items, at, page)
        }
        Payload::Tasks(l) if matches!(view.kind, ViewKind::Failures { .. }) => {
            view.fetch.failures = l.failures;
            let groups = super::failures::group(&l.items, at);
            fill::<FailureGroup, _>(view, groups, at, page)
        }
        Payload::Tasks(l) => {
            view.fetch.failures = l.failures;
            fill::<Task, _>(view, l.items, at, page)
        }
        Payload::Instances(l) => {
            view.fetch.failures = l.failures;
            fill::<ContainerInstance, _>(view, l.items, at, page)
        }
        Payload::ApiCalls(calls) => fill::<ApiCall, _>(view, calls, at, page),
        Payload::Profiles(list) => fill::<Profile, _>(view, list, at, page),
        Payload::Pulse(data) => {
            view.fetch.failures = data
                .failures
                .iter()
                .map(|f| crate::model::ResourceFailure {
                    arn: None,
                    reason: f.clone(),
                })
                .collect();
            let items = super::pulse::items(&data, at);
            fill::<PulseItem, _>(view, items, at, page)
        }
        Payload::Families(l) => {
            view.fetch.failures = l.failures;
            fill::<crate::model::Family, _>(view, l.items, at, page)
        }
        Payload::Revisions(l) => {
            view.fetch.failures = l.failures;
            fill::<crate::model::TaskDefinition, _>(view, l.items, at, page)
        }
        Payload::Timeline(data) => {
            view.fetch.failures = data.failures.clone();
            if let Err(e) = &data.scaling {
                view.fetch.failures.push(crate::model::ResourceFailure {
                    arn: None,
                    reason: format!("scaling activities not shown: {e}"),
                });
            }
            // Rows are made by `App::refill_timelines`, which merges in the console's own.
            let changed = view.timeline.as_ref() != Some(&data);
            view.timeline = Some(data);
            changed
        }
        Payload::Targets(data) => {
            view.fetch.failures = data
                .errors
                .iter()
                .map(|e| crate::model::ResourceFailure {
                    arn: None,
                    reason: e.clone(),
                })
                .collect();
            let rows = super::records::target_rows(&data);
            fill::<crate::model::Target, _>(view, rows, at, page)
        }
        Payload::Scaling(data) => {
            view.fetch.failures = data
                .activities_error
                .iter()
                .map(|e| crate::model::ResourceFailure {
                    arn: None,
                    reason: e.clone(),
                })
                .collect();
            fill::<crate::model::ScalingItem, _>(view, data.items, at, page)
        }
        Payload::Alarms(alarms) => fill::<crate::model::Alarm, _>(view, alarms, at, page),
        Payload::Capacity(data) => {
            let rows = crate::model::capacity_rows(&data);
            fill::<crate::model::CapacityRow, _>(view, rows, at, page)
        }
        Payload::Task(task) => {
            let was_missing = view.fetch.missing;
            view.fetch.missing = task.is_none();
            let containers = task.map(|t| t.containers).unwrap_or_default();
            fill::<Container, _>(view, containers, at, page) | (was_missing != view.fetch.missing)
        }
        _ => false,
    }
}

/// Rows into the view's table, if it is a table of that kind.
fn fill<T: super::resource::Resource, I: Into<std::sync::Arc<T>>>(
    view: &mut View,
    items: Vec<I>,
    at: Timestamp,
    page: usize,
) -> bool {
    view.rows_mut::<T>()
        .is_some_and(|t| t.ingest(items, at, page))
}
