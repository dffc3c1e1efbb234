//! Events instead of re-listing, on the simulated account through the real sync layer: while the
//! events feed works, a cluster's tasks view is re-listed only to reconcile, events bring just
//! the tasks they name (DescribeTasks by ARN), and when the feed stops the ordinary polling
//! returns at once.

use ecsdeck::backend::sim::Faults;
use ecsdeck::backend::EcsRead;
use ecsdeck::harness::Harness;

/// The calls made since the call numbered `after`, by operation.
fn calls_since(h: &Harness, after: u64) -> std::collections::BTreeMap<String, usize> {
    let mut by_op = std::collections::BTreeMap::new();
    for c in EcsRead::api_log(h.backend.as_ref())
        .iter()
        .filter(|c| c.seq > after)
    {
        *by_op.entry(c.operation.clone()).or_insert(0) += 1;
    }
    by_op
}

fn last_seq(h: &Harness) -> u64 {
    EcsRead::api_log(h.backend.as_ref())
        .iter()
        .map(|c| c.seq)
        .max()
        .unwrap_or(0)
}

fn count(by_op: &std::collections::BTreeMap<String, usize>, op: &str) -> usize {
    by_op.get(op).copied().unwrap_or(0)
}

#[test]
fn while_the_feed_works_tasks_are_relisted_only_to_reconcile_and_polling_returns_when_it_stops() {
    let mut h = Harness::new(120, 40);
    // The busiest cluster of the demo account: a crash loop and a rollout keep events coming.
    h.command("tasks prod-web");
    h.advance(3);
    let screen = h.screen();
    assert!(
        screen.contains("Refresh: events, re-listed every 60s") && screen.contains("● events"),
        "the header and the pane say events keep the view fresh: {screen}"
    );

    let from = last_seq(&h);
    let rows_before = h.app.view().table().total();
    h.advance(120);
    let by_op = calls_since(&h, from);
    let lists = count(&by_op, "ListTasks");
    // Two reconciliations in two minutes (polling every 5 s would be 24).
    assert!(
        (1..=3).contains(&lists),
        "re-listed only to reconcile: {lists} ListTasks in 120 s ({by_op:?})"
    );
    let describes = count(&by_op, "DescribeTasks");
    assert!(
        describes >= 1,
        "the tasks events named were described: {by_op:?}"
    );
    assert!(
        describes <= 120 / 2 + 1,
        "at most one targeted describe per gap: {describes}"
    );
    assert!(
        h.app.view().table().total() >= rows_before.saturating_sub(2),
        "the view kept its rows"
    );
    // Events kept the rows current: every RUNNING row the account has is on screen.
    let running = futures::executor::block_on(h.backend.tasks(
        "prod-web",
        &ecsdeck::model::TaskScope::Cluster,
        ecsdeck::model::TaskStatus::Running,
    ))
    .unwrap()
    .items;
    let shown: std::collections::HashSet<String> = h
        .app
        .view()
        .rows::<ecsdeck::model::Task>()
        .unwrap()
        .items()
        .map(|t| t.arn.clone())
        .collect();
    let missing: Vec<&str> = running
        .iter()
        .filter(|t| !shown.contains(&t.arn))
        .filter(|t| h.app.now - t.created_at.unwrap() > chrono::Duration::seconds(4))
        .map(|t| t.id())
        .collect();
    assert!(
        missing.is_empty(),
        "a task older than a few seconds is on screen: missing {missing:?}"
    );

    // The feed stops (its reads fail): polling returns at once.
    h.backend.faults().set(Faults {
        fail_ops: vec!["StartLiveTail".into(), "FilterLogEvents".into()],
        ..Default::default()
    });
    h.advance(20);
    let screen = h.screen();
    assert!(
        screen.contains("Refresh: every 5s"),
        "the header says polling is back: {screen}"
    );
    let from = last_seq(&h);
    h.advance(30);
    let lists = count(&calls_since(&h, from), "ListTasks");
    assert!(
        (5..=7).contains(&lists),
        "every 5 s again: {lists} ListTasks in 30 s"
    );

    // The feed comes back: re-listing stops again.
    h.backend.faults().set(Faults::default());
    h.advance(40);
    let from = last_seq(&h);
    h.advance(50);
    let lists = count(&calls_since(&h, from), "ListTasks");
    assert!(lists <= 1, "events again: {lists} ListTasks in 50 s");
}

#[test]
fn without_a_working_feed_the_views_poll_as_before() {
    let mut h = Harness::new(120, 40);
    // The events log group cannot be read from the start.
    h.backend.faults().set(Faults {
        fail_ops: vec!["StartLiveTail".into(), "FilterLogEvents".into()],
        ..Default::default()
    });
    h.command("tasks prod-web");
    h.advance(20);
    let from = last_seq(&h);
    h.advance(30);
    let lists = count(&calls_since(&h, from), "ListTasks");
    assert!((5..=7).contains(&lists), "{lists} ListTasks in 30 s");
    assert!(h.screen().contains("Refresh: every 5s"));
}
