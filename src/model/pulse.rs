//! What `:pulse` gathers: every cluster's services, recently stopped tasks and instances.

use super::{Cluster, ContainerInstance, Service, Task};

#[derive(Debug, Clone, Default)]
pub struct PulseData {
    pub clusters: Vec<Cluster>,
    /// Per cluster name: its services, stopped tasks and container instances.
    pub services: Vec<(String, Vec<Service>)>,
    pub stopped: Vec<(String, Vec<std::sync::Arc<Task>>)>,
    pub instances: Vec<(String, Vec<ContainerInstance>)>,
    /// What could not be read (a cluster that failed), said on screen.
    pub failures: Vec<String>,
    /// CloudWatch alarms in ALARM that name a cluster of these (or one of its services).
    pub alarms: Vec<super::Alarm>,
}
