use super::{age, DASH};
use crate::app::failures::FailureGroup;
use crate::app::resource::{by_role, At, Opens, Resource};
use crate::app::table::Role;
use crate::app::table::Sort;
use crate::app::table::{Column, Record, Tone, Variant};
use crate::app::view::ViewKind;
use crate::model::LogScope;

fn text(s: &str) -> String {
    if s.is_empty() {
        DASH.into()
    } else {
        s.into()
    }
}

static COLUMNS: [Column<FailureGroup>; 7] = [
    Column {
        title: "COUNT",
        role: Role::Other,
        priority: 0,
        width: 5,
        flex: false,
        right: true,
        timed: false,
        text: |g, _| g.count.to_string(),
        cmp: |a, b| a.count.cmp(&b.count),
    },
    Column {
        title: "LAST SEEN",
        role: Role::Age,
        priority: 0,
        width: 9,
        flex: false,
        right: true,
        timed: true,
        text: |g, c| age(g.last_seen, c.now),
        cmp: |a, b| a.last_seen.cmp(&b.last_seen),
    },
    Column {
        title: "SERVICE",
        role: Role::Other,
        priority: 0,
        width: 16,
        flex: true,
        right: false,
        timed: false,
        text: |g, _| g.service.clone(),
        cmp: |a, b| a.service.cmp(&b.service),
    },
    Column {
        title: "EXIT CODES",
        role: Role::Other,
        priority: 0,
        width: 14,
        flex: true,
        right: false,
        timed: false,
        text: |g, _| g.exit_codes.clone(),
        cmp: |a, b| a.exit_codes.cmp(&b.exit_codes),
    },
    Column {
        title: "STOP CODE",
        role: Role::Other,
        priority: 2,
        width: 24,
        flex: false,
        right: false,
        timed: false,
        text: |g, _| text(&g.stop_code),
        cmp: |a, b| a.stop_code.cmp(&b.stop_code),
    },
    Column {
        title: "REASON",
        role: Role::Other,
        priority: 0,
        width: 24,
        flex: true,
        right: false,
        timed: false,
        text: |g, _| text(&g.reason),
        cmp: |a, b| a.reason.cmp(&b.reason),
    },
    Column {
        title: "CONTAINER REASON",
        role: Role::Other,
        priority: 1,
        width: 20,
        flex: true,
        right: false,
        timed: false,
        text: |g, _| text(&g.container_reason),
        cmp: |a, b| a.container_reason.cmp(&b.container_reason),
    },
];

impl Record for FailureGroup {
    fn key(&self) -> &str {
        &self.key
    }
    fn columns(_: Variant) -> &'static [Column<Self>] {
        &COLUMNS
    }
    fn tone(&self) -> Tone {
        // Reclaimed Spot capacity is not the release failing.
        if self.stop_code == crate::app::failures::SPOT_INTERRUPTION {
            Tone::Warn
        } else {
            Tone::Bad
        }
    }
}

impl Resource for FailureGroup {
    /// The most recent failure first.
    fn default_sort(variant: Variant) -> Sort {
        by_role::<FailureGroup>(variant, Role::Age, true)
    }

    /// The group's latest task.
    fn opens(&self, at: &At) -> Opens {
        match at.cluster {
            Some(cluster) => Opens::View(ViewKind::Containers {
                cluster: cluster.to_string(),
                task: self.latest_task.clone(),
            }),
            None => Opens::Nothing,
        }
    }

    fn log_scope(&self, at: &At) -> Option<LogScope> {
        if self.latest_task.is_empty() {
            return None;
        }
        Some(LogScope::Task {
            cluster: at.cluster?.to_string(),
            task: self.latest_task.clone(),
        })
    }
}
