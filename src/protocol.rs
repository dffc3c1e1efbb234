//! The protocol between the console (`app`) and the IO around it (`sync`, `subscription`, the
//! terminal feeds): everything that can happen to the console ([`Msg`]), everything it can ask
//! for ([`Effect`]), and the requests both sides speak ([`LogRequest`]). Both sides import this;
//! neither imports the other.

use crate::model::{
    FetchError, LogEvent, LogFeed, LogScope, LogSource, LogStart, Mutation, MutationResult,
    Payload, Query, Timestamp,
};
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
    /// One describe batch of a task listing still coming in: its rows go on screen at once.
    TaskBatch {
        query: Query,
        batch: crate::backend::TaskBatch,
    },
    /// What a targeted describe found (`Effect::Describe`); an ARN not found is in the
    /// failures. `None`: nothing of that kind was asked.
    Described {
        cluster: String,
        tasks:
            Option<Result<crate::model::Listing<std::sync::Arc<crate::model::Task>>, FetchError>>,
        services: Option<Result<crate::model::Listing<crate::model::Service>, FetchError>>,
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
    /// SIGTERM, SIGINT, SIGHUP or SIGQUIT.
    Signal(&'static str),
    /// Output of a custom command running in the background (its pane's id); `done` says how
    /// it ended, once it has.
    CommandOutput {
        id: u64,
        lines: Vec<String>,
        done: Option<String>,
    },
    /// The terminal is back from `session-manager-plugin` (ECS Exec): how the session ended
    /// (its exit status), or why it could not be started.
    HandedBack(Result<String, String>),
    /// A logs view's sources: its streams, and the containers whose output cannot be read.
    LogSources {
        id: u64,
        sources: Result<Vec<LogSource>, FetchError>,
    },
    /// A batch of a logs view's lines, in time order.
    LogLines {
        id: u64,
        events: Vec<LogEvent>,
    },
    /// How a logs view is being fed.
    LogFeed {
        id: u64,
        feed: LogFeed,
    },
    /// Which of a logs view's streams it follows: the `following` most recently written of the
    /// `of` its tasks have; and when its task stopped, for a stopped task.
    LogStreams {
        id: u64,
        following: usize,
        of: usize,
        stopped_at: Option<i64>,
        /// Why the streams could not be listed (what is read instead), if they could not.
        note: Option<String>,
    },
    /// Older lines a logs view asked for (`[`), in time order; the view now reaches back to
    /// `from` (ms since the epoch).
    LogOlder {
        id: u64,
        events: Vec<LogEvent>,
        from: i64,
    },
    /// ECS state-change events, as they arrived.
    EcsEvents(Vec<crate::model::EcsEvent>),
    /// How the events feed is going.
    EventsFeed(LogFeed),
    /// Events are off, and why.
    EventsOff(String),
    /// A sentence from a background task for the status line (and `:messages`).
    Notice {
        warn: bool,
        text: String,
    },
    /// A save finished: how many lines were written, or why none were.
    Saved {
        path: std::path::PathBuf,
        result: Result<usize, String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Keep exactly these queries fresh, each at its interval (what is on screen); stop the rest.
    Watch(Vec<(Query, Duration)>),
    /// Fetch this query now (single-flight: joins or queues behind one in flight).
    Refresh(Query),
    /// Fetch this query once (a dialog's data), whether watched or not.
    Fetch(Query),
    /// Describe just these tasks and services of a cluster (what events named), instead of
    /// listing the cluster again: answered by `Msg::Described`.
    Describe {
        cluster: String,
        tasks: Vec<String>,
        services: Vec<String>,
    },
    /// Carry out a confirmed change.
    Mutate(Mutation),
    /// Put this text on the clipboard (OSC 52).
    Copy(String),
    /// Start reading a logs view's lines.
    OpenLogs(LogRequest),
    /// Stop reading them (the view closed, or asks again with other settings).
    CloseLogs(u64),
    /// Read a logs view's lines between two instants (ms since the epoch, inclusive), older
    /// than what it shows (`[`: answered by `Msg::LogOlder`) or newer (`]`: by `Msg::LogLines`).
    MoreLogs {
        id: u64,
        from: i64,
        to: i64,
        older: bool,
    },
    /// Write a logs view's lines to a file (`lines` of them).
    Save {
        path: std::path::PathBuf,
        text: String,
        lines: usize,
    },
    /// Run a custom command in the background, its output to the pane `id`.
    RunCommand {
        id: u64,
        argv: Vec<String>,
    },
    /// Stop it (its pane closed).
    StopCommand(u64),
    /// A line for the audit log of a change the console makes without sending it.
    Audit(AuditRecord),
    Quit,
}

/// What the audit log records of a custom command that changes things: the attempt before it
/// runs, the outcome (how the program ended) after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditRecord {
    Attempt(crate::model::Mutation, crate::model::Timestamp),
    Outcome(crate::model::MutationResult),
}

/// What a logs view asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogRequest {
    /// Chosen by the console; messages carry it so that answers for a closed view are ignored.
    pub id: u64,
    pub scope: LogScope,
    pub start: LogStart,
    pub follow: bool,
    /// At most this many lines in the first read.
    pub limit: usize,
    /// A CloudWatch Logs filter pattern: only the lines that match, found on the server.
    pub pattern: Option<String>,
}
