//! What the console has seen of each service's running and desired counts since it opened, for
//! the services view's sparkline. No API calls: samples come from the refreshes that happen
//! anyway; each sample holds the lowest running count seen since the one before. Bounded: at most [`SAMPLES`] per service; when full, neighbouring samples merge (the
//! lower running count, the higher desired count, so a dip is never smoothed away) and the spacing
//! doubles, so the line always spans the whole time the console has been open.

use crate::model::{Service, Timestamp};
use std::collections::HashMap;

pub const SAMPLES: usize = 48;
/// The first spacing between samples.
pub const EVERY_SECS: i64 = 10;
/// Services remembered (the oldest-seen go first past this).
const SERVICES: usize = 5_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spark {
    /// `(running, desired)`, oldest first.
    pub samples: Vec<(i32, i32)>,
    pub every_secs: i64,
    last: Timestamp,
    /// The lowest running and highest desired count seen since the last sample: what the next
    /// sample will hold, so a dip between two samples is never missed.
    pending: Option<(i32, i32)>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunningHistory {
    pub services: HashMap<String, Spark>,
}

impl RunningHistory {
    /// Take a sample of each service, where one is due. Returns whether any was taken.
    pub fn record(&mut self, services: &[Service], at: Timestamp) -> bool {
        let mut taken = false;
        for s in services {
            let sample = (s.running, s.desired);
            let spark = self.services.entry(s.arn.clone()).or_insert_with(|| Spark {
                samples: Vec::new(),
                every_secs: EVERY_SECS,
                last: at - chrono::Duration::seconds(EVERY_SECS),
                pending: None,
            });
            let pending = match spark.pending {
                Some((r, d)) => (r.min(sample.0), d.max(sample.1)),
                None => sample,
            };
            if (at - spark.last).num_seconds() < spark.every_secs {
                spark.pending = Some(pending);
                continue;
            }
            spark.last = at;
            spark.pending = None;
            spark.samples.push(pending);
            taken = true;
            if spark.samples.len() > SAMPLES {
                spark.samples = spark
                    .samples
                    .chunks(2)
                    .map(|p| {
                        let running = p.iter().map(|s| s.0).min().unwrap_or(0);
                        let desired = p.iter().map(|s| s.1).max().unwrap_or(0);
                        (running, desired)
                    })
                    .collect();
                spark.every_secs *= 2;
            }
        }
        if self.services.len() > SERVICES {
            let mut by_age: Vec<(String, Timestamp)> = self
                .services
                .iter()
                .map(|(k, v)| (k.clone(), v.last))
                .collect();
            by_age.sort_by_key(|(_, t)| *t);
            for (k, _) in by_age.into_iter().take(self.services.len() - SERVICES) {
                self.services.remove(&k);
            }
        }
        taken
    }
}

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// The running count over time as bars scaled to the highest desired (or running) count seen;
/// a sample short of its desired count is shown as `▁`…`▇`, a full one as `█` only at the top.
pub fn sparkline(spark: &Spark, width: usize) -> String {
    let samples = &spark.samples[spark.samples.len().saturating_sub(width)..];
    let top = samples
        .iter()
        .map(|&(r, d)| r.max(d))
        .max()
        .unwrap_or(0)
        .max(1);
    samples
        .iter()
        .map(|&(running, _)| {
            let level = (running.max(0) as i64 * 7 + top as i64 / 2) / top as i64;
            BARS[level.clamp(0, 7) as usize]
        })
        .collect()
}
