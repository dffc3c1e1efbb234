//! The simulated account: the embedded default (`--demo`), the fixture of the end-to-end tests and
//! the load generator of the benchmarks. It implements the same read port as the AWS backend.

mod accounts;
mod alarms;
mod capacity;
mod dynamics;
mod events;
mod faults;
mod logs;
mod metrics;
mod revisions;
mod scaling;
mod scenario;
mod seed;
mod spawn;
mod spot;
mod targets;
mod world;
mod writes;

pub use events::EVENTS_GROUP;
pub use faults::{FaultInjector, Faults};
pub use scenario::{ScenarioOptions, DEMO_PROFILE, EXPIRED_PROFILE, SANDBOX_PROFILE};
pub use world::World;

use super::api_log::{outcome_of, ApiLog};
use super::{EcsRead, EcsWrite, FetchResult, LiveTail};
use crate::clock::Clock;
use crate::model::{
    ApiCall, Cluster, ContainerInstance, Listing, LogEvent, ResourceFailure, ScalableTarget,
    Service, Task, TaskDefinition, TaskScope, TaskStatus,
};
use async_trait::async_trait;
use chrono::{DurationRound, TimeDelta};
use std::sync::{Arc, Mutex, MutexGuard};

/// What the reader and the writer of one simulated account share.
struct Inner {
    log: ApiLog,
    world: Mutex<World>,
    clock: Arc<dyn Clock>,
    faults: FaultInjector,
    seed: u64,
    /// The header's line: `demo · seed 7 · us-east-1 · 123456789012`.
    target: String,
    /// Other simulated accounts read so far (by profile), for `:pulse @sandbox`.
    accounts: Mutex<std::collections::HashMap<String, Arc<SimBackend>>>,
}

impl Inner {
    /// The world, advanced to the clock's current instant.
    fn world(&self) -> MutexGuard<'_, World> {
        let mut w = self.world.lock().unwrap_or_else(|p| p.into_inner());
        w.advance_to(self.clock.now());
        w
    }

    /// One simulated GetMetricData of two metrics for each of `series`, as the AWS adapter
    /// names it in `:api`.
    async fn metrics<T>(
        &self,
        cluster: &str,
        series: usize,
        what: &str,
        read: impl FnOnce(&mut World, crate::model::Timestamp) -> FetchResult<T>,
    ) -> FetchResult<T> {
        let now = self.clock.now();
        let target = format!("{cluster}: {} metrics{what}, billed per metric", series * 2);
        self.answer("GetMetricData", &target, |w| read(w, now))
            .await
    }

    /// One simulated call: faults first, then the world answers; recorded for `:api`.
    async fn answer<T>(
        &self,
        op: &str,
        target: &str,
        act: impl FnOnce(&mut World) -> FetchResult<T>,
    ) -> FetchResult<T> {
        let started = std::time::Instant::now();
        let result = match self.faults.gate(op).await {
            Ok(()) => act(&mut self.world()),
            Err(e) => Err(e),
        };
        self.log.record(
            op,
            target,
            started.elapsed(),
            outcome_of(&result, |_| String::new()),
        );
        result
    }
}

/// The read side of the simulated account.
pub struct SimBackend {
    inner: Arc<Inner>,
}

impl SimBackend {
    /// Build the demo account as it is at the clock's current instant.
    pub fn new(opts: ScenarioOptions, clock: Arc<dyn Clock>) -> Self {
        let t0 = clock.now();
        let t0 = t0.duration_trunc(TimeDelta::seconds(1)).unwrap_or(t0);
        Self::of(
            scenario::build(opts, t0),
            opts.seed,
            ApiLog::new(clock.clone()),
            clock,
        )
    }

    fn of(world: World, seed: u64, log: ApiLog, clock: Arc<dyn Clock>) -> Self {
        let target = format!("demo · seed {seed} · {} · {}", world.region, world.account);
        let inner = Inner {
            log,
            world: Mutex::new(world),
            clock,
            faults: FaultInjector::new(seed),
            seed,
            target,
            accounts: Default::default(),
        };
        Self {
            inner: Arc::new(inner),
        }
    }

    pub fn faults(&self) -> &FaultInjector {
        &self.inner.faults
    }

    /// The world, advanced to the clock's current instant.
    pub fn world(&self) -> MutexGuard<'_, World> {
        self.inner.world()
    }

    /// The write side of the same account. Only a console that may change the account builds one.
    pub fn writer(&self) -> SimWriter {
        SimWriter {
            inner: self.inner.clone(),
        }
    }
}

#[async_trait]
impl EcsRead for SimBackend {
    fn target(&self) -> String {
        self.inner.target.clone()
    }

    fn profile(&self) -> Option<String> {
        Some(scenario::DEMO_PROFILE.into())
    }

    /// The demo's other accounts: `sandbox` (a small account with a crash loop) and `expired`
    /// (whose SSO session has ended, so it can never be read), for `:pulse @sandbox @expired`.
    async fn for_account(
        &self,
        profile: &str,
        region: Option<&str>,
    ) -> FetchResult<Arc<dyn EcsRead>> {
        self.account(profile, region)
    }

    fn api_log(&self) -> Vec<ApiCall> {
        self.inner.log.snapshot()
    }

    fn region(&self) -> Option<String> {
        Some("us-east-1".into())
    }

    async fn clusters(&self) -> FetchResult<Listing<Cluster>> {
        self.inner
            .answer("ListClusters", "", |w| Ok(w.clusters()))
            .await
    }

    async fn services(&self, cluster: &str) -> FetchResult<Listing<Service>> {
        self.inner
            .answer("ListServices", cluster, |w| w.services(cluster))
            .await
    }

    async fn tasks(
        &self,
        cluster: &str,
        scope: &TaskScope,
        status: TaskStatus,
    ) -> FetchResult<Listing<std::sync::Arc<Task>>> {
        self.inner
            .answer("ListTasks", cluster, |w| w.tasks(cluster, scope, status))
            .await
    }

    async fn task(&self, cluster: &str, arn: &str) -> FetchResult<Option<Task>> {
        self.inner
            .answer("DescribeTasks", cluster, |w| w.task(cluster, arn))
            .await
    }

    async fn tasks_by_arn(
        &self,
        cluster: &str,
        arns: &[String],
    ) -> FetchResult<Listing<std::sync::Arc<Task>>> {
        self.inner
            .answer("DescribeTasks", cluster, |w| w.tasks_by_arn(cluster, arns))
            .await
    }

    async fn services_by_name(
        &self,
        cluster: &str,
        names: &[String],
    ) -> FetchResult<Listing<Service>> {
        self.inner
            .answer("DescribeServices", cluster, |w| {
                let mut l = w.services(cluster)?;
                l.items.retain(|s| names.contains(&s.name));
                Ok(l)
            })
            .await
    }

    async fn container_instances(&self, cluster: &str) -> FetchResult<Listing<ContainerInstance>> {
        self.inner
            .answer("ListContainerInstances", cluster, |w| {
                w.container_instances(cluster)
            })
            .await
    }

    async fn service_metrics(
        &self,
        cluster: &str,
        services: &[String],
    ) -> FetchResult<crate::model::MetricsData> {
        self.inner
            .metrics(cluster, services.len(), "", |w, now| {
                w.service_metrics(cluster, services, now)
            })
            .await
    }

    async fn task_metrics(
        &self,
        cluster: &str,
        tasks: &[crate::model::TaskMetricKey],
    ) -> FetchResult<crate::model::MetricsData> {
        self.inner
            .metrics(cluster, tasks.len(), " (Container Insights)", |w, now| {
                w.task_metrics(cluster, tasks, now)
            })
            .await
    }

    async fn targets(
        &self,
        cluster: &str,
        services: &[String],
        _tasks: bool,
    ) -> FetchResult<crate::model::TargetsData> {
        self.inner
            .answer(
                "DescribeTargetHealth",
                &format!("{cluster}: {} services", services.len()),
                |w| w.targets(cluster, services),
            )
            .await
    }

    async fn alarms(&self, state: Option<&str>) -> FetchResult<Vec<crate::model::Alarm>> {
        self.inner
            .answer("DescribeAlarms", state.unwrap_or("every state"), |w| {
                Ok(w.alarms(state))
            })
            .await
    }

    async fn capacity(&self, cluster: &str) -> FetchResult<crate::model::CapacityData> {
        self.inner
            .answer("DescribeCapacityProviders", cluster, |w| {
                w.capacity(cluster)
            })
            .await
    }

    async fn scaling(
        &self,
        cluster: &str,
        service: Option<&str>,
    ) -> FetchResult<crate::model::ScalingData> {
        self.inner
            .answer(
                "DescribeScalingPolicies",
                &format!("{cluster}/{}", service.unwrap_or("*")),
                |w| w.scaling(cluster, service),
            )
            .await
    }

    async fn scaling_activities(
        &self,
        cluster: &str,
        service: Option<&str>,
    ) -> FetchResult<Vec<crate::model::ScalingActivity>> {
        let target = format!("{cluster}/{}", service.unwrap_or("*"));
        self.inner
            .answer("DescribeScalingActivities", &target, |w| {
                w.scaling_activities(cluster, service)
            })
            .await
    }

    async fn scalable_target(
        &self,
        cluster: &str,
        service: &str,
    ) -> FetchResult<Option<ScalableTarget>> {
        self.inner
            .answer(
                "DescribeScalableTargets",
                &format!("{cluster}/{service}"),
                |w| w.scalable_target(cluster, service),
            )
            .await
    }

    async fn task_definition(&self, arn: &str) -> FetchResult<TaskDefinition> {
        self.inner
            .answer("DescribeTaskDefinition", arn, |w| w.task_definition(arn))
            .await
    }

    async fn families(&self) -> FetchResult<Listing<crate::model::Family>> {
        self.inner
            .answer("ListTaskDefinitionFamilies", "", |w| Ok(w.families()))
            .await
    }

    async fn revisions(&self, family: &str) -> FetchResult<Listing<TaskDefinition>> {
        self.inner
            .answer("ListTaskDefinitions", family, |w| Ok(w.revisions(family)))
            .await
    }

    async fn log_tail(
        &self,
        group: &str,
        stream: &str,
        limit: usize,
    ) -> FetchResult<Vec<LogEvent>> {
        let seed = self.inner.seed;
        self.inner
            .answer("GetLogEvents", stream, |w| {
                w.log_tail(seed, group, stream, limit)
            })
            .await
    }

    async fn filter_events(
        &self,
        filter: &crate::backend::LogFilter<'_>,
    ) -> FetchResult<Vec<LogEvent>> {
        let seed = self.inner.seed;
        self.inner
            .answer("FilterLogEvents", filter.group, |w| {
                Ok(w.filter_events(seed, filter))
            })
            .await
    }

    async fn log_streams(
        &self,
        group: &str,
        prefix: Option<&str>,
        next: Option<&str>,
    ) -> FetchResult<crate::backend::StreamPage> {
        self.inner
            .answer("DescribeLogStreams", group, |w| {
                Ok(w.log_streams(group, prefix, next))
            })
            .await
    }

    async fn live_tail(
        &self,
        groups: &[(String, String)],
        streams: &[String],
    ) -> FetchResult<Option<LiveTail>> {
        let label = groups
            .iter()
            .map(|(name, _)| name.as_str())
            .collect::<Vec<_>>()
            .join(",");
        self.inner
            .answer("StartLiveTail", &label, |_| Ok(()))
            .await?;
        let inner = self.inner.clone();
        let groups: Vec<String> = groups.iter().map(|(name, _)| name.clone()).collect();
        let streams = streams.to_vec();
        let cursor = inner.clock.now().timestamp_millis();
        let session = futures::stream::unfold(cursor, move |cursor| {
            let (inner, groups, streams) = (inner.clone(), groups.clone(), streams.clone());
            async move {
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                let now = inner.clock.now().timestamp_millis();
                let batch = match inner.faults.gate("StartLiveTail").await {
                    Err(e) => Err(e),
                    Ok(()) => {
                        let w = inner.world();
                        let mut all: Vec<LogEvent> = groups
                            .iter()
                            .flat_map(|g| {
                                w.filter_events(
                                    inner.seed,
                                    &crate::backend::LogFilter::new(
                                        g,
                                        &streams,
                                        cursor + 1,
                                        10_000,
                                    ),
                                )
                            })
                            .filter(|e| e.timestamp <= now)
                            .collect();
                        all.sort_by_key(|e| e.timestamp);
                        // CloudWatch samples above 500 lines a second.
                        let sampled = all.len() > 500;
                        Ok(crate::backend::LiveBatch {
                            events: all,
                            sampled,
                        })
                    }
                };
                let next = if batch.is_ok() {
                    now.max(cursor)
                } else {
                    cursor
                };
                Some((batch, next))
            }
        });
        Ok(Some(Box::pin(session)))
    }
}

/// The write side of the simulated account.
pub struct SimWriter {
    inner: Arc<Inner>,
}

#[async_trait]
impl EcsWrite for SimWriter {
    async fn set_desired_count(
        &self,
        cluster: &str,
        service: &str,
        desired: i32,
    ) -> FetchResult<()> {
        self.inner
            .answer("UpdateService", &format!("{cluster}/{service}"), |w| {
                w.set_desired(cluster, service, desired)
            })
            .await
    }

    async fn force_new_deployment(&self, cluster: &str, service: &str) -> FetchResult<()> {
        self.inner
            .answer("UpdateService", &format!("{cluster}/{service}"), |w| {
                w.force_deployment(cluster, service)
            })
            .await
    }

    async fn set_task_definition(
        &self,
        cluster: &str,
        service: &str,
        task_definition: &str,
    ) -> FetchResult<()> {
        let target = format!(
            "{cluster}/{service} taskDefinition={}",
            crate::model::family_revision(task_definition)
        );
        self.inner
            .answer("UpdateService", &target, |w| {
                w.set_task_definition(cluster, service, task_definition)
            })
            .await
    }

    async fn stop_deployment(&self, cluster: &str, service: &str) -> FetchResult<()> {
        self.inner
            .answer(
                "StopServiceDeployment",
                &format!("{cluster}/{service} ROLLBACK"),
                |w| w.stop_deployment(cluster, service),
            )
            .await
    }

    async fn stop_task(&self, cluster: &str, task: &str, reason: &str) -> FetchResult<()> {
        let target = format!("{cluster}/{}", crate::model::short_id(task));
        self.inner
            .answer("StopTask", &target, |w| w.stop_task(cluster, task, reason))
            .await
    }

    async fn set_instances_state(
        &self,
        cluster: &str,
        instances: &[String],
        draining: bool,
    ) -> FetchResult<Vec<ResourceFailure>> {
        let target = format!("{cluster} ({})", instances.len());
        self.inner
            .answer("UpdateContainerInstancesState", &target, |w| {
                w.set_instances_state(cluster, instances, draining)
            })
            .await
    }

    async fn set_scalable_target(
        &self,
        cluster: &str,
        service: &str,
        min: i32,
        max: i32,
    ) -> FetchResult<()> {
        self.inner
            .answer(
                "RegisterScalableTarget",
                &format!("{cluster}/{service}"),
                |w| w.set_scalable_target(cluster, service, min, max),
            )
            .await
    }

    async fn enable_exec(&self, cluster: &str, service: &str) -> FetchResult<()> {
        self.inner
            .answer(
                "UpdateService",
                &format!("{cluster}/{service} enableExecuteCommand"),
                |w| w.enable_exec(cluster, service),
            )
            .await
    }

    async fn execute_command(
        &self,
        cluster: &str,
        task: &str,
        container: &str,
        _command: &str,
    ) -> FetchResult<crate::model::ExecSession> {
        let target = format!("{cluster}/{}/{container}", crate::model::short_id(task));
        self.inner
            .answer("ExecuteCommand", &target, |w| {
                w.execute_command(cluster, task)
            })
            .await
    }
}
