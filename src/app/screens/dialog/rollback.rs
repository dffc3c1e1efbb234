//! Roll back (`R` on a service) or move a service to a revision (`U` in its revisions): a
//! dialog that names the revision, shows what changes, and sends UpdateService with nothing but
//! the task definition. The target of a rollback is the task definition of the service's
//! previous deployment if one still names it, else the newest ACTIVE revision before the one it
//! runs. An INACTIVE target, or the one it runs already, is refused with the reason.

use super::Dialog;
use crate::app::screens::diff::{before, family_of, fold, previous_deployment, Pair, Slot};
use crate::app::view::ViewKind;
use crate::app::{App, Effect, Mode};
use crate::model::{
    family_revision, Change, FetchError, Mutation, Payload, Query, Service, TaskDefinition,
};

/// The services of some clusters that run a family, as their listings come in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilySearch {
    pub family: String,
    /// No cluster was at hand: the clusters are listed first.
    pub listing_clusters: bool,
    /// Clusters whose services are still to come.
    pub waiting: Vec<String>,
    /// Clusters looked in.
    pub clusters: Vec<String>,
    /// `(cluster, service)` running the family.
    pub found: Vec<(String, Service)>,
    /// Clusters that could not be read, with why.
    pub failed: Vec<String>,
}

/// Lines of a dialog, each with how it is coloured.
pub type Said = Vec<(Change, String)>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollbackDialog {
    pub cluster: String,
    pub service: String,
    /// A rollback (`R`) rather than a move to a chosen revision (`U`).
    pub rollback: bool,
    /// What it runs now (old) → where it goes (new). Either may still be loading.
    pub pair: Pair,
    /// Waiting for the family's revisions to choose the target.
    pub choosing: Option<String>,
    /// Waiting for the service (its task definition now).
    pub finding_service: bool,
    /// `U` in revisions opened without a service: which service runs the family, looked for in
    /// the clusters at hand.
    pub finding_family: Option<Box<FamilySearch>>,
    /// A deployment is rolling now.
    pub in_progress: bool,
    /// Roll the deployment in progress back with StopServiceDeployment(ROLLBACK) rather than
    /// UpdateService (offered, and the default, when a rollback meets a deployment in progress).
    pub via_stop: bool,
    /// Why it cannot go ahead.
    pub refusal: Option<String>,
}

impl RollbackDialog {
    pub fn target_arn(&self) -> Option<&str> {
        match &self.pair.new {
            Slot::Pending(a) if !a.is_empty() => Some(a),
            Slot::Ready(t) => Some(&t.arn),
            _ => None,
        }
    }

    fn current_arn(&self) -> Option<&str> {
        match &self.pair.old {
            Slot::Pending(a) if !a.is_empty() => Some(a),
            Slot::Ready(t) => Some(&t.arn),
            _ => None,
        }
    }

    /// Refuse what ECS would refuse, once the target is known.
    fn check(&mut self) {
        if self.refusal.is_some() {
            return;
        }
        if let (Some(now), Some(to)) = (self.current_arn(), self.target_arn()) {
            if now == to {
                self.refusal = Some(format!("the service already runs {}", family_revision(to)));
                return;
            }
        }
        if let Some(t) = self.pair.new.ready() {
            if !t.is_active() {
                self.refusal = Some(format!(
                    "{} is {} (deregistered): ECS starts no new tasks from it. Pick an ACTIVE revision (:taskdefs, U), or register this one again.",
                    family_revision(&t.arn),
                    t.status
                ));
            }
        }
    }

    /// What the dialog says: the lines that always show, then what changes (every change line;
    /// [`fit_changes`] cuts them to the room the screen leaves).
    pub fn lines(&self, switch: &str) -> (Said, Said) {
        let name = |s: &Slot| match s {
            Slot::Pending(a) if a.is_empty() => "…".to_string(),
            Slot::Pending(a) => format!("{} (loading…)", family_revision(a)),
            Slot::Ready(t) => family_revision(&t.arn).to_string(),
            Slot::Failed(e) => format!("? ({e})"),
        };
        let service = match &self.finding_family {
            Some(f) if f.listing_clusters => {
                format!("finding which service runs {}: listing clusters…", f.family)
            }
            Some(f) => format!(
                "finding which service runs {} in {}…",
                f.family,
                f.clusters.join(", ")
            ),
            None if self.service.is_empty() => "–".to_string(),
            None => format!("{}/{}", self.cluster, self.service),
        };
        let mut out = vec![
            (Change::Same, format!("{:<13}{service}", "service")),
            (
                Change::Same,
                format!("{:<13}{}", "runs now", name(&self.pair.old)),
            ),
            (
                Change::Heading,
                format!(
                    "{:<13}{}",
                    if self.rollback {
                        "roll back to"
                    } else {
                        "move to"
                    },
                    if self.choosing.is_some() {
                        "finding the revision before…".to_string()
                    } else {
                        name(&self.pair.new)
                    }
                ),
            ),
        ];
        if self.via_stop {
            out.push((
                Change::Same,
                format!(
                    "{:<13}StopServiceDeployment(ROLLBACK) of the deployment in progress (found with ListServiceDeployments): ECS stops it and rolls back to the previous service revision",
                    "sends"
                ),
            ));
            out.push((
                Change::Changed,
                format!("{switch}: send UpdateService(taskDefinition) instead"),
            ));
        } else if let Some(to) = self.target_arn() {
            out.push((
                Change::Same,
                format!(
                    "{:<13}UpdateService(taskDefinition={}) and nothing else: no iam:PassRole needed",
                    "sends",
                    family_revision(to)
                ),
            ));
            if self.in_progress && self.rollback {
                out.push((
                    Change::Changed,
                    format!("a deployment is rolling now; {switch}: stop it with StopServiceDeployment(ROLLBACK) instead"),
                ));
            }
        }
        if let Some(why) = &self.refusal {
            out.push((Change::Removed, why.clone()));
            return (out, Vec::new());
        }
        match self.pair.diff() {
            Some(d) => {
                let changes = fold(&d, false)
                    .into_iter()
                    .filter(|l| l.change != Change::Same)
                    .map(|l| (l.change, l.text))
                    .collect();
                (out, changes)
            }
            None => {
                out.push((Change::Same, "loading what changes…".into()));
                (out, Vec::new())
            }
        }
    }
}

/// The change lines a dialog has `rows` screen rows for. When they all fit wrapped (`rows_of`
/// says how many rows a line takes) they are whole; else each is cut to one row of `width`
/// columns and the last row says how many more there are and where the whole diff is.
pub fn fit_changes(
    changes: &[(Change, String)],
    rows: usize,
    width: usize,
    rows_of: impl Fn(&str) -> usize,
) -> Vec<(Change, String)> {
    if changes.iter().map(|(_, t)| rows_of(t)).sum::<usize>() <= rows {
        return changes.to_vec();
    }
    let fits = changes.len() <= rows;
    let take = if fits { rows } else { rows.saturating_sub(1) };
    let mut out: Vec<(Change, String)> = changes
        .iter()
        .take(take)
        .map(|(c, t)| (*c, crate::ui::widgets::clip(t, width)))
        .collect();
    if !fits && rows > 0 {
        let more = changes.len() - take;
        out.push((
            Change::Same,
            crate::ui::widgets::clip(&format!("… {more} more: = on the service shows all"), width),
        ));
    }
    out
}

impl App {
    /// `R` on a service.
    pub(crate) fn open_rollback(&mut self) -> Vec<Effect> {
        let (Some(s), Some(cluster)) = (
            self.view()
                .rows::<Service>()
                .and_then(|t| t.selected_live())
                .cloned(),
            self.current_cluster().map(str::to_string),
        ) else {
            return Vec::new();
        };
        let in_progress = s.deployments.len() > 1
            || s.deployments
                .iter()
                .any(|d| d.rollout_state == Some(crate::model::RolloutState::InProgress));
        let mut d = RollbackDialog {
            cluster,
            service: s.name.clone(),
            rollback: true,
            pair: Pair {
                old: Slot::Pending(s.task_definition.clone()),
                new: Slot::Pending(String::new()),
            },
            choosing: None,
            finding_service: false,
            finding_family: None,
            in_progress,
            via_stop: false,
            refusal: None,
        };
        let mut effects = Vec::new();
        match previous_deployment(&s) {
            Some(prev) => {
                d.pair.new = Slot::Pending(prev.to_string());
                d.via_stop = in_progress;
            }
            None => {
                let family = family_of(&s.task_definition);
                effects.push(Effect::Fetch(Query::Revisions {
                    family: family.clone(),
                }));
                d.choosing = Some(family);
            }
        }
        effects.extend(d.pair.queries().into_iter().map(Effect::Fetch));
        self.mode = Mode::Dialog(Dialog::Rollback(d));
        effects
    }

    /// `U` on a revision: move the service the revisions were opened for to it.
    pub(crate) fn open_use_revision(&mut self) -> Vec<Effect> {
        let ViewKind::Revisions { service, .. } = &self.view().kind else {
            return Vec::new();
        };
        let service = service.clone();
        let Some(target) = self
            .view()
            .rows::<TaskDefinition>()
            .and_then(|t| t.selected_live())
            .cloned()
        else {
            return Vec::new();
        };
        let Some((cluster, service)) = service else {
            return self.find_service_for(target);
        };
        // What the service runs, from a services view along the breadcrumbs, else asked for.
        let current = self.stack.iter().find_map(|v| match &v.kind {
            ViewKind::Services { cluster: c } if *c == cluster => v
                .rows::<Service>()
                .and_then(|t| t.items().find(|s| s.name == service).cloned()),
            _ => None,
        });
        let mut d = RollbackDialog {
            cluster: cluster.clone(),
            service,
            rollback: false,
            pair: Pair {
                old: Slot::Pending(String::new()),
                new: Slot::of(&target),
            },
            choosing: None,
            finding_service: current.is_none(),
            finding_family: None,
            in_progress: current.as_ref().is_some_and(|s| s.deployments.len() > 1),
            via_stop: false,
            refusal: None,
        };
        let mut effects = Vec::new();
        match current {
            Some(s) => d.pair.old = Slot::Pending(s.task_definition),
            None => effects.push(Effect::Fetch(Query::Services { cluster })),
        }
        effects.extend(d.pair.queries().into_iter().map(Effect::Fetch));
        d.check();
        self.mode = Mode::Dialog(Dialog::Rollback(d));
        effects
    }
}

impl App {
    /// `U` on a revision of revisions opened without a service: look for the service that runs
    /// the family in the cluster at hand (else in every cluster listed), and move it when there
    /// is one; several, or none, are named in the dialog.
    fn find_service_for(&mut self, target: TaskDefinition) -> Vec<Effect> {
        let clusters: Vec<String> = match self.current_cluster() {
            Some(c) => vec![c.to_string()],
            None => self.known_clusters.clone(),
        };
        let d = RollbackDialog {
            cluster: String::new(),
            service: String::new(),
            rollback: false,
            pair: Pair {
                old: Slot::Pending(String::new()),
                new: Slot::of(&target),
            },
            choosing: None,
            finding_service: false,
            finding_family: Some(Box::new(FamilySearch {
                family: target.family.clone(),
                listing_clusters: clusters.is_empty(),
                waiting: clusters.clone(),
                clusters: clusters.clone(),
                found: Vec::new(),
                failed: Vec::new(),
            })),
            in_progress: false,
            via_stop: false,
            refusal: None,
        };
        let mut effects: Vec<Effect> = if clusters.is_empty() {
            vec![Effect::Fetch(Query::Clusters)]
        } else {
            clusters
                .into_iter()
                .map(|cluster| Effect::Fetch(Query::Services { cluster }))
                .collect()
        };
        effects.extend(d.pair.queries().into_iter().map(Effect::Fetch));
        self.mode = Mode::Dialog(Dialog::Rollback(d));
        effects
    }
}

/// A cluster's services for a family search; once every cluster has answered, the one service
/// found becomes the dialog's (its revision now fetched), else the dialog says why not.
fn found_services(
    d: &mut RollbackDialog,
    query: &Query,
    result: &Result<Payload, FetchError>,
) -> Option<Vec<Effect>> {
    let f = d.finding_family.as_mut()?;
    match query {
        Query::Clusters if f.listing_clusters => {
            f.listing_clusters = false;
            match result {
                Ok(Payload::Clusters(l)) => {
                    f.clusters = l.items.iter().map(|c| c.name.clone()).collect();
                    f.waiting = f.clusters.clone();
                }
                Ok(_) => {}
                Err(e) => f.failed.push(format!("the clusters: {e}")),
            }
            if !f.waiting.is_empty() {
                return Some(
                    f.waiting
                        .iter()
                        .map(|c| Effect::Fetch(Query::Services { cluster: c.clone() }))
                        .collect(),
                );
            }
        }
        Query::Services { cluster } => {
            let at = f.waiting.iter().position(|c| c == cluster)?;
            f.waiting.remove(at);
            match result {
                Ok(Payload::Services(l)) => f.found.extend(
                    l.items
                        .iter()
                        .filter(|s| family_of(&s.task_definition) == f.family)
                        .map(|s| (cluster.to_string(), s.clone())),
                ),
                Ok(_) => {}
                Err(e) => f.failed.push(format!("{cluster}: {e}")),
            }
            if !f.waiting.is_empty() {
                return Some(Vec::new());
            }
        }
        _ => return None,
    }
    let Some(f) = d.finding_family.take() else {
        return Some(Vec::new());
    };
    let unread = if f.failed.is_empty() {
        String::new()
    } else {
        format!(" (not read: {})", f.failed.join("; "))
    };
    match f.found.as_slice() {
        [(cluster, s)] => {
            d.cluster = cluster.clone();
            d.service = s.name.clone();
            d.in_progress = s.deployments.len() > 1;
            d.pair.old = Slot::Pending(s.task_definition.clone());
            Some(d.pair.old.query().map(Effect::Fetch).into_iter().collect())
        }
        [] => {
            d.refusal = Some(format!(
                "no service in {} runs {}{unread}: open the revisions from the service to move (select it, then v)",
                f.clusters.join(", "),
                f.family
            ));
            Some(Vec::new())
        }
        many => {
            let names: Vec<String> = many
                .iter()
                .map(|(c, s)| format!("{c}/{}", s.name))
                .collect();
            d.refusal = Some(format!(
                "{} services run {}: {}{unread}. Open the revisions from the one to move (select it, then v)",
                many.len(),
                f.family,
                names.join(", ")
            ));
            Some(Vec::new())
        }
    }
}

/// An answer the dialog waits for; what to fetch next.
pub(super) fn offer(
    d: &mut RollbackDialog,
    query: &Query,
    result: &Result<Payload, FetchError>,
) -> (bool, Vec<Effect>) {
    let mut effects = Vec::new();
    let mut used = false;
    if let Some(next) = found_services(d, query, result) {
        used = true;
        effects.extend(next);
    }
    match (query, result) {
        (Query::Revisions { family }, _) if d.choosing.as_ref() == Some(family) => {
            used = true;
            d.choosing = None;
            match result {
                Ok(Payload::Revisions(l)) => {
                    let current = d.current_arn().unwrap_or_default().to_string();
                    match before(&l.items, &current, true) {
                        Some(t) => {
                            d.pair.new = Slot::of(t);
                            effects.extend(d.pair.new.query().map(Effect::Fetch));
                        }
                        None => {
                            d.refusal = Some(format!(
                                "there is no ACTIVE revision of {family} before {} to roll back to",
                                family_revision(&current)
                            ))
                        }
                    }
                }
                Ok(_) => {}
                Err(e) => d.refusal = Some(format!("cannot list the revisions of {family}: {e}")),
            }
        }
        (Query::Services { cluster }, _) if d.finding_service && *cluster == d.cluster => {
            used = true;
            d.finding_service = false;
            match result {
                Ok(Payload::Services(l)) => match l.items.iter().find(|s| s.name == d.service) {
                    Some(s) => {
                        d.in_progress = s.deployments.len() > 1;
                        d.pair.old = Slot::Pending(s.task_definition.clone());
                        effects.extend(d.pair.old.query().map(Effect::Fetch));
                    }
                    None => d.refusal = Some(format!("no service {} in {cluster}", d.service)),
                },
                Ok(_) => {}
                Err(e) => d.refusal = Some(format!("cannot read the service: {e}")),
            }
        }
        _ => {}
    }
    used |= d.pair.offer(query, result);
    d.check();
    (used, effects)
}

/// The change a confirmed dialog sends, or why it cannot.
pub(super) fn confirmed(d: &RollbackDialog) -> Result<Mutation, String> {
    if d.via_stop {
        return Ok(Mutation::StopDeployment {
            cluster: d.cluster.clone(),
            service: d.service.clone(),
        });
    }
    if let Some(why) = &d.refusal {
        return Err(why.clone());
    }
    if d.finding_family.is_some() {
        return Err("still finding which service runs the family: a moment".into());
    }
    let (Some(target), Some(current)) = (d.pair.new.ready(), d.current_arn()) else {
        return Err("still loading the revisions: a moment".into());
    };
    Ok(Mutation::SetTaskDefinition {
        cluster: d.cluster.clone(),
        service: d.service.clone(),
        from: current.to_string(),
        task_definition: target.arn.clone(),
    })
}
