//! Deployment watch (`w`): a service's deployments with progress, rollout state and failed tasks,
//! and its events underneath, following a rollout live from the data the services view already has.

use crossterm::event::KeyCode;
use ecsdeck::app::view::ViewKind;
use ecsdeck::harness::Harness;
use ecsdeck::model::{Query, RolloutState};

fn watch_checkout(h: &mut Harness) {
    h.press(KeyCode::Char(':'));
    h.type_text("svc prod-web");
    h.press(KeyCode::Enter);
    h.press(KeyCode::Char('j')); // checkout
    h.press(KeyCode::Char('w'));
}

#[test]
fn a_rollout_is_followed_to_completed_without_extra_calls() {
    let mut h = Harness::new(120, 40);
    watch_checkout(&mut h);
    assert_eq!(
        h.app.view().kind,
        ViewKind::Deployments {
            cluster: "prod-web".into(),
            service: "checkout".into()
        }
    );
    let deployments = |h: &Harness| {
        let Some(t) = h.app.view().rows::<ecsdeck::model::Deployment>() else {
            panic!()
        };
        t.items().cloned().collect::<Vec<_>>()
    };
    let start = deployments(&h);
    assert_eq!(start.len(), 2);
    let primary = start.iter().find(|d| d.status == "PRIMARY").unwrap();
    assert_eq!(primary.rollout_state, Some(RolloutState::InProgress));
    assert!(h.screen().contains("░░░░░░░░░░ 0/4"), "{}", h.screen());
    let fetched_before = h.fetched.len();
    h.advance(240);
    let end = deployments(&h);
    assert_eq!(end.len(), 1);
    assert_eq!(end[0].rollout_state, Some(RolloutState::Completed));
    let screen = h.screen();
    assert!(screen.contains("██████████ 4/4"), "{screen}");
    assert!(
        screen.contains("deployment completed") && screen.contains("events(checkout)"),
        "{screen}"
    );
    let extra: Vec<_> = h.fetched[fetched_before..]
        .iter()
        .filter(|q| !matches!(q, Query::Services { .. }))
        .collect();
    assert!(
        extra.is_empty(),
        "the watch uses DescribeServices data only: {extra:?}"
    );
}

#[test]
fn deployment_watch_renders() {
    for (w, hgt) in [(80, 24), (200, 60)] {
        let mut h = Harness::new(w, hgt);
        watch_checkout(&mut h);
        h.advance(20);
        insta::assert_snapshot!(format!("deployments_{w}x{hgt}"), h.screen());
    }
}
