//! The audit log: every attempted change, as JSON lines (time, identity, region, cluster, action,
//! targets, parameters, outcome), appended to `$XDG_STATE_HOME/ecsdeck/audit.log` (mode 0600).
//! Each change writes two: `"phase": "attempt"` before anything is sent, so a change the console
//! did not live to finish is still on record, and `"phase": "outcome"` after.

use crate::model::{Mutation, MutationResult, Timestamp};
use serde_json::json;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct AuditLog {
    path: PathBuf,
    /// Who acted: the AWS profile (or `demo`) and the local user.
    identity: String,
    region: String,
}

impl AuditLog {
    pub fn new(path: PathBuf, identity: String, region: String) -> Self {
        Self {
            path,
            identity,
            region,
        }
    }

    /// `$XDG_STATE_HOME/ecsdeck/audit.log` (`~/.local/state/ecsdeck/audit.log`).
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "ecsdeck")
            .and_then(|d| d.state_dir().map(|s| s.join("audit.log")))
    }

    pub fn path(&self) -> &PathBuf {
        &self.path
    }

    /// The JSON line written before a change is sent.
    pub fn attempt_line(&self, mutation: &Mutation, at: Timestamp) -> String {
        json!({
            "time": at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            "phase": "attempt",
            "identity": self.identity,
            "region": self.region,
            "cluster": mutation.cluster(),
            "action": mutation.action(),
            "targets": mutation.targets(),
            "parameters": mutation.parameters(),
            "outcome": "attempted",
        })
        .to_string()
    }

    /// Record that a change is about to be sent.
    pub fn attempt(&self, mutation: &Mutation, at: Timestamp) -> Result<(), String> {
        self.write_line(&self.attempt_line(mutation, at))
    }

    /// The JSON line for one attempt's outcome.
    pub fn line(&self, result: &MutationResult) -> String {
        let m = &result.mutation;
        let errors: serde_json::Map<String, serde_json::Value> = result
            .failed
            .iter()
            .map(|(t, e)| (t.clone(), json!(e)))
            .collect();
        json!({
            "time": result.at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            "phase": "outcome",
            "identity": self.identity,
            "region": self.region,
            "cluster": m.cluster(),
            "action": m.action(),
            "targets": m.targets(),
            "parameters": m.parameters(),
            "outcome": result.outcome(),
            "errors": errors,
        })
        .to_string()
    }

    /// Append one attempt's outcome. An unwritable log is an error the caller shows; it never
    /// panics.
    pub fn append(&self, result: &MutationResult) -> Result<(), String> {
        self.write_line(&self.line(result))
    }

    fn write_line(&self, line: &str) -> Result<(), String> {
        let write = || -> std::io::Result<()> {
            if let Some(dir) = self.path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let mut f = crate::files::private_append(&self.path)?;
            writeln!(f, "{line}")
        };
        write().map_err(|e| format!("cannot write the audit log {}: {e}", self.path.display()))
    }
}

/// The local user, for the audit log and the default stop reason.
pub fn local_user() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "unknown".into());
    let host = std::fs::read_to_string("/etc/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_default();
    if host.is_empty() {
        user
    } else {
        format!("{user}@{host}")
    }
}
