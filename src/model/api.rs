use super::Timestamp;

/// One call the console made to the backend, for the `:api` view.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ApiCall {
    pub seq: u64,
    pub key: String,
    pub at: Timestamp,
    /// The API operation: `ListTasks`, `DescribeServices`, …
    pub operation: String,
    /// What it was about: a cluster, `cluster/service`, a batch.
    pub target: String,
    pub millis: u64,
    pub outcome: ApiOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ApiOutcome {
    /// Succeeded, with a short note (`100 items, more`).
    Ok(String),
    Throttled(String),
    Failed(String),
}
