//! Everything that can happen to the console ([`Msg`]) and everything it can ask for ([`Effect`]).

use crate::model::{FetchError, Mutation, MutationResult, Payload, Query, Timestamp};
use crossterm::event::KeyEvent;
use std::time::Duration;

#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    /// Text pasted into the terminal (bracketed paste).
    Paste(String),
    Resize(u16, u16),
    /// The clock moved (sent once a second).
    Tick(Timestamp),
    /// A backend answer for a query.
    Fetched {
        query: Query,
        result: Result<Payload, FetchError>,
        at: Timestamp,
    },
    /// The sync layer will try a failing query again after this long.
    Retrying {
        query: Query,
        after: Duration,
    },
    /// A confirmed change was carried out (or failed); `audit_error` says if it could not be logged.
    Mutated {
        result: MutationResult,
        audit_error: Option<String>,
    },
    /// SIGTERM, SIGINT or SIGHUP.
    Signal(&'static str),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Keep exactly these queries fresh, each at its interval (what is on screen); stop the rest.
    Watch(Vec<(Query, Duration)>),
    /// Fetch this query now (single-flight: joins or queues behind one in flight).
    Refresh(Query),
    /// Fetch this query once (a dialog's data), whether watched or not.
    Fetch(Query),
    /// Carry out a confirmed change.
    Mutate(Mutation),
    /// Put this text on the clipboard (OSC 52).
    Copy(String),
    Quit,
}
