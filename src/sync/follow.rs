//! How a feed that follows a log group — a logs view, the events feed — moves between a live tail
//! and polling, for days: a live session that ends after its three hours is reconnected at once;
//! one that fails, ends at once or goes silent (a half-open connection, caught by a watchdog)
//! sends the feed to polling, and live is tried again with a growing wait (30 s up to 10 min);
//! a failing poll backs off (AccessDenied, throttling, a deleted group) instead of retrying every
//! 2 s; and where polling reads from ([`PollCursor`]) moves forward even under a flood.

use super::backoff::backoff;
use super::logs::{OVERLAP_MS, POLL_EVERY};
use crate::model::{FetchError, LogEvent, LogFeed};
use std::time::Duration;
use tokio::time::Instant;

/// A live session that delivers nothing — not even the empty update CloudWatch sends every
/// second — for this long is taken for dead.
pub const WATCHDOG: Duration = Duration::from_secs(15);
/// After live fails, try it again after this long, doubling each time…
pub const LIVE_RETRY_FIRST: Duration = Duration::from_secs(30);
/// …up to this.
pub const LIVE_RETRY_MAX: Duration = Duration::from_secs(600);

/// The live/polling state of one feed.
#[derive(Debug)]
pub struct Follow {
    live_failures: u32,
    live_at: Instant,
    poll_failures: u32,
    rng: u64,
}

impl Follow {
    pub fn new(seed: u64) -> Self {
        Self {
            live_failures: 0,
            live_at: Instant::now(),
            poll_failures: 0,
            rng: seed | 1,
        }
    }

    /// Whether live should be tried now.
    pub fn live_due(&self) -> bool {
        Instant::now() >= self.live_at
    }

    /// A session ran its course (CloudWatch ends one after three hours): reconnect at once.
    pub fn live_ended_well(&mut self) {
        self.live_failures = 0;
        self.live_at = Instant::now();
    }

    /// Live failed or ended at once: poll, and try live again after the returned wait.
    pub fn live_failed(&mut self) -> Duration {
        self.live_failures += 1;
        let wait = LIVE_RETRY_FIRST
            .saturating_mul(1 << (self.live_failures - 1).min(8))
            .min(LIVE_RETRY_MAX);
        self.live_at = Instant::now() + wait;
        wait
    }

    /// How long until live is tried again (zero when due).
    pub fn live_in(&self) -> Duration {
        self.live_at.saturating_duration_since(Instant::now())
    }

    /// A poll worked: the next one in the usual 2 s (or at once when behind).
    pub fn poll_ok(&mut self) {
        self.poll_failures = 0;
    }

    /// A poll failed: how long to wait before the next, backing off.
    pub fn poll_failed(&mut self, err: &FetchError) -> Duration {
        self.poll_failures += 1;
        self.rng = self
            .rng
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let unit = (self.rng >> 33) as f64 / (1u64 << 31) as f64;
        // A refusal or a missing group will not mend in 2 s: start higher.
        let floor = u32::from(matches!(err, FetchError::Auth(_) | FetchError::NotFound(_))) * 3;
        backoff(POLL_EVERY, self.poll_failures + floor, err, unit)
    }

    pub fn poll_failures(&self) -> u32 {
        self.poll_failures
    }

    /// After a poll — caught up (`Ok(true)`), behind (`Ok(false)`: read again at once) or
    /// failed — the wait before the next one, and what the feed says about it. `what` names the
    /// lines ("lines", "events").
    pub fn next_poll(
        &mut self,
        feed: &mut LogFeed,
        polled: Result<bool, &FetchError>,
        what: &str,
    ) -> Duration {
        match polled {
            Ok(true) => {
                self.poll_ok();
                POLL_EVERY
            }
            Ok(false) => {
                self.poll_ok();
                feed.note = Some(format!("catching up: more {what} than one read takes"));
                Duration::ZERO
            }
            Err(e) => {
                let wait = self.poll_failed(e);
                feed.note = Some(format!("{e} — next try in {}s", wait.as_secs().max(1)));
                wait
            }
        }
    }

    /// A note for the title while polling: when live is tried again.
    pub fn polling_note(&self, why: Option<&str>) -> String {
        let again = format!("live again in {}", human(self.live_in()));
        match why {
            Some(w) => format!("{w} — {again}"),
            None => again,
        }
    }
}

fn human(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 60 {
        format!("{}m", s.div_ceil(60))
    } else {
        format!("{s}s")
    }
}

/// Where the next poll reads from. Normally the newest line seen less an overlap (for lines that
/// arrive late). When a read came back full — more lines than one read takes, a flood — the next
/// read continues from the newest line of that read instead, at once, until it is caught up:
/// otherwise the start would never move and the view would show nothing new.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PollCursor {
    behind_from: Option<i64>,
}

impl PollCursor {
    /// The start of the next read.
    pub fn start(&self, newest_seen: Option<i64>, now_ms: i64, backlog_ms: i64) -> i64 {
        match self.behind_from {
            Some(from) => from,
            None => newest_seen
                .map_or(now_ms - backlog_ms, |n| n - OVERLAP_MS)
                .min(now_ms - OVERLAP_MS),
        }
    }

    /// After a read from `from` of at most `limit` lines: returns whether polling is caught up
    /// (false: read again at once).
    pub fn after_read(&mut self, events: &[LogEvent], from: i64, limit: usize) -> bool {
        if events.len() < limit {
            self.behind_from = None;
            return true;
        }
        let newest = events.iter().map(|e| e.timestamp).max().unwrap_or(from);
        // Every line of a full read in one millisecond: step past it rather than read it again.
        self.behind_from = Some(if newest <= from { from + 1 } else { newest });
        false
    }

    pub fn is_behind(&self) -> bool {
        self.behind_from.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(ts: i64) -> LogEvent {
        LogEvent {
            id: String::new(),
            timestamp: ts,
            ingested: None,
            group: "g".into(),
            stream: "s".into(),
            message: format!("line {ts}"),
        }
    }

    #[test]
    fn a_full_read_moves_the_start_to_its_newest_line_and_a_short_one_back_to_the_overlap() {
        let mut c = PollCursor::default();
        let now = 1_000_000;
        assert_eq!(c.start(Some(900_000), now, 60_000), 900_000 - OVERLAP_MS);
        let full: Vec<_> = (0..100).map(|i| ev(890_000 + i)).collect();
        assert!(!c.after_read(&full, 890_000, 100), "full: not caught up");
        assert_eq!(c.start(Some(900_000), now, 60_000), 890_099);
        assert!(c.after_read(&full[..10], 890_099, 100));
        assert_eq!(c.start(Some(900_000), now, 60_000), 900_000 - OVERLAP_MS);
    }

    #[test]
    fn a_full_read_within_one_millisecond_still_moves_on() {
        let mut c = PollCursor::default();
        let same: Vec<_> = (0..10).map(|_| ev(5_000)).collect();
        assert!(!c.after_read(&same, 5_000, 10));
        assert_eq!(c.start(None, 100_000, 60_000), 5_001);
    }

    #[tokio::test(start_paused = true)]
    async fn live_is_retried_with_a_growing_wait_and_at_once_after_a_session_ran_its_course() {
        let mut f = Follow::new(7);
        assert!(f.live_due());
        assert_eq!(f.live_failed(), Duration::from_secs(30));
        assert!(!f.live_due());
        assert_eq!(f.live_failed(), Duration::from_secs(60));
        for _ in 0..10 {
            f.live_failed();
        }
        assert_eq!(f.live_in(), LIVE_RETRY_MAX);
        tokio::time::advance(LIVE_RETRY_MAX).await;
        assert!(f.live_due(), "live is tried again, however often it failed");
        f.live_ended_well();
        assert!(f.live_due());
        assert_eq!(
            f.live_failed(),
            Duration::from_secs(30),
            "the wait starts over"
        );
    }

    #[test]
    fn failing_polls_back_off_and_refusals_start_high() {
        let mut f = Follow::new(1);
        let down = FetchError::Unavailable("x".into());
        let first = f.poll_failed(&down);
        assert!(first <= Duration::from_millis(2_400), "{first:?}");
        let later = (0..6)
            .map(|_| f.poll_failed(&down))
            .last()
            .unwrap_or_default();
        assert!(later >= Duration::from_secs(48), "{later:?}");
        f.poll_ok();
        let denied = FetchError::Auth("AccessDeniedException".into());
        assert!(f.poll_failed(&denied) >= Duration::from_secs(12));
        let mut g = Follow::new(2);
        let gone = FetchError::NotFound("ResourceNotFoundException".into());
        assert!(g.poll_failed(&gone) >= Duration::from_secs(12));
        let throttled = FetchError::Throttled("Rate exceeded".into());
        let mut h = Follow::new(3);
        assert!(h.poll_failed(&throttled) >= Duration::from_millis(3_200));
    }
}
