//! The simulated account: the embedded default (`--demo`), the fixture of the end-to-end tests and
//! the load generator of the benchmarks. It implements the same read port as the AWS backend.

mod dynamics;
mod faults;
mod scenario;
mod seed;
mod world;

pub use faults::{FaultInjector, Faults};
pub use scenario::ScenarioOptions;
pub use world::World;

use super::api_log::{outcome_of, ApiLog};
use super::{EcsRead, FetchResult};
use crate::clock::Clock;
use crate::model::{
    ApiCall, Cluster, ContainerInstance, Listing, Service, Task, TaskDefinition, TaskScope,
    TaskStatus,
};
use async_trait::async_trait;
use chrono::{DurationRound, TimeDelta};
use std::sync::{Arc, Mutex, MutexGuard};

pub struct SimBackend {
    log: ApiLog,
    world: Mutex<World>,
    clock: Arc<dyn Clock>,
    faults: FaultInjector,
    seed: u64,
}

impl SimBackend {
    /// Build the demo account as it is at the clock's current instant.
    pub fn new(opts: ScenarioOptions, clock: Arc<dyn Clock>) -> Self {
        let t0 = clock.now();
        let t0 = t0.duration_trunc(TimeDelta::seconds(1)).unwrap_or(t0);
        Self {
            log: ApiLog::new(clock.clone()),
            world: Mutex::new(scenario::build(opts, t0)),
            clock,
            faults: FaultInjector::new(opts.seed),
            seed: opts.seed,
        }
    }

    pub fn faults(&self) -> &FaultInjector {
        &self.faults
    }

    /// The world, advanced to the clock's current instant.
    pub fn world(&self) -> MutexGuard<'_, World> {
        let mut w = self.world.lock().unwrap_or_else(|p| p.into_inner());
        w.advance_to(self.clock.now());
        w
    }
}

impl SimBackend {
    /// One simulated call: faults first, then the world answers; recorded for `:api`.
    async fn answer<T>(
        &self,
        op: &str,
        target: &str,
        read: impl FnOnce(&World) -> FetchResult<T>,
    ) -> FetchResult<T> {
        let started = std::time::Instant::now();
        let result = match self.faults.gate(op).await {
            Ok(()) => read(&self.world()),
            Err(e) => Err(e),
        };
        let outcome = outcome_of(&result, |_| String::new());
        self.log.record(op, target, started.elapsed(), outcome);
        result
    }
}

#[async_trait]
impl EcsRead for SimBackend {
    fn target(&self) -> String {
        format!("demo · seed {} · us-east-1 · 123456789012", self.seed)
    }

    fn api_log(&self) -> Vec<ApiCall> {
        self.log.snapshot()
    }

    async fn clusters(&self) -> FetchResult<Listing<Cluster>> {
        self.answer("ListClusters", "", |w| Ok(w.clusters())).await
    }

    async fn services(&self, cluster: &str) -> FetchResult<Listing<Service>> {
        self.answer("ListServices", cluster, |w| w.services(cluster))
            .await
    }

    async fn tasks(
        &self,
        cluster: &str,
        scope: &TaskScope,
        status: TaskStatus,
    ) -> FetchResult<Listing<Task>> {
        self.answer("ListTasks", cluster, |w| w.tasks(cluster, scope, status))
            .await
    }

    async fn task(&self, cluster: &str, arn: &str) -> FetchResult<Option<Task>> {
        self.answer("DescribeTasks", cluster, |w| w.task(cluster, arn))
            .await
    }

    async fn container_instances(&self, cluster: &str) -> FetchResult<Listing<ContainerInstance>> {
        self.answer("ListContainerInstances", cluster, |w| {
            w.container_instances(cluster)
        })
        .await
    }

    async fn task_definition(&self, arn: &str) -> FetchResult<TaskDefinition> {
        self.answer("DescribeTaskDefinition", arn, |w| w.task_definition(arn))
            .await
    }
}
