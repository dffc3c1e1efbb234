//! Application Auto Scaling in the simulated account: a history of scaling activities for each
//! service with a scalable target (target tracking scaling out and in over the last hours), and
//! the activity a new min/max records when the desired count no longer fits (it is clamped, as
//! Application Auto Scaling clamps it).

use super::world::World;
use crate::model::{
    step, target_tracking, FetchError, ScalingActivity, ScalingData, ScalingItem, ScalingKind,
};
use chrono::Duration;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// `len` hex digits from `rng` (a generator of its own, not the world's).
pub(super) fn hex(rng: &mut ChaCha8Rng, len: usize) -> String {
    (0..len)
        .map(|_| char::from(b"0123456789abcdef"[rng.gen_range(0..16)]))
        .collect()
}

impl World {
    /// An activity of service `si`; ids come from `rng` (not the world's: the history is made
    /// without changing what the simulation draws next).
    fn activity(
        &self,
        rng: &mut ChaCha8Rng,
        si: usize,
        minutes_ago: i64,
        status: &str,
        description: String,
        cause: String,
    ) -> ScalingActivity {
        let s = &self.services[si];
        let resource_id = format!("service/{}/{}", self.clusters[s.cluster].name, s.name);
        let started = self.now - Duration::minutes(minutes_ago);
        ScalingActivity {
            activity_id: format!(
                "{}-{}-{}-{}-{}",
                hex(rng, 8),
                hex(rng, 4),
                hex(rng, 4),
                hex(rng, 4),
                hex(rng, 12)
            ),
            resource_id,
            status: status.into(),
            description,
            cause,
            message: (status == "Successful")
                .then(|| "Successfully set desired count.".to_string())
                .or_else(|| {
                    (status == "Failed").then(|| {
                        "Failed to set desired count: service is not at steady state (a deployment is in progress)".to_string()
                    })
                }),
            started_at: Some(started),
            ended_at: (status != "InProgress").then(|| started + Duration::seconds(38)),
        }
    }

    /// The past scaling activities of every service with a scalable target.
    pub fn seed_scaling(&mut self) {
        let mut rng = ChaCha8Rng::seed_from_u64(0x5ca1e);
        for si in 0..self.services.len() {
            let Some((min, max)) = self.services[si].scalable else {
                continue;
            };
            let desired = self.services[si].desired;
            let alarm = |dir: &str, name: &str| {
                format!("monitor alarm TargetTracking-service/{name}-Alarm{dir} in state ALARM triggered policy cpu-target-tracking")
            };
            let name = format!(
                "{}/{}",
                self.clusters[self.services[si].cluster].name, self.services[si].name
            );
            let out = (desired + 2).min(max);
            let history = [
                (
                    rng.gen_range(300..400),
                    "Successful",
                    format!("Setting desired count to {out}."),
                    alarm("High", &name),
                ),
                (
                    rng.gen_range(150..250),
                    "Successful",
                    format!("Setting desired count to {}.", desired.max(min)),
                    alarm("Low", &name),
                ),
                (
                    rng.gen_range(20..60),
                    "Failed",
                    format!("Setting desired count to {out}."),
                    alarm("High", &name),
                ),
            ];
            for (ago, status, description, cause) in history {
                let a = self.activity(&mut rng, si, ago, status, description, cause);
                self.scaling.push(a);
            }
        }
    }

    /// New bounds that leave the desired count outside them clamp it, as an activity.
    pub fn clamp_to_bounds(&mut self, si: usize) {
        let Some((min, max)) = self.services[si].scalable else {
            return;
        };
        let desired = self.services[si].desired;
        let clamped = desired.clamp(min, max.max(min));
        if clamped == desired {
            return;
        }
        let mut rng = ChaCha8Rng::seed_from_u64(self.scaling.len() as u64);
        let a = self.activity(
            &mut rng,
            si,
            0,
            "Successful",
            format!("Setting desired count to {clamped}."),
            format!("minimum capacity was set to {min} and maximum capacity to {max}"),
        );
        self.scaling.push(a);
        self.services[si].desired = clamped;
    }

    /// DescribeScalingActivities of a service, or of every service of a cluster: newest first.
    pub fn scaling_activities(
        &self,
        cluster: &str,
        service: Option<&str>,
    ) -> Result<Vec<ScalingActivity>, FetchError> {
        let ci = self.cluster_index(cluster)?;
        let name = &self.clusters[ci].name;
        let mut out: Vec<ScalingActivity> = self
            .scaling
            .iter()
            .filter(|a| a.cluster() == name && service.is_none_or(|s| a.service() == s))
            .cloned()
            .collect();
        ScalingActivity::newest_first(&mut out);
        Ok(out)
    }
}

impl World {
    /// `:scaling` of a cluster's services (or one's): each scalable service has a target
    /// tracking policy on CPU; image-resizer a step policy on its queue too; api-gateway
    /// business-hours scheduled actions; and the activities of the history above.
    pub fn scaling(&self, cluster: &str, service: Option<&str>) -> Result<ScalingData, FetchError> {
        let ci = self.cluster_index(cluster)?;
        let cluster = &self.clusters[ci].name;
        let mut out = ScalingData::default();
        for s in self
            .services
            .iter()
            .filter(|s| s.cluster == ci && service.is_none_or(|n| n == s.name))
        {
            let Some((min, max)) = s.scalable else {
                continue;
            };
            let name = &s.name;
            out.items.push(ScalingItem::new(
                name,
                ScalingKind::Target,
                format!("min {min} · max {max}"),
                "desired count".into(),
            ));
            let alarm = |dir: &str| format!("TargetTracking-service/{cluster}/{name}-Alarm{dir}");
            out.items.push(ScalingItem::new(
                name,
                ScalingKind::Policy,
                "cpu-target-tracking".into(),
                format!(
                    "{}; alarms {}, {}",
                    target_tracking("ECSServiceAverageCPUUtilization", 60.0, true),
                    alarm("High"),
                    alarm("Low")
                ),
            ));
            if name == "image-resizer" {
                out.items.push(ScalingItem::new(
                    name,
                    ScalingKind::Policy,
                    "queue-depth-step".into(),
                    format!(
                        "step: {}, {}; alarms image-resizer-queue-depth-high",
                        step(Some(0.0), Some(100.0), 1),
                        step(Some(100.0), None, 3)
                    ),
                ));
            }
            if name == "api-gateway" {
                for (action, cron, floor) in [
                    ("business-hours", "cron(0 8 ? * MON-FRI *)", min + 2),
                    ("after-hours", "cron(0 20 ? * MON-FRI *)", min),
                ] {
                    let mut item = ScalingItem::new(
                        name,
                        ScalingKind::Scheduled,
                        action.into(),
                        format!("{cron} UTC → min {floor} max {max}"),
                    );
                    item.at = crate::model::next_run(cron, Some("UTC"), None, self.now);
                    out.items.push(item);
                }
            }
        }
        out.items.extend(
            self.scaling_activities(cluster, service)?
                .iter()
                .map(ScalingItem::activity),
        );
        Ok(out)
    }
}

/// When target tracking scales out after a deployment starts (its CPU alarm needs a few
/// minutes above target), and when it scales back in.
const SCALE_OUT_AFTER_MINUTES: i64 = 6;
const SCALE_IN_AFTER_MINUTES: i64 = 16;

impl World {
    /// Target tracking for a service that scales with load: a deployment's new tasks warm up
    /// with CPU above target, so six minutes in it scales out by two (within max); ten minutes
    /// later CPU is back under and it scales in to min. Each is an activity with its alarm as
    /// the cause, as Application Auto Scaling records it.
    pub(super) fn track_load(&mut self, si: usize) {
        let s = &self.services[si];
        if !s.behaviour.scales_with_load {
            return;
        }
        let (Some((min, max)), Some(d)) = (s.scalable, s.deployments.first()) else {
            return;
        };
        let since = self.now - d.created_at;
        let out = (min + 2).min(max);
        let name = format!("{}/{}", self.clusters[s.cluster].name, s.name);
        let (desired, dir) =
            if since == Duration::minutes(SCALE_OUT_AFTER_MINUTES) && s.desired < out {
                (out, "High")
            } else if since == Duration::minutes(SCALE_IN_AFTER_MINUTES) && s.desired > min {
                (min, "Low")
            } else {
                return;
            };
        let mut rng = ChaCha8Rng::seed_from_u64(self.scaling.len() as u64 ^ 0x10ad);
        let a = self.activity(
            &mut rng,
            si,
            0,
            "Successful",
            format!("Setting desired count to {desired}."),
            format!("monitor alarm TargetTracking-service/{name}-Alarm{dir} in state ALARM triggered policy cpu-target-tracking"),
        );
        self.scaling.push(a);
        self.services[si].desired = desired;
    }
}
