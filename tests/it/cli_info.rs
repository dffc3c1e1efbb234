//! `ecsdeck info` prints every path the console reads and writes, and what is wrong with the
//! config file — the same paths the console uses.

use std::path::PathBuf;
use std::process::Command;

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ecsdeck-info-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn info_prints_every_path_and_config_warnings() {
    let root = temp("xdg");
    std::fs::create_dir_all(root.join("config/ecsdeck")).unwrap();
    std::fs::write(
        root.join("config/ecsdeck/config.toml"),
        "theme = \"light\"\nthemee = \"dark\"\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ecsdeck"))
        .arg("info")
        .env_clear()
        .env("HOME", root.join("home"))
        .env("XDG_CONFIG_HOME", root.join("config"))
        .env("XDG_STATE_HOME", root.join("state"))
        .env("XDG_DATA_HOME", root.join("data"))
        .output()
        .expect("run");
    assert!(out.status.success());
    let r = root.display();
    let expected = format!(
        "ecsdeck {}\n\
         config      {r}/config/ecsdeck/config.toml (found)\n\
         themes      bundled: default, light, high-contrast, mono\n\
         \x20           user: {r}/data/ecsdeck/themes/NAME.toml\n\
         audit log   {r}/state/ecsdeck/audit.log\n\
         log file    off (--log-file or ECSDECK_LOG)\n\
         saved logs  the working directory (Ctrl-S in a logs view)\n\
         access      read-write: changes are confirmed and audited\n\
         events      own subscription: rule ecsdeck-…, log group /aws/events/ecsdeck-…, removed on exit (see docs/events.md)\n\
         metrics     on: CloudWatch GetMetricData every 60 s while a services or running-tasks view is on screen, 2 metrics a service or task (at most 250 tasks, around the selection), billed per metric requested (metrics = false turns it off)\n\
         targets     DescribeTargetHealth every 15 s, one call a target group of the load-balanced services on screen (refresh.targets)\n\
         warning     {r}/config/ecsdeck/config.toml:2: unknown key `themee` (ignored)\n",
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), expected);

    let flagged = Command::new(env!("CARGO_BIN_EXE_ecsdeck"))
        .args(["info", "--config", "/nonexistent/ecsdeck.toml"])
        .env("ECSDECK_CONFIG", "/also/not/here.toml")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&flagged.stdout);
    assert!(
        text.contains("config      /nonexistent/ecsdeck.toml (not found: the defaults apply)"),
        "--config wins: {text}"
    );
    let env_only = Command::new(env!("CARGO_BIN_EXE_ecsdeck"))
        .arg("info")
        .env("ECSDECK_CONFIG", "/also/not/here.toml")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&env_only.stdout).contains("config      /also/not/here.toml"));
}

/// Defect: `ecsdeck info` ignored `--readonly` and said an own subscription would be created.
#[test]
fn info_honours_readonly() {
    for args in [["--readonly", "info"], ["info", "--readonly"]] {
        let out = Command::new(env!("CARGO_BIN_EXE_ecsdeck"))
            .args(args)
            .env("ECSDECK_CONFIG", "/nonexistent/ecsdeck.toml")
            .output()
            .expect("run");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{args:?}: {text}");
        assert!(text.contains("access      read-only"), "{args:?}: {text}");
        assert!(
            text.contains("events      off: read-only, and no shared events.log_group"),
            "{args:?}: {text}"
        );
    }
}

/// Started without a terminal (output into a pipe), it says so in one sentence and exits 2,
/// writing nothing to standard output — no escape codes into a pipe.
#[test]
fn without_a_terminal_it_says_so_and_exits_2() {
    let out = Command::new(env!("CARGO_BIN_EXE_ecsdeck"))
        .arg("--demo")
        .env("ECSDECK_CONFIG", "/nonexistent/ecsdeck.toml")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        out.stdout.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("not a terminal"), "{err}");
}

/// Shell completions and the manual page come from the same definitions as the flags, and work
/// into a pipe (no terminal needed).
#[test]
fn completions_and_the_man_page_are_generated_from_the_flags() {
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_ecsdeck"))
            .args(args)
            .output()
            .expect("run");
        assert!(out.status.success(), "{args:?}: {out:?}");
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let bash = run(&["completions", "bash"]);
    assert!(
        bash.contains("_ecsdeck()") && bash.contains("--readonly") && bash.contains("--demo-tasks")
    );
    let zsh = run(&["completions", "zsh"]);
    assert!(zsh.contains("#compdef ecsdeck") && zsh.contains("--endpoint-url"));
    let fish = run(&["completions", "fish"]);
    assert!(fish.contains("complete -c ecsdeck") && fish.contains("headless"));
    let man = run(&["man"]);
    assert!(man.contains(".TH ecsdeck 1"), "{man}");
    assert!(
        man.contains("\\-\\-readonly") && man.contains("completions"),
        "{man}"
    );
}
