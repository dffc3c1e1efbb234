//! Load balancer target health, auto scaling and capacity against moto. Targets: the service's target
//! group found from its load balancers, every registered target read with its health in one
//! DescribeTargetHealth, the targets matched to the service's tasks by the private IP of their
//! network interface — the whole in a handful of calls, not one per target or per task. Auto
//! scaling: a service's target, policy and schedule as moto keeps them. Capacity: a cluster's
//! Auto Scaling group provider and default strategy.

use crate::proxy::{Fault, FaultProxy, Rule};
use crate::{backend_at, moto_url};
use ecsdeck::backend::EcsRead;

fn count(ops: &[String], op: &str) -> usize {
    ops.iter().filter(|o| *o == op).count()
}

#[tokio::test]
async fn a_services_targets_with_their_health_and_tasks_in_five_calls() {
    let b = backend_at(&moto_url()).await;
    let services = b.services("moto-lb").await.expect("services").items;
    let front = services.iter().find(|s| s.name == "front").expect("front");
    assert_eq!(front.target_groups.len(), 1, "{front:?}");
    let other = services
        .iter()
        .find(|s| s.name == "backoffice")
        .expect("backoffice");
    assert!(other.target_groups.is_empty());

    let before = b.api_log().len();
    let data = b
        .targets("moto-lb", &["front".to_string()], true)
        .await
        .expect("targets");
    let ops: Vec<String> = b
        .api_log()
        .into_iter()
        .skip(before)
        .map(|c| c.operation)
        .collect();
    assert_eq!(data.groups.len(), 1);
    assert_eq!(data.groups[0].name, "front-tg");
    assert_eq!(data.groups[0].target_type.as_deref(), Some("ip"));
    assert_eq!(data.groups[0].load_balancers, vec!["front-alb"]);
    assert_eq!(data.targets.len(), 3, "{:?}", data.targets);
    assert!(data.targets.iter().all(|t| t.state == "healthy"));
    let matched = data.targets.iter().filter(|t| t.task.is_some()).count();
    assert_eq!(matched, 2, "both tasks found by IP: {:?}", data.targets);
    let stray = data
        .targets
        .iter()
        .find(|t| t.id == "10.0.250.250")
        .expect("the address no task has");
    assert_eq!(stray.task, None);
    assert_eq!(data.service_health("front"), Some((3, 3)));
    for (op, n) in [
        ("DescribeServices", 1),
        ("DescribeTargetGroups", 1),
        ("DescribeTargetHealth", 1),
        ("ListTasks", 1),
        ("DescribeTasks", 1),
    ] {
        assert_eq!(count(&ops, op), n, "{op} in {ops:?}");
    }
    assert_eq!(ops.len(), 5, "{ops:?}");

    // Every service of the cluster: the one without a load balancer costs no ELB call.
    let before = b.api_log().len();
    let all = b.targets("moto-lb", &[], false).await.expect("targets");
    let ops: Vec<String> = b
        .api_log()
        .into_iter()
        .skip(before)
        .map(|c| c.operation)
        .collect();
    assert_eq!(all.services.len(), 2);
    assert_eq!(count(&ops, "DescribeTargetHealth"), 1, "{ops:?}");
    assert_eq!(count(&ops, "ListTasks"), 0, "no task matching asked");
}

#[tokio::test]
async fn a_services_auto_scaling_from_moto_target_policy_and_schedule() {
    let b = backend_at(&moto_url()).await;
    let data = b
        .scaling("moto-web", Some("svc-01"))
        .await
        .expect("scaling");
    let kinds: Vec<&str> = data.items.iter().map(|i| i.kind.as_str()).collect();
    assert_eq!(kinds, ["target", "policy", "scheduled"], "{:?}", data.items);
    assert_eq!(data.items[0].name, "min 1 · max 5");
    assert_eq!(data.items[1].name, "cpu-target-tracking");
    assert!(
        data.items[1]
            .detail
            .starts_with("target tracking: ECSServiceAverageCPUUtilization → 50"),
        "{}",
        data.items[1].detail
    );
    assert_eq!(data.items[2].name, "nightly-floor");
    // Its next run: 02:00 UTC, within the next day.
    let next = data.items[2].at.expect("the next run of cron(0 2 * * ? *)");
    let now = chrono::Utc::now();
    assert!(
        next > now && next - now <= chrono::Duration::days(1),
        "{next}"
    );
    assert_eq!(chrono::Timelike::hour(&next), 2, "{next}");
    assert!(
        data.items[2].detail.starts_with("cron(0 2 * * ? *)")
            && data.items[2].detail.ends_with("→ min 1 max 2"),
        "{}",
        data.items[2].detail
    );
    // moto has no DescribeScalingActivities: said, and the rest still shows.
    assert!(
        data.activities_error
            .as_deref()
            .is_some_and(|e| e.starts_with("scaling activities not shown")),
        "{:?}",
        data.activities_error
    );
}

#[tokio::test]
async fn a_clusters_capacity_provider_from_moto_with_its_auto_scaling_group() {
    let b = backend_at(&moto_url()).await;
    let data = b.capacity("moto-ec2").await.expect("capacity");
    assert_eq!(data.providers.len(), 1, "{data:?}");
    let p = &data.providers[0];
    assert_eq!(p.name, "moto-ec2-cp");
    assert_eq!(p.auto_scaling_group.as_deref(), Some("moto-ec2-asg"));
    assert_eq!(p.managed_scaling.as_deref(), Some("ENABLED"));
    assert_eq!(p.target_capacity, Some(90));
    assert_eq!(p.termination_protection.as_deref(), Some("DISABLED"));
    // The group itself, read from moto's EC2 Auto Scaling.
    let g = p.group.as_ref().expect("the group's size");
    assert_eq!((g.min, g.max, g.desired, g.in_service), (0, 4, 0, 0));
    assert_eq!(data.default_strategy.len(), 1);
    assert_eq!(
        (
            data.default_strategy[0].base,
            data.default_strategy[0].weight
        ),
        (1, 1)
    );
    let rows = ecsdeck::model::capacity_rows(&data);
    assert!(
        rows[0]
            .detail
            .starts_with("Auto Scaling group moto-ec2-asg · 0 desired (min 0, max 4) · 0 in service · on-demand · managed scaling to 90%"),
        "{}",
        rows[0].detail
    );
}

/// Spot or On-Demand comes from EC2 (DescribeInstances, signed by hand), once per instance; a
/// refusal is one sentence naming the action, the rows load all the same, and EC2 is not asked
/// again at every refresh.
#[tokio::test]
async fn instances_say_spot_or_on_demand_and_ec2_is_asked_once() {
    let proxy = FaultProxy::start(&moto_url());
    let b = backend_at(&proxy.url).await;
    let listing = b.container_instances("moto-ec2").await.expect("instances");
    let mut markets: Vec<&str> = listing
        .items
        .iter()
        .map(|i| i.market.as_deref().unwrap_or("?"))
        .collect();
    markets.sort_unstable();
    assert_eq!(markets, ["on-demand", "on-demand", "spot"]);
    assert_eq!(listing.note, None);
    assert_eq!(proxy.count("DescribeInstances"), 1);
    let again = b.container_instances("moto-ec2").await.expect("instances");
    assert_eq!(again.items.iter().filter(|i| i.is_spot()).count(), 1);
    assert_eq!(
        proxy.count("DescribeInstances"),
        1,
        "known instances are not asked again"
    );

    let denied = backend_at(&proxy.url).await;
    proxy.set(vec![Rule::on(
        &["DescribeInstances"],
        Fault::Error("UnauthorizedOperation"),
    )]);
    let listing = denied
        .container_instances("moto-ec2")
        .await
        .expect("instances");
    assert_eq!(listing.items.len(), 3, "the rows load without EC2");
    assert!(listing.items.iter().all(|i| i.market.is_none()));
    let note = listing.note.expect("a sentence");
    assert!(note.contains("ec2:DescribeInstances"), "{note}");
    assert_eq!(proxy.count("DescribeInstances"), 2);
    let again = denied
        .container_instances("moto-ec2")
        .await
        .expect("instances");
    assert!(again
        .note
        .is_some_and(|n| n.contains("ec2:DescribeInstances")));
    assert_eq!(
        proxy.count("DescribeInstances"),
        2,
        "a refusal is believed for a while"
    );
}
