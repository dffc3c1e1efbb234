//! ECS Exec on the simulator: the prerequisites checked before ExecuteCommand (plugin, ECS Exec
//! on for the task, its agent), `E` turning it on for the service (which only new tasks get),
//! the demo account's plain answer, the session handed on from a successful ExecuteCommand, and
//! a read-only console that has no `X`.

use crate::common::select;
use crossterm::event::KeyCode;
use ecsdeck::app::dialog::Dialog;
use ecsdeck::app::{Mode, Msg};
use ecsdeck::harness::Harness;
use ecsdeck::model::{ExecSession, Mutation, MutationResult, Task};

fn fake_plugin() -> Option<std::path::PathBuf> {
    Some("/opt/aws/bin/session-manager-plugin".into())
}

fn exec_dialog(h: &Harness) -> &ecsdeck::app::dialog::ExecDialog {
    match &h.app.mode {
        Mode::Dialog(Dialog::Exec(d)) => d,
        other => panic!("not the exec dialog: {other:?}"),
    }
}

/// The dialog's checks, one line each, with the keys as bound.
fn checks(h: &Harness) -> String {
    exec_dialog(h)
        .checks("E", "r")
        .iter()
        .map(|c| format!("{} {}", if c.ok { "ok" } else { "MISSING" }, c.text))
        .collect::<Vec<_>>()
        .join("\n")
}

fn running_of(h: &mut Harness, service: &str) {
    select::<Task>(h, |t| {
        t.service_name() == Some(service) && t.last_status == "RUNNING"
    });
}

#[test]
fn a_task_without_ecs_exec_says_how_to_turn_it_on_and_e_does_it_for_new_tasks() {
    let mut h = Harness::new(120, 40);
    h.app.find_plugin = fake_plugin;
    h.command("tasks prod-batch");
    running_of(&mut h, "report-generator");
    h.press(KeyCode::Char('X'));
    let screen = h.screen();
    let said = checks(&h);
    assert!(
        said.contains("MISSING ECS Exec is off for this task (enableExecuteCommand false): E turns it on for service report-generator"),
        "{said}"
    );
    assert!(said.contains("only tasks started after that"), "{said}");
    assert!(
        said.contains("ok session-manager-plugin: /opt/aws/bin/session-manager-plugin"),
        "{said}"
    );
    assert!(
        screen.contains("✗ ECS Exec is off for this task"),
        "{screen}"
    );
    assert!(
        screen.contains("E: turn ECS Exec on for the service"),
        "{screen}"
    );
    assert!(
        !screen.contains("command      /bin/sh"),
        "no command while blocked"
    );
    // Enter is refused with the reason; nothing is sent.
    h.press(KeyCode::Enter);
    assert!(h.mutations.is_empty());
    assert!(exec_dialog(&h)
        .error
        .as_deref()
        .unwrap_or_default()
        .contains("ECS Exec is off"));

    h.press(KeyCode::Char('E'));
    assert!(
        h.screen()
            .contains("UpdateService(enableExecuteCommand=true)"),
        "{}",
        h.screen()
    );
    h.press(KeyCode::Char('y'));
    assert_eq!(
        h.mutations,
        vec![Mutation::EnableExec {
            cluster: "prod-batch".into(),
            service: "report-generator".into()
        }]
    );
    h.advance(2);
    assert!(h
        .audit_lines()
        .iter()
        .any(|l| l.contains("enable-execute-command")));
    // The running task still cannot be entered; the service has it on now.
    h.command("svc prod-batch");
    h.command("tasks prod-batch");
    running_of(&mut h, "report-generator");
    h.press(KeyCode::Char('X'));
    let said = checks(&h);
    assert!(
        said.contains("MISSING ECS Exec was off when this task started; service report-generator has it on now"),
        "{said}"
    );
    assert!(
        !h.screen().contains("E: turn ECS Exec on"),
        "not offered again"
    );
}

#[test]
fn every_missing_prerequisite_is_one_line_with_the_fix() {
    let mut h = Harness::new(120, 40);
    h.command("tasks prod-web");
    select::<Task>(&mut h, |t| {
        t.enable_execute_command && t.last_status == "RUNNING"
    });
    h.press(KeyCode::Char('X'));
    let said = checks(&h);
    assert!(
        said.contains("MISSING session-manager-plugin is not on PATH: install it (https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html), then press X again"),
        "{said}"
    );
    assert!(said.contains("ok ECS Exec: on for this task"), "{said}");
    assert!(h
        .screen()
        .contains("✗ session-manager-plugin is not on PATH"));
    h.press(KeyCode::Esc);

    // A task whose agent has not started yet.
    h.app.find_plugin = fake_plugin;
    h.command("svc prod-web");
    select::<ecsdeck::model::Service>(&mut h, |s| s.name == "search");
    h.press(KeyCode::Char('r'));
    h.press(KeyCode::Char('y'));
    h.advance(1);
    h.command("tasks prod-web");
    select::<Task>(&mut h, |t| {
        t.service_name() == Some("search") && t.last_status != "RUNNING"
    });
    h.press(KeyCode::Char('X'));
    let said = checks(&h);
    assert!(
        said.contains("is PENDING: it starts with the container; try again in a few seconds"),
        "{said}"
    );
    assert!(
        said.contains("only a RUNNING task can be entered"),
        "{said}"
    );
    assert!(!said.contains("MISSING session-manager-plugin"), "{said}");
}

#[test]
fn the_demo_account_answers_exec_plainly() {
    let mut h = Harness::new(120, 40);
    h.app.demo = true;
    h.command("tasks prod-web");
    select::<Task>(&mut h, |t| {
        t.enable_execute_command && t.last_status == "RUNNING"
    });
    h.press(KeyCode::Char('X'));
    assert!(h
        .screen()
        .contains("not needed (the demo account opens no session)"));
    // Another command than the shell, typed over it.
    h.ctrl('u');
    h.type_text("ls -la /app");
    h.press(KeyCode::Enter);
    match h.mutations.as_slice() {
        [Mutation::Exec {
            command, container, ..
        }] => {
            assert_eq!(command, "ls -la /app");
            assert!(!container.is_empty());
        }
        other => panic!("{other:?}"),
    }
    h.advance(1);
    let said = h
        .app
        .status
        .history()
        .map(|m| m.text.clone())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        said.contains("ECS Exec failed: the demo account has no containers to enter"),
        "{said}"
    );
    assert!(h.app.handoff.is_none(), "no session to hand on");
    let audit = h.audit_all().join("\n");
    assert!(audit.contains("\"action\":\"execute-command\""), "{audit}");
    assert!(audit.contains("ls -la /app"), "{audit}");
}

#[test]
fn a_session_opened_is_handed_on_and_not_kept() {
    let mut h = Harness::new(120, 40);
    let session = ExecSession {
        session_json: ExecSession::session_json("s-1", "wss://x", "SECRET"),
        target: "ecs:prod-web_abc_abc-1".into(),
        region: "us-east-1".into(),
        profile: String::new(),
        endpoint: "https://ecs.us-east-1.amazonaws.com".into(),
        label: "prod-web/abc/web `/bin/sh`".into(),
    };
    h.app.changes_in_flight = 1;
    h.send(Msg::Mutated {
        result: MutationResult {
            mutation: Mutation::Exec {
                cluster: "prod-web".into(),
                task: "arn:aws:ecs:us-east-1:123456789012:task/prod-web/abc".into(),
                container: "web".into(),
                command: "/bin/sh".into(),
            },
            at: h.app.now,
            failed: Vec::new(),
            session: Some(session.clone()),
        },
        audit_error: None,
    });
    assert_eq!(
        h.app.handoff.as_ref(),
        Some(&ecsdeck::app::Handoff::Exec(session.clone())),
        "the loop hands the terminal over"
    );
    assert!(
        h.app.audit.iter().all(|r| r.session.is_none()),
        "the token is not kept"
    );
    h.app.handoff = None;
    h.send(Msg::HandedBack(Ok(
        "the ECS Exec session prod-web/abc/web `/bin/sh` (exit 0)".into(),
    )));
    assert!(
        h.screen().contains("back from the ECS Exec session"),
        "{}",
        h.screen()
    );
    h.send(Msg::HandedBack(Err(
        "ECS Exec: could not start session-manager-plugin: denied".into(),
    )));
    assert!(
        h.screen().contains("ECS Exec: could not start"),
        "{}",
        h.screen()
    );
}

#[test]
fn a_read_only_console_has_no_exec() {
    let mut h = Harness::read_only(120, 40);
    h.app.find_plugin = fake_plugin;
    h.command("tasks prod-web");
    select::<Task>(&mut h, |t| {
        t.enable_execute_command && t.last_status == "RUNNING"
    });
    h.press(KeyCode::Char('X'));
    assert!(matches!(h.app.mode, Mode::Normal));
    assert!(h.mutations.is_empty());
    assert!(h.screen().contains("read-only"), "{}", h.screen());
}
