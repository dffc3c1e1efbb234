//! CPU and memory of the simulated services, as CloudWatch would have them a minute at a time:
//! each service its own level, a slow daily-like swell, a rise while a deployment brings up new
//! tasks, and — for the crash-looping service — memory that climbs until the container is
//! killed. A pure function of the service and the minute, so the last half hour is there at
//! once and the same seed always gives the same figures.

use super::world::World;
use crate::model::{
    FetchError, MetricsData, ServiceMetrics, TaskMetricKey, Timestamp, METRIC_MINUTES,
};
use chrono::Duration;

/// The crash loop's memory climbs from 55% to 98% over this many minutes, then again.
const LEAK_MINUTES: i64 = 7;

/// A stable hash of a name (FNV-1a): what makes a service's figures its own.
pub(super) fn seed(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x1000_0000_01b3)
    })
}

impl World {
    pub fn service_metrics(
        &self,
        cluster: &str,
        names: &[String],
        end: Timestamp,
    ) -> Result<MetricsData, FetchError> {
        let ci = self.cluster_index(cluster)?;
        let mut out = MetricsData {
            requested: names.len() * 2,
            calls: (names.len() * 2).div_ceil(crate::model::METRICS_PER_CALL),
            ..MetricsData::default()
        };
        for name in names {
            let Some(s) = self
                .services
                .iter()
                .find(|s| s.cluster == ci && &s.name == name)
            else {
                continue;
            };
            let h = seed(name);
            let base_cpu = 12.0 + (h % 40) as f64;
            let base_mem = 28.0 + ((h >> 8) % 40) as f64;
            let phase = (h >> 16) % 90;
            let crash = s.behaviour.crash_after;
            let mut m = ServiceMetrics::default();
            for i in 0..METRIC_MINUTES {
                let t = end - Duration::minutes((METRIC_MINUTES - i) as i64);
                // No running task, no data point (a new or scaled-to-zero service).
                if s.desired == 0 || s.created_at > t {
                    m.cpu.push(None);
                    m.memory.push(None);
                    continue;
                }
                let minute = t.timestamp() / 60;
                let swell =
                    ((minute as f64 + phase as f64) / 90.0 * std::f64::consts::TAU).sin() * 8.0;
                let rolling = s.deployments.iter().any(|d| {
                    let since = t - d.created_at;
                    since >= Duration::zero() && since < Duration::minutes(12)
                });
                let cpu = base_cpu + swell + if rolling { 22.0 } else { 0.0 };
                let memory = match crash {
                    // Climbs to the limit over a few minutes (a task's average with its
                    // restarts), is killed, starts again.
                    Some(_) => {
                        let into =
                            minute.rem_euclid(LEAK_MINUTES) as f64 / (LEAK_MINUTES - 1) as f64;
                        55.0 + 43.0 * into
                    }
                    None => base_mem + swell / 4.0,
                };
                m.cpu
                    .push(Some((cpu.clamp(0.5, 100.0) * 10.0).round() / 10.0));
                m.memory
                    .push(Some((memory.clamp(1.0, 100.0) * 10.0).round() / 10.0));
            }
            out.services.insert(name.clone(), m);
        }
        Ok(out)
    }
}

impl World {
    /// Per-task figures as Container Insights would publish them, as percentages of each task's
    /// size: its service's level with the task's own offset, from the minute it started; none at
    /// all where the cluster has no Container Insights.
    pub fn task_metrics(
        &self,
        cluster: &str,
        tasks: &[TaskMetricKey],
        end: Timestamp,
    ) -> Result<MetricsData, FetchError> {
        let ci = self.cluster_index(cluster)?;
        let mut out = MetricsData {
            requested: tasks.len() * 2,
            calls: (tasks.len() * 2).div_ceil(crate::model::METRICS_PER_CALL),
            ..MetricsData::default()
        };
        if !self.clusters[ci].container_insights {
            return Ok(out);
        }
        let wanted: std::collections::HashMap<&str, &TaskMetricKey> =
            tasks.iter().map(|t| (t.id.as_str(), t)).collect();
        let mut services: Vec<String> = tasks.iter().filter_map(|t| t.service.clone()).collect();
        services.sort();
        services.dedup();
        let levels = self.service_metrics(cluster, &services, end)?;
        let name = &self.clusters[ci].name;
        for t in self.tasks.values() {
            if crate::model::name_from_arn(&t.task.cluster_arn) != name {
                continue;
            }
            let Some(key) = wanted.get(t.task.id()) else {
                continue;
            };
            let Some(level) = key.service.as_ref().and_then(|s| levels.services.get(s)) else {
                continue;
            };
            let Some(started) = t.task.started_at else {
                continue;
            };
            let h = seed(&key.id);
            let offset = (h % 13) as f64 - 6.0;
            let own = |series: &[Option<f64>], spread: f64| -> Vec<Option<f64>> {
                series
                    .iter()
                    .enumerate()
                    .map(|(i, v)| {
                        let at = end - Duration::minutes((METRIC_MINUTES - i) as i64);
                        let v = (*v)?;
                        // A minute the task ran all of (a new task has none yet, as on AWS).
                        (at >= started && t.task.stopped_at.is_none_or(|s| s > at)).then(|| {
                            ((v + offset * spread).clamp(0.5, 100.0) * 10.0).round() / 10.0
                        })
                    })
                    .collect()
            };
            out.services.insert(
                key.id.clone(),
                ServiceMetrics {
                    cpu: own(&level.cpu, 1.0),
                    memory: own(&level.memory, 0.5),
                },
            );
        }
        Ok(out)
    }
}
