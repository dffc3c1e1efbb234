//! The incident timeline (`:timeline [CLUSTER [SERVICE]] [WINDOW]`, `T` on a service): one
//! chronological view, newest first, of everything that happened to a service or to a
//! cluster's services — service events, deployments started / completed / failed / rolled back,
//! tasks stopped, EventBridge events, scaling activities, and this console's own changes. The
//! backend's part comes as `Query::Timeline`; the events received and the changes made are the
//! console's own, merged in each time either changes. A window (`14:02..14:10`, as in the logs
//! view) keeps what happened inside it.

use super::records::{Source, TimelineEntry};
use super::screens::logs::window::{self, Window};
use super::table::Tone;
use super::view::ViewKind;
use super::{App, Mode, Prompt};
use crate::model::{
    family_revision, short_id, EcsEvent, EventKind, EventSeverity, Mutation, MutationResult,
    RolloutState, TaskScope, TaskStatus, TimelineData, Timestamp,
};

/// Every row of a timeline, in no particular order (the table sorts newest first).
pub fn entries(
    cluster: &str,
    service: Option<&str>,
    data: &TimelineData,
    events: &[EcsEvent],
    audit: &[MutationResult],
) -> Vec<TimelineEntry> {
    let mut out = Vec::new();
    let deployments = |s: &str| ViewKind::Deployments {
        cluster: cluster.to_string(),
        service: s.to_string(),
    };
    for s in &data.services {
        for e in &s.events {
            let Some(at) = e.created_at else { continue };
            let text = e.message.to_ascii_lowercase();
            let bad = ["unable", "failed", "unhealthy", "error"]
                .iter()
                .any(|w| text.contains(w));
            // ECS says when a deployment completed, failed or rolled back in its events: the
            // deployment's own `updatedAt` moves on afterwards.
            let deployment = [
                "deployment completed",
                "deployment failed",
                "rolling back",
                "rolled back",
            ]
            .iter()
            .any(|w| text.contains(w));
            out.push(TimelineEntry {
                key: format!("event {}", e.id),
                at,
                source: if deployment {
                    Source::Deployment
                } else {
                    Source::ServiceEvent
                },
                service: s.name.clone(),
                what: e.message.clone(),
                tone: match (bad, deployment) {
                    (true, _) => Tone::Warn,
                    (false, true) => Tone::Good,
                    _ => Tone::Normal,
                },
                opens: Some(deployments(&s.name)),
            });
        }
        for d in &s.deployments {
            let rev = family_revision(&d.task_definition);
            if let Some(at) = d.created_at {
                out.push(TimelineEntry {
                    key: format!("deployment {} started", d.id),
                    at,
                    source: Source::Deployment,
                    service: s.name.clone(),
                    what: format!("deployment started: {rev} ({} desired)", d.desired),
                    tone: Tone::Busy,
                    opens: Some(deployments(&s.name)),
                });
            }
            let reason = d.rollout_reason.clone().unwrap_or_default();
            let rolled_back = reason.to_ascii_lowercase().contains("roll");
            // A failed rollout stays failed (its time with it); a completed one is in the
            // service's events.
            let (what, tone) = match d.rollout_state {
                Some(RolloutState::Failed) if rolled_back => (
                    format!("deployment rolled back: {rev} — {reason}"),
                    Tone::Warn,
                ),
                Some(RolloutState::Failed) => {
                    (format!("deployment failed: {rev} — {reason}"), Tone::Bad)
                }
                _ => continue,
            };
            let Some(at) = d.updated_at.or(d.created_at) else {
                continue;
            };
            out.push(TimelineEntry {
                key: format!("deployment {} ended", d.id),
                at,
                source: Source::Deployment,
                service: s.name.clone(),
                what,
                tone,
                opens: Some(deployments(&s.name)),
            });
        }
    }
    for t in &data.stopped {
        let Some(at) = t.stopped_at.or(t.stopping_at) else {
            continue;
        };
        let codes: Vec<String> = t
            .containers
            .iter()
            .filter_map(|c| c.exit_code.map(|x| format!("{} exit {x}", c.name)))
            .collect();
        let mut what = format!(
            "task {} stopped: {}",
            short12(&t.arn),
            t.stop_code.as_deref().unwrap_or("–")
        );
        if let Some(r) = &t.stopped_reason {
            what.push_str(&format!(": {r}"));
        }
        if !codes.is_empty() {
            what.push_str(&format!(" ({})", codes.join(", ")));
        }
        let failed = t.exit_code().is_some_and(|c| c != 0)
            || matches!(
                t.stop_code.as_deref(),
                Some("TaskFailedToStart" | "EssentialContainerExited")
            );
        out.push(TimelineEntry {
            key: format!("task {}", t.arn),
            at,
            source: Source::Task,
            service: t.service_name().unwrap_or_default().to_string(),
            what,
            tone: if failed { Tone::Bad } else { Tone::Normal },
            opens: Some(ViewKind::Containers {
                cluster: cluster.to_string(),
                task: t.arn.clone(),
            }),
        });
    }
    if let Ok(activities) = &data.scaling {
        for a in activities {
            let Some(at) = a.started_at else { continue };
            let mut what = format!("{}: {} — {}", a.status, a.description, a.cause);
            if let Some(m) = a.message.as_deref().filter(|_| a.status != "Successful") {
                what.push_str(&format!(" ({m})"));
            }
            out.push(TimelineEntry {
                key: format!("scaling {}", a.activity_id),
                at,
                source: Source::Scaling,
                service: a.service().to_string(),
                what,
                tone: match a.status.as_str() {
                    "Failed" | "Unfulfilled" => Tone::Bad,
                    "InProgress" | "Pending" => Tone::Busy,
                    _ => Tone::Normal,
                },
                opens: Some(deployments(a.service())),
            });
        }
    }
    for e in events {
        if e.cluster() != cluster {
            continue;
        }
        let of = event_service(e);
        if service.is_some_and(|s| of.as_deref() != Some(s)) {
            continue;
        }
        let Some(at) = chrono::DateTime::from_timestamp_millis(e.time) else {
            continue;
        };
        let opens = match &e.kind {
            EventKind::Task(tc) => Some(ViewKind::Containers {
                cluster: cluster.to_string(),
                task: tc.task_arn.clone(),
            }),
            EventKind::Service(_) => of.as_deref().map(deployments),
            EventKind::Instance(i) => Some(ViewKind::Tasks {
                cluster: cluster.to_string(),
                scope: TaskScope::Instance(i.instance_arn.clone()),
                status: TaskStatus::Running,
            }),
            EventKind::Raw => None,
        };
        out.push(TimelineEntry {
            key: format!("eventbridge {}", e.id),
            at,
            source: Source::EventBridge,
            service: of.unwrap_or_default(),
            what: format!("{}: {}", e.subject(), e.summary()),
            tone: match e.severity() {
                EventSeverity::Info => Tone::Normal,
                EventSeverity::Warn => Tone::Warn,
                EventSeverity::Error => Tone::Bad,
            },
            opens,
        });
    }
    for (n, r) in audit.iter().enumerate() {
        let m = &r.mutation;
        if m.cluster() != cluster {
            continue;
        }
        let of = mutation_service(m, data);
        if service.is_some() && of.as_deref() != service {
            continue;
        }
        let mut what = format!("{} ({})", m.summary(), r.outcome());
        if let Some((_, why)) = r.failed.first() {
            what.push_str(&format!(": {why}"));
        }
        out.push(TimelineEntry {
            key: format!("console {n}"),
            at: r.at,
            source: Source::Console,
            service: of.unwrap_or_default(),
            what,
            tone: if r.ok() { Tone::Normal } else { Tone::Bad },
            opens: Some(ViewKind::Audit),
        });
    }
    out
}

/// Keep what happened inside the window (an open end: up to now).
pub fn within(entries: Vec<TimelineEntry>, w: Option<Window>) -> Vec<TimelineEntry> {
    let Some(w) = w else { return entries };
    entries
        .into_iter()
        .filter(|e| {
            let t = e.at.timestamp_millis();
            t >= w.from && w.to.is_none_or(|to| t <= to)
        })
        .collect()
}

fn short12(arn: &str) -> String {
    short_id(arn).chars().take(12).collect()
}

/// The service an EventBridge event is about, where it names one.
fn event_service(e: &EcsEvent) -> Option<String> {
    match &e.kind {
        EventKind::Task(tc) => tc
            .group
            .as_deref()
            .and_then(|g| g.strip_prefix("service:"))
            .map(str::to_string),
        EventKind::Service(s) => Some(crate::model::name_from_arn(&s.service_arn).to_string()),
        _ => None,
    }
}

/// The service a change of this console was about: named, or the service of the task it
/// stopped or entered (when the timeline lists that task).
fn mutation_service(m: &Mutation, data: &TimelineData) -> Option<String> {
    match m {
        Mutation::Scale { service, .. }
        | Mutation::ForceDeployment { service, .. }
        | Mutation::SetTaskDefinition { service, .. }
        | Mutation::StopDeployment { service, .. }
        | Mutation::EnableExec { service, .. } => Some(service.clone()),
        Mutation::StopTasks { tasks, .. } => tasks.iter().find_map(|arn| task_service(arn, data)),
        Mutation::Exec { task, .. } => task_service(task, data),
        Mutation::Drain { .. } | Mutation::Activate { .. } | Mutation::Command { .. } => None,
    }
}

fn task_service(arn: &str, data: &TimelineData) -> Option<String> {
    data.stopped
        .iter()
        .find(|t| t.arn == arn)
        .and_then(|t| t.service_name())
        .map(str::to_string)
}

impl App {
    /// A timeline view (`:timeline`, `T`), of a window if one is given.
    pub(crate) fn open_timeline(
        &mut self,
        cluster: String,
        service: Option<String>,
        window: Option<Window>,
    ) {
        self.push(ViewKind::Timeline { cluster, service });
        self.view_mut().window = window;
        self.refill_timelines();
    }

    /// The service in focus: the selected one, or the one whose deployments or tasks these are.
    pub(crate) fn service_here(&self) -> Option<String> {
        self.view()
            .rows::<crate::model::Service>()
            .and_then(|t| t.selected_live())
            .map(|s| s.name.clone())
            .or_else(|| {
                self.stack.iter().rev().find_map(|v| match &v.kind {
                    ViewKind::Deployments { service, .. } => Some(service.clone()),
                    ViewKind::Tasks {
                        scope: TaskScope::Service(s),
                        ..
                    } => Some(s.clone()),
                    _ => None,
                })
            })
    }

    /// `T`: the timeline of the service in focus, else of the cluster (the selected one in
    /// the clusters view).
    pub(crate) fn timeline_here(&mut self) {
        let cluster = self.current_cluster().map(str::to_string).or_else(|| {
            self.view()
                .rows::<crate::model::Cluster>()
                .and_then(|t| t.selected_live())
                .map(|c| c.name.clone())
        });
        let Some(cluster) = cluster else { return };
        let service = self.service_here();
        self.open_timeline(cluster, service, None);
    }

    /// `W` in a timeline: the command line to run it again with a window, ready to type.
    pub(crate) fn timeline_window_prompt(&mut self) {
        let ViewKind::Timeline { cluster, service } = &self.view().kind else {
            return;
        };
        let mut line = format!("timeline {cluster}");
        if let Some(s) = service {
            line.push_str(&format!(" {s}"));
        }
        line.push(' ');
        self.mode = Mode::Command(Prompt {
            text: line.into(),
            ..Prompt::default()
        });
    }

    /// Rebuild every timeline view from its data and what the console knows now (events
    /// received, changes made).
    pub(crate) fn refill_timelines(&mut self) {
        let (now, page, top) = (self.now, self.page(), self.stack.len() - 1);
        let events: Vec<EcsEvent> = self.events.history.iter().cloned().collect();
        let mut changed = false;
        for (i, v) in self.stack.iter_mut().enumerate() {
            let ViewKind::Timeline { cluster, service } = &v.kind else {
                continue;
            };
            let empty = TimelineData {
                services: Vec::new(),
                stopped: Vec::new(),
                scaling: Ok(Vec::new()),
                failures: Vec::new(),
            };
            let data = v.timeline.as_deref().unwrap_or(&empty);
            let rows = within(
                entries(cluster, service.as_deref(), data, &events, &self.audit),
                v.window,
            );
            let Some(t) = v.rows_mut::<TimelineEntry>() else {
                continue;
            };
            if t.ingest(rows, now, page) && i == top {
                changed = true;
            }
        }
        if changed {
            self.dirty = true;
        }
    }

    /// The pane title of a view: a timeline names its window.
    pub fn view_title(&self, v: &super::view::View) -> String {
        match (&v.kind, v.window) {
            (ViewKind::Timeline { .. }, Some(w)) => format!(
                "{} {}",
                v.kind.title(),
                window::label(w, self.now, self.local_offset)
            ),
            _ => v.kind.title(),
        }
    }
}

/// A window typed after `:timeline`'s names: a word with `..`, or one starting with `-` (a
/// relative start: `-30m` is the last 30 minutes).
pub fn split_window(args: &[String]) -> (Vec<String>, Option<String>) {
    let mut names = Vec::new();
    let mut window = None;
    for a in args {
        if a.contains("..") || a.starts_with('-') {
            window = Some(a.clone());
        } else {
            names.push(a.clone());
        }
    }
    (names, window)
}

/// The window typed, read as the logs view reads it.
pub fn parse_window(
    text: &str,
    now: Timestamp,
    local: chrono::FixedOffset,
) -> Result<Window, String> {
    window::parse(text, now, local)
}
