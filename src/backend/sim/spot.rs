//! Spot capacity of the EC2 cluster. Every [`RECLAIM_EVERY`] EC2 takes a Spot instance back:
//! with Spot draining on, ECS sets it DRAINING at the two-minute notice (the scheduler moves its
//! service tasks elsewhere, as for any drain), then the instance is terminated — a task still on
//! it stops with "Host EC2 (instance …) terminated.", as the demo's long data migration does when
//! the busiest Spot instance is the one taken — and its Auto Scaling group launches a replacement
//! Spot instance, which registers a little later.

use super::world::{SimInstance, World};
use crate::model::Timestamp;
use chrono::Duration;

/// How often a Spot instance is taken back.
pub const RECLAIM_EVERY: i64 = 40 * 60;
/// The first reclaim, this long after the simulation starts (so a demo shows one early).
pub const FIRST_RECLAIM: i64 = 6 * 60;
/// EC2's interruption notice.
pub const NOTICE: i64 = 120;
/// From termination until the replacement has registered with the cluster.
pub const REPLACEMENT_AFTER: i64 = 90;

/// Where the cycle stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reclaim {
    /// The next notice is due then.
    Next(Timestamp),
    /// This instance got its notice; it is terminated then.
    Draining(usize, Timestamp),
    /// This instance is gone; its replacement registers then.
    Replacing(usize, Timestamp),
}

impl World {
    pub(super) fn reclaim_spot(&mut self) {
        let now = self.now;
        match self.reclaim {
            Some(Reclaim::Next(at)) if now >= at => {
                // The busiest Spot instance: what a reclaim costs most.
                let usage = self.instance_usage();
                let Some(ii) = self
                    .instances
                    .iter()
                    .enumerate()
                    .filter(|(_, i)| i.spot && i.status == "ACTIVE")
                    .max_by_key(|(ii, _)| (usage[*ii].running, std::cmp::Reverse(*ii)))
                    .map(|(ii, _)| ii)
                else {
                    self.reclaim = Some(Reclaim::Next(now + Duration::seconds(RECLAIM_EVERY)));
                    return;
                };
                self.instances[ii].status = "DRAINING".into();
                self.reclaim = Some(Reclaim::Draining(ii, now + Duration::seconds(NOTICE)));
            }
            Some(Reclaim::Draining(ii, at)) if now >= at => {
                self.instances[ii].status = "INACTIVE".into();
                self.instances[ii].agent_connected = false;
                let reason = format!(
                    "Host EC2 (instance {}) terminated.",
                    self.instances[ii].ec2_id
                );
                for st in self.tasks.values_mut() {
                    if st.instance == Some(ii) {
                        super::dynamics::begin_stop(st, now, "TerminationNotice", &reason);
                    }
                }
                self.reclaim = Some(Reclaim::Replacing(
                    ii,
                    now + Duration::seconds(REPLACEMENT_AFTER),
                ));
            }
            Some(Reclaim::Replacing(ii, at)) if now >= at => {
                let old = &self.instances[ii];
                let (cluster, instance_type, az, cpu, memory) = (
                    old.cluster,
                    old.instance_type.clone(),
                    old.az.clone(),
                    old.cpu,
                    old.memory,
                );
                let name = self.clusters[cluster].name.clone();
                let id = self.hex_id(32);
                let ec2_id = format!("i-0{}", self.hex_id(16));
                self.instances.push(SimInstance {
                    cluster,
                    arn: self.arn("container-instance", &format!("{name}/{id}")),
                    ec2_id,
                    instance_type,
                    az,
                    cpu,
                    memory,
                    status: "ACTIVE".into(),
                    agent_connected: true,
                    registered_at: now,
                    spot: true,
                });
                self.reclaim = Some(Reclaim::Next(now + Duration::seconds(RECLAIM_EVERY)));
            }
            _ => {}
        }
    }
}
