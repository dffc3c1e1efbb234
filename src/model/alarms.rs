//! CloudWatch alarms as the console shows them: in `:pulse` those in ALARM whose dimensions name
//! a cluster (ClusterName) or a service (ServiceName) on screen, worst first; in `:alarms` all of
//! them with their state reason.

use super::Timestamp;

#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Alarm {
    pub name: String,
    pub arn: String,
    /// ALARM, INSUFFICIENT_DATA or OK.
    pub state: String,
    pub reason: String,
    pub since: Option<Timestamp>,
    pub namespace: Option<String>,
    pub metric: Option<String>,
    /// The cluster and service its dimensions name (ClusterName, ServiceName), if they do.
    pub cluster: Option<String>,
    pub service: Option<String>,
}

pub const IN_ALARM: &str = "ALARM";

impl Alarm {
    /// The cluster and service of a metric's dimensions.
    pub fn target_of(dimensions: &[(String, String)]) -> (Option<String>, Option<String>) {
        let find = |name: &str| {
            dimensions
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
        };
        (find("ClusterName"), find("ServiceName"))
    }

    /// Worst first: in alarm, then without data, then OK.
    pub fn rank(&self) -> u8 {
        match self.state.as_str() {
            IN_ALARM => 0,
            "INSUFFICIENT_DATA" => 1,
            _ => 2,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dimensions_name_the_cluster_and_service() {
        let dims = vec![
            ("ServiceName".to_string(), "web".to_string()),
            ("ClusterName".to_string(), "prod".to_string()),
        ];
        assert_eq!(
            Alarm::target_of(&dims),
            (Some("prod".into()), Some("web".into()))
        );
        assert_eq!(Alarm::target_of(&[]), (None, None));
    }
}
