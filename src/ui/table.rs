//! The resource table: columns chosen by priority to fit the width, only the visible rows built.

use crate::app::table::{ColumnInfo, Mark, Tone};
use crate::app::App;
use crate::app::Freshness;
use crate::config::theme::Theme;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use ratatui::Frame;

/// How far a flexible column may grow past its width.
const FLEX_GROWTH: u16 = 24;

/// Which columns fit in `width`, and how wide each is. `wants` is the widest text of each column
/// among the rows on screen. Essential (priority 0) columns always come first; an optional column
/// is added only if the essential flexible ones keep the room their visible text needs (so a long
/// stop reason is not clipped to show a group name). Spare room goes first to flexible columns
/// whose text needs it, then is shared.
pub fn fit_columns(cols: &[ColumnInfo], wants: &[u16], width: u16) -> Vec<(usize, u16)> {
    let base = |i: usize| cols[i].width.max(cols[i].title.chars().count() as u16 + 1);
    // What the visible text needs; it reserves room against optional columns only up to the cap.
    let want = |i: usize| wants.get(i).copied().unwrap_or(0).max(base(i));
    let reserve_of = |i: usize| (want(i) - base(i)).min(FLEX_GROWTH);
    let mut by_priority: Vec<usize> = (0..cols.len()).collect();
    by_priority.sort_by_key(|&i| (cols[i].priority, i));
    let mut chosen: Vec<usize> = Vec::new();
    let mut used: u16 = 0;
    let mut reserve: u16 = 0;
    for i in by_priority {
        let need = base(i) + if chosen.is_empty() { 0 } else { 1 };
        let essential = cols[i].priority == 0;
        if used + need + if essential { 0 } else { reserve } <= width {
            used += need;
            chosen.push(i);
            if essential && cols[i].flex {
                reserve += reserve_of(i);
            }
        }
    }
    chosen.sort_unstable();
    let mut widths: Vec<u16> = chosen.iter().map(|&i| base(i)).collect();
    let mut spare = width.saturating_sub(used);
    // First what the text on screen needs, essential columns before optional ones.
    let mut flex: Vec<usize> = (0..chosen.len())
        .filter(|&k| cols[chosen[k]].flex)
        .collect();
    flex.sort_by_key(|&k| (cols[chosen[k]].priority, k));
    for &k in &flex {
        let give = (want(chosen[k]) - widths[k]).min(spare);
        widths[k] += give;
        spare -= give;
    }
    // Then share what is left, up to the growth cap.
    flex.sort_unstable();
    for (n, &k) in flex.iter().enumerate() {
        let share = spare / (flex.len() - n) as u16;
        let give = share.min((base(chosen[k]) + FLEX_GROWTH).saturating_sub(widths[k]));
        widths[k] += give;
        spare -= give;
    }
    chosen.into_iter().zip(widths).collect()
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
        Freshness::Events => Span::styled(" ● events ", Style::default().fg(theme.good)),
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
            format!(" {}", app.view_title(view)),
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
    let marked = t.marked().len();
    if marked > 0 {
        title.push(Span::styled(
            format!(" {marked} marked"),
            Style::default().fg(theme.key).add_modifier(Modifier::BOLD),
        ));
    }
    if !view.fetch.failures.is_empty() {
        title.push(Span::styled(
            format!(" incomplete: {} not loaded", view.fetch.failures.len()),
            Style::default().fg(theme.warning),
        ));
    }
    if let (None, Some((loaded, listed, done))) = (view.fetch.fetched_at, view.fetch.progress) {
        // Rows as they arrive: how far the first load has come.
        let of = if done {
            thousands(listed)
        } else {
            format!("{}…", thousands(listed))
        };
        title.push(Span::styled(
            format!(" loading {}/{of}", thousands(loaded)),
            Style::default().fg(theme.warning),
        ));
    }
    if view.fetch.missing {
        title.push(Span::styled(
            " task no longer listed",
            Style::default().fg(theme.warning),
        ));
    }
    let inner = super::widgets::pane(theme, false).inner(area);
    let cols = t.columns();
    let ctx = app.table_ctx(view);
    let page = inner.height.saturating_sub(1) as usize;
    let offset = t.offset();
    let rows = if t.loaded() {
        t.view_rows(&ctx, offset, page)
    } else {
        Vec::new()
    };
    let mut wants = vec![0u16; cols.len()];
    for r in &rows {
        for (w, cell) in wants.iter_mut().zip(&r.cells) {
            *w = (*w).max(unicode_width::UnicodeWidthStr::width(cell.as_str()) as u16);
        }
    }
    let fitted = fit_columns(&cols, &wants, inner.width);
    let sort = t.sort();
    // Sorted by a column the width leaves out: the title says by which.
    if let Some(c) = cols
        .get(sort.column)
        .filter(|_| !fitted.iter().any(|&(i, _)| i == sort.column))
    {
        title.push(Span::styled(
            format!(" by {}{}", c.title, if sort.descending { '↓' } else { '↑' }),
            Style::default().fg(theme.key),
        ));
    }
    title.push(Span::raw(" "));
    let freshness = freshness_span(app, &app.freshness(view));
    let block = super::widgets::pane(theme, false)
        .title(Line::from(title))
        .title(Line::from(freshness).right_aligned());
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }

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

    if !t.loaded() || t.is_empty() {
        // Never a bare "loading…" when the load failed: say why, and that it is tried again.
        let failed = view
            .fetch
            .error
            .as_ref()
            .map(|(e, _)| format!("could not load: {e} — trying again"));
        let text = if let (false, Some(why)) = (t.loaded(), &failed) {
            why.as_str()
        } else if !t.loaded() {
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
            if r.marked {
                style = style.fg(theme.key).add_modifier(Modifier::BOLD);
            }
            if offset + n == cursor {
                style = style
                    .fg(theme.cursor_fg)
                    .bg(theme.cursor_bg)
                    .add_modifier(Modifier::BOLD);
                if theme.reverse_cursor {
                    style = style.add_modifier(Modifier::REVERSED);
                }
            }
            // A cell with a level of its own is coloured by it, but for the cursor's row and
            // rows marked new, changed, gone or for an action, which keep theirs.
            let own_tones = offset + n != cursor && r.mark.is_none() && !r.marked;
            let cell = |i: usize, w: u16| {
                let first = fitted.first().map(|f| f.0) == Some(i);
                let text = if r.marked && first {
                    format!("●{}", r.cells[i])
                } else {
                    r.cells[i].clone()
                };
                let cell = Cell::from(align(&text, cols[i].right, w));
                match r.cell_tones.get(i).copied().flatten() {
                    Some(tone) if own_tones => {
                        cell.style(Style::default().fg(tone_color(theme, tone)))
                    }
                    _ => cell,
                }
            };
            Row::new(fitted.iter().map(|&(i, w)| cell(i, w))).style(style)
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
        return super::widgets::clip(text, width);
    }
    if right && w < width {
        return format!("{}{text}", " ".repeat(width - w));
    }
    text.to_string()
}

/// `1050` → `1,050`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {

    #[test]
    fn groups_digits_by_three() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(300), "300");
        assert_eq!(super::thousands(1_050), "1,050");
        assert_eq!(super::thousands(50_000), "50,000");
        assert_eq!(super::thousands(1_234_567), "1,234,567");
    }
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
        let ids = |fit: Vec<(usize, u16)>| fit.into_iter().map(|(i, _)| i).collect::<Vec<_>>();
        assert_eq!(ids(fit_columns(&cols, &[], 32)), [0, 2, 3]);
        assert_eq!(ids(fit_columns(&cols, &[], 21)), [0, 2]);
        let wide = fit_columns(&cols, &[], 60);
        assert_eq!(wide.len(), 4);
        assert_eq!(
            wide[0].1,
            10 + 60 - 43,
            "the flex column takes the spare room"
        );
        let very_wide = fit_columns(&cols, &[], 200);
        assert_eq!(very_wide[0].1, 10 + 24, "up to a cap");
    }

    #[test]
    fn essential_text_wins_over_optional_columns() {
        // A 30-character reason in an essential flex column of width 10, and two optional columns.
        let cols = [
            col("REASON", 0, 10, true),
            col("GROUP", 2, 10, false),
            col("LAST", 1, 10, false),
        ];
        let wants = [30, 10, 10];
        let fit = fit_columns(&cols, &wants, 42);
        assert_eq!(
            fit,
            [(0, 31), (2, 10)],
            "LAST fits beside the whole reason; GROUP would clip it"
        );
        let roomy = fit_columns(&cols, &wants, 60);
        assert_eq!(roomy.len(), 3);
        assert!(roomy[0].1 >= 30);
    }

    #[test]
    fn long_text_is_clipped_with_an_ellipsis() {
        assert_eq!(align("checkout-service", false, 8), "checkou…");
        assert_eq!(align("42", true, 5), "   42");
    }
}
