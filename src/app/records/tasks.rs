use super::{age, cmp_num_text, opt, DASH};
use crate::app::resource::{by_role, At, Described, Opens, Resource};
use crate::app::table::Role;
use crate::app::table::Sort;
use crate::app::table::{Column, Record, Tone, Variant};
use crate::app::view::ViewKind;
use crate::model::status;
use crate::model::LogScope;
use crate::model::{family_revision, Task};

fn short(t: &Task) -> String {
    t.id().chars().take(12).collect()
}

fn group(t: &Task) -> String {
    match &t.group {
        Some(g) => g.strip_prefix("service:").unwrap_or(g).to_string(),
        None => DASH.to_string(),
    }
}

/// `37%`: the task's newest minute of CPU or memory from Container Insights, as a share of its
/// size; "–" where there is none (Container Insights off, or too new a task).
fn utilisation(t: &Task, c: &crate::app::table::Ctx, memory: bool) -> String {
    let Some(m) = c.metrics.and_then(|m| m.services.get(t.id())) else {
        return DASH.to_string();
    };
    let series = if memory { &m.memory } else { &m.cpu };
    crate::model::ServiceMetrics::last(series)
        .map_or_else(|| DASH.to_string(), |v| format!("{v:.0}%"))
}

fn launch(t: &Task) -> String {
    t.capacity_provider
        .clone()
        .or_else(|| t.launch_type.clone())
        .unwrap_or_else(|| DASH.to_string())
}

/// Not yet started counts as newest: pending tasks sort with the youngest.
fn started_key(t: &Task) -> (bool, Option<crate::model::Timestamp>) {
    (t.started_at.is_none(), t.started_at.or(t.created_at))
}

fn exit(t: &Task) -> String {
    opt(&t.exit_code())
}

/// Columns both task views show.
const ID: Column<Task> = Column {
    title: "ID",
    role: Role::Name,
    priority: 0,
    width: 12,
    flex: false,
    right: false,
    timed: false,
    text: |t, _| short(t),
    cmp: |a, b| a.id().cmp(b.id()),
};

const GROUP: Column<Task> = Column {
    title: "GROUP",
    role: Role::Other,
    priority: 2,
    width: 16,
    flex: true,
    right: false,
    timed: false,
    text: |t, _| group(t),
    cmp: |a, b| a.group.cmp(&b.group),
};

const LAST: Column<Task> = Column {
    title: "LAST",
    role: Role::Other,
    priority: 0,
    width: 12,
    flex: false,
    right: false,
    timed: false,
    text: |t, _| t.last_status.clone(),
    cmp: |a, b| a.last_status.cmp(&b.last_status),
};

const TASK_DEF: Column<Task> = Column {
    title: "TASK DEF",
    role: Role::Other,
    priority: 3,
    width: 16,
    flex: true,
    right: false,
    timed: false,
    text: |t, _| family_revision(&t.task_definition_arn).to_string(),
    cmp: |a, b| a.task_definition_arn.cmp(&b.task_definition_arn),
};

/// The health of the load balancer target the task is (the worst, if several): `unhealthy
/// (Timeout)`; "–" for a task behind no load balancer (or not read).
fn target(t: &Task, c: &crate::app::table::Ctx) -> String {
    let Some(target) = c.targets.and_then(|d| d.task_health(&t.arn)) else {
        return DASH.to_string();
    };
    match target.short_reason() {
        Some(r) if !target.healthy() => format!("{} ({r})", target.state),
        _ => target.state.clone(),
    }
}

static RUNNING: [Column<Task>; 14] = [
    ID,
    GROUP,
    LAST,
    Column {
        title: "DESIRED",
        role: Role::Other,
        priority: 1,
        width: 8,
        flex: false,
        right: false,
        timed: false,
        text: |t, _| t.desired_status.clone(),
        cmp: |a, b| a.desired_status.cmp(&b.desired_status),
    },
    Column {
        title: "HEALTH",
        role: Role::Other,
        priority: 0,
        width: 9,
        flex: false,
        right: false,
        timed: false,
        text: |t, _| opt(&t.health),
        cmp: |a, b| a.health.cmp(&b.health),
    },
    Column {
        title: "TARGET",
        role: Role::Other,
        priority: 2,
        width: 10,
        flex: true,
        right: false,
        timed: true,
        text: target,
        cmp: |a, b| a.health.cmp(&b.health),
    },
    Column {
        title: "LAUNCH",
        role: Role::Other,
        priority: 2,
        width: 12,
        flex: false,
        right: false,
        timed: false,
        text: |t, _| launch(t),
        cmp: |a, b| launch(a).cmp(&launch(b)),
    },
    Column {
        title: "WHERE",
        role: Role::Other,
        priority: 1,
        width: 12,
        flex: false,
        right: false,
        timed: false,
        text: |t, _| {
            t.location()
                .map_or_else(|| DASH.into(), |l| l.chars().take(12).collect())
        },
        cmp: |a, b| a.location().cmp(&b.location()),
    },
    TASK_DEF,
    Column {
        title: "CPU%",
        role: Role::Other,
        priority: 2,
        width: 4,
        flex: false,
        right: true,
        // It changes between refreshes of equal rows: kept out of the filter, like the ages.
        timed: true,
        text: |t, c| utilisation(t, c, false),
        cmp: |a, b| a.id().cmp(b.id()),
    },
    Column {
        title: "MEM%",
        role: Role::Other,
        priority: 2,
        width: 4,
        flex: false,
        right: true,
        timed: true,
        text: |t, c| utilisation(t, c, true),
        cmp: |a, b| a.id().cmp(b.id()),
    },
    Column {
        title: "CPU",
        role: Role::Other,
        priority: 2,
        width: 5,
        flex: false,
        right: true,
        timed: false,
        text: |t, _| opt(&t.cpu),
        cmp: |a, b| cmp_num_text(&a.cpu, &b.cpu),
    },
    Column {
        title: "MEM",
        role: Role::Other,
        priority: 2,
        width: 5,
        flex: false,
        right: true,
        timed: false,
        text: |t, _| opt(&t.memory),
        cmp: |a, b| cmp_num_text(&a.memory, &b.memory),
    },
    Column {
        title: "STARTED",
        role: Role::Age,
        priority: 0,
        width: 7,
        flex: false,
        right: true,
        timed: true,
        text: |t, c| age(t.started_at, c.now),
        cmp: |a, b| started_key(a).cmp(&started_key(b)),
    },
];

static STOPPED: [Column<Task>; 9] = [
    ID,
    GROUP,
    Column {
        priority: 1,
        ..LAST
    },
    Column {
        title: "STOP CODE",
        role: Role::Other,
        priority: 0,
        width: 24,
        flex: false,
        right: false,
        timed: false,
        text: |t, _| opt(&t.stop_code),
        cmp: |a, b| a.stop_code.cmp(&b.stop_code),
    },
    Column {
        title: "EXIT",
        role: Role::Other,
        priority: 0,
        width: 4,
        flex: false,
        right: true,
        timed: false,
        text: |t, _| exit(t),
        cmp: |a, b| a.exit_code().cmp(&b.exit_code()),
    },
    Column {
        title: "STOPPED REASON",
        role: Role::Other,
        priority: 0,
        width: 24,
        flex: true,
        right: false,
        timed: false,
        text: |t, _| opt(&t.stopped_reason),
        cmp: |a, b| a.stopped_reason.cmp(&b.stopped_reason),
    },
    TASK_DEF,
    Column {
        title: "RAN",
        role: Role::Other,
        priority: 2,
        width: 6,
        flex: false,
        right: true,
        timed: false,
        text: |t, _| match (t.started_at, t.stopped_at.or(t.stopping_at)) {
            (Some(s), Some(e)) => crate::model::format_age(s, e),
            _ => DASH.into(),
        },
        cmp: |a, b| a.started_at.cmp(&b.started_at),
    },
    Column {
        title: "STOPPED",
        role: Role::Age,
        priority: 0,
        width: 7,
        flex: false,
        right: true,
        timed: true,
        text: |t, c| age(t.stopped_at.or(t.stopping_at), c.now),
        cmp: |a, b| {
            a.stopped_at
                .or(a.stopping_at)
                .cmp(&b.stopped_at.or(b.stopping_at))
        },
    },
];

impl Record for Task {
    fn key(&self) -> &str {
        &self.arn
    }
    const RANKED: &'static [&'static str] = &["CPU%", "MEM%", "TARGET"];
    /// The last minute's CPU or memory; how bad the task's worst target is (healthy 0).
    fn rank(&self, column: &'static str, c: &crate::app::table::Ctx) -> Option<f64> {
        let m = || c.metrics.and_then(|m| m.services.get(self.id()));
        match column {
            "CPU%" => m().and_then(|m| crate::model::ServiceMetrics::last(&m.cpu)),
            "MEM%" => m().and_then(|m| crate::model::ServiceMetrics::last(&m.memory)),
            "TARGET" => c
                .targets
                .and_then(|d| d.task_health(&self.arn))
                .map(|t| f64::from(t.severity())),
            _ => None,
        }
    }
    fn cell_tone(&self, column: &'static str, c: &crate::app::table::Ctx) -> Option<Tone> {
        match column {
            "CPU%" | "MEM%" => crate::app::table::level_tone(self.rank(column, c)),
            "TARGET" => c
                .targets
                .and_then(|d| d.task_health(&self.arn))
                .filter(|t| !t.healthy())
                .map(|t| match t.state.as_str() {
                    "unhealthy" => Tone::Bad,
                    "initial" => Tone::Busy,
                    _ => Tone::Warn,
                }),
            _ => None,
        }
    }
    fn columns(variant: Variant) -> &'static [Column<Self>] {
        match variant {
            Variant::Default | Variant::OneService => &RUNNING,
            Variant::Stopped => &STOPPED,
        }
    }
    fn tone(&self) -> Tone {
        if self.desired_status == status::STOPPED {
            return match self.exit_code() {
                Some(0) | None if self.stop_code.as_deref() != Some("TaskFailedToStart") => {
                    Tone::Faint
                }
                _ => Tone::Bad,
            };
        }
        match (self.last_status.as_str(), self.health.as_deref()) {
            (_, Some(status::UNHEALTHY)) => Tone::Bad,
            (status::RUNNING, _) => Tone::Normal,
            _ => Tone::Busy,
        }
    }
}

impl Resource for Task {
    /// Newest first: by start (running) or by stop (stopped).
    fn default_sort(variant: Variant) -> Sort {
        by_role::<Task>(variant, Role::Age, true)
    }

    fn opens(&self, at: &At) -> Opens {
        match at.cluster {
            Some(cluster) => Opens::View(ViewKind::Containers {
                cluster: cluster.to_string(),
                task: self.arn.clone(),
            }),
            None => Opens::Nothing,
        }
    }

    fn describe(&self) -> Option<Described> {
        let mut d = Described::of(format!("task {}", self.id()), self);
        d.task_definition = Some(self.task_definition_arn.clone());
        Some(d)
    }

    fn console_url(&self, _at: &At) -> Option<String> {
        let cluster = crate::model::name_from_arn(&self.cluster_arn);
        crate::model::console::task_url(&self.arn, cluster)
    }

    fn log_scope(&self, at: &At) -> Option<LogScope> {
        Some(LogScope::Task {
            cluster: at.cluster?.to_string(),
            task: self.arn.clone(),
        })
    }
}
