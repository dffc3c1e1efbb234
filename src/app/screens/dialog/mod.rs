//! The dialogs before a change: scale (a count), force a deployment, stop tasks (a reason),
//! drain or activate instances, and the confirmation each ends in. Their state is in
//! `state.rs`, their drawing in `draw.rs`; opening them and their keys (entries of the key table
//! under `Screen::Count`, `Screen::Form` and `Screen::Confirm`) are here. Nothing is sent until
//! a confirmation is answered.

mod draw;
mod exec;
mod rollback;
mod state;

pub use draw::draw;
pub use exec::{Check, ExecContainer, ExecDialog, DEFAULT_COMMAND, PLUGIN_URL};
pub use rollback::RollbackDialog;
pub use state::*;

use super::viewer::edit;
use super::{close, stay, Answer, Outcome};
use crate::app::keys::{Action, Screen};
use crate::app::status::Severity;
use crate::app::{App, Effect, Mode};
use crate::model::status;
use crate::model::{
    ContainerInstance, Mutation, Payload, Query, Service, Task, TaskScope, TaskStatus,
};
use crossterm::event::KeyEvent;

impl App {
    pub(crate) fn open_scale(&mut self) -> Vec<Effect> {
        let (Some(t), Some(cluster)) = (self.view().rows::<Service>(), self.current_cluster())
        else {
            return Vec::new();
        };
        let Some(s) = t.selected_live() else {
            return Vec::new();
        };
        let dialog = ScaleDialog {
            cluster: cluster.to_string(),
            service: s.name.clone(),
            desired: s.desired,
            running: s.running,
            pending: s.pending,
            input: s.desired.to_string().into(),
            error: None,
            target: Loading::Pending,
            adjust_bounds: false,
        };
        let query = Query::ScalableTarget {
            cluster: dialog.cluster.clone(),
            service: dialog.service.clone(),
        };
        self.mode = Mode::Dialog(Dialog::Scale(dialog));
        vec![Effect::Fetch(query)]
    }

    pub(crate) fn open_force_deployment(&mut self) {
        let (Some(t), Some(cluster)) = (self.view().rows::<Service>(), self.current_cluster())
        else {
            return;
        };
        let Some(s) = t.selected_live() else { return };
        let (min, max) = (
            s.minimum_healthy_percent.unwrap_or(100),
            s.maximum_percent.unwrap_or(200),
        );
        let lines = vec![
            format!("service      {cluster}/{}", s.name),
            format!("task def     {}", crate::model::family_revision(&s.task_definition)),
            format!("All {} running tasks are replaced by new ones of the same task definition,", s.running),
            format!("keeping at least {min}% healthy and at most {max}% running (the service's deployment settings)."),
        ];
        let mutation = Mutation::ForceDeployment {
            cluster: cluster.to_string(),
            service: s.name.clone(),
        };
        self.mode = Mode::Dialog(Dialog::Confirm(ConfirmDialog {
            title: "Force a new deployment".into(),
            lines,
            mutation,
        }));
    }

    pub(crate) fn open_stop(&mut self) {
        let Some(cluster) = self.current_cluster().map(str::to_string) else {
            return;
        };
        let Some(t) = self.view().rows::<Task>() else {
            return;
        };
        let marked = crate::app::table::AnyTable::marked(t);
        let chosen: Vec<_> = if marked.is_empty() {
            t.selected_live().into_iter().cloned().collect()
        } else {
            // In the order shown.
            marked
                .iter()
                .filter_map(|k| t.items().find(|task| &task.arn == k))
                .cloned()
                .collect()
        };
        let tasks: Vec<StopTarget> = chosen
            .iter()
            .filter(|task| task.desired_status != status::STOPPED)
            .map(|task| StopTarget {
                arn: task.arn.clone(),
                id: task.id().to_string(),
                service: task.service_name().map(str::to_string),
                last_status: task.last_status.clone(),
            })
            .collect();
        if tasks.is_empty() {
            self.say(
                Severity::Warn,
                "nothing to stop: the tasks chosen are already stopping",
            );
            return;
        }
        let reason = format!("Stopped by {} with ecsdeck", self.user);
        self.mode = Mode::Dialog(Dialog::Stop(StopDialog {
            cluster,
            tasks,
            reason: reason.into(),
            error: None,
        }));
    }

    pub(crate) fn open_instances(&mut self, draining: bool) -> Vec<Effect> {
        let Some(cluster) = self.current_cluster().map(str::to_string) else {
            return Vec::new();
        };
        let Some(t) = self.view().rows::<ContainerInstance>() else {
            return Vec::new();
        };
        let marked = crate::app::table::AnyTable::marked(t);
        let (from, verb) = if draining {
            (status::ACTIVE, "drain")
        } else {
            (status::DRAINING, "make ACTIVE")
        };
        let chosen: Vec<_> = if marked.is_empty() {
            t.selected_live().into_iter().cloned().collect()
        } else {
            marked
                .iter()
                .filter_map(|k| t.items().find(|i| &i.arn == k))
                .cloned()
                .collect()
        };
        let instances: Vec<InstanceTarget> = chosen
            .iter()
            .filter(|i| i.status == from)
            .map(|i| InstanceTarget {
                arn: i.arn.clone(),
                id: i.id().to_string(),
                ec2_id: i.ec2_instance_id.clone().unwrap_or_default(),
                status: i.status.clone(),
            })
            .collect();
        if instances.is_empty() {
            self.say(
                Severity::Warn,
                format!("nothing to {verb}: only {from} instances can"),
            );
            return Vec::new();
        }
        self.mode = Mode::Dialog(Dialog::Instances(InstancesDialog {
            cluster: cluster.clone(),
            instances,
            draining,
            counts: Loading::Pending,
        }));
        vec![Effect::Fetch(Query::Tasks {
            cluster,
            scope: TaskScope::Cluster,
            status: TaskStatus::Running,
        })]
    }

    /// The screen of the key table a dialog takes its keys from.
    fn dialog_screen(d: &Dialog) -> Screen {
        match d {
            Dialog::Scale(_) => Screen::Count,
            Dialog::Stop(_) => Screen::Form,
            Dialog::Exec(d) if !d.blocked() => Screen::Form,
            Dialog::Exec(_) => Screen::Confirm,
            Dialog::Instances(_) | Dialog::Confirm(_) | Dialog::Rollback(_) | Dialog::Run(_) => {
                Screen::Confirm
            }
        }
    }

    pub(super) fn dialog_key(&mut self, dialog: &mut Dialog, ev: &KeyEvent) -> Answer {
        let action = self.keymap.lookup(ev, Self::dialog_screen(dialog));
        if action == Some(Action::Cancel) {
            return close();
        }
        match dialog {
            Dialog::Scale(d) => {
                let current = parse_desired(&d.input).ok();
                match (action, current) {
                    (Some(Action::Submit), _) => match parse_desired(&d.input) {
                        Ok(n) => {
                            let next = Mode::Dialog(Dialog::Confirm(scale_confirmation(d, n)));
                            return (Outcome::Replace(next), Vec::new());
                        }
                        Err(e) => d.error = Some(e),
                    },
                    (Some(Action::Increase), Some(n)) => set_input(d, n.saturating_add(1)),
                    (Some(Action::Decrease), Some(n)) => set_input(d, (n - 1).max(0)),
                    (Some(Action::AdjustBounds), _)
                        if matches!(d.target, Loading::Ready(Some(_))) =>
                    {
                        d.adjust_bounds = !d.adjust_bounds
                    }
                    _ => {
                        if edit(&self.keymap, &mut d.input, ev) {
                            d.error = None;
                        }
                    }
                }
                stay()
            }
            Dialog::Stop(d) => {
                if action == Some(Action::Submit) {
                    match check_reason(&d.reason) {
                        Ok(reason) => {
                            let tasks = d.tasks.iter().map(|t| t.arn.clone()).collect();
                            let m = Mutation::StopTasks {
                                cluster: d.cluster.clone(),
                                tasks,
                                reason,
                            };
                            return (Outcome::Close, self.confirmed(m));
                        }
                        Err(e) => d.error = Some(e),
                    }
                } else if edit(&self.keymap, &mut d.reason, ev) {
                    d.error = None;
                }
                stay()
            }
            Dialog::Instances(d) => match action {
                Some(Action::Confirm) => {
                    let instances = d.instances.iter().map(|i| i.arn.clone()).collect();
                    let cluster = d.cluster.clone();
                    let m = if d.draining {
                        Mutation::Drain { cluster, instances }
                    } else {
                        Mutation::Activate { cluster, instances }
                    };
                    (Outcome::Close, self.confirmed(m))
                }
                Some(Action::Decline) => close(),
                _ => stay(),
            },
            Dialog::Run(d) => match action {
                Some(Action::Confirm) => {
                    let effects =
                        self.start_command(&d.name, d.argv.clone(), d.terminal, d.mutates);
                    // The pane (or the handoff) takes the place of the dialog.
                    (
                        Outcome::Replace(std::mem::replace(&mut self.mode, Mode::Normal)),
                        effects,
                    )
                }
                Some(Action::Decline) => close(),
                _ => stay(),
            },
            Dialog::Confirm(d) => match action {
                Some(Action::Confirm) => (Outcome::Close, self.confirmed(d.mutation.clone())),
                Some(Action::Decline) => close(),
                _ => stay(),
            },
            Dialog::Exec(d) => {
                match action {
                    Some(Action::NextContainer) if !d.containers.is_empty() => {
                        d.chosen = (d.chosen + 1) % d.containers.len();
                    }
                    Some(Action::EnableExec) => match exec::enable(d) {
                        Some(c) => {
                            return (
                                Outcome::Replace(Mode::Dialog(Dialog::Confirm(c))),
                                Vec::new(),
                            )
                        }
                        None => d.error = Some(
                            "ECS Exec is on already, or this task has no service to turn it on for"
                                .into(),
                        ),
                    },
                    Some(Action::Decline) if d.blocked() => return close(),
                    Some(Action::Submit | Action::Confirm) => match exec::submit(d) {
                        Ok(m) => return (Outcome::Close, self.confirmed(m)),
                        Err(why) => d.error = Some(why),
                    },
                    _ if !d.blocked() && edit(&self.keymap, &mut d.command, ev) => {
                        d.error = None;
                    }
                    _ => {}
                }
                stay()
            }
            Dialog::Rollback(d) => match action {
                Some(Action::SwitchMethod) if d.rollback && d.in_progress => {
                    d.via_stop = !d.via_stop;
                    stay()
                }
                Some(Action::Confirm) => match rollback::confirmed(d) {
                    Ok(m) => (Outcome::Close, self.confirmed(m)),
                    Err(why) => {
                        self.say(Severity::Warn, why);
                        stay()
                    }
                },
                Some(Action::Decline) => close(),
                _ => stay(),
            },
        }
    }

    /// Data an open dialog waits for.
    pub(crate) fn dialog_data(
        &mut self,
        query: &Query,
        payload: &Result<Payload, crate::model::FetchError>,
    ) -> Vec<Effect> {
        if let Mode::Dialog(Dialog::Exec(d)) = &mut self.mode {
            if exec::offer(d, query, payload) {
                self.dirty = true;
            }
            return Vec::new();
        }
        if let Mode::Dialog(Dialog::Rollback(d)) = &mut self.mode {
            let (used, effects) = rollback::offer(d, query, payload);
            if used {
                self.dirty = true;
            }
            return effects;
        }
        match (&mut self.mode, query, payload) {
            (
                Mode::Dialog(Dialog::Scale(d)),
                Query::ScalableTarget { cluster, service },
                result,
            ) if *cluster == d.cluster && *service == d.service => {
                d.target = match result {
                    Ok(Payload::ScalableTarget(t)) => Loading::Ready(*t),
                    Ok(_) => return Vec::new(),
                    Err(e) => Loading::Failed(e.to_string()),
                };
            }
            (
                Mode::Dialog(Dialog::Instances(d)),
                Query::Tasks {
                    cluster,
                    scope: TaskScope::Cluster,
                    status: TaskStatus::Running,
                },
                result,
            ) if *cluster == d.cluster => {
                d.counts = match result {
                    Ok(Payload::Tasks(list)) => {
                        let on: Vec<_> = list
                            .items
                            .iter()
                            .filter(|t| {
                                t.container_instance_arn
                                    .as_ref()
                                    .is_some_and(|a| d.instances.iter().any(|i| &i.arn == a))
                            })
                            .collect();
                        let service = on.iter().filter(|t| t.service_name().is_some()).count();
                        Loading::Ready((service, on.len() - service))
                    }
                    Ok(_) => return Vec::new(),
                    Err(e) => Loading::Failed(e.to_string()),
                };
            }
            _ => return Vec::new(),
        }
        self.dirty = true;
        Vec::new()
    }
}

fn set_input(d: &mut ScaleDialog, n: i32) {
    d.input.set(n.min(MAX_DESIRED).to_string());
    d.error = None;
}

fn scale_confirmation(d: &ScaleDialog, n: i32) -> ConfirmDialog {
    let mut lines = vec![
        format!("service      {}/{}", d.cluster, d.service),
        format!(
            "desired      {} → {n}   (running {}, pending {})",
            d.desired, d.running, d.pending
        ),
    ];
    let mut bounds = None;
    if let Loading::Ready(Some(t)) = &d.target {
        if d.adjust_bounds && (n < t.min || n > t.max) {
            let w = widened(t, n);
            lines.push(format!(
                "auto scaling min/max {}–{} → {}–{}",
                t.min, t.max, w.min, w.max
            ));
            bounds = Some(w);
        } else {
            lines.push(autoscaling_note(t, n));
        }
    }
    let mutation = Mutation::Scale {
        cluster: d.cluster.clone(),
        service: d.service.clone(),
        desired: n,
        bounds,
    };
    ConfirmDialog {
        title: format!("Scale {}", d.service),
        lines,
        mutation,
    }
}
