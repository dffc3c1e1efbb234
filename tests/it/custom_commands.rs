//! Custom commands (`[[commands]]`) end to end on the simulator: read from a config text, bound
//! where they say, placeholders filled from the selected row — each inside its own argument, so
//! a value with spaces and `;` reaches the program as one argument — run in the background with
//! their output in a pane, asked first when they say so, and absent in read-only mode when they
//! change the account.

use crate::common::select;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ecsdeck::app::dialog::Dialog;
use ecsdeck::app::{Effect, Mode, Msg};
use ecsdeck::config::file;
use ecsdeck::harness::Harness;
use ecsdeck::model::{Service, Task};

const CONFIG: &str = r#"
[[commands]]
name = "args"
key = "ctrl-e"
views = ["tasks"]
command = "printf '[%s]\n' $CLUSTER $SERVICE $TASK $PROFILE"

[[commands]]
name = "restart"
key = "ctrl-t"
views = ["services"]
command = ["printf", "restarting %s\n", "$SERVICE"]
confirm = true
mutates = true

[[commands]]
name = "clash"
key = "l"
views = ["tasks"]
command = "printf x"
"#;

fn with_commands(mut h: Harness) -> (Harness, Vec<String>) {
    let (config, mut warnings) = file::parse(CONFIG, "config.toml");
    assert_eq!(config.commands.len(), 3, "{warnings:?}");
    warnings.extend(h.app.install_commands(&config.commands, "config.toml"));
    (h, warnings)
}

fn ctrl(h: &mut Harness, c: char) {
    h.send(Msg::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )));
}

fn output(h: &Harness) -> Vec<String> {
    match &h.app.mode {
        Mode::Output(s) => s.text.lines.clone(),
        other => panic!("not the output pane: {other:?}"),
    }
}

#[test]
fn placeholders_become_separate_arguments_and_the_output_fills_a_pane() {
    let (mut h, warnings) = with_commands(Harness::new(120, 40));
    assert_eq!(
        warnings,
        ["config.toml:18:7: command `clash`: `l` is already `logs of the task, container or service (live)` in tasks; left out"]
    );
    h.app.profile = Some("prod; rm -rf / \"x\"".into());
    h.command("tasks prod-web");
    select::<Task>(&mut h, |t| t.service_name() == Some("checkout"));
    let task = h
        .app
        .view()
        .rows::<Task>()
        .and_then(|t| t.selected_live())
        .map(|t| t.id().to_string())
        .expect("a task");
    ctrl(&mut h, 'e');
    assert!(
        h.wait_real(
            5_000,
            |app| matches!(&app.mode, Mode::Output(s) if s.done.is_some())
        ),
        "the command ran"
    );
    assert_eq!(
        output(&h),
        [
            "[prod-web]".to_string(),
            "[checkout]".into(),
            format!("[{task}]"),
            "[prod; rm -rf / \"x\"]".into(),
        ],
        "one argument each, the one with spaces and ; too"
    );
    let screen = h.screen();
    assert!(screen.contains("args: printf"), "{screen}");
    assert!(screen.contains("exit 0"), "{screen}");
    h.press(KeyCode::Esc);
    assert!(matches!(h.app.mode, Mode::Normal));
    assert!(
        h.audit_all().is_empty(),
        "a command that changes nothing is not a change: {:?}",
        h.audit_all()
    );
}

#[test]
fn a_command_that_asks_shows_every_argument_first() {
    let (mut h, _) = with_commands(Harness::new(120, 40));
    h.command("svc prod-web");
    select::<Service>(&mut h, |s| s.name == "search");
    ctrl(&mut h, 't');
    match &h.app.mode {
        Mode::Dialog(Dialog::Run(d)) => {
            assert_eq!(d.argv, ["printf", "restarting %s\n", "search"]);
            assert!(d.mutates);
        }
        other => panic!("the confirmation: {other:?}"),
    }
    let screen = h.screen();
    assert!(
        screen.contains("Run restart") && screen.contains("it changes the account"),
        "{screen}"
    );
    h.press(KeyCode::Char('n'));
    assert!(matches!(h.app.mode, Mode::Normal), "declined: nothing ran");
    assert!(h.audit_all().is_empty(), "declined: nothing on record");
    ctrl(&mut h, 't');
    h.press(KeyCode::Char('y'));
    assert!(h.wait_real(
        5_000,
        |app| matches!(&app.mode, Mode::Output(s) if s.done.is_some())
    ));
    assert_eq!(output(&h), ["restarting search"]);
    // It changes the account: audited like every change, before it ran and after.
    let lines: Vec<serde_json::Value> = h
        .audit_all()
        .iter()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0]["phase"], "attempt");
    assert_eq!(lines[1]["phase"], "outcome");
    for l in &lines {
        assert_eq!(l["action"], "custom-command");
        assert_eq!(l["cluster"], "prod-web");
        assert_eq!(l["targets"], serde_json::json!(["restart"]));
        assert_eq!(
            l["parameters"]["argv"],
            serde_json::json!(["printf", "restarting %s\n", "search"])
        );
    }
    assert_eq!(lines[1]["outcome"], "ok");
    h.press(KeyCode::Esc);
    h.command("audit");
    let screen = h.screen();
    assert!(
        screen
            .lines()
            .any(|l| l.contains("run the custom command `restart`") && l.contains(" ok ")),
        "{screen}"
    );
}

#[test]
fn a_read_only_console_has_no_mutating_command() {
    let (mut h, _) = with_commands(Harness::read_only(120, 40));
    h.command("svc prod-web");
    ctrl(&mut h, 't');
    assert!(matches!(h.app.mode, Mode::Normal), "{:?}", h.app.mode);
    assert!(h.screen().contains("read-only"), "{}", h.screen());
    // The one that only reads is there.
    h.command("tasks prod-web");
    ctrl(&mut h, 'e');
    assert!(matches!(h.app.mode, Mode::Output(_)));
}

#[test]
fn a_placeholder_this_row_has_not_is_said_and_nothing_runs() {
    let (mut h, _) = with_commands(Harness::new(120, 40));
    h.app.commands[0].argv = vec!["printf".into(), "$CONTAINER".into()];
    h.command("tasks prod-web");
    ctrl(&mut h, 'e');
    assert!(matches!(h.app.mode, Mode::Normal));
    assert!(
        h.screen().contains("`args` needs $CONTAINER"),
        "{}",
        h.screen()
    );
}

#[test]
fn closing_the_pane_of_a_running_command_stops_it() {
    let (mut h, _) = with_commands(Harness::new(120, 40));
    h.app.commands[0].argv = vec!["sleep".into(), "30".into()];
    h.command("tasks prod-web");
    ctrl(&mut h, 'e');
    let id = match &h.app.mode {
        Mode::Output(s) => s.id,
        other => panic!("{other:?}"),
    };
    assert!(h.screen().contains("running…"), "{}", h.screen());
    let effects = h
        .app
        .update(Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)));
    assert!(
        effects.contains(&Effect::StopCommand(id)),
        "the running program is stopped with its pane: {effects:?}"
    );
    assert!(matches!(h.app.mode, Mode::Normal));
}
