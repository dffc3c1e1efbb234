use super::opt;
use crate::app::resource::{At, Described, Resource};
use crate::app::table::Role;
use crate::app::table::{Column, Record, Tone, Variant};
use crate::model::status;
use crate::model::Container;
use crate::model::LogScope;

static COLUMNS: [Column<Container>; 6] = [
    Column {
        title: "NAME",
        role: Role::Name,
        priority: 0,
        width: 20,
        flex: false,
        right: false,
        timed: false,
        text: |c, _| c.name.clone(),
        cmp: |a, b| a.name.cmp(&b.name),
    },
    Column {
        title: "IMAGE",
        role: Role::Other,
        priority: 1,
        width: 30,
        flex: true,
        right: false,
        timed: false,
        text: |c, _| opt(&c.image),
        cmp: |a, b| a.image.cmp(&b.image),
    },
    Column {
        title: "STATUS",
        role: Role::Other,
        priority: 0,
        width: 9,
        flex: false,
        right: false,
        timed: false,
        text: |c, _| c.last_status.clone(),
        cmp: |a, b| a.last_status.cmp(&b.last_status),
    },
    Column {
        title: "EXIT",
        role: Role::Other,
        priority: 0,
        width: 4,
        flex: false,
        right: true,
        timed: false,
        text: |c, _| opt(&c.exit_code),
        cmp: |a, b| a.exit_code.cmp(&b.exit_code),
    },
    Column {
        title: "HEALTH",
        role: Role::Other,
        priority: 1,
        width: 9,
        flex: false,
        right: false,
        timed: false,
        text: |c, _| opt(&c.health),
        cmp: |a, b| a.health.cmp(&b.health),
    },
    Column {
        title: "REASON",
        role: Role::Other,
        priority: 0,
        width: 12,
        flex: true,
        right: false,
        timed: false,
        text: |c, _| opt(&c.reason),
        cmp: |a, b| a.reason.cmp(&b.reason),
    },
];

impl Record for Container {
    fn key(&self) -> &str {
        &self.name
    }
    fn columns(_: Variant) -> &'static [Column<Self>] {
        &COLUMNS
    }
    fn tone(&self) -> Tone {
        match (
            self.exit_code,
            self.health.as_deref(),
            self.last_status.as_str(),
        ) {
            (Some(c), _, _) if c != 0 => Tone::Bad,
            (_, Some(status::UNHEALTHY), _) => Tone::Bad,
            (_, _, status::STOPPED) => Tone::Faint,
            (_, _, status::RUNNING) => Tone::Normal,
            _ => Tone::Busy,
        }
    }
}

impl Resource for Container {
    fn describe(&self) -> Option<Described> {
        Some(Described::of(format!("container {}", self.name), self))
    }

    /// The task it runs in.
    fn console_url(&self, at: &At) -> Option<String> {
        crate::model::console::task_url(&self.task_arn, at.cluster?)
    }

    fn log_scope(&self, at: &At) -> Option<LogScope> {
        Some(LogScope::Container {
            cluster: at.cluster?.to_string(),
            task: self.task_arn.clone(),
            container: self.name.clone(),
        })
    }
}
