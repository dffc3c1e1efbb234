//! Logs view benchmarks: taking in batches of lines into a full 100,000-line buffer, and the delay
//! from a key to its frame while lines flood in. Figures are recorded in docs/performance.md.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use crossterm::event::{KeyCode, KeyEvent};
use ecsdeck::app::{Mode, Msg};
use ecsdeck::harness::Harness;
use ecsdeck::model::LogEvent;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::hint::black_box;
use std::time::Duration;

const BATCH: usize = 5_000;

/// A service's logs open at 200×60, a search in force, the buffer filled to its bound.
fn flooded() -> (Harness, u64, i64) {
    let mut h = Harness::new(200, 60);
    h.press(KeyCode::Char(':'));
    h.type_text("svc prod-web");
    h.press(KeyCode::Enter);
    h.press(KeyCode::Char('l'));
    h.type_text("/error|timed out");
    h.press(KeyCode::Enter);
    let Mode::Logs(v) = &h.app.mode else {
        panic!("the logs view is open")
    };
    let id = v.id;
    let mut ts = v.lines.back().map_or(0, |l| l.ts) + 1;
    while matches!(&h.app.mode, Mode::Logs(v) if v.lines.len() < v.cap) {
        let b = batch(ts, BATCH);
        ts += BATCH as i64;
        h.send(Msg::LogLines { id, events: b });
    }
    (h, id, ts)
}

fn batch(from: i64, n: usize) -> Vec<LogEvent> {
    (0..n)
        .map(|i| {
            let t = from + i as i64;
            LogEvent {
                id: String::new(),
                timestamp: t,
                ingested: None,
                group: "/ecs/prod-web/api-gateway".into(),
                stream: format!("ecs/api-gateway/task{}", i % 6),
                message: format!(
                    "INFO  GET /v1/orders/{t} status=200 duration_ms={} request_id={t:012x}",
                    t % 300
                ),
            }
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("logs");
    g.sample_size(30)
        .measurement_time(Duration::from_secs(4))
        .warm_up_time(Duration::from_secs(1));

    // A batch of 5,000 lines into a full buffer: as many drop off the front.
    let (mut h, id, mut ts) = flooded();
    g.throughput(Throughput::Elements(BATCH as u64));
    g.bench_function("ingest_5000_lines", |b| {
        b.iter_batched(
            || {
                let e = batch(ts, BATCH);
                ts += BATCH as i64;
                e
            },
            |events| black_box(h.app.update(Msg::LogLines { id, events })),
            criterion::BatchSize::LargeInput,
        )
    });

    // The reader's side of the same batch: dropping duplicates (ids and content hashed).
    let mut dedup = ecsdeck::sync::logs::Dedup::default();
    let mut dts = 0;
    g.throughput(Throughput::Elements(BATCH as u64));
    g.bench_function("dedup_5000_lines", |b| {
        b.iter_batched(
            || {
                let e: Vec<LogEvent> = batch(dts, BATCH)
                    .into_iter()
                    .map(|mut e| {
                        e.id = format!("{:020}", e.timestamp);
                        e
                    })
                    .collect();
                dts += BATCH as i64;
                e
            },
            |events| black_box(dedup.accept(events)),
            criterion::BatchSize::LargeInput,
        )
    });

    // While lines flood in (1,000 per 50 ms batch: 20,000 a second), a key and the frame after
    // it: what the user waits for when a batch has just arrived.
    let (mut h, id, mut ts) = flooded();
    let mut term = Terminal::new(TestBackend::new(200, 60)).expect("terminal");
    let mut up = true;
    g.throughput(Throughput::Elements(1));
    g.bench_function("batch_then_key_to_frame", |b| {
        b.iter_batched(
            || {
                let e = batch(ts, 1_000);
                ts += 1_000;
                e
            },
            |events| {
                h.app.update(Msg::LogLines { id, events });
                let code = if up { KeyCode::Char('k') } else { KeyCode::End };
                up = !up;
                black_box(h.app.update(Msg::Key(KeyEvent::from(code))));
                term.draw(|f| ecsdeck::ui::draw(f, &h.app)).expect("draw");
            },
            criterion::BatchSize::LargeInput,
        )
    });
    g.finish();
}

criterion_group!(logs, benches);
criterion_main!(logs);
