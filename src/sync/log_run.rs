//! A logs view's reader as a task: find the streams, read the first lines, then follow — a live
//! tail where the backend has one, polling where it must — and answer the view's `[` and `]` in
//! between, until the view closes.

use super::follow::{Follow, WATCHDOG};
use super::logs::{feed, lines, LogReader, BATCH_EVERY, BATCH_LINES, RESOLVE_EVERY, SHORT_SESSION};
use crate::backend::EcsRead;
use crate::clock::Clock;
use crate::model::{behind, sort_events, LogEvent, LogFeed, LogMode, LogScope, LogStart};
use crate::protocol::{LogRequest, Msg};
use futures::StreamExt;
use std::sync::Arc;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

/// Read a logs view's lines until the task is aborted (the view closed) or the console quits.
pub async fn run(
    backend: Arc<dyn EcsRead>,
    clock: Arc<dyn Clock>,
    out: UnboundedSender<Msg>,
    request: LogRequest,
    mut commands: UnboundedReceiver<LogCommand>,
) {
    let id = request.id;
    let now_ms = || clock.now().timestamp_millis();
    let send = |m: Msg| out.send(m).is_ok();
    let mut reader = LogReader::new(request);
    reader.progress = Some(out.clone());
    send(feed(id, LogFeed::new(LogMode::Loading)));
    let (msg, _) = reader.resolve(backend.as_ref()).await;
    let resolved = matches!(&msg, Msg::LogSources { sources: Ok(_), .. });
    if !send(msg) || !resolved {
        return;
    }
    send(reader.streams_msg());
    match reader.first(backend.as_ref(), now_ms()).await {
        Ok(events) => {
            for m in lines(id, events) {
                send(m);
            }
        }
        Err(e) => {
            let mut f = LogFeed::new(if reader.request.follow {
                LogMode::Polling
            } else {
                LogMode::Paused
            });
            f.note = Some(e.to_string());
            send(feed(id, f));
        }
    }
    // A listing that failed is said once, with what is done instead.
    if let Some(why) = reader.discovery.error.clone() {
        send(Msg::Notice {
            warn: true,
            text: format!(
                "{why} — reading the task definitions' streams as they are (see docs/iam.md)"
            ),
        });
    }
    let window_closed = matches!(reader.request.start, LogStart::Between { to: Some(_), .. });
    let idle_note = if reader.streams.is_empty() {
        Some("no CloudWatch Logs stream of these tasks has lines yet".to_string())
    } else if reader.stopped_at.is_some() {
        Some("the task has stopped: its last lines".to_string())
    } else if !reader.request.follow || window_closed || reader.request.pattern.is_some() {
        None
    } else {
        // Following.
        return follow_lines(reader, backend, clock, out, commands).await;
    };
    let mut f = LogFeed::new(LogMode::Paused);
    f.checked_at = Some(now_ms());
    f.note = idle_note;
    send(feed(id, f));
    // Not following: answer `[` and `]` until the view closes.
    while let Some(cmd) = commands.recv().await {
        if !answer(&reader, backend.as_ref(), &out, cmd).await {
            return;
        }
    }
}

/// What a logs view asks of its reader after it opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogCommand {
    /// The lines between two instants, older (`[`) or newer (`]`) than those shown.
    Read { from: i64, to: i64, older: bool },
}

/// Lines a `[` or `]` chunk holds at most.
pub const CHUNK_LINES: usize = 5_000;

/// Answer a command; false when the console is gone.
async fn answer(
    reader: &LogReader,
    backend: &dyn EcsRead,
    out: &UnboundedSender<Msg>,
    cmd: LogCommand,
) -> bool {
    let id = reader.request.id;
    let LogCommand::Read { from, to, older } = cmd;
    let pattern = reader.request.pattern.clone();
    // Older: the newest lines before what is shown (the chunk nearest to it); newer: the oldest
    // after it.
    match reader
        .read_window(
            backend,
            from,
            Some(to),
            pattern.as_deref(),
            CHUNK_LINES,
            older,
        )
        .await
    {
        Ok(events) if older => {
            // A full chunk reaches back only as far as its oldest line.
            let reached = if events.len() >= CHUNK_LINES {
                events.first().map_or(from, |e| e.timestamp)
            } else {
                from
            };
            out.send(Msg::LogOlder {
                id,
                events,
                from: reached,
            })
            .is_ok()
        }
        Ok(events) => lines(id, events).into_iter().all(|m| out.send(m).is_ok()),
        Err(e) => out
            .send(Msg::Notice {
                warn: true,
                text: format!("could not read more lines: {e}"),
            })
            .is_ok(),
    }
}

/// Follow new lines: live where the backend can, polling where it must; commands answered in
/// between.
async fn follow_lines(
    mut reader: LogReader,
    backend: Arc<dyn EcsRead>,
    clock: Arc<dyn Clock>,
    out: UnboundedSender<Msg>,
    mut commands: UnboundedReceiver<LogCommand>,
) {
    let id = reader.request.id;
    let now_ms = || clock.now().timestamp_millis();
    let send = |m: Msg| out.send(m).is_ok();
    let service = matches!(reader.request.scope, LogScope::Service { .. });
    let mut follow = Follow::new(id.wrapping_add(now_ms() as u64));
    let mut why: Option<String> = None;
    // None: not known yet; Some(false): this view cannot be followed live (too many groups, or
    // the backend has no live tail), so it polls for good.
    let mut has_live: Option<bool> = None;
    let mut last_resolve = tokio::time::Instant::now();
    loop {
        if has_live != Some(false) && follow.live_due() {
            match live(
                &mut reader,
                backend.as_ref(),
                &clock,
                &out,
                service,
                &mut commands,
            )
            .await
            {
                LiveEnd::Reconnect => {
                    has_live = Some(true);
                    follow.live_ended_well();
                    last_resolve = tokio::time::Instant::now();
                    continue;
                }
                LiveEnd::Closed => return,
                LiveEnd::Failed(w) => {
                    has_live = Some(true);
                    follow.live_failed();
                    why = Some(w);
                }
                LiveEnd::Unavailable(w) => {
                    has_live = Some(false);
                    why = w;
                }
            }
        }
        let mut f = LogFeed::new(LogMode::Polling);
        f.note = match has_live {
            Some(false) => why.clone(),
            _ => Some(follow.polling_note(why.as_deref())),
        };
        let wait = match reader.poll(backend.as_ref(), now_ms()).await {
            Ok((events, caught_up)) => {
                let now = now_ms();
                f.checked_at = Some(now);
                f.behind_ms = behind(&events, now);
                for m in lines(id, events) {
                    if !send(m) {
                        return;
                    }
                }
                follow.next_poll(&mut f, Ok(caught_up), "lines")
            }
            Err(e) => follow.next_poll(&mut f, Err(&e), "lines"),
        };
        if !send(feed(id, f)) {
            return;
        }
        let wake = tokio::time::Instant::now() + wait;
        loop {
            tokio::select! {
                biased;
                cmd = commands.recv() => match cmd {
                    Some(cmd) => {
                        if !answer(&reader, backend.as_ref(), &out, cmd).await {
                            return;
                        }
                    }
                    None => return,
                },
                () = tokio::time::sleep_until(wake) => break,
            }
        }
        if service && last_resolve.elapsed() >= RESOLVE_EVERY {
            last_resolve = tokio::time::Instant::now();
            let (msg, changed) = reader.resolve(backend.as_ref()).await;
            if !send(msg) || !send(reader.streams_msg()) {
                return;
            }
            if changed {
                if let Ok(events) = reader.catch_up(backend.as_ref(), now_ms()).await {
                    for m in lines(id, events) {
                        send(m);
                    }
                }
            }
        }
    }
}

enum LiveEnd {
    /// The session ended after a long run, or the streams changed: start another.
    Reconnect,
    /// The console is gone.
    Closed,
    /// The session failed, ended at once or went silent: poll, and try live again later.
    Failed(String),
    /// This view cannot be followed live at all: poll, saying why (if there is a why).
    Unavailable(Option<String>),
}

async fn live(
    reader: &mut LogReader,
    backend: &dyn EcsRead,
    clock: &Arc<dyn Clock>,
    out: &UnboundedSender<Msg>,
    service: bool,
    commands: &mut UnboundedReceiver<LogCommand>,
) -> LiveEnd {
    let id = reader.request.id;
    let Some(groups) = reader.live_groups() else {
        return LiveEnd::Unavailable(Some(format!(
            "{} log groups: more than a live tail takes",
            reader.by_group().len()
        )));
    };
    let names: Vec<String> = reader.streams.iter().map(|s| s.stream.clone()).collect();
    let mut session = match tokio::time::timeout(WATCHDOG, backend.live_tail(&groups, &names)).await
    {
        Ok(Ok(Some(s))) => s,
        Ok(Ok(None)) => return LiveEnd::Unavailable(None),
        Ok(Err(e)) => return LiveEnd::Failed(format!("no live tail: {e}")),
        Err(_) => {
            return LiveEnd::Failed(format!(
                "no live tail: no answer in {}s",
                WATCHDOG.as_secs()
            ))
        }
    };
    let started = tokio::time::Instant::now();
    // The watchdog: when the session was last heard from (CloudWatch sends an update a second).
    let mut heard = started;
    let mut pending: Vec<LogEvent> = Vec::new();
    let mut flush = tokio::time::interval(BATCH_EVERY);
    flush.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut resolve = tokio::time::interval_at(started + RESOLVE_EVERY, RESOLVE_EVERY);
    let mut f = LogFeed::new(LogMode::Live);
    f.checked_at = Some(clock.now().timestamp_millis());
    if out.send(feed(id, f.clone())).is_err() {
        return LiveEnd::Closed;
    }
    let end = loop {
        // In this order when several are ready at once (what arrived first, then the batch,
        // the watchdog last), so a session is never judged silent in the turn it delivers and
        // the same events always make the same batches.
        tokio::select! {
            biased;
            next = session.next() => match next {
                Some(Ok(batch)) => {
                    heard = tokio::time::Instant::now();
                    f.sampled = batch.sampled;
                    let batch: Vec<LogEvent> = batch.events.into_iter().filter(|e| reader.wants(e)).collect();
                    let now = clock.now().timestamp_millis();
                    f.checked_at = Some(now);
                    if let Some(b) = behind(&batch, now) {
                        f.behind_ms = Some(b);
                    }
                    pending.extend(reader.dedup.accept(batch));
                    if pending.len() >= BATCH_LINES {
                        sort_events(&mut pending);
                        for m in lines(id, std::mem::take(&mut pending)) {
                            if out.send(m).is_err() { return LiveEnd::Closed; }
                        }
                    }
                    if out.send(feed(id, f.clone())).is_err() { return LiveEnd::Closed; }
                }
                Some(Err(e)) => break LiveEnd::Failed(format!("live tail failed: {e}")),
                None if started.elapsed() < SHORT_SESSION => break LiveEnd::Failed("the live tail session ended at once".into()),
                None => break LiveEnd::Reconnect,
            },
            _ = flush.tick() => {
                if !pending.is_empty() {
                    sort_events(&mut pending);
                    for m in lines(id, std::mem::take(&mut pending)) {
                        if out.send(m).is_err() { return LiveEnd::Closed; }
                    }
                }
            }
            cmd = commands.recv() => match cmd {
                Some(cmd) => {
                    if !answer(reader, backend, out, cmd).await { return LiveEnd::Closed; }
                }
                None => return LiveEnd::Closed,
            },
            _ = resolve.tick(), if service => {
                let (msg, changed) = reader.resolve(backend).await;
                if out.send(msg).is_err() || out.send(reader.streams_msg()).is_err() { return LiveEnd::Closed; }
                if changed {
                    if let Ok(events) = reader.catch_up(backend, clock.now().timestamp_millis()).await {
                        pending.extend(events);
                    }
                    break LiveEnd::Reconnect;
                }
            }
            () = tokio::time::sleep_until(heard + WATCHDOG) => {
                break LiveEnd::Failed(format!("the live tail went silent for {}s", WATCHDOG.as_secs()));
            }
        }
    };
    if !pending.is_empty() {
        sort_events(&mut pending);
        for m in lines(id, pending) {
            if out.send(m).is_err() {
                return LiveEnd::Closed;
            }
        }
    }
    end
}
