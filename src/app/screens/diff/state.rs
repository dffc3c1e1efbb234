//! The diff screen's state: two task definitions (each loading, loaded or failed), the diff
//! between them once both are in, and the text on screen — unchanged fields folded unless asked
//! for.

use crate::app::screens::viewer::TextDoc;
use crate::model::{diff, Change, FetchError, Payload, Query, TaskDefinition, TdDiff};

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    /// Being fetched (by ARN).
    Pending(String),
    Ready(Box<TaskDefinition>),
    Failed(String),
}

impl Slot {
    /// A revision from a listing: ready if it was described, else to be fetched.
    pub fn of(td: &TaskDefinition) -> Self {
        if td.listed_only {
            Slot::Pending(td.arn.clone())
        } else {
            Slot::Ready(Box::new(td.clone()))
        }
    }

    /// The fetch this side waits for (none while its ARN is still unknown: empty).
    pub fn query(&self) -> Option<Query> {
        match self {
            Slot::Pending(arn) if !arn.is_empty() => {
                Some(Query::TaskDefinition { arn: arn.clone() })
            }
            _ => None,
        }
    }

    pub fn ready(&self) -> Option<&TaskDefinition> {
        match self {
            Slot::Ready(t) => Some(t),
            _ => None,
        }
    }

    /// Take an answer meant for this slot. Returns whether it was.
    pub fn offer(&mut self, query: &Query, result: &Result<Payload, FetchError>) -> bool {
        let Slot::Pending(arn) = self else {
            return false;
        };
        match (query, result) {
            (Query::TaskDefinition { arn: a }, Ok(Payload::TaskDefinition(td))) if a == arn => {
                *self = Slot::Ready(td.clone());
                true
            }
            (Query::TaskDefinition { arn: a }, Err(e)) if a == arn => {
                *self = Slot::Failed(format!("{}: {e}", crate::model::family_revision(a)));
                true
            }
            (Query::Revisions { .. }, Ok(Payload::Revisions(l))) => {
                match l.items.iter().find(|t| &t.arn == arn && !t.listed_only) {
                    Some(t) => {
                        *self = Slot::Ready(Box::new(t.clone()));
                        true
                    }
                    None => false,
                }
            }
            _ => false,
        }
    }
}

/// Two task definitions to compare: `old` → `new`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub old: Slot,
    pub new: Slot,
}

impl Pair {
    pub fn queries(&self) -> Vec<Query> {
        [self.old.query(), self.new.query()]
            .into_iter()
            .flatten()
            .collect()
    }

    pub fn offer(&mut self, query: &Query, result: &Result<Payload, FetchError>) -> bool {
        let a = self.old.offer(query, result);
        let b = self.new.offer(query, result);
        a || b
    }

    pub fn diff(&self) -> Option<TdDiff> {
        Some(diff(self.old.ready()?, self.new.ready()?))
    }

    /// Why the diff cannot be shown, if a side failed.
    pub fn failure(&self) -> Option<&str> {
        [&self.old, &self.new].into_iter().find_map(|s| match s {
            Slot::Failed(e) => Some(e.as_str()),
            _ => None,
        })
    }
}

/// The revision a service's task definition is compared with: the one before it in the
/// family (`active`: only an ACTIVE one, for a rollback), from a family's listing.
pub fn before<'a>(
    revisions: &'a [TaskDefinition],
    current: &str,
    active: bool,
) -> Option<&'a TaskDefinition> {
    let now = crate::model::family_revision(current)
        .rsplit_once(':')
        .and_then(|(_, r)| r.parse::<i32>().ok())?;
    revisions
        .iter()
        .filter(|t| t.revision < now && (!active || t.is_active()))
        .max_by_key(|t| t.revision)
}

/// One line of the diff on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub change: Change,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffState {
    pub pair: Pair,
    /// Waiting for this family's revisions to choose the older side (a service's diff when
    /// no earlier deployment names it).
    pub choosing: Option<(String, String)>,
    /// Why there is nothing to compare (a first revision).
    pub nothing: Option<String>,
    pub diff: Option<TdDiff>,
    pub show_unchanged: bool,
    pub shown: Vec<Shown>,
    pub text: TextDoc,
}

impl DiffState {
    pub fn new(pair: Pair) -> Self {
        let mut s = Self {
            pair,
            choosing: None,
            nothing: None,
            diff: None,
            show_unchanged: false,
            shown: Vec::new(),
            text: TextDoc::default(),
        };
        s.refresh();
        s
    }

    /// `old` → `new` as the title names them.
    pub fn title(&self) -> String {
        let name = |s: &Slot| match s {
            Slot::Pending(a) => crate::model::family_revision(a).to_string(),
            Slot::Ready(t) => crate::model::family_revision(&t.arn).to_string(),
            Slot::Failed(_) => "?".into(),
        };
        if self.choosing.is_some() {
            return format!("diff … → {}", name(&self.pair.new));
        }
        format!("diff {} → {}", name(&self.pair.old), name(&self.pair.new))
    }

    pub fn toggle_unchanged(&mut self) {
        self.show_unchanged = !self.show_unchanged;
        self.render();
    }

    /// After an answer: the diff, if both sides are in.
    pub fn refresh(&mut self) {
        if self.diff.is_none() {
            self.diff = self.pair.diff();
        }
        self.render();
    }

    fn render(&mut self) {
        self.shown = match (&self.diff, &self.nothing, self.pair.failure()) {
            (_, Some(why), _) => vec![Shown {
                change: Change::Same,
                text: why.clone(),
            }],
            (Some(d), _, _) => fold(d, self.show_unchanged),
            (None, _, Some(e)) => vec![Shown {
                change: Change::Removed,
                text: format!("cannot compare: {e}"),
            }],
            (None, _, None) => vec![Shown {
                change: Change::Same,
                text: "loading the task definitions…".into(),
            }],
        };
        self.text
            .set_lines(self.shown.iter().map(|l| l.text.clone()).collect());
    }
}

/// The lines on screen: changes marked `+ - ~`, unchanged runs folded into one line, and a
/// section with no change at all into its heading.
pub fn fold(d: &TdDiff, show_unchanged: bool) -> Vec<Shown> {
    let mut out = Vec::new();
    let mut same_run = 0usize;
    let flush = |out: &mut Vec<Shown>, n: &mut usize| {
        if *n > 0 {
            out.push(Shown {
                change: Change::Same,
                text: format!(
                    "    … {n} unchanged field{}",
                    if *n == 1 { "" } else { "s" }
                ),
            });
            *n = 0;
        }
    };
    let mut i = 0;
    while i < d.lines.len() {
        let l = &d.lines[i];
        if l.change == Change::Heading && !show_unchanged {
            let end = d.lines[i + 1..]
                .iter()
                .position(|x| !x.nested)
                .map_or(d.lines.len(), |p| i + 1 + p);
            if d.lines[i + 1..end].iter().all(|x| x.change == Change::Same) {
                flush(&mut out, &mut same_run);
                out.push(Shown {
                    change: Change::Heading,
                    text: format!("{} — unchanged", l.text),
                });
                i = end;
                continue;
            }
        }
        match l.change {
            Change::Same if !show_unchanged => same_run += 1,
            change => {
                flush(&mut out, &mut same_run);
                let mark = match change {
                    Change::Added => "+ ",
                    Change::Removed => "- ",
                    Change::Changed => "~ ",
                    Change::Heading => "",
                    Change::Same => "  ",
                };
                let indent = if l.nested { "  " } else { "" };
                out.push(Shown {
                    change,
                    text: format!("{mark}{indent}{}", l.text),
                });
            }
        }
        i += 1;
    }
    flush(&mut out, &mut same_run);
    if d.changes() == 0 {
        out.insert(
            0,
            Shown {
                change: Change::Same,
                text: format!("{} and {} are the same", d.from, d.to),
            },
        );
    }
    out
}
