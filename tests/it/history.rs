//! Running-count history: bounded per service, spanning the whole time the console has been open,
//! never smoothing a dip away, and drawn as a sparkline in the services view.

use crossterm::event::KeyCode;
use ecsdeck::app::history::{sparkline, RunningHistory, EVERY_SECS, SAMPLES};
use ecsdeck::harness::Harness;

fn service(running: i32, desired: i32) -> ecsdeck::model::Service {
    let h = Harness::new(80, 24);
    let mut s = futures::executor::block_on(ecsdeck::backend::EcsRead::services(
        h.backend.as_ref(),
        "prod-web",
    ))
    .unwrap()
    .items
    .remove(0);
    s.running = running;
    s.desired = desired;
    s
}

#[test]
fn a_day_of_samples_stays_bounded_and_keeps_its_dip() {
    let mut h = RunningHistory::default();
    let t0 = chrono::DateTime::from_timestamp(1_768_467_600, 0).unwrap();
    let mut svc = service(4, 4);
    for sec in (0..86_400).step_by(5) {
        // One minute at 1 of 4, three hours in.
        svc.running = if (10_800..10_860).contains(&sec) {
            1
        } else {
            4
        };
        h.record(
            std::slice::from_ref(&svc),
            t0 + chrono::Duration::seconds(sec),
        );
    }
    let spark = &h.services[&svc.arn];
    assert!(spark.samples.len() <= SAMPLES, "{}", spark.samples.len());
    assert!(spark.samples.len() >= SAMPLES / 2);
    let span = spark.samples.len() as i64 * spark.every_secs;
    assert!(
        span >= 86_400 / 2,
        "the line spans the day: {} samples every {} s",
        spark.samples.len(),
        spark.every_secs
    );
    assert!(spark.every_secs > EVERY_SECS, "the spacing grew");
    assert!(
        spark.samples.iter().any(|&(r, _)| r == 1),
        "the one-minute dip survived the merging: {:?}",
        spark.samples
    );
    let line = sparkline(spark, SAMPLES);
    assert!(
        line.contains('█') && line.chars().any(|c| c < '▄'),
        "a quarter of desired shows low: {line}"
    );
}

#[test]
fn the_crash_loop_shows_as_a_dip_in_the_services_view() {
    let mut h = Harness::new(200, 60);
    h.press(KeyCode::Char(':'));
    h.type_text("svc prod-web");
    h.press(KeyCode::Enter);
    h.advance(600);
    let screen = h.screen();
    assert!(screen.contains("RUNNING (SEEN)"), "{screen}");
    // The RUNNING (SEEN) column of a row (the CPU and MEM columns have bars of their own).
    let header = screen
        .lines()
        .find(|l| l.contains("RUNNING (SEEN)"))
        .expect("the header");
    let at = header
        .chars()
        .collect::<String>()
        .find("RUNNING (SEEN)")
        .map(|b| header[..b].chars().count())
        .expect("the column");
    let seen = |row: &str| -> String {
        row.chars()
            .skip(at)
            .take(14)
            .filter(|c| ('▁'..='█').contains(c))
            .collect()
    };
    let row = screen
        .lines()
        .find(|l| l.contains("notification-worker"))
        .expect("the row");
    let bars = seen(row);
    assert!(bars.chars().count() >= 10, "{row}");
    assert!(bars.contains('█'), "at desired some of the time: {row}");
    assert!(
        bars.chars().any(|c| c < '█'),
        "below desired some of the time: {row}"
    );
    let steady = screen
        .lines()
        .find(|l| l.contains("web-frontend"))
        .expect("the row");
    let bars = seen(steady);
    assert!(
        !bars.is_empty() && bars.chars().all(|c| c == '█'),
        "{steady}"
    );
}
