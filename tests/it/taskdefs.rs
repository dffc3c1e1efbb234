//! Task definitions on the simulator: the revisions view, the diff (`=`, two marked, a
//! service's), rolling back (`R`: UpdateService with the task definition, or
//! StopServiceDeployment for a deployment in progress), moving to a revision (`U`), and what is
//! refused: a first revision has nothing before it, an INACTIVE one cannot be rolled back to,
//! a read-only console has neither key.

use crate::common::select;
use crossterm::event::KeyCode;
use ecsdeck::app::dialog::Dialog;
use ecsdeck::app::Mode;
use ecsdeck::harness::Harness;
use ecsdeck::model::{Mutation, Service, TaskDefinition};

fn service(h: &Harness, name: &str) -> Service {
    h.app
        .stack
        .iter()
        .find_map(|v| v.rows::<Service>())
        .and_then(|t| t.items().find(|s| s.name == name).cloned())
        .expect("the service")
}

#[test]
fn revisions_are_listed_newest_first_and_a_revision_diffs_against_the_one_before() {
    let mut h = Harness::new(120, 40);
    h.command("td");
    assert!(
        h.screen().contains("task definition families"),
        "{}",
        h.screen()
    );
    assert!(
        h.screen().contains("checkout-staging"),
        "families are account-wide"
    );
    h.command("td checkout");
    let t = h.app.view().rows::<TaskDefinition>().expect("revisions");
    let revs: Vec<i32> = t.shown().map(|r| r.revision).collect();
    assert_eq!(
        revs,
        [42, 41, 40, 39, 38, 37],
        "every revision, newest first"
    );
    let screen = h.screen();
    assert!(screen.contains("INACTIVE"), "{screen}");
    assert!(screen.contains("checkout:1.42.0"), "{screen}");
    // `=` on 41: against 40, registered before the memory was doubled, the legacy pricing
    // flag dropped and the signing secret rotated.
    select::<TaskDefinition>(&mut h, |r| r.revision == 41);
    h.press(KeyCode::Char('='));
    let Mode::Diff(d) = &h.app.mode else {
        panic!("the diff, got {:?}", h.app.mode)
    };
    assert_eq!(d.title(), "diff checkout:40 → checkout:41");
    let screen = h.screen();
    assert!(
        screen.contains("checkout:1.40.0 → checkout:1.41.0"),
        "{screen}"
    );
    assert!(screen.contains("memory        512 → 1024"), "{screen}");
    assert!(screen.contains("LEGACY_PRICING (removed)"), "{screen}");
    assert!(screen.contains("JWT_SIGNING_SECRET changed"), "{screen}");
    assert!(
        !screen.contains("b2xkLXNlY3JldA"),
        "a secret's value never shows"
    );
    assert!(
        screen.contains("unchanged field"),
        "unchanged fields are folded"
    );
    h.press(KeyCode::Char('u'));
    assert!(h.screen().contains("PORT=8080") || h.screen().contains("8080/tcp"));
    h.press(KeyCode::Esc);
    assert_eq!(h.app.mode, Mode::Normal);
    // The oldest has nothing before it.
    h.press(KeyCode::Char('G'));
    h.press(KeyCode::Char('='));
    assert_eq!(h.app.mode, Mode::Normal);
    assert!(
        h.screen()
            .contains("oldest revision: there is nothing before it"),
        "{}",
        h.screen()
    );
}

#[test]
fn two_marked_revisions_diff_against_each_other() {
    let mut h = Harness::new(120, 40);
    h.command("td checkout");
    select::<TaskDefinition>(&mut h, |r| r.revision == 42);
    h.press(KeyCode::Char(' '));
    select::<TaskDefinition>(&mut h, |r| r.revision == 38);
    h.press(KeyCode::Char(' '));
    h.press(KeyCode::Char('='));
    let Mode::Diff(d) = &h.app.mode else {
        panic!("the diff")
    };
    assert_eq!(d.title(), "diff checkout:38 → checkout:42", "older first");
    assert!(
        h.screen().contains("LOG_LEVEL: debug → info"),
        "{}",
        h.screen()
    );
}

#[test]
fn a_service_diffs_against_its_previous_deployment_and_rolls_back_by_stopping_it() {
    let mut h = Harness::new(120, 40);
    h.command("svc prod-web");
    select::<Service>(&mut h, |s| s.name == "checkout");
    assert_eq!(service(&h, "checkout").deployments.len(), 2, "a rollout");
    h.press(KeyCode::Char('='));
    h.advance(1);
    let Mode::Diff(d) = &h.app.mode else {
        panic!("the diff")
    };
    assert_eq!(d.title(), "diff checkout:41 → checkout:42");
    h.press(KeyCode::Esc);
    h.press(KeyCode::Char('R'));
    h.advance(1);
    let screen = h.screen();
    assert!(screen.contains("Roll back checkout"), "{screen}");
    assert!(
        screen.contains("StopServiceDeployment(ROLLBACK)"),
        "{screen}"
    );
    assert!(
        screen.contains("checkout:1.42.0 → checkout:1.41.0"),
        "the diff is shown: {screen}"
    );
    h.press(KeyCode::Char('y'));
    h.advance(3);
    assert_eq!(
        h.mutations,
        [Mutation::StopDeployment {
            cluster: "prod-web".into(),
            service: "checkout".into(),
        }]
    );
    assert!(h
        .audit_lines()
        .iter()
        .any(|l| l.contains("stop-deployment")));
    // The rollback rolls: a new PRIMARY of checkout:41, the bad one FAILED; then steady.
    let s = service(&h, "checkout");
    assert!(
        s.task_definition.ends_with("checkout:41"),
        "{}",
        s.task_definition
    );
    assert!(s
        .deployments
        .iter()
        .any(|d| d.rollout_state == Some(ecsdeck::model::RolloutState::Failed)));
    h.advance(240);
    let s = service(&h, "checkout");
    assert_eq!(s.deployments.len(), 1, "{:?}", s.deployments);
    assert_eq!(s.running, s.desired);
}

#[test]
fn a_steady_service_rolls_back_with_update_service_and_only_the_task_definition() {
    let mut h = Harness::new(120, 40);
    h.command("svc prod-web");
    select::<Service>(&mut h, |s| s.name == "search");
    let before = service(&h, "search").task_definition;
    assert!(before.ends_with("search:23"));
    h.press(KeyCode::Char('R'));
    h.advance(1);
    let screen = h.screen();
    assert!(screen.contains("roll back to search:22"), "{screen}");
    assert!(
        screen.contains("UpdateService(taskDefinition=search:22)"),
        "{screen}"
    );
    h.press(KeyCode::Char('y'));
    h.advance(2);
    assert_eq!(
        h.mutations,
        [Mutation::SetTaskDefinition {
            cluster: "prod-web".into(),
            service: "search".into(),
            from: before.clone(),
            task_definition: before.replace(":23", ":22"),
        }]
    );
    h.advance(240);
    let s = service(&h, "search");
    assert!(s.task_definition.ends_with("search:22"));
    assert_eq!(s.deployments.len(), 1);
}

#[test]
fn moving_to_an_inactive_revision_is_refused_and_to_an_active_one_is_sent() {
    let mut h = Harness::new(120, 40);
    h.command("svc prod-web");
    select::<Service>(&mut h, |s| s.name == "search");
    h.press(KeyCode::Char('v'));
    assert!(
        h.screen().contains("revisions(search) for prod-web/search"),
        "{}",
        h.screen()
    );
    select::<TaskDefinition>(&mut h, |r| r.revision == 18);
    h.press(KeyCode::Char('U'));
    h.advance(1);
    assert!(matches!(h.app.mode, Mode::Dialog(Dialog::Rollback(_))));
    assert!(
        h.screen().contains("INACTIVE (deregistered)"),
        "{}",
        h.screen()
    );
    h.press(KeyCode::Char('y'));
    assert!(h.mutations.is_empty(), "refused: nothing sent");
    h.press(KeyCode::Esc);
    select::<TaskDefinition>(&mut h, |r| r.revision == 21);
    h.press(KeyCode::Char('U'));
    h.advance(1);
    assert!(h.screen().contains("Move search"), "{}", h.screen());
    h.press(KeyCode::Char('y'));
    h.advance(2);
    assert!(matches!(
        h.mutations.as_slice(),
        [Mutation::SetTaskDefinition { task_definition, .. }] if task_definition.ends_with("search:21")
    ));
}

#[test]
fn a_read_only_console_diffs_but_cannot_roll_back() {
    let mut h = Harness::read_only(120, 40);
    h.command("svc prod-web");
    select::<Service>(&mut h, |s| s.name == "search");
    h.press(KeyCode::Char('R'));
    assert_eq!(h.app.mode, Mode::Normal);
    assert!(
        h.screen().contains("read-only console: cannot roll"),
        "{}",
        h.screen()
    );
    h.press(KeyCode::Char('='));
    h.advance(1);
    assert!(matches!(h.app.mode, Mode::Diff(_)));
    h.press(KeyCode::Esc);
    h.press(KeyCode::Char('v'));
    h.press(KeyCode::Char('U'));
    assert_eq!(h.app.mode, Mode::Normal);
    assert!(h.mutations.is_empty());
}

#[test]
fn o_copies_the_console_address_of_what_is_selected() {
    let mut h = Harness::new(120, 40);
    h.command("svc prod-web");
    select::<Service>(&mut h, |s| s.name == "checkout");
    h.press(KeyCode::Char('o'));
    assert_eq!(
        h.copied.last().map(String::as_str),
        Some("https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/prod-web/services/checkout/health?region=us-east-1")
    );
    // Wider than the status row: it takes the breadcrumbs' row too, and reads whole.
    let screen = h.screen();
    assert!(screen.contains("copied"), "{screen}");
    assert!(
        screen.contains("https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/prod-web/services/checkout/health?region=us-east-1"),
        "{screen}"
    );
    h.command("td checkout");
    h.press(KeyCode::Char('o'));
    assert_eq!(
        h.copied.last().map(String::as_str),
        Some("https://us-east-1.console.aws.amazon.com/ecs/v2/task-definitions/checkout/42/containers?region=us-east-1")
    );
}

/// A rollback whose diff is longer than the screen: every change line takes one row, the rest
/// is counted, and the keys to go ahead or back out stay on screen at every size.
#[test]
fn a_rollback_dialog_with_more_changes_than_rows_keeps_its_keys_on_screen() {
    use ecsdeck::app::screens::diff::Slot;
    use ecsdeck::model::EnvVar;
    for (w, h_) in [(80, 24), (50, 40), (200, 60), (40, 12)] {
        let mut h = Harness::new(w, h_);
        h.command("svc prod-web");
        select::<Service>(&mut h, |s| s.name == "search");
        h.press(KeyCode::Char('R'));
        h.advance(1);
        let Mode::Dialog(Dialog::Rollback(d)) = &mut h.app.mode else {
            panic!("the rollback dialog: {}", h.screen());
        };
        let Slot::Ready(target) = &d.pair.new else {
            panic!("the target is read: {:?}", d.pair.new);
        };
        // The target sets forty long variables the service's revision does not have.
        let mut target = target.clone();
        for n in 0..40 {
            target.containers[0].environment.push(EnvVar {
                name: format!("FEATURE_FLAG_WITH_A_LONG_NAME_{n:02}"),
                value: format!("{}-{n}", "a-long-value".repeat(6)),
            });
        }
        d.pair.new = Slot::Ready(target);
        let screen = h.screen();
        assert!(
            screen.contains("Enter/y: go ahead") && screen.contains("cancel"),
            "{w}x{h_}: the keys show\n{screen}"
        );
        assert!(
            screen.contains("LONG_NAME_39")
                || screen.contains("… (a taller screen shows the rest)")
                || screen
                    .lines()
                    .any(|l| l.contains("║… ") && l.contains(" more")),
            "{w}x{h_}: every change shows, or what does not fit is counted\n{screen}"
        );
        // The box closes inside the screen: its bottom border is drawn.
        assert!(screen.contains('╚'), "{w}x{h_}: the box is whole\n{screen}");
        // Every change line shown takes one row: none is wrapped onto the next.
        assert!(
            !screen.lines().any(|l| l.contains("║a-long-value")),
            "{w}x{h_}: no change line wraps\n{screen}"
        );
        // Going ahead still sends the rollback.
        h.press(KeyCode::Char('y'));
        h.advance(2);
        assert!(
            matches!(h.mutations.as_slice(), [Mutation::SetTaskDefinition { .. }]),
            "{w}x{h_}: {:?}",
            h.mutations
        );
    }
}

/// `U` in revisions opened from `:td FAMILY` (no service at hand) looks for the service that runs
/// the family: in every cluster when none is at hand, in the cluster at hand when there is one.
#[test]
fn u_in_a_family_opened_by_name_finds_the_service_that_runs_it() {
    let mut h = Harness::new(80, 24);
    h.command("td checkout");
    h.advance(1);
    select::<TaskDefinition>(&mut h, |r| r.revision == 40);
    h.press(KeyCode::Char('U'));
    h.advance(2);
    let screen = h.screen();
    assert!(screen.contains("Move checkout"), "{screen}");
    assert!(screen.contains("prod-web/checkout"), "{screen}");
    assert!(screen.contains("runs now     checkout:42"), "{screen}");
    h.press(KeyCode::Char('y'));
    h.advance(2);
    assert!(
        matches!(
            h.mutations.as_slice(),
            [Mutation::SetTaskDefinition { cluster, service, from, task_definition }]
                if cluster == "prod-web" && service == "checkout"
                    && from.ends_with("checkout:42") && task_definition.ends_with("checkout:40")
        ),
        "{:?}",
        h.mutations
    );

    // In staging nothing runs web-frontend (its services run web-frontend-staging).
    let mut h = Harness::new(80, 24);
    h.command("svc staging");
    h.command("td web-frontend");
    h.advance(1);
    select::<TaskDefinition>(&mut h, |r| r.revision == 56);
    h.press(KeyCode::Char('U'));
    h.advance(2);
    let screen = h.screen();
    assert!(
        screen.contains("no service in staging runs web-frontend"),
        "{screen}"
    );
    h.press(KeyCode::Char('y'));
    h.advance(2);
    assert!(h.mutations.is_empty(), "{:?}", h.mutations);
}
