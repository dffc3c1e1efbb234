//! Views: what is on screen (kind and context), its table, and how fresh its data is.

use super::status::StatusMessage;
use super::table::{AnyTable, Sort, Table, Variant};
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
    /// Every cluster at a glance (of the regions named, else of this one).
    Pulse {
        regions: Vec<String>,
    },
    /// The live stream of ECS events, newest first.
    Events,
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
            ViewKind::Pulse { regions } => Query::Pulse {
                regions: regions.clone(),
            },
            ViewKind::Deployments { cluster, .. } => Query::Services {
                cluster: cluster.clone(),
            },
            ViewKind::Failures { cluster, scope } => Query::Tasks {
                cluster: cluster.clone(),
                scope: scope.clone(),
                status: TaskStatus::Stopped,
            },
        })
    }

    pub fn cluster(&self) -> Option<&str> {
        match self {
            ViewKind::Services { cluster }
            | ViewKind::Tasks { cluster, .. }
            | ViewKind::Containers { cluster, .. }
            | ViewKind::Instances { cluster }
            | ViewKind::Failures { cluster, .. }
            | ViewKind::Deployments { cluster, .. } => Some(cluster),
            ViewKind::Clusters
            | ViewKind::Messages
            | ViewKind::Api
            | ViewKind::Audit
            | ViewKind::Contexts
            | ViewKind::Regions
            | ViewKind::Pulse { .. }
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
            ViewKind::Pulse { regions } if regions.is_empty() => "pulse (every cluster)".into(),
            ViewKind::Pulse { regions } => {
                format!("pulse (every cluster of {})", regions.join(", "))
            }
            ViewKind::Events => "ECS events (newest first)".into(),
            ViewKind::Deployments { cluster, service } => {
                format!("deployments({cluster}/{service})")
            }
            ViewKind::Failures { cluster, scope } => match scope {
                TaskScope::Service(s) => format!("failures({cluster}/{s}, last hour)"),
                _ => format!("failures({cluster}, last hour)"),
            },
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
        }
    }
}

fn short(arn: &str) -> String {
    crate::model::short_id(arn).chars().take(12).collect()
}

pub enum Content {
    Clusters(Table<Cluster>),
    Services(Table<Service>),
    Tasks(Table<Task>),
    Containers(Table<Container>),
    Instances(Table<ContainerInstance>),
    Messages(Table<StatusMessage>),
    Api(Table<ApiCall>),
    Audit(Table<super::records::AuditEntry>),
    Contexts(Table<crate::model::Profile>),
    Regions(Table<crate::model::Region>),
    Failures(Table<super::failures::FailureGroup>),
    Deployments(Table<crate::model::Deployment>),
    Pulse(Table<super::pulse::PulseItem>),
    Events(Table<crate::model::EcsEvent>),
}

impl Content {
    pub fn table(&self) -> &dyn AnyTable {
        match self {
            Content::Clusters(t) => t,
            Content::Services(t) => t,
            Content::Tasks(t) => t,
            Content::Containers(t) => t,
            Content::Instances(t) => t,
            Content::Messages(t) => t,
            Content::Api(t) => t,
            Content::Audit(t) => t,
            Content::Contexts(t) => t,
            Content::Regions(t) => t,
            Content::Failures(t) => t,
            Content::Deployments(t) => t,
            Content::Pulse(t) => t,
            Content::Events(t) => t,
        }
    }

    pub fn table_mut(&mut self) -> &mut dyn AnyTable {
        match self {
            Content::Clusters(t) => t,
            Content::Services(t) => t,
            Content::Tasks(t) => t,
            Content::Containers(t) => t,
            Content::Instances(t) => t,
            Content::Messages(t) => t,
            Content::Api(t) => t,
            Content::Audit(t) => t,
            Content::Contexts(t) => t,
            Content::Regions(t) => t,
            Content::Failures(t) => t,
            Content::Deployments(t) => t,
            Content::Pulse(t) => t,
            Content::Events(t) => t,
        }
    }
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
    /// A fetch was asked for this view since it was made (a view that becomes visible is
    /// fetched at once, even when its query is already watched).
    pub asked: bool,
}

pub struct View {
    pub kind: ViewKind,
    pub content: Content,
    pub fetch: FetchState,
    /// Services view: the events pane of the selected service.
    pub show_events: bool,
    /// Deployments view: the service's events, for the pane under the table.
    pub events: Vec<crate::model::ServiceEvent>,
}

impl View {
    pub fn new(kind: ViewKind) -> Self {
        let by = |column: usize, descending: bool| Sort { column, descending };
        let content = match &kind {
            ViewKind::Clusters => Content::Clusters(Table::new(Variant::Default, by(0, false))),
            ViewKind::Services { .. } => {
                Content::Services(Table::new(Variant::Default, by(0, false)))
            }
            ViewKind::Tasks {
                status: TaskStatus::Running,
                ..
            } => Content::Tasks(Table::new(Variant::Default, by(10, true))),
            ViewKind::Tasks {
                status: TaskStatus::Stopped,
                ..
            } => Content::Tasks(Table::new(Variant::Stopped, by(8, true))),
            ViewKind::Containers { .. } => {
                Content::Containers(Table::new(Variant::Default, by(0, false)))
            }
            ViewKind::Instances { .. } => {
                Content::Instances(Table::new(Variant::Default, by(1, false)))
            }
            ViewKind::Messages => Content::Messages(Table::new(Variant::Default, by(0, true))),
            ViewKind::Api => Content::Api(Table::new(Variant::Default, by(0, true))),
            ViewKind::Audit => Content::Audit(Table::new(Variant::Default, by(0, true))),
            ViewKind::Contexts => Content::Contexts(Table::new(Variant::Default, by(0, false))),
            ViewKind::Regions => Content::Regions(Table::new(Variant::Default, by(0, false))),
            ViewKind::Failures { .. } => {
                Content::Failures(Table::new(Variant::Default, by(1, true)))
            }
            ViewKind::Deployments { .. } => {
                Content::Deployments(Table::new(Variant::Default, by(0, true)))
            }
            ViewKind::Pulse { .. } => Content::Pulse(Table::new(Variant::Default, by(0, false))),
            ViewKind::Events => Content::Events(Table::new(Variant::Default, by(0, true))),
        };
        Self {
            kind,
            content,
            fetch: FetchState::default(),
            show_events: true,
            events: Vec::new(),
        }
    }

    pub fn table(&self) -> &dyn AnyTable {
        self.content.table()
    }

    pub fn table_mut(&mut self) -> &mut dyn AnyTable {
        self.content.table_mut()
    }
}
