//! Load balancer targets of the simulated services, as DescribeTargetHealth would report them:
//! read off the tasks, so they follow what the tasks do. A task is registered once RUNNING and
//! spends its first seconds in initial health checks; a task about to crash fails its health
//! checks first (the crash loop shows as unhealthy targets); a task that fails its container
//! health check times out; a stopping task drains. Fargate tasks are `ip` targets, EC2 (bridge)
//! tasks are `instance` targets on a dynamic host port.

use super::metrics::seed;
use super::world::{Launch, World};
use crate::model::{FetchError, Target, TargetGroup, TargetsData};
use chrono::Duration;

/// How long a new target is in its initial health checks.
const INITIAL_SECS: i64 = 15;
/// A crashing task fails its health checks this long before it dies.
const FAILING_SECS: i64 = 20;

impl World {
    /// The name and ARN of a service's target group (one a service, as most have).
    fn target_group_name(&self, cluster: &str, service: &str) -> String {
        let mut name = format!("{service}-{cluster}");
        name.truncate(32);
        name
    }

    pub fn target_group_arn(&self, cluster: &str, service: &str) -> String {
        let name = self.target_group_name(cluster, service);
        format!(
            "arn:aws:elasticloadbalancing:{}:{}:targetgroup/{name}/{:016x}",
            self.region,
            self.account,
            seed(&name)
        )
    }

    pub fn targets(&self, cluster: &str, names: &[String]) -> Result<TargetsData, FetchError> {
        let ci = self.cluster_index(cluster)?;
        let now = self.now;
        let mut out = TargetsData {
            mapped: true,
            ..TargetsData::default()
        };
        for (si, s) in self.services.iter().enumerate() {
            if s.cluster != ci || !(names.is_empty() || names.contains(&s.name)) {
                continue;
            }
            out.services.push(s.name.clone());
            let Some(port) = s.lb_port else { continue };
            let ec2 = s.launch == Launch::Ec2;
            let lb = format!("{}-alb", self.clusters[ci].name);
            let group = TargetGroup {
                arn: self.target_group_arn(cluster, &s.name),
                name: self.target_group_name(cluster, &s.name),
                service: s.name.clone(),
                target_type: Some(if ec2 { "instance" } else { "ip" }.into()),
                protocol: Some("HTTP".into()),
                port: Some(port),
                load_balancers: vec![lb],
                health_check_path: Some("/health".into()),
            };
            for (seq, st) in self.tasks.iter().filter(|(_, t)| t.service == Some(si)) {
                let t = &st.task;
                let stopping = t.desired_status == "STOPPED";
                if t.last_status == "STOPPED" || (!stopping && t.last_status != "RUNNING") {
                    continue;
                }
                if stopping && t.started_at.is_none() {
                    continue;
                }
                let (id, target_port) = match st.instance.and_then(|i| self.instances.get(i)) {
                    Some(i) if ec2 => (i.ec2_id.clone(), 32768 + (seq % 28_000) as i32),
                    _ => (
                        format!("10.0.{}.{}", (seq / 250) % 256, seq % 250 + 4),
                        port,
                    ),
                };
                let mut target = Target::new(&group, &id, Some(target_port));
                target.zone = t.availability_zone.clone();
                target.task = Some(t.arn.clone());
                let young = t
                    .started_at
                    .is_some_and(|s| now - s < Duration::seconds(INITIAL_SECS));
                let failing = st
                    .crash_at
                    .is_some_and(|(at, _)| at - now <= Duration::seconds(FAILING_SECS));
                let (state, reason, description) = if stopping {
                    (
                        "draining",
                        "Target.DeregistrationInProgress",
                        "Target deregistration is in progress",
                    )
                } else if failing {
                    (
                        "unhealthy",
                        "Target.ResponseCodeMismatch",
                        "Health checks failed with these codes: [502]",
                    )
                } else if young {
                    (
                        "initial",
                        "Elb.InitialHealthChecking",
                        "Initial health checks in progress",
                    )
                } else if t.health.as_deref() == Some("UNHEALTHY") {
                    ("unhealthy", "Target.Timeout", "Request timed out")
                } else {
                    ("healthy", "", "")
                };
                target.state = state.into();
                target.reason = (!reason.is_empty()).then(|| reason.into());
                target.description = (!description.is_empty()).then(|| description.into());
                out.targets.push(target);
            }
            out.groups.push(group);
        }
        Ok(out)
    }
}
