//! Pulse (`:pulse`): one screen over every cluster — what is not well, each item one Enter from its
//! view, and everything healthy collapsed to a count. For wall screens and the first minute of an
//! incident.

use super::failures::{self, SPOT_INTERRUPTION};
use super::table::Tone;
use crate::model::status;
use crate::model::{PulseData, RolloutState, Timestamp};
use chrono::Duration;

/// A deployment rolling longer than this is worth a look.
pub const SLOW_ROLLOUT_MINUTES: i64 = 15;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    Service {
        cluster: String,
        service: String,
    },
    Failures {
        cluster: String,
        service: Option<String>,
    },
    Instances {
        cluster: String,
    },
    /// A cluster's services.
    Cluster {
        cluster: String,
    },
    Clusters,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PulseItem {
    pub key: String,
    /// 0 is worst.
    pub rank: u8,
    pub tone: Tone,
    pub kind: &'static str,
    pub cluster: String,
    pub name: String,
    pub state: String,
    pub detail: String,
    pub since: Option<Timestamp>,
    pub target: Target,
}

/// Where an alarm on a service leads: its tasks.
pub fn alarm_target(cluster: &str, service: &str) -> Target {
    Target::Service {
        cluster: cluster.to_string(),
        service: service.to_string(),
    }
}

pub fn items(data: &PulseData, now: Timestamp) -> Vec<PulseItem> {
    let mut out = Vec::new();
    let (mut steady, mut instances_ok) = (0, 0);
    let item = |rank: u8,
                kind: &'static str,
                cluster: &str,
                name: &str,
                state: String,
                detail: String,
                since,
                target| PulseItem {
        key: format!("{kind}/{cluster}/{name}/{state}"),
        rank,
        tone: if rank == 0 { Tone::Bad } else { Tone::Warn },
        kind,
        cluster: cluster.to_string(),
        name: name.to_string(),
        state,
        detail,
        since,
        target,
    };
    for (cluster, services) in &data.services {
        for s in services {
            let target = Target::Service {
                cluster: cluster.clone(),
                service: s.name.clone(),
            };
            let primary = s.primary();
            let rollout = primary.and_then(|d| d.rollout_state);
            let reason = primary
                .and_then(|d| d.rollout_reason.clone())
                .unwrap_or_default();
            let created = primary.and_then(|d| d.created_at);
            if rollout == Some(RolloutState::Failed)
                || reason.to_ascii_lowercase().contains("circuit breaker")
            {
                out.push(item(
                    0,
                    "service",
                    cluster,
                    &s.name,
                    "rollout FAILED".into(),
                    reason,
                    created,
                    target,
                ));
            } else if s.running < s.desired {
                let failed = primary.map_or(0, |d| d.failed);
                let rank = if failed > 0 { 0 } else { 1 };
                let detail = if failed > 0 {
                    format!("{failed} tasks failed in this deployment")
                } else {
                    s.events
                        .first()
                        .map(|e| e.message.clone())
                        .unwrap_or_default()
                };
                out.push(item(
                    rank,
                    "service",
                    cluster,
                    &s.name,
                    format!("running {}/{}", s.running, s.desired),
                    detail,
                    created,
                    target,
                ));
            } else if rollout == Some(RolloutState::InProgress)
                && created.is_some_and(|c| now - c > Duration::minutes(SLOW_ROLLOUT_MINUTES))
            {
                out.push(item(
                    1,
                    "service",
                    cluster,
                    &s.name,
                    "rollout IN_PROGRESS".into(),
                    format!(
                        "rolling for {}",
                        crate::model::format_age(created.unwrap_or(now), now)
                    ),
                    created,
                    target,
                ));
            } else {
                steady += 1;
            }
        }
    }
    for (cluster, stopped) in &data.stopped {
        for g in failures::group(stopped, now) {
            let target = Target::Failures {
                cluster: cluster.clone(),
                service: Some(g.service.clone()),
            };
            // Reclaimed capacity, not a failing release: said as such, and less urgent.
            if g.stop_code == SPOT_INTERRUPTION {
                out.push(item(
                    1,
                    "spot",
                    cluster,
                    &g.service,
                    format!("{}× spot interruption", g.count),
                    "Fargate Spot took the capacity back; the service starts replacements".into(),
                    g.last_seen,
                    target,
                ));
                continue;
            }
            let state = format!("{}× {}", g.count, g.exit_codes);
            let detail = if g.container_reason.is_empty() {
                g.reason.clone()
            } else {
                g.container_reason.clone()
            };
            out.push(item(
                0,
                "failures",
                cluster,
                &g.service,
                state,
                detail,
                g.last_seen,
                target,
            ));
        }
    }
    for (cluster, instances) in &data.instances {
        for i in instances {
            let target = Target::Instances {
                cluster: cluster.clone(),
            };
            let name = i
                .ec2_instance_id
                .clone()
                .unwrap_or_else(|| i.id().to_string());
            if !i.agent_connected {
                out.push(item(
                    0,
                    "instance",
                    cluster,
                    &name,
                    "agent disconnected".into(),
                    format!("{} tasks", i.running_tasks),
                    None,
                    target,
                ));
            } else if i.status == status::DRAINING && i.is_spot() {
                // EC2 took a Spot instance back: ECS drains it at the two-minute notice.
                out.push(item(
                    1,
                    "spot",
                    cluster,
                    &name,
                    "DRAINING (Spot)".into(),
                    format!(
                        "EC2 is taking the Spot instance back; {} tasks still running",
                        i.running_tasks
                    ),
                    None,
                    target,
                ));
            } else if i.status == status::DRAINING {
                out.push(item(
                    1,
                    "instance",
                    cluster,
                    &name,
                    status::DRAINING.into(),
                    format!("{} tasks still running", i.running_tasks),
                    None,
                    target,
                ));
            } else {
                instances_ok += 1;
            }
        }
    }
    for a in &data.alarms {
        // Auto scaling's own alarms (a low-CPU alarm is in ALARM whenever there is room to
        // scale in) are its business, not an incident: `:alarms` lists them.
        if a.name.starts_with("TargetTracking-") {
            continue;
        }
        let Some(cluster) = &a.cluster else { continue };
        let target = match &a.service {
            Some(s) => alarm_target(cluster, s),
            None => Target::Cluster {
                cluster: cluster.clone(),
            },
        };
        out.push(item(
            0,
            "alarm",
            cluster,
            a.service.as_deref().unwrap_or(&a.name),
            format!("ALARM {}", a.name),
            a.reason.clone(),
            a.since,
            target,
        ));
    }
    for f in &data.failures {
        // Alarms that cannot be read (no cloudwatch:DescribeAlarms, an endpoint without
        // CloudWatch) leave a gap in the wall, not an incident: said after the incidents, in
        // the warning colour; a cluster that cannot be read stays an error.
        // Over several accounts or regions each failure starts with whose it is (`@apac: …`).
        let alarms = f
            .strip_prefix("alarms not shown: ")
            .map(|why| ("", why))
            .or_else(|| f.split_once(": alarms not shown: "));
        let (rank, tone, kind, state, whose, detail) = match alarms {
            Some((whose, why)) => (1, Tone::Warn, "alarms", "not shown", whose, why.to_string()),
            None => (0, Tone::Bad, "error", "not loaded", "", f.clone()),
        };
        out.push(PulseItem {
            key: format!("error/{f}"),
            rank,
            tone,
            kind,
            cluster: whose.to_string(),
            name: String::new(),
            state: state.into(),
            detail,
            since: None,
            target: Target::Clusters,
        });
    }
    // An account or region that could not be read at all: its own row, first.
    for (label, why) in &data.unread {
        let kind = if label.starts_with('@') {
            "account"
        } else {
            "region"
        };
        out.push(PulseItem {
            key: format!("unread/{label}"),
            rank: 0,
            tone: Tone::Bad,
            kind,
            cluster: label.clone(),
            name: String::new(),
            state: "not read".into(),
            detail: why.clone(),
            since: None,
            target: Target::Clusters,
        });
    }
    // Worst first (stable: within a rank, in the order found).
    out.sort_by_key(|i| i.rank);
    out.push(PulseItem {
        key: "healthy".into(),
        rank: 2,
        tone: Tone::Good,
        kind: "healthy",
        cluster: format!("{} clusters", data.clusters.len()),
        name: scopes_read(data),
        state: format!("{steady} services steady"),
        detail: format!("{instances_ok} instances active"),
        since: None,
        target: Target::Clusters,
    });
    out
}

/// Over several accounts (or regions) how many could be read: `2/3 accounts read`.
fn scopes_read(data: &PulseData) -> String {
    if data.scopes.len() < 2 {
        return String::new();
    }
    let what = if data.scopes.iter().any(|s| s.starts_with('@')) {
        "accounts"
    } else {
        "regions"
    };
    let read = data.scopes.len() - data.unread.len();
    format!("{read}/{} {what} read", data.scopes.len())
}

impl super::App {
    /// Enter on a pulse item: the view that shows it, with the breadcrumbs leading back to pulse.
    pub(super) fn drill_pulse(&mut self, target: Target) {
        use super::view::ViewKind;
        use crate::model::{TaskScope, TaskStatus};
        // Over several accounts and regions clusters are `@profile/region/name`: drill here, or
        // switch account or region first.
        let here = |app: &mut Self, cluster: String| -> Option<String> {
            let (scope, name) = crate::model::PulseScope::split(&cluster);
            let profile = scope
                .profile
                .filter(|p| Some(p) != app.backend_profile.as_ref());
            let region = scope.region.filter(|r| Some(r) != app.region.as_ref());
            if profile.is_none() && region.is_none() {
                return Some(name.to_string());
            }
            let place = match (&profile, &region) {
                (Some(p), Some(r)) => format!("the account of profile {p} in {r}"),
                (Some(p), None) => format!("the account of profile {p}"),
                (None, Some(r)) => r.clone(),
                (None, None) => String::new(),
            };
            if app.switchable {
                app.say(
                    super::status::Severity::Info,
                    format!(
                        "{name} is in {place}: switching there, where it is among the clusters"
                    ),
                );
                app.request_switch(profile, region);
            } else {
                app.say(
                    super::status::Severity::Warn,
                    format!("{name} is in {place}, which this console cannot switch to"),
                );
            }
            None
        };
        match target {
            Target::Service { cluster, service } => {
                let Some(cluster) = here(self, cluster) else {
                    return;
                };
                self.push(ViewKind::Services {
                    cluster: cluster.clone(),
                });
                self.push(ViewKind::Tasks {
                    cluster,
                    scope: TaskScope::Service(service),
                    status: TaskStatus::Running,
                });
            }
            Target::Failures { cluster, service } => {
                let Some(cluster) = here(self, cluster) else {
                    return;
                };
                let scope = service.map_or(TaskScope::Cluster, TaskScope::Service);
                self.push(ViewKind::Failures { cluster, scope });
            }
            Target::Instances { cluster } => {
                let Some(cluster) = here(self, cluster) else {
                    return;
                };
                self.push(ViewKind::Instances { cluster })
            }
            Target::Cluster { cluster } => {
                let Some(cluster) = here(self, cluster) else {
                    return;
                };
                self.push(ViewKind::Services { cluster })
            }
            Target::Clusters => self.push(ViewKind::Clusters),
        }
    }
}
