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

#[tokio::test]
async fn scaling_reads_targets_policies_schedules_and_activities_of_the_cluster_only() {
    use aws_sdk_applicationautoscaling::operation::describe_scalable_targets::DescribeScalableTargetsOutput;
    use aws_sdk_applicationautoscaling::operation::describe_scaling_policies::DescribeScalingPoliciesOutput;
    use aws_sdk_applicationautoscaling::operation::describe_scheduled_actions::DescribeScheduledActionsOutput;
    use aws_sdk_applicationautoscaling::types::{
        Alarm, PolicyType, ScalableTarget, ScalableTargetAction, ScalingPolicy, ScheduledAction,
        StepAdjustment, StepScalingPolicyConfiguration, SuspendedState,
    };
    let at = DateTime::from_secs(1_767_000_000);
    let targets = mock!(Scaling::describe_scalable_targets).then_output(move || {
        let t = |id: &str| {
            ScalableTarget::builder()
                .service_namespace(ServiceNamespace::Ecs)
                .resource_id(id)
                .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
                .min_capacity(2)
                .max_capacity(10)
                .role_arn("arn:aws:iam::1:role/x")
                .creation_time(at)
                .suspended_state(
                    SuspendedState::builder()
                        .dynamic_scaling_in_suspended(true)
                        .build(),
                )
                .build()
                .expect("a target")
        };
        DescribeScalableTargetsOutput::builder()
            .scalable_targets(t("service/prod/worker"))
            .scalable_targets(t("service/other/worker"))
            .build()
    });
    let policies = mock!(Scaling::describe_scaling_policies).then_output(move || {
        DescribeScalingPoliciesOutput::builder()
            .scaling_policies(
                ScalingPolicy::builder()
                    .policy_arn("arn:p")
                    .policy_name("queue-depth-step")
                    .service_namespace(ServiceNamespace::Ecs)
                    .resource_id("service/prod/worker")
                    .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
                    .policy_type(PolicyType::StepScaling)
                    .step_scaling_policy_configuration(
                        StepScalingPolicyConfiguration::builder()
                            .step_adjustments(
                                StepAdjustment::builder()
                                    .metric_interval_lower_bound(0.0)
                                    .metric_interval_upper_bound(100.0)
                                    .scaling_adjustment(1)
                                    .build()
                                    .expect("step"),
                            )
                            .step_adjustments(
                                StepAdjustment::builder()
                                    .metric_interval_lower_bound(100.0)
                                    .scaling_adjustment(3)
                                    .build()
                                    .expect("step"),
                            )
                            .build(),
                    )
                    .alarms(
                        Alarm::builder()
                            .alarm_name("queue-high")
                            .alarm_arn("arn:a")
                            .build()
                            .expect("alarm"),
                    )
                    .creation_time(at)
                    .build()
                    .expect("a policy"),
            )
            .build()
    });
    let scheduled = mock!(Scaling::describe_scheduled_actions).then_output(move || {
        DescribeScheduledActionsOutput::builder()
            .scheduled_actions(
                ScheduledAction::builder()
                    .scheduled_action_name("black-friday")
                    .scheduled_action_arn("arn:s")
                    .service_namespace(ServiceNamespace::Ecs)
                    .resource_id("service/prod/worker")
                    .schedule("at(2026-11-27T06:00:00)")
                    .scalable_target_action(
                        ScalableTargetAction::builder()
                            .min_capacity(8)
                            .max_capacity(20)
                            .build(),
                    )
                    .creation_time(at)
                    .build()
                    .expect("an action"),
            )
            .build()
    });
    let activities = mock!(Scaling::describe_scaling_activities).then_output(|| {
        let mut failed = activity("service/prod/worker", 7, ScalingActivityStatusCode::Failed);
        failed.status_message = Some("Failed to set desired count: the service is draining".into());
        DescribeScalingActivitiesOutput::builder()
            .scaling_activities(failed)
            .build()
    });
    let b = backend(&[&targets, &policies, &scheduled, &activities]);
    let data = b.scaling("prod", None).await.expect("scaling");
    let kinds: Vec<(&str, &str)> = data
        .items
        .iter()
        .map(|i| (i.kind.as_str(), i.service.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("target", "worker"),
            ("policy", "worker"),
            ("scheduled", "worker"),
            ("activity", "worker")
        ],
        "the other cluster's target is not this cluster's"
    );
    let target = &data.items[0];
    assert_eq!(target.name, "min 2 · max 10");
    assert_eq!(target.status.as_deref(), Some("suspended: scale-in"));
    assert_eq!(
        data.items[1].detail,
        "step: [0, 100) +1, [100, ∞) +3; alarms queue-high"
    );
    assert_eq!(
        data.items[2].detail,
        "at(2026-11-27T06:00:00) → min 8 max 20"
    );
    assert_eq!(
        data.items[2].at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2026-11-27T06:00:00+00:00")
    );
    let failed = &data.items[3];
    assert_eq!(failed.status.as_deref(), Some("Failed"));
    assert!(
        failed
            .detail
            .starts_with("Failed to set desired count: the service is draining — monitor alarm"),
        "{}",
        failed.detail
    );
    assert_eq!(data.activities_error, None);
}
