//! Views: what is on screen (kind and context), its table, and how fresh its data is.

use super::resource::{At, Resource};
use super::status::StatusMessage;
use super::table::{AnyTable, Table, Variant};
use crate::model::{
    ApiCall, Cluster, Container, ContainerInstance, FetchError, Query, ResourceFailure, Service,
    Task, TaskScope, TaskStatus, Timestamp,
};

/// Which view, without its context: the key table scopes bindings by this.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ViewTag {
    Clusters,
    Services,
    Tasks,
    Containers,
    Instances,
    Messages,
    Api,
    Audit,
    Contexts,
    Regions,
    Failures,
    Deployments,
    Pulse,
    Events,
    Families,
    Revisions,
    Timeline,
    Targets,
    Scaling,
    Capacity,
    Alarms,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ViewKind {
    Clusters,
    Services {
        cluster: String,
    },
    Tasks {
        cluster: String,
        scope: TaskScope,
        status: TaskStatus,
    },
    Containers {
        cluster: String,
        task: String,
    },
    Instances {
        cluster: String,
    },
    Messages,
    Api,
    Audit,
    Contexts,
    Regions,
    /// Failed tasks of the last hour, grouped.
    Failures {
        cluster: String,
        scope: TaskScope,
    },
    /// A service's deployments and events, live.
    Deployments {
        cluster: String,
        service: String,
    },
    /// Every cluster at a glance (of the accounts and regions named, else of this one).
    Pulse {
        scopes: Vec<crate::model::PulseScope>,
    },
    /// The live stream of ECS events, newest first.
    Events,
    /// Task definition families.
    Families,
    /// A family's revisions, newest first; opened for a service (`cluster`, `service`), `U`
    /// moves that service to the selected revision.
    Revisions {
        family: String,
        service: Option<(String, String)>,
    },
    /// What happened to a service, or to every service of a cluster, newest first.
    Timeline {
        cluster: String,
        service: Option<String>,
    },
    /// The load balancer targets of a service, or of every service of a cluster.
    Targets {
        cluster: String,
        service: Option<String>,
    },
    /// The auto scaling of a service, or of every service of a cluster.
    Scaling {
        cluster: String,
        service: Option<String>,
    },
    /// A cluster's capacity providers and strategies.
    Capacity {
        cluster: String,
    },
    /// The region's CloudWatch alarms, worst first.
    Alarms,
}

impl ViewKind {
    pub fn tag(&self) -> ViewTag {
        match self {
            ViewKind::Clusters => ViewTag::Clusters,
            ViewKind::Services { .. } => ViewTag::Services,
            ViewKind::Tasks { .. } => ViewTag::Tasks,
            ViewKind::Containers { .. } => ViewTag::Containers,
            ViewKind::Instances { .. } => ViewTag::Instances,
            ViewKind::Messages => ViewTag::Messages,
            ViewKind::Api => ViewTag::Api,
            ViewKind::Audit => ViewTag::Audit,
            ViewKind::Contexts => ViewTag::Contexts,
            ViewKind::Regions => ViewTag::Regions,
            ViewKind::Failures { .. } => ViewTag::Failures,
            ViewKind::Deployments { .. } => ViewTag::Deployments,
            ViewKind::Pulse { .. } => ViewTag::Pulse,
            ViewKind::Events => ViewTag::Events,
            ViewKind::Families => ViewTag::Families,
            ViewKind::Revisions { .. } => ViewTag::Revisions,
            ViewKind::Timeline { .. } => ViewTag::Timeline,
            ViewKind::Targets { .. } => ViewTag::Targets,
            ViewKind::Scaling { .. } => ViewTag::Scaling,
            ViewKind::Capacity { .. } => ViewTag::Capacity,
            ViewKind::Alarms => ViewTag::Alarms,
        }
    }

    /// The data this view shows, if it comes from the backend.
    pub fn query(&self) -> Option<Query> {
        Some(match self {
            ViewKind::Clusters => Query::Clusters,
            ViewKind::Services { cluster } => Query::Services {
                cluster: cluster.clone(),
            },
            ViewKind::Tasks {
                cluster,
                scope,
                status,
            } => Query::Tasks {
                cluster: cluster.clone(),
                scope: scope.clone(),
                status: *status,
            },
            ViewKind::Containers { cluster, task } => Query::Task {
                cluster: cluster.clone(),
                arn: task.clone(),
            },
            ViewKind::Instances { cluster } => Query::Instances {
                cluster: cluster.clone(),
            },
            ViewKind::Messages => return None,
            ViewKind::Api => Query::ApiLog,
            ViewKind::Audit | ViewKind::Regions | ViewKind::Events => return None,
            ViewKind::Contexts => Query::Profiles,
            ViewKind::Pulse { scopes } => Query::Pulse {
                scopes: scopes.clone(),
            },
            ViewKind::Deployments { cluster, .. } => Query::Services {
                cluster: cluster.clone(),
            },
            ViewKind::Failures { cluster, scope } => Query::Tasks {
                cluster: cluster.clone(),
                scope: scope.clone(),
                status: TaskStatus::Stopped,
            },
            ViewKind::Families => Query::Families,
            ViewKind::Revisions { family, .. } => Query::Revisions {
                family: family.clone(),
            },
            ViewKind::Timeline { cluster, service } => Query::Timeline {
                cluster: cluster.clone(),
                service: service.clone(),
            },
            ViewKind::Targets { cluster, service } => Query::Targets {
                cluster: cluster.clone(),
                services: service.iter().cloned().collect(),
                tasks: true,
            },
            ViewKind::Scaling { cluster, service } => Query::Scaling {
                cluster: cluster.clone(),
                service: service.clone(),
            },
            ViewKind::Capacity { cluster } => Query::Capacity {
                cluster: cluster.clone(),
            },
            ViewKind::Alarms => Query::Alarms,
        })
    }

    pub fn cluster(&self) -> Option<&str> {
        match self {
            ViewKind::Services { cluster }
            | ViewKind::Tasks { cluster, .. }
            | ViewKind::Containers { cluster, .. }
            | ViewKind::Instances { cluster }
            | ViewKind::Failures { cluster, .. }
            | ViewKind::Deployments { cluster, .. }
            | ViewKind::Timeline { cluster, .. }
            | ViewKind::Targets { cluster, .. }
            | ViewKind::Scaling { cluster, .. }
            | ViewKind::Capacity { cluster } => Some(cluster),
            ViewKind::Revisions {
                service: Some((cluster, _)),
                ..
            } => Some(cluster),
            ViewKind::Families | ViewKind::Revisions { .. } => None,
            ViewKind::Clusters
            | ViewKind::Messages
            | ViewKind::Api
            | ViewKind::Audit
            | ViewKind::Contexts
            | ViewKind::Regions
            | ViewKind::Pulse { .. }
            | ViewKind::Alarms
            | ViewKind::Events => None,
        }
    }

    /// The pane title: `tasks(prod-web/checkout)`.
    pub fn title(&self) -> String {
        match self {
            ViewKind::Clusters => "clusters".into(),
            ViewKind::Services { cluster } => format!("services({cluster})"),
            ViewKind::Tasks {
                cluster,
                scope,
                status,
            } => {
                let what = match status {
                    TaskStatus::Running => "tasks",
                    TaskStatus::Stopped => "stopped tasks",
                };
                match scope {
                    TaskScope::Cluster => format!("{what}({cluster})"),
                    TaskScope::Service(s) => format!("{what}({cluster}/{s})"),
                    TaskScope::Instance(i) => format!("{what}({cluster}/{})", short(i)),
                }
            }
            ViewKind::Containers { cluster, task } => {
                format!("containers({cluster}/{})", short(task))
            }
            ViewKind::Instances { cluster } => format!("instances({cluster})"),
            ViewKind::Messages => "messages".into(),
            ViewKind::Api => "api calls".into(),
            ViewKind::Audit => "audit (this console's changes)".into(),
            ViewKind::Contexts => "AWS profiles (Enter switches)".into(),
            ViewKind::Regions => "regions (Enter switches)".into(),
            ViewKind::Pulse { scopes } if scopes.is_empty() => "pulse (every cluster)".into(),
            ViewKind::Pulse { scopes } => format!(
                "pulse (every cluster of {})",
                scopes
                    .iter()
                    .map(crate::model::PulseScope::label)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            ViewKind::Events => "ECS events (newest first)".into(),
            ViewKind::Deployments { cluster, service } => {
                format!("deployments({cluster}/{service})")
            }
            ViewKind::Failures { cluster, scope } => match scope {
                TaskScope::Service(s) => format!("failures({cluster}/{s}, last hour)"),
                _ => format!("failures({cluster}, last hour)"),
            },
            ViewKind::Families => "task definition families".into(),
            ViewKind::Revisions {
                family,
                service: Some((cluster, service)),
            } => format!("revisions({family}) for {cluster}/{service}"),
            ViewKind::Revisions { family, .. } => format!("revisions({family})"),
            ViewKind::Timeline {
                cluster,
                service: Some(s),
            } => format!("timeline({cluster}/{s})"),
            ViewKind::Timeline { cluster, .. } => format!("timeline({cluster})"),
            ViewKind::Targets {
                cluster,
                service: Some(s),
            } => format!("targets({cluster}/{s})"),
            ViewKind::Targets { cluster, .. } => format!("targets({cluster})"),
            ViewKind::Scaling {
                cluster,
                service: Some(s),
            } => format!("scaling({cluster}/{s})"),
            ViewKind::Scaling { cluster, .. } => format!("scaling({cluster})"),
            ViewKind::Capacity { cluster } => format!("capacity({cluster})"),
            ViewKind::Alarms => "CloudWatch alarms (worst first)".into(),
        }
    }

    /// The breadcrumb for this level.
    pub fn crumb(&self) -> String {
        match self {
            ViewKind::Clusters => "clusters".into(),
            ViewKind::Services { cluster } => cluster.clone(),
            ViewKind::Tasks {
                scope: TaskScope::Service(s),
                ..
            } => s.clone(),
            ViewKind::Tasks {
                scope: TaskScope::Instance(i),
                ..
            } => short(i),
            ViewKind::Tasks { .. } => "tasks".into(),
            ViewKind::Containers { task, .. } => short(task),
            ViewKind::Instances { .. } => "instances".into(),
            ViewKind::Messages => "messages".into(),
            ViewKind::Api => "api".into(),
            ViewKind::Audit => "audit".into(),
            ViewKind::Contexts => "ctx".into(),
            ViewKind::Regions => "region".into(),
            ViewKind::Failures { .. } => "failures".into(),
            ViewKind::Deployments { .. } => "deployments".into(),
            ViewKind::Pulse { .. } => "pulse".into(),
            ViewKind::Events => "events".into(),
            ViewKind::Families => "taskdefs".into(),
            ViewKind::Revisions { family, .. } => family.clone(),
            ViewKind::Timeline { .. } => "timeline".into(),
            ViewKind::Targets { .. } => "targets".into(),
            ViewKind::Scaling { .. } => "scaling".into(),
            ViewKind::Capacity { .. } => "capacity".into(),
            ViewKind::Alarms => "alarms".into(),
        }
    }
}

fn short(arn: &str) -> String {
    crate::model::short_id(arn).chars().take(12).collect()
}

/// How fresh a view's data is.
#[derive(Debug, Clone, Default)]
pub struct FetchState {
    pub fetched_at: Option<Timestamp>,
    pub error: Option<(FetchError, Timestamp)>,
    /// What a listing reported as missing (`failures[]`, a failed describe batch).
    pub failures: Vec<ResourceFailure>,
    /// The containers view's task no longer exists.
    pub missing: bool,
    /// A listing coming in batch by batch: tasks described so far, tasks listed so far, and
    /// whether the listing is complete. Cleared when the whole answer is in.
    pub progress: Option<(usize, usize, bool)>,
    /// A fetch was asked for this view since it was made (a view that becomes visible is
    /// fetched at once, even when its query is already watched).
    pub asked: bool,
}

pub struct View {
    pub kind: ViewKind,
    /// The rows, of the kind `kind` shows (`rows::<T>()` gives them typed).
    pub table: Box<dyn AnyTable>,
    pub fetch: FetchState,
    /// Services view: the events pane of the selected service.
    pub show_events: bool,
    /// Deployments view: the service's events, for the pane under the table.
    pub events: Vec<crate::model::ServiceEvent>,
    /// Timeline view: the backend's part, merged with the console's own on every change.
    pub timeline: Option<Box<crate::model::TimelineData>>,
    /// Timeline view: the window it keeps (none: everything).
    pub window: Option<super::screens::logs::window::Window>,
}

/// An empty table of rows of kind `T`, sorted as the kind says.
fn table_of<T: Resource>(variant: Variant) -> Box<dyn AnyTable> {
    Box::new(Table::<T>::new(variant, T::default_sort(variant)))
}

impl View {
    pub fn new(kind: ViewKind) -> Self {
        use crate::model::{Deployment, EcsEvent, Profile, Region};
        let table = match &kind {
            ViewKind::Clusters => table_of::<Cluster>(Variant::Default),
            ViewKind::Services { .. } => table_of::<Service>(Variant::Default),
            ViewKind::Tasks {
                status: TaskStatus::Running,
                ..
            } => table_of::<Task>(Variant::Default),
            ViewKind::Tasks {
                status: TaskStatus::Stopped,
                ..
            } => table_of::<Task>(Variant::Stopped),
            ViewKind::Containers { .. } => table_of::<Container>(Variant::Default),
            ViewKind::Instances { .. } => table_of::<ContainerInstance>(Variant::Default),
            ViewKind::Messages => table_of::<StatusMessage>(Variant::Default),
            ViewKind::Api => table_of::<ApiCall>(Variant::Default),
            ViewKind::Audit => table_of::<super::records::AuditEntry>(Variant::Default),
            ViewKind::Contexts => table_of::<Profile>(Variant::Default),
            ViewKind::Regions => table_of::<Region>(Variant::Default),
            ViewKind::Failures { .. } => {
                table_of::<super::failures::FailureGroup>(Variant::Default)
            }
            ViewKind::Deployments { .. } => table_of::<Deployment>(Variant::Default),
            ViewKind::Pulse { .. } => table_of::<super::pulse::PulseItem>(Variant::Default),
            ViewKind::Events => table_of::<EcsEvent>(Variant::Default),
            ViewKind::Families => table_of::<crate::model::Family>(Variant::Default),
            ViewKind::Revisions { .. } => {
                table_of::<crate::model::TaskDefinition>(Variant::Default)
            }
            ViewKind::Timeline { service, .. } => {
                table_of::<super::records::TimelineEntry>(match service {
                    Some(_) => Variant::OneService,
                    None => Variant::Default,
                })
            }
            ViewKind::Targets { .. } => table_of::<crate::model::Target>(Variant::Default),
            ViewKind::Scaling { .. } => table_of::<crate::model::ScalingItem>(Variant::Default),
            ViewKind::Capacity { .. } => table_of::<crate::model::CapacityRow>(Variant::Default),
            ViewKind::Alarms => table_of::<crate::model::Alarm>(Variant::Default),
        };
        Self {
            kind,
            table,
            fetch: FetchState::default(),
            show_events: true,
            events: Vec::new(),
            timeline: None,
            window: None,
        }
    }

    pub fn table(&self) -> &dyn AnyTable {
        self.table.as_ref()
    }

    pub fn table_mut(&mut self) -> &mut dyn AnyTable {
        self.table.as_mut()
    }

    /// The rows typed, if this view shows rows of kind `T`.
    pub fn rows<T: Resource>(&self) -> Option<&Table<T>> {
        self.table.as_any().downcast_ref()
    }

    pub fn rows_mut<T: Resource>(&mut self) -> Option<&mut Table<T>> {
        self.table.as_any_mut().downcast_mut()
    }

    /// Where the selected row is, for what it opens and whose logs it has.
    pub fn at<'a>(&'a self, cluster: Option<&'a str>) -> At<'a> {
        At {
            kind: &self.kind,
            cluster,
        }
    }
}
