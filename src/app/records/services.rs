use super::{age, DASH};
use crate::app::resource::{At, Described, Opens, Resource};
use crate::app::table::Role;
use crate::app::table::{Column, Record, Tone, Variant};
use crate::app::view::ViewKind;
use crate::model::{family_revision, LogScope, RolloutState, Service, TaskScope, TaskStatus};

fn rollout(s: &Service) -> String {
    s.primary()
        .and_then(|d| d.rollout_state)
        .map_or_else(|| DASH.to_string(), |r| r.as_str().to_string())
}

/// `37% ▃▄▅▅▆▆`: the newest minute and the half hour in six bars (a bar the average of five
/// minutes, scaled to 100%); "–" with no data point.
fn usage(s: &Service, c: &crate::app::table::Ctx, memory: bool) -> String {
    let Some(m) = c.metrics.and_then(|m| m.services.get(&s.name)) else {
        return DASH.to_string();
    };
    let series = if memory { &m.memory } else { &m.cpu };
    let Some(last) = crate::model::ServiceMetrics::last(series) else {
        return DASH.to_string();
    };
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let bars: String = series
        .chunks(series.len().div_ceil(6).max(1))
        .map(|chunk| {
            let known: Vec<f64> = chunk.iter().flatten().copied().collect();
            if known.is_empty() {
                return ' ';
            }
            let avg = known.iter().sum::<f64>() / known.len() as f64;
            BARS[((avg / 100.0 * 7.0).round() as usize).min(7)]
        })
        .collect();
    format!("{:>3.0}% {bars}", last)
}

/// `5/6`: healthy targets of all the service's targets; "–" without a load balancer or an
/// answer.
fn targets(s: &Service, c: &crate::app::table::Ctx) -> String {
    match c.targets.and_then(|t| t.service_health(&s.name)) {
        Some((healthy, all)) => format!("{healthy}/{all}"),
        None => DASH.to_string(),
    }
}

fn usage_cmp(a: &Service, b: &Service) -> std::cmp::Ordering {
    a.name.cmp(&b.name)
}

static COLUMNS: [Column<Service>; 15] = [
    Column {
        title: "NAME",
        role: Role::Name,
        priority: 0,
        width: 18,
        flex: true,
        right: false,
        timed: false,
        text: |s, _| s.name.clone(),
        cmp: |a, b| a.name.cmp(&b.name),
    },
    Column {
        title: "STATUS",
        role: Role::Other,
        priority: 3,
        width: 8,
        flex: false,
        right: false,
        timed: false,
        text: |s, _| s.status.clone(),
        cmp: |a, b| a.status.cmp(&b.status),
    },
    Column {
        title: "DESIRED",
        role: Role::Other,
        priority: 0,
        width: 7,
        flex: false,
        right: true,
        timed: false,
        text: |s, _| s.desired.to_string(),
        cmp: |a, b| a.desired.cmp(&b.desired),
    },
    Column {
        title: "RUNNING",
        role: Role::Other,
        priority: 0,
        width: 7,
        flex: false,
        right: true,
        timed: false,
        text: |s, _| s.running.to_string(),
        cmp: |a, b| a.running.cmp(&b.running),
    },
    Column {
        title: "PENDING",
        role: Role::Other,
        priority: 0,
        width: 7,
        flex: false,
        right: true,
        timed: false,
        text: |s, _| s.pending.to_string(),
        cmp: |a, b| a.pending.cmp(&b.pending),
    },
    Column {
        title: "LAUNCH",
        role: Role::Other,
        priority: 2,
        width: 12,
        flex: false,
        right: false,
        timed: false,
        text: |s, _| s.placement(),
        cmp: |a, b| a.placement().cmp(&b.placement()),
    },
    Column {
        title: "TASK DEF",
        role: Role::Other,
        priority: 1,
        width: 18,
        flex: true,
        right: false,
        timed: false,
        text: |s, _| family_revision(&s.task_definition).to_string(),
        cmp: |a, b| a.task_definition.cmp(&b.task_definition),
    },
    Column {
        title: "ROLLOUT",
        role: Role::Other,
        priority: 0,
        width: 11,
        flex: false,
        right: false,
        timed: false,
        text: |s, _| rollout(s),
        cmp: |a, b| rollout(a).cmp(&rollout(b)),
    },
    Column {
        title: "DEPLOYS",
        role: Role::Other,
        priority: 2,
        width: 7,
        flex: false,
        right: true,
        timed: false,
        text: |s, _| s.deployments.len().to_string(),
        cmp: |a, b| a.deployments.len().cmp(&b.deployments.len()),
    },
    Column {
        title: "CPU",
        role: Role::Other,
        priority: 2,
        width: 11,
        flex: false,
        right: false,
        // It changes between refreshes of equal rows: kept out of the filter, like the ages.
        timed: true,
        text: |s, c| usage(s, c, false),
        cmp: usage_cmp,
    },
    Column {
        title: "MEM",
        role: Role::Other,
        priority: 2,
        width: 11,
        flex: false,
        right: false,
        timed: true,
        text: |s, c| usage(s, c, true),
        cmp: usage_cmp,
    },
    Column {
        title: "TARGETS",
        role: Role::Other,
        priority: 1,
        width: 7,
        flex: false,
        right: true,
        timed: true,
        text: targets,
        cmp: |a, b| a.target_groups.len().cmp(&b.target_groups.len()),
    },
    Column {
        title: "RUNNING (SEEN)",
        role: Role::Other,
        priority: 3,
        width: 14,
        flex: false,
        right: false,
        // Not clock text, but it changes between refreshes of equal rows: kept out of the filter
        // and re-checked each second like the ages.
        timed: true,
        text: |s, c| {
            c.history
                .and_then(|h| h.services.get(&s.arn))
                .map(|spark| crate::app::history::sparkline(spark, 14))
                .unwrap_or_default()
        },
        cmp: |a, b| (a.running - a.desired).cmp(&(b.running - b.desired)),
    },
    Column {
        title: "LAST EVENT",
        role: Role::Other,
        priority: 4,
        width: 30,
        flex: true,
        right: false,
        timed: false,
        text: |s, _| {
            s.events
                .first()
                .map_or_else(String::new, |e| e.message.clone())
        },
        cmp: |a, b| {
            a.events
                .first()
                .map(|e| e.created_at)
                .cmp(&b.events.first().map(|e| e.created_at))
        },
    },
    Column {
        title: "AGE",
        role: Role::Age,
        priority: 1,
        width: 6,
        flex: false,
        right: true,
        timed: true,
        text: |s, c| age(s.created_at, c.now),
        cmp: |a, b| b.created_at.cmp(&a.created_at),
    },
];

impl Record for Service {
    fn key(&self) -> &str {
        &self.arn
    }
    const RANKED: &'static [&'static str] = &["CPU", "MEM", "TARGETS"];
    /// The last minute's CPU or memory; the share of the targets not healthy (so the busiest
    /// and the worst come first the other way round, `S`).
    fn rank(&self, column: &'static str, c: &crate::app::table::Ctx) -> Option<f64> {
        let m = || c.metrics.and_then(|m| m.services.get(&self.name));
        match column {
            "CPU" => m().and_then(|m| crate::model::ServiceMetrics::last(&m.cpu)),
            "MEM" => m().and_then(|m| crate::model::ServiceMetrics::last(&m.memory)),
            "TARGETS" => match c.targets.and_then(|t| t.service_health(&self.name))? {
                (_, 0) => None,
                (healthy, all) => Some((all - healthy) as f64 / all as f64),
            },
            _ => None,
        }
    }
    fn cell_tone(&self, column: &'static str, c: &crate::app::table::Ctx) -> Option<Tone> {
        match column {
            "CPU" | "MEM" => crate::app::table::level_tone(self.rank(column, c)),
            "TARGETS" => match c.targets.and_then(|t| t.service_health(&self.name))? {
                (0, all) if all > 0 => Some(Tone::Bad),
                (healthy, all) if healthy < all => Some(Tone::Warn),
                _ => None,
            },
            _ => None,
        }
    }
    fn columns(_: Variant) -> &'static [Column<Self>] {
        &COLUMNS
    }
    fn tone(&self) -> Tone {
        let failed = self.primary().and_then(|d| d.rollout_state) == Some(RolloutState::Failed);
        let crashing = self.primary().is_some_and(|d| d.failed > 0) && self.running < self.desired;
        if failed || crashing {
            Tone::Bad
        } else if self.running < self.desired || self.pending > 0 {
            Tone::Warn
        } else if self.deployments.len() > 1 {
            Tone::Busy
        } else if self.desired == 0 {
            Tone::Faint
        } else {
            Tone::Normal
        }
    }
}

impl Resource for Service {
    fn opens(&self, at: &At) -> Opens {
        match at.cluster {
            Some(cluster) => Opens::View(ViewKind::Tasks {
                cluster: cluster.to_string(),
                scope: TaskScope::Service(self.name.clone()),
                status: TaskStatus::Running,
            }),
            None => Opens::Nothing,
        }
    }

    fn describe(&self) -> Option<Described> {
        let mut d = Described::of(format!("service {}", self.name), self);
        d.task_definition = Some(self.task_definition.clone());
        Some(d)
    }

    fn console_url(&self, at: &At) -> Option<String> {
        let cluster = at
            .cluster
            .unwrap_or_else(|| crate::model::name_from_arn(&self.cluster_arn));
        crate::model::console::service_url(&self.arn, cluster, &self.name)
    }

    fn log_scope(&self, at: &At) -> Option<LogScope> {
        Some(LogScope::Service {
            cluster: at.cluster?.to_string(),
            service: self.name.clone(),
        })
    }
}
