//! The logs buffer stays within its bound under a million appended lines, and so does memory:
//! live heap bytes are counted by this test binary's allocator.

use ecsdeck::app::logs::LogView;
use ecsdeck::heap_count::{live, Counting};
use ecsdeck::model::{LogEvent, LogScope, LogStart};

#[global_allocator]
static A: Counting = Counting;

fn batch(from: usize, n: usize) -> Vec<LogEvent> {
    (from..from + n)
        .map(|i| LogEvent {
            id: format!("{i}"),
            timestamp: i as i64,
            ingested: None,
            group: "/ecs/prod/api".into(),
            stream: format!("ecs/api/task{}", i % 8),
            message: format!(
                "INFO  GET /v1/orders/{i} status=200 duration_ms={}",
                i % 300
            ),
        })
        .collect()
}

#[test]
fn a_million_lines_keep_the_bound_and_memory_flat() {
    let cap = 100_000;
    let mut v = LogView::new(
        1,
        LogScope::Service {
            cluster: "prod".into(),
            service: "api".into(),
        },
        LogStart::Last(500),
        cap,
    );
    v.set_search("status=500").unwrap();
    let mut appended = 0;
    let mut at_fill = 0;
    while appended < 1_000_000 {
        v.append(batch(appended, 1_000));
        appended += 1_000;
        assert!(v.lines.len() <= cap, "over the bound at {appended}");
        if appended == 2 * cap {
            at_fill = live();
        }
    }
    let at_end = live();
    assert_eq!(v.lines.len(), cap);
    assert_eq!(v.dropped, 900_000);
    assert_eq!(v.sources.len(), 8);
    let grew = at_end as f64 / at_fill as f64;
    println!("live heap: {at_fill} bytes at 200k lines, {at_end} at 1M ({grew:.3}x)");
    assert!(
        grew < 1.05,
        "memory grew from {at_fill} to {at_end} bytes between 200k and 1M lines"
    );
}
