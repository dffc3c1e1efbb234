//! Auto scaling (`:scaling`): a row a scalable target, policy, scheduled action or activity,
//! a service's rows together — target, policies, scheduled actions, then activities newest first.

use super::{age, opt};
use crate::app::resource::{At, Described, Opens, Resource};
use crate::app::table::{Column, Record, Role, Sort, Tone, Variant};
use crate::app::view::ViewKind;
use crate::model::{ScalingItem, ScalingKind};

fn order(a: &ScalingItem, b: &ScalingItem) -> std::cmp::Ordering {
    (&a.service, a.kind, std::cmp::Reverse(a.at)).cmp(&(
        &b.service,
        b.kind,
        std::cmp::Reverse(b.at),
    ))
}

static COLUMNS: [Column<ScalingItem>; 6] = [
    Column {
        title: "SERVICE",
        role: Role::Name,
        priority: 0,
        width: 14,
        flex: false,
        right: false,
        timed: false,
        text: |i, _| i.service.clone(),
        cmp: order,
    },
    Column {
        title: "WHAT",
        role: Role::Other,
        priority: 0,
        width: 9,
        flex: false,
        right: false,
        timed: false,
        text: |i, _| i.kind.as_str().to_string(),
        cmp: |a, b| a.kind.cmp(&b.kind),
    },
    Column {
        title: "NAME",
        role: Role::Other,
        priority: 0,
        width: 20,
        flex: false,
        right: false,
        timed: false,
        text: |i, _| i.name.clone(),
        cmp: |a, b| a.name.cmp(&b.name),
    },
    Column {
        title: "STATUS",
        role: Role::Other,
        priority: 1,
        width: 10,
        flex: false,
        right: false,
        timed: false,
        text: |i, _| opt(&i.status),
        cmp: |a, b| a.status.cmp(&b.status),
    },
    Column {
        title: "WHEN",
        role: Role::Age,
        priority: 1,
        width: 9,
        flex: false,
        right: true,
        timed: true,
        // An activity's age; a scheduled action's next run (`in 14h`).
        text: |i, c| match i.at {
            Some(at) if at > c.now => format!("in {}", crate::model::format_age(c.now, at)),
            at => age(at, c.now),
        },
        cmp: |a, b| a.at.cmp(&b.at),
    },
    Column {
        title: "DETAIL",
        role: Role::Other,
        priority: 0,
        width: 17,
        flex: true,
        right: false,
        timed: false,
        text: |i, _| i.detail.clone(),
        cmp: |a, b| a.detail.cmp(&b.detail),
    },
];

impl Record for ScalingItem {
    fn key(&self) -> &str {
        &self.key
    }
    fn columns(_: Variant) -> &'static [Column<Self>] {
        &COLUMNS
    }
    fn tone(&self) -> Tone {
        match (self.kind, self.status.as_deref()) {
            (ScalingKind::Activity, Some("Failed" | "Unfulfilled")) => Tone::Bad,
            (ScalingKind::Activity, Some("InProgress" | "Pending")) => Tone::Busy,
            (ScalingKind::Target, Some(_)) => Tone::Warn,
            (ScalingKind::Activity, _) => Tone::Faint,
            _ => Tone::Normal,
        }
    }
}

impl Resource for ScalingItem {
    /// A service's rows together, in the order they are read.
    fn default_sort(_variant: Variant) -> Sort {
        Sort {
            column: 0,
            descending: false,
        }
    }

    fn describe(&self) -> Option<Described> {
        Some(Described::of(
            format!("{} {} of {}", self.kind.as_str(), self.name, self.service),
            self,
        ))
    }

    /// Enter: the service's timeline (what the scaling did, among the rest).
    fn opens(&self, at: &At) -> Opens {
        match at.kind {
            ViewKind::Scaling { cluster, .. } => Opens::View(ViewKind::Timeline {
                cluster: cluster.clone(),
                service: Some(self.service.clone()),
            }),
            _ => Opens::Nothing,
        }
    }
}
