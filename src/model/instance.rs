use super::Timestamp;

#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerInstance {
    pub arn: String,
    pub ec2_instance_id: Option<String>,
    /// ACTIVE, DRAINING, REGISTERING, …
    pub status: String,
    pub agent_connected: bool,
    pub running_tasks: i32,
    pub pending_tasks: i32,
    pub remaining_cpu: Option<i32>,
    pub remaining_memory: Option<i32>,
    pub registered_cpu: Option<i32>,
    pub registered_memory: Option<i32>,
    pub instance_type: Option<String>,
    pub availability_zone: Option<String>,
    pub agent_version: Option<String>,
    pub registered_at: Option<Timestamp>,
}

impl ContainerInstance {
    pub fn id(&self) -> &str {
        super::short_id(&self.arn)
    }
}
