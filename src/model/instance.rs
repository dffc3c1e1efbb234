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
    /// How the EC2 instance is bought: [`SPOT`], [`ON_DEMAND`], or another EC2 lifecycle
    /// (`scheduled`, `capacity-block`); None where not known (EC2 not asked, or not allowed).
    pub market: Option<String>,
}

/// The purchase options an instance row names.
pub const SPOT: &str = "spot";
pub const ON_DEMAND: &str = "on-demand";

impl ContainerInstance {
    pub fn id(&self) -> &str {
        super::short_id(&self.arn)
    }

    pub fn is_spot(&self) -> bool {
        self.market.as_deref() == Some(SPOT)
    }
}
