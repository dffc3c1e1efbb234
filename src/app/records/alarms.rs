//! CloudWatch alarms (`:alarms`): worst first, then the newest change; Enter opens the service
//! (or the cluster) an alarm names.

use super::{age, opt};
use crate::app::pulse::{alarm_target, Target};
use crate::app::resource::{At, Described, Opens, Resource};
use crate::app::table::{Column, Record, Role, Sort, Tone, Variant};
use crate::model::{Alarm, IN_ALARM};

fn worst(a: &Alarm, b: &Alarm) -> std::cmp::Ordering {
    (a.rank(), std::cmp::Reverse(a.since), &a.name).cmp(&(
        b.rank(),
        std::cmp::Reverse(b.since),
        &b.name,
    ))
}

/// The state as a word: INSUFFICIENT_DATA is "NO DATA".
fn state(a: &Alarm) -> String {
    match a.state.as_str() {
        "INSUFFICIENT_DATA" => "NO DATA".into(),
        other => other.to_string(),
    }
}

static COLUMNS: [Column<Alarm>; 6] = [
    Column {
        title: "STATE",
        role: Role::Other,
        priority: 0,
        width: 7,
        flex: false,
        right: false,
        timed: false,
        text: |a, _| state(a),
        cmp: worst,
    },
    Column {
        title: "ALARM",
        role: Role::Name,
        priority: 0,
        width: 28,
        flex: true,
        right: false,
        timed: false,
        text: |a, _| a.name.clone(),
        cmp: |a, b| a.name.cmp(&b.name),
    },
    Column {
        title: "SINCE",
        role: Role::Age,
        priority: 0,
        width: 7,
        flex: false,
        right: true,
        timed: true,
        text: |a, c| age(a.since, c.now),
        cmp: |a, b| a.since.cmp(&b.since),
    },
    Column {
        title: "REASON",
        role: Role::Other,
        priority: 1,
        width: 24,
        flex: true,
        right: false,
        timed: false,
        text: |a, _| a.reason.clone(),
        cmp: |a, b| a.reason.cmp(&b.reason),
    },
    Column {
        title: "SERVICE",
        role: Role::Other,
        priority: 2,
        width: 19,
        flex: false,
        right: false,
        timed: false,
        text: |a, _| opt(&a.service),
        cmp: |a, b| a.service.cmp(&b.service),
    },
    Column {
        title: "CLUSTER",
        role: Role::Other,
        priority: 2,
        width: 12,
        flex: false,
        right: false,
        timed: false,
        text: |a, _| opt(&a.cluster),
        cmp: |a, b| a.cluster.cmp(&b.cluster),
    },
];

impl Record for Alarm {
    fn key(&self) -> &str {
        &self.arn
    }
    fn columns(_: Variant) -> &'static [Column<Self>] {
        &COLUMNS
    }
    fn tone(&self) -> Tone {
        match self.state.as_str() {
            IN_ALARM => Tone::Bad,
            "INSUFFICIENT_DATA" => Tone::Warn,
            _ => Tone::Normal,
        }
    }
}

impl Resource for Alarm {
    fn default_sort(_variant: Variant) -> Sort {
        Sort {
            column: 0,
            descending: false,
        }
    }

    fn describe(&self) -> Option<Described> {
        Some(Described::of(format!("alarm {}", self.name), self))
    }

    fn opens(&self, _at: &At) -> Opens {
        match (&self.cluster, &self.service) {
            (Some(c), Some(s)) => Opens::Pulse(alarm_target(c, s)),
            (Some(c), None) => Opens::Pulse(Target::Cluster { cluster: c.clone() }),
            _ => Opens::Nothing,
        }
    }
}
