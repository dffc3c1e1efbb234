//! Reading ECS state-change events from the log group an EventBridge rule writes them to: a live
//! tail where the backend has one, else FilterLogEvents over the whole group every two seconds
//! with an overlap window. Each line is one event's JSON; they are parsed here (leniently) and
//! handed to the console in batches, with the feed's state.

use crate::app::Msg;
use crate::backend::EcsRead;
use crate::clock::Clock;
use crate::model::{behind, parse_event, EcsEvent, LogEvent, LogFeed, LogMode};
use crate::sync::logs::{Dedup, BATCH_EVERY, OVERLAP_MS, POLL_EVERY, SHORT_SESSION};
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

/// Read the group until aborted or the console is gone.
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
    let mut note = None;
    loop {
        match backend
            .live_tail(&[(group.name.clone(), group.arn.clone())], &[])
            .await
        {
            Ok(Some(mut session)) => {
                let started = tokio::time::Instant::now();
                let mut f = LogFeed::new(LogMode::Live);
                f.checked_at = Some(now_ms());
                if out.send(Msg::EventsFeed(f.clone())).is_err() {
                    return;
                }
                let mut pending: Vec<LogEvent> = Vec::new();
                let mut flush = tokio::time::interval(BATCH_EVERY);
                let ended = loop {
                    tokio::select! {
                        next = session.next() => match next {
                            Some(Ok(batch)) => {
                                let now = now_ms();
                                f.checked_at = Some(now);
                                if let Some(b) = behind(&batch, now) { f.behind_ms = Some(b); }
                                pending.extend(dedup.accept(batch));
                                if out.send(Msg::EventsFeed(f.clone())).is_err() { return; }
                            }
                            Some(Err(e)) => break Some(format!("live tail failed: {e}")),
                            None if started.elapsed() < SHORT_SESSION => break Some("the live tail session ended at once: polling every 2 s instead".to_string()),
                            None => break None,
                        },
                        _ = flush.tick() => {
                            if !pending.is_empty() && !send_events(&out, std::mem::take(&mut pending)) { return; }
                        }
                    }
                };
                if !send_events(&out, pending) {
                    return;
                }
                match ended {
                    None => continue,
                    Some(why) => {
                        note = Some(why);
                        break;
                    }
                }
            }
            Ok(None) => break,
            Err(e) => {
                note = Some(format!("no live tail: {e}"));
                break;
            }
        }
    }
    loop {
        let mut f = LogFeed::new(LogMode::Polling);
        f.note = note.clone();
        let now = now_ms();
        let from = dedup
            .newest
            .map_or(now - BACKLOG_MS, |n| n - OVERLAP_MS)
            .min(now - OVERLAP_MS);
        match backend.log_events(&group.name, &[], from, 10_000).await {
            Ok(lines) => {
                f.checked_at = Some(now_ms());
                let lines = dedup.accept(lines);
                f.behind_ms = behind(&lines, now_ms());
                if !send_events(&out, lines) {
                    return;
                }
            }
            Err(e) => f.note = Some(e.to_string()),
        }
        if out.send(Msg::EventsFeed(f)).is_err() {
            return;
        }
        tokio::time::sleep(POLL_EVERY).await;
    }
}
