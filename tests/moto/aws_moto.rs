//! The AWS backend against the moto server (a third-party emulator of the ECS wire API), seeded by
//! scripts/seed_moto.py. These run under scripts/test, which installs moto, starts it on a free
//! port and exports ECSDECK_MOTO_URL; without it they fail loudly rather than skip.

use crate::{backend_at, moto_url};
use ecsdeck::backend::aws::AwsBackend;
use ecsdeck::backend::{EcsRead, EcsWrite};
use ecsdeck::model::{FetchError, ScalableTarget, TaskScope, TaskStatus};
use std::time::{Duration, Instant};

async fn moto() -> AwsBackend {
    backend_at(&moto_url()).await
}

#[tokio::test]
async fn three_clusters() {
    let b = moto().await;
    let mut names: Vec<String> = b
        .clusters()
        .await
        .expect("clusters")
        .items
        .into_iter()
        .map(|c| c.name)
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "moto-biglogs",
            "moto-ec2",
            "moto-idle",
            "moto-lb",
            "moto-logs",
            "moto-web"
        ]
    );
}

#[tokio::test]
async fn twelve_services_with_their_fields() {
    let b = moto().await;
    let services = b.services("moto-web").await.expect("services").items;
    assert_eq!(services.len(), 12);
    let big = services.iter().find(|s| s.name == "big").expect("big");
    assert_eq!(big.desired, 250);
    assert_eq!(big.launch_type.as_deref(), Some("FARGATE"));
    assert_eq!(
        ecsdeck::model::family_revision(&big.task_definition),
        "big:1"
    );
    assert!(!big.deployments.is_empty(), "deployments come along");
    assert!(big.arn.ends_with("service/moto-web/big"), "{}", big.arn);
}

#[tokio::test]
async fn all_250_tasks_of_the_big_service_and_only_those() {
    let b = moto().await;
    let tasks = b
        .tasks(
            "moto-web",
            &TaskScope::Service("big".into()),
            TaskStatus::Running,
        )
        .await
        .expect("tasks")
        .items;
    assert_eq!(tasks.len(), 250, "not the first 100");
    assert!(
        tasks
            .iter()
            .all(|t| t.group.as_deref() == Some("service:big")),
        "moto ignores serviceName; the group filter holds"
    );
    assert!(tasks
        .iter()
        .all(|t| t.last_status == "RUNNING" && t.launch_type.as_deref() == Some("FARGATE")));
    let ids: std::collections::HashSet<_> = tasks.iter().map(|t| t.arn.clone()).collect();
    assert_eq!(ids.len(), 250);
}

#[tokio::test]
async fn stopped_tasks_keep_their_reasons() {
    let b = moto().await;
    let stopped = b
        .tasks(
            "moto-web",
            &TaskScope::Service("flaky".into()),
            TaskStatus::Stopped,
        )
        .await
        .expect("stopped")
        .items;
    let mut reasons: Vec<String> = stopped
        .iter()
        .filter_map(|t| t.stopped_reason.clone())
        .collect();
    reasons.sort();
    assert_eq!(
        reasons,
        [
            "Essential container in task exited",
            "Scaling activity initiated by (deployment ecs-svc/1)",
            "Task failed ELB health checks in (target-group web)"
        ]
    );
    assert!(stopped.iter().all(|t| t.desired_status == "STOPPED"));
}

#[tokio::test]
async fn ec2_container_instances() {
    let b = moto().await;
    let instances = b
        .container_instances("moto-ec2")
        .await
        .expect("instances")
        .items;
    assert_eq!(instances.len(), 3);
    for i in &instances {
        assert!(
            i.ec2_instance_id
                .as_deref()
                .is_some_and(|id| id.starts_with("i-")),
            "{i:?}"
        );
        assert_eq!(i.status, "ACTIVE");
        assert!(
            i.registered_cpu.is_some() && i.remaining_memory.is_some(),
            "{i:?}"
        );
    }
    let workers = b
        .tasks("moto-ec2", &TaskScope::Cluster, TaskStatus::Running)
        .await
        .unwrap()
        .items;
    assert_eq!(workers.len(), 4);
    assert!(
        workers.iter().all(|t| t.container_instance_arn.is_some()),
        "EC2 tasks say where they run"
    );
}

#[tokio::test]
async fn a_missing_cluster_is_a_clear_not_found() {
    let b = moto().await;
    let err = b.services("no-such-cluster").await.unwrap_err();
    assert_eq!(
        err,
        FetchError::NotFound(
            "ListServices: the cluster does not exist (ClusterNotFoundException)".into()
        )
    );
    assert!(b.api_log().iter().any(|c| c.operation == "ListServices"
        && matches!(c.outcome, ecsdeck::model::ApiOutcome::Failed(_))));
}

#[tokio::test]
async fn an_endpoint_that_accepts_and_never_answers_times_out_within_ten_seconds() {
    // A local listener that takes connections and says nothing.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let held = std::thread::spawn(move || {
        let mut open = Vec::new();
        for stream in listener.incoming().take(8).flatten() {
            open.push(stream);
        }
        std::thread::sleep(Duration::from_secs(30));
    });
    let b = backend_at(&url).await;
    let started = Instant::now();
    let err = b.clusters().await.unwrap_err();
    let took = started.elapsed();
    assert!(matches!(err, FetchError::Timeout(_)), "{err:?}");
    assert!(took <= Duration::from_secs(10), "took {took:?}");
    drop(held);
}

#[tokio::test]
async fn writes_reach_the_api_and_read_back() {
    let b = moto().await;
    let w = b.writer();

    w.set_desired_count("moto-web", "svc-10", 3)
        .await
        .expect("UpdateService");
    let svc = b
        .services("moto-web")
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|s| s.name == "svc-10")
        .unwrap();
    assert_eq!(svc.desired, 3);

    let task = b
        .tasks(
            "moto-web",
            &TaskScope::Service("svc-03".into()),
            TaskStatus::Running,
        )
        .await
        .unwrap()
        .items
        .remove(0);
    w.stop_task("moto-web", &task.arn, "ecsdeck: stopped by ci in a test")
        .await
        .expect("StopTask");
    let stopped = b
        .tasks(
            "moto-web",
            &TaskScope::Service("svc-03".into()),
            TaskStatus::Stopped,
        )
        .await
        .unwrap()
        .items;
    let t = stopped
        .iter()
        .find(|t| t.arn == task.arn)
        .expect("the task is stopped");
    assert_eq!(
        t.stopped_reason.as_deref(),
        Some("ecsdeck: stopped by ci in a test")
    );

    let instance = b
        .container_instances("moto-idle")
        .await
        .unwrap()
        .items
        .remove(0);
    let failures = w
        .set_instances_state("moto-idle", std::slice::from_ref(&instance.arn), true)
        .await
        .expect("drain");
    assert!(failures.is_empty(), "{failures:?}");
    assert_eq!(
        b.container_instances("moto-idle").await.unwrap().items[0].status,
        "DRAINING"
    );
    w.set_instances_state("moto-idle", std::slice::from_ref(&instance.arn), false)
        .await
        .expect("activate");
    assert_eq!(
        b.container_instances("moto-idle").await.unwrap().items[0].status,
        "ACTIVE"
    );

    assert_eq!(
        b.scalable_target("moto-web", "svc-01").await.unwrap(),
        Some(ScalableTarget { min: 1, max: 5 })
    );
    assert_eq!(b.scalable_target("moto-web", "svc-02").await.unwrap(), None);

    let err = w
        .set_desired_count("no-such-cluster", "svc-10", 1)
        .await
        .unwrap_err();
    assert!(
        matches!(err, FetchError::NotFound(_) | FetchError::Other(_)),
        "{err:?}"
    );
    let ops: Vec<String> = b.api_log().into_iter().map(|c| c.operation).collect();
    for op in [
        "UpdateService",
        "StopTask",
        "UpdateContainerInstancesState",
        "DescribeScalableTargets",
    ] {
        assert!(ops.iter().any(|o| o == op), "{op} is in the API log");
    }
}

#[tokio::test]
async fn pulse_over_two_regions_reads_each_with_its_own_client() {
    let url = moto_url();
    // A cluster in another region of the same (moto) account.
    let eu = aws_sdk_ecs::Client::new(
        &aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new("eu-west-1"))
            .endpoint_url(&url)
            .load()
            .await,
    );
    eu.create_cluster()
        .cluster_name("moto-eu")
        .send()
        .await
        .expect("create a cluster in eu-west-1");
    let b = moto().await;
    let query = ecsdeck::model::Query::Pulse {
        scopes: ecsdeck::model::PulseScope::cross(&[], &["us-east-1".into(), "eu-west-1".into()]),
    };
    let ecsdeck::model::Payload::Pulse(data) =
        ecsdeck::backend::fetch(&b, &query).await.expect("pulse")
    else {
        panic!("a pulse payload")
    };
    let mut names: Vec<String> = data.clusters.iter().map(|c| c.name.clone()).collect();
    names.sort();
    assert!(
        names.contains(&"eu-west-1/moto-eu".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"us-east-1/moto-web".to_string()),
        "{names:?}"
    );
    assert!(
        !names.iter().any(|n| n.starts_with("eu-west-1/moto-web")),
        "each region lists its own clusters: {names:?}"
    );
    // moto cannot answer the Rust SDK's CloudWatch (RPCv2 CBOR): each region says its alarms
    // are not shown — with the reason, in a row of its own — and nothing else failed.
    let (alarms, other): (Vec<&String>, Vec<&String>) = data
        .failures
        .iter()
        .partition(|f| f.contains("alarms not shown: DescribeAlarms: HTTP 404"));
    assert!(other.is_empty(), "{other:?}");
    assert_eq!(
        alarms.len(),
        2,
        "each region with its own client: {alarms:?}"
    );
    let regions_called: Vec<String> = b
        .api_log()
        .iter()
        .filter(|c| c.operation == "ListClusters")
        .map(|c| c.target.clone())
        .collect();
    assert!(
        regions_called.len() >= 2,
        "both regions asked: {regions_called:?}"
    );
}
