//! The help screen (`?`): generated from the key table that dispatches keys — the view's keys,
//! those of every view, and those of each screen — and from the command table. It is a text
//! screen: it scrolls and searches like describe and logs.

use super::viewer::{self, Step, TextDoc};
use super::{close, stay, Answer};
use crate::app::command::COMMANDS;
use crate::app::keys::{Action, Screen};
use crate::app::{App, Mode};
use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HelpState {
    /// The text as searched (the drawing colours the same lines).
    pub doc: TextDoc,
}

/// What the help says, as (keys, text) entries under headings.
enum Entry {
    Heading(String),
    Key(String, String),
    Gap,
}

fn entries(app: &App) -> Vec<Entry> {
    let tag = app.view().kind.tag();
    let mut out = vec![Entry::Heading(format!(
        "{} — keys here",
        app.view().kind.title()
    ))];
    let bindings: Vec<_> = app.keymap.for_view(tag).collect();
    for global in [false, true] {
        if global {
            out.push(Entry::Gap);
            out.push(Entry::Heading("everywhere".into()));
        }
        for b in bindings.iter().filter(|b| b.scope.is_global() == global) {
            out.push(Entry::Key(b.keys_text(), b.help.to_string()));
        }
    }
    out.push(Entry::Key(
        "Ctrl-C".into(),
        "quit, from anywhere (never remapped: the way out is always there)".into(),
    ));
    for screen in Screen::ALL {
        out.push(Entry::Gap);
        out.push(Entry::Heading(format!("in {}", screen.title())));
        let mut shared = false;
        for b in app.keymap.for_place(*screen) {
            // Keys a screen shares with the tables (moving) are listed once, above.
            if b.scope.in_views() {
                shared = true;
                continue;
            }
            out.push(Entry::Key(b.keys_text(), b.help.to_string()));
        }
        if shared {
            out.push(Entry::Key(
                String::new(),
                "and the keys that move in a table (up, down, pages, first, last)".into(),
            ));
        }
    }
    out.push(Entry::Gap);
    out.push(Entry::Heading(
        "commands (type : then Tab to complete)".into(),
    ));
    for c in COMMANDS {
        let names = std::iter::once(c.name)
            .chain(c.aliases.iter().copied())
            .collect::<Vec<_>>()
            .join(" ");
        out.push(Entry::Key(format!(":{names}"), c.help.to_string()));
    }
    out
}

fn plain(e: &Entry) -> String {
    match e {
        Entry::Heading(h) => h.clone(),
        Entry::Key(keys, help) => format!("  {keys:<18} {help}"),
        Entry::Gap => String::new(),
    }
}

/// The help's text, line by line (as it is searched and drawn).
pub fn text(app: &App) -> Vec<String> {
    entries(app).iter().map(plain).collect()
}

impl App {
    pub(crate) fn open_help(&mut self) {
        self.mode = Mode::Help(Box::new(HelpState {
            doc: TextDoc::new(text(self)),
        }));
    }

    pub(super) fn help_key(&mut self, s: &mut HelpState, ev: &KeyEvent) -> Answer {
        let page = self.areas().body().height.saturating_sub(2) as usize;
        match viewer::on_key(&self.keymap, Screen::Help, page, &mut s.doc, ev) {
            Step::Close | Step::Other(Action::Help) => close(),
            Step::Done | Step::Other(_) | Step::Nothing | Step::Submitted(..) => stay(),
        }
    }
}

pub fn draw(frame: &mut Frame, app: &App, s: &HelpState, area: Rect) {
    let theme = &app.theme;
    let key_style = Style::default().fg(theme.key).add_modifier(Modifier::BOLD);
    let heading_style = Style::default()
        .fg(theme.warning)
        .add_modifier(Modifier::BOLD);
    let k = |a| app.keymap.key_of(a);
    let mut title = format!(
        " help ({} closes, {}/{} scroll, {} searches) ",
        k(Action::Close),
        k(Action::Down),
        k(Action::Up),
        k(Action::Search)
    );
    if let Some(q) = &s.doc.search {
        title.push_str(&format!("</{q}> {} matches ", s.doc.matches.len()));
    }
    let block =
        crate::ui::widgets::pane(theme, true).title(crate::ui::widgets::pane_title(theme, title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines: Vec<Line> = entries(app)
        .into_iter()
        .enumerate()
        .skip(s.doc.scroll)
        .take(inner.height as usize)
        .map(|(n, e)| {
            let matched = s.doc.is_match(n);
            let base = if matched {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
            };
            match e {
                Entry::Heading(h) => Line::styled(h, heading_style.patch(base)),
                Entry::Key(keys, help) => Line::from(vec![
                    Span::styled(format!("  {keys:<18} "), key_style.patch(base)),
                    Span::styled(help, base.fg(theme.body_fg)),
                ]),
                Entry::Gap => Line::default(),
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
