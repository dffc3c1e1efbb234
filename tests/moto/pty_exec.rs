//! ECS Exec in a pseudo-terminal: the real binary against moto (behind the test proxy, which
//! answers ExecuteCommand — moto does not implement it — and adds to DescribeTasks what moto
//! leaves out: enableExecuteCommand, the runtime id, the ExecuteCommandAgent), with a fake
//! `session-manager-plugin` first on PATH that records its arguments and environment, shows the
//! terminal's mode and reads a line typed into it. Proves the handoff as the AWS CLI makes it,
//! the terminal given back and the console redrawn after, and the audit record.

use crate::proxy::{Fault, FaultProxy, Rule};
use crate::pty::Session;
use portable_pty::CommandBuilder;
use std::path::Path;

const FAKE_PLUGIN: &str = r#"#!/bin/sh
if [ "$1" = "--version" ]; then echo "1.2.650.0"; exit 0; fi
out="$ECSDECK_FAKE_PLUGIN_OUT"
for a in "$@"; do printf '%s\n' "$a"; done > "$out.args"
printf '%s' "$AWS_SSM_START_SESSION_RESPONSE" > "$out.env"
stty -a > "$out.stty" 2>&1
printf 'FAKE SESSION OPEN, type a line: '
read line
printf '%s\n' "$line" > "$out.line"
exit 0
"#;

/// moto's tasks as ECS describes them with ECS Exec on.
fn with_exec(body: &str) -> String {
    let Ok(mut v) = serde_json::from_str::<serde_json::Value>(body) else {
        return body.to_string();
    };
    if let Some(tasks) = v.get_mut("tasks").and_then(|t| t.as_array_mut()) {
        for t in tasks {
            let id = t["taskArn"]
                .as_str()
                .and_then(|a| a.rsplit('/').next())
                .unwrap_or_default()
                .to_string();
            t["enableExecuteCommand"] = true.into();
            if let Some(cs) = t.get_mut("containers").and_then(|c| c.as_array_mut()) {
                for c in cs {
                    c["runtimeId"] = format!("{id}-rt").into();
                    c["managedAgents"] = serde_json::json!([
                        { "name": "ExecuteCommandAgent", "lastStatus": "RUNNING" }
                    ]);
                }
            }
        }
    }
    v.to_string()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn ecs_exec_hands_the_terminal_to_the_plugin_as_the_cli_does_and_takes_it_back() {
    let dir = std::env::temp_dir().join(format!("ecsdeck-exec-{}", std::process::id()));
    let bin = dir.join("bin");
    let state = dir.join("state");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::create_dir_all(&state).unwrap();
    let plugin = bin.join("session-manager-plugin");
    std::fs::write(&plugin, FAKE_PLUGIN).unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&plugin, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let out = dir.join("plugin");

    let proxy = FaultProxy::start(&crate::moto_url());
    let answer = serde_json::json!({
        "containerName": "svc-01",
        "interactive": true,
        "session": {
            "sessionId": "ecs-execute-command-0123456789abcdef0",
            "streamUrl": "wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/ecs-execute-command-0123456789abcdef0",
            "tokenValue": "TOKEN-OF-THE-TEST"
        }
    });
    proxy.set(vec![
        Rule::on(&["ExecuteCommand"], Fault::Answer(answer.to_string())),
        Rule::on(&["DescribeTasks"], Fault::Rewrite(with_exec)),
    ]);

    let _account = crate::sharing_the_account();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_ecsdeck"));
    cmd.args([
        "--endpoint-url",
        &proxy.url,
        "--region",
        "us-east-1",
        "-c",
        "tasks moto-web svc-01",
    ]);
    let path = std::env::var("PATH").unwrap_or_default();
    cmd.env("PATH", format!("{}:{path}", bin.display()));
    cmd.env("ECSDECK_FAKE_PLUGIN_OUT", out.to_str().unwrap());
    cmd.env("XDG_STATE_HOME", state.to_str().unwrap());
    let mut s = Session::spawn(cmd);
    s.wait_for("tasks(moto-web/svc-01)[1]");
    s.wait_for("FARGATE");

    s.keys("X");
    let screen = s.wait_for("ExecuteCommandAgent of svc-01: RUNNING");
    assert!(
        screen.contains(&format!("session-manager-plugin: {}", plugin.display())),
        "the plugin found on PATH: {screen}"
    );
    assert!(screen.contains("ECS Exec: on for this task"), "{screen}");
    assert!(screen.contains("command      /bin/sh"), "{screen}");

    s.keys("\r");
    let screen = s.wait_for("FAKE SESSION OPEN");
    assert!(
        !s.parser.lock().unwrap().screen().alternate_screen(),
        "the plugin has the normal screen: {screen}"
    );
    s.keys("typed into the session\r");
    let screen = s.wait_for("back from the ECS Exec session");
    assert!(
        s.parser.lock().unwrap().screen().alternate_screen(),
        "the console took the terminal back"
    );
    assert!(
        screen.contains("tasks(moto-web/svc-01)[1]") && screen.contains("FARGATE"),
        "and drew everything again: {screen}"
    );

    // The arguments, as `aws ecs execute-command` passes them to a plugin newer than 1.2.497.0.
    let args: Vec<String> = read(&out.with_extension("args"))
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(args.len(), 6, "{args:?}");
    assert_eq!(args[0], "AWS_SSM_START_SESSION_RESPONSE");
    assert_eq!(args[1], "us-east-1");
    assert_eq!(args[2], "StartSession");
    assert_eq!(args[3], "", "no profile");
    let target: serde_json::Value = serde_json::from_str(&args[4]).expect("parameters JSON");
    let target = target["Target"].as_str().expect("Target").to_string();
    let rest = target
        .strip_prefix("ecs:moto-web_")
        .expect("ecs:CLUSTER_TASK_RUNTIME");
    let (task, runtime) = rest.split_once('_').expect("task and runtime id");
    assert_eq!(
        runtime,
        format!("{task}-rt"),
        "the runtime id DescribeTasks gave"
    );
    assert_eq!(args[5], proxy.url, "the endpoint the console talks to");
    let session: serde_json::Value =
        serde_json::from_str(&read(&out.with_extension("env"))).expect("the session JSON");
    assert_eq!(
        session,
        serde_json::json!({
            "sessionId": "ecs-execute-command-0123456789abcdef0",
            "streamUrl": "wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/ecs-execute-command-0123456789abcdef0",
            "tokenValue": "TOKEN-OF-THE-TEST"
        })
    );
    assert_eq!(
        read(&out.with_extension("line")),
        "typed into the session\n"
    );
    let stty = read(&out.with_extension("stty"));
    assert!(
        stty.contains(" icanon") && stty.contains(" echo") && !stty.contains("-icanon"),
        "the plugin got the terminal out of raw mode: {stty}"
    );

    // What was sent: an interactive /bin/sh in the container chosen.
    let sent = proxy.bodies("ExecuteCommand");
    assert_eq!(sent.len(), 1, "{sent:?}");
    let sent: serde_json::Value = serde_json::from_str(&sent[0]).unwrap();
    assert_eq!(sent["command"], "/bin/sh");
    assert_eq!(sent["container"], "svc-01");
    assert_eq!(sent["interactive"], true);
    assert_eq!(sent["cluster"], "moto-web");
    assert!(sent["task"].as_str().unwrap().ends_with(task), "{sent}");

    // The console works after: keys reach it again.
    s.keys(":api\r");
    let screen = s.wait_for("ExecuteCommand");
    assert!(screen.contains("session ecs-execute-command-"), "{screen}");
    s.keys("q");
    s.wait_exit();
    s.assert_restored();

    // Audited: who, which task, which command — and never the token.
    let audit = read(&state.join("ecsdeck").join("audit.log"));
    let lines: Vec<serde_json::Value> = audit
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let exec: Vec<_> = lines
        .iter()
        .filter(|l| l["action"] == "execute-command")
        .collect();
    assert_eq!(exec.len(), 2, "attempt and outcome: {audit}");
    assert_eq!(exec[1]["outcome"], "ok");
    assert_eq!(exec[1]["parameters"]["command"], "/bin/sh");
    assert_eq!(exec[1]["parameters"]["container"], "svc-01");
    assert!(exec[1]["targets"][0].as_str().unwrap().ends_with(task));
    assert!(!audit.contains("TOKEN-OF-THE-TEST"));
    let _ = std::fs::remove_dir_all(&dir);
}
