//! The resource table: columns chosen by priority to fit the width, only the visible rows built.

use crate::app::table::{ColumnInfo, Ctx, Mark, Tone};
use crate::app::App;
use crate::app::Freshness;
use crate::config::theme::Theme;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Cell, Paragraph, Row, Table};
use ratatui::Frame;

/// Which columns fit in `width`: by priority, then shown in their own order.
pub fn fit_columns(cols: &[ColumnInfo], width: u16) -> Vec<(usize, u16)> {
    // Room for the title and a sort arrow, whatever the column asked for.
    let base = |i: usize| cols[i].width.max(cols[i].title.chars().count() as u16 + 1);
    let mut by_priority: Vec<usize> = (0..cols.len()).collect();
    by_priority.sort_by_key(|&i| (cols[i].priority, i));
    let mut chosen = Vec::new();
    let mut used: u16 = 0;
    for i in by_priority {
        let need = base(i) + if chosen.is_empty() { 0 } else { 1 };
        if used + need <= width {
            used += need;
            chosen.push(i);
        }
    }
    chosen.sort_unstable();
    let flex: Vec<usize> = chosen.iter().copied().filter(|&i| cols[i].flex).collect();
    let spare = width.saturating_sub(used);
    // Flex columns share the spare room, each growing to at most twice its width plus 24: past
    // that, wide text is rare and the room is better left blank than spread thin.
    chosen
        .iter()
        .map(|&i| {
            let mut w = base(i);
            if let Some(pos) = flex.iter().position(|&f| f == i) {
                let share =
                    spare / flex.len() as u16 + u16::from((pos as u16) < spare % flex.len() as u16);
                w += share.min(w + 24);
            }
            (i, w)
        })
        .collect()
}

pub fn tone_color(theme: &Theme, tone: Tone) -> Color {
    match tone {
        Tone::Normal => theme.body_fg,
        Tone::Good => theme.good,
        Tone::Busy => theme.busy,
        Tone::Warn => theme.warning,
        Tone::Bad => theme.error,
        Tone::Faint => theme.faint,
    }
}

pub fn freshness_span(app: &App, f: &Freshness) -> Span<'static> {
    let theme = &app.theme;
    match f {
        Freshness::Loading => Span::styled(" loading… ", Style::default().fg(theme.busy)),
        Freshness::Fresh(secs) => {
            Span::styled(format!(" ● ≤{secs}s "), Style::default().fg(theme.good))
        }
        Freshness::Stale(age) => Span::styled(
            format!(" ▲ stale {age} "),
            Style::default()
                .fg(theme.warning)
                .add_modifier(Modifier::BOLD),
        ),
        Freshness::Local => Span::raw(""),
    }
}

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let view = app.view();
    let t = view.table();
    let filter = t.filter();
    let mut title = vec![
        Span::styled(
            format!(" {}", view.kind.title()),
            Style::default()
                .fg(theme.title)
                .add_modifier(Modifier::BOLD),
        ),
        Span::styled(
            if filter.is_active() {
                format!("[{}/{}]", t.len(), t.total())
            } else {
                format!("[{}]", t.total())
            },
            Style::default().fg(theme.body_fg),
        ),
    ];
    if filter.is_active() {
        title.push(Span::styled(
            format!(" </{}>", filter.text()),
            Style::default().fg(theme.key),
        ));
    }
    if !view.fetch.failures.is_empty() {
        title.push(Span::styled(
            format!(" incomplete: {} not loaded", view.fetch.failures.len()),
            Style::default().fg(theme.warning),
        ));
    }
    if view.fetch.missing {
        title.push(Span::styled(
            " task no longer listed",
            Style::default().fg(theme.warning),
        ));
    }
    title.push(Span::raw(" "));
    let freshness = freshness_span(app, &app.freshness(view));
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(Style::default().fg(theme.border))
        .title(Line::from(title))
        .title(Line::from(freshness).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }

    let cols = t.columns();
    let fitted = fit_columns(&cols, inner.width);
    let sort = t.sort();
    let header = Row::new(fitted.iter().map(|&(i, w)| {
        let mut title = cols[i].title.to_string();
        if i == sort.column {
            title.push(if sort.descending { '↓' } else { '↑' });
        }
        Cell::from(align(&title, cols[i].right, w))
    }))
    .style(
        Style::default()
            .fg(theme.table_header)
            .add_modifier(Modifier::BOLD),
    );

    let page = inner.height.saturating_sub(1) as usize;
    if !t.loaded() || t.is_empty() {
        let text = if !t.loaded() {
            "loading…"
        } else if filter.is_active() {
            "no rows match the filter (Esc clears it)"
        } else {
            "nothing here"
        };
        let table = Table::new(
            Vec::<Row>::new(),
            fitted.iter().map(|&(_, w)| Constraint::Length(w)),
        )
        .header(header)
        .column_spacing(1);
        frame.render_widget(table, inner);
        if inner.height > 2 {
            let msg = Rect {
                y: inner.y + 2,
                height: 1,
                ..inner
            };
            frame.render_widget(
                Paragraph::new(text)
                    .style(Style::default().fg(theme.faint))
                    .centered(),
                msg,
            );
        }
        return;
    }
    let ctx = Ctx { now: app.now };
    let offset = t.offset();
    let rows = t.view_rows(&ctx, offset, page);
    let cursor = t.cursor();
    let body: Vec<Row> = rows
        .into_iter()
        .enumerate()
        .map(|(n, r)| {
            let mut style = Style::default().fg(tone_color(theme, r.tone));
            style = match r.mark {
                Some(Mark::New) => style.fg(theme.new),
                Some(Mark::Modified) => style.fg(theme.modified),
                Some(Mark::Gone) => style.fg(theme.gone).add_modifier(Modifier::CROSSED_OUT),
                None => style,
            };
            if offset + n == cursor {
                style = style
                    .fg(theme.cursor_fg)
                    .bg(theme.cursor_bg)
                    .add_modifier(Modifier::BOLD);
            }
            Row::new(
                fitted
                    .iter()
                    .map(|&(i, w)| Cell::from(align(&r.cells[i], cols[i].right, w))),
            )
            .style(style)
        })
        .collect();
    let table = Table::new(body, fitted.iter().map(|&(_, w)| Constraint::Length(w)))
        .header(header)
        .column_spacing(1);
    frame.render_widget(table, inner);
}

/// Right-align numbers within their column; clip with an ellipsis when too long.
fn align(text: &str, right: bool, width: u16) -> String {
    use unicode_width::UnicodeWidthStr;
    let width = width as usize;
    let w = text.width();
    if w > width && width > 1 {
        let mut out = String::new();
        let mut used = 0;
        for ch in text.chars() {
            let cw = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
            if used + cw > width - 1 {
                break;
            }
            used += cw;
            out.push(ch);
        }
        out.push('…');
        return out;
    }
    if right && w < width {
        return format!("{}{text}", " ".repeat(width - w));
    }
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(title: &'static str, priority: u8, width: u16, flex: bool) -> ColumnInfo {
        ColumnInfo {
            title,
            priority,
            width,
            flex,
            right: false,
        }
    }

    #[test]
    fn narrow_screens_drop_low_priority_columns_and_keep_order() {
        let cols = [
            col("A", 0, 10, true),
            col("B", 2, 10, false),
            col("C", 0, 10, false),
            col("D", 1, 10, false),
        ];
        let fit: Vec<usize> = fit_columns(&cols, 32).into_iter().map(|(i, _)| i).collect();
        assert_eq!(fit, [0, 2, 3]);
        let fit: Vec<usize> = fit_columns(&cols, 21).into_iter().map(|(i, _)| i).collect();
        assert_eq!(fit, [0, 2]);
        let wide = fit_columns(&cols, 60);
        assert_eq!(wide.len(), 4);
        assert_eq!(
            wide[0].1,
            10 + 60 - 43,
            "the flex column takes the spare room"
        );
        let very_wide = fit_columns(&cols, 200);
        assert_eq!(very_wide[0].1, 10 + 10 + 24, "up to a cap");
    }

    #[test]
    fn long_text_is_clipped_with_an_ellipsis() {
        assert_eq!(align("checkout-service", false, 8), "checkou…");
        assert_eq!(align("42", true, 5), "   42");
    }
}
