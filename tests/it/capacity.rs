//! Capacity and Spot on the simulator: `:capacity` lists a cluster's providers (an Auto Scaling
//! group with managed scaling and termination protection; FARGATE and FARGATE_SPOT), its default
//! strategy and each service's; a Fargate Spot task reclaimed is called out as a spot
//! interruption in `:pulse` and `:failures`, not as a failing release.

use ecsdeck::app::table::Tone;
use ecsdeck::harness::Harness;

#[test]
fn capacity_lists_providers_the_default_strategy_and_each_services() {
    let mut h = Harness::new(200, 40);
    h.command("capacity prod-batch");
    h.advance(2);
    let screen = h.screen();
    assert!(screen.contains("capacity(prod-batch)[5]"), "{screen}");
    assert!(
        screen.contains("Auto Scaling group prod-batch-group · managed scaling to 100% · termination protection ENABLED"),
        "{screen}"
    );
    assert!(
        screen.contains("launch type (no capacity provider strategy)"),
        "{screen}"
    );
    h.command("capacity prod-web");
    h.advance(2);
    let screen = h.screen();
    let spot = screen
        .lines()
        .find(|l| l.contains("web-frontend"))
        .expect("web-frontend's strategy");
    assert!(spot.contains("FARGATE_SPOT"), "{spot}");
    let cells: Vec<&str> = spot.trim_start_matches('│').split_whitespace().collect();
    assert_eq!(cells[2], "0", "base: {spot}");
    assert_eq!(cells[3], "1", "weight: {spot}");
    let rows = h
        .app
        .view()
        .rows::<ecsdeck::model::CapacityRow>()
        .expect("capacity rows");
    let order: Vec<String> = rows.items().map(|r| r.scope.clone()).collect();
    assert_eq!(
        &order[..3],
        ["provider", "provider", "default"],
        "{order:?}"
    );
}

#[test]
fn a_spot_interruption_is_called_out_in_pulse_and_failures() {
    let mut h = Harness::new(200, 40);
    h.command("pulse");
    h.advance(3);
    let screen = h.screen();
    let line = screen
        .lines()
        .find(|l| l.contains("spot interruption"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(
        line.contains("web-frontend") && line.contains("spot"),
        "{line}"
    );
    assert!(
        line.contains("Fargate Spot took the capacity back"),
        "{line}"
    );
    let items = h
        .app
        .view()
        .rows::<ecsdeck::app::pulse::PulseItem>()
        .expect("pulse items");
    let spot = items
        .items()
        .find(|i| i.kind == "spot")
        .expect("a spot item");
    assert_eq!(
        spot.tone,
        Tone::Warn,
        "reclaimed capacity is a warning, not a failure"
    );
    h.command("failures prod-web");
    h.advance(2);
    let screen = h.screen();
    assert!(
        screen.lines().any(
            |l| l.contains("SpotInterruption") && l.contains("Your Spot Task was interrupted.")
        ),
        "{screen}"
    );
}
