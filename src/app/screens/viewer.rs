//! The one scroll-and-search text viewer. Every text screen — help, describe, logs, and the ones
//! to come — takes the same keys for moving, searching and jumping between matches through
//! [`on_key`]; a screen only answers what is its own. [`TextDoc`] is the viewer's text for
//! screens that show a document (help, describe); the logs view keeps its own buffer and
//! implements [`Scroll`] over it.

use crate::app::filter::{haystack_case, Filter};
use crate::app::keys::{Action, KeyMap, Screen};
use crate::app::widgets::LineInput;
use crossterm::event::KeyEvent;

/// A search (or a logs view's filter, window or search on the server) being typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Typing {
    pub text: LineInput,
    pub purpose: Purpose,
    /// Why the text does not work (a bad regex, a window not understood), shown on the prompt
    /// line.
    pub error: Option<String>,
}

/// What a line typed in a text screen is for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Purpose {
    /// `/`: a search in what is shown.
    #[default]
    Search,
    /// `&`: show only matching lines (logs).
    Filter,
    /// `W`: a time window to read (logs).
    Window,
    /// `F`: a filter pattern to find on the server (logs).
    Find,
}

impl Purpose {
    /// The prompt's sigil.
    pub fn sigil(self) -> char {
        match self {
            Purpose::Search => '/',
            Purpose::Filter => '&',
            Purpose::Window => '@',
            Purpose::Find => 'F',
        }
    }
}

/// What a text screen offers the shared keys.
pub trait Scroll {
    fn scroll_by(&mut self, delta: isize);
    fn to_top(&mut self);
    fn to_bottom(&mut self);
    /// The search in force, to edit again.
    fn search_text(&self) -> String;
    /// Search (a case-insensitive regex); an error for a bad pattern.
    fn set_search(&mut self, text: &str) -> Result<(), String>;
    fn jump(&mut self, forward: bool);
    fn typing(&mut self) -> &mut Option<Typing>;
    /// Apply what was typed with `filter` set (only the logs view has one).
    fn set_filter(&mut self, _text: &str) -> Result<(), String> {
        Ok(())
    }
}

/// What the shared keys left to the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The key was the viewer's; it is done.
    Done,
    /// Close the screen.
    Close,
    /// A key of the screen's own.
    Other(Action),
    /// No key of this screen.
    Nothing,
    /// A line typed for the screen's own purpose (a logs window, a search on the server).
    Submitted(Purpose, String),
}

/// Put a key through the shared keys of a text screen (`screen` names which, for its own keys).
pub fn on_key(
    keys: &KeyMap,
    screen: Screen,
    page: usize,
    v: &mut impl Scroll,
    ev: &KeyEvent,
) -> Step {
    if let Some(mut typing) = v.typing().take() {
        match keys.lookup(ev, Screen::Prompt) {
            Some(Action::Cancel) => {}
            Some(Action::Submit) => {
                let result = match typing.purpose {
                    Purpose::Search => v.set_search(&typing.text),
                    Purpose::Filter => v.set_filter(&typing.text),
                    // The screen's own: it reads what was typed from `submitted`.
                    Purpose::Window | Purpose::Find => {
                        return Step::Submitted(typing.purpose, typing.text.to_string());
                    }
                };
                if let Err(e) = result {
                    typing.error = Some(e);
                    *v.typing() = Some(typing);
                }
            }
            _ => {
                if edit(keys, &mut typing.text, ev) {
                    typing.error = None;
                }
                *v.typing() = Some(typing);
            }
        }
        return Step::Done;
    }
    let page = page.max(1) as isize;
    let Some(action) = keys.lookup(ev, screen) else {
        return Step::Nothing;
    };
    match action {
        Action::Close => return Step::Close,
        Action::Down => v.scroll_by(1),
        Action::Up => v.scroll_by(-1),
        Action::PageDown => v.scroll_by(page),
        Action::PageUp => v.scroll_by(-page),
        Action::Top => v.to_top(),
        Action::Bottom => v.to_bottom(),
        Action::Search => {
            let text = v.search_text();
            *v.typing() = Some(Typing {
                text: text.into(),
                ..Typing::default()
            });
        }
        Action::NextMatch => v.jump(true),
        Action::PreviousMatch => v.jump(false),
        other => return Step::Other(other),
    }
    Step::Done
}

/// Put a key into a line being edited: an editing key of the table, or a character typed.
/// Returns whether it was one.
pub fn edit(keys: &KeyMap, input: &mut LineInput, ev: &KeyEvent) -> bool {
    match keys.lookup(ev, Screen::Edit) {
        Some(action) => input.apply(action),
        None => input.type_key(ev),
    }
}

/// A document to read: lines, where the top of the screen is, the search and its matches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextDoc {
    pub lines: Vec<String>,
    pub scroll: usize,
    /// The search in force and the lines it matches.
    pub search: Option<String>,
    pub matches: Vec<usize>,
    pub typing: Option<Typing>,
}

impl TextDoc {
    pub fn new(lines: Vec<String>) -> Self {
        Self {
            lines,
            ..Self::default()
        }
    }

    /// New text (the document changed); the search is matched again, the place kept.
    pub fn set_lines(&mut self, lines: Vec<String>) {
        self.lines = lines;
        self.scroll = self.scroll.min(self.lines.len().saturating_sub(1));
        self.rematch();
    }

    pub fn is_match(&self, line: usize) -> bool {
        self.matches.binary_search(&line).is_ok()
    }

    fn rematch(&mut self) {
        let Some(f) = self.search.as_deref().and_then(|t| Filter::parse(t).ok()) else {
            self.matches.clear();
            return;
        };
        self.matches = self
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| f.matches(&haystack_case(l)))
            .map(|(n, _)| n)
            .collect();
    }
}

impl Scroll for TextDoc {
    fn scroll_by(&mut self, delta: isize) {
        let max = self.lines.len().saturating_sub(1) as isize;
        self.scroll = (self.scroll as isize + delta).clamp(0, max.max(0)) as usize;
    }

    fn to_top(&mut self) {
        self.scroll = 0;
    }

    fn to_bottom(&mut self) {
        self.scroll_by(isize::MAX / 2);
    }

    fn search_text(&self) -> String {
        self.search.clone().unwrap_or_default()
    }

    fn set_search(&mut self, text: &str) -> Result<(), String> {
        if text.is_empty() {
            self.search = None;
            self.matches.clear();
            return Ok(());
        }
        Filter::parse(text)?;
        self.search = Some(text.to_string());
        self.rematch();
        if let Some(&first) = self
            .matches
            .iter()
            .find(|&&l| l >= self.scroll)
            .or(self.matches.first())
        {
            self.scroll = first;
        }
        Ok(())
    }

    /// Jump to the next (or previous) match after the top line.
    fn jump(&mut self, forward: bool) {
        let next = if forward {
            self.matches
                .iter()
                .find(|&&l| l > self.scroll)
                .or(self.matches.first())
        } else {
            self.matches
                .iter()
                .rev()
                .find(|&&l| l < self.scroll)
                .or(self.matches.last())
        };
        if let Some(&l) = next {
            self.scroll = l;
        }
    }

    fn typing(&mut self) -> &mut Option<Typing> {
        &mut self.typing
    }
}
