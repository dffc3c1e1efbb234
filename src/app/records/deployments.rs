use super::{age, opt, DASH};
use crate::app::resource::{newest_first, At, Resource};
use crate::app::table::Role;
use crate::app::table::Sort;
use crate::app::table::{Column, Record, Tone, Variant};
use crate::app::view::ViewKind;
use crate::model::status;
use crate::model::LogScope;
use crate::model::{family_revision, Deployment, RolloutState};

/// `█████░░░ 5/8`: running of desired.
pub fn progress(d: &Deployment) -> String {
    const WIDTH: i32 = 10;
    let filled = if d.desired > 0 {
        (d.running.min(d.desired) * WIDTH) / d.desired
    } else {
        WIDTH
    };
    let bar: String = (0..WIDTH)
        .map(|i| if i < filled { '█' } else { '░' })
        .collect();
    format!("{bar} {}/{}", d.running, d.desired)
}

fn rollout(d: &Deployment) -> String {
    d.rollout_state
        .map_or_else(|| DASH.to_string(), |r| r.as_str().to_string())
}

static COLUMNS: [Column<Deployment>; 9] = [
    Column {
        title: "STATUS",
        role: Role::Other,
        priority: 0,
        width: 8,
        flex: false,
        right: false,
        timed: false,
        text: |d, _| d.status.clone(),
        cmp: |a, b| a.status.cmp(&b.status),
    },
    Column {
        title: "ROLLOUT",
        role: Role::Other,
        priority: 0,
        width: 11,
        flex: false,
        right: false,
        timed: false,
        text: |d, _| rollout(d),
        cmp: |a, b| rollout(a).cmp(&rollout(b)),
    },
    Column {
        title: "PROGRESS",
        role: Role::Other,
        priority: 0,
        width: 18,
        flex: false,
        right: false,
        timed: false,
        text: |d, _| progress(d),
        cmp: |a, b| a.running.cmp(&b.running),
    },
    Column {
        title: "PENDING",
        role: Role::Other,
        priority: 1,
        width: 7,
        flex: false,
        right: true,
        timed: false,
        text: |d, _| d.pending.to_string(),
        cmp: |a, b| a.pending.cmp(&b.pending),
    },
    Column {
        title: "FAILED",
        role: Role::Other,
        priority: 0,
        width: 6,
        flex: false,
        right: true,
        timed: false,
        text: |d, _| d.failed.to_string(),
        cmp: |a, b| a.failed.cmp(&b.failed),
    },
    Column {
        title: "TASK DEF",
        role: Role::Other,
        priority: 1,
        width: 16,
        flex: true,
        right: false,
        timed: false,
        text: |d, _| family_revision(&d.task_definition).to_string(),
        cmp: |a, b| a.task_definition.cmp(&b.task_definition),
    },
    Column {
        title: "CREATED",
        role: Role::Other,
        priority: 2,
        width: 7,
        flex: false,
        right: true,
        timed: true,
        text: |d, c| age(d.created_at, c.now),
        cmp: |a, b| a.created_at.cmp(&b.created_at),
    },
    Column {
        title: "UPDATED",
        role: Role::Other,
        priority: 3,
        width: 7,
        flex: false,
        right: true,
        timed: true,
        text: |d, c| age(d.updated_at, c.now),
        cmp: |a, b| a.updated_at.cmp(&b.updated_at),
    },
    Column {
        title: "REASON",
        role: Role::Other,
        priority: 2,
        width: 20,
        flex: true,
        right: false,
        timed: false,
        text: |d, _| opt(&d.rollout_reason),
        cmp: |a, b| a.rollout_reason.cmp(&b.rollout_reason),
    },
];

impl Record for Deployment {
    fn key(&self) -> &str {
        &self.id
    }
    fn columns(_: Variant) -> &'static [Column<Self>] {
        &COLUMNS
    }
    fn tone(&self) -> Tone {
        match self.rollout_state {
            Some(RolloutState::Failed) => Tone::Bad,
            Some(RolloutState::InProgress) => Tone::Busy,
            _ if self.status != status::PRIMARY => Tone::Faint,
            _ => Tone::Normal,
        }
    }
}

impl Resource for Deployment {
    fn default_sort(_variant: Variant) -> Sort {
        newest_first()
    }

    /// The service's logs (a deployment has no tasks of its own to name).
    fn log_scope(&self, at: &At) -> Option<LogScope> {
        let ViewKind::Deployments { cluster, service } = at.kind else {
            return None;
        };
        Some(LogScope::Service {
            cluster: cluster.clone(),
            service: service.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_progress_bar_fills_with_running_tasks() {
        let d = |running, desired| Deployment {
            id: "d".into(),
            status: "PRIMARY".into(),
            task_definition: String::new(),
            desired,
            running,
            pending: 0,
            failed: 0,
            rollout_state: None,
            rollout_reason: None,
            created_at: None,
            updated_at: None,
        };
        assert_eq!(progress(&d(0, 4)), "░░░░░░░░░░ 0/4");
        assert_eq!(progress(&d(2, 4)), "█████░░░░░ 2/4");
        assert_eq!(progress(&d(4, 4)), "██████████ 4/4");
        assert_eq!(
            progress(&d(0, 0)),
            "██████████ 0/0",
            "nothing desired is done"
        );
    }
}
