//! The `:` and `/` prompts: line editing, paste, Tab completion, running commands, live
//! filtering. Their keys are entries of the key table under `Screen::Prompt` (and the line
//! editor's under `Screen::Edit`).

use super::viewer::edit;
use super::{close, stay, Answer, Outcome};
use crate::app::command::{self, Command};
use crate::app::filter::Filter;
use crate::app::keys::{Action, Screen};
use crate::app::view::ViewKind;
use crate::app::{App, Effect, Mode, Prompt};
use crate::model::{Cluster, Service, TaskScope, TaskStatus};
use crossterm::event::KeyEvent;

impl App {
    /// A paste goes into whatever line is being edited, at its cursor — a logs or describe
    /// search included.
    pub(crate) fn on_paste(&mut self, text: &str) {
        match &mut self.mode {
            Mode::Command(p) => {
                p.text.insert_str(text);
                p.error = None;
            }
            Mode::Filter { prompt, .. } => {
                prompt.text.insert_str(text);
                let prompt = prompt.clone();
                let error = self.apply_filter_text(&prompt);
                if let Mode::Filter { prompt, .. } = &mut self.mode {
                    prompt.error = error;
                }
            }
            Mode::Dialog(super::dialog::Dialog::Scale(d)) => d.input.insert_str(text),
            Mode::Dialog(super::dialog::Dialog::Stop(d)) => d.reason.insert_str(text),
            Mode::Logs(v) => match &mut v.typing {
                Some(t) => t.text.insert_str(text),
                None => return,
            },
            Mode::Help(s) => match &mut s.doc.typing {
                Some(t) => t.text.insert_str(text),
                None => return,
            },
            Mode::Describe(s) => match &mut s.text.typing {
                Some(t) => t.text.insert_str(text),
                None => return,
            },
            Mode::Diff(s) => match &mut s.text.typing {
                Some(t) => t.text.insert_str(text),
                None => return,
            },
            _ => return,
        }
        self.dirty = true;
    }

    // ---- prompts ------------------------------------------------------------------------------

    pub(super) fn command_key(&mut self, prompt: &mut Prompt, ev: &KeyEvent) -> Answer {
        match self.keymap.lookup(ev, Screen::Prompt) {
            Some(Action::Cancel) => close(),
            // A line that does not run puts the prompt back with the reason.
            Some(Action::Submit) => {
                let line = prompt.text.trim().to_string();
                if !line.is_empty() && self.command_history.last() != Some(&line) {
                    self.command_history.push(line);
                    let over = self
                        .command_history
                        .len()
                        .saturating_sub(crate::app::COMMAND_HISTORY);
                    self.command_history.drain(..over);
                }
                (Outcome::Close, self.run_command(&prompt.text))
            }
            Some(action @ (Action::HistoryPrevious | Action::HistoryNext)) => {
                let n = self.command_history.len();
                let at = match (action, prompt.recalled) {
                    (Action::HistoryPrevious, None) if n > 0 => Some(0),
                    (Action::HistoryPrevious, Some(i)) => Some((i + 1).min(n.saturating_sub(1))),
                    (Action::HistoryNext, Some(0)) => None,
                    (Action::HistoryNext, Some(i)) => Some(i - 1),
                    (_, current) => current,
                };
                if at != prompt.recalled {
                    prompt.recalled = at;
                    let text = at
                        .and_then(|i| self.command_history.get(n - 1 - i))
                        .cloned()
                        .unwrap_or_default();
                    prompt.text.set(text);
                    prompt.error = None;
                    prompt.candidates.clear();
                }
                stay()
            }
            Some(Action::Complete) => {
                let named = prompt.text.split_whitespace().nth(1).map(str::to_string);
                let services = self.known_services(named.as_deref());
                let names = self.known_names(&prompt.text);
                let (line, candidates) =
                    command::complete(&prompt.text, &self.known_clusters, &services, &names);
                prompt.text.set(line);
                prompt.candidates = candidates;
                prompt.error = None;
                stay()
            }
            _ => {
                self.edit_prompt(prompt, ev);
                stay()
            }
        }
    }

    /// What a one-name command's name can be: the task definition families seen (a families
    /// view, the revisions shown, the services' task definitions), or the regions.
    fn known_names(&self, line: &str) -> Vec<String> {
        let command = line
            .split_whitespace()
            .next()
            .and_then(|w| command::parse(w).ok())
            .map(|p| p.command);
        match command {
            Some(Command::TaskDefs) => {
                let mut names: Vec<String> = Vec::new();
                for v in &self.stack {
                    if let Some(t) = v.rows::<crate::model::Family>() {
                        names.extend(t.items().map(|f| f.name.clone()));
                    }
                    if let ViewKind::Revisions { family, .. } = &v.kind {
                        names.push(family.clone());
                    }
                    if let Some(t) = v.rows::<Service>() {
                        names.extend(
                            t.items()
                                .map(|s| crate::app::screens::diff::family_of(&s.task_definition)),
                        );
                    }
                }
                names.sort();
                names.dedup();
                names
            }
            Some(Command::Region) => crate::model::REGIONS
                .iter()
                .map(|r| r.to_string())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Service names known for `cluster` (those of a services view of that cluster on the stack).
    fn known_services(&self, cluster: Option<&str>) -> Vec<String> {
        self.stack
            .iter()
            .find_map(|v| match (&v.kind, v.rows::<Service>()) {
                (ViewKind::Services { cluster: c }, Some(t)) if Some(c.as_str()) == cluster => {
                    Some(t.items().map(|s| s.name.clone()).collect())
                }
                _ => None,
            })
            .unwrap_or_default()
    }

    pub(crate) fn run_command(&mut self, line: &str) -> Vec<Effect> {
        match self.parse_command(line) {
            Ok((parsed, cluster)) => self.execute(parsed, cluster),
            Err(e) => {
                // The line stays on the prompt with the reason, to be corrected.
                self.mode = Mode::Command(Prompt {
                    text: line.into(),
                    error: Some(e),
                    candidates: Vec::new(),
                    recalled: None,
                });
                Vec::new()
            }
        }
    }

    /// The command and, for those that need one, the cluster it applies to.
    fn parse_command(&self, line: &str) -> Result<(command::Parsed, Option<String>), String> {
        let parsed = command::parse(line)?;
        let cluster = match parsed.command {
            Command::Services
            | Command::Tasks
            | Command::Instances
            | Command::Failures
            | Command::Targets
            | Command::Scaling
            | Command::Capacity => Some(self.resolve_cluster(parsed.args.first())?),
            Command::Timeline => {
                let (names, window) = crate::app::timeline::split_window(&parsed.args);
                if let Some(w) = &window {
                    crate::app::timeline::parse_window(w, self.now, self.local_offset)?;
                }
                Some(self.resolve_cluster(names.first())?)
            }
            _ => None,
        };
        Ok((parsed, cluster))
    }

    /// `CLUSTER SERVICE`'s service; with no arguments, the service in focus.
    fn service_named(&self, parsed: &command::Parsed) -> Option<String> {
        parsed.args.get(1).cloned().or_else(|| {
            parsed
                .args
                .is_empty()
                .then(|| self.service_here())
                .flatten()
        })
    }

    fn execute(&mut self, parsed: command::Parsed, cluster: Option<String>) -> Vec<Effect> {
        let service = parsed.args.get(1).cloned().or_else(|| {
            // `:tasks` with no arguments inside a service means that service's tasks.
            (parsed.args.is_empty())
                .then(|| self.current_service())
                .flatten()
        });
        match (parsed.command, cluster) {
            (Command::Quit, _) => return self.quit_or_wait(),
            (Command::Help, _) => self.open_help(),
            (Command::Messages, _) => self.push(ViewKind::Messages),
            (Command::Api, _) => self.push(ViewKind::Api),
            (Command::Pulse, _) => {
                self.stack.truncate(1);
                // `:pulse us-east-1 eu-west-1`, `:pulse us-east-1,eu-west-1`, `:pulse @prod
                // @staging eu-west-1` (every profile in every region); bare, the defaults
                // (`--profile a,b`, `[pulse]` in the config).
                let words: Vec<&str> = parsed
                    .args
                    .iter()
                    .flat_map(|a| a.split(','))
                    .filter(|r| !r.is_empty())
                    .collect();
                let (profiles, regions): (Vec<&str>, Vec<&str>) =
                    words.iter().partition(|w| w.starts_with('@'));
                let mut profiles: Vec<String> = profiles
                    .iter()
                    .map(|p| p.trim_start_matches('@').to_string())
                    .collect();
                let mut regions: Vec<String> = regions.iter().map(|r| r.to_string()).collect();
                if words.is_empty() {
                    profiles = self.pulse_profiles.clone();
                    regions = self.pulse_regions.clone();
                }
                if profiles.iter().any(String::is_empty) {
                    self.mode = Mode::Command(Prompt {
                        text: Default::default(),
                        error: Some("@ names a profile: @prod".into()),
                        candidates: Vec::new(),
                        recalled: None,
                    });
                    return Vec::new();
                }
                if let Some(bad) = regions
                    .iter()
                    .find(|r| !crate::model::REGIONS.contains(&r.as_str()))
                {
                    self.mode = Mode::Command(Prompt {
                        text: Default::default(),
                        error: Some(format!("{bad} is not an ECS region")),
                        candidates: Vec::new(),
                        recalled: None,
                    });
                    return Vec::new();
                }
                let scopes = crate::model::PulseScope::cross(&profiles, &regions);
                self.push(ViewKind::Pulse { scopes });
            }
            (Command::Failures, Some(cluster)) => {
                self.stack.truncate(1);
                let scope = match parsed.args.get(1) {
                    Some(s) => TaskScope::Service(s.clone()),
                    None => TaskScope::Cluster,
                };
                self.push(ViewKind::Failures { cluster, scope });
            }
            (Command::Context | Command::Region, _) if !self.switchable => {
                self.warn("the demo account has no other profiles or regions: start without --demo to switch AWS contexts".into());
            }
            (Command::Context, _) => match parsed.args.first() {
                Some(name) => self.request_switch(Some(name.clone()), None),
                None => self.push(ViewKind::Contexts),
            },
            (Command::Region, _) => match parsed.args.first() {
                Some(name) => self.request_switch(None, Some(name.clone())),
                None => {
                    self.push(ViewKind::Regions);
                    self.fill_regions();
                }
            },
            (Command::Events, _) => {
                self.push(ViewKind::Events);
                self.fill_events();
            }
            (Command::Audit, _) => {
                self.push(ViewKind::Audit);
                self.refill_audit();
            }
            (Command::TaskDefs, _) => self.open_revisions(parsed.args.first().cloned()),
            (Command::Timeline, Some(cluster)) => {
                let (names, window) = crate::app::timeline::split_window(&parsed.args);
                let window = window.and_then(|w| {
                    crate::app::timeline::parse_window(&w, self.now, self.local_offset).ok()
                });
                let service = names
                    .get(1)
                    .cloned()
                    .or_else(|| names.is_empty().then(|| self.service_here()).flatten());
                self.stack.truncate(1);
                self.open_timeline(cluster, service, window);
            }
            (Command::Targets, Some(cluster)) => {
                let service = self.service_named(&parsed);
                self.stack.truncate(1);
                self.open_targets(cluster, service);
            }
            (Command::Scaling, Some(cluster)) => {
                let service = self.service_named(&parsed);
                self.stack.truncate(1);
                self.push(ViewKind::Scaling { cluster, service });
            }
            (Command::Alarms, _) => self.push(ViewKind::Alarms),
            (Command::Capacity, Some(cluster)) => {
                self.stack.truncate(1);
                self.push(ViewKind::Capacity { cluster });
            }
            (Command::Clusters, _) => self.stack.truncate(1),
            (Command::Services, Some(cluster)) => {
                self.stack.truncate(1);
                self.push(ViewKind::Services { cluster });
            }
            (Command::Tasks, Some(cluster)) => {
                self.stack.truncate(1);
                let scope = match service {
                    Some(s) => {
                        self.push(ViewKind::Services {
                            cluster: cluster.clone(),
                        });
                        TaskScope::Service(s)
                    }
                    None => TaskScope::Cluster,
                };
                self.push(ViewKind::Tasks {
                    cluster,
                    scope,
                    status: TaskStatus::Running,
                });
            }
            (Command::Instances, Some(cluster)) => {
                self.stack.truncate(1);
                self.push(ViewKind::Instances { cluster });
            }
            _ => {}
        }
        let page = self.page();
        self.view_mut().table_mut().relayout(page);
        self.watch_effects()
    }

    fn current_service(&self) -> Option<String> {
        self.stack.iter().rev().find_map(|v| match &v.kind {
            ViewKind::Tasks {
                scope: TaskScope::Service(s),
                ..
            } => Some(s.clone()),
            _ => None,
        })
    }

    fn resolve_cluster(&self, named: Option<&String>) -> Result<String, String> {
        if let Some(name) = named {
            if !self.known_clusters.is_empty() && !self.known_clusters.contains(name) {
                return Err(format!("no cluster named {name} (Tab lists them)"));
            }
            return Ok(name.clone());
        }
        if let Some(c) = self.current_cluster() {
            return Ok(c.to_string());
        }
        if let Some(t) = self.stack[0].rows::<Cluster>() {
            if let Some(c) = t.selected_live() {
                return Ok(c.name.clone());
            }
        }
        Err("which cluster? name it, e.g. :svc prod-web".into())
    }

    pub(super) fn filter_key(
        &mut self,
        prompt: &mut Prompt,
        before: &str,
        ev: &KeyEvent,
    ) -> Answer {
        match self.keymap.lookup(ev, Screen::Prompt) {
            Some(Action::Cancel) => {
                // Put back the filter that was in force before `/`.
                let page = self.page();
                let restored = Filter::parse(before).unwrap_or_default();
                self.view_mut().table_mut().set_filter(restored, page);
                close()
            }
            Some(Action::Submit) => close(),
            _ => {
                self.edit_prompt(prompt, ev);
                prompt.error = self.apply_filter_text(prompt);
                stay()
            }
        }
    }

    /// Apply the filter being typed; an invalid regex keeps the last good filter and says why.
    fn apply_filter_text(&mut self, prompt: &Prompt) -> Option<String> {
        let page = self.page();
        match Filter::parse(&prompt.text) {
            Ok(f) => {
                self.view_mut().table_mut().set_filter(f, page);
                None
            }
            Err(e) => Some(e),
        }
    }

    /// Line editing of the prompts: the shared line editor.
    fn edit_prompt(&self, prompt: &mut Prompt, ev: &KeyEvent) {
        if edit(&self.keymap, &mut prompt.text, ev) {
            prompt.error = None;
            prompt.candidates.clear();
        }
    }
}
