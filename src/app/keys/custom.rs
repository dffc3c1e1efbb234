//! Custom commands in the key table: each `[[commands]]` entry becomes a binding of its own
//! (`Action::Custom(n)`) in the views it names, listed in help like every key, and dropped in
//! read-only mode when it changes the account. A key another binding already has in one of
//! those views is a warning with the line and column of the key, and the command is left out.

use super::{Action, Binding, KeyMap, Scope};
use crate::app::view::ViewTag;
use crate::config::commands::CommandSpec;

/// The view names `views = [...]` takes.
pub const VIEW_NAMES: &[(&str, ViewTag)] = &[
    ("clusters", ViewTag::Clusters),
    ("services", ViewTag::Services),
    ("tasks", ViewTag::Tasks),
    ("containers", ViewTag::Containers),
    ("instances", ViewTag::Instances),
    ("deployments", ViewTag::Deployments),
    ("failures", ViewTag::Failures),
    ("events", ViewTag::Events),
    ("taskdefs", ViewTag::Families),
    ("revisions", ViewTag::Revisions),
    ("timeline", ViewTag::Timeline),
    ("targets", ViewTag::Targets),
    ("scaling", ViewTag::Scaling),
    ("capacity", ViewTag::Capacity),
    ("alarms", ViewTag::Alarms),
    ("pulse", ViewTag::Pulse),
];

impl KeyMap {
    /// Bind the commands; the n-th of `specs` that is bound is `Action::Custom(n)`. Returns
    /// the indexes bound (into `specs`) and the warnings, which name `file`.
    pub fn add_commands(&mut self, specs: &[CommandSpec], file: &str) -> (Vec<usize>, Vec<String>) {
        let mut bound = Vec::new();
        let mut warnings = Vec::new();
        for (i, spec) in specs.iter().enumerate() {
            let at =
                |pos: crate::config::commands::Pos| format!("{file}:{}:{}", pos.line, pos.column);
            let key = match crate::app::remap::parse_key(&spec.key) {
                Ok(k) => k,
                Err(e) => {
                    warnings.push(format!(
                        "{}: command `{}`: {e}; left out",
                        at(spec.key_at),
                        spec.name
                    ));
                    continue;
                }
            };
            let mut views = Vec::new();
            let mut unknown = None;
            for name in &spec.views {
                match VIEW_NAMES.iter().find(|(n, _)| n == name) {
                    Some((_, v)) => views.push(*v),
                    None => unknown = Some(name.clone()),
                }
            }
            if let Some(name) = unknown {
                let known: Vec<&str> = VIEW_NAMES.iter().map(|(n, _)| *n).collect();
                warnings.push(format!(
                    "{}: command `{}`: no view called `{name}` (views: {}); left out",
                    at(spec.views_at),
                    spec.name,
                    known.join(", ")
                ));
                continue;
            }
            if views.is_empty() {
                views = super::defaults::TABLES.to_vec();
            }
            let taken = views.iter().find_map(|v| {
                self.bindings
                    .iter()
                    .find(|b| b.scope.covers(*v) && b.keys.contains(&key))
                    .map(|b| (*v, b.help))
            });
            if let Some((view, help)) = taken {
                let name = VIEW_NAMES
                    .iter()
                    .find(|(_, t)| *t == view)
                    .map_or("a view", |(n, _)| *n);
                warnings.push(format!(
                    "{}: command `{}`: `{key}` is already `{help}` in {name}; left out",
                    at(spec.key_at),
                    spec.name
                ));
                continue;
            }
            // Bindings name static text: a command's is made once, when the config is read.
            let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
            let help = leak(format!("{}: {}", spec.name, spec.argv.join(" ")));
            let name = leak(format!("command {}", spec.name));
            let views: &'static [ViewTag] = Box::leak(views.into_boxed_slice());
            let mut b = Binding::new(
                name,
                Action::Custom(bound.len() as u16),
                &[key],
                help,
                Scope::views(views),
            );
            b.dangerous = spec.mutates;
            if b.dangerous && self.read_only {
                self.disabled.push(b);
            } else {
                self.bindings.push(b);
            }
            bound.push(i);
        }
        (bound, warnings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::commands::Pos;

    fn spec(name: &str, key: &str, views: &[&str], mutates: bool) -> CommandSpec {
        CommandSpec {
            name: name.into(),
            key: key.into(),
            key_at: Pos { line: 3, column: 7 },
            views: views.iter().map(|v| v.to_string()).collect(),
            views_at: Pos { line: 4, column: 9 },
            argv: vec!["echo".into(), "$TASK".into()],
            confirm: false,
            mutates,
            terminal: false,
        }
    }

    #[test]
    fn commands_bind_where_they_say_and_collisions_are_warnings() {
        let mut km = KeyMap::default();
        let specs = [
            spec("echo", "ctrl-e", &["tasks"], false),
            spec("clash", "l", &["tasks"], false),
            spec("nowhere", "Z", &["bogus"], false),
            spec("restart", "ctrl-t", &["tasks", "services"], true),
        ];
        let (bound, warnings) = km.add_commands(&specs, "c.toml");
        assert_eq!(bound, [0, 3]);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings[0].starts_with("c.toml:3:7: command `clash`: `l` is already `logs of"),
            "{}",
            warnings[0]
        );
        assert!(
            warnings[1].starts_with("c.toml:4:9: command `nowhere`: no view called `bogus`"),
            "{}",
            warnings[1]
        );
        let ctrl = |c| {
            crossterm::event::KeyEvent::new(
                crossterm::event::KeyCode::Char(c),
                crossterm::event::KeyModifiers::CONTROL,
            )
        };
        assert_eq!(
            km.lookup(&ctrl('e'), ViewTag::Tasks),
            Some(Action::Custom(0))
        );
        assert_eq!(
            km.lookup(&ctrl('e'), ViewTag::Services),
            None,
            "only where it says"
        );
        assert_eq!(
            km.lookup(&ctrl('t'), ViewTag::Services),
            Some(Action::Custom(1))
        );
        assert!(
            km.for_view(ViewTag::Tasks)
                .any(|b| b.help == "echo: echo $TASK"),
            "listed in help"
        );
        let ro = km.read_only();
        assert_eq!(
            ro.lookup(&ctrl('t'), ViewTag::Tasks),
            None,
            "a mutating command is gone read-only"
        );
        assert_eq!(
            ro.lookup(&ctrl('e'), ViewTag::Tasks),
            Some(Action::Custom(0))
        );
    }
}
