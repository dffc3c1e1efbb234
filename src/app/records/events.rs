use crate::app::resource::{newest_first, At, Opens, Resource};
use crate::app::table::Role;
use crate::app::table::Sort;
use crate::app::table::{Column, Record, Tone, Variant};
use crate::app::view::ViewKind;
use crate::model::{EcsEvent, EventSeverity};
use crate::model::{EventKind, TaskScope, TaskStatus};

fn time(e: &EcsEvent) -> String {
    chrono::DateTime::from_timestamp_millis(e.time)
        .map(|t| t.format("%H:%M:%S").to_string())
        .unwrap_or_else(|| "–".into())
}

fn level(e: &EcsEvent) -> &'static str {
    match e.severity() {
        EventSeverity::Info => "INFO",
        EventSeverity::Warn => "WARN",
        EventSeverity::Error => "ERROR",
    }
}

fn kind(e: &EcsEvent) -> String {
    e.detail_type
        .trim_start_matches("ECS ")
        .trim_end_matches(" State Change")
        .to_string()
}

static COLUMNS: [Column<EcsEvent>; 6] = [
    Column {
        title: "TIME",
        role: Role::Age,
        priority: 0,
        width: 8,
        flex: false,
        right: false,
        timed: false,
        text: |e, _| time(e),
        cmp: |a, b| a.time.cmp(&b.time),
    },
    Column {
        title: "LEVEL",
        role: Role::Other,
        priority: 0,
        width: 5,
        flex: false,
        right: false,
        timed: false,
        text: |e, _| level(e).to_string(),
        cmp: |a, b| a.severity().cmp(&b.severity()),
    },
    Column {
        title: "TYPE",
        role: Role::Other,
        priority: 2,
        width: 16,
        flex: false,
        right: false,
        timed: false,
        text: |e, _| kind(e),
        cmp: |a, b| a.detail_type.cmp(&b.detail_type),
    },
    Column {
        title: "CLUSTER",
        role: Role::Other,
        priority: 1,
        width: 12,
        flex: false,
        right: false,
        timed: false,
        text: |e, _| e.cluster(),
        cmp: |a, b| a.cluster().cmp(&b.cluster()),
    },
    Column {
        title: "SUBJECT",
        role: Role::Other,
        priority: 0,
        width: 26,
        flex: false,
        right: false,
        timed: false,
        text: |e, _| e.subject(),
        cmp: |a, b| a.subject().cmp(&b.subject()),
    },
    Column {
        title: "WHAT HAPPENED",
        role: Role::Other,
        priority: 0,
        width: 30,
        flex: true,
        right: false,
        timed: false,
        text: |e, _| e.summary(),
        cmp: |a, b| a.summary().cmp(&b.summary()),
    },
];

impl Record for EcsEvent {
    fn key(&self) -> &str {
        &self.id
    }
    fn columns(_: Variant) -> &'static [Column<Self>] {
        &COLUMNS
    }
    fn tone(&self) -> Tone {
        match self.severity() {
            EventSeverity::Info => Tone::Normal,
            EventSeverity::Warn => Tone::Warn,
            EventSeverity::Error => Tone::Bad,
        }
    }
}

impl Resource for EcsEvent {
    fn default_sort(_variant: Variant) -> Sort {
        newest_first()
    }

    /// The task, service or instance the event is about.
    fn opens(&self, _at: &At) -> Opens {
        let cluster = self.cluster();
        let kind = match &self.kind {
            EventKind::Task(tc) => ViewKind::Containers {
                cluster,
                task: tc.task_arn.clone(),
            },
            EventKind::Service(s) => ViewKind::Tasks {
                cluster,
                scope: TaskScope::Service(crate::model::name_from_arn(&s.service_arn).to_string()),
                status: TaskStatus::Running,
            },
            EventKind::Instance(i) => ViewKind::Tasks {
                cluster,
                scope: TaskScope::Instance(i.instance_arn.clone()),
                status: TaskStatus::Running,
            },
            EventKind::Raw => return Opens::Nothing,
        };
        Opens::View(kind)
    }
}
