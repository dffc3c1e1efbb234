//! When an Application Auto Scaling schedule runs next: `at(…)` once, `rate(N unit)` from its
//! start, `cron(minutes hours day-of-month month day-of-week year)` in its time zone — the AWS
//! form, where one of the two day fields is `?` and days of the week count from 1 = Sunday. What
//! is not understood (`L`, `W`, `#`) has no next run rather than a wrong one.

use super::Timestamp;
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Timelike};

/// How far ahead a `cron` schedule is looked at for its next run.
const HORIZON_DAYS: i64 = 366 * 4;

/// The next run after `now` (None when the schedule is past, unknown, or beyond the horizon).
pub fn next_run(
    schedule: &str,
    zone: Option<&str>,
    start: Option<Timestamp>,
    now: Timestamp,
) -> Option<Timestamp> {
    let s = schedule.trim();
    if let Some(inner) = s.strip_prefix("at(").and_then(|r| r.strip_suffix(')')) {
        let local = NaiveDateTime::parse_from_str(inner, "%Y-%m-%dT%H:%M:%S").ok()?;
        let at = in_zone(local, zone)?;
        return (at > now).then_some(at);
    }
    if let Some(inner) = s.strip_prefix("rate(").and_then(|r| r.strip_suffix(')')) {
        let (n, unit) = inner.trim().split_once(' ')?;
        let n: i64 = n.parse().ok().filter(|n| *n > 0)?;
        let step = match unit.trim().trim_end_matches('s') {
            "minute" => Duration::minutes(n),
            "hour" => Duration::hours(n),
            "day" => Duration::days(n),
            _ => return None,
        };
        let start = start?;
        if start > now {
            return Some(start);
        }
        let steps = (now - start).num_seconds() / step.num_seconds() + 1;
        return Some(start + step * i32::try_from(steps).ok()?);
    }
    let inner = s.strip_prefix("cron(").and_then(|r| r.strip_suffix(')'))?;
    Cron::parse(inner)?.next_after(zone, now)
}

/// A local time in a zone (IANA name; none means UTC), as an instant.
fn in_zone(local: NaiveDateTime, zone: Option<&str>) -> Option<Timestamp> {
    match zone.filter(|z| !z.is_empty() && *z != "UTC") {
        None => Some(local.and_utc()),
        Some(z) => {
            let tz: chrono_tz::Tz = z.parse().ok()?;
            // A local time skipped by a clock change does not happen; one repeated, first.
            tz.from_local_datetime(&local)
                .earliest()
                .map(|t| t.with_timezone(&chrono::Utc))
        }
    }
}

/// One field: the values it allows.
#[derive(Debug)]
struct Field(Vec<u32>);

impl Field {
    fn parse(text: &str, lo: u32, hi: u32, names: &[&str], offset: u32) -> Option<Field> {
        let value = |v: &str| -> Option<u32> {
            let upper = v.to_ascii_uppercase();
            if let Some(i) = names.iter().position(|n| *n == upper) {
                return Some(i as u32 + offset);
            }
            v.parse().ok().filter(|n| (lo..=hi).contains(n))
        };
        let mut out = Vec::new();
        for part in text.split(',') {
            let (range, step) = match part.split_once('/') {
                Some((r, s)) => (r, s.parse::<u32>().ok().filter(|s| *s > 0)?),
                None => (part, 1),
            };
            let (from, to) = match range {
                "*" | "?" => (lo, hi),
                r => match r.split_once('-') {
                    Some((a, b)) => (value(a)?, value(b)?),
                    // `5/15`: from 5 to the end, every 15.
                    None if step > 1 => (value(r)?, hi),
                    None => (value(r)?, value(r)?),
                },
            };
            if from > to {
                return None;
            }
            out.extend((from..=to).step_by(step as usize));
        }
        out.sort_unstable();
        out.dedup();
        Some(Field(out))
    }

    fn has(&self, v: u32) -> bool {
        self.0.binary_search(&v).is_ok()
    }
}

#[derive(Debug)]
struct Cron {
    minutes: Field,
    hours: Field,
    /// None: `?` (the day of the week decides).
    days: Option<Field>,
    months: Field,
    /// 1 = Sunday … 7 = Saturday; None: `?`.
    weekdays: Option<Field>,
    years: Field,
}

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const WEEKDAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

impl Cron {
    fn parse(text: &str) -> Option<Cron> {
        let f: Vec<&str> = text.split_whitespace().collect();
        let [mi, h, dom, mo, dow, y] = f.as_slice() else {
            return None;
        };
        let day_field = |t: &str, lo, hi, names: &[&str], offset| -> Option<Option<Field>> {
            if t == "?" {
                Some(None)
            } else {
                Field::parse(t, lo, hi, names, offset).map(Some)
            }
        };
        Some(Cron {
            minutes: Field::parse(mi, 0, 59, &[], 0)?,
            hours: Field::parse(h, 0, 23, &[], 0)?,
            days: day_field(dom, 1, 31, &[], 0)?,
            months: Field::parse(mo, 1, 12, &MONTHS, 1)?,
            weekdays: day_field(dow, 1, 7, &WEEKDAYS, 1)?,
            years: Field::parse(y, 1970, 2199, &[], 0)?,
        })
    }

    fn day_matches(&self, d: NaiveDate) -> bool {
        let weekday = d.weekday().num_days_from_sunday() + 1;
        self.years.has(d.year() as u32)
            && self.months.has(d.month())
            && self.days.as_ref().is_none_or(|f| f.has(d.day()))
            && self.weekdays.as_ref().is_none_or(|f| f.has(weekday))
    }

    fn next_after(&self, zone: Option<&str>, now: Timestamp) -> Option<Timestamp> {
        let tz: Option<chrono_tz::Tz> = match zone.filter(|z| !z.is_empty() && *z != "UTC") {
            None => None,
            Some(z) => Some(z.parse().ok()?),
        };
        let local_now = match tz {
            Some(tz) => now.with_timezone(&tz).naive_local(),
            None => now.naive_utc(),
        };
        let mut day = local_now.date();
        for _ in 0..HORIZON_DAYS {
            if self.day_matches(day) {
                for &h in &self.hours.0 {
                    for &m in &self.minutes.0 {
                        let Some(local) = day.and_hms_opt(h, m, 0) else {
                            continue;
                        };
                        if local <= local_now.with_second(0).unwrap_or(local_now) {
                            continue;
                        }
                        if let Some(t) = in_zone(local, zone) {
                            if t > now {
                                return Some(t);
                            }
                        }
                    }
                }
            }
            day = day.succ_opt()?;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Timestamp {
        chrono::DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&chrono::Utc))
            .unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn next(schedule: &str, zone: Option<&str>, now: &str) -> Option<String> {
        next_run(schedule, zone, None, t(now)).map(|t| t.to_rfc3339())
    }

    #[test]
    fn cron_in_utc_finds_the_next_minute_it_names() {
        // Thursday 3 December 2026, 17:50 UTC.
        let now = "2026-12-03T17:50:00Z";
        assert_eq!(
            next("cron(0 2 * * ? *)", None, now).as_deref(),
            Some("2026-12-04T02:00:00+00:00")
        );
        assert_eq!(
            next("cron(0 8 ? * MON-FRI *)", Some("UTC"), now).as_deref(),
            Some("2026-12-04T08:00:00+00:00"),
            "Friday morning"
        );
        assert_eq!(
            next("cron(0 8 ? * MON-FRI *)", None, "2026-12-04T09:00:00Z").as_deref(),
            Some("2026-12-07T08:00:00+00:00"),
            "over the weekend to Monday"
        );
        // 2 = Monday in AWS's numbering (1 = Sunday).
        assert_eq!(
            next("cron(30 6 ? * 2 *)", None, now).as_deref(),
            Some("2026-12-07T06:30:00+00:00")
        );
        assert_eq!(
            next("cron(0/15 * * * ? *)", None, "2026-12-03T17:50:10Z").as_deref(),
            Some("2026-12-03T18:00:00+00:00")
        );
        assert_eq!(
            next("cron(0 0 1 JAN ? 2027)", None, now).as_deref(),
            Some("2027-01-01T00:00:00+00:00")
        );
        assert_eq!(next("cron(0 0 1 JAN ? 2025)", None, now), None, "past");
    }

    #[test]
    fn cron_in_a_time_zone_runs_at_that_zones_clock() {
        // 08:00 in Berlin is 07:00 UTC in winter.
        assert_eq!(
            next(
                "cron(0 8 ? * MON-FRI *)",
                Some("Europe/Berlin"),
                "2026-12-03T17:50:00Z"
            )
            .as_deref(),
            Some("2026-12-04T07:00:00+00:00")
        );
        assert_eq!(
            next(
                "cron(0 8 * * ? *)",
                Some("Mars/Olympus"),
                "2026-12-03T17:50:00Z"
            ),
            None
        );
    }

    #[test]
    fn at_and_rate() {
        let now = "2026-12-03T17:50:00Z";
        assert_eq!(
            next("at(2026-12-04T08:00:00)", None, now).as_deref(),
            Some("2026-12-04T08:00:00+00:00")
        );
        assert_eq!(next("at(2026-12-01T08:00:00)", None, now), None, "past");
        let start = t("2026-12-03T17:00:00Z");
        assert_eq!(
            next_run("rate(20 minutes)", None, Some(start), t(now)).map(|t| t.to_rfc3339()),
            Some("2026-12-03T18:00:00+00:00".into())
        );
        assert_eq!(
            next_run("rate(1 hour)", None, None, t(now)),
            None,
            "no start known"
        );
    }

    #[test]
    fn what_is_not_understood_has_no_next_run() {
        let now = "2026-12-03T17:50:00Z";
        for s in [
            "cron(0 8 L * ? *)",
            "cron(0 8 ? * 6#3 *)",
            "cron(0 8 * *)",
            "cron(61 8 * * ? *)",
            "weekly",
        ] {
            assert_eq!(next(s, None, now), None, "{s}");
        }
    }
}
