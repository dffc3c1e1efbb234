//! Whole-screen snapshots of every view at 80×24 and 200×60, on the simulator with seed 7 and the
//! fixed test clock. A change to any screen shows up here as a diff to review.

use crossterm::event::KeyCode;
use ecsdeck::harness::Harness;

const SIZES: [(u16, u16); 2] = [(80, 24), (200, 60)];

fn each_size(name: &str, setup: impl Fn(&mut Harness)) {
    for (w, hgt) in SIZES {
        let mut h = Harness::new(w, hgt);
        setup(&mut h);
        insta::assert_snapshot!(format!("{name}_{w}x{hgt}"), h.screen());
    }
}

fn command(h: &mut Harness, line: &str) {
    h.press(KeyCode::Char(':'));
    h.type_text(line);
    h.press(KeyCode::Enter);
}

#[test]
fn clusters() {
    each_size("clusters", |_| {});
}

#[test]
fn services_with_events() {
    each_size("services", |h| {
        command(h, "svc prod-web");
        h.press(KeyCode::Char('j')); // checkout: mid-rollout
    });
}

#[test]
fn tasks_during_a_rollout() {
    each_size("tasks_rollout", |h| {
        command(h, "tasks prod-web checkout");
        h.advance(20);
    });
}

#[test]
fn cluster_tasks() {
    each_size("tasks_cluster", |h| command(h, "tasks prod-batch"));
}

#[test]
fn stopped_tasks() {
    each_size("tasks_stopped", |h| {
        command(h, "tasks prod-web notification-worker");
        h.press(KeyCode::Char('x'));
    });
}

#[test]
fn containers_of_a_crashed_task() {
    each_size("containers_crashed", |h| {
        command(h, "tasks prod-web notification-worker");
        h.press(KeyCode::Char('x'));
        h.press(KeyCode::Enter);
    });
}

#[test]
fn containers_of_a_running_task() {
    each_size("containers_running", |h| {
        command(h, "tasks prod-web api-gateway");
        h.press(KeyCode::Enter);
    });
}

#[test]
fn instances() {
    each_size("instances", |h| command(h, "ins prod-batch"));
}

#[test]
fn help() {
    each_size("help", |h| {
        command(h, "svc prod-web");
        h.press(KeyCode::Char('?'));
    });
}

#[test]
fn filter_with_an_invalid_regex() {
    each_size("filter_invalid", |h| {
        command(h, "svc prod-web");
        h.press(KeyCode::Char('/'));
        h.type_text("work(");
    });
}

#[test]
fn command_completion_candidates() {
    each_size("command_candidates", |h| {
        h.press(KeyCode::Char(':'));
        h.type_text("svc prod");
        h.press(KeyCode::Tab);
    });
}

#[test]
fn stale_after_an_outage() {
    each_size("stale_outage", |h| {
        command(h, "svc prod-web");
        h.backend.faults().set(ecsdeck::backend::sim::Faults {
            outage: true,
            ..Default::default()
        });
        h.advance(45);
    });
}

#[test]
fn changed_rows_are_coloured_by_kind_of_change() {
    let mut h = Harness::new(120, 40);
    command(&mut h, "tasks prod-web checkout");
    let theme = h.app.theme.clone();
    let mut drawn_new = false;
    for _ in 0..8 {
        h.advance(1);
        let buf = h.draw();
        drawn_new |= (0..buf.area.height).any(|y| buf[(2, y)].fg == theme.new);
    }
    assert!(drawn_new, "a new task row is drawn in the 'new' colour");
    h.advance(120);
    let buf = h.draw();
    let row_colors: Vec<_> = (0..buf.area.height).map(|y| buf[(2, y)].fg).collect();
    assert!(!row_colors.contains(&theme.new), "and the colour fades");
}

#[test]
fn describe_a_task_with_its_secrets_masked() {
    each_size("describe_task_masked", |h| {
        command(h, "tasks prod-web api-gateway");
        h.press(KeyCode::Char('d'));
        h.press(KeyCode::Char('/'));
        h.type_text("environment");
        h.press(KeyCode::Enter);
        let screen = h.screen();
        for secret in ["hunter2-do-not-show", "sk_live_", "ghp_", "c2VjcmV0"] {
            assert!(
                !screen.contains(secret),
                "a secret value is on screen: {secret}"
            );
        }
    });
}

#[test]
fn revisions_of_a_family() {
    each_size("revisions", |h| command(h, "td checkout"));
}

#[test]
fn diff_of_two_revisions() {
    each_size("diff_revisions", |h| {
        command(h, "td checkout");
        h.press(KeyCode::Char('j')); // checkout:41 against checkout:40
        h.press(KeyCode::Char('='));
    });
}

#[test]
fn diff_with_the_unchanged_fields_shown() {
    each_size("diff_unchanged", |h| {
        command(h, "td checkout");
        h.press(KeyCode::Char('j'));
        h.press(KeyCode::Char('='));
        h.press(KeyCode::Char('u'));
    });
}

#[test]
fn rollback_of_a_deployment_in_progress() {
    each_size("rollback", |h| {
        command(h, "svc prod-web");
        h.press(KeyCode::Char('j')); // checkout: mid-rollout
        h.press(KeyCode::Char('R'));
        h.advance(1);
    });
}

#[test]
fn exec_prerequisites() {
    each_size("exec_prerequisites", |h| {
        command(h, "tasks prod-batch");
        crate::common::select::<ecsdeck::model::Task>(h, |t| {
            t.service_name() == Some("report-generator")
        });
        h.press(KeyCode::Char('X'));
    });
}

#[test]
fn exec_ready() {
    fn plugin() -> Option<std::path::PathBuf> {
        Some("/usr/local/bin/session-manager-plugin".into())
    }
    each_size("exec_ready", |h| {
        h.app.find_plugin = plugin;
        command(h, "tasks prod-web");
        crate::common::select::<ecsdeck::model::Task>(h, |t| {
            t.enable_execute_command && t.last_status == "RUNNING"
        });
        h.press(KeyCode::Char('X'));
    });
}

#[test]
fn timeline_of_a_crash_looping_service() {
    each_size("timeline", |h| {
        command(h, "svc prod-web");
        h.advance(150);
        command(h, "timeline prod-web notification-worker");
        h.advance(1);
    });
}

#[test]
fn load_balancer_targets_of_a_cluster() {
    each_size("targets", |h| {
        command(h, "svc prod-web");
        h.advance(40);
        command(h, "targets prod-web");
        h.advance(2);
    });
}

#[test]
fn a_services_tasks_with_their_target_health() {
    each_size("tasks_targets", |h| {
        command(h, "svc prod-web");
        h.advance(40);
        command(h, "tasks prod-web notification-worker");
        h.advance(2);
    });
}

#[test]
fn auto_scaling_of_a_cluster() {
    each_size("scaling", |h| {
        command(h, "scaling prod-web");
        h.advance(2);
    });
}

#[test]
fn capacity_of_a_cluster() {
    each_size("capacity", |h| {
        command(h, "capacity prod-web");
        h.advance(2);
    });
}

#[test]
fn cloudwatch_alarms() {
    each_size("alarms", |h| {
        h.advance(90);
        command(h, "alarms");
        h.advance(2);
    });
}
