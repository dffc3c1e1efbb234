//! The simulated account acts like ECS when changed: a scale-up starts tasks over seconds, stopped
//! service tasks are replaced, a drained instance's service tasks move elsewhere while standalone
//! ones stay, and a forced deployment rolls to COMPLETED.

use chrono::Duration;
use ecsdeck::backend::sim::{ScenarioOptions, SimBackend};
use ecsdeck::backend::{EcsRead, EcsWrite};
use ecsdeck::clock::ManualClock;
use ecsdeck::model::{RolloutState, ScalableTarget, Service, TaskScope, TaskStatus};
use std::sync::Arc;

fn sim() -> (Arc<ManualClock>, SimBackend) {
    let clock = Arc::new(ManualClock::fixed());
    let b = SimBackend::new(ScenarioOptions::default(), clock.clone());
    (clock, b)
}

async fn service(b: &SimBackend, cluster: &str, name: &str) -> Service {
    b.services(cluster)
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|s| s.name == name)
        .unwrap()
}

#[tokio::test]
async fn scaling_2_to_5_starts_tasks_over_seconds_and_converges() {
    let (clock, b) = sim();
    clock.advance(Duration::minutes(2));
    assert_eq!(
        service(&b, "prod-batch", "report-generator").await.running,
        2
    );
    b.writer()
        .set_desired_count("prod-batch", "report-generator", 5)
        .await
        .unwrap();
    clock.advance(Duration::seconds(2));
    let starting = service(&b, "prod-batch", "report-generator").await;
    assert_eq!(starting.desired, 5);
    assert!(
        starting.pending > 0,
        "new tasks are PENDING first: {starting:?}"
    );
    clock.advance(Duration::seconds(60));
    let done = service(&b, "prod-batch", "report-generator").await;
    assert_eq!((done.running, done.pending), (5, 0));

    b.writer()
        .set_desired_count("prod-batch", "report-generator", 1)
        .await
        .unwrap();
    clock.advance(Duration::seconds(10));
    assert_eq!(
        service(&b, "prod-batch", "report-generator").await.running,
        1,
        "scale-in stops the newest"
    );
}

#[tokio::test]
async fn stopped_service_tasks_are_replaced() {
    let (clock, b) = sim();
    let scope = TaskScope::Service("api-gateway".into());
    let running = b
        .tasks("prod-web", &scope, TaskStatus::Running)
        .await
        .unwrap()
        .items;
    for t in running.iter().take(3) {
        b.writer()
            .stop_task("prod-web", &t.arn, "ecsdeck: stopped by jdoe")
            .await
            .unwrap();
    }
    clock.advance(Duration::seconds(90));
    let svc = service(&b, "prod-web", "api-gateway").await;
    assert_eq!((svc.running, svc.pending), (6, 0), "replaced");
    let stopped = b
        .tasks("prod-web", &scope, TaskStatus::Stopped)
        .await
        .unwrap()
        .items;
    assert_eq!(stopped.len(), 3);
    assert!(stopped
        .iter()
        .all(|t| t.stop_code.as_deref() == Some("UserInitiated")
            && t.stopped_reason.as_deref() == Some("ecsdeck: stopped by jdoe")));
    let unknown = b
        .writer()
        .stop_task(
            "prod-web",
            "arn:aws:ecs:us-east-1:123456789012:task/prod-web/nope",
            "x",
        )
        .await;
    assert!(unknown.is_err());
}

#[tokio::test]
async fn a_drained_instance_ends_with_no_service_tasks_and_standalone_ones_keep_running() {
    let (clock, b) = sim();
    let tasks = b
        .tasks("prod-batch", &TaskScope::Cluster, TaskStatus::Running)
        .await
        .unwrap()
        .items;
    let migration = tasks
        .iter()
        .find(|t| t.group.as_deref() == Some("family:data-migration"))
        .expect("a standalone task");
    let instance = migration.container_instance_arn.clone().unwrap();
    let on_it = |tasks: &[std::sync::Arc<ecsdeck::model::Task>]| {
        tasks
            .iter()
            .filter(|t| {
                t.container_instance_arn.as_deref() == Some(&instance) && t.service_name().is_some()
            })
            .count()
    };
    assert!(on_it(&tasks) > 0, "the instance also runs service tasks");

    let failures = b
        .writer()
        .set_instances_state("prod-batch", std::slice::from_ref(&instance), true)
        .await
        .unwrap();
    assert!(failures.is_empty());
    let ins = b.container_instances("prod-batch").await.unwrap().items;
    assert_eq!(
        ins.iter().find(|i| i.arn == instance).unwrap().status,
        "DRAINING"
    );
    clock.advance(Duration::minutes(3));
    let tasks = b
        .tasks("prod-batch", &TaskScope::Cluster, TaskStatus::Running)
        .await
        .unwrap()
        .items;
    assert_eq!(on_it(&tasks), 0, "service tasks moved off");
    assert!(
        tasks
            .iter()
            .any(|t| t.arn == migration.arn && t.last_status == "RUNNING"),
        "the standalone task stays"
    );
    for s in b.services("prod-batch").await.unwrap().items {
        assert_eq!(s.running, s.desired, "{} back at desired elsewhere", s.name);
    }
    let ins = b.container_instances("prod-batch").await.unwrap().items;
    assert_eq!(
        ins.iter()
            .find(|i| i.arn == instance)
            .unwrap()
            .running_tasks,
        1,
        "only the standalone task"
    );

    b.writer()
        .set_instances_state("prod-batch", std::slice::from_ref(&instance), false)
        .await
        .unwrap();
    let ins = b.container_instances("prod-batch").await.unwrap().items;
    assert_eq!(
        ins.iter().find(|i| i.arn == instance).unwrap().status,
        "ACTIVE"
    );
}

#[tokio::test]
async fn a_forced_deployment_rolls_to_completed_on_the_same_task_definition() {
    let (clock, b) = sim();
    let before = service(&b, "prod-web", "web-frontend").await;
    b.writer()
        .force_new_deployment("prod-web", "web-frontend")
        .await
        .unwrap();
    let rolling = service(&b, "prod-web", "web-frontend").await;
    assert_eq!(rolling.deployments.len(), 2);
    assert_eq!(
        rolling.primary().unwrap().rollout_state,
        Some(RolloutState::InProgress)
    );
    clock.advance(Duration::minutes(3));
    let done = service(&b, "prod-web", "web-frontend").await;
    assert_eq!(done.deployments.len(), 1);
    assert_eq!(
        done.primary().unwrap().rollout_state,
        Some(RolloutState::Completed)
    );
    assert_eq!(
        done.task_definition, before.task_definition,
        "the same revision, new tasks"
    );
    assert_eq!(done.running, 4);
}

#[tokio::test]
async fn scalable_targets_and_bad_input() {
    let (_, b) = sim();
    assert_eq!(
        b.scalable_target("prod-web", "api-gateway").await.unwrap(),
        Some(ScalableTarget { min: 4, max: 12 })
    );
    assert_eq!(b.scalable_target("prod-web", "search").await.unwrap(), None);
    b.writer()
        .set_scalable_target("prod-web", "api-gateway", 2, 20)
        .await
        .unwrap();
    assert_eq!(
        b.scalable_target("prod-web", "api-gateway").await.unwrap(),
        Some(ScalableTarget { min: 2, max: 20 })
    );
    let err = b
        .writer()
        .set_desired_count("prod-web", "checkout", -1)
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("desiredCount must be 0 or more"),
        "{err}"
    );
    let log = b.api_log();
    assert!(
        log.iter().any(|c| c.operation == "UpdateService"),
        "writes are in the API log too"
    );
}
