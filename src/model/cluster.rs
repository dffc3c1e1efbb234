#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cluster {
    pub arn: String,
    pub name: String,
    pub status: String,
    pub active_services: Option<i32>,
    pub running_tasks: Option<i32>,
    pub pending_tasks: Option<i32>,
    pub registered_instances: Option<i32>,
    pub capacity_providers: Vec<String>,
}
