//! The demo account: three believable clusters (Fargate and EC2), a rolling deployment, a crash loop,
//! scheduled standalone jobs, awslogs task definitions — and a scale knob that adds a load-test
//! cluster of any size (the benchmark fixture at 50,000 tasks).

use super::revisions::{register, register_history};
use super::seed::{
    add_instances, add_load_test, add_standalone, first_fit, previous_version, seed_crash_history,
    seed_spot_interruption, settle_running,
};
use super::world::{Behaviour, Launch, SimCluster, SimDeployment, SimService, World};
use crate::model::{EnvVar, RolloutState, ServiceEvent, Timestamp};
use chrono::Duration;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::{BTreeMap, VecDeque};

/// What to build.
#[derive(Debug, Clone, Copy)]
pub struct ScenarioOptions {
    pub seed: u64,
    /// Extra tasks in a `load-test` cluster (0 for none).
    pub scale_tasks: usize,
}

impl Default for ScenarioOptions {
    fn default() -> Self {
        Self {
            seed: 7,
            scale_tasks: 0,
        }
    }
}

pub(super) struct ServiceSpec {
    pub(super) name: String,
    pub(super) desired: i32,
    pub(super) launch: Launch,
    pub(super) image: &'static str,
    pub(super) version: &'static str,
    pub(super) revision: i32,
    pub(super) cpu: i32,
    pub(super) memory: i32,
    pub(super) sidecar: bool,
    pub(super) log_driver: &'static str,
    pub(super) behaviour: Behaviour,
    /// Start in the middle of a rolling deployment from the previous revision.
    pub(super) deploying: bool,
    pub(super) min_healthy: i32,
    pub(super) max_percent: i32,
    pub(super) scalable: Option<(i32, i32)>,
    /// Behind a load balancer, on this container port.
    pub(super) lb_port: Option<i32>,
}

pub(super) fn svc(
    name: &str,
    desired: i32,
    launch: Launch,
    image: &'static str,
    version: &'static str,
    revision: i32,
) -> ServiceSpec {
    ServiceSpec {
        name: name.to_string(),
        desired,
        launch,
        image,
        version,
        revision,
        cpu: 512,
        memory: 1024,
        sidecar: false,
        log_driver: "awslogs",
        behaviour: Behaviour {
            crash_after: None,
            health_check: false,
            redeploy_every: None,
            scales_with_load: false,
        },
        deploying: false,
        min_healthy: 100,
        max_percent: 200,
        scalable: None,
        lb_port: None,
    }
}

fn prod_web() -> Vec<ServiceSpec> {
    vec![
        ServiceSpec {
            lb_port: Some(8080),
            sidecar: true,
            scalable: Some((4, 12)),
            behaviour: Behaviour {
                health_check: true,
                ..Default::default()
            },
            ..svc(
                "api-gateway",
                6,
                Launch::Fargate,
                "api-gateway",
                "3.14.2",
                118,
            )
        },
        ServiceSpec {
            lb_port: Some(80),
            cpu: 256,
            memory: 512,
            ..svc(
                "web-frontend",
                4,
                Launch::FargateSpot,
                "web-frontend",
                "2024.11.3",
                57,
            )
        },
        ServiceSpec {
            lb_port: Some(8080),
            deploying: true,
            scalable: Some((4, 8)),
            behaviour: Behaviour {
                health_check: true,
                redeploy_every: Some(20 * 60),
                scales_with_load: true,
                ..Default::default()
            },
            ..svc("checkout", 4, Launch::Fargate, "checkout", "1.42.0", 42)
        },
        ServiceSpec {
            lb_port: Some(8080),
            memory: 512,
            behaviour: Behaviour {
                crash_after: Some((20, 75)),
                ..Default::default()
            },
            ..svc(
                "notification-worker",
                2,
                Launch::Fargate,
                "notification-worker",
                "0.9.7",
                31,
            )
        },
        ServiceSpec {
            log_driver: "awsfirelens",
            ..svc("search", 3, Launch::Fargate, "search", "5.2.1", 23)
        },
    ]
}

fn prod_batch() -> Vec<ServiceSpec> {
    vec![
        ServiceSpec {
            cpu: 1024,
            memory: 2048,
            min_healthy: 50,
            max_percent: 100,
            ..svc(
                "report-generator",
                2,
                Launch::Ec2,
                "report-generator",
                "4.0.3",
                76,
            )
        },
        ServiceSpec {
            lb_port: Some(8080),
            min_healthy: 50,
            max_percent: 150,
            scalable: Some((2, 10)),
            ..svc(
                "image-resizer",
                4,
                Launch::Ec2,
                "image-resizer",
                "1.7.0",
                19,
            )
        },
        ServiceSpec {
            cpu: 256,
            memory: 512,
            log_driver: "splunk",
            ..svc(
                "queue-consumer",
                3,
                Launch::Ec2,
                "queue-consumer",
                "2.3.5",
                64,
            )
        },
    ]
}

fn staging() -> Vec<ServiceSpec> {
    vec![
        ServiceSpec {
            lb_port: Some(8080),
            cpu: 256,
            memory: 512,
            ..svc(
                "api-gateway",
                1,
                Launch::Fargate,
                "api-gateway",
                "3.15.0-rc.1",
                121,
            )
        },
        ServiceSpec {
            lb_port: Some(80),
            cpu: 256,
            memory: 512,
            ..svc(
                "web-frontend",
                1,
                Launch::FargateSpot,
                "web-frontend",
                "2024.11.4",
                60,
            )
        },
        ServiceSpec {
            lb_port: Some(8080),
            cpu: 256,
            memory: 512,
            ..svc(
                "checkout",
                1,
                Launch::Fargate,
                "checkout",
                "1.43.0-rc.2",
                45,
            )
        },
        ServiceSpec {
            cpu: 256,
            memory: 512,
            ..svc(
                "feature-flags",
                0,
                Launch::Fargate,
                "feature-flags",
                "0.4.1",
                8,
            )
        },
    ]
}

/// The demo account's own profile name (`:pulse @demo` is this account).
pub const DEMO_PROFILE: &str = "demo";
/// A second, small demo account, for `:pulse @sandbox`.
pub const SANDBOX_PROFILE: &str = "sandbox";
/// A demo profile whose SSO session has expired: `:pulse @expired` shows an account that cannot
/// be read, in its own row.
pub const EXPIRED_PROFILE: &str = "expired";

fn empty_world(seed: u64, t0: Timestamp, account: &str) -> World {
    World {
        rng: ChaCha8Rng::seed_from_u64(seed),
        now: t0,
        account: account.into(),
        region: "us-east-1".into(),
        clusters: Vec::new(),
        services: Vec::new(),
        tasks: BTreeMap::new(),
        instances: Vec::new(),
        task_definitions: BTreeMap::new(),
        jobs: Vec::new(),
        next_seq: 0,
        events: Default::default(),
        scaling: Vec::new(),
        reclaim: None,
    }
}

/// Another demo account, by profile (None for a profile the demo does not have).
pub fn build_account(profile: &str, seed: u64, t0: Timestamp) -> Option<World> {
    if profile != SANDBOX_PROFILE {
        return None;
    }
    let mut w = empty_world(seed, t0, "210987654321");
    let fargate = vec!["FARGATE".to_string(), "FARGATE_SPOT".to_string()];
    add_cluster(&mut w, "sandbox-apps", fargate, sandbox());
    Some(w)
}

/// The sandbox account's services: a model server that crashes soon after it starts (out of
/// memory on its first request), next to two that are well.
fn sandbox() -> Vec<ServiceSpec> {
    vec![
        ServiceSpec {
            memory: 2048,
            behaviour: Behaviour {
                crash_after: Some((30, 90)),
                ..Default::default()
            },
            ..svc(
                "ml-inference",
                2,
                Launch::Fargate,
                "ml-inference",
                "0.3.0",
                14,
            )
        },
        ServiceSpec {
            cpu: 256,
            memory: 512,
            ..svc(
                "docs-site",
                1,
                Launch::Fargate,
                "docs-site",
                "2026.11.30",
                88,
            )
        },
        svc(
            "load-generator",
            2,
            Launch::FargateSpot,
            "load-generator",
            "1.1.2",
            9,
        ),
    ]
}

pub fn build(opts: ScenarioOptions, t0: Timestamp) -> World {
    let mut w = empty_world(opts.seed, t0, "123456789012");
    let fargate = vec!["FARGATE".to_string(), "FARGATE_SPOT".to_string()];
    add_cluster(&mut w, "prod-web", fargate.clone(), prod_web());
    let batch = add_cluster(
        &mut w,
        "prod-batch",
        vec!["prod-batch-asg".to_string()],
        Vec::new(),
    );
    add_instances(&mut w, batch, 4);
    w.reclaim = Some(super::spot::Reclaim::Next(
        t0 + Duration::seconds(super::spot::FIRST_RECLAIM),
    ));
    add_services(&mut w, batch, prod_batch());
    add_standalone(&mut w, batch);
    add_cluster(&mut w, "staging", fargate, staging());
    if opts.scale_tasks > 0 {
        add_load_test(&mut w, opts.scale_tasks);
    }
    w.seed_scaling();
    seed_spot_interruption(&mut w);
    w
}

fn add_cluster(
    w: &mut World,
    name: &str,
    providers: Vec<String>,
    specs: Vec<ServiceSpec>,
) -> usize {
    w.clusters.push(SimCluster {
        name: name.into(),
        capacity_providers: providers,
        // Production web and the sandbox pay for per-task figures; batch and staging do not.
        container_insights: matches!(name, "prod-web" | "sandbox-apps"),
    });
    let ci = w.clusters.len() - 1;
    add_services(w, ci, specs);
    ci
}

fn deployment_id(w: &mut World) -> String {
    format!(
        "ecs-svc/{}",
        w.rng
            .gen_range(1_000_000_000_000_000_000u64..9_999_999_999_999_999_999)
    )
}

pub(super) fn add_services(w: &mut World, ci: usize, specs: Vec<ServiceSpec>) {
    let t0 = w.now;
    let cluster = w.clusters[ci].name.clone();
    for spec in specs {
        register_history(w, &cluster, &spec);
        let td = register(w, &cluster, &spec, spec.revision, spec.version);
        let age_days = w.rng.gen_range(20..400);
        let created = t0 - Duration::days(age_days);
        let deployed = t0 - Duration::minutes(w.rng.gen_range(90..6000));
        let primary = SimDeployment {
            id: deployment_id(w),
            task_definition: td.clone(),
            status: "PRIMARY",
            rollout: RolloutState::Completed,
            reason: Some("ECS deployment completed.".into()),
            failed: 0,
            created_at: deployed,
            updated_at: deployed + Duration::minutes(4),
        };
        let si = w.services.len();
        w.services.push(SimService {
            cluster: ci,
            name: spec.name.clone(),
            desired: spec.desired,
            launch: spec.launch,
            deployments: vec![primary],
            events: VecDeque::new(),
            created_at: created,
            min_healthy_percent: spec.min_healthy,
            max_percent: spec.max_percent,
            behaviour: spec.behaviour,
            last_steady_event: Some(t0 - Duration::minutes(w.rng.gen_range(5..300))),
            last_impaired_event: None,
            last_placement_event: None,
            next_redeploy: spec
                .behaviour
                .redeploy_every
                .map(|s| t0 + Duration::seconds(s)),
            recent_crashes: VecDeque::new(),
            scalable: spec.scalable,
            crash_from_revision: spec.revision,
            // Fargate services have ECS Exec on; EC2 ones show what it takes to turn it on.
            exec: !matches!(spec.launch, Launch::Ec2),
            lb_port: spec.lb_port,
        });
        let steady = w.services[si].last_steady_event.unwrap_or(t0);
        let history = [
            (
                deployed + Duration::minutes(4),
                format!(
                    "(service {}) (deployment {}) deployment completed.",
                    spec.name, w.services[si].deployments[0].id
                ),
            ),
            (
                steady,
                format!("(service {}) has reached a steady state.", spec.name),
            ),
        ];
        let mut history: Vec<_> = history.into_iter().collect();
        history.sort_by_key(|(t, _)| std::cmp::Reverse(*t));
        for (at, message) in history {
            let id = w.hex_id(8) + "-" + &w.hex_id(4) + "-" + &w.hex_id(4);
            w.services[si].events.push_back(ServiceEvent {
                id,
                created_at: Some(at),
                message,
            });
        }
        let running_td = if spec.deploying {
            register(
                w,
                &cluster,
                &spec,
                spec.revision - 1,
                &previous_version(spec.version),
            )
        } else {
            td.clone()
        };
        let dep = w.services[si].deployments[0].id.clone();
        // The tasks that were already running before the console opened.
        for _ in 0..spec.desired {
            let instance = (spec.launch == Launch::Ec2)
                .then(|| first_fit(w, ci, spec.cpu, spec.memory))
                .flatten();
            if spec.launch == Launch::Ec2 && instance.is_none() {
                continue;
            }
            let seq = w.spawn_task(
                ci,
                &running_td,
                Some(si),
                Some(dep.clone()),
                instance,
                Some(format!("service:{}", spec.name)),
                Some(dep.clone()),
            );
            let age = if spec.behaviour.crash_after.is_some() {
                w.rng.gen_range(5..20)
            } else {
                w.rng.gen_range(600..200_000)
            };
            settle_running(w, seq, t0 - Duration::seconds(age));
        }
        if spec.behaviour.crash_after.is_some() {
            seed_crash_history(w, ci, si, &td, &dep, &spec);
        }
        if spec.deploying {
            // The running tasks belong to the previous revision: the old, ACTIVE deployment. The
            // PRIMARY one, on this revision, was created 20 s before the console opened.
            let old = deployment_id(w);
            for st in w.tasks.values_mut().filter(|t| t.service == Some(si)) {
                st.deployment = Some(old.clone());
            }
            let started = t0 - Duration::seconds(20);
            let svc = &mut w.services[si];
            let primary = &mut svc.deployments[0];
            primary.rollout = RolloutState::InProgress;
            primary.reason = Some("ECS deployment in progress.".into());
            primary.created_at = started;
            primary.updated_at = started;
            svc.deployments.push(SimDeployment {
                id: old,
                task_definition: running_td,
                status: "ACTIVE",
                rollout: RolloutState::Completed,
                reason: Some("ECS deployment completed.".into()),
                failed: 0,
                created_at: deployed,
                updated_at: deployed + Duration::minutes(4),
            });
        }
    }
}

/// What an application container's environment looks like, including values that must never be
/// shown (the describe view masks them by name).
pub(super) fn app_environment(cluster: &str, service: &str) -> Vec<EnvVar> {
    let env = |name: &str, value: &str| EnvVar {
        name: name.into(),
        value: value.into(),
    };
    vec![
        env(
            "APP_ENV",
            if cluster.starts_with("prod") {
                "production"
            } else {
                "staging"
            },
        ),
        env("SERVICE_NAME", service),
        env("LOG_LEVEL", "info"),
        env("PORT", "8080"),
        env("DB_PASSWORD", "hunter2-do-not-show"),
        env("STRIPE_API_KEY", "sk_live_51Hxxxxxxxxxxxxx"),
        env("JWT_SIGNING_SECRET", "c2VjcmV0LXNlY3JldA=="),
        env("GITHUB_TOKEN", "ghp_xxxxxxxxxxxxxxxxxxxx"),
    ]
}
