//! Where the memory of a 50,000-task view goes: live heap bytes counted by this binary's own
//! allocator, for the simulated account (its world, with the events it writes), the console's
//! rows of the tasks view (records shared with the simulator, plus what the table adds: filter
//! text, key index, order), and the filter text alone. Whole-process resident memory is measured
//! on the release binary with `scripts/measure`; both are in docs/performance.md.
//!
//! `cargo bench --bench memory` (prints a table; `ECSDECK_BENCH_SIZES` picks the sizes).

use crossterm::event::KeyCode;
use ecsdeck::app::table::{Record, Variant};
use ecsdeck::backend::sim::ScenarioOptions;
use ecsdeck::harness::Harness;
use ecsdeck::heap_count::{live, Counting};
use ecsdeck::model::Task;

#[global_allocator]
static A: Counting = Counting;

fn mb(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is read from the command line.
    let sizes: Vec<usize> = std::env::var("ECSDECK_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 50_000, 200_000]);
    println!(
        "| tasks | simulated account | rows of the view | of which filter text | per task (rows) |"
    );
    println!("|---|---|---|---|---|");
    for n in sizes {
        let before = live();
        let mut h = Harness::with(
            ScenarioOptions {
                seed: 7,
                scale_tasks: n,
            },
            200,
            60,
        );
        // The account, its events and the clusters view; a few seconds of it running.
        h.advance(5);
        let account = live() - before;
        h.press(KeyCode::Char(':'));
        h.type_text("tasks load-test");
        h.press(KeyCode::Enter);
        h.advance(6);
        let rows = live() - before - account;
        let filter_text: usize = h
            .app
            .view()
            .rows::<Task>()
            .map(|t| {
                let ctx = ecsdeck::app::table::Ctx {
                    now: h.app.now,
                    history: None,
                    metrics: None,
                    targets: None,
                };
                let cols = Task::columns(Variant::Default);
                t.items()
                    .map(|task| {
                        cols.iter()
                            .filter(|c| !c.timed)
                            .map(|c| (c.text)(task, &ctx).len() + 1)
                            .sum::<usize>()
                    })
                    .sum()
            })
            .unwrap_or(0);
        let shown = h.app.view().table().total();
        println!(
            "| {n} | {:.1} MB | {:.1} MB | {:.1} MB | {:.0} bytes ({shown} rows) |",
            mb(account),
            mb(rows),
            mb(filter_text),
            rows as f64 / shown.max(1) as f64
        );
        drop(h);
    }
}
