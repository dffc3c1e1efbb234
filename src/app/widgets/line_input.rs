//! The one line editor of the console: every prompt (`:`, `/`, a logs or describe search) and
//! every dialog field uses it, so the keys are the same everywhere — readline's:
//! `←` `→` `Home` `End` (`Ctrl-A` `Ctrl-E`) move, `Backspace` `Delete` delete, `Ctrl-U` deletes
//! to the start, `Ctrl-K` to the end, `Ctrl-W` the word before the cursor; a paste is inserted
//! at the cursor. Those keys are entries of the key table (`Screen::Edit`), so they can be
//! remapped; the screens put a key through `screens::viewer::edit`.

use crate::app::keys::Action;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    text: String,
    /// A byte offset on a char boundary.
    cursor: usize,
}

impl LineInput {
    pub fn new(text: impl Into<String>) -> Self {
        let text = text.into();
        let cursor = text.len();
        Self { text, cursor }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Replace the text; the cursor goes to its end.
    pub fn set(&mut self, text: impl Into<String>) {
        self.text = text.into();
        self.cursor = self.text.len();
    }

    pub fn clear(&mut self) {
        self.set(String::new());
    }

    /// The text before and after the cursor (for drawing it).
    pub fn split(&self) -> (&str, &str) {
        self.text.split_at(self.cursor)
    }

    /// Insert at the cursor (typing, pasting). Line breaks of a paste become spaces.
    pub fn insert_str(&mut self, s: &str) {
        let clean: String = s
            .chars()
            .map(|c| {
                if c == '\n' || c == '\r' || c == '\t' {
                    ' '
                } else {
                    c
                }
            })
            .filter(|c| !c.is_control())
            .collect();
        self.text.insert_str(self.cursor, &clean);
        self.cursor += clean.len();
    }

    fn prev(&self) -> usize {
        self.text[..self.cursor]
            .char_indices()
            .next_back()
            .map_or(0, |(i, _)| i)
    }

    fn next(&self) -> usize {
        self.text[self.cursor..]
            .chars()
            .next()
            .map_or(self.cursor, |c| self.cursor + c.len_utf8())
    }

    /// Apply an editing action of the key table. Returns whether it was one (the text or the
    /// cursor may have changed); other actions are left to the screen that owns the field.
    pub fn apply(&mut self, action: Action) -> bool {
        match action {
            Action::LineStart => self.cursor = 0,
            Action::LineEnd => self.cursor = self.text.len(),
            Action::DeleteToStart => {
                self.text.replace_range(..self.cursor, "");
                self.cursor = 0;
            }
            Action::DeleteToEnd => self.text.truncate(self.cursor),
            Action::DeleteWord => {
                let before = &self.text[..self.cursor];
                let end = before.trim_end().len();
                let start = before[..end].rfind(' ').map_or(0, |i| i + 1);
                self.text.replace_range(start..self.cursor, "");
                self.cursor = start;
            }
            Action::DeleteBack => {
                let p = self.prev();
                self.text.replace_range(p..self.cursor, "");
                self.cursor = p;
            }
            Action::DeleteForward => {
                let n = self.next();
                self.text.replace_range(self.cursor..n, "");
            }
            Action::CursorLeft => self.cursor = self.prev(),
            Action::CursorRight => self.cursor = self.next(),
            _ => return false,
        }
        true
    }

    /// Type the character a key sends (no Ctrl, no Alt). Returns whether it was one.
    pub fn type_key(&mut self, ev: &KeyEvent) -> bool {
        match ev.code {
            KeyCode::Char(c)
                if !ev
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                let mut buf = [0u8; 4];
                self.insert_str(c.encode_utf8(&mut buf));
                true
            }
            _ => false,
        }
    }
}

impl std::ops::Deref for LineInput {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl std::fmt::Display for LineInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl PartialEq<&str> for LineInput {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

impl PartialEq<str> for LineInput {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl From<&str> for LineInput {
    fn from(s: &str) -> Self {
        Self::new(s)
    }
}

impl From<String> for LineInput {
    fn from(s: String) -> Self {
        Self::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(i: &mut LineInput, code: KeyCode, mods: KeyModifiers) -> bool {
        crate::app::screens::viewer::edit(
            &crate::app::keys::KeyMap::default(),
            i,
            &KeyEvent::new(code, mods),
        )
    }

    #[test]
    fn readline_keys_edit_at_the_cursor() {
        let none = KeyModifiers::NONE;
        let ctrl = KeyModifiers::CONTROL;
        let mut i = LineInput::new("svc prod-web");
        key(&mut i, KeyCode::Home, none);
        key(&mut i, KeyCode::Right, none);
        key(&mut i, KeyCode::Right, none);
        key(&mut i, KeyCode::Right, none);
        key(&mut i, KeyCode::Char('s'), none);
        assert_eq!(i.as_str(), "svcs prod-web");
        assert_eq!(i.split(), ("svcs", " prod-web"));
        key(&mut i, KeyCode::Backspace, none);
        key(&mut i, KeyCode::Delete, none);
        assert_eq!(i.as_str(), "svcprod-web");
        key(&mut i, KeyCode::Char('k'), ctrl);
        assert_eq!(i.as_str(), "svc");
        i.set("tasks prod-web check");
        key(&mut i, KeyCode::Char('w'), ctrl);
        assert_eq!(i.as_str(), "tasks prod-web ");
        key(&mut i, KeyCode::Char('a'), ctrl);
        key(&mut i, KeyCode::Char('e'), ctrl);
        key(&mut i, KeyCode::Left, none);
        key(&mut i, KeyCode::Char('u'), ctrl);
        assert_eq!(i.as_str(), " ");
        assert!(!key(&mut i, KeyCode::Enter, none), "not an editing key");
        assert!(!key(&mut i, KeyCode::Char('r'), ctrl));
    }

    #[test]
    fn multibyte_text_and_pastes_are_safe() {
        let mut i = LineInput::new("é→");
        key(&mut i, KeyCode::Left, KeyModifiers::NONE);
        key(&mut i, KeyCode::Backspace, KeyModifiers::NONE);
        assert_eq!(i.as_str(), "→");
        i.insert_str("a\nb\u{7}");
        assert_eq!(i.as_str(), "a b→");
        key(&mut i, KeyCode::Home, KeyModifiers::NONE);
        for _ in 0..3 {
            key(&mut i, KeyCode::Backspace, KeyModifiers::NONE);
            key(&mut i, KeyCode::Left, KeyModifiers::NONE);
        }
        assert_eq!(i.as_str(), "a b→", "nothing before the start to delete");
        key(&mut i, KeyCode::End, KeyModifiers::NONE);
        key(&mut i, KeyCode::Char('w'), KeyModifiers::CONTROL);
        assert_eq!(i.as_str(), "a ");
    }
}
