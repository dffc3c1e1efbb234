//! What the incident timeline is made of, as the backend answers it: a service's (or a
//! cluster's) services with their events and deployments, its stopped tasks, and the scaling
//! activities of its Application Auto Scaling targets. The console adds what it knows itself —
//! the EventBridge events it received and the changes it made — when it builds the rows.

use super::{ResourceFailure, Service, Task, Timestamp};
use std::sync::Arc;

/// One Application Auto Scaling activity (DescribeScalingActivities).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScalingActivity {
    pub activity_id: String,
    /// `service/CLUSTER/SERVICE`.
    pub resource_id: String,
    /// Pending, InProgress, Successful, Overridden, Unfulfilled or Failed.
    pub status: String,
    pub description: String,
    pub cause: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    pub started_at: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<Timestamp>,
}

impl ScalingActivity {
    /// The service of `service/CLUSTER/SERVICE`.
    pub fn service(&self) -> &str {
        self.resource_id.rsplit('/').next().unwrap_or_default()
    }

    /// Sort activities newest first, as DescribeScalingActivities lists them.
    pub fn newest_first(activities: &mut [ScalingActivity]) {
        activities.sort_by_key(|a| std::cmp::Reverse(a.started_at));
    }

    /// The cluster of `service/CLUSTER/SERVICE`.
    pub fn cluster(&self) -> &str {
        self.resource_id.split('/').nth(1).unwrap_or_default()
    }
}

/// The backend's part of a timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineData {
    pub services: Vec<Service>,
    /// Stopped tasks as ECS still lists them (about an hour).
    pub stopped: Vec<Arc<Task>>,
    /// The scaling activities, or why they could not be read (the rest still shows).
    pub scaling: Result<Vec<ScalingActivity>, String>,
    pub failures: Vec<ResourceFailure>,
}
