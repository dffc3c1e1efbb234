//! Where a new task goes and what it is made of: the container instance with room for it (EC2),
//! or an availability zone (Fargate); its containers from the task definition, with ECS Exec's
//! agent where the service has ECS Exec on; PENDING or PROVISIONING until it runs.

use super::world::{Launch, SimTask, World, AZS};
use crate::model::{Container, Task};
use chrono::Duration;
use rand::Rng;
use std::sync::Arc;

impl World {
    pub(super) fn place(&self, cluster: usize, cpu: i32, mem: i32) -> Option<usize> {
        let usage = self.instance_usage();
        self.instances
            .iter()
            .enumerate()
            .filter(|(_, i)| i.cluster == cluster && i.status == "ACTIVE" && i.agent_connected)
            .filter(|(ii, i)| i.cpu - usage[*ii].cpu >= cpu && i.memory - usage[*ii].memory >= mem)
            .min_by_key(|(ii, i)| {
                (
                    usage[*ii].running + usage[*ii].pending,
                    -(i.cpu - usage[*ii].cpu),
                    *ii,
                )
            })
            .map(|(ii, _)| ii)
    }

    /// Create a task in PENDING (EC2) or PROVISIONING (Fargate) that becomes RUNNING in a few seconds.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn spawn_task(
        &mut self,
        cluster: usize,
        td_arn: &str,
        service: Option<usize>,
        deployment: Option<String>,
        instance: Option<usize>,
        group: Option<String>,
        started_by: Option<String>,
    ) -> u64 {
        let now = self.now;
        let id = self.hex_id(32);
        let seq = self.next_seq;
        self.next_seq += 1;
        let (cpu, memory) = self.task_size(td_arn);
        let mut behaviour = service
            .map(|s| self.services[s].behaviour)
            .unwrap_or_default();
        // Only the bad release and what came after it crash.
        let revision = crate::model::family_revision(td_arn)
            .rsplit_once(':')
            .and_then(|(_, r)| r.parse::<i32>().ok())
            .unwrap_or(i32::MAX);
        if service.is_some_and(|s| revision < self.services[s].crash_from_revision) {
            behaviour.crash_after = None;
        }
        let ready_at = now + Duration::seconds(self.rng.gen_range(4..=15));
        let healthy_at = behaviour
            .health_check
            .then(|| ready_at + Duration::seconds(self.rng.gen_range(15..=30)));
        let crash_at = behaviour.crash_after.map(|(lo, hi)| {
            let code = if self.rng.gen_bool(0.7) { 137 } else { 1 };
            (
                ready_at + Duration::seconds(self.rng.gen_range(lo..=hi)),
                code,
            )
        });
        let cluster_name = self.clusters[cluster].name.clone();
        let arn = self.arn("task", &format!("{cluster_name}/{id}"));
        let (launch_type, capacity_provider, az) =
            match (instance, service.map(|s| self.services[s].launch)) {
                (Some(ii), _) => (Some("EC2".to_string()), None, self.instances[ii].az.clone()),
                (None, Some(Launch::FargateSpot)) => (
                    None,
                    Some("FARGATE_SPOT".to_string()),
                    AZS[self.rng.gen_range(0..3)].to_string(),
                ),
                _ => (
                    Some("FARGATE".to_string()),
                    None,
                    AZS[self.rng.gen_range(0..3)].to_string(),
                ),
            };
        let exec = service.is_some_and(|s| self.services[s].exec);
        let containers = self
            .task_definitions
            .get(td_arn)
            .map(|d| {
                d.containers
                    .iter()
                    .map(|c| Container {
                        name: c.name.clone(),
                        image: Some(c.image.clone()),
                        last_status: "PENDING".into(),
                        exit_code: None,
                        health: behaviour.health_check.then(|| "UNKNOWN".to_string()),
                        reason: None,
                        task_arn: arn.clone(),
                        runtime_id: None,
                        managed_agents: exec
                            .then(|| crate::model::ManagedAgent {
                                name: crate::model::EXEC_AGENT.into(),
                                last_status: "PENDING".into(),
                                reason: None,
                            })
                            .into_iter()
                            .collect(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let task = Task {
            arn,
            cluster_arn: self.arn("cluster", &cluster_name),
            task_definition_arn: td_arn.to_string(),
            group,
            started_by,
            last_status: if instance.is_some() {
                "PENDING"
            } else {
                "PROVISIONING"
            }
            .into(),
            desired_status: "RUNNING".into(),
            health: Some("UNKNOWN".into()),
            launch_type,
            capacity_provider,
            container_instance_arn: instance.map(|ii| self.instances[ii].arn.clone()),
            availability_zone: Some(az),
            cpu: Some(cpu.to_string()),
            memory: Some(memory.to_string()),
            created_at: Some(now),
            started_at: None,
            stopping_at: None,
            stopped_at: None,
            stop_code: None,
            stopped_reason: None,
            containers,
            enable_execute_command: exec,
            version: Some(1),
        };
        self.tasks.insert(
            seq,
            SimTask {
                task: Arc::new(task),
                service,
                deployment,
                instance,
                ready_at,
                healthy_at,
                crash_at,
                finish_at: None,
                stopped_at: None,
                cpu,
                memory,
            },
        );
        seq
    }
}
