//! The ports between the console and an ECS account. [`EcsRead`] is the read port every backend
//! implements (the simulator now; AWS through the SDK). Writes will get a separate trait so that a
//! read-only console never holds a write implementation.

pub mod api_log;
pub mod aws;
mod pulse;
pub mod sim;

use crate::model::LogEvent;
use crate::model::{
    ApiCall, Cluster, ContainerInstance, FetchError, Listing, Payload, Query, ResourceFailure,
    ScalableTarget, Service, Task, TaskDefinition, TaskScope, TaskStatus,
};
use async_trait::async_trait;
use futures::stream::BoxStream;
use std::sync::Arc;

pub type FetchResult<T> = Result<T, FetchError>;

/// One update of a live tail session: the new events (often none: CloudWatch sends an update
/// every second), and whether CloudWatch sampled them (more than 500 lines a second).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LiveBatch {
    pub events: Vec<LogEvent>,
    pub sampled: bool,
}

/// A live tail session: batches of new events as they arrive; the stream ends when the session
/// does (CloudWatch Logs ends one after three hours).
pub type LiveTail = BoxStream<'static, FetchResult<LiveBatch>>;

/// One FilterLogEvents read.
#[derive(Debug, Clone, Copy)]
pub struct LogFilter<'a> {
    pub group: &'a str,
    /// These streams (more than 100 are read 100 a call), or — when empty — the whole group.
    pub streams: &'a [String],
    /// With no stream names: only streams whose names start with this.
    pub prefix: Option<&'a str>,
    /// From this instant, inclusive (ms since the epoch).
    pub start: i64,
    /// Up to this instant, inclusive; `None`: up to now.
    pub end: Option<i64>,
    /// A CloudWatch Logs filter pattern, applied on the server.
    pub pattern: Option<&'a str>,
    pub limit: usize,
    /// Keep the newest `limit` events of the window (reading it to its end) rather than the
    /// oldest.
    pub newest: bool,
}

impl<'a> LogFilter<'a> {
    pub fn new(group: &'a str, streams: &'a [String], start: i64, limit: usize) -> Self {
        Self {
            group,
            streams,
            prefix: None,
            start,
            end: None,
            pattern: None,
            limit,
            newest: false,
        }
    }
}

/// A log stream as DescribeLogStreams lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogStreamInfo {
    pub name: String,
    /// When its newest event was written (ms since the epoch); none for a stream with no events.
    pub last_event: Option<i64>,
}

/// One page of a group's streams, most recently written first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StreamPage {
    pub streams: Vec<LogStreamInfo>,
    pub next: Option<String>,
}

/// One describe batch of a task listing still coming in (rows as they arrive).
#[derive(Debug, Clone)]
pub struct TaskBatch {
    pub items: Vec<Arc<Task>>,
    /// Tasks described so far, this batch included.
    pub loaded: usize,
    /// Tasks listed so far.
    pub listed: usize,
    /// The listing is complete (`listed` is the total).
    pub listing_done: bool,
}

/// Where a listing reports its batches.
pub type BatchSink<'a> = &'a (dyn Fn(TaskBatch) + Send + Sync);

fn no_logs() -> FetchError {
    FetchError::Other("this backend has no CloudWatch Logs".into())
}

#[async_trait]
pub trait EcsRead: Send + Sync {
    /// One line naming what this backend talks to, for the header (`demo · us-east-1 · 123456789012`).
    fn target(&self) -> String;

    /// The calls this backend made recently (its own record; no API call).
    fn api_log(&self) -> Vec<ApiCall>;

    /// The region this backend reads, where it has one.
    fn region(&self) -> Option<String> {
        None
    }

    /// The same account in another region (for `:pulse` over several regions), where possible.
    fn for_region(&self, region: &str) -> Option<std::sync::Arc<dyn EcsRead>> {
        let _ = region;
        None
    }

    /// The profile this backend's credentials come from, where it has one by name.
    fn profile(&self) -> Option<String> {
        None
    }

    /// Another account, by its AWS profile, in `region` (else the profile's own), for `:pulse`
    /// over several accounts: with its own clients and rate budget, its calls in this backend's
    /// API log. An error is why that account cannot be read (its credentials, say).
    async fn for_account(
        &self,
        profile: &str,
        region: Option<&str>,
    ) -> FetchResult<std::sync::Arc<dyn EcsRead>> {
        let _ = (profile, region);
        Err(FetchError::Other(
            "this console reads one account only".into(),
        ))
    }

    async fn clusters(&self) -> FetchResult<Listing<Cluster>>;
    async fn services(&self, cluster: &str) -> FetchResult<Listing<Service>>;
    async fn tasks(
        &self,
        cluster: &str,
        scope: &TaskScope,
        status: TaskStatus,
    ) -> FetchResult<Listing<Arc<Task>>>;
    /// [`EcsRead::tasks`], reporting each describe batch to `sink` as it is answered, for views
    /// that fill batch by batch. Where a backend answers at once there are no batches.
    async fn tasks_in_batches(
        &self,
        cluster: &str,
        scope: &TaskScope,
        status: TaskStatus,
        sink: BatchSink<'_>,
    ) -> FetchResult<Listing<Arc<Task>>> {
        let _ = sink;
        self.tasks(cluster, scope, status).await
    }
    async fn task(&self, cluster: &str, arn: &str) -> FetchResult<Option<Task>>;
    /// These tasks of a cluster, by ARN (DescribeTasks, 100 a call): what an event names,
    /// without listing the cluster again. An ARN not found is a failure with that ARN.
    async fn tasks_by_arn(
        &self,
        cluster: &str,
        arns: &[String],
    ) -> FetchResult<Listing<Arc<Task>>> {
        let mut listing = Listing::complete(Vec::new());
        for arn in arns {
            match self.task(cluster, arn).await? {
                Some(t) => listing.items.push(Arc::new(t)),
                None => listing.failures.push(ResourceFailure {
                    arn: Some(arn.clone()),
                    reason: "MISSING".into(),
                }),
            }
        }
        Ok(listing)
    }
    /// These services of a cluster, by name (DescribeServices, 10 a call).
    async fn services_by_name(
        &self,
        cluster: &str,
        names: &[String],
    ) -> FetchResult<Listing<Service>> {
        let mut listing = self.services(cluster).await?;
        listing.items.retain(|s| names.contains(&s.name));
        Ok(listing)
    }
    async fn container_instances(&self, cluster: &str) -> FetchResult<Listing<ContainerInstance>>;
    async fn task_definition(&self, arn: &str) -> FetchResult<TaskDefinition>;
    /// The task definition families, every page.
    async fn families(&self) -> FetchResult<Listing<crate::model::Family>> {
        Err(FetchError::Other(
            "this backend lists no task definitions".into(),
        ))
    }
    /// A family's revisions, newest first: ACTIVE and INACTIVE, every page; the newest
    /// [`DESCRIBED_REVISIONS`] described, the rest as listed (`listed_only`).
    async fn revisions(&self, family: &str) -> FetchResult<Listing<TaskDefinition>> {
        let _ = family;
        Err(FetchError::Other(
            "this backend lists no task definitions".into(),
        ))
    }
    /// CPU and memory of these services, a point a minute over the last half hour.
    async fn service_metrics(
        &self,
        cluster: &str,
        services: &[String],
    ) -> FetchResult<crate::model::MetricsData> {
        let _ = (cluster, services);
        Err(FetchError::Other("this backend has no metrics".into()))
    }

    /// CPU and memory of these tasks (Container Insights), as percentages of each task's size,
    /// by task id; a task without figures is left out.
    async fn task_metrics(
        &self,
        cluster: &str,
        tasks: &[crate::model::TaskMetricKey],
    ) -> FetchResult<crate::model::MetricsData> {
        let _ = (cluster, tasks);
        Err(FetchError::Other("this backend has no metrics".into()))
    }

    /// The load balancer targets of these services (none named: every service of the
    /// cluster), each matched to its task when `tasks` is set.
    async fn targets(
        &self,
        cluster: &str,
        services: &[String],
        tasks: bool,
    ) -> FetchResult<crate::model::TargetsData> {
        let _ = (cluster, services, tasks);
        Err(FetchError::Other(
            "this backend has no load balancers".into(),
        ))
    }

    /// CloudWatch alarms (DescribeAlarms, every page), of one state or of all.
    async fn alarms(&self, state: Option<&str>) -> FetchResult<Vec<crate::model::Alarm>> {
        let _ = state;
        Err(FetchError::Other("this backend has no alarms".into()))
    }

    /// A cluster's capacity providers, its default strategy and its services' strategies.
    async fn capacity(&self, cluster: &str) -> FetchResult<crate::model::CapacityData> {
        let _ = cluster;
        Err(FetchError::Other(
            "this backend has no capacity providers".into(),
        ))
    }

    /// The auto scaling of a service (or of every service of a cluster): scalable targets,
    /// policies, scheduled actions and recent activities.
    async fn scaling(
        &self,
        cluster: &str,
        service: Option<&str>,
    ) -> FetchResult<crate::model::ScalingData> {
        let _ = (cluster, service);
        Err(FetchError::Other("this backend has no auto scaling".into()))
    }

    /// The scaling activities of a service's scalable target, or of every service of a
    /// cluster, newest first (DescribeScalingActivities).
    async fn scaling_activities(
        &self,
        cluster: &str,
        service: Option<&str>,
    ) -> FetchResult<Vec<crate::model::ScalingActivity>> {
        let _ = (cluster, service);
        Ok(Vec::new())
    }

    /// The service's Application Auto Scaling scalable target, if it has one.
    async fn scalable_target(
        &self,
        cluster: &str,
        service: &str,
    ) -> FetchResult<Option<ScalableTarget>>;

    /// The newest `limit` events of one stream, oldest first (GetLogEvents from the tail).
    async fn log_tail(
        &self,
        group: &str,
        stream: &str,
        limit: usize,
    ) -> FetchResult<Vec<LogEvent>> {
        let _ = (group, stream, limit);
        Err(no_logs())
    }

    /// Events of some streams of one group from `start` (ms since the epoch, inclusive), oldest
    /// first, interleaved by time, at most `limit` (FilterLogEvents, paged).
    async fn log_events(
        &self,
        group: &str,
        streams: &[String],
        start: i64,
        limit: usize,
    ) -> FetchResult<Vec<LogEvent>> {
        self.filter_events(&LogFilter::new(group, streams, start, limit))
            .await
    }

    /// A FilterLogEvents read as `filter` says, oldest first, interleaved by time.
    async fn filter_events(&self, filter: &LogFilter<'_>) -> FetchResult<Vec<LogEvent>> {
        let _ = filter;
        Err(no_logs())
    }

    /// A page of a group's streams (DescribeLogStreams): most recently written first or — with a
    /// name prefix, which the API does not order by time — by name; `next` is the previous
    /// page's token.
    async fn log_streams(
        &self,
        group: &str,
        prefix: Option<&str>,
        next: Option<&str>,
    ) -> FetchResult<StreamPage> {
        let _ = (group, prefix, next);
        Err(no_logs())
    }

    /// A live tail of these streams (StartLiveTail); `Ok(None)` where the backend has none, and
    /// the caller polls instead. `groups` are `(name, arn)` pairs.
    async fn live_tail(
        &self,
        groups: &[(String, String)],
        streams: &[String],
    ) -> FetchResult<Option<LiveTail>> {
        let _ = (groups, streams);
        Ok(None)
    }
}

/// How many of a family's newest revisions a listing describes (one DescribeTaskDefinition
/// each, remembered: a revision never changes but for its status).
pub const DESCRIBED_REVISIONS: usize = 30;

/// The write port: every way the console can change an account. A separate trait from
/// [`EcsRead`], so that a read-only console, which never builds an implementation of it, cannot
/// express a mutating call at all.
#[async_trait]
pub trait EcsWrite: Send + Sync {
    /// UpdateService(desiredCount).
    async fn set_desired_count(
        &self,
        cluster: &str,
        service: &str,
        desired: i32,
    ) -> FetchResult<()>;
    /// UpdateService(forceNewDeployment).
    async fn force_new_deployment(&self, cluster: &str, service: &str) -> FetchResult<()>;
    /// UpdateService(taskDefinition), sending nothing else (no iam:PassRole needed): a rollback,
    /// or a move to another revision.
    async fn set_task_definition(
        &self,
        cluster: &str,
        service: &str,
        task_definition: &str,
    ) -> FetchResult<()>;
    /// StopServiceDeployment(ROLLBACK) of the service's deployment in progress.
    async fn stop_deployment(&self, cluster: &str, service: &str) -> FetchResult<()>;
    /// StopTask with a reason (at most 255 characters).
    async fn stop_task(&self, cluster: &str, task: &str, reason: &str) -> FetchResult<()>;
    /// UpdateContainerInstancesState of at most 10 instances: DRAINING, or back to ACTIVE.
    async fn set_instances_state(
        &self,
        cluster: &str,
        instances: &[String],
        draining: bool,
    ) -> FetchResult<Vec<ResourceFailure>>;
    /// RegisterScalableTarget: new min / max of a service's desired count.
    async fn set_scalable_target(
        &self,
        cluster: &str,
        service: &str,
        min: i32,
        max: i32,
    ) -> FetchResult<()>;
    /// UpdateService(enableExecuteCommand=true).
    async fn enable_exec(&self, cluster: &str, service: &str) -> FetchResult<()>;
    /// ExecuteCommand (interactive), then what joining the session takes (the container's
    /// runtime id from DescribeTasks, the region, profile and endpoint).
    async fn execute_command(
        &self,
        cluster: &str,
        task: &str,
        container: &str,
        command: &str,
    ) -> FetchResult<crate::model::ExecSession>;
}

/// Answer a [`Query`] from a backend. The one place that maps queries onto port calls, shared by the
/// sync layer and by test harnesses.
pub async fn fetch(backend: &dyn EcsRead, query: &Query) -> FetchResult<Payload> {
    fetch_in_batches(backend, query, &|_| {}).await
}

/// [`fetch`], with a task listing's batches reported to `sink` as they are answered.
pub async fn fetch_in_batches(
    backend: &dyn EcsRead,
    query: &Query,
    sink: BatchSink<'_>,
) -> FetchResult<Payload> {
    Ok(match query {
        Query::Clusters => Payload::Clusters(backend.clusters().await?),
        Query::Services { cluster } => Payload::Services(backend.services(cluster).await?),
        Query::Tasks {
            cluster,
            scope,
            status,
        } => Payload::Tasks(
            backend
                .tasks_in_batches(cluster, scope, *status, sink)
                .await?,
        ),
        Query::Task { cluster, arn } => {
            Payload::Task(backend.task(cluster, arn).await?.map(Box::new))
        }
        Query::Instances { cluster } => {
            Payload::Instances(backend.container_instances(cluster).await?)
        }
        Query::ApiLog => Payload::ApiCalls(backend.api_log()),
        Query::Profiles => Payload::Profiles(aws::profiles::list()),
        Query::Pulse { scopes } if scopes.is_empty() => {
            Payload::Pulse(Box::new(pulse::pulse(backend).await?))
        }
        Query::Pulse { scopes } => {
            Payload::Pulse(Box::new(pulse::pulse_scopes(backend, scopes).await))
        }
        Query::TaskDefinition { arn } => {
            Payload::TaskDefinition(Box::new(backend.task_definition(arn).await?))
        }
        Query::ServiceMetrics { cluster, services } => {
            Payload::Metrics(Box::new(backend.service_metrics(cluster, services).await?))
        }
        Query::TaskMetrics { cluster, tasks } => {
            Payload::Metrics(Box::new(backend.task_metrics(cluster, tasks).await?))
        }
        Query::Targets {
            cluster,
            services,
            tasks,
        } => Payload::Targets(Box::new(backend.targets(cluster, services, *tasks).await?)),
        Query::Alarms => Payload::Alarms(backend.alarms(None).await?),
        Query::Capacity { cluster } => {
            Payload::Capacity(Box::new(backend.capacity(cluster).await?))
        }
        Query::Scaling { cluster, service } => Payload::Scaling(Box::new(
            backend.scaling(cluster, service.as_deref()).await?,
        )),
        Query::Timeline { cluster, service } => Payload::Timeline(Box::new(
            timeline(backend, cluster, service.as_deref()).await?,
        )),
        Query::ScalableTarget { cluster, service } => {
            Payload::ScalableTarget(backend.scalable_target(cluster, service).await?)
        }
        Query::Families => Payload::Families(backend.families().await?),
        Query::Revisions { family } => Payload::Revisions(backend.revisions(family).await?),
    })
}

/// A timeline's data: services, stopped tasks and scaling activities, read at once. Without
/// the services there is no timeline; without the scaling activities (not allowed, say) the
/// rest still shows.
async fn timeline(
    backend: &dyn EcsRead,
    cluster: &str,
    service: Option<&str>,
) -> FetchResult<crate::model::TimelineData> {
    let scope = match service {
        Some(s) => TaskScope::Service(s.to_string()),
        None => TaskScope::Cluster,
    };
    let names: Vec<String> = service.map(str::to_string).into_iter().collect();
    let services = async {
        match service {
            Some(_) => backend.services_by_name(cluster, &names).await,
            None => backend.services(cluster).await,
        }
    };
    let (services, stopped, scaling) = futures::join!(
        services,
        backend.tasks(cluster, &scope, TaskStatus::Stopped),
        backend.scaling_activities(cluster, service)
    );
    let services = services?;
    let stopped = stopped?;
    let mut failures = services.failures;
    failures.extend(stopped.failures);
    Ok(crate::model::TimelineData {
        services: services.items,
        stopped: stopped.items,
        scaling: scaling.map_err(|e| e.to_string()),
        failures,
    })
}
