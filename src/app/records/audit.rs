use crate::app::resource::{newest_first, Resource};
use crate::app::table::Role;
use crate::app::table::{Column, Record, Sort, Tone, Variant};
use crate::model::{MutationResult, Timestamp};

/// One attempted change, as `:audit` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub key: String,
    pub seq: u64,
    pub at: Timestamp,
    pub summary: String,
    pub outcome: &'static str,
    pub errors: String,
}

impl AuditEntry {
    pub fn new(seq: u64, r: &MutationResult) -> Self {
        let errors = r
            .failed
            .iter()
            .map(|(t, e)| format!("{}: {e}", crate::model::short_id(t)))
            .collect::<Vec<_>>()
            .join("; ");
        Self {
            key: seq.to_string(),
            seq,
            at: r.at,
            summary: r.mutation.summary(),
            outcome: r.outcome(),
            errors,
        }
    }
}

static COLUMNS: [Column<AuditEntry>; 4] = [
    Column {
        title: "TIME",
        role: Role::Age,
        priority: 0,
        width: 8,
        flex: false,
        right: false,
        timed: false,
        text: |e, _| e.at.format("%H:%M:%S").to_string(),
        cmp: |a, b| a.seq.cmp(&b.seq),
    },
    Column {
        title: "CHANGE",
        role: Role::Other,
        priority: 0,
        width: 30,
        flex: true,
        right: false,
        timed: false,
        text: |e, _| e.summary.clone(),
        cmp: |a, b| a.summary.cmp(&b.summary),
    },
    Column {
        title: "OUTCOME",
        role: Role::Other,
        priority: 0,
        width: 8,
        flex: false,
        right: false,
        timed: false,
        text: |e, _| e.outcome.to_string(),
        cmp: |a, b| a.outcome.cmp(b.outcome),
    },
    Column {
        title: "ERRORS",
        role: Role::Other,
        priority: 1,
        width: 20,
        flex: true,
        right: false,
        timed: false,
        text: |e, _| e.errors.clone(),
        cmp: |a, b| a.errors.cmp(&b.errors),
    },
];

impl Record for AuditEntry {
    fn key(&self) -> &str {
        &self.key
    }
    fn columns(_: Variant) -> &'static [Column<Self>] {
        &COLUMNS
    }
    fn tone(&self) -> Tone {
        match self.outcome {
            "ok" => Tone::Normal,
            "partial" => Tone::Warn,
            _ => Tone::Bad,
        }
    }
}

impl Resource for AuditEntry {
    fn default_sort(_variant: Variant) -> Sort {
        newest_first()
    }
}
