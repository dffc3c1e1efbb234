//! Load balancer targets (`:targets`, `b` on a service): a row a target — its group, address,
//! health state, reason code and description, and the task behind it (Enter opens it).

use super::{opt, DASH};
use crate::app::resource::{At, Described, Opens, Resource};
use crate::app::table::{Column, Record, Role, Sort, Tone, Variant};
use crate::app::view::ViewKind;
use crate::model::{short_id, Target, TargetGroup, TargetsData};

/// The rows of a targets view: every target, a row saying so for a group with none, and one
/// for a single service with no load balancer at all.
pub fn target_rows(data: &TargetsData) -> Vec<Target> {
    let mut rows = data.targets.clone();
    for g in &data.groups {
        if !data.targets.iter().any(|t| t.group_arn == g.arn) {
            let mut t = Target::new(g, DASH, None);
            t.description = Some("no targets registered".into());
            rows.push(t);
        }
    }
    if let ([service], []) = (data.services.as_slice(), data.groups.as_slice()) {
        let none = TargetGroup {
            arn: String::new(),
            name: DASH.into(),
            service: service.clone(),
            target_type: None,
            protocol: None,
            port: None,
            load_balancers: Vec::new(),
            health_check_path: None,
        };
        let mut t = Target::new(&none, DASH, None);
        t.description = Some(format!("{service} has no load balancer"));
        rows.push(t);
    }
    rows
}

fn address(t: &Target) -> String {
    match t.port {
        Some(p) => format!("{}:{p}", t.id),
        None => t.id.clone(),
    }
}

fn state(t: &Target) -> String {
    if t.state.is_empty() {
        DASH.into()
    } else {
        t.state.clone()
    }
}

fn task(t: &Target) -> String {
    match &t.task {
        Some(arn) => short_id(arn).chars().take(12).collect(),
        None if t.id == DASH => DASH.into(),
        None => "(no task)".into(),
    }
}

static COLUMNS: [Column<Target>; 8] = [
    Column {
        title: "SERVICE",
        role: Role::Name,
        priority: 1,
        width: 19,
        flex: false,
        right: false,
        timed: false,
        text: |t, _| t.service.clone(),
        cmp: |a, b| a.service.cmp(&b.service),
    },
    Column {
        title: "TARGET",
        role: Role::Other,
        priority: 0,
        width: 17,
        // An address keeps its port where there is room (`10.157.18.192:8080`).
        flex: true,
        right: false,
        timed: false,
        text: |t, _| address(t),
        cmp: |a, b| (&a.id, a.port).cmp(&(&b.id, b.port)),
    },
    Column {
        title: "STATE",
        role: Role::Other,
        priority: 0,
        width: 9,
        flex: false,
        right: false,
        timed: false,
        text: |t, _| state(t),
        cmp: |a, b| a.severity().cmp(&b.severity()).then(a.state.cmp(&b.state)),
    },
    Column {
        title: "REASON",
        role: Role::Other,
        priority: 0,
        width: 20,
        flex: true,
        right: false,
        timed: false,
        text: |t, _| t.short_reason().map_or_else(|| DASH.into(), str::to_string),
        cmp: |a, b| a.reason.cmp(&b.reason),
    },
    Column {
        title: "TASK",
        role: Role::Other,
        priority: 1,
        width: 12,
        flex: false,
        right: false,
        timed: false,
        text: |t, _| task(t),
        cmp: |a, b| a.task.cmp(&b.task),
    },
    Column {
        title: "GROUP",
        role: Role::Other,
        priority: 2,
        width: 20,
        flex: false,
        right: false,
        timed: false,
        text: |t, _| t.group.clone(),
        cmp: |a, b| a.group.cmp(&b.group),
    },
    Column {
        title: "ZONE",
        role: Role::Other,
        priority: 3,
        width: 10,
        flex: false,
        right: false,
        timed: false,
        text: |t, _| opt(&t.zone),
        cmp: |a, b| a.zone.cmp(&b.zone),
    },
    Column {
        title: "DESCRIPTION",
        role: Role::Other,
        priority: 2,
        width: 24,
        flex: true,
        right: false,
        timed: false,
        text: |t, _| opt(&t.description),
        cmp: |a, b| a.description.cmp(&b.description),
    },
];

impl Record for Target {
    fn key(&self) -> &str {
        &self.key
    }
    fn columns(_: Variant) -> &'static [Column<Self>] {
        &COLUMNS
    }
    fn tone(&self) -> Tone {
        match self.severity() {
            4.. => Tone::Bad,
            2 | 3 => Tone::Warn,
            _ if self.healthy() => Tone::Normal,
            _ => Tone::Faint,
        }
    }
}

impl Resource for Target {
    /// Worst first: the unhealthy targets are what the view is opened for.
    fn default_sort(_variant: Variant) -> Sort {
        Sort {
            column: 2,
            descending: true,
        }
    }

    fn describe(&self) -> Option<Described> {
        Some(Described::of(format!("target {}", address(self)), self))
    }

    fn opens(&self, at: &At) -> Opens {
        match (&self.task, at.kind) {
            (Some(task), ViewKind::Targets { cluster, .. }) => Opens::View(ViewKind::Containers {
                cluster: cluster.clone(),
                task: task.clone(),
            }),
            _ => Opens::Nothing,
        }
    }
}
