use super::Timestamp;
use std::collections::BTreeMap;

/// A task definition family, as ListTaskDefinitionFamilies names it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Family {
    pub name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskDefinition {
    pub arn: String,
    pub family: String,
    pub revision: i32,
    /// ACTIVE, INACTIVE (deregistered: can be described, not run), DELETE_IN_PROGRESS.
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registered_at: Option<Timestamp>,
    pub cpu: Option<String>,
    pub memory: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_role_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub execution_role_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_mode: Option<String>,
    /// `LINUX/X86_64`, `LINUX/ARM64`, `WINDOWS_SERVER_2022_CORE/X86_64`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runtime_platform: Option<String>,
    /// FARGATE, EC2, EXTERNAL.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub requires_compatibilities: Vec<String>,
    /// Each volume in one line: `data: efs fs-123:/srv`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub volumes: Vec<String>,
    pub containers: Vec<ContainerDefinition>,
    /// A revision only listed, not yet described: its containers are not known.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub listed_only: bool,
}

impl TaskDefinition {
    /// A revision known only from a listing (its ARN).
    pub fn listed(arn: &str, status: &str) -> Self {
        let fr = super::family_revision(arn);
        let (family, revision) = fr.rsplit_once(':').unwrap_or((fr, "0"));
        Self {
            arn: arn.to_string(),
            family: family.to_string(),
            revision: revision.parse().unwrap_or(0),
            status: status.to_string(),
            listed_only: true,
            ..Self::default()
        }
    }

    pub fn is_active(&self) -> bool {
        self.status.is_empty() || self.status == "ACTIVE"
    }

    /// The images of its containers, `, `-separated (`web:1.4.2, envoy:v1.29`), repositories
    /// shortened to their last part.
    pub fn images(&self) -> String {
        self.containers
            .iter()
            .map(|c| short_image(&c.image))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// `123.dkr.ecr.us-east-1.amazonaws.com/shop/checkout:1.4.2` → `checkout:1.4.2`.
pub fn short_image(image: &str) -> &str {
    image.rsplit_once('/').map_or(image, |(_, last)| last)
}

/// The ARN of the revision before this one (`family:41` → `family:40`), if there is a number
/// before it.
pub fn previous_revision_arn(arn: &str) -> Option<String> {
    let (head, rev) = arn.rsplit_once(':')?;
    let n: i32 = rev.parse().ok()?;
    (n > 1).then(|| format!("{head}:{}", n - 1))
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerDefinition {
    pub name: String,
    pub image: String,
    pub essential: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cpu: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory_reservation: Option<i32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub command: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub entry_point: Vec<String>,
    /// `8080/tcp`, or `8080→80/tcp` where the host port differs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<String>,
    /// The health check in one line: `CMD-SHELL curl -f localhost/health · every 30s, 5s timeout, 3 retries`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health_check: Option<String>,
    /// `db:HEALTHY`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<String>,
    pub log_configuration: Option<LogConfiguration>,
    /// Plain environment variables.
    pub environment: Vec<EnvVar>,
    /// Secrets from Secrets Manager or SSM: where they come from, never their values.
    pub secrets: Vec<SecretRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogConfiguration {
    /// awslogs, awsfirelens, splunk, none, …
    pub driver: String,
    pub options: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EnvVar {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SecretRef {
    pub name: String,
    pub value_from: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listed_revision_knows_its_family_and_number() {
        let t = TaskDefinition::listed(
            "arn:aws:ecs:us-east-1:1:task-definition/checkout:41",
            "INACTIVE",
        );
        assert_eq!((t.family.as_str(), t.revision), ("checkout", 41));
        assert!(!t.is_active());
        assert!(t.listed_only);
        assert_eq!(
            previous_revision_arn(&t.arn).as_deref(),
            Some("arn:aws:ecs:us-east-1:1:task-definition/checkout:40")
        );
        assert_eq!(
            previous_revision_arn("arn:aws:ecs:us-east-1:1:task-definition/checkout:1"),
            None
        );
        assert_eq!(
            short_image("1.dkr.ecr.us-east-1.amazonaws.com/shop/checkout:1.4"),
            "checkout:1.4"
        );
    }
}
