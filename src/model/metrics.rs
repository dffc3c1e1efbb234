//! Service CPU and memory as CloudWatch has them (AWS/ECS CPUUtilization and MemoryUtilization
//! by ClusterName and ServiceName): a point a minute over the last half hour. A minute with no
//! data point is `None` and shows as "–", never 0.

use std::collections::BTreeMap;

/// Minutes of history a metric query asks for.
pub const METRIC_MINUTES: usize = 30;
/// GetMetricData takes at most this many metrics a call (two per service).
pub const METRICS_PER_CALL: usize = 500;

/// One service's figures, a point a minute, oldest first (`METRIC_MINUTES` of them).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServiceMetrics {
    pub cpu: Vec<Option<f64>>,
    pub memory: Vec<Option<f64>>,
}

impl ServiceMetrics {
    /// The newest point there is, within the last few minutes (ECS publishes a minute late).
    pub fn last(series: &[Option<f64>]) -> Option<f64> {
        series.iter().rev().take(3).find_map(|v| *v)
    }
}

/// A task whose CPU and memory are asked of Container Insights: its id, what CloudWatch groups
/// it by (its service, else its task definition family) and its size (CPU units, MiB), which the
/// figures are a percentage of — 0 where the task has no task-level size (an EC2 task sized by
/// its containers), whose reservation is then asked of Container Insights too.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TaskMetricKey {
    pub id: String,
    pub service: Option<String>,
    pub family: String,
    pub cpu: u32,
    pub memory: u32,
}

/// The metrics of a cluster's services, by service name (or of tasks, by task id).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MetricsData {
    pub services: BTreeMap<String, ServiceMetrics>,
    /// Metrics asked for (what GetMetricData is billed by) and calls made.
    pub requested: usize,
    pub calls: usize,
}

/// Put a metric's points (ms since the epoch, value) into minute slots ending at `end_ms`.
pub fn into_minutes(points: &[(i64, f64)], end_ms: i64) -> Vec<Option<f64>> {
    let mut out = vec![None; METRIC_MINUTES];
    let start = end_ms - (METRIC_MINUTES as i64) * 60_000;
    for &(t, v) in points {
        if t < start || t >= end_ms || !v.is_finite() {
            continue;
        }
        let i = ((t - start) / 60_000) as usize;
        if let Some(slot) = out.get_mut(i) {
            *slot = Some(v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_land_in_their_minute_and_gaps_stay_empty() {
        let end = 1_800_000;
        let m = into_minutes(
            &[(0, 10.0), (60_000, 20.0), (1_799_000, 50.0), (-1, 99.0)],
            end,
        );
        assert_eq!(m.len(), METRIC_MINUTES);
        assert_eq!(m[0], Some(10.0));
        assert_eq!(m[1], Some(20.0));
        assert_eq!(m[2], None, "no point: no value, not 0");
        assert_eq!(m[29], Some(50.0));
        assert_eq!(ServiceMetrics::last(&m), Some(50.0));
        assert_eq!(
            ServiceMetrics::last(&[Some(1.0), None, None, None]),
            None,
            "too old"
        );
    }
}
