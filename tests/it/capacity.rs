//! Capacity and Spot on the simulator: `:capacity` lists a cluster's providers (an Auto Scaling
//! group with managed scaling and termination protection; FARGATE and FARGATE_SPOT), its default
//! strategy and each service's; a Fargate Spot task reclaimed is called out as a spot
//! interruption in `:pulse` and `:failures`, not as a failing release.

use ecsdeck::app::table::Tone;
use ecsdeck::harness::Harness;

#[test]
fn capacity_lists_providers_the_default_strategy_and_each_services() {
    let mut h = Harness::new(200, 40);
    h.command("capacity prod-batch");
    h.advance(2);
    let screen = h.screen();
    assert!(screen.contains("capacity(prod-batch)[5]"), "{screen}");
    assert!(
        screen.contains("Auto Scaling group prod-batch-group · 4 desired (min 2, max 8) · 4 in service · on-demand · managed scaling to 100% · termination protection ENABLED"),
        "{screen}"
    );
    assert!(
        screen.contains("launch type (no capacity provider strategy)"),
        "{screen}"
    );
    h.command("capacity prod-web");
    h.advance(2);
    let screen = h.screen();
    let spot = screen
        .lines()
        .find(|l| l.contains("web-frontend"))
        .expect("web-frontend's strategy");
    assert!(spot.contains("FARGATE_SPOT"), "{spot}");
    let cells: Vec<&str> = spot.trim_start_matches('│').split_whitespace().collect();
    assert_eq!(cells[2], "0", "base: {spot}");
    assert_eq!(cells[3], "1", "weight: {spot}");
    let rows = h
        .app
        .view()
        .rows::<ecsdeck::model::CapacityRow>()
        .expect("capacity rows");
    let order: Vec<String> = rows.items().map(|r| r.scope.clone()).collect();
    assert_eq!(
        &order[..3],
        ["provider", "provider", "default"],
        "{order:?}"
    );
}

#[test]
fn a_spot_interruption_is_called_out_in_pulse_and_failures() {
    let mut h = Harness::new(200, 40);
    h.command("pulse");
    h.advance(3);
    let screen = h.screen();
    let line = screen
        .lines()
        .find(|l| l.contains("spot interruption"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(
        line.contains("web-frontend") && line.contains("spot"),
        "{line}"
    );
    assert!(
        line.contains("Fargate Spot took the capacity back"),
        "{line}"
    );
    let items = h
        .app
        .view()
        .rows::<ecsdeck::app::pulse::PulseItem>()
        .expect("pulse items");
    let spot = items
        .items()
        .find(|i| i.kind == "spot")
        .expect("a spot item");
    assert_eq!(
        spot.tone,
        Tone::Warn,
        "reclaimed capacity is a warning, not a failure"
    );
    h.command("failures prod-web");
    h.advance(2);
    let screen = h.screen();
    assert!(
        screen.lines().any(
            |l| l.contains("SpotInterruption") && l.contains("Your Spot Task was interrupted.")
        ),
        "{screen}"
    );
}

/// The AWS adapter reads each provider's group in one DescribeAutoScalingGroups: its size, and a
/// mixed instances policy as spot above an on-demand base; a denied read says which action, and
/// the rest of the view is there.
#[tokio::test]
async fn a_providers_group_is_read_with_its_size_and_spot_share() {
    use aws_sdk_autoscaling::operation::describe_auto_scaling_groups::{
        DescribeAutoScalingGroupsError, DescribeAutoScalingGroupsOutput,
    };
    use aws_sdk_autoscaling::types::{
        AutoScalingGroup, Instance, InstancesDistribution, LifecycleState, MixedInstancesPolicy,
    };
    use aws_sdk_ecs::operation::describe_capacity_providers::DescribeCapacityProvidersOutput;
    use aws_sdk_ecs::operation::describe_clusters::DescribeClustersOutput;
    use aws_sdk_ecs::operation::list_services::ListServicesOutput;
    use aws_sdk_ecs::types::{AutoScalingGroupProvider, CapacityProvider, Cluster};
    use aws_smithy_mocks::{mock, mock_client, RuleMode};
    use ecsdeck::backend::api_log::ApiLog;
    use ecsdeck::backend::aws::AwsBackend;
    use ecsdeck::backend::EcsRead;

    let clusters = mock!(aws_sdk_ecs::Client::describe_clusters).then_output(|| {
        DescribeClustersOutput::builder()
            .clusters(
                Cluster::builder()
                    .cluster_name("batch")
                    .capacity_providers("batch-cp")
                    .build(),
            )
            .build()
    });
    let providers = mock!(aws_sdk_ecs::Client::describe_capacity_providers).then_output(|| {
        DescribeCapacityProvidersOutput::builder()
            .capacity_providers(
                CapacityProvider::builder()
                    .name("batch-cp")
                    .auto_scaling_group_provider(
                        AutoScalingGroupProvider::builder()
                            .auto_scaling_group_arn("arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:0f1e:autoScalingGroupName/batch-asg")
                            .build()
                            .expect("a provider"),
                    )
                    .build(),
            )
            .build()
    });
    let services = mock!(aws_sdk_ecs::Client::list_services)
        .then_output(|| ListServicesOutput::builder().build());
    let ecs: aws_sdk_ecs::Client = mock_client!(
        aws_sdk_ecs,
        RuleMode::MatchAny,
        &[&clusters, &providers, &services]
    );
    let instance = |state: LifecycleState| {
        Instance::builder()
            .instance_id("i-1")
            .lifecycle_state(state)
            .availability_zone("us-east-1a")
            .health_status("Healthy")
            .protected_from_scale_in(false)
            .build()
    };
    let groups = mock!(aws_sdk_autoscaling::Client::describe_auto_scaling_groups)
        .match_requests(|r| r.auto_scaling_group_names() == ["batch-asg"])
        .then_output(move || {
            DescribeAutoScalingGroupsOutput::builder()
                .auto_scaling_groups(
                    AutoScalingGroup::builder()
                        .auto_scaling_group_name("batch-asg")
                        .min_size(2)
                        .max_size(8)
                        .desired_capacity(3)
                        .instances(instance(LifecycleState::InService))
                        .instances(instance(LifecycleState::InService))
                        .instances(instance(LifecycleState::Pending))
                        .mixed_instances_policy(
                            MixedInstancesPolicy::builder()
                                .instances_distribution(
                                    InstancesDistribution::builder()
                                        .on_demand_base_capacity(1)
                                        .on_demand_percentage_above_base_capacity(25)
                                        .build(),
                                )
                                .build(),
                        )
                        .build(),
                )
                .build()
        });
    let asg: aws_sdk_autoscaling::Client =
        mock_client!(aws_sdk_autoscaling, RuleMode::MatchAny, &[&groups]);
    let clock = std::sync::Arc::new(ecsdeck::clock::ManualClock::fixed());
    let b = AwsBackend::new(ecs.clone(), None, "mock".into(), ApiLog::new(clock.clone()))
        .with_groups(asg);
    let data = b.capacity("batch").await.expect("capacity");
    assert_eq!(groups.num_calls(), 1);
    let rows = ecsdeck::model::capacity_rows(&data);
    assert_eq!(
        rows[0].detail,
        "Auto Scaling group batch-asg · 3 desired (min 2, max 8) · 2 in service · spot above 1 on-demand (25% on-demand)"
    );

    // Not allowed: the provider row says which action; the view still shows.
    let denied =
        mock!(aws_sdk_autoscaling::Client::describe_auto_scaling_groups).then_error(|| {
            DescribeAutoScalingGroupsError::generic(
                aws_smithy_types::error::ErrorMetadata::builder()
                    .code("AccessDenied")
                    .message("not authorized")
                    .build(),
            )
        });
    let asg: aws_sdk_autoscaling::Client =
        mock_client!(aws_sdk_autoscaling, RuleMode::MatchAny, &[&denied]);
    let b = AwsBackend::new(ecs, None, "mock".into(), ApiLog::new(clock)).with_groups(asg);
    let data = b
        .capacity("batch")
        .await
        .expect("capacity without the group");
    let rows = ecsdeck::model::capacity_rows(&data);
    assert_eq!(
        rows[0].detail,
        "Auto Scaling group batch-asg · size not shown: autoscaling:DescribeAutoScalingGroups is not allowed"
    );
}
