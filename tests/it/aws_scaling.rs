//! The timeline's scaling activities on the AWS adapter against mocked SDK answers:
//! DescribeScalingActivities of one service's target (ResourceId given) or of a cluster (every
//! ECS target, filtered to that cluster), a few pages at most, newest first.

use aws_sdk_applicationautoscaling::operation::describe_scaling_activities::DescribeScalingActivitiesOutput;
use aws_sdk_applicationautoscaling::primitives::DateTime;
use aws_sdk_applicationautoscaling::types::{
    ScalableDimension, ScalingActivity, ScalingActivityStatusCode, ServiceNamespace,
};
use aws_sdk_applicationautoscaling::Client as Scaling;
use aws_smithy_mocks::{mock, mock_client, Rule, RuleMode};
use ecsdeck::backend::api_log::ApiLog;
use ecsdeck::backend::aws::AwsBackend;
use ecsdeck::backend::EcsRead;
use ecsdeck::clock::ManualClock;
use std::sync::Arc;

fn activity(resource: &str, n: i64, status: ScalingActivityStatusCode) -> ScalingActivity {
    ScalingActivity::builder()
        .activity_id(format!("a-{resource}-{n}"))
        .service_namespace(ServiceNamespace::Ecs)
        .resource_id(resource)
        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
        .description(format!("Setting desired count to {n}."))
        .cause("monitor alarm TargetTracking-AlarmHigh in state ALARM triggered policy cpu")
        .start_time(DateTime::from_secs(1_767_000_000 + n * 60))
        .status_code(status)
        .build()
        .expect("an activity")
}

fn backend(rules: &[&Rule]) -> AwsBackend {
    let ecs: aws_sdk_ecs::Client = mock_client!(aws_sdk_ecs, RuleMode::MatchAny, &[] as &[&Rule]);
    let scaling: Scaling = mock_client!(aws_sdk_applicationautoscaling, RuleMode::MatchAny, rules);
    AwsBackend::new(
        ecs,
        Some(scaling),
        "mock".into(),
        ApiLog::new(Arc::new(ManualClock::fixed())),
    )
}

#[tokio::test]
async fn a_services_activities_are_asked_by_resource_id_newest_first() {
    let rule = mock!(Scaling::describe_scaling_activities)
        .match_requests(|r| {
            r.resource_id() == Some("service/prod-web/api")
                && r.service_namespace() == Some(&ServiceNamespace::Ecs)
        })
        .then_output(|| {
            DescribeScalingActivitiesOutput::builder()
                .scaling_activities(activity(
                    "service/prod-web/api",
                    1,
                    ScalingActivityStatusCode::Successful,
                ))
                .scaling_activities(activity(
                    "service/prod-web/api",
                    3,
                    ScalingActivityStatusCode::Failed,
                ))
                .build()
        });
    let b = backend(&[&rule]);
    let got = b
        .scaling_activities("prod-web", Some("api"))
        .await
        .expect("activities");
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].status, "Failed", "newest first");
    assert_eq!(got[0].service(), "api");
    assert_eq!(got[0].description, "Setting desired count to 3.");
    assert_eq!(rule.num_calls(), 1);
}

#[tokio::test]
async fn a_clusters_activities_page_and_keep_only_that_cluster() {
    let rule = mock!(Scaling::describe_scaling_activities)
        .match_requests(|r| r.resource_id().is_none())
        .then_compute_output(|r| {
            let page: i64 = r.next_token().map_or(0, |t| t.parse().unwrap());
            let mut out = DescribeScalingActivitiesOutput::builder()
                .scaling_activities(activity(
                    "service/prod-web/api",
                    page,
                    ScalingActivityStatusCode::Successful,
                ))
                .scaling_activities(activity(
                    "service/staging/api",
                    page,
                    ScalingActivityStatusCode::Successful,
                ));
            // Endless pages: the adapter stops after a few.
            out = out.next_token((page + 1).to_string());
            out.build()
        });
    let b = backend(&[&rule]);
    let got = b
        .scaling_activities("prod-web", None)
        .await
        .expect("activities");
    assert_eq!(rule.num_calls(), 4, "the newest 4 pages at most");
    assert_eq!(got.len(), 4);
    assert!(got.iter().all(|a| a.cluster() == "prod-web"));
}
