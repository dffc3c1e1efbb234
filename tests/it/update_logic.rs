//! The update step: navigation, breadcrumbs, filter, sort, selection kept across refreshes, change
//! marks, the stopped toggle and command mode — driven key by key on the simulator.

use crossterm::event::KeyCode;
use ecsdeck::app::view::ViewKind;
use ecsdeck::app::{Effect, Mode, Msg};
use ecsdeck::harness::Harness;
use ecsdeck::model::{Query, TaskScope, TaskStatus};

fn h() -> Harness {
    Harness::new(120, 40)
}

fn selected(h: &Harness) -> Option<String> {
    h.app.view().table().selected_key().map(str::to_string)
}

fn names(h: &Harness) -> Vec<String> {
    let v = h.app.view();
    if let Some(t) = v.rows::<ecsdeck::model::Service>() {
        t.items().map(|s| s.name.clone()).collect()
    } else if let Some(t) = v.rows::<ecsdeck::model::Cluster>() {
        t.items().map(|c| c.name.clone()).collect()
    } else {
        Vec::new()
    }
}

fn open_service(h: &mut Harness, cluster: &str, service: &str) {
    h.press(KeyCode::Char(':'));
    h.type_text(&format!("tasks {cluster} {service}"));
    h.press(KeyCode::Enter);
}

#[test]
fn enter_drills_down_and_esc_goes_back_along_the_breadcrumbs() {
    let mut h = h();
    assert_eq!(h.app.view().kind, ViewKind::Clusters);
    assert_eq!(h.app.view().table().len(), 3);
    h.press(KeyCode::Char('j')); // prod-batch → prod-web (sorted by name)
    h.press(KeyCode::Enter);
    assert_eq!(
        h.app.view().kind,
        ViewKind::Services {
            cluster: "prod-web".into()
        }
    );
    assert_eq!(names(&h).len(), 5);
    h.press(KeyCode::Enter); // api-gateway
    assert_eq!(
        h.app.view().kind,
        ViewKind::Tasks {
            cluster: "prod-web".into(),
            scope: TaskScope::Service("api-gateway".into()),
            status: TaskStatus::Running
        }
    );
    assert_eq!(h.app.view().table().len(), 6);
    h.press(KeyCode::Enter);
    assert!(matches!(h.app.view().kind, ViewKind::Containers { .. }));
    assert_eq!(
        h.app.view().table().len(),
        2,
        "app and envoy, shown before the task is fetched again"
    );
    let crumbs: Vec<String> = h.app.stack.iter().map(|v| v.kind.crumb()).collect();
    assert_eq!(crumbs[..3], ["clusters", "prod-web", "api-gateway"]);
    for expected in ["tasks", "services", "clusters", "clusters"] {
        h.press(KeyCode::Esc);
        let tag = format!("{:?}", h.app.view().kind.tag()).to_lowercase();
        assert_eq!(tag, expected);
    }
    assert_eq!(h.app.stack.len(), 1, "Esc at the root stays");
}

#[test]
fn only_the_view_on_screen_is_watched() {
    let mut h = h();
    h.press(KeyCode::Enter); // prod-batch
    let effects = h
        .app
        .update(Msg::Key(crossterm::event::KeyEvent::from(KeyCode::Enter)));
    let watched: Vec<Query> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Watch(list) => Some(list.iter().map(|(q, _)| q.clone()).collect::<Vec<_>>()),
            _ => None,
        })
        .flatten()
        .collect();
    // The service's tasks, and — image-resizer being behind a load balancer — its targets.
    assert_eq!(watched.len(), 2, "{watched:?}");
    assert!(
        matches!(&watched[0], Query::Tasks { cluster, scope: TaskScope::Service(_), .. } if cluster == "prod-batch")
    );
    assert!(
        matches!(&watched[1], Query::Targets { cluster, services, tasks: true } if cluster == "prod-batch" && services == &["image-resizer"]),
        "{watched:?}"
    );
    // Moving the cursor asks for nothing new.
    let effects = h
        .app
        .update(Msg::Key(crossterm::event::KeyEvent::from(KeyCode::Char(
            'j',
        ))));
    assert!(effects.is_empty(), "{effects:?}");
}

#[test]
fn filter_is_a_case_insensitive_regex_that_can_invert() {
    let mut h = h();
    h.press(KeyCode::Char('j'));
    h.press(KeyCode::Enter);
    h.press(KeyCode::Char('/'));
    h.type_text("API|FRONT");
    assert_eq!(h.app.view().table().len(), 2, "filters while typing");
    h.press(KeyCode::Enter);
    assert_eq!(h.app.mode, Mode::Normal);
    assert_eq!(h.app.view().table().len(), 2);
    h.press(KeyCode::Char('/'));
    h.press(KeyCode::Char('!'));
    // `/` reopens with the filter in force; typing prepends nothing, so start over.
    h.ctrl('u');
    h.type_text("!api");
    assert_eq!(h.app.view().table().len(), 4);
    h.press(KeyCode::Enter);
    h.press(KeyCode::Esc);
    assert_eq!(h.app.view().table().len(), 5, "Esc clears the filter first");
    assert!(
        matches!(h.app.view().kind, ViewKind::Services { .. }),
        "and stays in the view"
    );
}

#[test]
fn an_invalid_regex_shows_an_inline_error_and_keeps_the_last_good_filter() {
    let mut h = h();
    h.press(KeyCode::Char('j'));
    h.press(KeyCode::Enter);
    h.press(KeyCode::Char('/'));
    h.type_text("check");
    assert_eq!(h.app.view().table().len(), 1);
    h.press(KeyCode::Char('('));
    let Mode::Filter { prompt, .. } = &h.app.mode else {
        panic!("still typing")
    };
    assert_eq!(
        prompt.error.as_deref(),
        Some("invalid regex: unclosed group")
    );
    assert_eq!(h.app.view().table().len(), 1, "the last good filter stays");
    assert_eq!(h.app.view().table().filter().text(), "check");
    assert!(h.screen().contains("invalid regex: unclosed group"));
    h.press(KeyCode::Backspace);
    let Mode::Filter { prompt, .. } = &h.app.mode else {
        panic!()
    };
    assert_eq!(prompt.error, None);
    h.press(KeyCode::Esc);
    assert_eq!(
        h.app.view().table().len(),
        5,
        "Esc in the prompt restores the filter from before"
    );
}

#[test]
fn sorting_by_column_and_reversing() {
    let mut h = h();
    h.press(KeyCode::Char('j'));
    h.press(KeyCode::Enter);
    assert_eq!(names(&h)[0], "api-gateway");
    let first_row = |h: &Harness| {
        let Some(t) = h.app.view().rows::<ecsdeck::model::Service>() else {
            panic!()
        };
        t.selected().map(|s| s.name.clone())
    };
    h.press(KeyCode::Char('S'));
    h.press(KeyCode::Char('g'));
    assert_eq!(
        first_row(&h).as_deref(),
        Some("web-frontend"),
        "reversed by name"
    );
    // Sort by DESIRED (third column): > twice from NAME.
    h.press(KeyCode::Char('>'));
    h.press(KeyCode::Char('>'));
    h.press(KeyCode::Char('g'));
    assert_eq!(h.app.view().table().sort().column, 2);
    assert_eq!(
        first_row(&h).as_deref(),
        Some("notification-worker"),
        "fewest desired first (2), ties by ARN"
    );
    h.press(KeyCode::Char('S'));
    h.press(KeyCode::Char('g'));
    assert_eq!(
        first_row(&h).as_deref(),
        Some("api-gateway"),
        "most desired first (6)"
    );
    h.press(KeyCode::Char('N'));
    assert_eq!(h.app.view().table().sort().column, 0);
}

#[test]
fn the_selection_stays_on_the_same_task_across_refreshes() {
    let mut h = h();
    open_service(&mut h, "prod-web", "checkout");
    assert_eq!(h.app.view().table().len(), 4);
    h.press(KeyCode::Char('G'));
    let chosen = selected(&h).expect("a task is selected");
    // The rollout starts new tasks (sorted newest first, so they land above the selection).
    h.advance(12);
    assert!(h.app.view().table().len() > 4, "new tasks arrived");
    assert_eq!(
        selected(&h).as_deref(),
        Some(chosen.as_str()),
        "the cursor followed the task, not the row number"
    );
    assert_ne!(h.app.view().table().cursor(), 3);
}

#[test]
fn new_modified_and_gone_rows_are_marked_then_unmarked() {
    use ecsdeck::app::table::Ctx;
    let mut h = h();
    open_service(&mut h, "prod-web", "checkout");
    let marks = |h: &Harness| {
        let t = h.app.view().table();
        t.view_rows(
            &Ctx {
                now: h.app.now,
                history: None,
                metrics: None,
                targets: None,
            },
            0,
            100,
        )
        .into_iter()
        .filter_map(|r| r.mark)
        .collect::<Vec<_>>()
    };
    assert!(marks(&h).is_empty(), "nothing is marked on first load");
    // New tasks arrive within seconds (an event asks for the refresh), marked for a few seconds.
    let mut seen_new = false;
    for _ in 0..8 {
        h.advance(1);
        seen_new |= marks(&h).contains(&ecsdeck::app::table::Mark::New);
    }
    assert!(seen_new, "a new task was marked new");
    h.advance(3);
    h.advance(60);
    // Old tasks drained by the rollout pass through "gone" and then leave.
    h.advance(120);
    assert!(marks(&h).is_empty(), "marks expire: {:?}", marks(&h));
    assert_eq!(h.app.view().table().len(), 4);
}

#[test]
fn x_toggles_stopped_tasks_with_stop_codes_and_reasons() {
    let mut h = h();
    open_service(&mut h, "prod-web", "notification-worker");
    h.press(KeyCode::Char('x'));
    assert!(matches!(
        h.app.view().kind,
        ViewKind::Tasks {
            status: TaskStatus::Stopped,
            ..
        }
    ));
    assert_eq!(h.app.view().table().len(), 6);
    let screen = h.screen();
    assert!(screen.contains("EssentialContainerExited"), "{screen}");
    assert!(screen.contains("137"));
    h.press(KeyCode::Char('x'));
    assert!(matches!(
        h.app.view().kind,
        ViewKind::Tasks {
            status: TaskStatus::Running,
            ..
        }
    ));
}

#[test]
fn instances_view_and_tasks_of_an_instance() {
    let mut h = h();
    h.press(KeyCode::Char('i')); // prod-batch is first
    assert_eq!(
        h.app.view().kind,
        ViewKind::Instances {
            cluster: "prod-batch".into()
        }
    );
    assert_eq!(h.app.view().table().len(), 4);
    let Some(t) = h.app.view().rows::<ecsdeck::model::ContainerInstance>() else {
        panic!()
    };
    let running = t.selected().expect("an instance").running_tasks as usize;
    h.press(KeyCode::Enter);
    let ViewKind::Tasks {
        scope: TaskScope::Instance(_),
        ..
    } = &h.app.view().kind
    else {
        panic!("{:?}", h.app.view().kind)
    };
    assert_eq!(
        h.app.view().table().len(),
        running,
        "exactly the tasks on that instance"
    );
}

#[test]
fn command_mode_navigates_completes_and_explains_mistakes() {
    let mut h = h();
    h.press(KeyCode::Char(':'));
    h.type_text("sv");
    h.press(KeyCode::Tab);
    h.type_text("stag");
    h.press(KeyCode::Tab);
    let Mode::Command(p) = &h.app.mode else {
        panic!()
    };
    assert_eq!(
        p.text, "services staging ",
        "an alias completes to its command"
    );
    h.press(KeyCode::Enter);
    assert_eq!(
        h.app.view().kind,
        ViewKind::Services {
            cluster: "staging".into()
        }
    );
    assert_eq!(h.app.stack.len(), 2, "clusters stays the root");

    h.press(KeyCode::Char(':'));
    h.type_text("ins");
    h.press(KeyCode::Enter);
    assert_eq!(
        h.app.view().kind,
        ViewKind::Instances {
            cluster: "staging".into()
        },
        "the current cluster"
    );

    h.press(KeyCode::Char(':'));
    h.type_text("nope");
    h.press(KeyCode::Enter);
    let Mode::Command(p) = &h.app.mode else {
        panic!("stays in command mode")
    };
    assert_eq!(
        p.error.as_deref(),
        Some("unknown command :nope — try :help")
    );
    h.ctrl('u');
    h.type_text("svc no-such-cluster");
    h.press(KeyCode::Enter);
    let Mode::Command(p) = &h.app.mode else {
        panic!()
    };
    assert_eq!(
        p.error.as_deref(),
        Some("no cluster named no-such-cluster (Tab lists them)")
    );
    h.press(KeyCode::Esc);
    assert_eq!(h.app.mode, Mode::Normal);

    h.press(KeyCode::Char(':'));
    h.type_text("cl");
    h.press(KeyCode::Enter);
    assert_eq!(h.app.stack.len(), 1);
    h.press(KeyCode::Char(':'));
    h.type_text("q");
    h.press(KeyCode::Enter);
    assert!(h.app.quit);
}

#[test]
fn q_and_ctrl_c_quit_and_help_is_generated_from_the_key_table() {
    let mut h = h();
    h.press(KeyCode::Char('?'));
    let screen = h.screen();
    for b in h.app.keymap.for_view(h.app.view().kind.tag()) {
        assert!(screen.contains(b.help), "help lists {:?}", b.help);
    }
    h.press(KeyCode::Esc);
    assert_eq!(h.app.mode, Mode::Normal);
    h.press(KeyCode::Char('q'));
    assert!(h.app.quit);
    let mut h2 = Harness::new(80, 24);
    h2.ctrl('c');
    assert!(h2.app.quit);
}

#[test]
fn errors_show_in_the_status_line_and_the_pane_goes_stale_then_recovers() {
    use ecsdeck::backend::sim::Faults;
    let mut h = h();
    h.backend.faults().set(Faults {
        outage: true,
        ..Default::default()
    });
    h.advance(40);
    let screen = h.screen();
    assert!(screen.contains("simulated outage"), "{screen}");
    assert!(screen.contains("stale"), "{screen}");
    assert_eq!(h.app.view().table().len(), 3, "stale rows stay on screen");
    h.backend.faults().set(Faults::default());
    h.advance(11);
    let screen = h.screen();
    assert!(!screen.contains("stale"), "{screen}");
    assert!(h
        .app
        .status
        .history()
        .any(|m| m.text == "clusters: recovered"));
}

#[test]
fn tasks_not_yet_started_sort_as_the_newest() {
    use ecsdeck::app::table::Ctx;
    let mut h = h();
    open_service(&mut h, "prod-web", "checkout");
    let mut seen_unstarted = false;
    // Every second of the rollout: tasks still provisioning are above every started task.
    for _ in 0..40 {
        h.advance(1);
        let t = h.app.view().table();
        let rows = t.view_rows(
            &Ctx {
                now: h.app.now,
                history: None,
                metrics: None,
                targets: None,
            },
            0,
            t.len(),
        );
        // STARTED is the 14th column.
        let started: Vec<bool> = rows.iter().map(|r| r.cells[13] != "–").collect();
        seen_unstarted |= started.contains(&false);
        if let Some(first_started) = started.iter().position(|s| *s) {
            assert!(
                started[first_started..].iter().all(|s| *s),
                "at {}: {started:?}",
                h.app.now
            );
        }
    }
    assert!(seen_unstarted, "the rollout had tasks still provisioning");
}

#[test]
fn service_names_complete_only_for_the_cluster_named() {
    let mut h = h();
    h.press(KeyCode::Char(':'));
    h.type_text("svc prod-web");
    h.press(KeyCode::Enter);
    h.press(KeyCode::Char(':'));
    h.type_text("tasks prod-web che");
    h.press(KeyCode::Tab);
    let Mode::Command(p) = &h.app.mode else {
        panic!()
    };
    assert_eq!(p.text, "tasks prod-web checkout ");
    h.ctrl('u');
    h.type_text("tasks staging che");
    h.press(KeyCode::Tab);
    let Mode::Command(p) = &h.app.mode else {
        panic!()
    };
    assert_eq!(
        p.text, "tasks staging che",
        "prod-web's services are not offered for staging"
    );
}

#[test]
fn c_copies_the_selected_arn() {
    let mut h = h();
    h.press(KeyCode::Char('c'));
    assert_eq!(
        h.copied,
        ["arn:aws:ecs:us-east-1:123456789012:cluster/prod-batch"]
    );
    assert!(h
        .screen()
        .contains("copied arn:aws:ecs:us-east-1:123456789012:cluster/prod-batch"));
}

#[test]
fn ctx_and_region_on_the_demo_account_explain_themselves() {
    let mut h = h();
    h.press(KeyCode::Char(':'));
    h.type_text("ctx");
    h.press(KeyCode::Enter);
    assert!(h.app.switch.is_none());
    assert!(h
        .screen()
        .contains("the demo account has no other profiles or regions"));
    h.app.switchable = true;
    h.press(KeyCode::Char(':'));
    h.type_text("region");
    h.press(KeyCode::Enter);
    assert!(h.screen().contains("regions (Enter switches)"));
    assert!(
        h.app.view().table().len() >= 20,
        "the ECS regions are listed"
    );
    h.press(KeyCode::Char('/'));
    h.type_text("eu-west-1");
    h.press(KeyCode::Enter);
    h.press(KeyCode::Enter);
    assert_eq!(
        h.app.switch,
        Some(ecsdeck::model::ContextSwitch {
            profile: None,
            region: Some("eu-west-1".into())
        })
    );
}

/// Defect: closing a logs view and typing `:svc` for the same cluster left the new services pane
/// on "loading…" for a whole interval: the answer fetched when the logs closed went to the view
/// under them, and the watch list, unchanged, asked for nothing more. A view that becomes
/// visible with nothing in it is fetched at once.
#[test]
fn a_view_that_becomes_visible_is_fetched_at_once_even_when_its_query_is_watched() {
    let mut h = h();
    h.press(KeyCode::Char(':'));
    h.type_text("svc prod-web");
    h.press(KeyCode::Enter);
    let services = Query::Services {
        cluster: "prod-web".into(),
    };
    h.press(KeyCode::Char('l'));
    // Events about the cluster may refresh the view too: count what closing the logs asks.
    let under_logs = h.fetched.iter().filter(|q| **q == services).count();
    h.press(KeyCode::Esc);
    let fetched_before = h.fetched.iter().filter(|q| **q == services).count();
    h.press(KeyCode::Char(':'));
    h.type_text("svc prod-web");
    let effects = h.app.update(Msg::Key(crossterm::event::KeyEvent::new(
        KeyCode::Enter,
        crossterm::event::KeyModifiers::NONE,
    )));
    assert!(
        effects.contains(&Effect::Refresh(services.clone())),
        "the new view asks for its data: {effects:?}"
    );
    assert_eq!(
        fetched_before,
        under_logs + 1,
        "once more when the logs closed"
    );
}

/// One line editor everywhere: the same keys edit the command prompt, a dialog field and the
/// logs search (defect: five editors, with different Ctrl-U/Ctrl-W and no cursor at all).
#[test]
fn every_prompt_and_field_edits_with_the_same_keys() {
    use crossterm::event::{KeyEvent, KeyModifiers};
    let ctrl = |h: &mut Harness, c: char| {
        h.send(Msg::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        )))
    };
    // The command prompt: move left, insert, Ctrl-W, Ctrl-A + Ctrl-K.
    let mut h = h();
    h.press(KeyCode::Char(':'));
    h.type_text("svc prd-web");
    for _ in 0..5 {
        h.press(KeyCode::Left);
    }
    h.press(KeyCode::Char('o'));
    let Mode::Command(p) = &h.app.mode else {
        panic!("command mode")
    };
    assert_eq!(p.text, "svc prod-web");
    h.press(KeyCode::End);
    ctrl(&mut h, 'w');
    let Mode::Command(p) = &h.app.mode else {
        panic!("command mode")
    };
    assert_eq!(p.text, "svc ");
    h.type_text("prod-web");
    h.press(KeyCode::Enter);
    assert_eq!(
        h.app.view().kind,
        ViewKind::Services {
            cluster: "prod-web".into()
        }
    );
    // The stop dialog's reason: Ctrl-U clears before the cursor only, Ctrl-K after it.
    h.press(KeyCode::Char(':'));
    h.type_text("tasks prod-web api-gateway");
    h.press(KeyCode::Enter);
    h.press(KeyCode::Char(' '));
    ctrl(&mut h, 'k');
    let reason = |h: &Harness| match &h.app.mode {
        Mode::Dialog(ecsdeck::app::dialog::Dialog::Stop(d)) => d.reason.to_string(),
        other => panic!("the stop dialog: {other:?}"),
    };
    let before = reason(&h);
    assert!(!before.is_empty(), "a default reason");
    h.press(KeyCode::Home);
    h.type_text("XY");
    ctrl(&mut h, 'u');
    assert_eq!(
        reason(&h),
        before,
        "Ctrl-U removed only what was before the cursor"
    );
    ctrl(&mut h, 'k');
    assert_eq!(reason(&h), "", "Ctrl-K the rest");
    h.press(KeyCode::Esc);
    // The logs search: the same keys.
    let mut h = Harness::new(120, 40);
    h.press(KeyCode::Char(':'));
    h.type_text("svc prod-web");
    h.press(KeyCode::Enter);
    h.press(KeyCode::Char('l'));
    h.press(KeyCode::Char('/'));
    h.type_text("GET /helth");
    for _ in 0..3 {
        h.press(KeyCode::Left);
    }
    h.press(KeyCode::Char('a'));
    h.press(KeyCode::End);
    h.press(KeyCode::Backspace);
    h.press(KeyCode::Char('h'));
    let Mode::Logs(v) = &h.app.mode else {
        panic!("logs")
    };
    assert_eq!(
        v.typing.as_ref().map(|t| t.text.to_string()).as_deref(),
        Some("GET /health")
    );
}

/// The short header's hints are chosen by action, not by their rendered key: a remapped help key
/// is hinted as what it now is.
#[test]
fn the_compact_header_hints_remapped_keys() {
    let mut h = Harness::new(100, 20);
    let remap = std::collections::BTreeMap::from([("help".to_string(), "f1".to_string())]);
    h.app.keymap.remap(&remap);
    let screen = h.screen();
    let first = screen.lines().next().unwrap_or_default();
    assert!(first.contains("<F1>help"), "{first}");
    assert!(!first.contains("<?>"), "{first}");
}

/// The `:` prompt remembers what was run: ↑ walks back, ↓ forward, past the newest an empty line.
#[test]
fn the_command_prompt_recalls_what_was_run() {
    let mut h = h();
    for line in ["svc prod-web", "tasks prod-web", "tasks prod-web"] {
        h.press(KeyCode::Char(':'));
        h.type_text(line);
        h.press(KeyCode::Enter);
    }
    assert_eq!(
        h.app.command_history,
        ["svc prod-web", "tasks prod-web"],
        "no repeats"
    );
    h.press(KeyCode::Char(':'));
    let text = |h: &Harness| match &h.app.mode {
        Mode::Command(p) => p.text.to_string(),
        other => panic!("the prompt: {other:?}"),
    };
    h.press(KeyCode::Up);
    assert_eq!(text(&h), "tasks prod-web");
    h.press(KeyCode::Up);
    assert_eq!(text(&h), "svc prod-web");
    h.press(KeyCode::Up);
    assert_eq!(text(&h), "svc prod-web", "the oldest stays");
    h.press(KeyCode::Down);
    assert_eq!(text(&h), "tasks prod-web");
    h.press(KeyCode::Down);
    assert_eq!(text(&h), "");
    h.press(KeyCode::Up);
    h.press(KeyCode::Enter);
    assert!(
        matches!(h.app.view().kind, ViewKind::Tasks { .. }),
        "the recalled command runs"
    );
}
