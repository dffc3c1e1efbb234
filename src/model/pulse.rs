//! What `:pulse` gathers: every cluster's services, recently stopped tasks and instances — of this
//! account and region, or of each account (AWS profile) and region named.

use super::{Cluster, ContainerInstance, Service, Task};

#[derive(Debug, Clone, Default)]
pub struct PulseData {
    pub clusters: Vec<Cluster>,
    /// Per cluster name: its services, stopped tasks and container instances.
    pub services: Vec<(String, Vec<Service>)>,
    pub stopped: Vec<(String, Vec<std::sync::Arc<Task>>)>,
    pub instances: Vec<(String, Vec<ContainerInstance>)>,
    /// What could not be read (a cluster that failed), said on screen.
    pub failures: Vec<String>,
    /// CloudWatch alarms in ALARM that name a cluster of these (or one of its services).
    pub alarms: Vec<super::Alarm>,
    /// Accounts or regions that could not be read at all: the scope's label and why. Each is
    /// its own row; the others are shown as usual.
    pub unread: Vec<(String, String)>,
    /// The scopes read (their labels), when several were asked for.
    pub scopes: Vec<String>,
}

/// One account (an AWS profile, or the console's own) in one region (or the profile's own).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PulseScope {
    pub profile: Option<String>,
    pub region: Option<String>,
}

impl PulseScope {
    /// How the scope prefixes its clusters: `@prod`, `eu-west-1`, `@prod/eu-west-1`.
    pub fn label(&self) -> String {
        match (&self.profile, &self.region) {
            (Some(p), Some(r)) => format!("@{p}/{r}"),
            (Some(p), None) => format!("@{p}"),
            (None, Some(r)) => r.clone(),
            (None, None) => String::new(),
        }
    }

    /// Every profile in every region: `@a @b eu-west-1 us-east-1` is four scopes. No profiles
    /// means this account; no regions, each profile's own (or this console's) region.
    pub fn cross(profiles: &[String], regions: &[String]) -> Vec<PulseScope> {
        let profiles: Vec<Option<String>> = if profiles.is_empty() {
            vec![None]
        } else {
            profiles.iter().cloned().map(Some).collect()
        };
        let regions: Vec<Option<String>> = if regions.is_empty() {
            vec![None]
        } else {
            regions.iter().cloned().map(Some).collect()
        };
        let mut out = Vec::new();
        for p in &profiles {
            for r in &regions {
                let s = PulseScope {
                    profile: p.clone(),
                    region: r.clone(),
                };
                if s != PulseScope::default() && !out.contains(&s) {
                    out.push(s);
                }
            }
        }
        out
    }

    /// A pulse cluster name split into its scope and the cluster's own name
    /// (`@prod/eu-west-1/api` → (`@prod` in eu-west-1, `api`)). ECS cluster names have no `/`,
    /// so the last part is the cluster; a first part starting with `@` is a profile and a part
    /// that is a region is the region.
    pub fn split(name: &str) -> (PulseScope, &str) {
        let mut scope = PulseScope::default();
        let Some((prefix, cluster)) = name.rsplit_once('/') else {
            return (scope, name);
        };
        for part in prefix.split('/') {
            if let Some(p) = part.strip_prefix('@') {
                scope.profile = Some(p.to_string());
            } else if super::REGIONS.contains(&part) {
                scope.region = Some(part.to_string());
            } else {
                // Not a prefix of ours: the name as it is.
                return (PulseScope::default(), name);
            }
        }
        (scope, cluster)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(p: Option<&str>, r: Option<&str>) -> PulseScope {
        PulseScope {
            profile: p.map(str::to_string),
            region: r.map(str::to_string),
        }
    }

    #[test]
    fn profiles_times_regions() {
        let v = |x: &[&str]| x.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            PulseScope::cross(&v(&["a", "b"]), &v(&["eu-west-1", "us-east-1"])),
            vec![
                s(Some("a"), Some("eu-west-1")),
                s(Some("a"), Some("us-east-1")),
                s(Some("b"), Some("eu-west-1")),
                s(Some("b"), Some("us-east-1")),
            ]
        );
        assert_eq!(
            PulseScope::cross(&v(&["a", "a"]), &[]),
            vec![s(Some("a"), None)]
        );
        assert_eq!(
            PulseScope::cross(&[], &v(&["eu-west-1"])),
            vec![s(None, Some("eu-west-1"))]
        );
        assert!(PulseScope::cross(&[], &[]).is_empty());
    }

    #[test]
    fn labels_split_back_into_their_scope() {
        for scope in [
            s(Some("prod"), Some("eu-west-1")),
            s(Some("prod"), None),
            s(None, Some("eu-west-1")),
        ] {
            let name = format!("{}/api", scope.label());
            assert_eq!(PulseScope::split(&name), (scope, "api"));
        }
        assert_eq!(PulseScope::split("api"), (PulseScope::default(), "api"));
        assert_eq!(
            PulseScope::split("not-a-region/api"),
            (PulseScope::default(), "not-a-region/api")
        );
    }
}
