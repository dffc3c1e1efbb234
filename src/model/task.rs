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
    /// ECS Exec was turned on when the task started (it cannot be turned on later).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub enable_execute_command: bool,
    /// Increments on every change (used to order state-change events).
    pub version: Option<i64>,
}

impl Task {
    /// A RUNNING task with nothing but its ARN (for what only knows that much).
    /// What Container Insights is asked about this task.
    pub fn metric_key(&self) -> super::TaskMetricKey {
        let size = |s: &Option<String>| {
            s.as_deref()
                .and_then(|v| v.trim().parse::<u32>().ok())
                .unwrap_or(0)
        };
        super::TaskMetricKey {
            id: self.id().to_string(),
            service: self.service_name().map(str::to_string),
            family: super::family_revision(&self.task_definition_arn)
                .split(':')
                .next()
                .unwrap_or_default()
                .to_string(),
            cpu: size(&self.cpu),
            memory: size(&self.memory),
        }
    }

    pub fn bare(arn: &str) -> Self {
        Self {
            arn: arn.into(),
            cluster_arn: String::new(),
            task_definition_arn: String::new(),
            group: None,
            started_by: None,
            last_status: super::status::RUNNING.into(),
            desired_status: super::status::RUNNING.into(),
            health: None,
            launch_type: None,
            capacity_provider: None,
            container_instance_arn: None,
            availability_zone: None,
            cpu: None,
            memory: None,
            created_at: None,
            started_at: None,
            stopping_at: None,
            stopped_at: None,
            stop_code: None,
            stopped_reason: None,
            containers: Vec::new(),
            enable_execute_command: false,
            version: None,
        }
    }

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
    /// The agents ECS runs beside the container (the ExecuteCommandAgent of ECS Exec).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub managed_agents: Vec<ManagedAgent>,
}

/// The agent ECS Exec needs in a container.
pub const EXEC_AGENT: &str = "ExecuteCommandAgent";

#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ManagedAgent {
    pub name: String,
    /// PENDING, RUNNING or STOPPED.
    pub last_status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl Container {
    /// A new status of the container; its agents go with it (they run while it runs).
    pub fn set_status(&mut self, status: &str) {
        self.last_status = status.to_string();
        for a in &mut self.managed_agents {
            a.last_status = status.to_string();
        }
    }

    /// The ECS Exec agent of this container, if ECS reports one.
    pub fn exec_agent(&self) -> Option<&ManagedAgent> {
        self.managed_agents.iter().find(|a| a.name == EXEC_AGENT)
    }
}
