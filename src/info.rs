//! `ecsdeck info`: every path the console reads and writes.

use ecsdeck::audit::AuditLog;
use ecsdeck::config::file::Loaded;
use std::path::Path;

/// `readonly` is `--readonly` or `readonly = true` in the config: what the console would run as.
pub fn render(config: &Loaded, log_file: Option<&Path>, readonly: bool) -> String {
    let state = if config.found {
        "found"
    } else {
        "not found: the defaults apply"
    };
    let audit = AuditLog::default_path().map_or_else(
        || "unavailable (no home directory)".into(),
        |p| p.display().to_string(),
    );
    let themes = ecsdeck::config::theme::user_theme_dir()
        .map_or_else(|| "unavailable".into(), |p| p.display().to_string());
    let log = log_file.map_or_else(
        || "off (--log-file or ECSDECK_LOG)".into(),
        |p| p.display().to_string(),
    );
    let mut out = format!("ecsdeck {}\n", env!("CARGO_PKG_VERSION"));
    out += &format!("config      {} ({state})\n", config.path.display());
    out += &format!(
        "themes      bundled: {}\n",
        ecsdeck::config::theme::BUNDLED
            .iter()
            .map(|(n, _)| *n)
            .collect::<Vec<_>>()
            .join(", ")
    );
    out += &format!("            user: {themes}/NAME.toml\n");
    out += &format!("audit log   {audit}\n");
    out += &format!("log file    {log}\n");
    let c = &config.config;
    let saves = c.logs.save_dir.as_ref().map_or_else(
        || "the working directory".into(),
        |p| p.display().to_string(),
    );
    out += &format!("saved logs  {saves} (Ctrl-S in a logs view)\n");
    use ecsdeck::subscription::{decide, Source};
    out += &format!(
        "access      {}\n",
        if readonly {
            "read-only: no change can be made, nothing is created"
        } else {
            "read-write: changes are confirmed and audited"
        }
    );
    let events = match decide(c.events.mode, c.events.log_group.as_deref(), readonly) {
        Source::Off(why) => format!("off: {why}"),
        Source::Shared(g) => format!("read {g} (shared)"),
        Source::Own => format!(
            "own subscription: rule ecsdeck-…, log group /aws/events/ecsdeck-…, {} on exit",
            if c.events.keep { "kept" } else { "removed" }
        ),
    };
    out += &format!("events      {events} (see docs/events.md)\n");
    out += &if c.metrics {
        format!(
            "metrics     on: CloudWatch GetMetricData every {} s while a services or running-tasks view is on screen, 2 metrics a service or task (at most 250 tasks, around the selection), billed per metric requested (metrics = false turns it off)\n",
            c.refresh.metrics.max(60)
        )
    } else {
        "metrics     off (metrics = false): no CloudWatch calls\n".to_string()
    };
    out += &format!(
        "targets     DescribeTargetHealth every {} s, one call a target group of the load-balanced services on screen (refresh.targets)\n",
        c.refresh.targets.max(5)
    );
    for w in &config.warnings {
        out += &format!("warning     {w}\n");
    }
    out
}
