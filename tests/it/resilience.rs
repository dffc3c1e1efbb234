//! A console left open for days: everything it keeps is bounded through 24 simulated hours of
//! churn, and it recovers by itself from expired credentials and from an outage.

use crossterm::event::KeyCode;
use ecsdeck::backend::sim::Faults;
use ecsdeck::backend::{EcsRead, EcsWrite};
use ecsdeck::harness::Harness;

fn command(h: &mut Harness, line: &str) {
    h.press(KeyCode::Char(':'));
    h.type_text(line);
    h.press(KeyCode::Enter);
}

#[test]
fn a_day_of_churn_keeps_every_cache_and_history_bounded() {
    let mut h = Harness::new(120, 40);
    let writer = h.backend.writer();
    let views = [
        "tasks prod-web",
        "svc prod-web",
        "ins prod-batch",
        "tasks prod-batch",
        "cl",
        "api",
    ];
    let mut peak_tasks = 0;
    for hour in 0..24 {
        // Churn: a scale up and down, a forced deployment, a drain, a view switch — every hour.
        let desired = if hour % 2 == 0 { 9 } else { 4 };
        futures::executor::block_on(writer.set_desired_count("prod-web", "api-gateway", desired))
            .unwrap();
        futures::executor::block_on(writer.force_new_deployment("prod-web", "search")).unwrap();
        command(&mut h, views[hour % views.len()]);
        h.press(KeyCode::Char('x'));
        h.advance(1800);
        h.press(KeyCode::Char('x'));
        h.advance(1800);

        let world_tasks = h.backend.world().tasks.len();
        peak_tasks = peak_tasks.max(world_tasks);
        assert!(
            world_tasks < 400,
            "hour {hour}: stopped tasks age out after an hour ({world_tasks} kept)"
        );
        assert!(
            h.app.status.len() <= ecsdeck::app::status::HISTORY,
            "status history bounded"
        );
        assert!(
            h.backend.api_log().len() <= ecsdeck::backend::api_log::API_LOG_SIZE,
            "API log bounded"
        );
        assert!(h.app.audit.len() <= ecsdeck::app::actions::AUDIT_HISTORY);
        assert!(h.app.stack.len() <= 4, "commands reset the breadcrumbs");
        for s in futures::executor::block_on(h.backend.services("prod-web"))
            .unwrap()
            .items
        {
            assert!(s.events.len() <= 100, "service events bounded");
            assert!(s.deployments.len() <= 3, "old deployments are removed");
        }
        // Events: the history, the task patches, the duplicate filter and the simulator's feed.
        assert!(h.app.events.history.len() <= ecsdeck::app::events::HISTORY);
        assert!(
            h.app.events.patches() <= 5_000,
            "{}",
            h.app.events.patches()
        );
        assert!(h.backend.world().events.events.len() <= 5_000);
        let (tracked, tasks) = {
            let w = h.backend.world();
            (w.events.tracked_tasks(), w.tasks.len())
        };
        assert!(
            tracked <= tasks + 1_000,
            "hour {hour}: the feed forgets tasks that left ({tracked} tracked, {tasks} tasks)"
        );
        // Sparkline history: bounded per service.
        assert!(h
            .app
            .history
            .services
            .values()
            .all(|s| s.samples.len() <= ecsdeck::app::history::SAMPLES));
        let rows = h.app.view().table().total();
        let bound = 400.max(ecsdeck::backend::api_log::API_LOG_SIZE);
        assert!(
            rows <= bound,
            "hour {hour}: the view holds what the account has, or its bound ({rows})"
        );
    }
    assert!(peak_tasks > 60, "there was churn to bound: {peak_tasks}");
    assert!(
        h.app.events.received > ecsdeck::app::events::HISTORY as u64,
        "events flowed all day: {}",
        h.app.events.received
    );
    // Still alive and current at the end of the day.
    command(&mut h, "svc prod-web");
    let screen = h.screen();
    assert!(
        screen.contains("api-gateway") && !screen.contains("stale"),
        "{screen}"
    );
}

#[test]
fn expired_credentials_show_in_the_panes_and_the_console_resumes_when_they_are_valid_again() {
    let mut h = Harness::new(120, 40);
    command(&mut h, "svc prod-web");
    h.backend.faults().set(Faults {
        expired_credentials: true,
        ..Default::default()
    });
    h.advance(40);
    let screen = h.screen();
    assert!(screen.contains("SSO session has expired"), "{screen}");
    assert!(
        screen.contains("stale"),
        "the rows stay, marked stale: {screen}"
    );
    assert_eq!(h.app.view().table().len(), 5);
    // The engineer runs `aws sso login` in another terminal: the next refresh works.
    h.backend.faults().set(Faults::default());
    h.advance(70);
    let screen = h.screen();
    assert!(!screen.contains("stale"), "{screen}");
    assert!(h
        .app
        .status
        .history()
        .any(|m| m.text == "services(prod-web): recovered"));
}
