//! The simulated account behaves like ECS: deployments roll to COMPLETED, crash loops stop and
//! replace tasks, counts converge, stopped tasks stay an hour, and all of it is deterministic.

use chrono::Duration;
use ecsdeck::backend::sim::{ScenarioOptions, SimBackend};
use ecsdeck::backend::EcsRead;
use ecsdeck::clock::{Clock, ManualClock};
use ecsdeck::model::{RolloutState, Service, TaskScope, TaskStatus};
use std::sync::Arc;

fn sim() -> (Arc<ManualClock>, SimBackend) {
    let clock = Arc::new(ManualClock::fixed());
    let backend = SimBackend::new(ScenarioOptions::default(), clock.clone());
    (clock, backend)
}

async fn service(b: &SimBackend, cluster: &str, name: &str) -> Service {
    let list = b.services(cluster).await.expect("services");
    list.items
        .into_iter()
        .find(|s| s.name == name)
        .expect("service exists")
}

#[tokio::test]
async fn the_demo_account_has_three_clusters_of_both_launch_types() {
    let (_, b) = sim();
    let clusters = b.clusters().await.unwrap().items;
    let names: Vec<_> = clusters.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["prod-web", "prod-batch", "staging"]);
    let batch = &clusters[1];
    assert_eq!(batch.registered_instances, Some(4));
    let services = b.services("prod-batch").await.unwrap().items;
    assert!(services
        .iter()
        .all(|s| s.launch_type.as_deref() == Some("EC2")));
    let web = b.services("prod-web").await.unwrap().items;
    assert!(web.iter().any(|s| s.capacity_providers == ["FARGATE_SPOT"]));
    let instances = b.container_instances("prod-batch").await.unwrap().items;
    assert_eq!(instances.len(), 4);
    assert!(
        instances.iter().map(|i| i.running_tasks).sum::<i32>() >= 9,
        "service and standalone tasks are placed"
    );
}

#[tokio::test]
async fn the_rolling_deployment_completes_and_drains_the_old_tasks() {
    let (clock, b) = sim();
    let checkout = service(&b, "prod-web", "checkout").await;
    assert_eq!(checkout.deployments.len(), 2, "starts mid-rollout");
    let primary = checkout.primary().unwrap().clone();
    assert_eq!(primary.rollout_state, Some(RolloutState::InProgress));
    assert_eq!(primary.running, 0);
    assert_eq!(
        checkout.deployments[1].running, 4,
        "the old deployment serves traffic"
    );

    clock.advance(Duration::seconds(30));
    let mid = service(&b, "prod-web", "checkout").await;
    assert!(
        mid.running + mid.pending > 4,
        "new tasks start before old ones stop (maximumPercent 200)"
    );

    clock.advance(Duration::minutes(3));
    let done = service(&b, "prod-web", "checkout").await;
    assert_eq!(done.deployments.len(), 1);
    let d = &done.deployments[0];
    assert_eq!(d.rollout_state, Some(RolloutState::Completed));
    assert_eq!(d.id, primary.id);
    assert_eq!((done.running, done.pending), (4, 0));
    let running = b
        .tasks(
            "prod-web",
            &TaskScope::Service("checkout".into()),
            TaskStatus::Running,
        )
        .await
        .unwrap()
        .items;
    assert!(running
        .iter()
        .all(|t| t.task_definition_arn == primary.task_definition));
    let stopped = b
        .tasks(
            "prod-web",
            &TaskScope::Service("checkout".into()),
            TaskStatus::Stopped,
        )
        .await
        .unwrap()
        .items;
    assert_eq!(stopped.len(), 4, "the four old tasks were drained");
    assert!(stopped
        .iter()
        .all(|t| t.stop_code.as_deref() == Some("ServiceSchedulerInitiated")));
    assert!(done
        .events
        .iter()
        .any(|e| e.message.contains("deployment completed")));
    assert!(
        done.events[0]
            .message
            .contains("has reached a steady state"),
        "{:?}",
        done.events[0]
    );
}

#[tokio::test]
async fn the_crash_loop_stops_and_replaces_tasks() {
    let (clock, b) = sim();
    let scope = TaskScope::Service("notification-worker".into());
    let before = b
        .tasks("prod-web", &scope, TaskStatus::Stopped)
        .await
        .unwrap()
        .items;
    assert_eq!(before.len(), 6, "an hour of crash history from the start");
    clock.advance(Duration::minutes(10));
    let stopped = b
        .tasks("prod-web", &scope, TaskStatus::Stopped)
        .await
        .unwrap()
        .items;
    assert!(
        stopped.len() >= 12,
        "tasks keep crashing: {}",
        stopped.len()
    );
    for t in &stopped {
        assert_eq!(t.stop_code.as_deref(), Some("EssentialContainerExited"));
        assert_eq!(
            t.stopped_reason.as_deref(),
            Some("Essential container in task exited")
        );
        assert!(
            matches!(t.exit_code(), Some(137) | Some(1)),
            "{:?}",
            t.exit_code()
        );
    }
    let svc = service(&b, "prod-web", "notification-worker").await;
    assert_eq!(svc.desired, 2);
    assert!(svc.running + svc.pending >= 1, "crashed tasks are replaced");
    assert!(svc.deployments[0].failed >= 12);
    assert!(svc
        .events
        .iter()
        .any(|e| e.message.contains("unable to consistently start tasks")));
}

#[tokio::test]
async fn counts_converge_to_desired() {
    let (clock, b) = sim();
    clock.advance(Duration::minutes(5));
    for cluster in ["prod-web", "prod-batch", "staging"] {
        for s in b.services(cluster).await.unwrap().items {
            if s.name == "notification-worker" {
                continue;
            }
            assert_eq!(
                (s.running, s.pending),
                (s.desired, 0),
                "{cluster}/{}",
                s.name
            );
        }
    }
}

#[tokio::test]
async fn stopped_tasks_are_kept_for_an_hour_of_simulated_time() {
    let (clock, b) = sim();
    clock.advance(Duration::minutes(5));
    let scope = TaskScope::Service("checkout".into());
    let ids = |tasks: &[std::sync::Arc<ecsdeck::model::Task>]| {
        tasks.iter().map(|t| t.arn.clone()).collect::<Vec<_>>()
    };
    let stopped = b
        .tasks("prod-web", &scope, TaskStatus::Stopped)
        .await
        .unwrap()
        .items;
    assert_eq!(stopped.len(), 4);
    let first_rollout = ids(&stopped);
    let first = stopped.iter().filter_map(|t| t.stopped_at).min().unwrap();
    let last = stopped.iter().filter_map(|t| t.stopped_at).max().unwrap();
    clock.set(first + Duration::minutes(59));
    let later = ids(&b
        .tasks("prod-web", &scope, TaskStatus::Stopped)
        .await
        .unwrap()
        .items);
    assert!(
        first_rollout.iter().all(|a| later.contains(a)),
        "still listed before the hour is up"
    );
    clock.set(last + Duration::minutes(61));
    let after = b
        .tasks("prod-web", &scope, TaskStatus::Stopped)
        .await
        .unwrap()
        .items;
    assert!(
        after.iter().all(|t| !first_rollout.contains(&t.arn)),
        "gone after an hour"
    );
    assert!(after
        .iter()
        .all(|t| clock.now() - t.stopped_at.unwrap() <= Duration::hours(1)));
    assert!(
        !after.is_empty(),
        "later rollouts (every 20 minutes) stopped newer tasks"
    );
}

#[tokio::test]
async fn the_world_depends_only_on_seed_and_time_not_on_how_often_it_is_read() {
    let (c1, b1) = sim();
    let (c2, b2) = sim();
    for _ in 0..120 {
        c1.advance(Duration::seconds(5));
        b1.clusters().await.unwrap();
    }
    c2.advance(Duration::minutes(10));
    for cluster in ["prod-web", "prod-batch", "staging"] {
        for status in [TaskStatus::Running, TaskStatus::Stopped] {
            let a = b1
                .tasks(cluster, &TaskScope::Cluster, status)
                .await
                .unwrap();
            let b = b2
                .tasks(cluster, &TaskScope::Cluster, status)
                .await
                .unwrap();
            assert_eq!(a, b, "{cluster} {status:?}");
        }
    }
    let other = SimBackend::new(
        ScenarioOptions {
            seed: 8,
            ..Default::default()
        },
        Arc::new(ManualClock::fixed()),
    );
    let a = b2
        .tasks("prod-web", &TaskScope::Cluster, TaskStatus::Running)
        .await
        .unwrap();
    let b = other
        .tasks("prod-web", &TaskScope::Cluster, TaskStatus::Running)
        .await
        .unwrap();
    assert_ne!(a, b, "another seed is another account");
}

#[tokio::test]
async fn the_scale_knob_reaches_fifty_thousand_tasks() {
    let clock = Arc::new(ManualClock::fixed());
    let b = SimBackend::new(
        ScenarioOptions {
            seed: 7,
            scale_tasks: 50_000,
        },
        clock.clone(),
    );
    let tasks = b
        .tasks("load-test", &TaskScope::Cluster, TaskStatus::Running)
        .await
        .unwrap()
        .items;
    assert_eq!(tasks.len(), 50_000);
    clock.advance(Duration::seconds(3));
    let c = b.clusters().await.unwrap().items;
    let lt = c.iter().find(|c| c.name == "load-test").unwrap();
    assert_eq!(lt.running_tasks, Some(50_000));
    assert_eq!(lt.active_services, Some(50));
}

#[tokio::test]
async fn unknown_clusters_are_typed_not_found_errors() {
    let (_, b) = sim();
    let err = b.services("no-such-cluster").await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "not found: cluster no-such-cluster not found"
    );
}
