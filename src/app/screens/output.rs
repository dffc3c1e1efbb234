//! The output of a custom command run in the background: its lines as they come (the newest
//! `MAX_LINES` kept), followed to the bottom unless scrolled up, searchable like describe, and
//! how it ended. Closing the pane stops the command if it still runs.

use super::viewer::{self, Step, TextDoc};
use super::{close, stay, Answer, Outcome};
use crate::app::keys::{Action, Screen};
use crate::app::{App, Effect, Mode};
use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// Lines a pane keeps.
pub const MAX_LINES: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputState {
    pub id: u64,
    /// The command's name and its arguments as run.
    pub title: String,
    pub text: TextDoc,
    /// Lines dropped off the front by the bound.
    pub dropped: usize,
    /// How it ended, once it has.
    pub done: Option<String>,
}

impl OutputState {
    pub fn new(id: u64, title: String) -> Self {
        Self {
            id,
            title,
            text: TextDoc::default(),
            dropped: 0,
            done: None,
        }
    }

    /// Lines that came; the view follows them while it is at the bottom.
    pub fn add(&mut self, lines: Vec<String>, page: usize) {
        let at_bottom = self.text.scroll + page >= self.text.lines.len();
        let mut all = std::mem::take(&mut self.text.lines);
        all.extend(
            lines
                .into_iter()
                .map(|l| crate::app::logs::clean(&l).into_owned()),
        );
        if all.len() > MAX_LINES {
            let extra = all.len() - MAX_LINES;
            all.drain(..extra);
            self.dropped += extra;
            self.text.scroll = self.text.scroll.saturating_sub(extra);
        }
        self.text.set_lines(all);
        if at_bottom {
            self.text.scroll = self.text.lines.len().saturating_sub(page);
        }
    }
}

impl App {
    pub(super) fn output_key(&mut self, s: &mut OutputState, ev: &KeyEvent) -> Answer {
        let page = self.page();
        match viewer::on_key(&self.keymap, Screen::Output, page, &mut s.text, ev) {
            Step::Close if s.done.is_none() => (Outcome::Close, vec![Effect::StopCommand(s.id)]),
            Step::Close => close(),
            _ => stay(),
        }
    }

    /// Output of a background command, for its pane if it is open.
    pub(crate) fn on_command_output(
        &mut self,
        id: u64,
        lines: Vec<String>,
        done: Option<String>,
    ) -> Vec<Effect> {
        let ended = done
            .as_deref()
            .and_then(|how| Some((self.running_commands.remove(&id)?, how.to_string())));
        let page = self.page();
        if let Mode::Output(s) = &mut self.mode {
            if s.id == id {
                s.add(lines, page);
                if done.is_some() {
                    s.done = done;
                }
                self.dirty = true;
            }
        }
        match ended {
            Some((m, how)) => self.command_ended(m, &how),
            None => Vec::new(),
        }
    }
}

pub fn draw(frame: &mut Frame, app: &App, s: &OutputState, area: Rect) {
    let theme = &app.theme;
    let mut title = vec![Span::styled(
        format!(" {} ", s.title),
        Style::default()
            .fg(theme.title)
            .add_modifier(Modifier::BOLD),
    )];
    title.push(match &s.done {
        None => Span::styled("running… ", Style::default().fg(theme.busy)),
        Some(d) if d == "exit 0" => Span::styled(format!("{d} "), Style::default().fg(theme.good)),
        Some(d) => Span::styled(format!("{d} "), Style::default().fg(theme.error)),
    });
    if s.dropped > 0 {
        title.push(Span::styled(
            format!("(the first {} lines dropped) ", s.dropped),
            Style::default().fg(theme.faint),
        ));
    }
    title.extend(crate::ui::widgets::search_span(theme, &s.text));
    let k = |a| app.keymap.key_of(a);
    let hint = format!(
        " {}: search · {}: {} ",
        k(Action::Search),
        k(Action::Close),
        if s.done.is_none() {
            "stop and close"
        } else {
            "close"
        }
    );
    let inner = crate::ui::widgets::text_pane(frame, theme, area, Line::from(title), hint);
    let lines: Vec<Line> = s
        .text
        .lines
        .iter()
        .enumerate()
        .skip(s.text.scroll)
        .take(inner.height as usize)
        .map(|(n, l)| {
            let style = if s.text.is_match(n) {
                Style::default()
                    .fg(theme.body_fg)
                    .add_modifier(Modifier::REVERSED)
            } else {
                Style::default().fg(theme.body_fg)
            };
            Line::styled(l.as_str(), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
