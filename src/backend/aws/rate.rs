//! A token bucket for the console's own API calls. The ECS read budget (about 20 calls a second,
//! burst 50–100) is shared by every tool of the account; the console takes at most half of it.

use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

/// Calls a second, sustained.
pub const RATE: f64 = 10.0;
/// Calls at once after a quiet spell.
pub const BURST: f64 = 20.0;
/// CloudWatch Logs calls a second (FilterLogEvents allows 5 for the whole account).
pub const LOGS_RATE: f64 = 4.0;
pub const LOGS_BURST: f64 = 8.0;

pub struct RateLimiter {
    state: Mutex<(f64, Instant)>,
    rate: f64,
    burst: f64,
}

impl RateLimiter {
    pub fn new(rate: f64, burst: f64) -> Self {
        Self {
            state: Mutex::new((burst, Instant::now())),
            rate,
            burst,
        }
    }

    /// Wait until a call may start.
    pub async fn acquire(&self) {
        loop {
            let wait = {
                let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
                let now = Instant::now();
                let (tokens, last) = *s;
                let tokens =
                    (tokens + now.duration_since(last).as_secs_f64() * self.rate).min(self.burst);
                if tokens >= 1.0 {
                    *s = (tokens - 1.0, now);
                    return;
                }
                *s = (tokens, now);
                Duration::from_secs_f64((1.0 - tokens) / self.rate)
            };
            tokio::time::sleep(wait).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn bursts_then_paces() {
        let limiter = RateLimiter::new(10.0, 20.0);
        let start = Instant::now();
        for _ in 0..20 {
            limiter.acquire().await;
        }
        assert!(
            start.elapsed() < Duration::from_millis(1),
            "the burst is free"
        );
        for _ in 0..10 {
            limiter.acquire().await;
        }
        let took = start.elapsed();
        assert!(
            took >= Duration::from_millis(990) && took <= Duration::from_millis(1100),
            "{took:?}"
        );
    }
}
