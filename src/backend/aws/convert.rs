//! SDK types stop here: conversions into the domain model that tolerate every missing field.

use crate::model::{
    Cluster, Container, ContainerDefinition, ContainerInstance, Deployment, EnvVar,
    LogConfiguration, ResourceFailure, RolloutState, SecretRef, Service, ServiceEvent, Task,
    TaskDefinition, Timestamp,
};
use aws_sdk_ecs::types as sdk;
use aws_smithy_types::DateTime;

pub fn time(t: Option<&DateTime>) -> Option<Timestamp> {
    let t = t?;
    chrono::DateTime::from_timestamp(t.secs(), t.subsec_nanos())
}

fn s(v: Option<&str>) -> String {
    v.unwrap_or_default().to_string()
}

fn o(v: Option<&str>) -> Option<String> {
    v.map(str::to_string)
}

pub fn failure(f: &sdk::Failure) -> ResourceFailure {
    let reason = match (f.reason(), f.detail()) {
        (Some(r), Some(d)) => format!("{r}: {d}"),
        (Some(r), None) => r.to_string(),
        (None, Some(d)) => d.to_string(),
        (None, None) => "unknown failure".to_string(),
    };
    ResourceFailure {
        arn: o(f.arn()),
        reason,
    }
}

pub fn cluster(c: &sdk::Cluster) -> Cluster {
    let arn = s(c.cluster_arn());
    Cluster {
        name: c
            .cluster_name()
            .map(str::to_string)
            .unwrap_or_else(|| crate::model::name_from_arn(&arn).to_string()),
        arn,
        status: s(c.status()),
        active_services: Some(c.active_services_count()),
        running_tasks: Some(c.running_tasks_count()),
        pending_tasks: Some(c.pending_tasks_count()),
        registered_instances: Some(c.registered_container_instances_count()),
        capacity_providers: c.capacity_providers().to_vec(),
    }
}

pub fn service(v: &sdk::Service) -> Service {
    let arn = s(v.service_arn());
    let config = v.deployment_configuration();
    Service {
        name: v
            .service_name()
            .map(str::to_string)
            .unwrap_or_else(|| crate::model::name_from_arn(&arn).to_string()),
        arn,
        cluster_arn: s(v.cluster_arn()),
        status: s(v.status()),
        desired: v.desired_count(),
        running: v.running_count(),
        pending: v.pending_count(),
        launch_type: v.launch_type().map(|l| l.as_str().to_string()),
        capacity_providers: v
            .capacity_provider_strategy()
            .iter()
            .map(|c| c.capacity_provider().to_string())
            .collect(),
        task_definition: s(v.task_definition()),
        deployments: v.deployments().iter().map(deployment).collect(),
        events: v
            .events()
            .iter()
            .map(|e| ServiceEvent {
                id: s(e.id()),
                created_at: time(e.created_at()),
                message: s(e.message()),
            })
            .collect(),
        created_at: time(v.created_at()),
        minimum_healthy_percent: config.and_then(|c| c.minimum_healthy_percent()),
        maximum_percent: config.and_then(|c| c.maximum_percent()),
        enable_execute_command: v.enable_execute_command(),
        strategy: v
            .capacity_provider_strategy()
            .iter()
            .map(strategy_item)
            .collect(),
        target_groups: v
            .load_balancers()
            .iter()
            .filter_map(|l| l.target_group_arn().map(str::to_string))
            .collect(),
    }
}

pub fn strategy_item(c: &sdk::CapacityProviderStrategyItem) -> crate::model::StrategyItem {
    crate::model::StrategyItem {
        provider: c.capacity_provider().to_string(),
        base: c.base(),
        weight: c.weight(),
    }
}

/// Where a task can be reached, to match load balancer targets to it: the private IP of its
/// network interface, and its containers' host ports on its instance (`instances` maps
/// container instance ARNs to EC2 instance ids).
pub fn task_address(
    t: &sdk::Task,
    instances: &std::collections::HashMap<String, String>,
) -> crate::model::TaskAddress {
    let ip = t
        .attachments()
        .iter()
        .flat_map(|a| a.details())
        .find(|d| d.name() == Some("privateIPv4Address"))
        .and_then(|d| d.value())
        .map(str::to_string)
        .or_else(|| {
            // Without an attachment (moto), the containers' interfaces say it.
            t.containers()
                .iter()
                .flat_map(|c| c.network_interfaces())
                .find_map(|n| n.private_ipv4_address().map(str::to_string))
        });
    crate::model::TaskAddress {
        arn: s(t.task_arn()),
        service: t
            .group()
            .and_then(|g| g.strip_prefix("service:"))
            .map(str::to_string),
        ip,
        instance_id: t
            .container_instance_arn()
            .and_then(|a| instances.get(a).cloned()),
        host_ports: t
            .containers()
            .iter()
            .flat_map(|c| c.network_bindings())
            .filter_map(|b| b.host_port())
            .collect(),
    }
}

fn deployment(d: &sdk::Deployment) -> Deployment {
    Deployment {
        id: s(d.id()),
        status: s(d.status()),
        task_definition: s(d.task_definition()),
        desired: d.desired_count(),
        running: d.running_count(),
        pending: d.pending_count(),
        failed: d.failed_tasks(),
        rollout_state: d
            .rollout_state()
            .and_then(|r| RolloutState::parse(r.as_str())),
        rollout_reason: o(d.rollout_state_reason()),
        created_at: time(d.created_at()),
        updated_at: time(d.updated_at()),
    }
}

pub fn task(t: &sdk::Task) -> Task {
    let arn = s(t.task_arn());
    Task {
        containers: t.containers().iter().map(|c| container(c, &arn)).collect(),
        arn,
        cluster_arn: s(t.cluster_arn()),
        task_definition_arn: s(t.task_definition_arn()),
        group: o(t.group()),
        started_by: o(t.started_by()),
        last_status: s(t.last_status()),
        desired_status: s(t.desired_status()),
        health: t.health_status().map(|h| h.as_str().to_string()),
        launch_type: t.launch_type().map(|l| l.as_str().to_string()),
        capacity_provider: o(t.capacity_provider_name()),
        container_instance_arn: o(t.container_instance_arn()),
        availability_zone: o(t.availability_zone()),
        cpu: o(t.cpu()),
        memory: o(t.memory()),
        created_at: time(t.created_at()),
        started_at: time(t.started_at()),
        stopping_at: time(t.stopping_at()),
        stopped_at: time(t.stopped_at()),
        stop_code: t.stop_code().map(|c| c.as_str().to_string()),
        stopped_reason: o(t.stopped_reason()),
        version: Some(t.version()),
        enable_execute_command: t.enable_execute_command(),
    }
}

fn container(c: &sdk::Container, task_arn: &str) -> Container {
    Container {
        name: s(c.name()),
        image: o(c.image()),
        last_status: s(c.last_status()),
        exit_code: c.exit_code(),
        health: c.health_status().map(|h| h.as_str().to_string()),
        reason: o(c.reason()),
        task_arn: c.task_arn().unwrap_or(task_arn).to_string(),
        runtime_id: o(c.runtime_id()),
        managed_agents: c
            .managed_agents()
            .iter()
            .map(|a| crate::model::ManagedAgent {
                name: a.name().map(|n| n.as_str().to_string()).unwrap_or_default(),
                last_status: s(a.last_status()),
                reason: o(a.reason()),
            })
            .collect(),
    }
}

pub fn container_instance(i: &sdk::ContainerInstance) -> ContainerInstance {
    let resource = |list: &[sdk::Resource], name: &str| {
        list.iter()
            .find(|r| r.name() == Some(name))
            .map(|r| r.integer_value())
    };
    let attribute = |name: &str| {
        i.attributes()
            .iter()
            .find(|a| a.name() == name)
            .and_then(|a| a.value())
            .map(str::to_string)
    };
    ContainerInstance {
        arn: s(i.container_instance_arn()),
        ec2_instance_id: o(i.ec2_instance_id()),
        status: s(i.status()),
        agent_connected: i.agent_connected(),
        running_tasks: i.running_tasks_count(),
        pending_tasks: i.pending_tasks_count(),
        remaining_cpu: resource(i.remaining_resources(), "CPU"),
        remaining_memory: resource(i.remaining_resources(), "MEMORY"),
        registered_cpu: resource(i.registered_resources(), "CPU"),
        registered_memory: resource(i.registered_resources(), "MEMORY"),
        instance_type: attribute("ecs.instance-type"),
        availability_zone: attribute("ecs.availability-zone"),
        agent_version: i
            .version_info()
            .and_then(|v| v.agent_version())
            .map(str::to_string),
        registered_at: time(i.registered_at()),
        // EC2's to say (DescribeInstances); filled in by the listing.
        market: None,
    }
}

fn volume(v: &sdk::Volume) -> String {
    let name = v.name().unwrap_or("?");
    if let Some(e) = v.efs_volume_configuration() {
        format!(
            "{name}: efs {}:{}",
            e.file_system_id(),
            e.root_directory().unwrap_or("/")
        )
    } else if let Some(h) = v.host() {
        format!(
            "{name}: host {}",
            h.source_path().unwrap_or("(docker-managed)")
        )
    } else if let Some(d) = v.docker_volume_configuration() {
        format!("{name}: docker {}", d.driver().unwrap_or("local"))
    } else if v.fsx_windows_file_server_volume_configuration().is_some() {
        format!("{name}: fsx")
    } else {
        format!("{name}: task storage")
    }
}

fn port(p: &sdk::PortMapping) -> String {
    let proto = p.protocol().map_or("tcp", |p| p.as_str());
    let container = p
        .container_port()
        .map(|n| n.to_string())
        .or_else(|| p.container_port_range().map(str::to_string))
        .unwrap_or_else(|| "?".into());
    match p.host_port() {
        Some(h) if h != 0 && Some(h) != p.container_port() => format!("{h}→{container}/{proto}"),
        _ => format!("{container}/{proto}"),
    }
}

fn health_check(h: &sdk::HealthCheck) -> String {
    let mut s = h.command().join(" ");
    let mut parts = Vec::new();
    if let Some(i) = h.interval() {
        parts.push(format!("every {i}s"));
    }
    if let Some(t) = h.timeout() {
        parts.push(format!("{t}s timeout"));
    }
    if let Some(r) = h.retries() {
        parts.push(format!("{r} retries"));
    }
    if let Some(p) = h.start_period() {
        parts.push(format!("{p}s grace"));
    }
    if !parts.is_empty() {
        s.push_str(" · ");
        s.push_str(&parts.join(", "));
    }
    s
}

fn container_definition(c: &sdk::ContainerDefinition) -> ContainerDefinition {
    ContainerDefinition {
        name: s(c.name()),
        image: s(c.image()),
        essential: c.essential().unwrap_or(true),
        cpu: Some(c.cpu()).filter(|n| *n > 0),
        memory: c.memory(),
        memory_reservation: c.memory_reservation(),
        command: c.command().to_vec(),
        entry_point: c.entry_point().to_vec(),
        ports: c.port_mappings().iter().map(port).collect(),
        health_check: c.health_check().map(health_check),
        depends_on: c
            .depends_on()
            .iter()
            .map(|d| format!("{}:{}", d.container_name(), d.condition().as_str()))
            .collect(),
        environment: c
            .environment()
            .iter()
            .map(|e| EnvVar {
                name: s(e.name()),
                value: s(e.value()),
            })
            .collect(),
        secrets: c
            .secrets()
            .iter()
            .map(|x| SecretRef {
                name: x.name().to_string(),
                value_from: x.value_from().to_string(),
            })
            .collect(),
        log_configuration: c.log_configuration().map(|l| LogConfiguration {
            driver: l.log_driver().as_str().to_string(),
            options: l
                .options()
                .map(|m| m.clone().into_iter().collect())
                .unwrap_or_default(),
        }),
    }
}

pub fn task_definition(d: &sdk::TaskDefinition) -> TaskDefinition {
    TaskDefinition {
        arn: s(d.task_definition_arn()),
        family: s(d.family()),
        revision: d.revision(),
        status: d
            .status()
            .map_or_else(String::new, |x| x.as_str().to_string()),
        registered_at: time(d.registered_at()),
        cpu: o(d.cpu()),
        memory: o(d.memory()),
        task_role_arn: o(d.task_role_arn()),
        execution_role_arn: o(d.execution_role_arn()),
        network_mode: d.network_mode().map(|n| n.as_str().to_string()),
        runtime_platform: d.runtime_platform().map(|p| {
            format!(
                "{}/{}",
                p.operating_system_family().map_or("LINUX", |f| f.as_str()),
                p.cpu_architecture().map_or("X86_64", |a| a.as_str())
            )
        }),
        requires_compatibilities: d
            .requires_compatibilities()
            .iter()
            .map(|c| c.as_str().to_string())
            .collect(),
        volumes: d.volumes().iter().map(volume).collect(),
        containers: d
            .container_definitions()
            .iter()
            .map(container_definition)
            .collect(),
        listed_only: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_sdk_values_convert_without_panicking() {
        let t = task(&sdk::Task::builder().build());
        assert_eq!(t.arn, "");
        assert_eq!(t.started_at, None);
        assert!(t.containers.is_empty());
        let svc = service(&sdk::Service::builder().build());
        assert_eq!(svc.deployments.len(), 0);
        assert_eq!(svc.primary(), None);
        let ci = container_instance(&sdk::ContainerInstance::builder().build());
        assert_eq!(ci.remaining_cpu, None);
        let c = cluster(
            &sdk::Cluster::builder()
                .cluster_arn("arn:aws:ecs:us-east-1:1:cluster/prod")
                .build(),
        );
        assert_eq!(c.name, "prod", "the name falls back to the ARN");
        let f = failure(&sdk::Failure::builder().build());
        assert_eq!(f.reason, "unknown failure");
    }

    #[test]
    fn fields_are_carried_over() {
        let t = task(
            &sdk::Task::builder()
                .task_arn("arn:aws:ecs:us-east-1:1:task/prod/abc")
                .group("service:web")
                .last_status("STOPPED")
                .stop_code(sdk::TaskStopCode::EssentialContainerExited)
                .stopped_reason("Essential container in task exited")
                .health_status(sdk::HealthStatus::Unhealthy)
                .stopped_at(DateTime::from_secs(1_768_467_600))
                .containers(sdk::Container::builder().name("web").exit_code(137).build())
                .build(),
        );
        assert_eq!(t.service_name(), Some("web"));
        assert_eq!(t.stop_code.as_deref(), Some("EssentialContainerExited"));
        assert_eq!(t.health.as_deref(), Some("UNHEALTHY"));
        assert_eq!(t.exit_code(), Some(137));
        assert_eq!(t.containers[0].task_arn, t.arn);
        assert_eq!(t.stopped_at.map(|t| t.timestamp()), Some(1_768_467_600));
    }
}
