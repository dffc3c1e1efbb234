//! Key remaps from the config file: `[keys] scale = "S"`, `stop_tasks = "ctrl-x"`,
//! `down = "j, ctrl-n"`. The help screen and hints show the remapped keys, since they come from
//! the same table.

use super::keys::{Key, KeyMap};
use crossterm::event::{KeyCode, KeyModifiers};

/// `x`, `X`, `ctrl-x`, `alt-x`, `enter`, `esc`, `space`, `tab`, `backspace`, arrows, `pgup`,
/// `pgdn`, `home`, `end`, `f1`–`f12`.
pub fn parse_key(text: &str) -> Result<Key, String> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    let (mods, rest) = if let Some(r) = lower.strip_prefix("ctrl-") {
        (KeyModifiers::CONTROL, r)
    } else if let Some(r) = lower.strip_prefix("alt-") {
        (KeyModifiers::ALT, r)
    } else {
        (KeyModifiers::NONE, lower.as_str())
    };
    let code = match rest {
        "enter" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "space" => KeyCode::Char(' '),
        "tab" => KeyCode::Tab,
        "backspace" => KeyCode::Backspace,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "pgup" | "pageup" => KeyCode::PageUp,
        "pgdn" | "pagedown" => KeyCode::PageDown,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        f if f.len() > 1
            && f.starts_with('f')
            && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) =>
        {
            KeyCode::F(f[1..].parse().unwrap_or(1))
        }
        _ => {
            // A single character keeps its case when there is no modifier (`S` is shift-s).
            let original = if mods == KeyModifiers::NONE { t } else { rest };
            let mut chars = original.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => KeyCode::Char(c),
                _ => {
                    return Err(format!(
                        "`{text}` is not a key (e.g. \"s\", \"S\", \"ctrl-k\", \"pgdn\", \"f5\")"
                    ))
                }
            }
        }
    };
    Ok(Key { code, mods })
}

impl KeyMap {
    /// Apply remaps; returns a warning for each problem (unknown action, bad key, collision).
    pub fn remap<'a>(
        &mut self,
        remaps: impl IntoIterator<Item = (&'a String, &'a String)>,
    ) -> Vec<String> {
        let mut warnings = Vec::new();
        for (name, value) in remaps {
            let Some(action) = self.named(name).map(|b| b.action) else {
                warnings.push(format!("keys.{name}: no such action (see docs/keys.md)"));
                continue;
            };
            let mut keys = Vec::new();
            for part in value.split(',').filter(|p| !p.trim().is_empty()) {
                match parse_key(part) {
                    Ok(k) => keys.push(k),
                    Err(e) => warnings.push(format!("keys.{name}: {e}")),
                }
            }
            if keys.is_empty() {
                continue;
            }
            warnings.extend(self.rebind(action, name, keys));
        }
        warnings
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keys::Action;
    use crate::app::view::ViewTag;
    use crossterm::event::KeyEvent;
    use std::collections::BTreeMap;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn keys_parse_with_case_and_modifiers() {
        assert_eq!(parse_key("S").unwrap(), Key::ch('S'));
        assert_eq!(parse_key("ctrl-x").unwrap(), Key::ctrl('x'));
        assert_eq!(parse_key("pgdn").unwrap(), Key::plain(KeyCode::PageDown));
        assert_eq!(parse_key("f5").unwrap(), Key::plain(KeyCode::F(5)));
        assert_eq!(parse_key("space").unwrap(), Key::ch(' '));
        assert_eq!(
            parse_key("hyper-q").unwrap_err(),
            "`hyper-q` is not a key (e.g. \"s\", \"S\", \"ctrl-k\", \"pgdn\", \"f5\")"
        );
    }

    #[test]
    fn a_remap_moves_the_action_and_reports_collisions() {
        let mut km = KeyMap::default();
        let remaps = BTreeMap::from([
            ("scale".to_string(), "ctrl-x".to_string()),
            ("stop_tasks".to_string(), "S".to_string()),
            ("teleport".to_string(), "t".to_string()),
            ("down".to_string(), "j, ctrl-n".to_string()),
        ]);
        let warnings = km.remap(&remaps);
        assert_eq!(
            warnings,
            [
                "keys.stop_tasks: `S` was also `reverse the sort`; it now means `stop the marked tasks (or the selected one)` there",
                "keys.stop_tasks: `reverse the sort` has no key left",
                "keys.teleport: no such action (see docs/keys.md)",
            ]
        );
        assert_eq!(
            km.lookup(
                &ev(KeyCode::Char('x'), KeyModifiers::CONTROL),
                ViewTag::Services
            ),
            Some(Action::Scale)
        );
        assert_eq!(
            km.lookup(
                &ev(KeyCode::Char('s'), KeyModifiers::NONE),
                ViewTag::Services
            ),
            None,
            "the old key is free"
        );
        assert_eq!(
            km.lookup(&ev(KeyCode::Char('S'), KeyModifiers::SHIFT), ViewTag::Tasks),
            Some(Action::StopTasks)
        );
        assert_eq!(
            km.lookup(
                &ev(KeyCode::Char('n'), KeyModifiers::CONTROL),
                ViewTag::Tasks
            ),
            Some(Action::Down)
        );
        assert_eq!(
            km.keys_of(Action::Scale),
            "Ctrl-X",
            "help shows the new key"
        );
    }
}
