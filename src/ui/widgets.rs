//! Drawing the shared widgets.

use crate::app::widgets::LineInput;
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;

/// A line being edited: the text, with the cursor as a block on the character under it (or
/// after the end).
pub fn line_input(input: &LineInput, text: Style, cursor: Style) -> Vec<Span<'static>> {
    let (before, after) = input.split();
    let mut chars = after.chars();
    let under = chars.next();
    let rest: String = chars.collect();
    let mut spans = vec![Span::styled(before.to_string(), text)];
    match under {
        Some(c) => {
            spans.push(Span::styled(
                c.to_string(),
                text.add_modifier(Modifier::REVERSED),
            ));
            spans.push(Span::styled(rest, text));
        }
        None => spans.push(Span::styled("█", cursor)),
    }
    spans
}

/// The frame of a pane: rounded borders, coloured by whether the pane has the keys.
pub fn pane(
    theme: &crate::config::theme::Theme,
    focused: bool,
) -> ratatui::widgets::Block<'static> {
    use ratatui::widgets::{Block, BorderType, Borders};
    let colour = if focused {
        theme.border_focus
    } else {
        theme.border
    };
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(Style::default().fg(colour))
}

/// A pane's title as the theme draws titles.
pub fn pane_title(theme: &crate::config::theme::Theme, text: String) -> Span<'static> {
    Span::styled(
        text,
        Style::default()
            .fg(theme.title)
            .add_modifier(ratatui::style::Modifier::BOLD),
    )
}

/// The pane of a text screen (describe, diff): its title, the key hint on the right where it
/// does not cover the title; returns the inside.
/// The title part naming a text screen's search and its matches (`</env> 3 matches`), if any.
pub fn search_span<'a>(
    theme: &crate::config::theme::Theme,
    text: &crate::app::screens::viewer::TextDoc,
) -> Option<ratatui::text::Span<'a>> {
    let q = text.search.as_ref()?;
    Some(ratatui::text::Span::styled(
        format!("</{q}> {} matches ", text.matches.len()),
        ratatui::style::Style::default().fg(theme.key),
    ))
}

pub fn text_pane(
    frame: &mut ratatui::Frame,
    theme: &crate::config::theme::Theme,
    area: ratatui::layout::Rect,
    title: ratatui::text::Line,
    hint: String,
) -> ratatui::layout::Rect {
    let mut block = pane(theme, true);
    if title.width() + hint.chars().count() + 4 <= area.width as usize {
        block = block.title(
            ratatui::text::Line::from(ratatui::text::Span::styled(
                hint,
                ratatui::style::Style::default().fg(theme.faint),
            ))
            .right_aligned(),
        );
    }
    let block = block.title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// `text` in at most `width` columns: as it is when it fits, else cut with an ellipsis.
pub fn clip(text: &str, width: usize) -> String {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for ch in text.chars() {
        let cw = ch.width().unwrap_or(0);
        if used + cw > width - 1 {
            break;
        }
        used += cw;
        out.push(ch);
    }
    out.push('…');
    out
}
