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

use super::{EcsRead, FetchResult};
use crate::clock::Clock;
use crate::model::{
    Cluster, ContainerInstance, Listing, Service, Task, TaskDefinition, TaskScope, TaskStatus,
};
use async_trait::async_trait;
use chrono::{DurationRound, TimeDelta};
use std::sync::{Arc, Mutex, MutexGuard};

pub struct SimBackend {
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

#[async_trait]
impl EcsRead for SimBackend {
    fn target(&self) -> String {
        format!("demo · seed {} · us-east-1 · 123456789012", self.seed)
    }

    async fn clusters(&self) -> FetchResult<Listing<Cluster>> {
        self.faults.gate("ListClusters").await?;
        Ok(self.world().clusters())
    }

    async fn services(&self, cluster: &str) -> FetchResult<Listing<Service>> {
        self.faults.gate("ListServices").await?;
        self.world().services(cluster)
    }

    async fn tasks(
        &self,
        cluster: &str,
        scope: &TaskScope,
        status: TaskStatus,
    ) -> FetchResult<Listing<Task>> {
        self.faults.gate("ListTasks").await?;
        self.world().tasks(cluster, scope, status)
    }

    async fn task(&self, cluster: &str, arn: &str) -> FetchResult<Option<Task>> {
        self.faults.gate("DescribeTasks").await?;
        self.world().task(cluster, arn)
    }

    async fn container_instances(&self, cluster: &str) -> FetchResult<Listing<ContainerInstance>> {
        self.faults.gate("ListContainerInstances").await?;
        self.world().container_instances(cluster)
    }

    async fn task_definition(&self, arn: &str) -> FetchResult<TaskDefinition> {
        self.faults.gate("DescribeTaskDefinition").await?;
        self.world().task_definition(arn)
    }
}
