//! Every key any screen reacts to comes from the key table: each binding in turn is remapped
//! (as `[keys] NAME = "f12"` would), and in every place it applies — a table view, help,
//! describe, logs, each dialog, the prompt, the line editor — its old keys do nothing (a key
//! that types, in a field, only types), the new key does what the old one did, and `?` lists the
//! new key.

use ecsdeck::app::keys::{Action, Key, KeyMap, Place, Screen, Views};
use ecsdeck::app::screens::viewer::Scroll;
use ecsdeck::app::view::ViewTag;
use ecsdeck::app::{Mode, Msg};
use ecsdeck::harness::Harness;
use ecsdeck::model::LogEvent;
use std::collections::BTreeMap;

const NEW_KEY: &str = "f12";

/// What a key press can change: the screen, the state behind it, what was sent or asked.
#[derive(Debug, PartialEq)]
struct Seen {
    screen: String,
    mode: Mode,
    views: Vec<String>,
    selected: Option<String>,
    fetched: usize,
    mutations: usize,
    copied: usize,
    quitting: bool,
}

/// The fields that differ, shortened (a screen and a mode are long).
fn differences(a: &Seen, b: &Seen) -> String {
    let short = |s: String| s.chars().take(300).collect::<String>();
    let mut out = Vec::new();
    if a.screen != b.screen {
        let line = a
            .screen
            .lines()
            .zip(b.screen.lines())
            .find(|(x, y)| x != y)
            .map(|(x, y)| format!("screen line: {x:?} / {y:?}"))
            .unwrap_or_else(|| "screen length".into());
        out.push(line);
    }
    if a.mode != b.mode {
        let (am, bm) = (format!("{:?}", a.mode), format!("{:?}", b.mode));
        let at = am
            .chars()
            .zip(bm.chars())
            .position(|(x, y)| x != y)
            .unwrap_or(0);
        out.push(format!(
            "mode from {at}: {} / {}",
            short(am.chars().skip(at.saturating_sub(40)).collect()),
            short(bm.chars().skip(at.saturating_sub(40)).collect())
        ));
    }
    for (name, x, y) in [
        ("views", format!("{:?}", a.views), format!("{:?}", b.views)),
        (
            "selected",
            format!("{:?}", a.selected),
            format!("{:?}", b.selected),
        ),
        (
            "asked",
            format!("{} {} {}", a.fetched, a.mutations, a.copied),
            format!("{} {} {}", b.fetched, b.mutations, b.copied),
        ),
        ("quitting", a.quitting.to_string(), b.quitting.to_string()),
    ] {
        if x != y {
            out.push(format!("{name}: {} / {}", short(x), short(y)));
        }
    }
    out.join("\n")
}

fn seen(h: &Harness) -> Seen {
    Seen {
        screen: h.screen(),
        mode: h.app.mode.clone(),
        views: h
            .app
            .stack
            .iter()
            .map(|v| format!("{:?}", v.kind))
            .collect(),
        selected: h.app.view().table().selected_key().map(str::to_string),
        fetched: h.fetched.len(),
        mutations: h.mutations.len(),
        copied: h.copied.len(),
        quitting: h.app.quit || h.app.quitting.is_some(),
    }
}

/// The view a binding is tried in: one it applies to, with rows and room to move.
fn view_for(action: Action, views: Views) -> Option<ViewTag> {
    let covers = |v: ViewTag| match views {
        Views::All => true,
        Views::Only(vs) => vs.contains(&v),
    };
    // Sorting by age is the tasks view's default order: try it where it changes something.
    let preference: &[ViewTag] = match action {
        Action::SortByAge | Action::ClusterTasks => &[ViewTag::Services],
        _ => &[
            ViewTag::Tasks,
            ViewTag::Services,
            ViewTag::Instances,
            ViewTag::Clusters,
            ViewTag::Revisions,
            ViewTag::Timeline,
        ],
    };
    preference.iter().copied().find(|v| covers(*v))
}

fn go_to_view(h: &mut Harness, view: ViewTag) {
    match view {
        ViewTag::Clusters => {}
        ViewTag::Services => h.command("svc prod-web"),
        ViewTag::Tasks => h.command("tasks prod-web"),
        ViewTag::Instances => h.command("instances prod-batch"),
        ViewTag::Revisions => {
            h.command("svc prod-web");
            h.act(Action::Revisions);
        }
        ViewTag::Timeline => h.command("timeline prod-web api-gateway"),
        other => panic!("no set-up for {other:?}"),
    }
    // The second row: there is room to move up, down, to the top and to the bottom.
    let page = h.app.page();
    h.app.view_mut().table_mut().move_by(1, page);
    assert!(h.app.view().table().len() > 2, "{view:?} has rows");
}

fn log_lines(n: usize) -> Vec<LogEvent> {
    (0..n)
        .map(|i| LogEvent {
            id: format!("e{i}"),
            timestamp: 1_700_000_000_000 + i as i64 * 1000,
            ingested: None,
            group: "/ecs/prod-web".into(),
            stream: "web/app/0123456789abcdef".into(),
            message: format!("line {i} of the test"),
        })
        .collect()
}

/// Open a screen where each of its keys has something to do.
fn go_to_screen(h: &mut Harness, screen: Screen) {
    match screen {
        Screen::Help => {
            h.command("svc prod-web");
            h.act(Action::Help);
            let Mode::Help(s) = &mut h.app.mode else {
                panic!("help is open")
            };
            s.doc.scroll = 12;
            s.doc.set_search("the").expect("a search");
            s.doc.scroll = 12;
        }
        Screen::Describe => {
            h.command("tasks prod-web");
            h.act(Action::Describe);
            let Mode::Describe(s) = &mut h.app.mode else {
                panic!("describe is open")
            };
            s.text.set_search("arn").expect("a search");
            s.text.scroll = 6;
        }
        Screen::Logs => {
            h.app.logs.save_dir = Some(std::env::temp_dir());
            h.command("tasks prod-web");
            h.act(Action::Logs);
            let Mode::Logs(v) = &h.app.mode else {
                panic!("logs are open")
            };
            let id = v.id;
            h.send(Msg::LogLines {
                id,
                events: log_lines(300),
            });
            let rows = h.app.log_rows();
            let Mode::Logs(v) = &mut h.app.mode else {
                panic!("logs are open")
            };
            v.rows = rows;
            // The search jumps to the first match (the top); move to the middle from there.
            v.set_search("of the").expect("a search");
            v.scroll_by(150);
        }
        Screen::Diff => {
            h.command("td checkout");
            h.act(Action::Diff);
            let Mode::Diff(s) = &mut h.app.mode else {
                panic!("the diff is open")
            };
            s.toggle_unchanged();
            s.text.set_search("env").expect("a search");
            s.text.scroll = 4;
        }
        Screen::Output => {
            let mut s = ecsdeck::app::screens::output::OutputState::new(1, "output".into());
            s.add(
                (0..300)
                    .map(|i| format!("line {i} of the output"))
                    .collect(),
                20,
            );
            s.done = Some("exit 0".into());
            s.text.set_search("of the").expect("a search");
            s.text.scroll = 150;
            h.app.mode = Mode::Output(Box::new(s));
        }
        Screen::Count => {
            h.command("svc prod-web");
            // The auto-scaled service: the bounds key has something to do.
            let page = h.app.page();
            let Some(t) = h.app.view().rows::<ecsdeck::model::Service>() else {
                panic!("the services view")
            };
            let arn = t
                .items()
                .find(|s| s.name == "api-gateway")
                .map(|s| s.arn.clone())
                .expect("api-gateway");
            assert!(h.app.view_mut().table_mut().select_key(&arn, page));
            h.act(Action::Scale);
            assert!(matches!(h.app.mode, Mode::Dialog(_)), "the scale dialog");
        }
        Screen::Form => {
            h.command("tasks prod-web");
            h.act(Action::StopTasks);
            assert!(matches!(h.app.mode, Mode::Dialog(_)), "the stop dialog");
            if let Mode::Dialog(ecsdeck::app::dialog::Dialog::Stop(d)) = &mut h.app.mode {
                for _ in 0..3 {
                    d.reason.apply(Action::CursorLeft);
                }
            }
        }
        Screen::Confirm => {
            // Rolling back a deployment in progress: the method key has something to do too.
            h.command("svc prod-web");
            h.act(Action::Down);
            h.act(Action::Rollback);
            assert!(matches!(h.app.mode, Mode::Dialog(_)), "a confirmation");
        }
        Screen::Prompt | Screen::Edit => {
            // Two commands run before, the newer one recalled: ↑ and ↓ have somewhere to go.
            h.app.command_history = vec!["svc prod-web".into(), "tasks prod-web".into()];
            h.act(Action::Command);
            let Mode::Command(p) = &mut h.app.mode else {
                panic!("the prompt is open")
            };
            p.recalled = Some(0);
            // Completes (Tab), runs (Enter), and has a cursor in the middle of a word.
            p.text.set("tasks prod-web");
            for _ in 0..4 {
                p.text.apply(Action::CursorLeft);
            }
        }
    }
}

fn remapped(name: &str) -> (KeyMap, Vec<String>) {
    let mut km = KeyMap::default();
    let warnings = km.remap(&BTreeMap::from([(name.to_string(), NEW_KEY.to_string())]));
    (km, warnings)
}

fn harness(keys: &KeyMap) -> Harness {
    let mut h = Harness::new(100, 30);
    h.app.keymap = keys.clone();
    h
}

/// Whether the place has a field that takes typed characters.
fn has_field(place: Place) -> bool {
    matches!(
        place,
        Place::Screen(Screen::Count | Screen::Form | Screen::Prompt | Screen::Edit)
    )
}

fn set_up(h: &mut Harness, place: Place, action: Action) {
    match (place, action) {
        (Place::Screen(s), Action::NextContainer | Action::EnableExec) => go_to_exec(h, s, action),
        (Place::View(v), _) => go_to_view(h, v),
        (Place::Screen(s), _) => go_to_screen(h, s),
    }
}

fn a_plugin() -> Option<std::path::PathBuf> {
    Some("/usr/local/bin/session-manager-plugin".into())
}

/// The exec dialog where its keys have something to do: a task with a sidecar (Tab: the next
/// container), ready to run (Form) or blocked by the missing plugin (Confirm); or a task of a
/// service without ECS Exec (`E`).
fn go_to_exec(h: &mut Harness, screen: Screen, action: Action) {
    let (cluster, service) = if action == Action::EnableExec {
        ("prod-batch", "report-generator")
    } else {
        ("prod-web", "api-gateway")
    };
    if screen == Screen::Form {
        h.app.find_plugin = a_plugin;
    }
    h.command(&format!("tasks {cluster}"));
    crate::common::select::<ecsdeck::model::Task>(h, |t| {
        t.service_name() == Some(service) && t.last_status == "RUNNING"
    });
    h.act(Action::Exec);
    let Mode::Dialog(ecsdeck::app::dialog::Dialog::Exec(d)) = &h.app.mode else {
        panic!("the exec dialog")
    };
    assert_eq!(
        d.blocked(),
        screen == Screen::Confirm,
        "{:?}",
        d.checks("E", "r")
    );
}

#[test]
fn every_key_of_every_screen_is_remappable() {
    let defaults = KeyMap::default();
    let new_key = ecsdeck::app::remap::parse_key(NEW_KEY).expect("a key");
    let mut tried = 0;
    for b in defaults.bindings() {
        let (keys, warnings) = remapped(b.name);
        assert!(warnings.is_empty(), "{}: {warnings:?}", b.name);
        let mut places: Vec<Place> = view_for(b.action, b.scope.views)
            .map(Place::View)
            .into_iter()
            .collect();
        places.extend(b.scope.screens.iter().map(|s| Place::Screen(*s)));
        assert!(!places.is_empty(), "{} applies nowhere", b.name);
        for place in places {
            // The old keys do nothing (in a field, a key that types only types).
            for old in &b.keys {
                let mut h = harness(&keys);
                set_up(&mut h, place, b.action);
                let mut expected = harness(&keys);
                set_up(&mut expected, place, b.action);
                if has_field(place) && old.types() {
                    let Key {
                        code: crossterm::event::KeyCode::Char(c),
                        ..
                    } = *old
                    else {
                        unreachable!()
                    };
                    expected.send(Msg::Paste(c.to_string()));
                }
                h.send(Msg::Key(old.event()));
                let (got, want) = (seen(&h), seen(&expected));
                assert!(
                    got == want,
                    "{} remapped: its old key `{old}` still did something in {place:?}:\n{}",
                    b.name,
                    differences(&got, &want)
                );
            }
            // The new key does what the old one did.
            let mut h = harness(&keys);
            set_up(&mut h, place, b.action);
            let before = seen(&h);
            h.send(Msg::Key(new_key.event()));
            let after_new = seen(&h);
            assert!(
                before != after_new,
                "{} remapped to `{new_key}`: the new key did nothing in {place:?}",
                b.name
            );
            let mut d = harness(&defaults);
            set_up(&mut d, place, b.action);
            d.send(Msg::Key(b.keys[0].event()));
            let with_old_map = seen(&d);
            assert_eq!(
                after_new.views, with_old_map.views,
                "{}: the new key in {place:?} went elsewhere than the old key did",
                b.name
            );
            assert_eq!(
                (after_new.fetched, after_new.mutations, after_new.copied),
                (
                    with_old_map.fetched,
                    with_old_map.mutations,
                    with_old_map.copied
                ),
                "{}: the new key in {place:?} asked for other things than the old key did",
                b.name
            );
            tried += 1;
        }
        // `?` lists the new key with what it does (in a view where it applies, for view keys).
        let mut h = harness(&keys);
        if let Some(v) = view_for(b.action, b.scope.views) {
            go_to_view(&mut h, v);
        }
        let help = ecsdeck::app::screens::help::text(&h.app);
        assert!(
            help.iter()
                .any(|l| l.contains(&new_key.to_string()) && l.contains(b.help)),
            "`?` does not list {} as `{new_key}`",
            b.name
        );
        assert!(
            !help.iter().any(|l| l.contains(b.help)
                && b.keys
                    .iter()
                    .any(|k| l.split_whitespace().next() == Some(k.to_string().as_str()))),
            "`?` still lists {} under its old key",
            b.name
        );
    }
    // Every binding was tried somewhere, and the moving keys in every text screen too.
    assert!(tried >= defaults.bindings().len(), "{tried} tries");
}
