//! Load balancer target health in the console: what is asked for (the services view asks for
//! the target groups of the services it lists, a service's tasks view and the `:targets` view
//! for theirs with each target matched to its task), and the answers, kept by cluster for the
//! TARGETS column of the services view and the TARGET column of the tasks view.

use super::status::Severity;
use super::view::ViewKind;
use super::App;
use crate::model::{FetchError, Payload, Query, Service, TaskScope, TaskStatus};

impl App {
    /// The target health the view on screen shows beside its own rows, if any.
    pub(super) fn targets_query(&self) -> Option<Query> {
        let v = self.view();
        match &v.kind {
            ViewKind::Services { cluster } => {
                let mut services: Vec<String> = v
                    .rows::<Service>()?
                    .items()
                    .filter(|s| !s.target_groups.is_empty())
                    .map(|s| s.name.clone())
                    .collect();
                if services.is_empty() {
                    return None;
                }
                services.sort();
                Some(Query::Targets {
                    cluster: cluster.clone(),
                    services,
                    tasks: false,
                })
            }
            ViewKind::Tasks {
                cluster,
                scope: TaskScope::Service(service),
                status: TaskStatus::Running,
            } => {
                // A service known to have no load balancer is not asked about.
                let known = self
                    .stack
                    .iter()
                    .find_map(|v| {
                        v.rows::<Service>()?
                            .items()
                            .find(|s| &s.name == service)
                            .map(|s| !s.target_groups.is_empty())
                    })
                    .or_else(|| {
                        // Or an earlier answer covered it.
                        let data = self.targets.get(cluster)?;
                        data.services
                            .contains(service)
                            .then(|| data.service_health(service).is_some())
                    });
                (known != Some(false)).then(|| Query::Targets {
                    cluster: cluster.clone(),
                    services: vec![service.clone()],
                    tasks: true,
                })
            }
            _ => None,
        }
    }

    /// An answer about targets: merged into what is known of the cluster; an error said once
    /// (the columns show "–", the `:targets` view says it in its title).
    pub(super) fn on_targets(&mut self, cluster: &str, result: &Result<Payload, FetchError>) {
        match result {
            Ok(Payload::Targets(data)) => {
                let known = self.targets.entry(cluster.to_string()).or_default();
                let before = known.clone();
                known.merge(data);
                if *known != before {
                    self.dirty = true;
                }
                self.targets_note = None;
            }
            Ok(_) => {}
            Err(e) => {
                let note = match e {
                    FetchError::Auth(_) => "target health not shown: elasticloadbalancing:DescribeTargetHealth (and DescribeTargetGroups) is not allowed (docs/iam.md)".to_string(),
                    other => format!("target health not shown: {other}"),
                };
                if self.targets_note.as_ref() != Some(&note) {
                    self.say(Severity::Info, note.clone());
                    self.targets_note = Some(note);
                }
            }
        }
    }

    /// `:targets [CLUSTER [SERVICE]]`.
    pub(crate) fn open_targets(&mut self, cluster: String, service: Option<String>) {
        self.push(ViewKind::Targets { cluster, service });
    }

    /// `b`: the targets of the service in focus, else of the cluster's services.
    pub(crate) fn targets_here(&mut self) {
        let Some(cluster) = self.current_cluster().map(str::to_string) else {
            self.warn("open a cluster first: b shows its services' load balancer targets".into());
            return;
        };
        let service = self.service_here();
        self.open_targets(cluster, service);
    }
}
