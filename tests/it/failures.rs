//! Failures: computed from the simulator's crash loop, reachable with `F`, rendered at both sizes.

use crossterm::event::KeyCode;
use ecsdeck::app::failures::group;
use ecsdeck::app::view::ViewKind;
use ecsdeck::backend::EcsRead;
use ecsdeck::harness::Harness;
use ecsdeck::model::{TaskScope, TaskStatus};

fn command(h: &mut Harness, line: &str) {
    h.press(KeyCode::Char(':'));
    h.type_text(line);
    h.press(KeyCode::Enter);
}

#[test]
fn failed_tasks_of_the_last_hour_are_grouped_by_cause() {
    let mut h = Harness::new(120, 40);
    h.advance(120);
    let stopped = futures::executor::block_on(h.backend.tasks(
        "prod-web",
        &TaskScope::Cluster,
        TaskStatus::Stopped,
    ))
    .unwrap()
    .items;
    let deliberate = stopped
        .iter()
        .filter(|t| t.stop_code.as_deref() == Some("ServiceSchedulerInitiated"))
        .count();
    assert!(deliberate > 0, "the rollout stopped old tasks on purpose");
    let groups = group(&stopped, h.clock_now());
    // The crash loop, and the one Fargate Spot task reclaimed (a stop not of anyone's doing).
    assert!(
        groups.iter().all(|g| g.service == "notification-worker"
            || (g.service == "web-frontend" && g.stop_code == "SpotInterruption")),
        "deliberate stops are not failures: {groups:?}"
    );
    assert_eq!(
        groups
            .iter()
            .filter(|g| g.stop_code == "SpotInterruption")
            .count(),
        1,
        "{groups:?}"
    );
    let oom = groups
        .iter()
        .find(|g| g.exit_codes == "notification-worker:137")
        .expect("an OOM group");
    assert_eq!(
        oom.container_reason,
        "OutOfMemoryError: Container killed due to memory usage"
    );
    assert_eq!(oom.stop_code, "EssentialContainerExited");
    let exit1 = groups
        .iter()
        .find(|g| g.exit_codes == "notification-worker:1")
        .expect("an exit-1 group");
    let total: usize = groups
        .iter()
        .filter(|g| g.service == "notification-worker")
        .map(|g| g.count)
        .sum();
    let crashed = stopped
        .iter()
        .filter(|t| t.service_name() == Some("notification-worker"))
        .count();
    assert_eq!(total, crashed, "every crash is counted once");
    assert!(oom.count >= 4 && exit1.count >= 2);
    assert!(groups.iter().all(|g| g.last_seen.is_some()));
    // An hour later without new crashes of that kind, the old ones drop out of the window.
    let later = group(&stopped, h.clock_now() + chrono::Duration::hours(2));
    assert!(later.is_empty());
}

#[test]
fn f_opens_the_failures_of_a_service_and_enter_opens_the_latest_task() {
    let mut h = Harness::new(120, 40);
    command(&mut h, "svc prod-web");
    for _ in 0..2 {
        h.press(KeyCode::Char('j'));
    }
    h.press(KeyCode::Char('F'));
    assert_eq!(
        h.app.view().kind,
        ViewKind::Failures {
            cluster: "prod-web".into(),
            scope: TaskScope::Service("notification-worker".into())
        }
    );
    let Some(t) = h.app.view().rows::<ecsdeck::app::failures::FailureGroup>() else {
        panic!()
    };
    assert_eq!(t.items().count(), 2);
    h.press(KeyCode::Enter);
    assert!(matches!(h.app.view().kind, ViewKind::Containers { .. }));
}

#[test]
fn failures_render() {
    for (w, hgt) in [(80, 24), (200, 60)] {
        let mut h = Harness::new(w, hgt);
        command(&mut h, "failures prod-web");
        insta::assert_snapshot!(format!("failures_{w}x{hgt}"), h.screen());
    }
}
