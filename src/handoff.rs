//! Handing the terminal to `session-manager-plugin` for an ECS Exec session, exactly as the AWS
//! CLI does (`aws ecs execute-command`): the plugin is asked its version first; a plugin newer
//! than 1.2.497.0 gets the session JSON in the `AWS_SSM_START_SESSION_RESPONSE` environment
//! variable and that variable's name as its first argument, an older one the JSON itself; then
//! the region, `StartSession`, the profile ("" for none), `{"Target": "ecs:CLUSTER_TASK_RUNTIME"}`
//! and the ECS endpoint. Each is one argument: nothing passes through a shell.

use crate::model::ExecSession;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const PLUGIN: &str = "session-manager-plugin";
/// The environment variable newer plugins read the session from.
pub const SESSION_ENV: &str = "AWS_SSM_START_SESSION_RESPONSE";
/// The last plugin version that takes the session JSON as an argument only.
const LAST_WITHOUT_ENV: [u64; 4] = [1, 2, 497, 0];

/// `session-manager-plugin` on PATH, if it is there.
pub fn find_plugin() -> Option<PathBuf> {
    find_in(std::env::var_os("PATH")?.as_os_str(), PLUGIN)
}

/// Whether a program can be started: a path to an executable file, or a name on PATH.
pub fn is_program(program: &str) -> bool {
    if program.contains('/') {
        return is_executable(Path::new(program));
    }
    std::env::var_os("PATH").is_some_and(|path| find_in(&path, program).is_some())
}

/// An executable file called `name` in one of the directories of `path`.
pub fn find_in(path: &OsStr, name: &str) -> Option<PathBuf> {
    std::env::split_paths(path)
        .map(|dir| dir.join(name))
        .find(|p| is_executable(p))
}

fn is_executable(p: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(p) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

/// Whether a version (`1.2.650.0`) is newer than `than`; what cannot be read is not.
pub fn newer_than(version: &str, than: [u64; 4]) -> bool {
    let mut parts = version.trim().split('.').map(|p| p.trim().parse::<u64>());
    let mut v = [0u64; 4];
    for slot in &mut v {
        match parts.next() {
            Some(Ok(n)) => *slot = n,
            Some(Err(_)) => return false,
            None => break,
        }
    }
    v > than
}

/// The plugin's command line and environment for a session, given its version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    pub program: PathBuf,
    pub args: Vec<String>,
    /// Added to the console's environment (the session, for newer plugins).
    pub env: Vec<(String, String)>,
}

pub fn invocation(program: PathBuf, session: &ExecSession, version: Option<&str>) -> Invocation {
    let by_env = version.is_some_and(|v| newer_than(v, LAST_WITHOUT_ENV));
    let (first, env) = if by_env {
        (
            SESSION_ENV.to_string(),
            vec![(SESSION_ENV.to_string(), session.session_json.clone())],
        )
    } else {
        (session.session_json.clone(), Vec::new())
    };
    Invocation {
        program,
        args: vec![
            first,
            session.region.clone(),
            "StartSession".into(),
            session.profile.clone(),
            session.parameters_json(),
            session.endpoint.clone(),
        ],
        env,
    }
}

/// `session-manager-plugin --version`, as the CLI asks before it starts a session.
pub fn plugin_version(program: &Path) -> Option<String> {
    let out = Command::new(program).arg("--version").output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Find the plugin, ask its version and run it on this terminal until it exits. Blocks: call
/// it with the terminal restored and the console's input paused. Returns how it ended.
pub fn run(session: &ExecSession) -> Result<String, String> {
    let program = find_plugin().ok_or_else(|| {
        format!(
            "ECS Exec: {PLUGIN} is not on PATH: install it ({}) and try again",
            crate::app::dialog::PLUGIN_URL
        )
    })?;
    let version = plugin_version(&program);
    let inv = invocation(program, session, version.as_deref());
    let status = Command::new(&inv.program)
        .args(&inv.args)
        .envs(inv.env.iter().map(|(k, v)| (k, v)))
        .status()
        .map_err(|e| format!("ECS Exec: could not start {}: {e}", inv.program.display()))?;
    Ok(ended(
        &format!("the ECS Exec session {}", session.label),
        status,
    ))
}

/// Run a custom command on this terminal until it exits (the terminal restored, input paused).
pub fn run_program(label: &str, argv: &[String]) -> Result<String, String> {
    let (program, args) = argv
        .split_first()
        .ok_or_else(|| format!("`{label}`: nothing to run"))?;
    let status = Command::new(program)
        .args(args)
        .status()
        .map_err(|e| format!("`{label}`: could not start {program}: {e}"))?;
    Ok(ended(&format!("`{label}`"), status))
}

fn ended(what: &str, status: std::process::ExitStatus) -> String {
    match status.code() {
        Some(0) => format!("{what} (exit 0)"),
        Some(n) => format!("{what} (exit {n})"),
        None => format!("{what} (ended by a signal)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session() -> ExecSession {
        ExecSession {
            session_json: ExecSession::session_json("s-1", "wss://ssm/s-1", "tok"),
            target: "ecs:prod-web_abc_abc-123".into(),
            region: "eu-west-1".into(),
            profile: String::new(),
            endpoint: "https://ecs.eu-west-1.amazonaws.com".into(),
            label: "prod-web/abc/web `/bin/sh`".into(),
        }
    }

    #[test]
    fn versions_compare_by_number_not_by_text() {
        assert!(newer_than("1.2.650.0", LAST_WITHOUT_ENV));
        assert!(newer_than("1.10.0.0\n", LAST_WITHOUT_ENV));
        assert!(!newer_than("1.2.497.0", LAST_WITHOUT_ENV));
        assert!(!newer_than("1.2.463.0", LAST_WITHOUT_ENV));
        assert!(!newer_than("not a version", LAST_WITHOUT_ENV));
        assert!(newer_than("2", LAST_WITHOUT_ENV));
    }

    #[test]
    fn a_new_plugin_reads_the_session_from_the_environment() {
        let inv = invocation("/bin/p".into(), &session(), Some("1.2.650.0"));
        assert_eq!(
            inv.args,
            vec![
                SESSION_ENV.to_string(),
                "eu-west-1".into(),
                "StartSession".into(),
                String::new(),
                r#"{"Target":"ecs:prod-web_abc_abc-123"}"#.into(),
                "https://ecs.eu-west-1.amazonaws.com".into(),
            ]
        );
        assert_eq!(
            inv.env,
            vec![(SESSION_ENV.to_string(), session().session_json)]
        );
    }

    #[test]
    fn an_old_plugin_takes_the_session_as_its_first_argument() {
        for version in [Some("1.2.497.0"), None] {
            let inv = invocation("/bin/p".into(), &session(), version);
            assert_eq!(inv.args[0], session().session_json);
            assert!(inv.env.is_empty());
        }
    }

    #[test]
    fn only_executable_files_are_found() {
        let dir = std::env::temp_dir().join(format!("ecsdeck-plugin-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let plugin = dir.join(PLUGIN);
        std::fs::write(&plugin, "#!/bin/sh\n").unwrap();
        let path = std::env::join_paths([Path::new("/nonexistent"), &dir]).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&plugin, std::fs::Permissions::from_mode(0o644)).unwrap();
            assert_eq!(find_in(&path, PLUGIN), None, "not executable");
            std::fs::set_permissions(&plugin, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        assert_eq!(find_in(&path, PLUGIN), Some(plugin));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
