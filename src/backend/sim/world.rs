//! The simulated account's state and its read-only snapshots into the domain model.
//!
//! The world moves in fixed one-second steps (see `dynamics.rs`) driven by its own seeded RNG, so its
//! state at any instant depends only on the seed, the start instant and that instant — never on how
//! often or in what order it was queried.

use crate::model::{
    Cluster, ContainerInstance, Deployment, FetchError, Listing, Service, ServiceEvent, Task,
    TaskDefinition, TaskScope, TaskStatus, Timestamp, ON_DEMAND, SPOT,
};
use chrono::Duration;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::collections::{BTreeMap, VecDeque};

pub(super) const AZS: [&str; 3] = ["us-east-1a", "us-east-1b", "us-east-1c"];
/// Stopped tasks stay visible this long, as on ECS.
pub(super) const STOPPED_RETENTION_SECS: i64 = 3600;
/// ECS keeps the newest 100 service events.
pub(super) const MAX_SERVICE_EVENTS: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Launch {
    Fargate,
    FargateSpot,
    Ec2,
}

pub struct SimCluster {
    pub name: String,
    pub capacity_providers: Vec<String>,
    /// Container Insights with enhanced observability: per-task CPU and memory are published.
    pub container_insights: bool,
}

/// How a service misbehaves, if it does.
#[derive(Debug, Clone, Copy, Default)]
pub struct Behaviour {
    /// Tasks crash this many seconds (range) after they start.
    pub crash_after: Option<(i64, i64)>,
    pub health_check: bool,
    /// A new deployment is rolled out this often.
    pub redeploy_every: Option<i64>,
    /// Target tracking on CPU scales the service out while a deployment's new tasks warm up,
    /// and back in once they have.
    pub scales_with_load: bool,
}

pub struct SimDeployment {
    pub id: String,
    pub task_definition: String,
    /// PRIMARY or ACTIVE.
    pub status: &'static str,
    pub rollout: crate::model::RolloutState,
    pub reason: Option<String>,
    pub failed: i32,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

pub struct SimService {
    pub cluster: usize,
    pub name: String,
    pub desired: i32,
    pub launch: Launch,
    pub deployments: Vec<SimDeployment>,
    pub events: VecDeque<ServiceEvent>,
    pub created_at: Timestamp,
    pub min_healthy_percent: i32,
    pub max_percent: i32,
    pub behaviour: Behaviour,
    pub last_steady_event: Option<Timestamp>,
    pub last_impaired_event: Option<Timestamp>,
    pub last_placement_event: Option<Timestamp>,
    pub next_redeploy: Option<Timestamp>,
    pub recent_crashes: VecDeque<Timestamp>,
    /// Application Auto Scaling bounds of the desired count, if any.
    pub scalable: Option<(i32, i32)>,
    /// The first revision whose tasks crash (the bad release): a rollback below it ends the
    /// crash loop.
    pub crash_from_revision: i32,
    /// Tasks start with ECS Exec on (UpdateService enableExecuteCommand).
    pub exec: bool,
    /// The container port a load balancer's target group sends to, if the service has one.
    pub lb_port: Option<i32>,
}

pub struct SimTask {
    /// Shared with the answers that carried it: a change copies it first (`Arc::make_mut`).
    pub task: std::sync::Arc<Task>,
    pub service: Option<usize>,
    pub deployment: Option<String>,
    pub instance: Option<usize>,
    /// When a PENDING task becomes RUNNING.
    pub ready_at: Timestamp,
    pub healthy_at: Option<Timestamp>,
    /// When a running task crashes (exit code decided up front).
    pub crash_at: Option<(Timestamp, i32)>,
    /// When a standalone job finishes by itself (exit 0).
    pub finish_at: Option<Timestamp>,
    /// When a stopping task reaches STOPPED.
    pub stopped_at: Option<Timestamp>,
    pub cpu: i32,
    pub memory: i32,
}

pub struct SimInstance {
    pub cluster: usize,
    pub arn: String,
    pub ec2_id: String,
    pub instance_type: String,
    pub az: String,
    pub cpu: i32,
    pub memory: i32,
    pub status: String,
    pub agent_connected: bool,
    pub registered_at: Timestamp,
    /// A Spot instance: EC2 can take it back with two minutes' notice.
    pub spot: bool,
}

/// A standalone task started on a schedule (an EventBridge-scheduled job), in an EC2 cluster.
pub struct SimJob {
    pub cluster: usize,
    pub family: String,
    pub every: i64,
    pub runs_for: i64,
    pub next_at: Timestamp,
}

pub struct World {
    pub rng: ChaCha8Rng,
    pub now: Timestamp,
    pub account: String,
    pub region: String,
    pub clusters: Vec<SimCluster>,
    pub services: Vec<SimService>,
    /// Keyed by creation sequence: iteration order is creation order, the newest task is last.
    pub tasks: BTreeMap<u64, SimTask>,
    pub instances: Vec<SimInstance>,
    pub task_definitions: BTreeMap<String, TaskDefinition>,
    pub jobs: Vec<SimJob>,
    pub next_seq: u64,
    /// ECS state-change events as EventBridge would write them to a log group (see `events.rs`).
    pub events: super::events::EventFeed,
    /// Application Auto Scaling's activities, oldest first (see `scaling.rs`).
    pub scaling: Vec<crate::model::ScalingActivity>,
    /// EC2 taking Spot instances back (see `spot.rs`); None where the world has none.
    pub reclaim: Option<super::spot::Reclaim>,
}

impl World {
    pub fn arn(&self, kind: &str, path: &str) -> String {
        format!("arn:aws:ecs:{}:{}:{kind}/{path}", self.region, self.account)
    }

    pub fn hex_id(&mut self, len: usize) -> String {
        const HEX: &[u8] = b"0123456789abcdef";
        (0..len)
            .map(|_| HEX[self.rng.gen_range(0..16)] as char)
            .collect()
    }

    pub fn cluster_index(&self, name_or_arn: &str) -> Result<usize, FetchError> {
        let name = crate::model::name_from_arn(name_or_arn);
        self.clusters
            .iter()
            .position(|c| c.name == name)
            .ok_or_else(|| FetchError::NotFound(format!("cluster {name} not found")))
    }

    fn cluster_arn(&self, idx: usize) -> String {
        self.arn("cluster", &self.clusters[idx].name)
    }

    pub fn clusters(&self) -> Listing<Cluster> {
        let items = (0..self.clusters.len())
            .map(|ci| {
                let c = &self.clusters[ci];
                let arn = self.cluster_arn(ci);
                let live = self
                    .tasks
                    .values()
                    .filter(|t| t.task.cluster_arn == arn && t.task.last_status != "STOPPED");
                let (mut running, mut pending) = (0, 0);
                for t in live {
                    match t.task.last_status.as_str() {
                        "RUNNING" => running += 1,
                        "PROVISIONING" | "PENDING" | "ACTIVATING" => pending += 1,
                        _ => {}
                    }
                }
                Cluster {
                    arn,
                    name: c.name.clone(),
                    status: "ACTIVE".into(),
                    active_services: Some(
                        self.services.iter().filter(|s| s.cluster == ci).count() as i32
                    ),
                    running_tasks: Some(running),
                    pending_tasks: Some(pending),
                    registered_instances: Some(
                        self.instances
                            .iter()
                            .filter(|i| i.cluster == ci && i.status != "INACTIVE")
                            .count() as i32,
                    ),
                    capacity_providers: c.capacity_providers.clone(),
                }
            })
            .collect();
        Listing::complete(items)
    }

    pub fn services(&self, cluster: &str) -> Result<Listing<Service>, FetchError> {
        let ci = self.cluster_index(cluster)?;
        let items = self
            .services
            .iter()
            .enumerate()
            .filter(|(_, s)| s.cluster == ci)
            .map(|(si, s)| self.service_snapshot(si, s))
            .collect();
        Ok(Listing::complete(items))
    }

    fn service_snapshot(&self, si: usize, s: &SimService) -> Service {
        let cluster = &self.clusters[s.cluster].name;
        let mut per_dep: BTreeMap<&str, (i32, i32)> = BTreeMap::new();
        for t in self.tasks.values().filter(|t| t.service == Some(si)) {
            if t.task.desired_status != "RUNNING" {
                continue;
            }
            let entry = per_dep
                .entry(t.deployment.as_deref().unwrap_or(""))
                .or_default();
            match t.task.last_status.as_str() {
                "RUNNING" => entry.0 += 1,
                _ => entry.1 += 1,
            }
        }
        let deployments: Vec<Deployment> = s
            .deployments
            .iter()
            .map(|d| {
                let (running, pending) = per_dep.get(d.id.as_str()).copied().unwrap_or_default();
                Deployment {
                    id: d.id.clone(),
                    status: d.status.into(),
                    task_definition: d.task_definition.clone(),
                    desired: if d.status == "PRIMARY" {
                        s.desired
                    } else {
                        running + pending
                    },
                    running,
                    pending,
                    failed: d.failed,
                    rollout_state: Some(d.rollout),
                    rollout_reason: d.reason.clone(),
                    created_at: Some(d.created_at),
                    updated_at: Some(d.updated_at),
                }
            })
            .collect();
        let (running, pending) = deployments
            .iter()
            .fold((0, 0), |(r, p), d| (r + d.running, p + d.pending));
        let (launch_type, capacity_providers) = match s.launch {
            Launch::Fargate => (Some("FARGATE".to_string()), vec![]),
            Launch::FargateSpot => (None, vec!["FARGATE_SPOT".to_string()]),
            Launch::Ec2 => (Some("EC2".to_string()), vec![]),
        };
        Service {
            arn: self.arn("service", &format!("{cluster}/{}", s.name)),
            name: s.name.clone(),
            cluster_arn: self.cluster_arn(s.cluster),
            status: "ACTIVE".into(),
            desired: s.desired,
            running,
            pending,
            launch_type,
            capacity_providers,
            task_definition: s
                .deployments
                .first()
                .map(|d| d.task_definition.clone())
                .unwrap_or_default(),
            deployments,
            events: s.events.iter().cloned().collect(),
            created_at: Some(s.created_at),
            minimum_healthy_percent: Some(s.min_healthy_percent),
            maximum_percent: Some(s.max_percent),
            enable_execute_command: s.exec,
            strategy: match s.launch {
                Launch::FargateSpot => vec![crate::model::StrategyItem {
                    provider: "FARGATE_SPOT".into(),
                    base: 0,
                    weight: 1,
                }],
                _ => Vec::new(),
            },
            target_groups: s
                .lb_port
                .map(|_| self.target_group_arn(cluster, &s.name))
                .into_iter()
                .collect(),
        }
    }

    pub fn tasks(
        &self,
        cluster: &str,
        scope: &TaskScope,
        status: TaskStatus,
    ) -> Result<Listing<std::sync::Arc<Task>>, FetchError> {
        let ci = self.cluster_index(cluster)?;
        let cluster_arn = self.cluster_arn(ci);
        let service = match scope {
            TaskScope::Service(name) => Some(
                self.services
                    .iter()
                    .position(|s| s.cluster == ci && &s.name == name)
                    .ok_or_else(|| FetchError::NotFound(format!("service {name} not found")))?,
            ),
            _ => None,
        };
        let items = self
            .tasks
            .values()
            .filter(|t| t.task.cluster_arn == cluster_arn)
            .filter(|t| t.task.desired_status == status.as_str())
            .filter(|t| match scope {
                TaskScope::Cluster => true,
                TaskScope::Service(_) => t.service == service,
                TaskScope::Instance(arn) => t.task.container_instance_arn.as_deref() == Some(arn),
            })
            .map(|t| t.task.clone())
            .collect();
        Ok(Listing::complete(items))
    }

    /// These tasks of the cluster (one pass over the account); an ARN not found is a failure.
    pub fn tasks_by_arn(
        &self,
        cluster: &str,
        arns: &[String],
    ) -> Result<Listing<std::sync::Arc<Task>>, FetchError> {
        let ci = self.cluster_index(cluster)?;
        let cluster_arn = self.cluster_arn(ci);
        let wanted: std::collections::HashSet<&str> = arns.iter().map(String::as_str).collect();
        let items: Vec<std::sync::Arc<Task>> = self
            .tasks
            .values()
            .filter(|t| t.task.cluster_arn == cluster_arn && wanted.contains(t.task.arn.as_str()))
            .map(|t| t.task.clone())
            .collect();
        let found: std::collections::HashSet<&str> = items.iter().map(|t| t.arn.as_str()).collect();
        let failures = arns
            .iter()
            .filter(|a| !found.contains(a.as_str()))
            .map(|a| crate::model::ResourceFailure {
                arn: Some(a.clone()),
                reason: "MISSING".into(),
            })
            .collect();
        Ok(Listing::with_failures(items, failures))
    }

    pub fn task(&self, cluster: &str, arn: &str) -> Result<Option<Task>, FetchError> {
        self.cluster_index(cluster)?;
        Ok(self
            .tasks
            .values()
            .find(|t| t.task.arn == arn)
            .map(|t| Task::clone(&t.task)))
    }

    pub fn container_instances(
        &self,
        cluster: &str,
    ) -> Result<Listing<ContainerInstance>, FetchError> {
        let ci = self.cluster_index(cluster)?;
        let usage = self.instance_usage();
        let items = self
            .instances
            .iter()
            .enumerate()
            // A terminated instance is deregistered: listed no more.
            .filter(|(_, i)| i.cluster == ci && i.status != "INACTIVE")
            .map(|(ii, i)| {
                let u = usage[ii];
                ContainerInstance {
                    arn: i.arn.clone(),
                    ec2_instance_id: Some(i.ec2_id.clone()),
                    status: i.status.clone(),
                    agent_connected: i.agent_connected,
                    running_tasks: u.running,
                    pending_tasks: u.pending,
                    remaining_cpu: Some(i.cpu - u.cpu),
                    remaining_memory: Some(i.memory - u.memory),
                    registered_cpu: Some(i.cpu),
                    registered_memory: Some(i.memory),
                    instance_type: Some(i.instance_type.clone()),
                    availability_zone: Some(i.az.clone()),
                    agent_version: Some("1.89.2".into()),
                    registered_at: Some(i.registered_at),
                    market: Some(if i.spot { SPOT } else { ON_DEMAND }.into()),
                }
            })
            .collect();
        Ok(Listing::complete(items))
    }

    pub fn task_definition(&self, arn: &str) -> Result<TaskDefinition, FetchError> {
        self.task_definitions
            .get(arn)
            .cloned()
            .ok_or_else(|| FetchError::NotFound(format!("task definition {arn} not found")))
    }

    /// The families of the registered task definitions, by name.
    pub fn families(&self) -> Listing<crate::model::Family> {
        let mut names: Vec<&str> = self
            .task_definitions
            .values()
            .map(|t| t.family.as_str())
            .collect();
        names.sort_unstable();
        names.dedup();
        Listing::complete(
            names
                .into_iter()
                .map(|n| crate::model::Family { name: n.into() })
                .collect(),
        )
    }

    /// A family's revisions, newest first.
    pub fn revisions(&self, family: &str) -> Listing<TaskDefinition> {
        let mut items: Vec<TaskDefinition> = self
            .task_definitions
            .values()
            .filter(|t| t.family == family)
            .cloned()
            .collect();
        items.sort_by_key(|t| std::cmp::Reverse(t.revision));
        Listing::complete(items)
    }

    /// Resources held on each instance by tasks that are not yet stopped.
    pub fn instance_usage(&self) -> Vec<Usage> {
        let mut usage = vec![Usage::default(); self.instances.len()];
        for t in self.tasks.values() {
            if let Some(ii) = t.instance {
                if t.task.last_status == "STOPPED" {
                    continue;
                }
                let u = &mut usage[ii];
                u.cpu += t.cpu;
                u.memory += t.memory;
                match t.task.last_status.as_str() {
                    "RUNNING" => u.running += 1,
                    "PENDING" | "PROVISIONING" | "ACTIVATING" => u.pending += 1,
                    _ => {}
                }
            }
        }
        usage
    }

    pub fn seconds(n: i64) -> Duration {
        Duration::seconds(n)
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Usage {
    pub cpu: i32,
    pub memory: i32,
    pub running: i32,
    pub pending: i32,
}
