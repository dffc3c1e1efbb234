//! The diff on screen: additions green, removals red, changes in the warning colour, unchanged
//! fields faint, search matches reversed.

use super::DiffState;
use crate::app::keys::Action;
use crate::app::App;
use crate::model::Change;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

pub fn draw(frame: &mut Frame, app: &App, s: &DiffState, area: Rect) {
    let theme = &app.theme;
    let mut title = vec![Span::styled(
        format!(" {} ", s.title()),
        Style::default()
            .fg(theme.title)
            .add_modifier(Modifier::BOLD),
    )];
    if let Some(d) = &s.diff {
        let n = d.changes();
        title.push(Span::styled(
            format!("{n} change{} ", if n == 1 { "" } else { "s" }),
            Style::default().fg(if n == 0 { theme.faint } else { theme.warning }),
        ));
    }
    title.extend(crate::ui::widgets::search_span(theme, &s.text));
    let k = |a| app.keymap.key_of(a);
    let hint = format!(
        " {}: {} unchanged · {}: search · {} ",
        k(Action::ToggleUnchanged),
        if s.show_unchanged { "fold" } else { "show" },
        k(Action::Search),
        k(Action::Close)
    );
    let inner = crate::ui::widgets::text_pane(frame, theme, area, Line::from(title), hint);
    let lines: Vec<Line> = s
        .shown
        .iter()
        .enumerate()
        .skip(s.text.scroll)
        .take(inner.height as usize)
        .map(|(n, l)| {
            let mut style = match l.change {
                Change::Heading => Style::default()
                    .fg(theme.title)
                    .add_modifier(Modifier::BOLD),
                Change::Added => Style::default().fg(theme.good),
                Change::Removed => Style::default().fg(theme.error),
                Change::Changed => Style::default().fg(theme.warning),
                Change::Same => Style::default().fg(theme.faint),
            };
            if s.text.is_match(n) {
                style = style.add_modifier(Modifier::REVERSED);
            }
            Line::styled(l.text.as_str(), style)
        })
        .collect();
    // A narrow terminal wraps a long change rather than cutting off its new value.
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
