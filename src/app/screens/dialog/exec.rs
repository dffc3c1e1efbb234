//! ECS Exec (`X` on a task or a container): a dialog that names the container, takes the
//! command (`/bin/sh` unless typed), and checks first what would make the session fail — the
//! plugin not on PATH, ECS Exec off for the task, its agent not RUNNING — one sentence each,
//! with the fix. Enter sends ExecuteCommand; the session it opens is handed to
//! `session-manager-plugin` (see `crate::handoff`). `E` offers the UpdateService that turns ECS
//! Exec on for the task's service.

use super::{ConfirmDialog, Dialog};
use crate::app::status::Severity;
use crate::app::view::ViewKind;
use crate::app::widgets::LineInput;
use crate::app::{App, Effect, Mode};
use crate::model::{status, Container, FetchError, Mutation, Payload, Query, Service, Task};

/// The command run when none is typed.
pub const DEFAULT_COMMAND: &str = "/bin/sh";
/// Where to get the plugin.
pub const PLUGIN_URL: &str =
    "https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecContainer {
    pub name: String,
    pub last_status: String,
    /// The ExecuteCommandAgent's status and reason, if ECS reports one.
    pub agent: Option<(String, Option<String>)>,
}

impl ExecContainer {
    fn of(c: &Container) -> Self {
        Self {
            name: c.name.clone(),
            last_status: c.last_status.clone(),
            agent: c
                .exec_agent()
                .map(|a| (a.last_status.clone(), a.reason.clone())),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecDialog {
    pub cluster: String,
    pub task: String,
    pub task_status: String,
    /// The task was started with ECS Exec on.
    pub task_exec: bool,
    /// The service that started the task, and whether it has ECS Exec on now (if known).
    pub service: Option<(String, Option<bool>)>,
    pub containers: Vec<ExecContainer>,
    pub chosen: usize,
    pub command: LineInput,
    /// `session-manager-plugin` as found on PATH.
    pub plugin: Option<std::path::PathBuf>,
    /// The simulated account (no plugin needed: it opens no session).
    pub demo: bool,
    /// The task as described just now has arrived (the checks use it).
    pub fresh: bool,
    pub error: Option<String>,
}

/// One prerequisite: met or not, in a sentence (with the fix when not).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub ok: bool,
    pub text: String,
}

impl ExecDialog {
    pub fn container(&self) -> Option<&ExecContainer> {
        self.containers.get(self.chosen)
    }

    /// Every prerequisite, in the order they are met.
    pub fn checks(&self, enable_key: &str, redeploy_key: &str) -> Vec<Check> {
        let mut out = Vec::new();
        let ok = |text: String| Check { ok: true, text };
        let bad = |text: String| Check { ok: false, text };
        out.push(match (&self.plugin, self.demo) {
            (_, true) => ok("session-manager-plugin: not needed (the demo account opens no session)".into()),
            (Some(p), false) => ok(format!("session-manager-plugin: {}", p.display())),
            (None, false) => bad(format!(
                "session-manager-plugin is not on PATH: install it ({PLUGIN_URL}), then press X again"
            )),
        });
        if self.task_status != status::RUNNING {
            out.push(bad(format!(
                "the task is {}: only a RUNNING task can be entered",
                self.task_status
            )));
        }
        if self.task_exec {
            out.push(ok("ECS Exec: on for this task".into()));
        } else {
            out.push(bad(match &self.service {
                Some((name, Some(true))) => format!(
                    "ECS Exec was off when this task started; service {name} has it on now, so enter a task started since ({redeploy_key} on the service: a new deployment replaces these)"
                ),
                Some((name, _)) => format!(
                    "ECS Exec is off for this task (enableExecuteCommand false): {enable_key} turns it on for service {name} (UpdateService enableExecuteCommand=true) — only tasks started after that can be entered, so then force a new deployment ({redeploy_key})"
                ),
                None => "ECS Exec is off for this task (enableExecuteCommand false): a standalone task cannot be changed; run it again with --enable-execute-command".into(),
            }));
        }
        if let Some(c) = self.container() {
            match &c.agent {
                Some((s, _)) if s == status::RUNNING => {
                    out.push(ok(format!("ExecuteCommandAgent of {}: RUNNING", c.name)))
                }
                Some((s, _)) if s == "PENDING" => out.push(bad(format!(
                    "the ExecuteCommandAgent of {} is PENDING: it starts with the container; try again in a few seconds",
                    c.name
                ))),
                Some((s, reason)) => out.push(bad(format!(
                    "the ExecuteCommandAgent of {} is {s}{}: it does not come back in this task; stop the task so its service starts one whose agent runs",
                    c.name,
                    reason.as_deref().map(|r| format!(" ({r})")).unwrap_or_default()
                ))),
                None if self.task_exec => out.push(ok(format!(
                    "ExecuteCommandAgent of {}: not reported yet (ECS answers if it is not running)",
                    c.name
                ))),
                None => {}
            }
        }
        out
    }

    /// A prerequisite is missing: Enter would fail, so it is not offered.
    pub fn blocked(&self) -> bool {
        self.checks("", "").iter().any(|c| !c.ok)
    }

    /// Turning ECS Exec on is offered: the task's service has it off (or it is not known).
    pub fn offers_enable(&self) -> bool {
        !self.task_exec && matches!(self.service, Some((_, None | Some(false))))
    }

    /// The task's service as described now: whether it has ECS Exec on.
    pub fn take_service(&mut self, cluster: &str, services: &[Service]) -> bool {
        let Some((name, on)) = &mut self.service else {
            return false;
        };
        if cluster != self.cluster {
            return false;
        }
        match services.iter().find(|s| s.name == *name) {
            Some(s) => {
                *on = Some(s.enable_execute_command);
                true
            }
            None => false,
        }
    }

    fn take_task(&mut self, t: &Task) {
        self.task_status = t.last_status.clone();
        self.task_exec = t.enable_execute_command;
        let name = self.container().map(|c| c.name.clone());
        self.containers = t.containers.iter().map(ExecContainer::of).collect();
        self.chosen = name
            .and_then(|n| self.containers.iter().position(|c| c.name == n))
            .unwrap_or(0);
        self.fresh = true;
    }
}

impl App {
    /// `X`: the exec dialog for the selected task (its first container) or container.
    pub(crate) fn open_exec(&mut self) -> Vec<Effect> {
        let Some(cluster) = self.current_cluster().map(str::to_string) else {
            return Vec::new();
        };
        let view = self.view();
        let (task, container): (Option<Task>, Option<String>) = match &view.kind {
            ViewKind::Tasks { .. } => (
                view.rows::<Task>().and_then(|t| t.selected_live()).cloned(),
                None,
            ),
            ViewKind::Containers { task, .. } => {
                let chosen = view.rows::<Container>().and_then(|t| t.selected_live());
                let Some(chosen) = chosen else {
                    return Vec::new();
                };
                let known = self.known_task(task).unwrap_or_else(|| {
                    // Only its containers are on screen: what they say of ECS Exec will do until
                    // the task is described.
                    let rows: Vec<Container> = view
                        .rows::<Container>()
                        .map(|t| t.items().map(|c| (*c).clone()).collect())
                        .unwrap_or_default();
                    Task {
                        enable_execute_command: rows.iter().any(|c| c.exec_agent().is_some()),
                        last_status: status::RUNNING.into(),
                        containers: rows,
                        ..crate::model::Task::bare(task)
                    }
                });
                (Some(known), Some(chosen.name.clone()))
            }
            _ => (None, None),
        };
        let Some(task) = task else {
            return Vec::new();
        };
        let service = task.service_name().map(|s| {
            let on = self
                .known_service(&cluster, s)
                .map(|svc| svc.enable_execute_command);
            (s.to_string(), on)
        });
        let mut dialog = ExecDialog {
            cluster: cluster.clone(),
            task: task.arn.clone(),
            task_status: String::new(),
            task_exec: false,
            service,
            containers: Vec::new(),
            chosen: 0,
            command: DEFAULT_COMMAND.into(),
            plugin: if self.demo {
                None
            } else {
                (self.find_plugin)()
            },
            demo: self.demo,
            fresh: false,
            error: None,
        };
        dialog.take_task(&task);
        dialog.fresh = false;
        if let Some(name) = container {
            dialog.chosen = dialog
                .containers
                .iter()
                .position(|c| c.name == name)
                .unwrap_or(0);
        }
        if dialog.containers.is_empty() {
            self.say(Severity::Warn, "this task has no containers to enter");
            return Vec::new();
        }
        let mut effects = vec![Effect::Fetch(Query::Task {
            cluster: cluster.clone(),
            arn: task.arn.clone(),
        })];
        // Whether the service has ECS Exec on now decides what the dialog offers.
        if let Some((name, _)) = &dialog.service {
            effects.push(Effect::Describe {
                cluster,
                tasks: Vec::new(),
                services: vec![name.clone()],
            });
        }
        self.mode = Mode::Dialog(Dialog::Exec(Box::new(dialog)));
        effects
    }

    /// A task any view of the stack shows.
    fn known_task(&self, arn: &str) -> Option<Task> {
        self.stack.iter().rev().find_map(|v| {
            v.rows::<Task>()?
                .items()
                .find(|t| t.arn == arn)
                .map(|t| (*t).clone())
        })
    }

    /// A service any view of the stack shows.
    fn known_service(&self, cluster: &str, name: &str) -> Option<Service> {
        self.stack.iter().rev().find_map(|v| {
            if v.kind.cluster() != Some(cluster) {
                return None;
            }
            v.rows::<Service>()?
                .items()
                .find(|s| s.name == name)
                .map(|s| (*s).clone())
        })
    }
}

/// The task as described now, for an open exec dialog.
pub(super) fn offer(
    d: &mut ExecDialog,
    query: &Query,
    payload: &Result<Payload, FetchError>,
) -> bool {
    let Query::Task { cluster, arn } = query else {
        return false;
    };
    if *cluster != d.cluster || *arn != d.task {
        return false;
    }
    match payload {
        Ok(Payload::Task(Some(t))) => d.take_task(t),
        Ok(Payload::Task(None)) => {
            d.task_status = status::STOPPED.into();
            d.fresh = true;
        }
        Err(e) => d.error = Some(format!("could not describe the task: {e}")),
        Ok(_) => return false,
    }
    true
}

/// Enter: the ExecuteCommand to send, or why not.
pub(super) fn submit(d: &ExecDialog) -> Result<Mutation, String> {
    if let Some(missing) = d.checks("E", "r").into_iter().find(|c| !c.ok) {
        return Err(missing.text);
    }
    let command = d.command.trim();
    if command.is_empty() {
        return Err(format!(
            "type the command to run (or {DEFAULT_COMMAND} for a shell)"
        ));
    }
    let Some(c) = d.container() else {
        return Err("this task has no containers to enter".into());
    };
    Ok(Mutation::Exec {
        cluster: d.cluster.clone(),
        task: d.task.clone(),
        container: c.name.clone(),
        command: command.to_string(),
    })
}

/// `E`: the confirmation of UpdateService(enableExecuteCommand=true).
pub(super) fn enable(d: &ExecDialog) -> Option<ConfirmDialog> {
    if !d.offers_enable() {
        return None;
    }
    let (service, _) = d.service.as_ref()?;
    Some(ConfirmDialog {
        title: format!("Turn ECS Exec on for {service}"),
        lines: vec![
            format!("service      {}/{service}", d.cluster),
            "sends        UpdateService(enableExecuteCommand=true) and nothing else".into(),
            "Tasks running now keep ECS Exec off: only tasks started after this can be entered."
                .into(),
            "Force a new deployment afterwards to replace them; the task role also needs the ssmmessages permissions (docs/iam.md).".into(),
        ],
        mutation: Mutation::EnableExec {
            cluster: d.cluster.clone(),
            service: service.clone(),
        },
    })
}
