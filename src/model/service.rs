use super::status;
use super::Timestamp;

#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Service {
    pub arn: String,
    pub name: String,
    pub cluster_arn: String,
    pub status: String,
    pub desired: i32,
    pub running: i32,
    pub pending: i32,
    pub launch_type: Option<String>,
    /// Names from the capacity provider strategy, in order.
    pub capacity_providers: Vec<String>,
    pub task_definition: String,
    /// PRIMARY first, as ECS returns them.
    pub deployments: Vec<Deployment>,
    /// Newest first, as ECS returns them (at most 100).
    pub events: Vec<ServiceEvent>,
    pub created_at: Option<Timestamp>,
    pub minimum_healthy_percent: Option<i32>,
    pub maximum_percent: Option<i32>,
    /// New tasks start with ECS Exec on.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub enable_execute_command: bool,
    /// Its capacity provider strategy (base, weight), if it has one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub strategy: Vec<super::StrategyItem>,
    /// The target groups its tasks are registered in (its load balancers).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub target_groups: Vec<String>,
}

impl Service {
    pub fn primary(&self) -> Option<&Deployment> {
        self.deployments
            .iter()
            .find(|d| d.status == status::PRIMARY)
            .or(self.deployments.first())
    }

    /// What the service runs on: the launch type, else the capacity providers.
    pub fn placement(&self) -> String {
        match (&self.launch_type, self.capacity_providers.is_empty()) {
            (_, false) => self.capacity_providers.join(","),
            (Some(lt), true) => lt.clone(),
            (None, true) => String::new(),
        }
    }
}

/// An Application Auto Scaling scalable target of a service's desired count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScalableTarget {
    pub min: i32,
    pub max: i32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RolloutState {
    InProgress,
    Completed,
    Failed,
}

impl RolloutState {
    pub fn as_str(self) -> &'static str {
        match self {
            RolloutState::InProgress => "IN_PROGRESS",
            RolloutState::Completed => "COMPLETED",
            RolloutState::Failed => "FAILED",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "IN_PROGRESS" => Some(Self::InProgress),
            "COMPLETED" => Some(Self::Completed),
            "FAILED" => Some(Self::Failed),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Deployment {
    pub id: String,
    /// PRIMARY, ACTIVE or INACTIVE.
    pub status: String,
    pub task_definition: String,
    pub desired: i32,
    pub running: i32,
    pub pending: i32,
    pub failed: i32,
    pub rollout_state: Option<RolloutState>,
    pub rollout_reason: Option<String>,
    pub created_at: Option<Timestamp>,
    pub updated_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceEvent {
    pub id: String,
    pub created_at: Option<Timestamp>,
    pub message: String,
}
