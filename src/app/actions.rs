//! Actions on the account, from key to confirmed change: open the dialog with what it needs,
//! validate what is typed, confirm, then hand the change to the executor as an effect. A read-only
//! console never gets here: its key map has no actions.

use super::status::Severity;
use super::{App, Effect, Mode};
use crate::model::{Mutation, MutationResult};

/// Attempts kept for `:audit`.
pub const AUDIT_HISTORY: usize = 500;
/// Quitting waits at most this long for changes under way.
pub const QUIT_WAIT: chrono::Duration = chrono::Duration::seconds(10);

impl App {
    pub(crate) fn confirmed(&mut self, mutation: Mutation) -> Vec<Effect> {
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

    /// A change was carried out: say how it went, keep it for `:audit`, refresh what is shown.
    pub(super) fn on_mutated(
        &mut self,
        mut result: MutationResult,
        audit_error: Option<String>,
    ) -> Vec<Effect> {
        self.changes_in_flight = self.changes_in_flight.saturating_sub(1);
        let summary = result.mutation.summary();
        // An ECS Exec session is handed on, and not kept (its token opens the container).
        let session = result.session.take();
        match result.failed.first() {
            None if session.is_some() => self.say(
                Severity::Info,
                format!("session opened: {summary} (session-manager-plugin has the terminal until it exits)"),
            ),
            None => self.say(Severity::Info, format!("done: {summary}")),
            // ECS Exec has one target, and its error says what to do: it leads.
            Some((_, why)) if matches!(result.mutation, Mutation::Exec { .. }) => {
                self.say(Severity::Error, format!("ECS Exec failed: {why}"))
            }
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
        self.remember_change(result);
        self.refill_timelines();
        self.view_mut().table_mut().clear_marks();
        if session.is_some() && !self.quit && self.quitting.is_none() {
            self.handoff = session.map(super::Handoff::Exec);
            return Vec::new();
        }
        if self.quitting.is_some() && self.changes_in_flight == 0 {
            self.quit = true;
            return vec![Effect::Quit];
        }
        self.refresh_shown()
    }

    /// Fetch what is on screen now.
    fn refresh_shown(&self) -> Vec<Effect> {
        self.view()
            .kind
            .query()
            .map(Effect::Refresh)
            .into_iter()
            .collect()
    }

    /// The terminal is back (from `session-manager-plugin`, or a custom command): say how it ended, redraw
    /// everything, and look again at what is shown (it may have changed meanwhile).
    pub(super) fn on_handed_back(&mut self, outcome: Result<String, String>) -> Vec<Effect> {
        // `back from `name` (exit 2)`: how the program ended is in the brackets.
        let ended = match &outcome {
            Ok(how) => how
                .rsplit_once('(')
                .map_or(how.as_str(), |(_, r)| r.trim_end_matches(')'))
                .to_string(),
            Err(why) => why.clone(),
        };
        match outcome {
            Ok(how) => self.say(Severity::Info, format!("back from {how}")),
            Err(why) => self.say(Severity::Error, why),
        }
        self.dirty = true;
        let mut effects = match self.handed_command.take() {
            Some(m) => self.command_ended(m, &ended),
            None => Vec::new(),
        };
        effects.extend(self.refresh_shown());
        effects
    }

    /// Keep an attempt for `:audit` (the newest [`AUDIT_HISTORY`]).
    pub(super) fn remember_change(&mut self, result: MutationResult) {
        self.audit.push(result);
        if self.audit.len() > AUDIT_HISTORY {
            self.audit.remove(0);
        }
        self.refill_audit();
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
            if let Some(t) = v.rows_mut::<super::records::AuditEntry>() {
                t.ingest(items.clone(), now, page);
            }
        }
    }
}
