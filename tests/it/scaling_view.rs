//! `:scaling` on the simulator: a service's scalable target, its policies (target tracking and
//! step), its scheduled actions and its recent activities with their cause, a service's rows
//! together; Enter opens the service's timeline; the scale dialog points here.

use ecsdeck::app::view::ViewKind;
use ecsdeck::harness::Harness;
use ecsdeck::model::Query;

#[test]
fn a_clusters_scaling_lists_targets_policies_schedules_and_activities() {
    let mut h = Harness::new(200, 40);
    h.command("scaling prod-web");
    h.advance(2);
    assert!(h
        .fetched
        .iter()
        .any(|q| matches!(q, Query::Scaling { cluster, service: None } if cluster == "prod-web")));
    let screen = h.screen();
    // api-gateway: target, policy, two schedules, three activities; checkout: target, policy,
    // three activities.
    assert!(screen.contains("scaling(prod-web)[12]"), "{screen}");
    let lines: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains("api-gateway"))
        .collect();
    let what: Vec<&str> = lines
        .iter()
        .filter_map(|l| l.split_whitespace().nth(1))
        .collect();
    assert_eq!(
        what,
        [
            "target",
            "policy",
            "scheduled",
            "scheduled",
            "activity",
            "activity",
            "activity"
        ],
        "{screen}"
    );
    assert!(lines[0].contains("min 4 · max 12"), "{screen}");
    assert!(
        lines[1].contains("ECSServiceAverageCPUUtilization → 60"),
        "{screen}"
    );
    assert!(
        screen.contains("cron(0 8 ? * MON-FRI *) UTC → min 6 max 12"),
        "{screen}"
    );
    // Their next runs, from Thursday 09:00:02 UTC: Friday 08:00, and 20:00 today.
    assert!(lines[2].contains("in 22h59m"), "{}", lines[2]);
    assert!(lines[3].contains("in 10h59m"), "{}", lines[3]);
    assert!(screen.contains("Failed"), "the failed activity: {screen}");
    assert!(
        screen.contains("triggered policy cpu-target-tracking"),
        "the cause: {screen}"
    );
    // Enter: the service's timeline.
    h.press(crossterm::event::KeyCode::Enter);
    match &h.app.view().kind {
        ViewKind::Timeline { cluster, service } => {
            assert_eq!(cluster, "prod-web");
            assert_eq!(service.as_deref(), Some("api-gateway"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_services_scaling_shows_its_step_policy() {
    let mut h = Harness::new(200, 40);
    h.command("scaling prod-batch image-resizer");
    h.advance(2);
    let screen = h.screen();
    assert!(
        screen.contains("scaling(prod-batch/image-resizer)"),
        "{screen}"
    );
    assert!(
        screen.contains("step: [0, 100) +1, [100, ∞) +3"),
        "{screen}"
    );
    assert!(!screen.contains("api-gateway"), "{screen}");
    // A service without auto scaling: an empty view, not an error.
    h.command("scaling prod-web search");
    h.advance(2);
    let screen = h.screen();
    assert!(screen.contains("scaling(prod-web/search)[0]"), "{screen}");
}
