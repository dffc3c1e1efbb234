//! A cluster's capacity (`:capacity`): its providers, its default strategy, each service's.

use super::{opt, DASH};
use crate::app::resource::{Described, Resource};
use crate::app::table::{Column, Record, Role, Sort, Tone, Variant};
use crate::model::CapacityRow;

static COLUMNS: [Column<CapacityRow>; 5] = [
    Column {
        title: "FOR",
        role: Role::Name,
        priority: 0,
        width: 16,
        flex: false,
        right: false,
        timed: false,
        text: |r, _| r.scope.clone(),
        cmp: |a, b| a.order.cmp(&b.order),
    },
    Column {
        title: "PROVIDER",
        role: Role::Other,
        priority: 0,
        width: 14,
        flex: false,
        right: false,
        timed: false,
        text: |r, _| r.provider.clone(),
        cmp: |a, b| a.provider.cmp(&b.provider),
    },
    Column {
        title: "BASE",
        role: Role::Other,
        priority: 0,
        width: 4,
        flex: false,
        right: true,
        timed: false,
        text: |r, _| opt(&r.base),
        cmp: |a, b| a.base.cmp(&b.base),
    },
    Column {
        title: "WEIGHT",
        role: Role::Other,
        priority: 0,
        width: 6,
        flex: false,
        right: true,
        timed: false,
        text: |r, _| opt(&r.weight),
        cmp: |a, b| a.weight.cmp(&b.weight),
    },
    Column {
        title: "DETAIL",
        role: Role::Other,
        priority: 1,
        width: 30,
        flex: true,
        right: false,
        timed: false,
        text: |r, _| {
            if r.detail.is_empty() {
                DASH.into()
            } else {
                r.detail.clone()
            }
        },
        cmp: |a, b| a.detail.cmp(&b.detail),
    },
];

impl Record for CapacityRow {
    fn key(&self) -> &str {
        &self.key
    }
    fn columns(_: Variant) -> &'static [Column<Self>] {
        &COLUMNS
    }
    fn tone(&self) -> Tone {
        if self.provider == "FARGATE_SPOT" && self.weight.is_some_and(|w| w > 0) {
            Tone::Warn
        } else {
            Tone::Normal
        }
    }
}

impl Resource for CapacityRow {
    /// In the order read: providers, the default strategy, the services.
    fn default_sort(_variant: Variant) -> Sort {
        Sort {
            column: 0,
            descending: false,
        }
    }

    fn describe(&self) -> Option<Described> {
        Some(Described::of(
            format!("{} {}", self.scope, self.provider),
            self,
        ))
    }
}
