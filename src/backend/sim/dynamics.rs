//! How the simulated account moves: one step per simulated second. Tasks go PENDING → RUNNING →
//! (HEALTHY) and, when stopped, STOPPING → STOPPED, and stay listed for an hour. Each service's
//! scheduler starts and stops tasks within minimumHealthyPercent / maximumPercent, rolls deployments
//! to COMPLETED, replaces crashed tasks and writes the service events ECS writes.

use super::world::{
    Launch, SimDeployment, SimTask, World, MAX_SERVICE_EVENTS, STOPPED_RETENTION_SECS,
};
use crate::model::{RolloutState, ServiceEvent, Task, Timestamp};
use chrono::Duration;
use rand::Rng;
use std::sync::Arc;

/// At most this many tasks started or stopped per service per second (ECS launches in batches).
const BATCH: i32 = 2;

impl World {
    /// Move the world forward in whole seconds up to `t`. Going backwards is ignored.
    pub fn advance_to(&mut self, t: Timestamp) {
        while self.now + Duration::seconds(1) <= t {
            self.step();
        }
    }

    pub fn step(&mut self) {
        self.now += Duration::seconds(1);
        self.progress_tasks();
        self.reclaim_spot();
        for si in 0..self.services.len() {
            self.reconcile(si);
        }
        self.run_jobs();
        self.emit_events();
    }

    fn progress_tasks(&mut self) {
        let now = self.now;
        let mut crashed = Vec::new();
        let mut expired = Vec::new();
        for (seq, st) in self.tasks.iter_mut() {
            // Read first; a task is copied out of the answers that share it only when it changes.
            match st.task.last_status.as_str() {
                "PROVISIONING" | "PENDING" | "ACTIVATING" if now >= st.ready_at => {
                    let t = Arc::make_mut(&mut st.task);
                    t.last_status = "RUNNING".into();
                    t.started_at = Some(now);
                    for c in &mut t.containers {
                        c.set_status("RUNNING");
                    }
                    touch(t, now);
                }
                "RUNNING" => {
                    if st.healthy_at.is_some_and(|h| now >= h)
                        && st.task.health.as_deref() != Some("HEALTHY")
                    {
                        let t = Arc::make_mut(&mut st.task);
                        t.health = Some("HEALTHY".into());
                        for c in &mut t.containers {
                            c.health = Some("HEALTHY".into());
                        }
                        touch(t, now);
                    }
                    if let Some((at, code)) = st.crash_at {
                        if now >= at {
                            begin_stop(
                                st,
                                now,
                                "EssentialContainerExited",
                                "Essential container in task exited",
                            );
                            exit_containers(Arc::make_mut(&mut st.task), code);
                            crashed.push(*seq);
                        }
                    } else if st.finish_at.is_some_and(|f| now >= f) {
                        begin_stop(
                            st,
                            now,
                            "EssentialContainerExited",
                            "Essential container in task exited",
                        );
                        exit_containers(Arc::make_mut(&mut st.task), 0);
                    }
                }
                "STOPPING" | "DEACTIVATING" | "DEPROVISIONING"
                    if st.stopped_at.is_some_and(|s| now >= s) =>
                {
                    let t = Arc::make_mut(&mut st.task);
                    t.last_status = "STOPPED".into();
                    t.stopped_at = Some(now);
                    for c in &mut t.containers {
                        c.set_status("STOPPED");
                        c.exit_code.get_or_insert(0);
                    }
                    touch(t, now);
                }
                "STOPPED"
                    if st
                        .task
                        .stopped_at
                        .is_some_and(|s| (now - s).num_seconds() > STOPPED_RETENTION_SECS) =>
                {
                    expired.push(*seq);
                }
                _ => {}
            }
        }
        for seq in expired {
            self.tasks.remove(&seq);
        }
        for seq in crashed {
            self.record_crash(seq);
        }
    }

    fn record_crash(&mut self, seq: u64) {
        let Some(st) = self.tasks.get(&seq) else {
            return;
        };
        let (Some(si), Some(dep)) = (st.service, st.deployment.clone()) else {
            return;
        };
        let now = self.now;
        let svc = &mut self.services[si];
        if let Some(d) = svc.deployments.iter_mut().find(|d| d.id == dep) {
            d.failed += 1;
            d.updated_at = now;
        }
        svc.recent_crashes.push_back(now);
        while svc
            .recent_crashes
            .front()
            .is_some_and(|t| (now - *t).num_minutes() >= 10)
        {
            svc.recent_crashes.pop_front();
        }
        let impaired_due = svc
            .last_impaired_event
            .is_none_or(|t| (now - t).num_minutes() >= 15);
        if svc.recent_crashes.len() >= 3 && impaired_due {
            svc.last_impaired_event = Some(now);
            let msg = format!(
                "(service {}) is unable to consistently start tasks successfully. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.",
                svc.name
            );
            self.service_event(si, msg);
        }
    }

    /// One scheduler pass over a service.
    fn reconcile(&mut self, si: usize) {
        let now = self.now;
        if self.services[si].next_redeploy.is_some_and(|t| now >= t) {
            self.new_deployment(si);
        }
        self.track_load(si);
        let svc = &self.services[si];
        let desired = svc.desired;
        let Some(primary) = svc.deployments.first().map(|d| d.id.clone()) else {
            return;
        };
        let healthy = |st: &SimTask| {
            st.task.last_status == "RUNNING"
                && (!svc.behaviour.health_check || st.task.health.as_deref() == Some("HEALTHY"))
        };
        let (mut prim_live, mut old_pending, mut old_running) =
            (Vec::new(), Vec::new(), Vec::new());
        let (mut healthy_total, mut prim_healthy) = (0, 0);
        for (seq, st) in &self.tasks {
            if st.service != Some(si) || st.task.desired_status != "RUNNING" {
                continue;
            }
            // A task on a draining instance is replaced like one of an old deployment.
            let draining = st
                .instance
                .is_some_and(|i| self.instances[i].status == "DRAINING");
            let is_primary = st.deployment.as_deref() == Some(primary.as_str()) && !draining;
            if healthy(st) {
                healthy_total += 1;
                prim_healthy += i32::from(is_primary);
            }
            match (is_primary, st.task.last_status == "RUNNING") {
                (true, _) => prim_live.push(*seq),
                (false, true) => old_running.push(*seq),
                (false, false) => old_pending.push(*seq),
            }
        }
        let max_total = (desired * svc.max_percent / 100).max(desired);
        let min_healthy = (desired * svc.min_healthy_percent + 99) / 100;
        let old_live = (old_pending.len() + old_running.len()) as i32;
        let prim_count = prim_live.len() as i32;

        // Scale in: the newest tasks go first.
        if prim_count > desired {
            let excess = (prim_count - desired) as usize;
            let victims: Vec<u64> = prim_live.iter().rev().take(excess).copied().collect();
            self.stop_by_scheduler(si, &victims, &primary);
        }
        // Old deployments: pending tasks go at once, running ones as health allows.
        if !old_pending.is_empty() {
            self.stop_by_scheduler(si, &old_pending, &primary);
        }
        let may_stop = (healthy_total - min_healthy).clamp(0, BATCH) as usize;
        if may_stop > 0 && !old_running.is_empty() {
            let victims: Vec<u64> = old_running.iter().take(may_stop).copied().collect();
            self.stop_by_scheduler(si, &victims, &primary);
        }
        // Scale out within maximumPercent.
        let room = max_total - prim_count - old_live;
        let need = (desired - prim_count).min(room).min(BATCH);
        if need > 0 {
            let started: Vec<String> = (0..need)
                .filter_map(|_| self.start_service_task(si))
                .collect();
            if !started.is_empty() {
                let name = self.services[si].name.clone();
                let list: String = started.iter().map(|id| format!(" (task {id})")).collect();
                let msg = format!(
                    "(service {name}) has started {} tasks:{list}.",
                    started.len()
                );
                self.service_event(si, msg);
            }
        }
        // Rollout completion and steady state.
        let svc = &mut self.services[si];
        let done = old_live == 0 && prim_healthy == desired && prim_count == desired;
        if done && svc.deployments[0].rollout == RolloutState::InProgress {
            svc.deployments[0].rollout = RolloutState::Completed;
            svc.deployments[0].updated_at = now;
            svc.deployments.truncate(1);
            let (name, id) = (svc.name.clone(), svc.deployments[0].id.clone());
            self.service_event(
                si,
                format!("(service {name}) (deployment {id}) deployment completed."),
            );
            self.steady_state_event(si);
        } else if done
            && self.services[si]
                .last_steady_event
                .is_none_or(|t| (now - t).num_hours() >= 6)
        {
            self.steady_state_event(si);
        }
    }

    fn steady_state_event(&mut self, si: usize) {
        self.services[si].last_steady_event = Some(self.now);
        let msg = format!(
            "(service {}) has reached a steady state.",
            self.services[si].name
        );
        self.service_event(si, msg);
    }

    pub(super) fn service_event(&mut self, si: usize, message: String) {
        let id = self.hex_id(8) + "-" + &self.hex_id(4) + "-" + &self.hex_id(4);
        let svc = &mut self.services[si];
        svc.events.push_front(ServiceEvent {
            id,
            created_at: Some(self.now),
            message,
        });
        svc.events.truncate(MAX_SERVICE_EVENTS);
    }

    /// Roll out a new revision: register it, make it PRIMARY, keep the old one ACTIVE until drained.
    pub(super) fn new_deployment(&mut self, si: usize) {
        self.new_deployment_of(si, true);
    }

    /// A new PRIMARY deployment: of the next revision (a release), or of the same task definition
    /// (a forced new deployment).
    pub(super) fn new_deployment_of(&mut self, si: usize, next_revision: bool) {
        let old_td = self.services[si].deployments[0].task_definition.clone();
        let new_td = if next_revision {
            self.register_next_revision(&old_td)
        } else {
            old_td
        };
        self.new_deployment_to(si, Some(new_td));
    }

    /// A new PRIMARY deployment of this task definition (a rollback, a move to a revision), or
    /// of the one the service runs.
    pub(super) fn new_deployment_to(&mut self, si: usize, td: Option<String>) {
        let now = self.now;
        let new_td = td.unwrap_or_else(|| self.services[si].deployments[0].task_definition.clone());
        let id = format!(
            "ecs-svc/{}",
            self.rng
                .gen_range(1_000_000_000_000_000_000u64..9_999_999_999_999_999_999)
        );
        let svc = &mut self.services[si];
        for d in &mut svc.deployments {
            d.status = "ACTIVE";
        }
        svc.deployments.insert(
            0,
            SimDeployment {
                id: id.clone(),
                task_definition: new_td,
                status: "PRIMARY",
                rollout: RolloutState::InProgress,
                reason: Some("ECS deployment in progress.".into()),
                failed: 0,
                created_at: now,
                updated_at: now,
            },
        );
        svc.next_redeploy = svc
            .behaviour
            .redeploy_every
            .map(|s| now + Duration::seconds(s));
    }

    fn stop_by_scheduler(&mut self, si: usize, seqs: &[u64], primary: &str) {
        let now = self.now;
        let mut ids = Vec::new();
        for seq in seqs {
            if let Some(st) = self.tasks.get_mut(seq) {
                let reason = format!("Scaling activity initiated by (deployment {primary})");
                begin_stop(st, now, "ServiceSchedulerInitiated", &reason);
                ids.push(st.task.id().to_string());
            }
        }
        if !ids.is_empty() {
            let name = self.services[si].name.clone();
            let list: String = ids.iter().map(|id| format!(" (task {id})")).collect();
            self.service_event(
                si,
                format!(
                    "(service {name}) has stopped {} running tasks:{list}.",
                    ids.len()
                ),
            );
        }
    }

    /// Place and start one task of a service's primary deployment. Returns its id, or None when an
    /// EC2 service finds no instance with room (which ECS reports as a service event).
    fn start_service_task(&mut self, si: usize) -> Option<String> {
        let svc = &self.services[si];
        let (cluster, launch, td) = (
            svc.cluster,
            svc.launch,
            svc.deployments[0].task_definition.clone(),
        );
        let dep = svc.deployments[0].id.clone();
        let group = format!("service:{}", svc.name);
        let instance = if launch == Launch::Ec2 {
            let (cpu, mem) = self.task_size(&td);
            match self.place(cluster, cpu, mem) {
                Some(i) => Some(i),
                None => {
                    let now = self.now;
                    let svc = &mut self.services[si];
                    if svc
                        .last_placement_event
                        .is_none_or(|t| (now - t).num_minutes() >= 5)
                    {
                        svc.last_placement_event = Some(now);
                        let msg = format!("(service {}) was unable to place a task because no container instance met all of its requirements. The closest matching container-instance has insufficient CPU units available.", svc.name);
                        self.service_event(si, msg);
                    }
                    return None;
                }
            }
        } else {
            None
        };
        let started_by = dep.clone();
        let seq = self.spawn_task(
            cluster,
            &td,
            Some(si),
            Some(dep),
            instance,
            Some(group),
            Some(started_by),
        );
        self.tasks.get(&seq).map(|t| t.task.id().to_string())
    }

    pub(super) fn task_size(&self, td: &str) -> (i32, i32) {
        let def = self.task_definitions.get(td);
        let parse = |v: Option<&String>, d: i32| v.and_then(|s| s.parse().ok()).unwrap_or(d);
        (
            parse(def.and_then(|d| d.cpu.as_ref()), 256),
            parse(def.and_then(|d| d.memory.as_ref()), 512),
        )
    }

    /// Spread placement: of the ACTIVE, connected instances with room, the one with the fewest tasks
    /// (then the most free CPU).
    fn run_jobs(&mut self) {
        let now = self.now;
        for ji in 0..self.jobs.len() {
            if now < self.jobs[ji].next_at {
                continue;
            }
            let job = &self.jobs[ji];
            let (cluster, family, runs_for) = (job.cluster, job.family.clone(), job.runs_for);
            self.jobs[ji].next_at = now + Duration::seconds(self.jobs[ji].every);
            let td = self
                .task_definitions
                .values()
                .filter(|d| d.family == family)
                .map(|d| d.arn.clone())
                .next_back();
            let Some(td) = td else { continue };
            let (cpu, mem) = self.task_size(&td);
            let Some(ii) = self.place(cluster, cpu, mem) else {
                continue;
            };
            let seq = self.spawn_task(
                cluster,
                &td,
                None,
                None,
                Some(ii),
                Some(format!("family:{family}")),
                Some("events-rule/nightly".into()),
            );
            if let Some(st) = self.tasks.get_mut(&seq) {
                st.finish_at = Some(st.ready_at + Duration::seconds(runs_for));
            }
        }
    }
}

fn touch(t: &mut Task, _now: Timestamp) {
    t.version = Some(t.version.unwrap_or(0) + 1);
}

/// Desired STOPPED; the task reaches STOPPED a few seconds later.
pub(super) fn begin_stop(st: &mut SimTask, now: Timestamp, code: &str, reason: &str) {
    if st.task.desired_status == "STOPPED" {
        return;
    }
    let t = Arc::make_mut(&mut st.task);
    t.desired_status = "STOPPED".into();
    t.last_status = if t.last_status == "RUNNING" {
        "DEACTIVATING"
    } else {
        "STOPPING"
    }
    .into();
    t.stopping_at = Some(now);
    t.stop_code = Some(code.into());
    t.stopped_reason = Some(reason.into());
    st.stopped_at = Some(now + Duration::seconds(3));
    st.crash_at = None;
    touch(t, now);
}

/// The essential (first) container exits with `code`; the others are stopped with it.
fn exit_containers(t: &mut Task, code: i32) {
    for (i, c) in t.containers.iter_mut().enumerate() {
        if i == 0 {
            c.exit_code = Some(code);
            c.reason = match code {
                137 => Some("OutOfMemoryError: Container killed due to memory usage".into()),
                0 => None,
                _ => None,
            };
        } else {
            c.exit_code = Some(0);
        }
    }
}
