//! The help screen, generated from the key table that dispatches keys and from the command table.

use crate::app::command::COMMANDS;
use crate::app::keys::Scope;
use crate::app::App;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};
use ratatui::Frame;

pub fn lines(app: &App) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let tag = app.view().kind.tag();
    let heading = |t: String| {
        Line::styled(
            t,
            Style::default()
                .fg(theme.warning)
                .add_modifier(Modifier::BOLD),
        )
    };
    let entry = |keys: String, help: String| {
        Line::from(vec![
            Span::styled(
                format!("  {keys:<18} "),
                Style::default().fg(theme.key).add_modifier(Modifier::BOLD),
            ),
            Span::styled(help, Style::default().fg(theme.body_fg)),
        ])
    };
    let mut out = vec![heading(format!("{} — keys here", app.view().kind.title()))];
    let bindings: Vec<_> = app.keymap.for_view(tag).collect();
    let keys_of = |b: &&crate::app::keys::Binding| {
        if b.keys.is_empty() {
            return "(no key)".to_string();
        }
        b.keys
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" ")
    };
    for global in [false, true] {
        if global {
            out.push(Line::default());
            out.push(heading("everywhere".into()));
        }
        for b in bindings
            .iter()
            .filter(|b| matches!(b.scope, Scope::Global) == global)
        {
            out.push(entry(keys_of(b), b.help.to_string()));
        }
    }
    out.push(Line::default());
    out.push(heading("commands (type : then Tab to complete)".into()));
    for c in COMMANDS {
        let names = std::iter::once(c.name)
            .chain(c.aliases.iter().copied())
            .collect::<Vec<_>>()
            .join(" ");
        out.push(entry(format!(":{names}"), c.help.to_string()));
    }
    out.push(Line::default());
    out.push(heading(
        "editing a line (every prompt, search and dialog field)".into(),
    ));
    for (keys, help) in crate::app::widgets::line_input::EDIT_KEYS {
        out.push(entry(keys.to_string(), help.to_string()));
    }
    out
}

pub fn draw(frame: &mut Frame, app: &App, area: Rect, scroll: u16) {
    let theme = &app.theme;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(Style::default().fg(theme.border_focus))
        .title(Span::styled(
            " help (Esc closes, j/k scroll) ",
            Style::default()
                .fg(theme.title)
                .add_modifier(Modifier::BOLD),
        ));
    frame.render_widget(
        Paragraph::new(lines(app)).block(block).scroll((scroll, 0)),
        area,
    );
}
