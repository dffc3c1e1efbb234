//! Rows merged in place: whatever mix of whole listings, partial batches and event patches comes
//! in, the rows shown are exactly the rows known, in sorted order, with the selection on its
//! key — and a few changed rows of a big table are placed, not the table sorted again.

use super::common::bare_task;
use ecsdeck::app::table::{AnyTable, Record, Sort, Table, Variant};
use ecsdeck::model::Task;
use proptest::prelude::*;
use std::sync::Arc;

fn now() -> ecsdeck::model::Timestamp {
    chrono::DateTime::from_timestamp(1_768_467_600, 0).unwrap()
}

fn task(i: usize, started: i64, status: &str) -> Arc<Task> {
    let mut t = bare_task(&format!("arn:aws:ecs:us-east-1:1:task/c/{i:08x}"));
    t.started_at = chrono::DateTime::from_timestamp(1_768_000_000 + started, 0);
    t.last_status = status.into();
    t.group = Some(format!("service:svc-{}", i % 7));
    Arc::new(t)
}

/// The order the table must show, worked out from scratch.
fn expected_order(rows: &[&Task], sort: Sort) -> Vec<String> {
    let cols = Task::columns(Variant::Default);
    let col = &cols[sort.column];
    let mut v = rows.to_vec();
    v.sort_by(|a, b| {
        let o = (col.cmp)(a, b);
        let o = if sort.descending { o.reverse() } else { o };
        o.then_with(|| a.arn.cmp(&b.arn))
    });
    v.iter().map(|t| t.arn.clone()).collect()
}

fn shown(t: &Table<Task>) -> Vec<String> {
    t.shown().map(|t| t.arn.clone()).collect()
}

#[derive(Debug, Clone)]
enum Op {
    /// A whole listing of these task numbers, with these start offsets.
    Listing(Vec<(usize, i64)>),
    /// One batch of a listing.
    Batch(Vec<(usize, i64)>),
    /// Events: these tasks change status.
    Events(Vec<usize>),
    Select(usize),
}

fn op() -> impl Strategy<Value = Op> {
    // Up to 300 rows, so that a batch of 65–150 changed rows takes the one-pass merge (more
    // than are placed one by one, fewer than a quarter of the table).
    let rows = prop::collection::vec((0usize..400, 0i64..50), 0..300);
    prop_oneof![
        rows.clone().prop_map(Op::Listing),
        prop::collection::vec((0usize..400, 0i64..50), 0..150).prop_map(Op::Batch),
        prop::collection::vec(0usize..400, 1..6).prop_map(Op::Events),
        (0usize..400).prop_map(Op::Select),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_mix_of_listings_batches_and_events_shows_the_rows_sorted(
        ops in prop::collection::vec(op(), 1..25),
        column in 0usize..3,
        descending: bool,
    ) {
        // ID, GROUP, LAST: each sorts differently and LAST is what events change.
        let column = [0, 1, 2][column];
        let sort = Sort { column, descending };
        let mut table: Table<Task> = Table::new(Variant::Default, sort);
        // What the table must hold: key → record (gone rows keep their last record).
        let mut known: std::collections::BTreeMap<String, Arc<Task>> = Default::default();
        let mut selected: Option<String> = None;
        for (step, op) in ops.into_iter().enumerate() {
            // Steps 1.5 s apart: gone rows expire along the way.
            let at = now() + chrono::Duration::milliseconds(1_500 * step as i64);
            match op {
                Op::Listing(rows) | Op::Batch(rows) if rows.is_empty() => {}
                Op::Listing(rows) => {
                    let items: Vec<Arc<Task>> = dedup(rows).into_iter().map(|(i, s)| task(i, s, "RUNNING")).collect();
                    for t in &items { known.insert(t.arn.clone(), t.clone()); }
                    table.ingest(items, at, 10);
                }
                Op::Batch(rows) => {
                    let items: Vec<Arc<Task>> = dedup(rows).into_iter().map(|(i, s)| task(i, s, "PENDING")).collect();
                    for t in &items { known.insert(t.arn.clone(), t.clone()); }
                    table.upsert(items, at, 10);
                }
                Op::Events(ids) => {
                    let mut keys: Vec<String> = ids.iter().map(|&i| task(i, 0, "").arn.clone()).collect();
                    keys.sort();
                    keys.dedup();
                    let live: Vec<String> = table.items().map(|t| t.arn.clone()).collect();
                    table.patch(keys.iter().map(String::as_str), at, 10, |t| {
                        t.last_status = if t.last_status == "STOPPED" { "RUNNING".into() } else { "STOPPED".into() };
                        true
                    });
                    for k in keys.iter().filter(|k| live.contains(k)) {
                        if let Some(t) = known.get_mut(k) {
                            let mut c = Task::clone(t);
                            c.last_status = if c.last_status == "STOPPED" { "RUNNING".into() } else { "STOPPED".into() };
                            *t = Arc::new(c);
                        }
                    }
                }
                Op::Select(i) => {
                    let key = task(i, 0, "").arn.clone();
                    if table.select_key(&key, 10) && table.selected_key() == Some(key.as_str()) {
                        selected = Some(key);
                    }
                }
            }
            // Every row the table shows is one it was given, with its newest record, in order.
            let rows: Vec<&Task> = table.shown().collect();
            for r in &rows {
                let k = known.get(&r.arn);
                prop_assert!(k.is_some(), "a row nobody gave: {}", r.arn);
                prop_assert_eq!(&r.last_status, &k.unwrap().last_status);
            }
            prop_assert_eq!(shown(&table), expected_order(&rows, sort));
            let mut keys = shown(&table);
            keys.sort();
            keys.dedup();
            prop_assert_eq!(keys.len(), rows.len(), "a key shown twice");
            // The live rows are those of the newest listing plus later batches.
            for t in table.items() {
                prop_assert!(known.contains_key(&t.arn));
            }
            // The selection stays on its key while the row is there.
            if let Some(k) = selected.clone() {
                if rows.iter().any(|r| r.arn == k) {
                    prop_assert_eq!(table.selected_key(), Some(k.as_str()));
                } else {
                    // Its row went (expired): the cursor found another.
                    selected = None;
                }
            }
        }
    }
}

fn dedup(rows: Vec<(usize, i64)>) -> Vec<(usize, i64)> {
    let mut seen = std::collections::HashSet::new();
    rows.into_iter().filter(|(i, _)| seen.insert(*i)).collect()
}

fn big(n: usize) -> (Table<Task>, Vec<Arc<Task>>) {
    // Newest first by start, as the tasks view opens.
    let mut table: Table<Task> = Table::new(
        Variant::Default,
        Sort {
            column: started_column(),
            descending: true,
        },
    );
    let items: Vec<Arc<Task>> = (0..n)
        .map(|i| task(i, (i * 7919 % n) as i64, "RUNNING"))
        .collect();
    table.ingest(items.clone(), now(), 50);
    (table, items)
}

fn started_column() -> usize {
    Task::columns(Variant::Default)
        .iter()
        .position(|c| c.title == "STARTED")
        .expect("a STARTED column")
}

#[test]
fn an_event_batch_at_50000_rows_moves_its_rows_without_sorting_the_table() {
    let (mut table, items) = big(50_000);
    let sorted_once = table.comparisons();
    assert!(
        sorted_once > 500_000,
        "the first sort of 50,000 rows compares n·log n times ({sorted_once})"
    );
    // Ten tasks restart (a new start time): they move to the top.
    let keys: Vec<String> = items.iter().step_by(5_000).map(|t| t.arn.clone()).collect();
    let before = table.comparisons();
    let changed = table.patch(keys.iter().map(String::as_str), now(), 50, |t| {
        t.started_at = chrono::DateTime::from_timestamp(1_768_100_000, 0);
        true
    });
    assert!(changed);
    let spent = table.comparisons() - before;
    // Each row is placed by a binary search in the order and in the shown rows: about
    // 2·log2(50,000) ≈ 32 comparisons a row. Sorting again would be ~780,000.
    assert!(
        spent <= 10 * 40,
        "10 rows placed with {spent} comparisons — the table was sorted again"
    );
    let top: Vec<String> = table.shown().take(10).map(|t| t.arn.clone()).collect();
    let mut want = keys.clone();
    want.sort_by(|a, b| b.cmp(a));
    let mut got = top.clone();
    got.sort_by(|a, b| b.cmp(a));
    assert_eq!(got, want, "the restarted tasks are the newest: at the top");
    let all: Vec<&Task> = table.shown().collect();
    assert_eq!(
        shown(&table),
        expected_order(&all, table.sort()),
        "and the whole order is still right"
    );
}

#[test]
fn a_refresh_of_the_same_50000_rows_compares_nothing_and_a_few_changes_are_placed() {
    let (mut table, items) = big(50_000);
    let before = table.comparisons();
    let changed = table.ingest(items.clone(), now(), 50);
    assert!(!changed, "the same rows again change nothing");
    assert_eq!(
        table.comparisons(),
        before,
        "shared, unchanged rows are not compared"
    );
    // A refresh with 100 changed rows: merged in one pass, not sorted again.
    let mut next = items.clone();
    for t in next.iter_mut().step_by(500) {
        let mut c = Task::clone(t);
        c.started_at = chrono::DateTime::from_timestamp(1_768_100_000, 0);
        *t = Arc::new(c);
    }
    let before = table.comparisons();
    assert!(table.ingest(next, now(), 50));
    let spent = table.comparisons() - before;
    assert!(
        spent < 100_000,
        "100 changed rows of 50,000 merged with {spent} comparisons — sorted again?"
    );
    let all: Vec<&Task> = table.shown().collect();
    assert_eq!(shown(&table), expected_order(&all, table.sort()));
}

#[test]
fn batches_fill_a_view_without_moving_the_selection() {
    let mut table: Table<Task> = Table::new(
        Variant::Default,
        Sort {
            column: 0,
            descending: false,
        },
    );
    let batch = |from: usize| -> Vec<Arc<Task>> {
        (from..from + 100)
            .map(|i| task(i * 3 % 1000, 0, "RUNNING"))
            .collect()
    };
    assert!(!table.loaded());
    table.upsert(batch(0), now(), 20);
    assert!(table.loaded(), "the first batch is on screen at once");
    assert_eq!(table.total(), 100);
    table.move_by(5, 20);
    let chosen = table.selected_key().map(str::to_string);
    for from in [100, 200, 300] {
        table.upsert(batch(from), now(), 20);
        assert_eq!(
            table.selected_key().map(str::to_string),
            chosen,
            "a later batch keeps the selection"
        );
    }
    assert_eq!(table.total(), 400);
    // No row of a first load is marked new: it is all new.
    let rows = table.view_rows(
        &ecsdeck::app::table::Ctx {
            now: now(),
            history: None,
            metrics: None,
            targets: None,
        },
        0,
        400,
    );
    assert!(rows.iter().all(|r| r.mark.is_none()));
    // The whole listing then confirms them; a row missing from it is marked gone.
    let mut all: Vec<Arc<Task>> = [0, 100, 200, 300].into_iter().flat_map(batch).collect();
    let dropped = all.pop().unwrap();
    table.ingest(all, now(), 20);
    assert_eq!(table.total(), 399);
    assert!(table.get(&dropped.arn).is_none(), "gone from the live rows");
    assert_eq!(
        table.selected_key().map(str::to_string),
        chosen,
        "and the selection stayed"
    );
}
