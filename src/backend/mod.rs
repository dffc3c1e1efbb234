//! The ports between the console and an ECS account. [`EcsRead`] is the read port every backend
//! implements (the simulator now; AWS through the SDK). Writes will get a separate trait so that a
//! read-only console never holds a write implementation.

pub mod api_log;
pub mod aws;
pub mod sim;

use crate::model::{
    ApiCall, Cluster, ContainerInstance, FetchError, Listing, Payload, Query, Service, Task,
    TaskDefinition, TaskScope, TaskStatus,
};
use async_trait::async_trait;

pub type FetchResult<T> = Result<T, FetchError>;

#[async_trait]
pub trait EcsRead: Send + Sync {
    /// One line naming what this backend talks to, for the header (`demo · us-east-1 · 123456789012`).
    fn target(&self) -> String;

    /// The calls this backend made recently (its own record; no API call).
    fn api_log(&self) -> Vec<ApiCall>;

    async fn clusters(&self) -> FetchResult<Listing<Cluster>>;
    async fn services(&self, cluster: &str) -> FetchResult<Listing<Service>>;
    async fn tasks(
        &self,
        cluster: &str,
        scope: &TaskScope,
        status: TaskStatus,
    ) -> FetchResult<Listing<Task>>;
    async fn task(&self, cluster: &str, arn: &str) -> FetchResult<Option<Task>>;
    async fn container_instances(&self, cluster: &str) -> FetchResult<Listing<ContainerInstance>>;
    async fn task_definition(&self, arn: &str) -> FetchResult<TaskDefinition>;
}

/// Answer a [`Query`] from a backend. The one place that maps queries onto port calls, shared by the
/// sync layer and by test harnesses.
pub async fn fetch(backend: &dyn EcsRead, query: &Query) -> FetchResult<Payload> {
    Ok(match query {
        Query::Clusters => Payload::Clusters(backend.clusters().await?),
        Query::Services { cluster } => Payload::Services(backend.services(cluster).await?),
        Query::Tasks {
            cluster,
            scope,
            status,
        } => Payload::Tasks(backend.tasks(cluster, scope, *status).await?),
        Query::Task { cluster, arn } => {
            Payload::Task(backend.task(cluster, arn).await?.map(Box::new))
        }
        Query::Instances { cluster } => {
            Payload::Instances(backend.container_instances(cluster).await?)
        }
        Query::ApiLog => Payload::ApiCalls(backend.api_log()),
    })
}
