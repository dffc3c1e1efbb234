//! The screens over the table views: help, describe, logs, the dialogs and the prompts. Each is
//! a folder (or a file) holding its state, its opening, its keys and its drawing. Its keys are
//! entries of the key table (`keys::Screen`), so they can be remapped and are listed in `?`;
//! its key handler answers with its effects and an [`Outcome`], and this file is the one place
//! that takes a screen out of the state to hand it a key and puts back what the outcome says.

pub mod describe;
pub mod dialog;
pub mod diff;
pub mod help;
pub mod logs;
pub mod output;
pub mod prompt;
pub mod viewer;

use super::{App, Effect, Mode};
use crossterm::event::KeyEvent;

/// What a screen's key handler decided.
pub enum Outcome {
    /// The screen stays open (with what the key changed).
    Stay,
    /// The screen closes (to what the step opened, if anything: a command may open help).
    Close,
    /// Another screen takes its place (a scale dialog gives way to its confirmation).
    Replace(Mode),
}

/// A key handler's answer.
pub type Answer = (Outcome, Vec<Effect>);

pub(crate) fn stay() -> Answer {
    (Outcome::Stay, Vec::new())
}

pub(crate) fn close() -> Answer {
    (Outcome::Close, Vec::new())
}

impl App {
    /// A key while a screen is open.
    pub(super) fn on_screen_key(&mut self, ev: &KeyEvent) -> Vec<Effect> {
        let mut mode = std::mem::replace(&mut self.mode, Mode::Normal);
        self.dirty = true;
        let (outcome, mut effects) = match &mut mode {
            Mode::Normal => stay(),
            Mode::Help(s) => self.help_key(s, ev),
            Mode::Describe(s) => self.describe_key(s, ev),
            Mode::Diff(s) => self.diff_key(s, ev),
            Mode::Output(s) => self.output_key(s, ev),
            Mode::Logs(v) => self.logs_key(v, ev),
            Mode::Dialog(d) => self.dialog_key(d, ev),
            Mode::Command(p) => self.command_key(p, ev),
            Mode::Filter { prompt, before } => self.filter_key(prompt, before, ev),
        };
        match outcome {
            Outcome::Stay => self.mode = mode,
            Outcome::Close => {}
            Outcome::Replace(next) => self.mode = next,
        }
        // A screen that closed uncovers the table: it is watched (and fetched) again.
        effects.extend(self.watch_effects());
        effects
    }
}
