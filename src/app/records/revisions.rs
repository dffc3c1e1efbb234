//! Task definition families (`:taskdefs`) and a family's revisions (`:taskdefs FAMILY`).

use super::{age, opt, DASH};
use crate::app::resource::{At, Described, Opens, Resource};
use crate::app::table::{Column, Record, Role, Sort, Tone, Variant};
use crate::app::view::ViewKind;
use crate::model::{Family, TaskDefinition};

static FAMILIES: [Column<Family>; 1] = [Column {
    title: "FAMILY",
    role: Role::Name,
    priority: 0,
    width: 30,
    flex: true,
    right: false,
    timed: false,
    text: |f, _| f.name.clone(),
    cmp: |a, b| a.name.cmp(&b.name),
}];

impl Record for Family {
    fn key(&self) -> &str {
        &self.name
    }
    fn columns(_: Variant) -> &'static [Column<Self>] {
        &FAMILIES
    }
}

impl Resource for Family {
    fn opens(&self, _at: &At) -> Opens {
        Opens::View(ViewKind::Revisions {
            family: self.name.clone(),
            service: None,
        })
    }
}

fn images(t: &TaskDefinition) -> String {
    if t.listed_only {
        "(not described: older than the newest 30)".into()
    } else {
        t.images()
    }
}

static REVISIONS: [Column<TaskDefinition>; 6] = [
    Column {
        title: "REVISION",
        role: Role::Name,
        priority: 0,
        width: 8,
        flex: false,
        right: true,
        timed: false,
        text: |t, _| t.revision.to_string(),
        cmp: |a, b| a.revision.cmp(&b.revision),
    },
    Column {
        title: "STATUS",
        role: Role::Other,
        priority: 0,
        width: 8,
        flex: false,
        right: false,
        timed: false,
        text: |t, _| {
            if t.status.is_empty() {
                DASH.into()
            } else {
                t.status.clone()
            }
        },
        cmp: |a, b| a.status.cmp(&b.status),
    },
    Column {
        title: "REGISTERED",
        role: Role::Age,
        priority: 1,
        width: 10,
        flex: false,
        right: true,
        timed: true,
        text: |t, c| age(t.registered_at, c.now),
        cmp: |a, b| a.registered_at.cmp(&b.registered_at),
    },
    Column {
        title: "IMAGE",
        role: Role::Other,
        priority: 0,
        width: 24,
        flex: true,
        right: false,
        timed: false,
        text: |t, _| images(t),
        cmp: |a, b| images(a).cmp(&images(b)),
    },
    Column {
        title: "CPU",
        role: Role::Other,
        priority: 2,
        width: 5,
        flex: false,
        right: true,
        timed: false,
        text: |t, _| opt(&t.cpu),
        cmp: |a, b| super::cmp_num_text(&a.cpu, &b.cpu),
    },
    Column {
        title: "MEMORY",
        role: Role::Other,
        priority: 2,
        width: 6,
        flex: false,
        right: true,
        timed: false,
        text: |t, _| opt(&t.memory),
        cmp: |a, b| super::cmp_num_text(&a.memory, &b.memory),
    },
];

impl Record for TaskDefinition {
    fn key(&self) -> &str {
        &self.arn
    }
    fn columns(_: Variant) -> &'static [Column<Self>] {
        &REVISIONS
    }
    fn tone(&self) -> Tone {
        if self.is_active() {
            Tone::Normal
        } else {
            Tone::Faint
        }
    }
}

impl Resource for TaskDefinition {
    /// Newest first.
    fn default_sort(_variant: Variant) -> Sort {
        Sort {
            column: 0,
            descending: true,
        }
    }

    fn console_url(&self, _at: &At) -> Option<String> {
        crate::model::console::task_definition_url(&self.arn)
    }

    fn describe(&self) -> Option<Described> {
        let mut d = Described::of(crate::model::family_revision(&self.arn).to_string(), self);
        // A revision only listed is described when it is looked at.
        if self.listed_only {
            d.task_definition = Some(self.arn.clone());
        }
        Some(d)
    }
}
