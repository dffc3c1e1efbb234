//! How the cost of a big tasks view grows: at 1,000 / 10,000 / 50,000 / 200,000 tasks (the
//! simulated account's `load-test` cluster, `--demo-tasks N`), through the console's own update
//! step and renderer:
//!
//! - `draw_200x60`: move the cursor and draw the whole 200×60 screen;
//! - `filter_keystroke`, `filter_keystroke_regex`: one key typed in the `/` prompt (re-filter
//!   every row), plain text and a regex;
//! - `refresh_applied`: a whole refresh of the view arriving with 1% of its tasks changed (the
//!   sync layer has shared the unchanged ones with the rows, as it does);
//! - `event_applied`: an events batch changing one task's row (placed in the sort, in place);
//! - `key_to_frame_in_storm`: a refresh arrives, then a key, then the frame is drawn — what a key
//!   pressed while refreshes arrive back to back waits for, at worst;
//! - `share_answer` (the sync layer's task, off the update step): a fresh answer compared with
//!   the last one field by field, unchanged tasks swapped for the held ones.
//!
//! After the criterion runs, key → frame percentiles over 300 storm rounds at each size
//! (`ECSDECK_STORM_ROUNDS`). Figures are in docs/performance.md. `ECSDECK_BENCH_SIZES=1000,10000` picks sizes.

use criterion::{BatchSize, BenchmarkId, Criterion};
use crossterm::event::{KeyCode, KeyEvent};
use ecsdeck::app::{App, Msg};
use ecsdeck::backend::sim::ScenarioOptions;
use ecsdeck::backend::{fetch, EcsRead};
use ecsdeck::harness::Harness;
use ecsdeck::model::{
    EcsEvent, EventKind, Listing, Payload, Query, Task, TaskChange, TaskScope, TaskStatus,
};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn sizes() -> Vec<usize> {
    std::env::var("ECSDECK_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 50_000, 200_000])
}

fn query() -> Query {
    Query::Tasks {
        cluster: "load-test".into(),
        scope: TaskScope::Cluster,
        status: TaskStatus::Running,
    }
}

fn big(tasks: usize) -> Harness {
    let mut h = Harness::with(
        ScenarioOptions {
            seed: 7,
            scale_tasks: tasks,
        },
        200,
        60,
    );
    h.press(KeyCode::Char(':'));
    h.type_text("tasks load-test");
    h.press(KeyCode::Enter);
    assert_eq!(h.app.view().table().len(), tasks, "the fixture's tasks");
    h
}

fn key(app: &mut App, code: KeyCode) {
    black_box(app.update(Msg::Key(KeyEvent::from(code))));
}

/// The view's current answer, and the same with every 100th task changed (its health flipped,
/// its version moved on) — refreshes alternate between the two.
fn two_answers(h: &Harness) -> (Vec<Arc<Task>>, Vec<Arc<Task>>) {
    let backend: &dyn EcsRead = h.backend.as_ref();
    let Payload::Tasks(l) = futures::executor::block_on(fetch(backend, &query())).expect("fetch")
    else {
        panic!("a tasks answer")
    };
    let a = l.items;
    let mut b = a.clone();
    for t in b.iter_mut().step_by(100) {
        let mut c = Task::clone(t);
        c.health = Some(if c.health.as_deref() == Some("HEALTHY") {
            "UNHEALTHY".into()
        } else {
            "HEALTHY".into()
        });
        c.version = Some(c.version.unwrap_or(0) + 1);
        *t = Arc::new(c);
    }
    (a, b)
}

fn refresh(app: &mut App, items: Vec<Arc<Task>>) {
    let at = app.now;
    black_box(app.update(Msg::Fetched {
        query: query(),
        result: Ok(Payload::Tasks(Listing::complete(items))),
        at,
    }));
}

fn event(task: &Task, version: i64, status: &str) -> EcsEvent {
    EcsEvent {
        id: format!("bench-{version}"),
        detail_type: "ECS Task State Change".into(),
        time: 0,
        region: "us-east-1".into(),
        resources: vec![task.arn.clone()],
        kind: EventKind::Task(TaskChange {
            task_arn: task.arn.clone(),
            cluster_arn: task.cluster_arn.clone(),
            group: task.group.clone(),
            last_status: status.into(),
            desired_status: "RUNNING".into(),
            version: Some(version),
            ..Default::default()
        }),
    }
}

/// Two values handed out in turn: keys that undo each other, or two answers that alternate.
struct Alternate<T> {
    pair: [T; 2],
    turn: usize,
}

impl<T: Clone> Alternate<T> {
    fn new(a: T, b: T) -> Self {
        Self {
            pair: [a, b],
            turn: 0,
        }
    }
    /// The first value, then the second, then the first again…
    fn next(&mut self) -> T {
        let value = self.pair[self.turn].clone();
        self.turn ^= 1;
        value
    }
}

/// A refresh arrives, a key is pressed, the frame is drawn: what a key waits for at worst while
/// refreshes come back to back.
fn storm_round(
    h: &mut Harness,
    term: &mut Terminal<TestBackend>,
    answers: &mut Alternate<Vec<Arc<Task>>>,
) -> Duration {
    let items = answers.next();
    let started = Instant::now();
    refresh(&mut h.app, items);
    key(&mut h.app, KeyCode::Char('j'));
    term.draw(|f| ecsdeck::ui::draw(f, &h.app)).expect("draw");
    started.elapsed()
}

fn benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("big_cluster");
    g.sample_size(20)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_millis(500));
    for n in sizes() {
        let mut h = big(n);
        let mut term = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
        let mut moves = Alternate::new(KeyCode::Char('j'), KeyCode::Char('k'));
        g.bench_with_input(BenchmarkId::new("draw_200x60", n), &n, |b, _| {
            b.iter(|| {
                key(&mut h.app, moves.next());
                term.draw(|f| ecsdeck::ui::draw(f, &h.app)).expect("draw");
            })
        });

        let (a, b) = two_answers(&h);
        let mut answers = Alternate::new(a.clone(), b);
        g.bench_with_input(BenchmarkId::new("refresh_applied", n), &n, |bench, _| {
            bench.iter_batched(
                || answers.next(),
                |items| refresh(&mut h.app, items),
                BatchSize::LargeInput,
            )
        });

        g.bench_with_input(
            BenchmarkId::new("key_to_frame_in_storm", n),
            &n,
            |bench, _| {
                bench.iter_custom(|iters| {
                    (0..iters)
                        .map(|_| storm_round(&mut h, &mut term, &mut answers))
                        .sum()
                })
            },
        );

        // One task's row changes status by an event, again and again (newer versions).
        let target = a[a.len() / 2].clone();
        let mut version = 1_000_000;
        g.bench_with_input(BenchmarkId::new("event_applied", n), &n, |bench, _| {
            bench.iter_batched(
                || {
                    version += 1;
                    let status = if version % 2 == 0 {
                        "DEACTIVATING"
                    } else {
                        "RUNNING"
                    };
                    vec![event(&target, version, status)]
                },
                |events| black_box(h.app.update(Msg::EcsEvents(events))),
                BatchSize::SmallInput,
            )
        });

        // The sync layer's share of a fresh answer (deep copies, as an AWS answer is).
        let mut last = ecsdeck::sync::shared::LastAnswer::default();
        last.keep(&a);
        g.bench_with_input(BenchmarkId::new("share_answer", n), &n, |bench, _| {
            bench.iter_batched(
                || {
                    a.iter()
                        .map(|t| Arc::new(Task::clone(t)))
                        .collect::<Vec<_>>()
                },
                |mut fresh| {
                    black_box(last.share(&mut fresh));
                    fresh
                },
                BatchSize::LargeInput,
            )
        });

        // One key typed in the filter prompt (alternately typing and erasing), plain text and a
        // regex (a class, which cannot take the plain-text path).
        for (name, text) in [
            ("filter_keystroke", "load-gen-4"),
            ("filter_keystroke_regex", "gen-4[0-9]"),
        ] {
            h.press(KeyCode::Char('/'));
            h.type_text(text);
            let mut typing = Alternate::new(KeyCode::Char('2'), KeyCode::Backspace);
            g.bench_with_input(BenchmarkId::new(name, n), &n, |bench, _| {
                bench.iter(|| key(&mut h.app, typing.next()))
            });
            // Esc in the prompt restores the filter from before (none).
            h.press(KeyCode::Esc);
        }
    }
    g.finish();
}

/// The spread criterion does not print: key → frame percentiles over many storm rounds.
fn storm_percentiles() {
    let rounds: usize = std::env::var("ECSDECK_STORM_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(300);
    for n in sizes() {
        let mut h = big(n);
        let mut term = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
        let (a, b) = two_answers(&h);
        let mut answers = Alternate::new(a, b);
        let mut took: Vec<Duration> = (0..rounds)
            .map(|_| storm_round(&mut h, &mut term, &mut answers))
            .collect();
        took.sort();
        let at = |p: f64| took[((took.len() as f64 * p) as usize).min(took.len() - 1)];
        println!(
            "big_cluster/key_to_frame_in_storm/{n}: {rounds} rounds, p50 {:.2?}, p99 {:.2?}, max {:.2?}",
            at(0.50),
            at(0.99),
            took[took.len() - 1]
        );
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    benches(&mut c);
    c.final_summary();
    storm_percentiles();
}
