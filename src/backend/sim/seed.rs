//! Seeding the demo account's history: tasks that were running before the console opened, an
//! hour of crashes, container instances, standalone jobs, and the load-test cluster.

use super::revisions::register;
use super::scenario::{add_services, svc, ServiceSpec};
use super::world::{Launch, SimCluster, SimInstance, SimJob, World, AZS};
use crate::model::{ServiceEvent, Timestamp};
use chrono::Duration;
use rand::Rng;

/// Make a freshly spawned task look as if it started at `started`.
pub(super) fn settle_running(w: &mut World, seq: u64, started: Timestamp) {
    let crash_in = w.rng.gen_range(20..75);
    if let Some(st) = w.tasks.get_mut(&seq) {
        let checked = st.healthy_at.is_some();
        st.ready_at = started;
        if checked {
            st.healthy_at = Some(started);
        }
        let t = std::sync::Arc::make_mut(&mut st.task);
        t.created_at = Some(started - Duration::seconds(9));
        t.started_at = Some(started);
        t.last_status = "RUNNING".into();
        t.version = Some(3);
        if checked {
            t.health = Some("HEALTHY".into());
        }
        for c in &mut t.containers {
            c.set_status("RUNNING");
            if checked {
                c.health = Some("HEALTHY".into());
            }
        }
        if let Some((_, code)) = st.crash_at {
            st.crash_at = Some((started + Duration::seconds(crash_in), code));
        }
    }
}

/// Crashed tasks from the last hour, so the STOPPED view tells the story from the first second.
pub(super) fn seed_crash_history(
    w: &mut World,
    ci: usize,
    si: usize,
    td: &str,
    dep: &str,
    spec: &ServiceSpec,
) {
    let t0 = w.now;
    for k in 0..6 {
        let seq = w.spawn_task(
            ci,
            td,
            Some(si),
            Some(dep.to_string()),
            None,
            Some(format!("service:{}", spec.name)),
            Some(dep.to_string()),
        );
        let started = t0 - Duration::minutes(55 - k * 9);
        let code = if k % 3 == 2 { 1 } else { 137 };
        if let Some(st) = w.tasks.get_mut(&seq) {
            let stopped = started + Duration::seconds(40);
            let t = std::sync::Arc::make_mut(&mut st.task);
            t.created_at = Some(started - Duration::seconds(8));
            t.started_at = Some(started);
            t.stopping_at = Some(stopped - Duration::seconds(3));
            t.stopped_at = Some(stopped);
            t.last_status = "STOPPED".into();
            t.desired_status = "STOPPED".into();
            t.stop_code = Some("EssentialContainerExited".into());
            t.stopped_reason = Some("Essential container in task exited".into());
            for (i, c) in t.containers.iter_mut().enumerate() {
                c.set_status("STOPPED");
                c.exit_code = Some(if i == 0 { code } else { 0 });
                if i == 0 {
                    c.reason = (code == 137)
                        .then(|| "OutOfMemoryError: Container killed due to memory usage".into());
                }
            }
            st.crash_at = None;
            st.stopped_at = Some(stopped);
        }
    }
    w.services[si].deployments[0].failed = 6;
    let id = w.hex_id(8) + "-" + &w.hex_id(4) + "-" + &w.hex_id(4);
    let message = format!("(service {}) is unable to consistently start tasks successfully. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.", spec.name);
    w.services[si].events.push_front(ServiceEvent {
        id,
        created_at: Some(t0 - Duration::minutes(12)),
        message,
    });
    w.services[si].last_impaired_event = Some(t0 - Duration::minutes(12));
}

pub(super) fn first_fit(w: &World, ci: usize, cpu: i32, mem: i32) -> Option<usize> {
    let usage = w.instance_usage();
    w.instances
        .iter()
        .enumerate()
        .filter(|(_, i)| i.cluster == ci && i.status == "ACTIVE")
        .filter(|(ii, i)| i.cpu - usage[*ii].cpu >= cpu && i.memory - usage[*ii].memory >= mem)
        .min_by_key(|(ii, i)| {
            (
                usage[*ii].running + usage[*ii].pending,
                -(i.cpu - usage[*ii].cpu),
                *ii,
            )
        })
        .map(|(ii, _)| ii)
}

pub(super) fn add_instances(w: &mut World, ci: usize, n: usize) {
    let cluster = w.clusters[ci].name.clone();
    for k in 0..n {
        let id = w.hex_id(32);
        let ec2 = format!("i-0{}", w.hex_id(16));
        let (instance_type, cpu, memory) = if k % 2 == 0 {
            ("m6i.xlarge", 4096, 15_731)
        } else {
            ("c6i.2xlarge", 8192, 15_731)
        };
        let registered_at = w.now - Duration::hours(w.rng.gen_range(20..700));
        w.instances.push(SimInstance {
            cluster: ci,
            arn: w.arn("container-instance", &format!("{cluster}/{id}")),
            ec2_id: ec2,
            instance_type: instance_type.into(),
            az: AZS[k % 3].into(),
            cpu,
            memory,
            status: "ACTIVE".into(),
            agent_connected: true,
            registered_at,
            // The second half is Spot (see `spot.rs`).
            spot: k >= n / 2,
        });
    }
}

/// Standalone tasks: a long data migration someone started by hand, and a job run on a schedule.
pub(super) fn add_standalone(w: &mut World, ci: usize) {
    let cluster = w.clusters[ci].name.clone();
    for (family, revision, version) in [
        ("data-migration", 12, "2.1.0"),
        ("nightly-reconcile", 33, "1.0.9"),
    ] {
        let spec = ServiceSpec {
            cpu: 512,
            memory: 1024,
            ..svc(family, 0, Launch::Ec2, family, version, revision)
        };
        register(w, &cluster, &spec, revision, version);
    }
    let td = w.arn("task-definition", "data-migration:12");
    if let Some(ii) = first_fit(w, ci, 512, 1024) {
        let seq = w.spawn_task(
            ci,
            &td,
            None,
            None,
            Some(ii),
            Some("family:data-migration".into()),
            Some("ops/jdoe".into()),
        );
        settle_running(w, seq, w.now - Duration::minutes(47));
    }
    w.jobs.push(SimJob {
        cluster: ci,
        family: "nightly-reconcile".into(),
        every: 30 * 60,
        runs_for: 4 * 60,
        next_at: w.now + Duration::minutes(3),
    });
}

/// The scale knob: `n` running tasks across `load-gen-NN` services of at most 1,000 tasks each.
pub(super) fn add_load_test(w: &mut World, n: usize) {
    let ci = w.clusters.len();
    w.clusters.push(SimCluster {
        name: "load-test".into(),
        capacity_providers: vec!["FARGATE".into()],
        container_insights: false,
    });
    let services = n.div_ceil(1000);
    let t0 = w.now;
    for k in 0..services {
        let desired = (n - k * 1000).min(1000) as i32;
        let name = format!("load-gen-{:02}", k + 1);
        add_services_quiet(
            w,
            ci,
            svc(&name, desired, Launch::Fargate, "load-gen", "1.0.0", 3),
        );
    }
    w.now = t0;
}

/// A service whose tasks all run already (no per-task events), for large fixtures.
fn add_services_quiet(w: &mut World, ci: usize, spec: ServiceSpec) {
    let desired = spec.desired;
    let mut spec = spec;
    spec.desired = 0;
    add_services(w, ci, vec![spec]);
    let si = w.services.len() - 1;
    w.services[si].desired = desired;
    let td = w.services[si].deployments[0].task_definition.clone();
    let dep = w.services[si].deployments[0].id.clone();
    let name = w.services[si].name.clone();
    for _ in 0..desired {
        let seq = w.spawn_task(
            ci,
            &td,
            Some(si),
            Some(dep.clone()),
            None,
            Some(format!("service:{name}")),
            Some(dep.clone()),
        );
        let age = w.rng.gen_range(600..90_000);
        settle_running(w, seq, w.now - Duration::seconds(age));
    }
}

/// `1.42.0` → `1.41.0`: the release before, for the old deployment of a rollout.
pub(super) fn previous_version(v: &str) -> String {
    let mut parts: Vec<String> = v.split('.').map(str::to_string).collect();
    if let Some(minor) = parts.get_mut(1) {
        if let Ok(n) = minor.parse::<u32>() {
            *minor = n.saturating_sub(1).to_string();
        }
    }
    parts.join(".")
}

/// A Fargate Spot task of prod-web's web-frontend reclaimed 18 minutes ago, so `:failures` and
/// `:pulse` show what a spot interruption looks like. Its id comes from its own generator: what
/// the simulation draws next is unchanged.
pub(super) fn seed_spot_interruption(w: &mut World) {
    use rand::SeedableRng;
    let Some((si, _)) =
        w.services.iter().enumerate().find(|(_, s)| {
            s.launch == Launch::FargateSpot && w.clusters[s.cluster].name == "prod-web"
        })
    else {
        return;
    };
    let Some(model) = w
        .tasks
        .values()
        .find(|t| t.service == Some(si) && t.task.last_status == "RUNNING")
    else {
        return;
    };
    let mut st = super::world::SimTask {
        task: model.task.clone(),
        service: model.service,
        deployment: model.deployment.clone(),
        instance: None,
        ready_at: model.ready_at,
        healthy_at: None,
        crash_at: None,
        finish_at: None,
        stopped_at: None,
        cpu: model.cpu,
        memory: model.memory,
    };
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(0x5907);
    let id = super::scaling::hex(&mut rng, 32);
    let stopped = w.now - Duration::minutes(18);
    let t = std::sync::Arc::make_mut(&mut st.task);
    let (prefix, _) = t.arn.rsplit_once('/').unwrap_or((&t.arn, ""));
    t.arn = format!("{prefix}/{id}");
    t.created_at = Some(stopped - Duration::hours(3));
    t.started_at = Some(stopped - Duration::hours(3) + Duration::seconds(20));
    t.stopping_at = Some(stopped - Duration::minutes(2));
    t.stopped_at = Some(stopped);
    t.last_status = "STOPPED".into();
    t.desired_status = "STOPPED".into();
    t.stop_code = Some("SpotInterruption".into());
    t.stopped_reason = Some("Your Spot Task was interrupted.".into());
    for c in &mut t.containers {
        c.task_arn = t.arn.clone();
        c.set_status("STOPPED");
        c.exit_code = None;
    }
    st.stopped_at = Some(stopped);
    let seq = w.next_seq;
    w.next_seq += 1;
    w.tasks.insert(seq, st);
}
