//! The describe view: YAML or JSON, keys and values coloured, masked values marked, search matches
//! highlighted.

use super::{DescribeState, MASK};
use crate::app::keys::Action;
use crate::app::App;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

fn colour_line<'a>(app: &App, line: &'a str, matched: bool) -> Line<'a> {
    let theme = &app.theme;
    let base = if matched {
        Style::default().add_modifier(Modifier::REVERSED)
    } else {
        Style::default()
    };
    let value_style = |v: &str| {
        let t = v.trim().trim_end_matches(',');
        let fg = if t.trim_matches('"') == MASK {
            theme.warning
        } else if t.starts_with('"')
            || t.chars().next().is_some_and(|c| c.is_alphabetic())
                && !matches!(t, "true" | "false" | "null")
        {
            theme.body_fg
        } else if t.parse::<f64>().is_ok() {
            theme.busy
        } else {
            theme.faint
        };
        base.fg(fg)
    };
    // `  key: value`, `  - key: value`, `  "key": value` — the key up to the first `: `.
    let indent_len = line.len() - line.trim_start().len();
    let rest = &line[indent_len..];
    let (dash, rest) = match rest.strip_prefix("- ") {
        Some(r) => ("- ", r),
        None => ("", rest),
    };
    let split = rest
        .find(": ")
        .or_else(|| rest.strip_suffix(':').map(|k| k.len()));
    match split {
        Some(at) if !rest.starts_with('"') || rest[..at].ends_with('"') => Line::from(vec![
            Span::styled(&line[..indent_len], base),
            Span::styled(dash, base.fg(theme.faint)),
            Span::styled(&rest[..at], base.fg(theme.key)),
            Span::styled(&rest[at..(at + 2).min(rest.len())], base.fg(theme.faint)),
            Span::styled(
                &rest[(at + 2).min(rest.len())..],
                value_style(&rest[(at + 2).min(rest.len())..]),
            ),
        ]),
        _ => Line::from(vec![
            Span::styled(&line[..indent_len], base),
            Span::styled(dash, base.fg(theme.faint)),
            Span::styled(rest, value_style(rest)),
        ]),
    }
}

pub fn draw(frame: &mut Frame, app: &App, s: &DescribeState, area: Rect) {
    let theme = &app.theme;
    let format = if s.json { "json" } else { "yaml" };
    let mut title = vec![Span::styled(
        format!(" {} ({format}) ", s.title),
        Style::default()
            .fg(theme.title)
            .add_modifier(Modifier::BOLD),
    )];
    title.extend(crate::ui::widgets::search_span(theme, &s.text));
    if s.waiting.is_some() {
        title.push(Span::styled(
            "loading the task definition… ",
            Style::default().fg(theme.faint),
        ));
    }
    let k = |a| app.keymap.key_of(a);
    let hint = format!(
        " {}: yaml/json · {}: search · {}/{} · {} ",
        k(Action::ToggleFormat),
        k(Action::Search),
        k(Action::NextMatch),
        k(Action::PreviousMatch),
        k(Action::Close)
    );
    let inner = crate::ui::widgets::text_pane(frame, theme, area, Line::from(title), hint);
    let lines: Vec<Line> = s
        .text
        .lines
        .iter()
        .enumerate()
        .skip(s.text.scroll)
        .take(inner.height as usize)
        .map(|(n, l)| colour_line(app, l, s.text.is_match(n)))
        .collect();
    // Long values (ARNs, images, reasons) wrap rather than run off the edge: they are what
    // describe is opened to read.
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
