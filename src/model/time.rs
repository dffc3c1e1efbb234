use chrono::{DateTime, Utc};

pub type Timestamp = DateTime<Utc>;

/// Age in the compact form operators know from kubectl and k9s: `42s`, `7m`, `3h12m`, `5d4h`.
/// A timestamp in the future (clock skew) reads as `0s`.
pub fn format_age(from: Timestamp, now: Timestamp) -> String {
    let secs = (now - from).num_seconds().max(0);
    match secs {
        s if s < 60 => format!("{s}s"),
        s if s < 3600 => format!("{}m", s / 60),
        s if s < 86_400 => {
            let (h, m) = (s / 3600, (s % 3600) / 60);
            if m == 0 {
                format!("{h}h")
            } else {
                format!("{h}h{m}m")
            }
        }
        s => {
            let (d, h) = (s / 86_400, (s % 86_400) / 3600);
            if h == 0 {
                format!("{d}d")
            } else {
                format!("{d}d{h}h")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn ages_read_like_kubectl() {
        let now = crate::clock::fixed_epoch();
        let ago = |s: i64| format_age(now - Duration::seconds(s), now);
        assert_eq!(ago(0), "0s");
        assert_eq!(ago(59), "59s");
        assert_eq!(ago(60), "1m");
        assert_eq!(ago(3599), "59m");
        assert_eq!(ago(3600), "1h");
        assert_eq!(ago(3600 + 12 * 60), "1h12m");
        assert_eq!(ago(86_400 * 5 + 3600 * 4), "5d4h");
        assert_eq!(ago(-30), "0s");
    }
}
