//! The status line: the newest message by severity, shown for a while, with a bounded history
//! (`:messages`) for details on demand.

use crate::model::Timestamp;
use chrono::Duration;
use std::collections::VecDeque;

/// Messages kept for `:messages`.
pub const HISTORY: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warn,
    Error,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warn => "warn",
            Severity::Error => "error",
        }
    }

    fn shown_for(self) -> Duration {
        match self {
            Severity::Info => Duration::seconds(6),
            Severity::Warn => Duration::seconds(15),
            Severity::Error => Duration::seconds(30),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusMessage {
    pub seq: u64,
    pub key: String,
    pub at: Timestamp,
    pub severity: Severity,
    pub text: String,
}

#[derive(Debug, Default)]
pub struct Status {
    history: VecDeque<StatusMessage>,
    current: Option<usize>,
    next_seq: u64,
}

impl Status {
    pub fn push(&mut self, severity: Severity, text: impl Into<String>, at: Timestamp) {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.history.push_back(StatusMessage {
            seq,
            key: seq.to_string(),
            at,
            severity,
            text: text.into(),
        });
        if self.history.len() > HISTORY {
            self.history.pop_front();
        }
        self.current = Some(self.history.len() - 1);
    }

    /// The message to show now, if any.
    pub fn current(&self) -> Option<&StatusMessage> {
        self.current.and_then(|i| self.history.get(i))
    }

    /// Hide the current message once it has been shown long enough. Returns whether it was hidden.
    pub fn expire(&mut self, now: Timestamp) -> bool {
        match self.current() {
            Some(m) if now - m.at >= m.severity.shown_for() => {
                self.current = None;
                true
            }
            _ => false,
        }
    }

    pub fn dismiss(&mut self) -> bool {
        self.current.take().is_some()
    }

    pub fn history(&self) -> impl Iterator<Item = &StatusMessage> {
        self.history.iter()
    }

    pub fn len(&self) -> usize {
        self.history.len()
    }

    pub fn is_empty(&self) -> bool {
        self.history.is_empty()
    }
}
