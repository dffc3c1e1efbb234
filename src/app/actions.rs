//! Actions on the account, from key to confirmed change: open the dialog with what it needs,
//! validate what is typed, confirm, then hand the change to the executor as an effect. A read-only
//! console never gets here: its key map has no actions.

use super::dialog::{
    autoscaling_note, check_reason, parse_desired, widened, ConfirmDialog, Dialog, InstanceTarget,
    InstancesDialog, Loading, ScaleDialog, StopDialog, StopTarget,
};
use super::status::Severity;
use super::view::Content;
use super::{App, Effect, Mode};
use crate::model::{Mutation, MutationResult, Payload, Query, TaskScope, TaskStatus};
use crossterm::event::{KeyCode, KeyEvent};

/// Attempts kept for `:audit`.
pub const AUDIT_HISTORY: usize = 500;
/// Quitting waits at most this long for changes under way.
pub const QUIT_WAIT: chrono::Duration = chrono::Duration::seconds(10);

impl App {
    pub(super) fn open_scale(&mut self) -> Vec<Effect> {
        let (Content::Services(t), Some(cluster)) = (&self.view().content, self.current_cluster())
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

    pub(super) fn open_force_deployment(&mut self) {
        let (Content::Services(t), Some(cluster)) = (&self.view().content, self.current_cluster())
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

    pub(super) fn open_stop(&mut self) {
        let Some(cluster) = self.current_cluster().map(str::to_string) else {
            return;
        };
        let Content::Tasks(t) = &self.view().content else {
            return;
        };
        let marked = super::table::AnyTable::marked(t);
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
            .filter(|task| task.desired_status != "STOPPED")
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

    pub(super) fn open_instances(&mut self, draining: bool) -> Vec<Effect> {
        let Some(cluster) = self.current_cluster().map(str::to_string) else {
            return Vec::new();
        };
        let Content::Instances(t) = &self.view().content else {
            return Vec::new();
        };
        let marked = super::table::AnyTable::marked(t);
        let (from, verb) = if draining {
            ("ACTIVE", "drain")
        } else {
            ("DRAINING", "make ACTIVE")
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

    pub(super) fn on_dialog_key(&mut self, ev: KeyEvent, dialog: Dialog) -> Vec<Effect> {
        self.dirty = true;
        if ev.code == KeyCode::Esc {
            return Vec::new();
        }
        match dialog {
            Dialog::Scale(mut d) => {
                let current = parse_desired(&d.input).ok();
                match (ev.code, current) {
                    (KeyCode::Enter, _) => match parse_desired(&d.input) {
                        Ok(n) => {
                            self.mode = Mode::Dialog(Dialog::Confirm(scale_confirmation(&d, n)));
                            return Vec::new();
                        }
                        Err(e) => d.error = Some(e),
                    },
                    (KeyCode::Char('+') | KeyCode::Up, Some(n)) => {
                        set_input(&mut d, n.saturating_add(1))
                    }
                    (KeyCode::Char('-') | KeyCode::Down, Some(n)) => {
                        set_input(&mut d, (n - 1).max(0))
                    }
                    (KeyCode::Char('b'), _) if matches!(d.target, Loading::Ready(Some(_))) => {
                        d.adjust_bounds = !d.adjust_bounds
                    }
                    _ => {
                        if d.input.handle(&ev) {
                            d.error = None;
                        }
                    }
                }
                self.mode = Mode::Dialog(Dialog::Scale(d));
            }
            Dialog::Stop(mut d) => match ev.code {
                KeyCode::Enter => match check_reason(&d.reason) {
                    Ok(reason) => {
                        let tasks = d.tasks.iter().map(|t| t.arn.clone()).collect();
                        return self.confirmed(Mutation::StopTasks {
                            cluster: d.cluster,
                            tasks,
                            reason,
                        });
                    }
                    Err(e) => {
                        d.error = Some(e);
                        self.mode = Mode::Dialog(Dialog::Stop(d));
                    }
                },
                _ => {
                    if d.reason.handle(&ev) {
                        d.error = None;
                    }
                    self.mode = Mode::Dialog(Dialog::Stop(d));
                }
            },
            Dialog::Instances(d) => match ev.code {
                KeyCode::Enter | KeyCode::Char('y') => {
                    let instances = d.instances.iter().map(|i| i.arn.clone()).collect();
                    let m = if d.draining {
                        Mutation::Drain {
                            cluster: d.cluster,
                            instances,
                        }
                    } else {
                        Mutation::Activate {
                            cluster: d.cluster,
                            instances,
                        }
                    };
                    return self.confirmed(m);
                }
                KeyCode::Char('n') => {}
                _ => self.mode = Mode::Dialog(Dialog::Instances(d)),
            },
            Dialog::Confirm(d) => match ev.code {
                KeyCode::Enter | KeyCode::Char('y') => return self.confirmed(d.mutation),
                KeyCode::Char('n') => {}
                _ => self.mode = Mode::Dialog(Dialog::Confirm(d)),
            },
        }
        Vec::new()
    }

    fn confirmed(&mut self, mutation: Mutation) -> Vec<Effect> {
        self.mode = Mode::Normal;
        self.say(Severity::Info, format!("sent: {}", mutation.summary()));
        self.changes_in_flight += 1;
        vec![Effect::Mutate(mutation)]
    }

    /// Quit — unless confirmed changes are still under way: then wait for them (at most
    /// [`QUIT_WAIT`], counting down in the status line) so their outcome is recorded. Asked
    /// again while waiting, quit at once (what is not done is recorded as not sent).
    pub fn quit_or_wait(&mut self) -> Vec<Effect> {
        self.dirty = true;
        if self.changes_in_flight == 0 || self.quitting.is_some() {
            self.quit = true;
            return vec![Effect::Quit];
        }
        self.quitting = Some(self.now + QUIT_WAIT);
        self.say(
            Severity::Warn,
            format!(
                "waiting for {} change(s) under way before quitting (q again: quit now)",
                self.changes_in_flight
            ),
        );
        Vec::new()
    }

    /// On the tick while waiting to quit: quit once the wait is over.
    pub(super) fn quit_when_due(&mut self) -> Vec<Effect> {
        match self.quitting {
            Some(at) if self.now >= at => {
                self.quit = true;
                vec![Effect::Quit]
            }
            Some(_) => {
                self.dirty = true;
                Vec::new()
            }
            None => Vec::new(),
        }
    }

    /// Data an open dialog waits for.
    pub(super) fn dialog_data(
        &mut self,
        query: &Query,
        payload: &Result<Payload, crate::model::FetchError>,
    ) {
        match (&mut self.mode, query, payload) {
            (
                Mode::Dialog(Dialog::Scale(d)),
                Query::ScalableTarget { cluster, service },
                result,
            ) if *cluster == d.cluster && *service == d.service => {
                d.target = match result {
                    Ok(Payload::ScalableTarget(t)) => Loading::Ready(*t),
                    Ok(_) => return,
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
                    Ok(_) => return,
                    Err(e) => Loading::Failed(e.to_string()),
                };
            }
            _ => return,
        }
        self.dirty = true;
    }

    /// A change was carried out: say how it went, keep it for `:audit`, refresh what is shown.
    pub(super) fn on_mutated(
        &mut self,
        result: MutationResult,
        audit_error: Option<String>,
    ) -> Vec<Effect> {
        self.changes_in_flight = self.changes_in_flight.saturating_sub(1);
        let summary = result.mutation.summary();
        match result.failed.first() {
            None => self.say(Severity::Info, format!("done: {summary}")),
            Some((target, why)) => {
                let n = result.failed.len();
                let target = crate::model::short_id(target).to_string();
                self.say(
                    Severity::Error,
                    format!("{summary}: {n} failed — {target}: {why}"),
                );
            }
        }
        if let Some(e) = audit_error {
            self.say(Severity::Error, e);
        }
        self.audit.push(result);
        if self.audit.len() > AUDIT_HISTORY {
            self.audit.remove(0);
        }
        self.refill_audit();
        self.view_mut().table_mut().clear_marks();
        if self.quitting.is_some() && self.changes_in_flight == 0 {
            self.quit = true;
            return vec![Effect::Quit];
        }
        self.view()
            .kind
            .query()
            .map(Effect::Refresh)
            .into_iter()
            .collect()
    }

    pub(super) fn refill_audit(&mut self) {
        let page = self.page();
        let now = self.now;
        let items: Vec<_> = self
            .audit
            .iter()
            .enumerate()
            .map(|(n, r)| super::records::AuditEntry::new(n as u64, r))
            .collect();
        for v in &mut self.stack {
            if let Content::Audit(t) = &mut v.content {
                t.ingest(items.clone(), now, page);
            }
        }
    }
}

fn set_input(d: &mut ScaleDialog, n: i32) {
    d.input.set(n.min(super::dialog::MAX_DESIRED).to_string());
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
