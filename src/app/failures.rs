//! Failures: the stopped tasks of the last hour that failed, grouped by service, stop code,
//! reason and exit codes — the first question in an incident ("why are my tasks dying?").

use crate::model::{short_id, Task, Timestamp};
use chrono::Duration;
use std::collections::BTreeMap;

/// The stop code of a task whose Spot capacity was taken back.
pub const SPOT_INTERRUPTION: &str = "SpotInterruption";
/// The stop code of a task whose EC2 host went away under it ("Host EC2 (instance …)
/// terminated."): a Spot instance taken back, say, with a task the drain did not move — a
/// standalone task keeps running on a draining instance until the end.
pub const TERMINATION_NOTICE: &str = "TerminationNotice";

/// Stop codes that mean someone or something stopped the task on purpose.
const DELIBERATE: &[&str] = &["ServiceSchedulerInitiated", "UserInitiated"];

#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct FailureGroup {
    pub key: String,
    pub service: String,
    pub stop_code: String,
    pub reason: String,
    /// `app:137 envoy:0`, the exit code of each container.
    pub exit_codes: String,
    /// The container's own reason, when it gives one (`OutOfMemoryError: …`).
    pub container_reason: String,
    pub count: usize,
    pub last_seen: Option<Timestamp>,
    /// The most recent task of the group (Enter opens it).
    pub latest_task: String,
}

/// Whether a stopped task failed (rather than being stopped on purpose, or finishing cleanly).
pub fn failed(t: &Task) -> bool {
    let code = t.stop_code.as_deref().unwrap_or("");
    if DELIBERATE.contains(&code) {
        return false;
    }
    code == "TaskFailedToStart"
        || t.containers
            .iter()
            .any(|c| c.exit_code.is_some_and(|e| e != 0))
        || code == SPOT_INTERRUPTION
        || code == TERMINATION_NOTICE
}

/// Group the failed tasks that stopped within the hour before `now`.
pub fn group(tasks: &[std::sync::Arc<Task>], now: Timestamp) -> Vec<FailureGroup> {
    let mut groups: BTreeMap<String, FailureGroup> = BTreeMap::new();
    for t in tasks.iter().filter(|t| failed(t)) {
        let stopped = t.stopped_at.or(t.stopping_at);
        if stopped.is_some_and(|s| now - s > Duration::hours(1)) {
            continue;
        }
        let service = t
            .service_name()
            .map(str::to_string)
            .or_else(|| t.group.clone())
            .unwrap_or_else(|| "–".into());
        let exit_codes = t
            .containers
            .iter()
            .map(|c| {
                format!(
                    "{}:{}",
                    c.name,
                    c.exit_code
                        .map_or_else(|| "–".to_string(), |e| e.to_string())
                )
            })
            .collect::<Vec<_>>()
            .join(" ");
        let container_reason = t
            .containers
            .iter()
            .filter_map(|c| c.reason.clone())
            .next()
            .unwrap_or_default();
        let stop_code = t.stop_code.clone().unwrap_or_default();
        let reason = t.stopped_reason.clone().unwrap_or_default();
        let key = format!(
            "{service}\u{1f}{stop_code}\u{1f}{reason}\u{1f}{exit_codes}\u{1f}{container_reason}"
        );
        let g = groups.entry(key.clone()).or_insert_with(|| FailureGroup {
            key,
            service,
            stop_code,
            reason,
            exit_codes,
            container_reason,
            count: 0,
            last_seen: None,
            latest_task: t.arn.clone(),
        });
        g.count += 1;
        if stopped > g.last_seen {
            g.last_seen = stopped;
            g.latest_task = t.arn.clone();
        }
    }
    groups.into_values().collect()
}

impl FailureGroup {
    pub fn latest_id(&self) -> &str {
        short_id(&self.latest_task)
    }
}

impl super::App {
    /// `F`: the failures of the selected cluster or service, or of the tasks' scope.
    pub(super) fn open_failures(&mut self) {
        use super::view::ViewKind;
        use crate::model::{Cluster, Service, TaskScope};
        let v = self.view();
        let kind = match (v.rows::<Cluster>(), v.rows::<Service>(), &v.kind) {
            (Some(t), _, _) => t.selected_live().map(|c| ViewKind::Failures {
                cluster: c.name.clone(),
                scope: TaskScope::Cluster,
            }),
            (_, Some(t), ViewKind::Services { cluster }) => {
                t.selected_live().map(|s| ViewKind::Failures {
                    cluster: cluster.clone(),
                    scope: TaskScope::Service(s.name.clone()),
                })
            }
            (_, _, ViewKind::Tasks { cluster, scope, .. }) => Some(ViewKind::Failures {
                cluster: cluster.clone(),
                scope: scope.clone(),
            }),
            _ => None,
        };
        if let Some(kind) = kind {
            self.push(kind);
        }
    }
}
