//! Turns effects into backend calls and results into messages. One poller per query that is on
//! screen: at most one request in flight per query, a refresh asked for while one is in flight is
//! queued (and a newer ask replaces it), failures back off exponentially with jitter, and every
//! call has an operation timeout so a silent endpoint shows up as an error instead of a hang.

pub mod actions;
mod backoff;
mod commands;
pub mod events;
pub mod follow;
mod log_run;
pub mod log_streams;
pub mod logs;
pub mod shared;

use crate::backend::{fetch_in_batches, EcsRead};
use crate::clock::Clock;
use crate::model::{FetchError, Query};
use crate::protocol::{Effect, Msg};
use futures::FutureExt;
use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};
use tokio::task::JoinSet;
use tokio::time::Instant;

pub use backoff::backoff;

#[derive(Debug, Clone, Copy)]
pub struct SyncOptions {
    /// The longest one query may take before it counts as timed out.
    pub operation_timeout: Duration,
    pub seed: u64,
}

impl Default for SyncOptions {
    fn default() -> Self {
        Self {
            operation_timeout: Duration::from_secs(10),
            seed: 1,
        }
    }
}

/// Where effects go.
#[derive(Clone)]
pub struct SyncHandle {
    tx: UnboundedSender<Effect>,
}

impl SyncHandle {
    pub fn send(&self, effect: Effect) {
        // The runner only stops when the console does; a send after that has nowhere to go.
        let _ = self.tx.send(effect);
    }
}

struct Source {
    /// A task listing's last answer, to share unchanged tasks with.
    last: shared::Last,
    every: Duration,
    due: Instant,
    in_flight: bool,
    queued: bool,
    failures: u32,
}

/// The sync layer of a read-only console: it can read, and has nothing to write with.
pub fn spawn(
    backend: Arc<dyn EcsRead>,
    clock: Arc<dyn Clock>,
    out: UnboundedSender<Msg>,
    options: SyncOptions,
) -> SyncHandle {
    spawn_with(backend, None, clock, out, options)
}

/// The sync layer, with the executor of changes when the console may make them.
pub fn spawn_with(
    backend: Arc<dyn EcsRead>,
    executor: Option<Arc<actions::Executor>>,
    clock: Arc<dyn Clock>,
    out: UnboundedSender<Msg>,
    options: SyncOptions,
) -> SyncHandle {
    let (tx, rx) = unbounded_channel();
    tokio::spawn(run(backend, executor, clock, out, rx, options));
    SyncHandle { tx }
}

async fn run(
    backend: Arc<dyn EcsRead>,
    executor: Option<Arc<actions::Executor>>,
    clock: Arc<dyn Clock>,
    out: UnboundedSender<Msg>,
    mut rx: UnboundedReceiver<Effect>,
    options: SyncOptions,
) {
    let mut sources: HashMap<Query, Source> = HashMap::new();
    let mut in_flight: JoinSet<(Query, Result<crate::model::Payload, FetchError>)> = JoinSet::new();
    // Queries with a request out, watched or not: never two at once for one query.
    let mut busy: std::collections::HashSet<Query> = std::collections::HashSet::new();
    let mut rng_state = options.seed;
    let mut readers: HashMap<u64, (tokio::task::AbortHandle, UnboundedSender<logs::LogCommand>)> =
        HashMap::new();
    // Custom commands running in the background, by pane id.
    let mut commands: HashMap<u64, tokio::task::AbortHandle> = HashMap::new();
    loop {
        let now = Instant::now();
        for (query, s) in sources.iter_mut() {
            if !s.in_flight && s.due <= now && !busy.contains(query) {
                s.in_flight = true;
                busy.insert(query.clone());
                let (backend, query, timeout, last, out) = (
                    backend.clone(),
                    query.clone(),
                    options.operation_timeout,
                    s.last.clone(),
                    out.clone(),
                );
                in_flight.spawn(async move {
                    let result =
                        guarded_fetch(backend.as_ref(), &query, timeout, Some(&last), &out).await;
                    (query, result)
                });
            }
        }
        let next_due = sources
            .values()
            .filter(|s| !s.in_flight)
            .map(|s| s.due)
            .min();
        // In this order when several are ready: effects (a new watch list first), answers,
        // then what fell due — the same inputs always make the same requests.
        tokio::select! {
            biased;
            effect = rx.recv() => match effect {
                None | Some(Effect::Quit) => break,
                Some(Effect::Copy(_)) => {}
                Some(Effect::OpenLogs(request)) => {
                    let id = request.id;
                    let report = out.clone();
                    let (commands, asked) = unbounded_channel();
                    let reader = logs::run(backend.clone(), clock.clone(), out.clone(), request, asked);
                    let task = tokio::spawn(async move {
                        if let Err(why) = AssertUnwindSafe(reader).catch_unwind().await {
                            let mut f = crate::model::LogFeed::new(crate::model::LogMode::Paused);
                            f.note = Some(format!("the log reader stopped on an internal error: {}", panic_text(why.as_ref())));
                            let _ = report.send(Msg::LogFeed { id, feed: f });
                        }
                    });
                    if let Some((old, _)) = readers.insert(id, (task.abort_handle(), commands)) { old.abort(); }
                }
                Some(Effect::Save { path, text, lines }) => {
                    let out = out.clone();
                    tokio::task::spawn_blocking(move || { let _ = out.send(logs::save(path, &text, lines)); });
                }
                Some(Effect::RunCommand { id, argv }) => {
                    let task = tokio::spawn(commands::run(id, argv, out.clone()));
                    commands.retain(|_, h| !h.is_finished());
                    if let Some(old) = commands.insert(id, task.abort_handle()) { old.abort(); }
                }
                Some(Effect::Audit(record)) => {
                    let failed = executor.as_ref().and_then(|e| e.audit(&record));
                    if let Some(text) = failed {
                        tracing::error!("{text}");
                        let _ = out.send(Msg::Notice { warn: true, text });
                    }
                }
                Some(Effect::StopCommand(id)) => {
                    if let Some(h) = commands.remove(&id) { h.abort(); }
                }
                Some(Effect::CloseLogs(id)) => {
                    if let Some((h, _)) = readers.remove(&id) { h.abort(); }
                }
                Some(Effect::MoreLogs { id, from, to, older }) => {
                    if let Some((_, commands)) = readers.get(&id) {
                        let _ = commands.send(logs::LogCommand::Read { from, to, older });
                    }
                }
                Some(Effect::Watch(list)) => {
                    sources.retain(|q, _| list.iter().any(|(w, _)| w == q));
                    for (query, every) in list {
                        let in_flight = busy.contains(&query);
                        let s = sources.entry(query).or_insert(Source { last: Default::default(), every, due: Instant::now(), in_flight, queued: false, failures: 0 });
                        // A shorter interval (events stopped covering it) is in force at once.
                        if every < s.every && s.failures == 0 {
                            s.due = s.due.min(Instant::now() + every);
                        }
                        s.every = every;
                    }
                }
                Some(Effect::Fetch(query)) => {
                    let (backend, out, clock, timeout) = (backend.clone(), out.clone(), clock.clone(), options.operation_timeout);
                    tokio::spawn(async move {
                        let result = guarded_fetch(backend.as_ref(), &query, timeout, None, &out).await;
                        let _ = out.send(Msg::Fetched { query, result, at: clock.now() });
                    });
                }
                Some(Effect::Describe { cluster, tasks, services }) => {
                    let (backend, out, clock, timeout) = (backend.clone(), out.clone(), clock.clone(), options.operation_timeout);
                    tokio::spawn(async move {
                        let msg = describe(backend.as_ref(), cluster, tasks, services, timeout, clock.now()).await;
                        let _ = out.send(msg);
                    });
                }
                Some(Effect::Mutate(mutation)) => {
                    let (out, clock) = (out.clone(), clock.clone());
                    match executor.clone() {
                        Some(exec) => {
                            tokio::spawn(async move {
                                let copy = mutation.clone();
                                let at = clock.now();
                                let msg = match AssertUnwindSafe(exec.run(mutation, at)).catch_unwind().await {
                                    Ok((result, audit_error)) => Msg::Mutated { result, audit_error },
                                    Err(why) => {
                                        let why = format!("internal error: {}", panic_text(why.as_ref()));
                                        let failed = copy.targets().into_iter().map(|t| (t, why.clone())).collect();
                                        let result = crate::model::MutationResult { mutation: copy, at, failed, session: None };
                                        Msg::Mutated { result, audit_error: Some(why) }
                                    }
                                };
                                let _ = out.send(msg);
                            });
                        }
                        None => {
                            // Unreachable from a read-only console, whose key map has no actions.
                            tracing::error!("a change was asked of a read-only console: {}", mutation.summary());
                            let failed = mutation.targets().into_iter().map(|t| (t, "read-only console".to_string())).collect();
                            let result = crate::model::MutationResult { mutation, at: clock.now(), failed, session: None };
                            let _ = out.send(Msg::Mutated { result, audit_error: None });
                        }
                    }
                }
                Some(Effect::Refresh(query)) => {
                    if let Some(s) = sources.get_mut(&query) {
                        if s.in_flight { s.queued = true } else { s.due = Instant::now() }
                    }
                }
            },
            Some(joined) = in_flight.join_next(), if !in_flight.is_empty() => {
                let Ok((query, result)) = joined else { continue };
                busy.remove(&query);
                let failed = result.as_ref().err().cloned();
                if out.send(Msg::Fetched { query: query.clone(), result, at: clock.now() }).is_err() {
                    break;
                }
                // A query no longer watched is done with.
                let Some(s) = sources.get_mut(&query) else { continue };
                s.in_flight = false;
                match failed {
                    None => {
                        s.failures = 0;
                        s.due = Instant::now() + s.every;
                    }
                    Some(err) => {
                        s.failures += 1;
                        rng_state = rng_state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                        let wait = backoff(s.every, s.failures, &err, (rng_state >> 33) as f64 / (1u64 << 31) as f64);
                        s.due = Instant::now() + wait;
                        let _ = out.send(Msg::Retrying { query: query.clone(), after: wait });
                    }
                }
                if s.queued {
                    s.queued = false;
                    s.due = Instant::now();
                }
            },
            _ = sleep_until(next_due) => {}
        }
    }
    for (h, _) in readers.into_values() {
        h.abort();
    }
}

/// One fetch with the operation timeout, and a panic inside it turned into an error for that
/// query — so that a bug in one answer's handling never leaves its query in flight forever. A
/// task listing's batches go out as they are answered; with the query's last answer, unchanged
/// tasks are swapped for the ones already held (batches and the whole answer alike).
async fn guarded_fetch(
    backend: &dyn EcsRead,
    query: &Query,
    timeout: Duration,
    last: Option<&shared::Last>,
    out: &UnboundedSender<Msg>,
) -> Result<crate::model::Payload, FetchError> {
    let sink = |mut batch: crate::backend::TaskBatch| {
        // The batch that completes the listing is followed at once by the whole answer.
        if batch.listing_done && batch.loaded >= batch.listed {
            return;
        }
        if let Some(last) = last {
            last.lock()
                .unwrap_or_else(|p| p.into_inner())
                .share(&mut batch.items);
        }
        let _ = out.send(Msg::TaskBatch {
            query: query.clone(),
            batch,
        });
    };
    let fetching = AssertUnwindSafe(tokio::time::timeout(
        timeout,
        fetch_in_batches(backend, query, &sink),
    ));
    match fetching.catch_unwind().await {
        Ok(Ok(Ok(mut payload))) => {
            if let Some(last) = last {
                shared::share_answer(last, &mut payload);
            }
            Ok(payload)
        }
        Ok(Ok(r)) => r,
        Ok(Err(_)) => Err(FetchError::Timeout(format!(
            "no answer within {}s",
            timeout.as_secs()
        ))),
        Err(why) => Err(FetchError::Other(format!(
            "internal error while reading {}: {} (details in --log-file)",
            query.label(),
            panic_text(why.as_ref())
        ))),
    }
}

/// A targeted describe: the tasks and services events named, each kind with the operation
/// timeout.
async fn describe(
    backend: &dyn EcsRead,
    cluster: String,
    tasks: Vec<String>,
    services: Vec<String>,
    timeout: Duration,
    at: crate::model::Timestamp,
) -> Msg {
    let late = || FetchError::Timeout(format!("no answer within {}s", timeout.as_secs()));
    let tasks = if tasks.is_empty() {
        None
    } else {
        Some(
            tokio::time::timeout(timeout, backend.tasks_by_arn(&cluster, &tasks))
                .await
                .unwrap_or_else(|_| Err(late())),
        )
    };
    let services = if services.is_empty() {
        None
    } else {
        Some(
            tokio::time::timeout(timeout, backend.services_by_name(&cluster, &services))
                .await
                .unwrap_or_else(|_| Err(late())),
        )
    };
    Msg::Described {
        cluster,
        tasks,
        services,
        at,
    }
}

/// The message a panic carried.
pub fn panic_text(why: &(dyn std::any::Any + Send)) -> String {
    why.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| why.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".into())
}

async fn sleep_until(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => futures::future::pending().await,
    }
}
