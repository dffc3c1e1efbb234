//! The AWS adapter against mocked SDK responses (moto ignores maxResults and never pages): every
//! nextToken is followed with maxResults 100, describes go in batches of 10 (services) and 100
//! (tasks, clusters, instances), and a refresh costs exactly the minimum number of calls.

use aws_sdk_ecs::operation::describe_clusters::DescribeClustersOutput;
use aws_sdk_ecs::operation::describe_services::DescribeServicesOutput;
use aws_sdk_ecs::operation::describe_tasks::{DescribeTasksError, DescribeTasksOutput};
use aws_sdk_ecs::operation::list_clusters::ListClustersOutput;
use aws_sdk_ecs::operation::list_services::ListServicesOutput;
use aws_sdk_ecs::operation::list_tasks::ListTasksOutput;
use aws_sdk_ecs::types::{Cluster, Failure, Service, Task};
use aws_sdk_ecs::Client;
use aws_smithy_mocks::{mock, mock_client, MockResponse, Rule, RuleMode};
use aws_smithy_types::error::ErrorMetadata;
use ecsdeck::backend::api_log::ApiLog;
use ecsdeck::backend::aws::AwsBackend;
use ecsdeck::backend::EcsRead;
use ecsdeck::clock::ManualClock;
use ecsdeck::model::{ApiOutcome, TaskScope, TaskStatus};
use std::sync::Arc;

const PAGE: usize = 100;

fn arn(kind: &str, i: usize) -> String {
    format!("arn:aws:ecs:us-east-1:123456789012:{kind}/big/{kind}-{i:05}")
}

/// Page `total` ARNs by the token (the index of the next item), asserting maxResults 100.
fn page(
    kind: &'static str,
    total: usize,
    max: Option<i32>,
    token: Option<&str>,
) -> (Vec<String>, Option<String>) {
    assert_eq!(max, Some(100), "every list call asks for 100");
    let from: usize = token.map(|t| t.parse().expect("our token")).unwrap_or(0);
    let to = (from + PAGE).min(total);
    let next = (to < total).then(|| to.to_string());
    ((from..to).map(|i| arn(kind, i)).collect(), next)
}

fn backend(rules: &[&Rule]) -> AwsBackend {
    let client: Client = mock_client!(aws_sdk_ecs, RuleMode::MatchAny, rules);
    AwsBackend::new(
        client,
        None,
        "mock".into(),
        ApiLog::new(Arc::new(ManualClock::fixed())),
    )
}

fn list_tasks_rule(total: usize) -> Rule {
    mock!(Client::list_tasks).then_compute_output(move |req| {
        let (arns, next) = page("task", total, req.max_results(), req.next_token());
        ListTasksOutput::builder()
            .set_task_arns(Some(arns))
            .set_next_token(next)
            .build()
    })
}

fn task_of(a: &str) -> Task {
    Task::builder()
        .task_arn(a)
        .group("service:big")
        .last_status("RUNNING")
        .desired_status("RUNNING")
        .build()
}

#[tokio::test]
async fn services_page_by_100_and_describe_by_10() {
    let list = mock!(Client::list_services).then_compute_output(|req| {
        let (arns, next) = page("service", 250, req.max_results(), req.next_token());
        ListServicesOutput::builder()
            .set_service_arns(Some(arns))
            .set_next_token(next)
            .build()
    });
    let describe = mock!(Client::describe_services).then_compute_output(|req| {
        assert!(
            req.services().len() <= 10,
            "DescribeServices takes at most 10"
        );
        let services = req.services().iter().map(|a| {
            Service::builder()
                .service_arn(a)
                .service_name(a.rsplit('/').next().unwrap())
                .build()
        });
        DescribeServicesOutput::builder()
            .set_services(Some(services.collect()))
            .build()
    });
    let b = backend(&[&list, &describe]);
    let got = b.services("big").await.expect("services");
    assert_eq!(got.items.len(), 250);
    assert!(got.failures.is_empty());
    assert_eq!(list.num_calls(), 3, "250 services: pages of 100, 100, 50");
    assert_eq!(describe.num_calls(), 25, "250 services in batches of 10");
    let names: std::collections::HashSet<_> = got.items.iter().map(|s| s.name.clone()).collect();
    assert_eq!(names.len(), 250, "each service once");
}

#[tokio::test]
async fn all_1234_tasks_not_the_first_100() {
    let list = list_tasks_rule(1234);
    let describe = mock!(Client::describe_tasks).then_compute_output(|req| {
        assert!(req.tasks().len() <= 100, "DescribeTasks takes at most 100");
        DescribeTasksOutput::builder()
            .set_tasks(Some(req.tasks().iter().map(|a| task_of(a)).collect()))
            .build()
    });
    let b = backend(&[&list, &describe]);
    let got = b
        .tasks(
            "big",
            &TaskScope::Service("big".into()),
            TaskStatus::Running,
        )
        .await
        .expect("tasks");
    assert_eq!(got.items.len(), 1234);
    assert_eq!(
        list.num_calls(),
        13,
        "1,234 tasks: 12 full pages and one of 34"
    );
    assert_eq!(describe.num_calls(), 13, "and 13 describes of at most 100");
    let log = b.api_log();
    assert_eq!(log.len(), 26, "every call is in the API log");
    assert!(log.iter().all(|c| matches!(c.outcome, ApiOutcome::Ok(_))));
    assert_eq!(
        log.iter().filter(|c| c.operation == "ListTasks").count(),
        13
    );
}

#[tokio::test]
async fn clusters_cost_one_list_and_one_describe() {
    let list = mock!(Client::list_clusters).then_compute_output(|req| {
        assert_eq!(req.max_results(), Some(100));
        ListClustersOutput::builder()
            .set_cluster_arns(Some((0..3).map(|i| arn("cluster", i)).collect()))
            .build()
    });
    let describe = mock!(Client::describe_clusters).then_compute_output(|req| {
        let clusters = req
            .clusters()
            .iter()
            .map(|a| Cluster::builder().cluster_arn(a).status("ACTIVE").build());
        DescribeClustersOutput::builder()
            .set_clusters(Some(clusters.collect()))
            .build()
    });
    let b = backend(&[&list, &describe]);
    assert_eq!(b.clusters().await.unwrap().items.len(), 3);
    assert_eq!((list.num_calls(), describe.num_calls()), (1, 1));
}

#[tokio::test]
async fn a_failed_describe_batch_keeps_the_rest_and_says_the_list_is_incomplete() {
    let list = list_tasks_rule(450);
    let describe = mock!(Client::describe_tasks).then_compute_response(|req| {
        if req.tasks().iter().any(|a| a.ends_with("task-00200")) {
            MockResponse::Error(DescribeTasksError::generic(
                ErrorMetadata::builder()
                    .code("ServerException")
                    .message("internal error")
                    .build(),
            ))
        } else {
            MockResponse::Output(
                DescribeTasksOutput::builder()
                    .set_tasks(Some(req.tasks().iter().map(|a| task_of(a)).collect()))
                    .build(),
            )
        }
    });
    let b = backend(&[&list, &describe]);
    let got = b
        .tasks("big", &TaskScope::Cluster, TaskStatus::Running)
        .await
        .expect("partial, not an error");
    assert_eq!(got.items.len(), 350, "the other four batches loaded");
    assert_eq!(got.failures.len(), 1);
    assert!(
        got.failures[0]
            .reason
            .starts_with("batch 3/5 (100 resources) not loaded"),
        "{}",
        got.failures[0].reason
    );
    assert!(b
        .api_log()
        .iter()
        .any(|c| matches!(&c.outcome, ApiOutcome::Failed(m) if m.contains("ServerException"))));
}

#[tokio::test]
async fn failures_in_responses_are_reported_and_other_services_tasks_dropped() {
    let list = list_tasks_rule(3);
    let describe = mock!(Client::describe_tasks).then_compute_output(|req| {
        let mut tasks: Vec<Task> = req.tasks().iter().take(2).map(|a| task_of(a)).collect();
        tasks[1] = Task::builder()
            .task_arn(req.tasks()[1].clone())
            .group("service:other")
            .build();
        DescribeTasksOutput::builder()
            .set_tasks(Some(tasks))
            .failures(
                Failure::builder()
                    .arn(req.tasks()[2].clone())
                    .reason("MISSING")
                    .build(),
            )
            .build()
    });
    let b = backend(&[&list, &describe]);
    let got = b
        .tasks(
            "big",
            &TaskScope::Service("big".into()),
            TaskStatus::Running,
        )
        .await
        .unwrap();
    assert_eq!(got.items.len(), 1, "only tasks whose group is service:big");
    assert_eq!(got.failures.len(), 1);
    assert_eq!(got.failures[0].reason, "MISSING");
}

#[tokio::test]
async fn an_empty_list_costs_no_describe() {
    let list = list_tasks_rule(0);
    let describe =
        mock!(Client::describe_tasks).then_output(|| DescribeTasksOutput::builder().build());
    let b = backend(&[&list, &describe]);
    assert!(b
        .tasks("big", &TaskScope::Cluster, TaskStatus::Stopped)
        .await
        .unwrap()
        .items
        .is_empty());
    assert_eq!((list.num_calls(), describe.num_calls()), (1, 0));
}

#[tokio::test]
async fn throttling_is_a_typed_warning_and_logged_as_throttled() {
    use aws_sdk_ecs::operation::list_clusters::ListClustersError;
    let list = mock!(Client::list_clusters).then_error(|| {
        ListClustersError::generic(
            ErrorMetadata::builder()
                .code("ThrottlingException")
                .message("Rate exceeded")
                .build(),
        )
    });
    let b = backend(&[&list]);
    let err = b.clusters().await.unwrap_err();
    assert_eq!(
        err,
        ecsdeck::model::FetchError::Throttled(
            "ListClusters: ThrottlingException: Rate exceeded".into()
        )
    );
    assert!(
        err.is_transient(),
        "the sync layer backs off and retries it"
    );
    assert_eq!(
        list.num_calls(),
        3,
        "the SDK retried the throttled call with backoff (3 attempts)"
    );
    assert!(b
        .api_log()
        .iter()
        .all(|c| matches!(c.outcome, ApiOutcome::Throttled(_))));
}
