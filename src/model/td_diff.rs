//! What changed between two task definitions, field by field: per container (image, command,
//! entry point, cpu/memory, environment by name, secrets' sources, ports, health check, log
//! configuration, essential, depends-on) and for the task (cpu/memory, roles, network mode,
//! volumes, runtime platform, compatibilities). The values of secret-looking environment
//! variables never appear: a change to one says "changed". Unchanged fields are kept (as
//! `Same`) so a screen can fold or show them.

use super::{family_revision, redact_urls, secret_name, short_image, ContainerDefinition};
use super::{TaskDefinition, URL_MASK};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// A section heading (the task, a container).
    Heading,
    Added,
    Removed,
    Changed,
    Same,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffLine {
    pub change: Change,
    /// Indented under a heading.
    pub nested: bool,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TdDiff {
    /// `family:40`
    pub from: String,
    pub to: String,
    pub lines: Vec<DiffLine>,
}

impl TdDiff {
    /// How many fields differ.
    pub fn changes(&self) -> usize {
        self.lines
            .iter()
            .filter(|l| matches!(l.change, Change::Added | Change::Removed | Change::Changed))
            .count()
    }
}

const LABEL: usize = 13;

fn dash(v: Option<String>) -> String {
    v.filter(|s| !s.is_empty()).unwrap_or_else(|| "–".into())
}

fn joined(v: &[String]) -> String {
    if v.is_empty() {
        "–".into()
    } else {
        v.join(" ")
    }
}

fn num(v: Option<i32>) -> String {
    dash(v.map(|n| n.to_string()))
}

struct Out {
    lines: Vec<DiffLine>,
    nested: bool,
}

impl Out {
    fn push(&mut self, change: Change, text: String) {
        self.lines.push(DiffLine {
            change,
            nested: self.nested,
            text,
        });
    }

    fn heading(&mut self, change: Change, text: String) {
        self.nested = false;
        self.push(change, text);
        self.nested = true;
    }

    /// One field: `label  old → new` when it changed, `label  value` when not.
    fn field(&mut self, label: &str, old: String, new: String) {
        if old == new {
            self.push(Change::Same, format!("{label:<LABEL$} {new}"));
        } else {
            self.push(Change::Changed, format!("{label:<LABEL$} {old} → {new}"));
        }
    }

    /// A list compared item by item (volumes, ports, depends-on): added and removed items.
    fn set(&mut self, label: &str, old: &[String], new: &[String]) {
        if old == new {
            self.push(Change::Same, format!("{label:<LABEL$} {}", joined(new)));
            return;
        }
        for o in old.iter().filter(|o| !new.contains(o)) {
            self.push(Change::Removed, format!("{label:<LABEL$} {o} (removed)"));
        }
        for n in new.iter().filter(|n| !old.contains(n)) {
            self.push(Change::Added, format!("{label:<LABEL$} {n} (added)"));
        }
        if old.iter().all(|o| new.contains(o)) && new.iter().all(|n| old.contains(n)) {
            self.push(
                Change::Changed,
                format!("{label:<LABEL$} order {} → {}", joined(old), joined(new)),
            );
        }
    }
}

/// An environment value as it may be shown: masked where the name looks secret, credentials
/// in URLs masked.
fn shown_value(name: &str, value: &str) -> String {
    if secret_name(name) {
        URL_MASK.to_string()
    } else {
        redact_urls(value).into_owned()
    }
}

fn log_config(c: &ContainerDefinition) -> String {
    match &c.log_configuration {
        None => "–".into(),
        Some(l) => {
            let opts: Vec<String> = l.options.iter().map(|(k, v)| format!("{k}={v}")).collect();
            if opts.is_empty() {
                l.driver.clone()
            } else {
                format!("{} {}", l.driver, opts.join(" "))
            }
        }
    }
}

fn container(out: &mut Out, old: &ContainerDefinition, new: &ContainerDefinition) {
    out.field(
        "image",
        short_or_full(&old.image, &new.image).0,
        short_or_full(&old.image, &new.image).1,
    );
    out.field("command", joined(&old.command), joined(&new.command));
    out.field(
        "entry point",
        joined(&old.entry_point),
        joined(&new.entry_point),
    );
    out.field("cpu", num(old.cpu), num(new.cpu));
    out.field("memory", num(old.memory), num(new.memory));
    out.field(
        "memory soft",
        num(old.memory_reservation),
        num(new.memory_reservation),
    );
    out.field(
        "essential",
        old.essential.to_string(),
        new.essential.to_string(),
    );
    // Environment, by name.
    let mut same_env = 0;
    for o in &old.environment {
        match new.environment.iter().find(|n| n.name == o.name) {
            None => out.push(
                Change::Removed,
                format!("{:<LABEL$} {} (removed)", "env", o.name),
            ),
            Some(n) if n.value == o.value => same_env += 1,
            Some(n) if secret_name(&n.name) => {
                out.push(
                    Change::Changed,
                    format!("{:<LABEL$} {} changed", "env", n.name),
                );
            }
            Some(n) => out.push(
                Change::Changed,
                format!(
                    "{:<LABEL$} {}: {} → {}",
                    "env",
                    n.name,
                    shown_value(&o.name, &o.value),
                    shown_value(&n.name, &n.value)
                ),
            ),
        }
    }
    for n in &new.environment {
        if !old.environment.iter().any(|o| o.name == n.name) {
            out.push(
                Change::Added,
                format!(
                    "{:<LABEL$} {}={} (added)",
                    "env",
                    n.name,
                    shown_value(&n.name, &n.value)
                ),
            );
        }
    }
    if same_env > 0 {
        out.push(
            Change::Same,
            format!("{:<LABEL$} {same_env} unchanged", "env"),
        );
    }
    // Secrets: where each comes from.
    let mut same_secrets = 0;
    for o in &old.secrets {
        match new.secrets.iter().find(|n| n.name == o.name) {
            None => out.push(
                Change::Removed,
                format!("{:<LABEL$} {} (removed)", "secret", o.name),
            ),
            Some(n) if n.value_from == o.value_from => same_secrets += 1,
            Some(n) => out.push(
                Change::Changed,
                format!(
                    "{:<LABEL$} {}: {} → {}",
                    "secret", n.name, o.value_from, n.value_from
                ),
            ),
        }
    }
    for n in &new.secrets {
        if !old.secrets.iter().any(|o| o.name == n.name) {
            out.push(
                Change::Added,
                format!(
                    "{:<LABEL$} {} from {} (added)",
                    "secret", n.name, n.value_from
                ),
            );
        }
    }
    if same_secrets > 0 {
        out.push(
            Change::Same,
            format!("{:<LABEL$} {same_secrets} unchanged", "secret"),
        );
    }
    out.set("ports", &old.ports, &new.ports);
    out.field(
        "health check",
        dash(old.health_check.clone()),
        dash(new.health_check.clone()),
    );
    out.field("logging", log_config(old), log_config(new));
    out.set("depends on", &old.depends_on, &new.depends_on);
}

/// Images are shown by their last part, unless only the registry differs.
fn short_or_full(old: &str, new: &str) -> (String, String) {
    let (a, b) = (short_image(old), short_image(new));
    if a == b && old != new {
        (old.to_string(), new.to_string())
    } else {
        (a.to_string(), b.to_string())
    }
}

/// Every field of a container that is only on one side, listed under its heading.
fn lone_container(out: &mut Out, c: &ContainerDefinition, change: Change) {
    out.push(change, format!("{:<LABEL$} {}", "image", c.image));
    for e in &c.environment {
        out.push(
            change,
            format!(
                "{:<LABEL$} {}={}",
                "env",
                e.name,
                shown_value(&e.name, &e.value)
            ),
        );
    }
    for s in &c.secrets {
        out.push(
            change,
            format!("{:<LABEL$} {} from {}", "secret", s.name, s.value_from),
        );
    }
}

/// What changed from `old` to `new`.
pub fn diff(old: &TaskDefinition, new: &TaskDefinition) -> TdDiff {
    let mut out = Out {
        lines: Vec::new(),
        nested: false,
    };
    out.heading(Change::Heading, "task".into());
    out.field("cpu", dash(old.cpu.clone()), dash(new.cpu.clone()));
    out.field("memory", dash(old.memory.clone()), dash(new.memory.clone()));
    out.field(
        "task role",
        dash(old.task_role_arn.clone()),
        dash(new.task_role_arn.clone()),
    );
    out.field(
        "exec role",
        dash(old.execution_role_arn.clone()),
        dash(new.execution_role_arn.clone()),
    );
    out.field(
        "network mode",
        dash(old.network_mode.clone()),
        dash(new.network_mode.clone()),
    );
    out.field(
        "platform",
        dash(old.runtime_platform.clone()),
        dash(new.runtime_platform.clone()),
    );
    out.set(
        "requires",
        &old.requires_compatibilities,
        &new.requires_compatibilities,
    );
    out.set("volumes", &old.volumes, &new.volumes);
    for n in &new.containers {
        match old.containers.iter().find(|o| o.name == n.name) {
            Some(o) => {
                out.heading(Change::Heading, format!("container {}", n.name));
                container(&mut out, o, n);
            }
            None => {
                out.heading(Change::Added, format!("container {} (added)", n.name));
                lone_container(&mut out, n, Change::Added);
            }
        }
    }
    for o in &old.containers {
        if !new.containers.iter().any(|n| n.name == o.name) {
            out.heading(Change::Removed, format!("container {} (removed)", o.name));
            lone_container(&mut out, o, Change::Removed);
        }
    }
    TdDiff {
        from: family_revision(&old.arn).to_string(),
        to: family_revision(&new.arn).to_string(),
        lines: out.lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EnvVar, SecretRef};

    fn td(rev: i32, image: &str, memory: &str, env: &[(&str, &str)]) -> TaskDefinition {
        TaskDefinition {
            arn: format!("arn:aws:ecs:us-east-1:1:task-definition/web:{rev}"),
            family: "web".into(),
            revision: rev,
            cpu: Some("256".into()),
            memory: Some(memory.into()),
            containers: vec![ContainerDefinition {
                name: "web".into(),
                image: format!("1.dkr.ecr.us-east-1.amazonaws.com/web:{image}"),
                essential: true,
                environment: env
                    .iter()
                    .map(|(n, v)| EnvVar {
                        name: n.to_string(),
                        value: v.to_string(),
                    })
                    .collect(),
                secrets: vec![SecretRef {
                    name: "DB".into(),
                    value_from: "arn:aws:ssm:us-east-1:1:parameter/db".into(),
                }],
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    fn changed(d: &TdDiff) -> Vec<String> {
        d.lines
            .iter()
            .filter(|l| !matches!(l.change, Change::Same | Change::Heading))
            .map(|l| l.text.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    }

    #[test]
    fn exactly_the_fields_that_differ_are_changes() {
        let a = td(
            1,
            "1.0",
            "512",
            &[("LEVEL", "info"), ("GONE", "x"), ("API_TOKEN", "a")],
        );
        let b = td(
            2,
            "1.1",
            "1024",
            &[("LEVEL", "debug"), ("NEW", "y"), ("API_TOKEN", "b")],
        );
        let d = diff(&a, &b);
        assert_eq!((d.from.as_str(), d.to.as_str()), ("web:1", "web:2"));
        assert_eq!(
            changed(&d),
            [
                "memory 512 → 1024",
                "image web:1.0 → web:1.1",
                "env LEVEL: info → debug",
                "env GONE (removed)",
                "env API_TOKEN changed",
                "env NEW=y (added)",
            ]
        );
        assert_eq!(d.changes(), 6);
        assert!(
            !d.lines.iter().any(|l| l.text.contains("API_TOKEN: a")),
            "a secret's value never shows"
        );
        assert!(d
            .lines
            .iter()
            .any(|l| l.change == Change::Same && l.text.contains("1 unchanged")));
    }

    #[test]
    fn the_same_revision_has_no_changes_and_containers_come_and_go() {
        let a = td(1, "1.0", "512", &[]);
        assert_eq!(diff(&a, &a).changes(), 0);
        let mut b = td(2, "1.0", "512", &[]);
        b.containers.push(ContainerDefinition {
            name: "envoy".into(),
            image: "envoy:1".into(),
            environment: vec![EnvVar {
                name: "DB_PASSWORD".into(),
                value: "hunter2".into(),
            }],
            ..Default::default()
        });
        let d = diff(&a, &b);
        assert!(d
            .lines
            .iter()
            .any(|l| l.change == Change::Added && l.text == "container envoy (added)"));
        assert!(!d.lines.iter().any(|l| l.text.contains("hunter2")));
        let back = diff(&b, &a);
        assert!(back
            .lines
            .iter()
            .any(|l| l.change == Change::Removed && l.text == "container envoy (removed)"));
    }

    #[test]
    fn credentials_in_a_url_value_are_masked() {
        let a = td(1, "1.0", "512", &[("UPSTREAM", "https://a.example")]);
        let b = td(2, "1.0", "512", &[("UPSTREAM", "postgres://app:pw@db/x")]);
        let d = diff(&a, &b);
        let line = changed(&d).join("\n");
        assert!(line.contains("UPSTREAM"), "{line}");
        assert!(!line.contains(":pw@"), "{line}");
    }
}
