use crate::app::resource::{newest_first, Described, Resource};
use crate::app::status::{Severity, StatusMessage};
use crate::app::table::Role;
use crate::app::table::{Column, Record, Sort, Tone, Variant};

static COLUMNS: [Column<StatusMessage>; 3] = [
    Column {
        title: "TIME",
        role: Role::Age,
        priority: 0,
        width: 8,
        flex: false,
        right: false,
        timed: false,
        text: |m, _| m.at.format("%H:%M:%S").to_string(),
        cmp: |a, b| a.seq.cmp(&b.seq),
    },
    Column {
        title: "LEVEL",
        role: Role::Other,
        priority: 0,
        width: 5,
        flex: false,
        right: false,
        timed: false,
        text: |m, _| m.severity.label().to_string(),
        cmp: |a, b| a.severity.cmp(&b.severity),
    },
    Column {
        title: "MESSAGE",
        role: Role::Other,
        priority: 0,
        width: 30,
        flex: true,
        right: false,
        timed: false,
        text: |m, _| m.text.clone(),
        cmp: |a, b| a.text.cmp(&b.text),
    },
];

impl Record for StatusMessage {
    fn key(&self) -> &str {
        &self.key
    }
    fn columns(_: Variant) -> &'static [Column<Self>] {
        &COLUMNS
    }
    fn tone(&self) -> Tone {
        match self.severity {
            Severity::Info => Tone::Normal,
            Severity::Warn => Tone::Warn,
            Severity::Error => Tone::Bad,
        }
    }
}

impl Resource for StatusMessage {
    fn default_sort(_variant: Variant) -> Sort {
        newest_first()
    }

    /// A message in full, wrapped: the table cuts long ones at the edge.
    fn describe(&self) -> Option<Described> {
        Some(Described {
            title: format!(
                "{} at {}",
                self.severity.label(),
                self.at.format("%Y-%m-%d %H:%M:%S")
            ),
            doc: serde_json::json!({
                "time": self.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                "level": self.severity.label(),
                "message": self.text,
            }),
            task_definition: None,
        })
    }
}
