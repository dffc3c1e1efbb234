use super::Timestamp;

#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Task {
    pub arn: String,
    pub cluster_arn: String,
    pub task_definition_arn: String,
    /// `service:NAME` for service tasks, `family:NAME` for standalone ones.
    pub group: Option<String>,
    pub started_by: Option<String>,
    pub last_status: String,
    pub desired_status: String,
    pub health: Option<String>,
    pub launch_type: Option<String>,
    pub capacity_provider: Option<String>,
    pub container_instance_arn: Option<String>,
    pub availability_zone: Option<String>,
    pub cpu: Option<String>,
    pub memory: Option<String>,
    pub created_at: Option<Timestamp>,
    pub started_at: Option<Timestamp>,
    pub stopping_at: Option<Timestamp>,
    pub stopped_at: Option<Timestamp>,
    pub stop_code: Option<String>,
    pub stopped_reason: Option<String>,
    pub containers: Vec<Container>,
    /// Increments on every change (used to order state-change events).
    pub version: Option<i64>,
}

impl Task {
    pub fn id(&self) -> &str {
        super::short_id(&self.arn)
    }

    /// The service name if the task was started by a service (`group` is `service:NAME`).
    pub fn service_name(&self) -> Option<&str> {
        self.group.as_deref()?.strip_prefix("service:")
    }

    /// Where the task runs: its container instance (EC2) or its availability zone (Fargate).
    pub fn location(&self) -> Option<&str> {
        self.container_instance_arn
            .as_deref()
            .map(super::short_id)
            .or(self.availability_zone.as_deref())
    }

    /// The most telling exit code: the first non-zero one, else the first known one.
    pub fn exit_code(&self) -> Option<i32> {
        let codes = || self.containers.iter().filter_map(|c| c.exit_code);
        codes().find(|c| *c != 0).or_else(|| codes().next())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Container {
    pub name: String,
    pub image: Option<String>,
    pub last_status: String,
    pub exit_code: Option<i32>,
    pub health: Option<String>,
    pub reason: Option<String>,
    pub task_arn: String,
    /// The Docker container id: the awslogs stream name when no stream prefix is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runtime_id: Option<String>,
}
