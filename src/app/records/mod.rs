//! The columns of each view: what a row shows, how it sorts, and its colour hint.

mod alarms;
mod api;
mod audit;
mod capacity;
mod clusters;
mod containers;
mod contexts;
pub mod deployments;
mod events;
mod failures;
mod instances;
mod messages;
mod pulse;
mod revisions;
mod scaling;
mod services;
mod targets;
mod tasks;
pub mod timeline;

pub use audit::AuditEntry;
pub use targets::target_rows;
pub use timeline::{Source, TimelineEntry};

use crate::model::{format_age, Timestamp};
use std::cmp::Ordering;

pub(crate) const DASH: &str = "–";

pub(crate) fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map_or_else(|| DASH.to_string(), T::to_string)
}

pub(crate) fn age(t: Option<Timestamp>, now: Timestamp) -> String {
    t.map_or_else(|| DASH.to_string(), |t| format_age(t, now))
}

/// Numbers in text form (ECS gives cpu/memory as strings) compare as numbers.
pub(crate) fn cmp_num_text(a: &Option<String>, b: &Option<String>) -> Ordering {
    let n = |v: &Option<String>| v.as_deref().and_then(|s| s.parse::<i64>().ok());
    n(a).cmp(&n(b))
}
