//! Changes the console can make to an account, as data: what a confirmed dialog asks for, what the
//! executor carries out, and what the audit log records.

use super::{short_id, ScalableTarget, Timestamp};
use serde_json::{json, Value};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mutation {
    /// UpdateService(desiredCount), after RegisterScalableTarget when new bounds are given.
    Scale {
        cluster: String,
        service: String,
        desired: i32,
        bounds: Option<ScalableTarget>,
    },
    /// UpdateService(forceNewDeployment).
    ForceDeployment { cluster: String, service: String },
    /// UpdateService(taskDefinition) and nothing else: a rollback, or a move to a revision.
    SetTaskDefinition {
        cluster: String,
        service: String,
        /// The revision it runs now (for the audit log and the outcome line).
        from: String,
        task_definition: String,
    },
    /// StopServiceDeployment(ROLLBACK) of the deployment in progress (found with
    /// ListServiceDeployments): ECS rolls it back to the previous service revision.
    StopDeployment { cluster: String, service: String },
    /// StopTask, one call per task.
    StopTasks {
        cluster: String,
        tasks: Vec<String>,
        reason: String,
    },
    /// UpdateContainerInstancesState(DRAINING), 10 instances per call.
    Drain {
        cluster: String,
        instances: Vec<String>,
    },
    /// UpdateContainerInstancesState(ACTIVE), 10 instances per call.
    Activate {
        cluster: String,
        instances: Vec<String>,
    },
    /// ExecuteCommand (interactive) in one container; the session it opens is handed to
    /// `session-manager-plugin`.
    Exec {
        cluster: String,
        task: String,
        container: String,
        command: String,
    },
    /// UpdateService(enableExecuteCommand=true): tasks started after it can be entered.
    EnableExec { cluster: String, service: String },
    /// A custom command marked `mutates` (`[[commands]]`): run by the console, not sent by it,
    /// so audited around the program's run — its outcome is how the program ended.
    Command {
        cluster: String,
        name: String,
        argv: Vec<String>,
        terminal: bool,
    },
}

impl Mutation {
    pub fn action(&self) -> &'static str {
        match self {
            Mutation::Scale { .. } => "scale",
            Mutation::ForceDeployment { .. } => "force-deployment",
            Mutation::SetTaskDefinition { .. } => "set-task-definition",
            Mutation::StopDeployment { .. } => "stop-deployment",
            Mutation::StopTasks { .. } => "stop-tasks",
            Mutation::Drain { .. } => "drain",
            Mutation::Activate { .. } => "activate",
            Mutation::Exec { .. } => "execute-command",
            Mutation::EnableExec { .. } => "enable-execute-command",
            Mutation::Command { .. } => "custom-command",
        }
    }

    pub fn cluster(&self) -> &str {
        match self {
            Mutation::Scale { cluster, .. }
            | Mutation::ForceDeployment { cluster, .. }
            | Mutation::SetTaskDefinition { cluster, .. }
            | Mutation::StopDeployment { cluster, .. }
            | Mutation::StopTasks { cluster, .. }
            | Mutation::Drain { cluster, .. }
            | Mutation::Activate { cluster, .. }
            | Mutation::Exec { cluster, .. }
            | Mutation::EnableExec { cluster, .. }
            | Mutation::Command { cluster, .. } => cluster,
        }
    }

    /// What the change is applied to: service names, task or instance ARNs.
    pub fn targets(&self) -> Vec<String> {
        match self {
            Mutation::Scale { service, .. }
            | Mutation::ForceDeployment { service, .. }
            | Mutation::SetTaskDefinition { service, .. }
            | Mutation::StopDeployment { service, .. }
            | Mutation::EnableExec { service, .. } => vec![service.clone()],
            Mutation::Exec { task, .. } => vec![task.clone()],
            Mutation::Command { name, .. } => vec![name.clone()],
            Mutation::StopTasks { tasks, .. } => tasks.clone(),
            Mutation::Drain { instances, .. } | Mutation::Activate { instances, .. } => {
                instances.clone()
            }
        }
    }

    pub fn parameters(&self) -> Value {
        match self {
            Mutation::Scale {
                desired, bounds, ..
            } => match bounds {
                Some(b) => {
                    json!({ "desiredCount": desired, "minCapacity": b.min, "maxCapacity": b.max })
                }
                None => json!({ "desiredCount": desired }),
            },
            Mutation::ForceDeployment { .. } => json!({ "forceNewDeployment": true }),
            Mutation::SetTaskDefinition {
                from,
                task_definition,
                ..
            } => json!({ "taskDefinition": task_definition, "previous": from }),
            Mutation::StopDeployment { .. } => json!({ "stopType": "ROLLBACK" }),
            Mutation::StopTasks { reason, .. } => json!({ "reason": reason }),
            Mutation::Drain { .. } => json!({ "status": "DRAINING" }),
            Mutation::Activate { .. } => json!({ "status": "ACTIVE" }),
            Mutation::Exec {
                container, command, ..
            } => json!({ "container": container, "command": command, "interactive": true }),
            Mutation::EnableExec { .. } => json!({ "enableExecuteCommand": true }),
            Mutation::Command { argv, terminal, .. } => {
                json!({ "argv": argv, "terminal": terminal })
            }
        }
    }

    /// One line for the status bar: `scale prod-web/checkout to 6`.
    pub fn summary(&self) -> String {
        match self {
            Mutation::Scale {
                cluster,
                service,
                desired,
                ..
            } => format!("scale {cluster}/{service} to {desired}"),
            Mutation::ForceDeployment { cluster, service } => {
                format!("force a new deployment of {cluster}/{service}")
            }
            Mutation::SetTaskDefinition {
                cluster,
                service,
                from,
                task_definition,
            } => format!(
                "move {cluster}/{service} from {} to {}",
                super::family_revision(from),
                super::family_revision(task_definition)
            ),
            Mutation::StopDeployment { cluster, service } => {
                format!("roll back the deployment in progress of {cluster}/{service}")
            }
            Mutation::StopTasks { cluster, tasks, .. } => match tasks.as_slice() {
                [one] => format!("stop task {cluster}/{}", short_id(one)),
                many => format!("stop {} tasks in {cluster}", many.len()),
            },
            Mutation::Drain { cluster, instances } => {
                format!("drain {} instance(s) in {cluster}", instances.len())
            }
            Mutation::Activate { cluster, instances } => {
                format!("activate {} instance(s) in {cluster}", instances.len())
            }
            Mutation::Exec {
                cluster,
                task,
                container,
                command,
            } => format!(
                "execute `{command}` in {cluster}/{}/{container}",
                short_id(task).chars().take(12).collect::<String>()
            ),
            Mutation::EnableExec { cluster, service } => {
                format!("turn ECS Exec on for {cluster}/{service}")
            }
            Mutation::Command { name, .. } => format!("run the custom command `{name}`"),
        }
    }
}

/// How one attempt ended, per target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MutationResult {
    pub mutation: Mutation,
    pub at: Timestamp,
    /// Targets that failed, with why; the others succeeded.
    pub failed: Vec<(String, String)>,
    /// The session an ExecuteCommand opened, to hand the terminal to.
    pub session: Option<super::ExecSession>,
}

impl MutationResult {
    pub fn ok(&self) -> bool {
        self.failed.is_empty()
    }

    /// `ok`, `failed` or `partial`.
    pub fn outcome(&self) -> &'static str {
        match (self.failed.len(), self.mutation.targets().len()) {
            (0, _) => "ok",
            (f, t) if f >= t => "failed",
            _ => "partial",
        }
    }
}
