//! Custom commands at work (`[[commands]]`, bound by `keys/custom.rs`): the placeholders take
//! the values of the selected row and the console (`$CLUSTER`, `$SERVICE`, `$TASK`,
//! `$TASK_ARN`, `$CONTAINER`, `$REGION`, `$PROFILE`, `$ENDPOINT`), each inside its own argument;
//! a command that asks first shows exactly what will run; then it takes the terminal (as ECS
//! Exec does) or runs in the background with its output in a pane.

use super::dialog::Dialog;
use super::screens::output::OutputState;
use super::status::Severity;
use super::view::ViewKind;
use super::{App, Effect, Handoff, Mode};
use crate::config::commands::{substitute, CommandSpec};
use crate::model::{short_id, Container, Mutation, MutationResult, Service, Task};
use crate::protocol::AuditRecord;

/// A custom command about to run, for its confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunDialog {
    pub name: String,
    pub argv: Vec<String>,
    pub terminal: bool,
    pub mutates: bool,
}

impl App {
    /// Bind the commands of the config file; returns the warnings (naming `file`).
    pub fn install_commands(&mut self, specs: &[CommandSpec], file: &str) -> Vec<String> {
        let (bound, warnings) = self.keymap.add_commands(specs, file);
        self.commands = bound.into_iter().map(|i| specs[i].clone()).collect();
        warnings
    }

    /// The n-th command's key: fill in its placeholders, then ask or run.
    pub(crate) fn run_custom(&mut self, n: u16) -> Vec<Effect> {
        let Some(spec) = self.commands.get(n as usize).cloned() else {
            return Vec::new();
        };
        let argv = match substitute(&spec.argv, |p| self.placeholder(p)) {
            Ok(argv) => argv,
            Err(missing) => {
                self.say(
                    Severity::Warn,
                    format!(
                        "`{}` needs ${missing}, which this row does not have",
                        spec.name
                    ),
                );
                return Vec::new();
            }
        };
        if spec.confirm {
            self.mode = Mode::Dialog(Dialog::Run(Box::new(RunDialog {
                name: spec.name,
                argv,
                terminal: spec.terminal,
                mutates: spec.mutates,
            })));
            return Vec::new();
        }
        self.start_command(&spec.name, argv, spec.terminal, spec.mutates)
    }

    /// Run it: in the terminal (the loop hands it over), or in the background into a pane.
    /// One that changes things (`mutates`) is audited: its attempt now, its outcome when the
    /// program ends (see [`App::command_ended`]).
    pub(crate) fn start_command(
        &mut self,
        name: &str,
        argv: Vec<String>,
        terminal: bool,
        mutates: bool,
    ) -> Vec<Effect> {
        self.dirty = true;
        let audited = mutates.then(|| Mutation::Command {
            cluster: self.view().kind.cluster().unwrap_or_default().to_string(),
            name: name.to_string(),
            argv: argv.clone(),
            terminal,
        });
        let mut effects: Vec<Effect> = audited
            .iter()
            .map(|m| Effect::Audit(AuditRecord::Attempt(m.clone(), self.now)))
            .collect();
        if terminal {
            self.mode = Mode::Normal;
            self.handoff = Some(Handoff::Program {
                label: name.to_string(),
                argv,
            });
            self.handed_command = audited;
            return effects;
        }
        self.next_log_id += 1;
        let id = self.next_log_id;
        self.mode = Mode::Output(Box::new(OutputState::new(
            id,
            format!("{name}: {}", shown(&argv)),
        )));
        if let Some(m) = audited {
            self.running_commands.insert(id, m);
        }
        effects.push(Effect::RunCommand { id, argv });
        effects
    }

    /// An audited command ended (`how`: `exit 0`, `exit 2`, a signal, a failure to start): its
    /// outcome goes to the audit log and `:audit`.
    pub(crate) fn command_ended(&mut self, mutation: Mutation, how: &str) -> Vec<Effect> {
        let failed = if how == "exit 0" {
            Vec::new()
        } else {
            mutation
                .targets()
                .into_iter()
                .map(|t| (t, how.to_string()))
                .collect()
        };
        let result = MutationResult {
            mutation,
            at: self.now,
            failed,
            session: None,
        };
        self.remember_change(result.clone());
        vec![Effect::Audit(AuditRecord::Outcome(result))]
    }

    /// A placeholder's value here, if it has one.
    fn placeholder(&self, name: &str) -> Option<String> {
        let v = self.view();
        let task = || -> Option<String> {
            v.rows::<Task>()
                .and_then(|t| t.selected_live())
                .map(|t| t.arn.clone())
                .or_else(|| match &v.kind {
                    ViewKind::Containers { task, .. } => Some(task.clone()),
                    _ => None,
                })
        };
        match name {
            "CLUSTER" => self.current_cluster().map(str::to_string).or_else(|| {
                v.rows::<crate::model::Cluster>()
                    .and_then(|t| t.selected_live())
                    .map(|c| c.name.clone())
            }),
            "SERVICE" => v
                .rows::<Service>()
                .and_then(|t| t.selected_live())
                .map(|s| s.name.clone())
                .or_else(|| {
                    v.rows::<Task>()
                        .and_then(|t| t.selected_live())
                        .and_then(|t| t.service_name().map(str::to_string))
                })
                .or_else(|| self.service_here()),
            "TASK_ARN" => task(),
            "TASK" => task().map(|a| short_id(&a).to_string()),
            "CONTAINER" => v
                .rows::<Container>()
                .and_then(|t| t.selected_live())
                .map(|c| c.name.clone()),
            "REGION" => self.region.clone(),
            "PROFILE" => Some(self.profile.clone().unwrap_or_default()),
            "ENDPOINT" => Some(self.endpoint.clone().unwrap_or_default()),
            _ => None,
        }
    }
}

/// The arguments as they will be passed, quoted where a shell would split them (for the eye
/// only: no shell runs them).
pub fn shown(argv: &[String]) -> String {
    argv.iter()
        .map(|a| {
            if a.is_empty()
                || a.chars()
                    .any(|c| c.is_whitespace() || "'\"\\;|&$<>()".contains(c))
            {
                format!("'{}'", a.replace('\'', "'\\''"))
            } else {
                a.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
