//! What a kind of row is to the console beyond its columns: how a view of it opens sorted, where
//! Enter on it leads, what `d` shows of it and whose logs `l` opens. Each kind answers in its own
//! file under `records/` (with its columns); the views and screens ask through the table
//! (`AnyTable`) without knowing the kind, so a new kind of view is its records file, its
//! address (`ViewKind`) and its key-table name (`ViewTag`).

use super::table::{Record, Role, Sort, Variant};
use super::view::ViewKind;
use crate::model::LogScope;
use serde_json::Value;

/// A resource in full, for describe.
pub struct Described {
    pub title: String,
    pub doc: Value,
    /// The task definition to merge in when it arrives (tasks, services).
    pub task_definition: Option<String>,
}

impl Described {
    pub fn of<T: serde::Serialize>(title: String, item: &T) -> Self {
        Self {
            title,
            doc: serde_json::to_value(item).unwrap_or(Value::Null),
            task_definition: None,
        }
    }
}

/// Where Enter on a row leads.
pub enum Opens {
    Nothing,
    View(ViewKind),
    /// Another profile and/or region.
    Switch {
        profile: Option<String>,
        region: Option<String>,
    },
    /// A `:pulse` item: its service, cluster or failures (maybe in another region).
    Pulse(super::pulse::Target),
}

/// Where a row is: the view's address and the cluster in focus along the breadcrumbs.
pub struct At<'a> {
    pub kind: &'a ViewKind,
    pub cluster: Option<&'a str>,
}

pub trait Resource: Record + Send {
    /// How a view of this kind is sorted when it opens.
    fn default_sort(_variant: Variant) -> Sort {
        Sort {
            column: 0,
            descending: false,
        }
    }

    fn opens(&self, _at: &At) -> Opens {
        Opens::Nothing
    }

    fn describe(&self) -> Option<Described> {
        None
    }

    fn log_scope(&self, _at: &At) -> Option<LogScope> {
        None
    }

    /// Its page in the AWS console (`o` copies it).
    fn console_url(&self, _at: &At) -> Option<String> {
        None
    }
}

/// The sort on the first column of `role`, e.g. newest first by age; the first column if the
/// kind has none.
pub fn by_role<T: Record>(variant: Variant, role: Role, descending: bool) -> Sort {
    let column = T::columns(variant)
        .iter()
        .position(|c| c.role == role)
        .unwrap_or(0);
    Sort { column, descending }
}

/// Newest first, by the first column (the time of a message, a call, an event).
pub fn newest_first() -> Sort {
    Sort {
        column: 0,
        descending: true,
    }
}
