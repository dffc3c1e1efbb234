//! Load balancer target health as ELBv2 reports it (DescribeTargetHealth, one target group a
//! call), for the target groups of a cluster's services, with each target matched to the task
//! behind it: by private IP for `ip` targets (awsvpc), by EC2 instance and host port for
//! `instance` targets (bridge and host networking).

use std::collections::BTreeMap;

/// A target group a service registers its tasks in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetGroup {
    pub arn: String,
    pub name: String,
    /// The service whose tasks it holds.
    pub service: String,
    /// `ip` or `instance` (`lambda` and `alb` targets are not tasks).
    pub target_type: Option<String>,
    pub protocol: Option<String>,
    pub port: Option<i32>,
    /// The load balancers in front of it, by name.
    pub load_balancers: Vec<String>,
    pub health_check_path: Option<String>,
}

/// One registered target and its health.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Target {
    /// Group ARN, id and port: what tells targets apart.
    pub key: String,
    pub group_arn: String,
    pub group: String,
    pub service: String,
    /// An IP address (`ip` groups) or an EC2 instance id (`instance` groups); `–` for the row
    /// that says a group has no targets.
    pub id: String,
    pub port: Option<i32>,
    pub zone: Option<String>,
    /// initial, healthy, unhealthy, unused, draining, unavailable (ELBv2's TargetHealthStateEnum).
    pub state: String,
    /// Target.Timeout, Target.ResponseCodeMismatch, Elb.InitialHealthChecking, …
    pub reason: Option<String>,
    pub description: Option<String>,
    /// The task behind the target (its ARN), where it could be matched.
    pub task: Option<String>,
}

pub const HEALTHY: &str = "healthy";

impl Target {
    pub fn new(group: &TargetGroup, id: &str, port: Option<i32>) -> Self {
        Self {
            key: format!("{}|{id}|{}", group.arn, port.unwrap_or(0)),
            group_arn: group.arn.clone(),
            group: group.name.clone(),
            service: group.service.clone(),
            id: id.to_string(),
            port,
            zone: None,
            state: String::new(),
            reason: None,
            description: None,
            task: None,
        }
    }

    pub fn healthy(&self) -> bool {
        self.state == HEALTHY
    }

    /// How bad the state is, worst highest: what a task with several targets shows.
    pub fn severity(&self) -> u8 {
        match self.state.as_str() {
            "unhealthy" | "unhealthy.draining" => 5,
            "unavailable" => 4,
            "draining" => 3,
            "initial" => 2,
            "unused" => 1,
            _ => 0,
        }
    }

    /// The reason code without its `Target.`/`Elb.` prefix: `Timeout`, `InitialHealthChecking`.
    pub fn short_reason(&self) -> Option<&str> {
        let r = self.reason.as_deref()?;
        Some(r.split_once('.').map_or(r, |(_, rest)| rest))
    }
}

/// What a task is reachable at, to match targets to it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskAddress {
    pub arn: String,
    pub service: Option<String>,
    /// The private IPv4 address of its network interface (awsvpc).
    pub ip: Option<String>,
    /// The EC2 instance it runs on (EC2 launch type).
    pub instance_id: Option<String>,
    /// Host ports its containers are bound to (bridge and host networking).
    pub host_ports: Vec<i32>,
}

/// The target groups of some of a cluster's services and their targets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TargetsData {
    pub groups: Vec<TargetGroup>,
    pub targets: Vec<Target>,
    /// The services asked about (whether they have load balancers or not).
    pub services: Vec<String>,
    /// Targets were matched to tasks.
    pub mapped: bool,
    /// Target groups whose health could not be read, and why.
    pub errors: Vec<String>,
}

impl TargetsData {
    /// `(healthy, all)` targets of a service, if it has a target group.
    pub fn service_health(&self, service: &str) -> Option<(usize, usize)> {
        if !self.groups.iter().any(|g| g.service == service) {
            return None;
        }
        let of = || self.targets.iter().filter(|t| t.service == service);
        Some((of().filter(|t| t.healthy()).count(), of().count()))
    }

    /// The worst target a task is behind, if it is behind any.
    pub fn task_health(&self, task_arn: &str) -> Option<&Target> {
        self.targets
            .iter()
            .filter(|t| t.task.as_deref() == Some(task_arn))
            .max_by_key(|t| t.severity())
    }

    /// Take in a newer answer: it replaces what was known of the services it covers.
    pub fn merge(&mut self, newer: &TargetsData) {
        let covered = |s: &String| newer.services.contains(s);
        // A newer answer without task matching keeps the matches known for targets still there.
        let known: BTreeMap<&str, &str> = if newer.mapped {
            BTreeMap::new()
        } else {
            self.targets
                .iter()
                .filter_map(|t| Some((t.key.as_str(), t.task.as_deref()?)))
                .collect()
        };
        let mut targets: Vec<Target> = newer.targets.clone();
        for t in targets.iter_mut().filter(|t| t.task.is_none()) {
            t.task = known.get(t.key.as_str()).map(|s| s.to_string());
        }
        self.targets.retain(|t| !covered(&t.service));
        self.targets.extend(targets);
        self.groups.retain(|g| !covered(&g.service));
        self.groups.extend(newer.groups.iter().cloned());
        for s in &newer.services {
            if !self.services.contains(s) {
                self.services.push(s.clone());
            }
        }
        self.mapped = newer.mapped;
        self.errors = newer.errors.clone();
    }
}

/// Match each target to the task of its group's service at that address.
pub fn match_tasks(data: &mut TargetsData, tasks: &[TaskAddress]) {
    let kind: BTreeMap<&str, Option<&str>> = data
        .groups
        .iter()
        .map(|g| (g.arn.as_str(), g.target_type.as_deref()))
        .collect();
    for t in &mut data.targets {
        let of_service = |a: &&TaskAddress| a.service.as_deref().is_none_or(|s| s == t.service);
        let found = match kind.get(t.group_arn.as_str()).copied().flatten() {
            Some("instance") => tasks.iter().filter(of_service).find(|a| {
                a.instance_id.as_deref() == Some(t.id.as_str())
                    && t.port.is_some_and(|p| a.host_ports.contains(&p))
            }),
            // `ip`, and a group whose type is unknown: an IP address is unambiguous.
            _ => tasks
                .iter()
                .filter(of_service)
                .find(|a| a.ip.as_deref() == Some(t.id.as_str())),
        };
        t.task = found.map(|a| a.arn.clone());
    }
    data.mapped = true;
}

/// The load balancer's name from its ARN (`…:loadbalancer/app/NAME/ID`).
pub fn load_balancer_name(arn: &str) -> String {
    let tail = arn.split_once(":loadbalancer/").map_or(arn, |(_, t)| t);
    let parts: Vec<&str> = tail.split('/').collect();
    match parts.as_slice() {
        [_kind, name, _id] => name.to_string(),
        _ => tail.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(arn: &str, service: &str, kind: &str) -> TargetGroup {
        TargetGroup {
            arn: arn.into(),
            name: format!("{service}-tg"),
            service: service.into(),
            target_type: Some(kind.into()),
            protocol: Some("HTTP".into()),
            port: Some(80),
            load_balancers: vec![],
            health_check_path: None,
        }
    }

    fn target(g: &TargetGroup, id: &str, port: i32, state: &str) -> Target {
        let mut t = Target::new(g, id, Some(port));
        t.state = state.into();
        t
    }

    #[test]
    fn targets_match_tasks_by_ip_or_by_instance_and_host_port() {
        let ip = group("tg/ip", "web", "ip");
        let inst = group("tg/inst", "api", "instance");
        let mut data = TargetsData {
            targets: vec![
                target(&ip, "10.0.0.5", 80, "healthy"),
                target(&ip, "10.0.0.9", 80, "unhealthy"),
                target(&inst, "i-1", 32768, "healthy"),
                target(&inst, "i-1", 32769, "draining"),
            ],
            groups: vec![ip, inst],
            services: vec!["web".into(), "api".into()],
            ..Default::default()
        };
        let tasks = vec![
            TaskAddress {
                arn: "t-web".into(),
                service: Some("web".into()),
                ip: Some("10.0.0.5".into()),
                ..Default::default()
            },
            TaskAddress {
                // Same IP, another service: not this group's task.
                arn: "t-other".into(),
                service: Some("other".into()),
                ip: Some("10.0.0.9".into()),
                ..Default::default()
            },
            TaskAddress {
                arn: "t-api".into(),
                service: Some("api".into()),
                instance_id: Some("i-1".into()),
                host_ports: vec![32769],
                ..Default::default()
            },
        ];
        match_tasks(&mut data, &tasks);
        let tasks_of: Vec<Option<&str>> = data.targets.iter().map(|t| t.task.as_deref()).collect();
        assert_eq!(tasks_of, vec![Some("t-web"), None, None, Some("t-api")]);
        assert_eq!(data.service_health("web"), Some((1, 2)));
        assert_eq!(data.service_health("api"), Some((1, 2)));
        assert_eq!(data.service_health("worker"), None, "no target group");
        assert_eq!(
            data.task_health("t-api").map(|t| t.state.as_str()),
            Some("draining")
        );
    }

    #[test]
    fn a_newer_answer_replaces_its_services_and_keeps_known_matches() {
        let web = group("tg/web", "web", "ip");
        let api = group("tg/api", "api", "ip");
        let mut old = TargetsData {
            targets: vec![
                target(&web, "10.0.0.5", 80, "healthy"),
                target(&api, "10.0.1.1", 80, "healthy"),
            ],
            groups: vec![web.clone(), api.clone()],
            services: vec!["web".into(), "api".into()],
            mapped: true,
            errors: vec![],
        };
        old.targets[0].task = Some("t-web".into());
        let newer = TargetsData {
            targets: vec![target(&web, "10.0.0.5", 80, "unhealthy")],
            groups: vec![web],
            services: vec!["web".into()],
            mapped: false,
            errors: vec![],
        };
        old.merge(&newer);
        assert_eq!(old.targets.len(), 2, "api's target stays");
        let w = old
            .targets
            .iter()
            .find(|t| t.service == "web")
            .expect("web target");
        assert_eq!(w.state, "unhealthy");
        assert_eq!(w.task.as_deref(), Some("t-web"), "the match is kept");
        assert_eq!(old.service_health("web"), Some((0, 1)));
    }

    #[test]
    fn names_and_reasons_read_short() {
        assert_eq!(
            load_balancer_name("arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/web-alb/50dc6c495c0c9188"),
            "web-alb"
        );
        let g = group("tg", "web", "ip");
        let mut t = target(&g, "10.0.0.1", 80, "unhealthy");
        t.reason = Some("Target.ResponseCodeMismatch".into());
        assert_eq!(t.short_reason(), Some("ResponseCodeMismatch"));
    }
}
