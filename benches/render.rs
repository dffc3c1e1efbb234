//! Benchmarks at 50,000 tasks: drawing the tasks view at 200×60, one filter keystroke, and taking
//! in a full refresh. Figures are recorded in docs/performance.md.

use criterion::{criterion_group, criterion_main, Criterion};
use crossterm::event::{KeyCode, KeyEvent};
use ecsdeck::app::{App, Msg};
use ecsdeck::backend::sim::ScenarioOptions;
use ecsdeck::backend::{fetch, EcsRead};
use ecsdeck::harness::Harness;
use ecsdeck::model::{Query, TaskScope, TaskStatus};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::hint::black_box;
use std::time::Duration;

const TASKS: usize = 50_000;

fn big(width: u16, height: u16) -> Harness {
    let mut h = Harness::with(
        ScenarioOptions {
            seed: 7,
            scale_tasks: TASKS,
        },
        width,
        height,
    );
    h.press(KeyCode::Char(':'));
    h.type_text("tasks load-test");
    h.press(KeyCode::Enter);
    assert_eq!(
        h.app.view().table().len(),
        TASKS,
        "the fixture holds 50,000 tasks"
    );
    h
}

fn key(app: &mut App, code: KeyCode) {
    black_box(app.update(Msg::Key(KeyEvent::from(code))));
}

fn benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("tasks_50k");
    g.sample_size(40)
        .measurement_time(Duration::from_secs(4))
        .warm_up_time(Duration::from_secs(1));

    // One frame of the tasks view at 200×60 (the cursor moves each frame so every frame differs).
    let mut h = big(200, 60);
    let mut term = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
    let mut down = true;
    g.bench_function("draw_200x60", |b| {
        b.iter(|| {
            key(
                &mut h.app,
                if down {
                    KeyCode::Char('j')
                } else {
                    KeyCode::Char('k')
                },
            );
            down = !down;
            term.draw(|f| ecsdeck::ui::draw(f, &h.app)).expect("draw");
        })
    });

    // One keystroke in the filter prompt: re-filter 50,000 rows (alternately typing and erasing).
    let mut h = big(200, 60);
    h.press(KeyCode::Char('/'));
    h.type_text("load-gen-4");
    let mut typing = true;
    g.bench_function("filter_keystroke", |b| {
        b.iter(|| {
            key(
                &mut h.app,
                if typing {
                    KeyCode::Char('2')
                } else {
                    KeyCode::Backspace
                },
            );
            typing = !typing;
        })
    });

    // The same with a regex (a class), which cannot take the plain-text path.
    let mut h = big(200, 60);
    h.press(KeyCode::Char('/'));
    h.type_text("gen-4[0-9]");
    let mut typing = true;
    g.bench_function("filter_keystroke_regex", |b| {
        b.iter(|| {
            key(
                &mut h.app,
                if typing {
                    KeyCode::Char('x')
                } else {
                    KeyCode::Backspace
                },
            );
            typing = !typing;
        })
    });

    // A refresh arriving: 50,000 tasks compared with what is shown, re-sorted and re-filtered.
    let mut h = big(200, 60);
    let query = Query::Tasks {
        cluster: "load-test".into(),
        scope: TaskScope::Cluster,
        status: TaskStatus::Running,
    };
    let backend: &dyn EcsRead = h.backend.as_ref();
    let payload = futures::executor::block_on(fetch(backend, &query)).expect("fetch");
    let at = h.app.now;
    g.bench_function("ingest_refresh", |b| {
        b.iter_batched(
            || payload.clone(),
            |payload| {
                black_box(h.app.update(Msg::Fetched {
                    query: query.clone(),
                    result: Ok(payload),
                    at,
                }))
            },
            criterion::BatchSize::LargeInput,
        )
    });
    g.finish();
}

criterion_group!(render, benches);
criterion_main!(render);
