//! Every screen — each view, each modal screen and each dialog — drawn at every terminal size from
//! 1×1 to 40×40 and on a coarse grid up to 250×80, under the default key map and under remaps
//! that leave actions with no key at all. Nothing may panic (a vertical split over SSH is
//! 40–60 columns wide; a remap is a line in a config file).

use crossterm::event::KeyCode;
use ecsdeck::app::Msg;
use ecsdeck::backend::sim::ScenarioOptions;
use ecsdeck::harness::Harness;
use proptest::prelude::*;
use std::collections::BTreeMap;

fn command(h: &mut Harness, line: &str) {
    h.press(KeyCode::Char(':'));
    h.type_text(line);
    h.press(KeyCode::Enter);
}

/// The screens, each reached from a fresh console with the default keys.
const SCREENS: &[&str] = &[
    "clusters",
    "services",
    "tasks",
    "stopped",
    "containers",
    "instances",
    "help",
    "filter",
    "command",
    "describe",
    "logs",
    "scale",
    "force",
    "stop",
    "drain",
    "pulse",
    "failures",
    "events",
    "audit",
    "api",
    "messages",
    "watch",
];

fn reach(h: &mut Harness, screen: &str) {
    match screen {
        "clusters" => {}
        "services" => {
            command(h, "svc prod-web");
            h.press(KeyCode::Char('j'));
        }
        "tasks" => command(h, "tasks prod-web checkout"),
        "stopped" => {
            command(h, "tasks prod-web notification-worker");
            h.press(KeyCode::Char('x'));
        }
        "containers" => {
            command(h, "tasks prod-web api-gateway");
            h.press(KeyCode::Enter);
        }
        "instances" => command(h, "ins prod-batch"),
        "help" => {
            command(h, "svc prod-web");
            h.press(KeyCode::Char('?'));
        }
        "filter" => {
            command(h, "svc prod-web");
            h.press(KeyCode::Char('/'));
            h.type_text("([a-");
        }
        "command" => {
            h.press(KeyCode::Char(':'));
            h.type_text("t");
            h.press(KeyCode::Tab);
        }
        "describe" => {
            command(h, "tasks prod-web api-gateway");
            h.press(KeyCode::Char('d'));
        }
        "logs" => {
            command(h, "svc prod-web");
            h.press(KeyCode::Char('l'));
            h.advance(3);
        }
        "scale" => {
            command(h, "svc prod-web");
            h.press(KeyCode::Char('s'));
            h.type_text("-1");
        }
        "force" => {
            command(h, "svc prod-web");
            h.press(KeyCode::Char('r'));
        }
        "stop" => {
            command(h, "tasks prod-web api-gateway");
            h.press(KeyCode::Char(' '));
            h.ctrl('k');
        }
        "drain" => {
            command(h, "ins prod-batch");
            h.press(KeyCode::Char('D'));
        }
        "pulse" | "failures" | "events" | "audit" | "api" | "messages" => command(h, screen),
        "watch" => {
            command(h, "svc prod-web");
            h.press(KeyCode::Char('j'));
            h.press(KeyCode::Char('w'));
        }
        other => panic!("no such screen in this test: {other}"),
    }
}

/// Every size up to 40×40, then a coarse grid up to 250×80.
fn sizes() -> Vec<(u16, u16)> {
    let mut out = Vec::new();
    for w in 1..=40 {
        for h in 1..=40 {
            out.push((w, h));
        }
    }
    for w in (41..=250).step_by(13).chain([250]) {
        for h in (1..=80).step_by(7).chain([80]) {
            out.push((w, h));
        }
    }
    out
}

fn draw_all_sizes(h: &mut Harness, sizes: &[(u16, u16)]) {
    for &(w, hh) in sizes {
        h.send(Msg::Resize(w, hh));
        let _ = h.draw();
    }
}

/// Each size is drawn for every third screen, rotating, so that every size meets a third of the
/// screens and every screen a third of the sizes — any three neighbouring sizes cover all
/// screens — in a third of the time of the full product (in two halves, run side by side).
fn every_screen_in(half: usize) {
    let sizes = sizes();
    for (n, screen) in SCREENS.iter().enumerate().filter(|(n, _)| n % 2 == half) {
        let mut h = Harness::new(120, 40);
        reach(&mut h, screen);
        let mine: Vec<(u16, u16)> = sizes
            .iter()
            .enumerate()
            .filter(|(i, _)| (i + n) % 3 == 0)
            .map(|(_, s)| *s)
            .collect();
        draw_all_sizes(&mut h, &mine);
    }
}

#[test]
fn every_screen_draws_at_every_size_first_half() {
    every_screen_in(0);
}

#[test]
fn every_screen_draws_at_every_size_second_half() {
    every_screen_in(1);
}

/// The remap from the defect report: `help = ":"` takes the command key, leaving `command` with
/// none. Every screen must still draw, and the help screen lists the action without a key.
#[test]
fn an_action_left_without_a_key_still_renders_everywhere() {
    let remap = BTreeMap::from([("help".to_string(), ":".to_string())]);
    let sizes: Vec<(u16, u16)> = sizes().into_iter().step_by(5).collect();
    for screen in SCREENS {
        let mut h = Harness::new(120, 40);
        reach(&mut h, screen);
        let warnings = h.app.keymap.remap(&remap);
        assert!(
            warnings.iter().any(|w| w.contains("has no key left")),
            "{warnings:?}"
        );
        draw_all_sizes(&mut h, &sizes);
    }
    let mut h = Harness::new(120, 60);
    h.app.keymap.remap(&remap);
    h.press(KeyCode::Char(':')); // now opens help
    let screen = h.screen();
    assert!(screen.contains("(no key)"), "{screen}");
}

const NAMES: &[&str] = &[
    "quit",
    "back",
    "open",
    "up",
    "down",
    "filter",
    "command",
    "help",
    "sort_next",
    "refresh",
    "toggle_stopped",
    "toggle_events",
    "messages",
    "mark",
    "scale",
    "force_deployment",
    "stop_tasks",
    "drain",
    "describe",
    "failures",
    "watch_deployment",
];
const KEYS: &[&str] = &[
    "q", ":", "?", "/", "j", "k", "enter", "esc", "s", "l", "x", "d", "w", "F", "ctrl-k", "space",
    "tab",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    /// Random data (another seed of the simulated account), a random key map, random keys
    /// pressed, drawn at random sizes: never a panic.
    #[test]
    fn random_data_random_keymaps_random_sizes(
        seed in 0u64..1_000,
        remaps in proptest::collection::vec((0..NAMES.len(), 0..KEYS.len()), 0..6),
        screen in 0..SCREENS.len(),
        presses in proptest::collection::vec(0..KEYS.len(), 0..12),
        sizes in proptest::collection::vec((1u16..=250, 1u16..=80), 1..12),
    ) {
        let opts = ScenarioOptions { seed, ..ScenarioOptions::default() };
        let mut h = Harness::with(opts, 120, 40);
        reach(&mut h, SCREENS[screen]);
        let map: BTreeMap<String, String> = remaps
            .iter()
            .map(|&(a, k)| (NAMES[a].to_string(), KEYS[k].to_string()))
            .collect();
        h.app.keymap.remap(&map);
        for p in presses {
            let code = match KEYS[p] {
                "enter" => KeyCode::Enter,
                "esc" => KeyCode::Esc,
                "tab" => KeyCode::Tab,
                "space" => KeyCode::Char(' '),
                "ctrl-k" => { h.ctrl('k'); continue; }
                k => KeyCode::Char(k.chars().next().unwrap_or('?')),
            };
            h.press(code);
        }
        if h.app.quit {
            return Ok(());
        }
        draw_all_sizes(&mut h, &sizes);
    }
}
