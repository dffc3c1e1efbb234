use crate::app::resource::{newest_first, Resource};
use crate::app::table::Role;
use crate::app::table::{Column, Record, Sort, Tone, Variant};
use crate::model::{ApiCall, ApiOutcome};

fn outcome(c: &ApiCall) -> String {
    match &c.outcome {
        ApiOutcome::Ok(note) if note.is_empty() => "ok".into(),
        ApiOutcome::Ok(note) => format!("ok: {note}"),
        ApiOutcome::Throttled(m) => format!("THROTTLED: {m}"),
        ApiOutcome::Failed(m) => format!("FAILED: {m}"),
    }
}

static COLUMNS: [Column<ApiCall>; 5] = [
    Column {
        title: "TIME",
        role: Role::Age,
        priority: 0,
        width: 8,
        flex: false,
        right: false,
        timed: false,
        text: |c, _| c.at.format("%H:%M:%S").to_string(),
        cmp: |a, b| a.seq.cmp(&b.seq),
    },
    Column {
        title: "OPERATION",
        role: Role::Other,
        priority: 0,
        width: 26,
        flex: false,
        right: false,
        timed: false,
        text: |c, _| c.operation.clone(),
        cmp: |a, b| a.operation.cmp(&b.operation),
    },
    Column {
        title: "TARGET",
        role: Role::Other,
        priority: 1,
        width: 20,
        flex: true,
        right: false,
        timed: false,
        text: |c, _| c.target.clone(),
        cmp: |a, b| a.target.cmp(&b.target),
    },
    Column {
        title: "MS",
        role: Role::Other,
        priority: 0,
        width: 6,
        flex: false,
        right: true,
        timed: false,
        text: |c, _| c.millis.to_string(),
        cmp: |a, b| a.millis.cmp(&b.millis),
    },
    Column {
        title: "OUTCOME",
        role: Role::Other,
        priority: 0,
        width: 20,
        flex: true,
        right: false,
        timed: false,
        text: |c, _| outcome(c),
        cmp: |a, b| outcome(a).cmp(&outcome(b)),
    },
];

impl Record for ApiCall {
    fn key(&self) -> &str {
        &self.key
    }
    fn columns(_: Variant) -> &'static [Column<Self>] {
        &COLUMNS
    }
    fn tone(&self) -> Tone {
        match self.outcome {
            ApiOutcome::Ok(_) => Tone::Normal,
            ApiOutcome::Throttled(_) => Tone::Warn,
            ApiOutcome::Failed(_) => Tone::Bad,
        }
    }
}

impl Resource for ApiCall {
    fn default_sort(_variant: Variant) -> Sort {
        newest_first()
    }
}
