use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskDefinition {
    pub arn: String,
    pub family: String,
    pub revision: i32,
    pub cpu: Option<String>,
    pub memory: Option<String>,
    pub containers: Vec<ContainerDefinition>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerDefinition {
    pub name: String,
    pub image: String,
    pub essential: bool,
    pub log_configuration: Option<LogConfiguration>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogConfiguration {
    /// awslogs, awsfirelens, splunk, none, …
    pub driver: String,
    pub options: BTreeMap<String, String>,
}
