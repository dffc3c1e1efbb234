//! What the console asks of a backend ([`Query`]), what comes back ([`Payload`]) and how it can fail
//! ([`FetchError`]). Queries are the identity of a data source: the sync layer keeps one request in
//! flight per query.

use super::status;
use super::{ApiCall, Cluster, ContainerInstance, Service, Task, TaskDefinition};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TaskStatus {
    Running,
    Stopped,
}

impl TaskStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TaskStatus::Running => status::RUNNING,
            TaskStatus::Stopped => status::STOPPED,
        }
    }
}

/// Which tasks of a cluster.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TaskScope {
    Cluster,
    Service(String),
    /// A container instance ARN.
    Instance(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Query {
    Clusters,
    Services {
        cluster: String,
    },
    Tasks {
        cluster: String,
        scope: TaskScope,
        status: TaskStatus,
    },
    /// One task (with its containers), by ARN.
    Task {
        cluster: String,
        arn: String,
    },
    Instances {
        cluster: String,
    },
    /// The console's own record of its recent API calls (no API call itself).
    ApiLog,
    /// Every cluster's services, stopped tasks and instances, for `:pulse`: of this account and
    /// region, or of each account and region named (cluster names then carry their scope:
    /// `eu-west-1/prod`, `@staging/api`).
    Pulse {
        scopes: Vec<super::PulseScope>,
    },
    /// The AWS profiles of the shared config files (local; no API call).
    Profiles,
    /// A task definition, by ARN.
    TaskDefinition {
        arn: String,
    },
    /// The task definition families (ListTaskDefinitionFamilies, every page).
    Families,
    /// A family's revisions, newest first, ACTIVE and INACTIVE, every page; the newest described.
    Revisions {
        family: String,
    },
    /// A service's Application Auto Scaling scalable target.
    ScalableTarget {
        cluster: String,
        service: String,
    },
    /// CPU and memory of a cluster's services (these, sorted), the last half hour.
    ServiceMetrics {
        cluster: String,
        services: Vec<String>,
    },
    /// CPU and memory of these tasks of a cluster (Container Insights), the last half hour.
    TaskMetrics {
        cluster: String,
        tasks: Vec<super::TaskMetricKey>,
    },
    /// The load balancer targets of these services of a cluster (none named: of every service),
    /// each matched to its task when `tasks` is set (that lists the services' tasks too).
    Targets {
        cluster: String,
        services: Vec<String>,
        tasks: bool,
    },
    /// The CloudWatch alarms of the region (every state), for `:alarms`.
    Alarms,
    /// A cluster's capacity providers and the strategies that use them.
    Capacity {
        cluster: String,
    },
    /// The auto scaling of a service, or of every service of a cluster: scalable targets,
    /// policies, scheduled actions, recent activities.
    Scaling {
        cluster: String,
        service: Option<String>,
    },
    /// What happened to a service (or to every service of a cluster): its events and
    /// deployments, its stopped tasks, its scaling activities.
    Timeline {
        cluster: String,
        service: Option<String>,
    },
}

impl Query {
    /// The cluster a query reads, where it reads one.
    pub fn cluster(&self) -> Option<&str> {
        match self {
            Query::Services { cluster }
            | Query::Tasks { cluster, .. }
            | Query::Task { cluster, .. }
            | Query::Instances { cluster }
            | Query::ScalableTarget { cluster, .. }
            | Query::Timeline { cluster, .. }
            | Query::ServiceMetrics { cluster, .. }
            | Query::TaskMetrics { cluster, .. }
            | Query::Targets { cluster, .. }
            | Query::Scaling { cluster, .. }
            | Query::Capacity { cluster } => Some(cluster),
            _ => None,
        }
    }

    /// Short label used in the status line and the API log: `tasks(prod-web/checkout, STOPPED)`.
    pub fn label(&self) -> String {
        match self {
            Query::Clusters => "clusters".into(),
            Query::Services { cluster } => format!("services({cluster})"),
            Query::Tasks {
                cluster,
                scope,
                status,
            } => {
                let scope = match scope {
                    TaskScope::Cluster => cluster.clone(),
                    TaskScope::Service(s) => format!("{cluster}/{s}"),
                    TaskScope::Instance(i) => format!("{cluster}/{}", super::short_id(i)),
                };
                match status {
                    TaskStatus::Running => format!("tasks({scope})"),
                    TaskStatus::Stopped => format!("tasks({scope}, stopped)"),
                }
            }
            Query::Task { cluster, arn } => format!("task({cluster}/{})", super::short_id(arn)),
            Query::Instances { cluster } => format!("instances({cluster})"),
            Query::ApiLog => "api calls".into(),
            Query::Pulse { scopes } if scopes.is_empty() => "pulse".into(),
            Query::Pulse { scopes } => format!(
                "pulse({})",
                scopes
                    .iter()
                    .map(super::PulseScope::label)
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            Query::Profiles => "profiles".into(),
            Query::TaskDefinition { arn } => {
                format!("task definition({})", super::family_revision(arn))
            }
            Query::ScalableTarget { cluster, service } => {
                format!("scalable target({cluster}/{service})")
            }
            Query::Families => "task definition families".into(),
            Query::Revisions { family } => format!("revisions({family})"),
            Query::Timeline {
                cluster,
                service: Some(s),
            } => format!("timeline({cluster}/{s})"),
            Query::Timeline { cluster, .. } => format!("timeline({cluster})"),
            Query::ServiceMetrics { cluster, services } => {
                format!("metrics({cluster}, {} services)", services.len())
            }
            Query::TaskMetrics { cluster, tasks } => {
                format!("metrics({cluster}, {} tasks)", tasks.len())
            }
            Query::Capacity { cluster } => format!("capacity({cluster})"),
            Query::Alarms => "alarms".into(),
            Query::Scaling {
                cluster,
                service: Some(s),
            } => format!("scaling({cluster}/{s})"),
            Query::Scaling { cluster, .. } => format!("scaling({cluster})"),
            Query::Targets {
                cluster, services, ..
            } => match services.as_slice() {
                [] => format!("targets({cluster})"),
                [one] => format!("targets({cluster}/{one})"),
                more => format!("targets({cluster}, {} services)", more.len()),
            },
        }
    }
}

/// A partial failure reported by the API (`failures[]`) or by the backend (a describe batch that failed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceFailure {
    pub arn: Option<String>,
    pub reason: String,
}

/// A list that may be incomplete: the items that loaded and what did not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing<T> {
    pub items: Vec<T>,
    pub failures: Vec<ResourceFailure>,
    /// Something the rows leave out, and why, in one sentence (a column another API could not
    /// fill: "Spot/On-Demand not shown: ec2:DescribeInstances is not allowed").
    pub note: Option<String>,
}

impl<T> Listing<T> {
    pub fn complete(items: Vec<T>) -> Self {
        Self {
            items,
            failures: Vec::new(),
            note: None,
        }
    }

    pub fn with_failures(items: Vec<T>, failures: Vec<ResourceFailure>) -> Self {
        Self {
            items,
            failures,
            note: None,
        }
    }
}

#[derive(Debug, Clone)]
pub enum Payload {
    Clusters(Listing<Cluster>),
    Services(Listing<Service>),
    /// Shared with whoever else holds them (the simulator, the sync layer's last answer, the
    /// rows): an unchanged task is one allocation however many hold it.
    Tasks(Listing<std::sync::Arc<Task>>),
    Task(Option<Box<Task>>),
    Instances(Listing<ContainerInstance>),
    TaskDefinition(Box<TaskDefinition>),
    Families(Listing<super::Family>),
    Revisions(Listing<TaskDefinition>),
    ApiCalls(Vec<ApiCall>),
    ScalableTarget(Option<super::ScalableTarget>),
    Profiles(Vec<super::Profile>),
    Pulse(Box<super::PulseData>),
    Timeline(Box<super::TimelineData>),
    Metrics(Box<super::MetricsData>),
    Targets(Box<super::TargetsData>),
    Scaling(Box<super::ScalingData>),
    Capacity(Box<super::CapacityData>),
    Alarms(Vec<super::Alarm>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// The API refused for rate (ThrottlingException); retried with backoff.
    Throttled(String),
    /// No answer within the operation timeout.
    Timeout(String),
    /// The resource is gone (ClusterNotFoundException, …).
    NotFound(String),
    /// Credentials missing, expired or denied.
    Auth(String),
    /// Network or service trouble.
    Unavailable(String),
    Other(String),
}

impl FetchError {
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            FetchError::Throttled(_) | FetchError::Timeout(_) | FetchError::Unavailable(_)
        )
    }
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::Throttled(m) => write!(f, "throttled: {m}"),
            FetchError::Timeout(m) => write!(f, "timed out: {m}"),
            FetchError::NotFound(m) => write!(f, "not found: {m}"),
            FetchError::Auth(m) => write!(f, "credentials: {m}"),
            FetchError::Unavailable(m) => write!(f, "unavailable: {m}"),
            FetchError::Other(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for FetchError {}
