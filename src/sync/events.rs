//! Reading ECS state-change events from the log group an EventBridge rule writes them to: a live
//! tail where the backend has one, else FilterLogEvents over the whole group every two seconds
//! with an overlap window, back to live when it can (`sync::follow`). Each line is one event's JSON; they are parsed here (leniently) and
//! handed to the console in batches, with the feed's state.

use crate::backend::EcsRead;
use crate::clock::Clock;
use crate::model::{behind, parse_event, EcsEvent, LogEvent, LogFeed, LogMode};
use crate::protocol::Msg;
use crate::sync::follow::{Follow, PollCursor, WATCHDOG};
use crate::sync::logs::{Dedup, BATCH_EVERY, SHORT_SESSION};
use futures::StreamExt;
use std::sync::Arc;
use tokio::sync::mpsc::UnboundedSender;

/// Events this old are read when the feed starts (what happened just before the console opened).
pub const BACKLOG_MS: i64 = 5 * 60 * 1000;

/// Where events come from: a log group, by name and ARN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventsGroup {
    pub name: String,
    pub arn: String,
}

/// Parse a batch of log lines into events; lines that are not JSON objects are skipped.
pub fn parse_lines(lines: &[LogEvent]) -> Vec<EcsEvent> {
    lines
        .iter()
        .filter_map(|l| parse_event(&l.message))
        .collect()
}

fn send_events(out: &UnboundedSender<Msg>, lines: Vec<LogEvent>) -> bool {
    let events = parse_lines(&lines);
    events.is_empty() || out.send(Msg::EcsEvents(events)).is_ok()
}

/// How one live session ended.
enum LiveEnd {
    /// It ran its course (three hours): reconnect at once.
    Over,
    /// It failed, ended at once, or went silent: poll, saying why.
    Failed(String),
    /// The console is gone.
    Closed,
}

/// Read the group until aborted or the console is gone: live where it can, polling where it
/// must, back to live when it can again.
pub async fn run(
    backend: Arc<dyn EcsRead>,
    clock: Arc<dyn Clock>,
    out: UnboundedSender<Msg>,
    group: EventsGroup,
) {
    let now_ms = || clock.now().timestamp_millis();
    let mut dedup = Dedup::default();
    // What happened just before: read once, then follow.
    match backend
        .log_events(&group.name, &[], now_ms() - BACKLOG_MS, 10_000)
        .await
    {
        Ok(lines) => {
            let lines = dedup.accept(lines);
            if !send_events(&out, lines) {
                return;
            }
        }
        Err(e) => {
            let mut f = LogFeed::new(LogMode::Polling);
            f.note = Some(e.to_string());
            if out.send(Msg::EventsFeed(f)).is_err() {
                return;
            }
        }
    }
    let mut follow = Follow::new(now_ms() as u64);
    let mut cursor = PollCursor::default();
    let mut why: Option<String> = None;
    let mut has_live = true;
    loop {
        if has_live && follow.live_due() {
            match live(backend.as_ref(), &clock, &out, &group, &mut dedup).await {
                Ok(LiveEnd::Over) => {
                    follow.live_ended_well();
                    continue;
                }
                Ok(LiveEnd::Closed) => return,
                Ok(LiveEnd::Failed(w)) => {
                    follow.live_failed();
                    why = Some(w);
                }
                Err(()) => {
                    // This backend has no live tail at all: poll for good.
                    has_live = false;
                    why = None;
                }
            }
        }
        // Poll until live is due again.
        let mut f = LogFeed::new(LogMode::Polling);
        f.note = has_live.then(|| follow.polling_note(why.as_deref()));
        let now = now_ms();
        let from = cursor.start(dedup.newest, now, BACKLOG_MS);
        let wait = match backend.log_events(&group.name, &[], from, READ_LIMIT).await {
            Ok(lines) => {
                let caught_up = cursor.after_read(&lines, from, READ_LIMIT);
                f.checked_at = Some(now_ms());
                let lines = dedup.accept(lines);
                f.behind_ms = behind(&lines, now_ms());
                if !send_events(&out, lines) {
                    return;
                }
                follow.next_poll(&mut f, Ok(caught_up), "events")
            }
            Err(e) => follow.next_poll(&mut f, Err(&e), "events"),
        };
        if out.send(Msg::EventsFeed(f)).is_err() {
            return;
        }
        tokio::time::sleep(wait).await;
    }
}

/// At most this many events a poll.
const READ_LIMIT: usize = 10_000;

/// One live session, until it ends. `Err(())`: the backend has no live tail.
async fn live(
    backend: &dyn EcsRead,
    clock: &Arc<dyn Clock>,
    out: &UnboundedSender<Msg>,
    group: &EventsGroup,
    dedup: &mut Dedup,
) -> Result<LiveEnd, ()> {
    let now_ms = || clock.now().timestamp_millis();
    let groups = [(group.name.clone(), group.arn.clone())];
    let mut session = match tokio::time::timeout(WATCHDOG, backend.live_tail(&groups, &[])).await {
        Ok(Ok(Some(s))) => s,
        Ok(Ok(None)) => return Err(()),
        Ok(Err(e)) => return Ok(LiveEnd::Failed(format!("no live tail: {e}"))),
        Err(_) => {
            return Ok(LiveEnd::Failed(format!(
                "no live tail: no answer in {}s",
                WATCHDOG.as_secs()
            )))
        }
    };
    let started = tokio::time::Instant::now();
    // The watchdog: when the session was last heard from (CloudWatch sends an update a second).
    let mut heard = started;
    let mut f = LogFeed::new(LogMode::Live);
    f.checked_at = Some(now_ms());
    if out.send(Msg::EventsFeed(f.clone())).is_err() {
        return Ok(LiveEnd::Closed);
    }
    let mut pending: Vec<LogEvent> = Vec::new();
    let mut flush = tokio::time::interval(BATCH_EVERY);
    let ended = loop {
        // In this order when several are ready at once (what arrived first, then the batch,
        // the watchdog last), so a session is never judged silent in the turn it delivers and
        // the same events always make the same batches.
        tokio::select! {
            biased;
            next = session.next() => match next {
                Some(Ok(batch)) => {
                    heard = tokio::time::Instant::now();
                    let now = now_ms();
                    f.checked_at = Some(now);
                    f.sampled = batch.sampled;
                    if let Some(b) = behind(&batch.events, now) { f.behind_ms = Some(b); }
                    pending.extend(dedup.accept(batch.events));
                    if out.send(Msg::EventsFeed(f.clone())).is_err() { return Ok(LiveEnd::Closed); }
                }
                Some(Err(e)) => break LiveEnd::Failed(format!("live tail failed: {e}")),
                None if started.elapsed() < SHORT_SESSION => break LiveEnd::Failed("the live tail session ended at once".to_string()),
                None => break LiveEnd::Over,
            },
            _ = flush.tick() => {
                if !pending.is_empty() && !send_events(out, std::mem::take(&mut pending)) { return Ok(LiveEnd::Closed); }
            }
            () = tokio::time::sleep_until(heard + WATCHDOG) => {
                break LiveEnd::Failed(format!("the live tail went silent for {}s", WATCHDOG.as_secs()));
            }
        }
    };
    if !send_events(out, pending) {
        return Ok(LiveEnd::Closed);
    }
    Ok(ended)
}
