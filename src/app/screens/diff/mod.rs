//! The task definition diff (`=`): a revision against the one before it, two marked revisions
//! against each other, or a service's task definition against the one it ran before (the
//! previous deployment's, else the family's previous revision). Its state is in `state.rs`, its
//! drawing in `draw.rs`; opening it, the answers it waits for and its keys are here.

mod draw;
mod state;

pub use draw::draw;
pub use state::{before, fold, DiffState, Pair, Shown, Slot};

use super::viewer::{self, Step};
use super::{close, stay, Answer};
use crate::app::keys::{Action, Screen};
use crate::app::status::Severity;
use crate::app::table::AnyTable;
use crate::app::view::ViewKind;
use crate::app::{App, Effect, Mode};
use crate::model::{family_revision, FetchError, Payload, Query, Service, TaskDefinition};
use crossterm::event::KeyEvent;

/// The task definition a service ran before the one it runs now, if a deployment still names
/// it (a rollout in progress, or one that just finished).
pub fn previous_deployment(s: &Service) -> Option<&str> {
    s.deployments
        .iter()
        .filter(|d| d.task_definition != s.task_definition && !d.task_definition.is_empty())
        .max_by_key(|d| d.created_at)
        .map(|d| d.task_definition.as_str())
}

/// The family of a task definition ARN (`…/web:41` → `web`).
pub fn family_of(arn: &str) -> String {
    let fr = family_revision(arn);
    fr.rsplit_once(':').map_or(fr, |(f, _)| f).to_string()
}

impl App {
    /// `=`: open the diff for the selected revision(s) or service.
    pub(crate) fn open_diff(&mut self) -> Vec<Effect> {
        if let Some(t) = self.view().rows::<TaskDefinition>() {
            let marked = t.marked();
            let items: Vec<&TaskDefinition> = t.items().collect();
            let pair = if marked.len() == 2 {
                let mut two: Vec<&TaskDefinition> = items
                    .iter()
                    .copied()
                    .filter(|r| marked.contains(&r.arn))
                    .collect();
                two.sort_by_key(|r| r.revision);
                match two.as_slice() {
                    [a, b] => Pair {
                        old: Slot::of(a),
                        new: Slot::of(b),
                    },
                    _ => return Vec::new(),
                }
            } else {
                if marked.len() > 2 {
                    self.say(
                        Severity::Warn,
                        "mark two revisions to compare them (Space), not more",
                    );
                    return Vec::new();
                }
                let Some(sel) = t.selected_live() else {
                    return Vec::new();
                };
                let Some(prev) = items
                    .iter()
                    .filter(|r| r.revision < sel.revision)
                    .max_by_key(|r| r.revision)
                else {
                    let what = family_revision(&sel.arn).to_string();
                    self.say(
                        Severity::Warn,
                        format!("{what} is the family's oldest revision: there is nothing before it to compare"),
                    );
                    return Vec::new();
                };
                Pair {
                    old: Slot::of(prev),
                    new: Slot::of(sel),
                }
            };
            return self.show_diff(DiffState::new(pair));
        }
        let Some(s) = self
            .view()
            .rows::<Service>()
            .and_then(|t| t.selected_live())
            .cloned()
        else {
            return Vec::new();
        };
        if s.task_definition.is_empty() {
            self.say(Severity::Warn, "the service names no task definition");
            return Vec::new();
        }
        let new = Slot::Pending(s.task_definition.clone());
        match previous_deployment(&s) {
            Some(prev) => self.show_diff(DiffState::new(Pair {
                old: Slot::Pending(prev.to_string()),
                new,
            })),
            None => {
                let family = family_of(&s.task_definition);
                let mut state = DiffState::new(Pair {
                    old: Slot::Pending(String::new()),
                    new,
                });
                state.choosing = Some((family.clone(), s.task_definition.clone()));
                let mut effects = self.show_diff(state);
                effects.push(Effect::Fetch(Query::Revisions { family }));
                effects
            }
        }
    }

    /// The revisions of a family: of the selected service's (for that service, so `U` can move
    /// it) when no family is named or the one named is the service's; else of the one named,
    /// or the families.
    pub(crate) fn open_revisions(&mut self, family: Option<String>) {
        let selected = self
            .view()
            .rows::<Service>()
            .and_then(|t| t.selected_live())
            .map(|s| (s.name.clone(), family_of(&s.task_definition)));
        let cluster = self.current_cluster().map(str::to_string);
        let kind = match (family, selected, cluster) {
            (named, Some((service, f)), Some(cluster))
                if named.as_ref().is_none_or(|n| *n == f) =>
            {
                ViewKind::Revisions {
                    family: f,
                    service: Some((cluster, service)),
                }
            }
            (Some(family), _, _) => ViewKind::Revisions {
                family,
                service: None,
            },
            (None, _, _) => ViewKind::Families,
        };
        self.push(kind);
    }

    fn show_diff(&mut self, state: DiffState) -> Vec<Effect> {
        let effects = state
            .pair
            .queries()
            .into_iter()
            .map(Effect::Fetch)
            .collect();
        self.mode = Mode::Diff(Box::new(state));
        effects
    }

    /// An answer the diff waits for; more to fetch, if the older side is only now known.
    pub(crate) fn diff_data(
        &mut self,
        query: &Query,
        result: &Result<Payload, FetchError>,
    ) -> Vec<Effect> {
        let Mode::Diff(s) = &mut self.mode else {
            return Vec::new();
        };
        let mut effects = Vec::new();
        if let (Some((family, current)), Query::Revisions { family: f }) = (&s.choosing, query) {
            if f == family {
                match result {
                    Ok(Payload::Revisions(l)) => match before(&l.items, current, false) {
                        Some(prev) => {
                            s.pair.old = Slot::of(prev);
                            effects.extend(s.pair.old.query().map(Effect::Fetch));
                        }
                        None => {
                            s.nothing = Some(format!(
                                "{} is the family's oldest revision: there is nothing before it to compare",
                                family_revision(current)
                            ));
                        }
                    },
                    Ok(_) => {}
                    Err(e) => s.pair.old = Slot::Failed(format!("revisions of {family}: {e}")),
                }
                s.choosing = None;
            }
        }
        s.pair.offer(query, result);
        s.refresh();
        self.dirty = true;
        effects
    }

    pub(super) fn diff_key(&mut self, s: &mut DiffState, ev: &KeyEvent) -> Answer {
        let page = self.page();
        match viewer::on_key(&self.keymap, Screen::Diff, page, &mut s.text, ev) {
            Step::Close => close(),
            Step::Other(Action::ToggleUnchanged) => {
                s.toggle_unchanged();
                stay()
            }
            Step::Done | Step::Other(_) | Step::Nothing | Step::Submitted(..) => stay(),
        }
    }
}
