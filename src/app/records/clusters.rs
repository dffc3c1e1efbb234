use super::opt;
use crate::app::resource::{At, Described, Opens, Resource};
use crate::app::table::Role;
use crate::app::table::{Column, Record, Tone, Variant};
use crate::app::view::ViewKind;
use crate::model::status;
use crate::model::Cluster;

static COLUMNS: [Column<Cluster>; 7] = [
    Column {
        title: "NAME",
        role: Role::Name,
        priority: 0,
        width: 14,
        flex: true,
        right: false,
        timed: false,
        text: |c, _| c.name.clone(),
        cmp: |a, b| a.name.cmp(&b.name),
    },
    Column {
        title: "STATUS",
        role: Role::Other,
        priority: 1,
        width: 8,
        flex: false,
        right: false,
        timed: false,
        text: |c, _| c.status.clone(),
        cmp: |a, b| a.status.cmp(&b.status),
    },
    Column {
        title: "SERVICES",
        role: Role::Other,
        priority: 0,
        width: 8,
        flex: false,
        right: true,
        timed: false,
        text: |c, _| opt(&c.active_services),
        cmp: |a, b| a.active_services.cmp(&b.active_services),
    },
    Column {
        title: "RUNNING",
        role: Role::Other,
        priority: 0,
        width: 7,
        flex: false,
        right: true,
        timed: false,
        text: |c, _| opt(&c.running_tasks),
        cmp: |a, b| a.running_tasks.cmp(&b.running_tasks),
    },
    Column {
        title: "PENDING",
        role: Role::Other,
        priority: 0,
        width: 7,
        flex: false,
        right: true,
        timed: false,
        text: |c, _| opt(&c.pending_tasks),
        cmp: |a, b| a.pending_tasks.cmp(&b.pending_tasks),
    },
    Column {
        title: "INSTANCES",
        role: Role::Other,
        priority: 1,
        width: 9,
        flex: false,
        right: true,
        timed: false,
        text: |c, _| opt(&c.registered_instances),
        cmp: |a, b| a.registered_instances.cmp(&b.registered_instances),
    },
    Column {
        title: "CAPACITY PROVIDERS",
        role: Role::Other,
        priority: 2,
        width: 20,
        flex: true,
        right: false,
        timed: false,
        text: |c, _| c.capacity_providers.join(","),
        cmp: |a, b| a.capacity_providers.cmp(&b.capacity_providers),
    },
];

impl Record for Cluster {
    fn key(&self) -> &str {
        &self.arn
    }
    fn columns(_: Variant) -> &'static [Column<Self>] {
        &COLUMNS
    }
    fn tone(&self) -> Tone {
        match self.status.as_str() {
            status::ACTIVE if self.pending_tasks.unwrap_or(0) > 0 => Tone::Busy,
            status::ACTIVE => Tone::Normal,
            status::PROVISIONING => Tone::Busy,
            _ => Tone::Faint,
        }
    }
}

impl Resource for Cluster {
    fn opens(&self, _at: &At) -> Opens {
        Opens::View(ViewKind::Services {
            cluster: self.name.clone(),
        })
    }

    fn describe(&self) -> Option<Described> {
        Some(Described::of(format!("cluster {}", self.name), self))
    }

    fn console_url(&self, _at: &At) -> Option<String> {
        crate::model::console::cluster_url(&self.arn, &self.name)
    }
}
