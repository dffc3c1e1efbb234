use super::opt;
use crate::app::resource::{by_role, At, Described, Opens, Resource};
use crate::app::table::Role;
use crate::app::table::Sort;
use crate::app::table::{Column, Record, Tone, Variant};
use crate::app::view::ViewKind;
use crate::model::status;
use crate::model::ContainerInstance;
use crate::model::{TaskScope, TaskStatus};

static COLUMNS: [Column<ContainerInstance>; 11] = [
    // Ten characters of the id tell instances apart (the EC2 id beside it is whole); the two
    // saved keep CPU FREE and MARKET both on an 80-column screen.
    Column {
        title: "ID",
        role: Role::Name,
        priority: 0,
        width: 10,
        flex: false,
        right: false,
        timed: false,
        text: |i, _| i.id().chars().take(10).collect(),
        cmp: |a, b| a.id().cmp(b.id()),
    },
    Column {
        title: "EC2 ID",
        role: Role::Host,
        priority: 0,
        width: 19,
        flex: false,
        right: false,
        timed: false,
        text: |i, _| opt(&i.ec2_instance_id),
        cmp: |a, b| a.ec2_instance_id.cmp(&b.ec2_instance_id),
    },
    Column {
        title: "STATUS",
        role: Role::Other,
        priority: 0,
        width: 9,
        flex: false,
        right: false,
        timed: false,
        text: |i, _| i.status.clone(),
        cmp: |a, b| a.status.cmp(&b.status),
    },
    // Before AGENT: where the width runs out (80 columns), Spot or On-Demand stays and
    // PENDING (rarely not 0) goes.
    Column {
        title: "MARKET",
        role: Role::Other,
        priority: 1,
        width: 9,
        flex: false,
        right: false,
        timed: false,
        text: |i, _| opt(&i.market),
        cmp: |a, b| a.market.cmp(&b.market),
    },
    Column {
        title: "AGENT",
        role: Role::Other,
        priority: 1,
        width: 5,
        flex: false,
        right: false,
        timed: false,
        text: |i, _| if i.agent_connected { "yes" } else { "NO" }.into(),
        cmp: |a, b| a.agent_connected.cmp(&b.agent_connected),
    },
    Column {
        title: "RUNNING",
        role: Role::Other,
        priority: 0,
        width: 7,
        flex: false,
        right: true,
        timed: false,
        text: |i, _| i.running_tasks.to_string(),
        cmp: |a, b| a.running_tasks.cmp(&b.running_tasks),
    },
    Column {
        title: "PENDING",
        role: Role::Other,
        priority: 3,
        width: 7,
        flex: false,
        right: true,
        timed: false,
        text: |i, _| i.pending_tasks.to_string(),
        cmp: |a, b| a.pending_tasks.cmp(&b.pending_tasks),
    },
    Column {
        title: "CPU FREE",
        role: Role::Other,
        priority: 1,
        width: 10,
        flex: false,
        right: true,
        timed: false,
        text: |i, _| free(i.remaining_cpu, i.registered_cpu),
        cmp: |a, b| a.remaining_cpu.cmp(&b.remaining_cpu),
    },
    Column {
        title: "MEM FREE",
        role: Role::Other,
        priority: 1,
        width: 12,
        flex: false,
        right: true,
        timed: false,
        text: |i, _| free(i.remaining_memory, i.registered_memory),
        cmp: |a, b| a.remaining_memory.cmp(&b.remaining_memory),
    },
    Column {
        title: "TYPE",
        role: Role::Other,
        priority: 2,
        width: 11,
        flex: false,
        right: false,
        timed: false,
        text: |i, _| opt(&i.instance_type),
        cmp: |a, b| a.instance_type.cmp(&b.instance_type),
    },
    Column {
        title: "AZ",
        role: Role::Other,
        priority: 2,
        width: 10,
        flex: true,
        right: false,
        timed: false,
        text: |i, _| opt(&i.availability_zone),
        cmp: |a, b| a.availability_zone.cmp(&b.availability_zone),
    },
];

/// `1536/4096`: remaining of registered.
fn free(remaining: Option<i32>, registered: Option<i32>) -> String {
    match (remaining, registered) {
        (Some(r), Some(t)) => format!("{r}/{t}"),
        (r, _) => opt(&r),
    }
}

impl Record for ContainerInstance {
    fn key(&self) -> &str {
        &self.arn
    }
    fn columns(_: Variant) -> &'static [Column<Self>] {
        &COLUMNS
    }
    fn tone(&self) -> Tone {
        match (self.status.as_str(), self.agent_connected) {
            (_, false) => Tone::Bad,
            (status::ACTIVE, _) => Tone::Normal,
            (status::DRAINING, _) => Tone::Warn,
            _ => Tone::Busy,
        }
    }
}

impl Resource for ContainerInstance {
    /// By EC2 instance id, as the EC2 console lists them.
    fn default_sort(variant: Variant) -> Sort {
        by_role::<ContainerInstance>(variant, Role::Host, false)
    }

    fn opens(&self, at: &At) -> Opens {
        match at.cluster {
            Some(cluster) => Opens::View(ViewKind::Tasks {
                cluster: cluster.to_string(),
                scope: TaskScope::Instance(self.arn.clone()),
                status: TaskStatus::Running,
            }),
            None => Opens::Nothing,
        }
    }

    fn describe(&self) -> Option<Described> {
        Some(Described::of(
            format!("container instance {}", self.id()),
            self,
        ))
    }

    fn console_url(&self, at: &At) -> Option<String> {
        crate::model::console::instance_url(&self.arn, at.cluster?)
    }
}
