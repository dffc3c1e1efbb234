//! A family's revisions in the simulated account: the history each service starts with (older
//! images, and further back the differences an operator looks for), and the revision a release
//! registers.

use super::scenario::ServiceSpec;
use super::seed::previous_version;
use super::world::Launch;
use super::world::World;
use crate::model::{ContainerDefinition, EnvVar, LogConfiguration, SecretRef, TaskDefinition};
use chrono::Duration;
use std::collections::BTreeMap;

/// Register `revision` of a service's family, `age` revisions older than the one it runs:
/// each step back has an older image, and further back other differences an operator would
/// look for — a log level, a feature flag, a rotated secret, half the memory. Revisions more
/// than three back are deregistered (INACTIVE), as a team that cleans up leaves them.
pub(super) fn register(
    w: &mut World,
    cluster: &str,
    spec: &ServiceSpec,
    revision: i32,
    version: &str,
) -> String {
    let age = (spec.revision - revision).max(0);
    // Families are account-wide: staging's services register their own (`checkout-staging`),
    // so their revisions never collide with production's.
    let family = if cluster == "staging" {
        format!("{}-staging", spec.name)
    } else {
        spec.name.clone()
    };
    let arn = w.arn("task-definition", &format!("{family}:{revision}"));
    let log = |stream_prefix: &str| match spec.log_driver {
        "awslogs" => Some(LogConfiguration {
            driver: "awslogs".into(),
            options: BTreeMap::from([
                (
                    "awslogs-group".to_string(),
                    format!("/ecs/{cluster}/{}", spec.name),
                ),
                ("awslogs-region".to_string(), "us-east-1".to_string()),
                (
                    "awslogs-stream-prefix".to_string(),
                    stream_prefix.to_string(),
                ),
            ]),
        }),
        other => Some(LogConfiguration {
            driver: other.into(),
            options: BTreeMap::new(),
        }),
    };
    let mut environment = super::scenario::app_environment(cluster, &spec.name);
    if age >= 1 {
        if let Some(level) = environment.iter_mut().find(|e| e.name == "LOG_LEVEL") {
            level.value = "debug".into();
        }
    }
    if age >= 2 {
        environment.push(EnvVar {
            name: "LEGACY_PRICING".into(),
            value: "true".into(),
        });
        if let Some(jwt) = environment
            .iter_mut()
            .find(|e| e.name == "JWT_SIGNING_SECRET")
        {
            jwt.value = "b2xkLXNlY3JldA==".into();
        }
    }
    let mut containers = vec![ContainerDefinition {
        name: spec.name.clone(),
        image: format!(
            "{}.dkr.ecr.us-east-1.amazonaws.com/{}:{version}",
            w.account, spec.image
        ),
        essential: true,
        ports: vec!["8080/tcp".into()],
        health_check: Some(
            "CMD-SHELL curl -fs localhost:8080/health || exit 1 · every 30s, 5s timeout, 3 retries"
                .into(),
        ),
        depends_on: if spec.sidecar {
            vec!["envoy:HEALTHY".into()]
        } else {
            Vec::new()
        },
        log_configuration: log("ecs"),
        environment,
        secrets: vec![
            SecretRef {
                name: "DATABASE_URL".into(),
                value_from: format!(
                    "arn:aws:secretsmanager:us-east-1:{}:secret:{cluster}/{}/database-AbCdEf",
                    w.account, spec.name
                ),
            },
            SecretRef {
                name: "SENTRY_DSN".into(),
                value_from: format!(
                    "arn:aws:ssm:us-east-1:{}:parameter/{cluster}/{}/sentry-dsn",
                    w.account, spec.name
                ),
            },
        ],
        ..Default::default()
    }];
    if spec.sidecar {
        containers.push(ContainerDefinition {
            name: "envoy".into(),
            image: "public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod".into(),
            essential: false,
            log_configuration: log("envoy"),
            environment: vec![EnvVar {
                name: "ENVOY_LOG_LEVEL".into(),
                value: "info".into(),
            }],
            ..Default::default()
        });
    }
    if spec.log_driver == "awsfirelens" {
        containers.push(ContainerDefinition {
            name: "log-router".into(),
            image: "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4".into(),
            essential: true,
            ..Default::default()
        });
    }
    let fargate = spec.launch == Launch::Fargate;
    let memory = if age >= 2 && spec.memory >= 1024 {
        spec.memory / 2
    } else {
        spec.memory
    };
    let role = |name: &str| format!("arn:aws:iam::{}:role/{name}", w.account);
    let registered_at = w.now - Duration::days(3 * i64::from(age) + 1);
    w.task_definitions.insert(
        arn.clone(),
        TaskDefinition {
            arn: arn.clone(),
            family,
            revision,
            status: if age > 3 { "INACTIVE" } else { "ACTIVE" }.into(),
            registered_at: Some(registered_at),
            cpu: Some(spec.cpu.to_string()),
            memory: Some(memory.to_string()),
            task_role_arn: Some(role(&format!("{}-task", spec.name))),
            execution_role_arn: Some(role("ecsTaskExecutionRole")),
            network_mode: Some(if fargate { "awsvpc" } else { "bridge" }.into()),
            runtime_platform: Some("LINUX/X86_64".into()),
            requires_compatibilities: vec![if fargate { "FARGATE" } else { "EC2" }.into()],
            volumes: Vec::new(),
            containers,
            listed_only: false,
        },
    );
    arn
}

/// The revisions before the one a service runs (up to five back), each with its older image.
pub(super) fn register_history(w: &mut World, cluster: &str, spec: &ServiceSpec) {
    let mut version = spec.version.to_string();
    for back in 1..=5 {
        let revision = spec.revision - back;
        if revision < 1 {
            break;
        }
        version = previous_version(&version);
        register(w, cluster, spec, revision, &version);
    }
}

impl World {
    /// A release: the family's next revision, a copy of this one with the next image version.
    pub(super) fn register_next_revision(&mut self, arn: &str) -> String {
        let Some(mut td) = self.task_definitions.get(arn).cloned() else {
            return arn.to_string();
        };
        let newest = self
            .task_definitions
            .values()
            .filter(|t| t.family == td.family)
            .map(|t| t.revision)
            .max()
            .unwrap_or(td.revision);
        td.revision = newest + 1;
        td.arn = self.arn("task-definition", &format!("{}:{}", td.family, td.revision));
        td.status = "ACTIVE".into();
        td.registered_at = Some(self.now);
        if let Some(c) = td.containers.first_mut() {
            c.image = next_version(&c.image);
        }
        let arn = td.arn.clone();
        self.task_definitions.insert(arn.clone(), td);
        arn
    }
}

/// `repo:1.4.2` → `repo:1.5.0`: the next minor version of an image tag (unchanged if the tag
/// is not a version).
fn next_version(image: &str) -> String {
    let Some((repo, tag)) = image.rsplit_once(':') else {
        return image.to_string();
    };
    let mut parts: Vec<String> = tag.split('.').map(str::to_string).collect();
    match parts.get(1).and_then(|m| m.parse::<u32>().ok()) {
        Some(minor) => {
            parts[1] = (minor + 1).to_string();
            if let Some(patch) = parts.get_mut(2) {
                *patch = "0".into();
            }
            format!("{repo}:{}", parts.join("."))
        }
        None => image.to_string(),
    }
}
