//! The time window a logs view can be asked to read (`W`): `14:05..14:20`, `-2h..-90m`,
//! `2026-12-01T23:50Z..`, `09:00Z..now`. Times without a zone are local (the console's offset);
//! `Z` or `UTC` makes them UTC. A clock time later than now means yesterday's. An open end reads
//! up to now and then follows.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

/// A window: from, and to (none: up to now, then following), in ms since the epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub from: i64,
    pub to: Option<i64>,
}

const EXAMPLES: &str = "e.g. 14:05..14:20, -2h..-90m, 2026-12-01T23:50Z..";

/// Read a window as typed; an error says what was understood and what was not.
pub fn parse(text: &str, now: DateTime<Utc>, local: FixedOffset) -> Result<Window, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(format!("type a window ({EXAMPLES})"));
    }
    let (left, right) = match text.split_once("..") {
        Some((l, r)) => (l.trim(), r.trim()),
        None => (text, ""),
    };
    if left.is_empty() {
        return Err(format!("the window needs a start ({EXAMPLES})"));
    }
    let from = instant(left, now, local).map_err(|e| format!("{e} ({EXAMPLES})"))?;
    let to = match right {
        "" | "now" => None,
        r => Some(instant(r, now, local).map_err(|e| {
            format!(
                "understood the start as {}; not the end: {e} ({EXAMPLES})",
                shown(from, local)
            )
        })?),
    };
    if from > now {
        return Err(format!(
            "the window starts in the future ({})",
            shown(from, local)
        ));
    }
    if let Some(to) = to {
        if to < from {
            return Err(format!(
                "the window ends ({}) before it starts ({})",
                shown(to, local),
                shown(from, local)
            ));
        }
    }
    // An end at or after now is an open end: up to now, then following.
    let to = to.filter(|t| *t < now);
    Ok(Window {
        from: from.timestamp_millis(),
        to: to.map(|t| t.timestamp_millis()),
    })
}

/// How a window's instant is shown: in the console's zone, with the zone named.
pub fn shown(t: DateTime<Utc>, local: FixedOffset) -> String {
    if local.local_minus_utc() == 0 {
        t.format("%Y-%m-%d %H:%M:%S UTC").to_string()
    } else {
        t.with_timezone(&local)
            .format("%Y-%m-%d %H:%M:%S %:z")
            .to_string()
    }
}

/// A window in the title: `14:05:00–14:20:00 UTC`, the date when it is not today's.
pub fn label(w: Window, now: DateTime<Utc>, local: FixedOffset) -> String {
    let zone = if local.local_minus_utc() == 0 {
        "UTC".to_string()
    } else {
        local.to_string()
    };
    let at = |ms: i64| {
        let t = DateTime::from_timestamp_millis(ms)
            .unwrap_or(now)
            .with_timezone(&local);
        if t.date_naive() == now.with_timezone(&local).date_naive() {
            t.format("%H:%M:%S").to_string()
        } else {
            t.format("%Y-%m-%d %H:%M:%S").to_string()
        }
    };
    match w.to {
        Some(to) => format!("{}–{} {zone}", at(w.from), at(to)),
        None => format!("{} {zone} → now", at(w.from)),
    }
}

fn instant(s: &str, now: DateTime<Utc>, local: FixedOffset) -> Result<DateTime<Utc>, String> {
    if s == "now" {
        return Ok(now);
    }
    if let Some(rel) = s.strip_prefix('-') {
        return relative(rel).map(|d| now - d);
    }
    // A zone at the end: Z, UTC, or an offset (+01:00).
    let (body, zone) = if let Some(b) = s.strip_suffix('Z').or_else(|| s.strip_suffix(" UTC")) {
        (b.trim(), Some(FixedOffset::east_opt(0).unwrap_or(local)))
    } else if let Some(b) = s.strip_suffix("UTC") {
        (b.trim(), Some(FixedOffset::east_opt(0).unwrap_or(local)))
    } else if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Ok(dt.with_timezone(&Utc));
    } else if let Ok(dt) = DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M%:z") {
        return Ok(dt.with_timezone(&Utc));
    } else {
        (s, None)
    };
    let tz = zone.unwrap_or(local);
    // A date and a time.
    for f in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(body, f) {
            return in_zone(naive, tz);
        }
    }
    if let Ok(date) = NaiveDate::parse_from_str(body, "%Y-%m-%d") {
        return in_zone(date.and_time(NaiveTime::MIN), tz);
    }
    // A clock time: today in that zone, or yesterday if that is still to come.
    for f in ["%H:%M:%S", "%H:%M"] {
        if let Ok(time) = NaiveTime::parse_from_str(body, f) {
            let today = now.with_timezone(&tz).date_naive();
            let t = in_zone(today.and_time(time), tz)?;
            return Ok(if t > now { t - Duration::days(1) } else { t });
        }
    }
    Err(format!("`{s}` is not a time"))
}

fn in_zone(naive: NaiveDateTime, tz: FixedOffset) -> Result<DateTime<Utc>, String> {
    tz.from_local_datetime(&naive)
        .single()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| format!("{naive} is not a time in {tz}"))
}

/// `2h`, `90m`, `1h30m`, `45s`, `1d`.
fn relative(s: &str) -> Result<Duration, String> {
    let mut total = Duration::zero();
    let mut number = String::new();
    let mut any = false;
    for c in s.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let n: i64 = number
            .parse()
            .map_err(|_| format!("`-{s}` is not a time before now (e.g. -2h, -90m, -1h30m)"))?;
        number.clear();
        total += match c {
            'd' => Duration::days(n),
            'h' => Duration::hours(n),
            'm' => Duration::minutes(n),
            's' => Duration::seconds(n),
            _ => return Err(format!("`-{s}`: `{c}` is not a unit (d, h, m, s)")),
        };
        any = true;
    }
    if !number.is_empty() || !any {
        return Err(format!("`-{s}` needs a unit (d, h, m, s), e.g. -2h, -90m"));
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 2, 14, 30, 0).unwrap()
    }
    fn utc() -> FixedOffset {
        FixedOffset::east_opt(0).unwrap()
    }
    fn cet() -> FixedOffset {
        FixedOffset::east_opt(3600).unwrap()
    }
    fn ms(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> i64 {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0)
            .unwrap()
            .timestamp_millis()
    }

    #[test]
    fn clock_times_today_in_the_local_zone_or_utc() {
        let w = parse("14:05..14:20", now(), utc()).unwrap();
        assert_eq!(w.from, ms(2026, 12, 2, 14, 5));
        assert_eq!(w.to, Some(ms(2026, 12, 2, 14, 20)));
        // Local 14:05 in UTC+1 is 13:05 UTC.
        let w = parse("14:05..14:20", now(), cet()).unwrap();
        assert_eq!(w.from, ms(2026, 12, 2, 13, 5));
        // With Z, UTC whatever the console's zone.
        let w = parse("14:05Z..14:20Z", now(), cet()).unwrap();
        assert_eq!(w.from, ms(2026, 12, 2, 14, 5));
        // A clock time still to come today is yesterday's.
        let w = parse("23:50..", now(), utc()).unwrap();
        assert_eq!(w.from, ms(2026, 12, 1, 23, 50));
        assert_eq!(w.to, None, "open: up to now, then following");
    }

    #[test]
    fn relative_and_absolute_instants() {
        let w = parse("-2h..-90m", now(), utc()).unwrap();
        assert_eq!(w.from, ms(2026, 12, 2, 12, 30));
        assert_eq!(w.to, Some(ms(2026, 12, 2, 13, 0)));
        let w = parse("-1h30m..now", now(), utc()).unwrap();
        assert_eq!(w.from, ms(2026, 12, 2, 13, 0));
        assert_eq!(w.to, None);
        let w = parse("2026-12-01T23:50Z..", now(), cet()).unwrap();
        assert_eq!(w.from, ms(2026, 12, 1, 23, 50));
        let w = parse("2026-12-01T23:50:00+01:00..2026-12-02 01:00", now(), cet()).unwrap();
        assert_eq!(w.from, ms(2026, 12, 1, 22, 50));
        assert_eq!(w.to, Some(ms(2026, 12, 2, 0, 0)));
        // A start alone: from then on.
        assert_eq!(parse("-15m", now(), utc()).unwrap().to, None);
        // An end after now is an open end.
        assert_eq!(
            parse("14:00Z..2026-12-03T00:00Z", now(), utc()).unwrap().to,
            None
        );
    }

    #[test]
    fn bad_windows_are_explained() {
        let e = parse("14:05..14:2x", now(), utc()).unwrap_err();
        assert!(
            e.contains("understood the start as 2026-12-02 14:05:00 UTC"),
            "{e}"
        );
        assert!(e.contains("`14:2x` is not a time"), "{e}");
        let e = parse("yesterday", now(), utc()).unwrap_err();
        assert!(e.contains("`yesterday` is not a time"), "{e}");
        let e = parse("-2x", now(), utc()).unwrap_err();
        assert!(e.contains("`x` is not a unit"), "{e}");
        let e = parse("-90", now(), utc()).unwrap_err();
        assert!(e.contains("needs a unit"), "{e}");
        let e = parse("14:20Z..14:05Z", now(), utc()).unwrap_err();
        assert!(e.contains("ends") && e.contains("before it starts"), "{e}");
        let e = parse("2026-12-03T00:00Z..", now(), utc()).unwrap_err();
        assert!(e.contains("starts in the future"), "{e}");
        assert!(parse("", now(), utc()).is_err());
        assert!(parse("..14:00", now(), utc())
            .unwrap_err()
            .contains("needs a start"));
    }

    #[test]
    fn the_label_names_the_zone() {
        let w = parse("14:05Z..14:20Z", now(), utc()).unwrap();
        assert_eq!(label(w, now(), utc()), "14:05:00–14:20:00 UTC");
        assert_eq!(label(w, now(), cet()), "15:05:00–15:20:00 +01:00");
        let w = parse("2026-12-01T23:50Z..", now(), utc()).unwrap();
        assert_eq!(label(w, now(), utc()), "2026-12-01 23:50:00 UTC → now");
    }
}
