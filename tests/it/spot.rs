//! Spot capacity in the demo's EC2 cluster: half of prod-batch's instances are Spot, and EC2
//! takes one back six minutes in (then every forty): ECS drains it at the two-minute notice, the
//! pulse says so as a Spot reclaim, its service tasks move, it is terminated and deregistered
//! (taking down the standalone task the drain did not move, which `:failures` lists), and its
//! Auto Scaling group's replacement registers.

use ecsdeck::app::pulse::items;
use ecsdeck::backend::{fetch, EcsRead};
use ecsdeck::harness::Harness;
use ecsdeck::model::{ContainerInstance, Payload, Query, TaskScope, TaskStatus};

fn instances(h: &Harness) -> Vec<ContainerInstance> {
    futures::executor::block_on(h.backend.container_instances("prod-batch"))
        .expect("instances")
        .items
}

#[test]
fn a_spot_instance_is_drained_terminated_and_replaced() {
    let mut h = Harness::new(120, 40);
    let at_start = instances(&h);
    let spot: Vec<&ContainerInstance> = at_start.iter().filter(|i| i.is_spot()).collect();
    assert_eq!(spot.len(), 2, "{at_start:?}");
    assert_eq!(
        at_start
            .iter()
            .filter(|i| i.market.as_deref() == Some("on-demand"))
            .count(),
        2
    );

    // The notice: one Spot instance DRAINING, named so in the pulse.
    h.advance(6 * 60 + 1);
    let now = instances(&h);
    let draining: Vec<&ContainerInstance> = now.iter().filter(|i| i.status == "DRAINING").collect();
    assert_eq!(draining.len(), 1, "{now:?}");
    assert!(draining[0].is_spot());
    let gone = draining[0].arn.clone();
    let ec2_id = draining[0].ec2_instance_id.clone().expect("an EC2 id");
    let Payload::Pulse(data) = futures::executor::block_on(fetch(
        h.backend.as_ref(),
        &Query::Pulse { scopes: Vec::new() },
    ))
    .expect("pulse") else {
        panic!("a pulse payload")
    };
    let pulse = items(&data, h.clock_now());
    let row = pulse
        .iter()
        .find(|i| i.name == ec2_id)
        .expect("the reclaimed instance in the pulse");
    assert_eq!((row.kind, row.state.as_str()), ("spot", "DRAINING (Spot)"));
    // The busiest Spot instance is the one taken: it runs the long data migration, which a
    // drain does not move (a standalone task runs on until the instance goes).
    let on_it = futures::executor::block_on(h.backend.tasks(
        "prod-batch",
        &TaskScope::Instance(gone.clone()),
        TaskStatus::Running,
    ))
    .expect("tasks")
    .items;
    let migration = on_it
        .iter()
        .find(|t| t.group.as_deref() == Some("family:data-migration"))
        .expect("the migration runs on the reclaimed instance")
        .arn
        .clone();

    // Two minutes on: terminated, deregistered, nothing of it left running.
    h.advance(2 * 60);
    let now = instances(&h);
    assert_eq!(now.len(), 3, "{now:?}");
    assert!(now.iter().all(|i| i.arn != gone));
    let running = futures::executor::block_on(h.backend.tasks(
        "prod-batch",
        &TaskScope::Cluster,
        TaskStatus::Running,
    ))
    .expect("tasks")
    .items;
    assert!(running
        .iter()
        .all(|t| t.container_instance_arn.as_deref() != Some(gone.as_str())));
    // The migration went down with its host, and `:failures` says so.
    h.advance(60);
    let stopped = futures::executor::block_on(h.backend.tasks(
        "prod-batch",
        &TaskScope::Cluster,
        TaskStatus::Stopped,
    ))
    .expect("stopped tasks")
    .items;
    let t = stopped
        .iter()
        .find(|t| t.arn == migration)
        .expect("the migration stopped");
    assert_eq!(t.stop_code.as_deref(), Some("TerminationNotice"));
    assert_eq!(
        t.stopped_reason.as_deref(),
        Some(format!("Host EC2 (instance {ec2_id}) terminated.").as_str())
    );
    let groups = ecsdeck::app::failures::group(&stopped, h.clock_now());
    assert!(
        groups
            .iter()
            .any(|g| g.stop_code == "TerminationNotice" && g.latest_task == migration),
        "{groups:?}"
    );

    // The group's replacement registers: four again, the new one Spot.
    h.advance(30);
    let now = instances(&h);
    assert_eq!(now.len(), 4, "{now:?}");
    assert_eq!(now.iter().filter(|i| i.is_spot()).count(), 2);
    let newest = now
        .iter()
        .max_by_key(|i| i.registered_at)
        .expect("instances");
    assert!(newest.is_spot() && newest.status == "ACTIVE", "{newest:?}");
    assert!(newest
        .registered_at
        .is_some_and(|t| h.clock_now() - t < chrono::Duration::minutes(2)));
}
