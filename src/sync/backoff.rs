use crate::model::FetchError;
use std::time::Duration;

/// The longest wait between tries of a failing query.
pub const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// How long to wait before trying a failing query again: the refresh interval doubled per
/// consecutive failure (throttling starts a step higher), capped at a minute, with ±20% jitter so
/// that many consoles do not retry in step. `unit` is a random number in [0, 1).
pub fn backoff(every: Duration, failures: u32, err: &FetchError, unit: f64) -> Duration {
    let step = failures.saturating_sub(1) + u32::from(matches!(err, FetchError::Throttled(_)));
    let base = every.saturating_mul(1u32 << step.min(16)).min(MAX_BACKOFF);
    let jitter = 0.8 + 0.4 * unit.clamp(0.0, 1.0);
    base.mul_f64(jitter).min(MAX_BACKOFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_per_failure_up_to_a_minute_with_bounded_jitter() {
        let e = FetchError::Unavailable("down".into());
        let five = Duration::from_secs(5);
        assert_eq!(backoff(five, 1, &e, 0.5), Duration::from_secs(5));
        assert_eq!(backoff(five, 2, &e, 0.5), Duration::from_secs(10));
        assert_eq!(backoff(five, 3, &e, 0.5), Duration::from_secs(20));
        assert_eq!(backoff(five, 30, &e, 0.5), MAX_BACKOFF);
        assert_eq!(backoff(five, 1, &e, 0.0), Duration::from_secs(4));
        assert_eq!(backoff(five, 1, &e, 0.999_999).as_secs(), 5);
        let throttled = FetchError::Throttled("Rate exceeded".into());
        assert_eq!(backoff(five, 1, &throttled, 0.5), Duration::from_secs(10));
    }
}
