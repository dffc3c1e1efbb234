//! The logs view: a frame whose title says what is shown and how it is fed (live, polling, paused,
//! how far behind), the lines with their time and a coloured tag per task and container, search
//! matches highlighted, and a last row for what cannot be shown or the keys.

use super::{tag, LogView};
use crate::app::keys::{Action, KeyMap};
use crate::app::App;
use crate::model::{LogMode, LogStart};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

fn palette(app: &App) -> [Color; 6] {
    let t = &app.theme;
    [t.info, t.good, t.key, t.busy, t.modified, t.title]
}

fn ago(ms: i64) -> String {
    if ms < 10_000 {
        format!("{:.1}s", ms as f64 / 1000.0)
    } else {
        crate::model::format_age(
            chrono::DateTime::UNIX_EPOCH,
            chrono::DateTime::UNIX_EPOCH + chrono::Duration::milliseconds(ms),
        )
    }
}

/// `● live · 0.8s behind`, `polling · checked 3s ago`, `paused`.
fn feed_spans(app: &App, v: &LogView, full: bool) -> Vec<Span<'static>> {
    let theme = &app.theme;
    let now = app.now.timestamp_millis();
    let (dot, colour) = match v.feed.mode {
        LogMode::Live => ("● live", theme.good),
        LogMode::Polling => ("◌ polling", theme.busy),
        LogMode::Paused => ("‖ paused", theme.warning),
        LogMode::Loading => ("… loading", theme.faint),
    };
    let mut spans = vec![Span::styled(
        dot.to_string(),
        Style::default().fg(colour).add_modifier(Modifier::BOLD),
    )];
    let detail = match v.feed.mode {
        LogMode::Live | LogMode::Polling => match (v.feed.behind_ms, v.feed.checked_at) {
            (Some(b), _) => Some(format!(" · {} behind", ago(b))),
            (None, Some(at)) if full => Some(format!(" · checked {} ago", ago((now - at).max(0)))),
            _ => None,
        },
        _ => None,
    };
    if let Some(d) = detail {
        spans.push(Span::styled(d, Style::default().fg(theme.faint)));
    }
    if v.feed.sampled && v.feed.mode == LogMode::Live {
        spans.push(Span::styled(
            if full {
                " · sampled: over 500 lines/s, some not shown — 1–5 read every line of a window"
            } else {
                " · sampled (1–5: all)"
            },
            Style::default().fg(theme.warning),
        ));
    }
    spans
}

/// The frame's title; `full` adds the time window and the line count (dropped when narrow).
fn title(app: &App, v: &LogView, full: bool) -> Line<'static> {
    let theme = &app.theme;
    let start = match v.start {
        LogStart::Between { from, to } => super::window::label(
            super::window::Window { from, to },
            app.now,
            app.local_offset,
        ),
        other => other.label(),
    };
    let head = if full {
        format!(" logs({}) · {start} · ", v.scope.label())
    } else {
        format!(" logs({}) · ", v.scope.label())
    };
    let mut spans = vec![Span::styled(
        head,
        Style::default()
            .fg(theme.title)
            .add_modifier(Modifier::BOLD),
    )];
    spans.extend(feed_spans(app, v, full));
    if full {
        let mut count = format!(" · {} lines", v.lines.len());
        if v.dropped > 0 && v.lines.len() >= v.cap {
            count.push_str(&format!(" (bound {})", v.cap));
        }
        spans.push(Span::styled(count, Style::default().fg(theme.faint)));
    }
    if let Some((following, of)) = v.following.filter(|(f, of)| of > f) {
        let text = if full {
            format!(" · following {following} of {of} streams, most recent (W: a window reads all)")
        } else {
            format!(" · {following}/{of} streams")
        };
        spans.push(Span::styled(text, Style::default().fg(theme.warning)));
    }
    if let Some(at) = v.stopped_at {
        let when = chrono::DateTime::from_timestamp_millis(at)
            .map(|t| t.format("%H:%M:%S UTC").to_string())
            .unwrap_or_default();
        let ago = crate::model::format_age(
            chrono::DateTime::from_timestamp_millis(at).unwrap_or(app.now),
            app.now,
        );
        spans.push(Span::styled(
            format!(" · task stopped {when} ({ago} ago)"),
            Style::default().fg(theme.warning),
        ));
    }
    if let Some(p) = &v.pattern {
        spans.push(Span::styled(
            format!(" · found on the server: {p}"),
            Style::default().fg(theme.key),
        ));
    }
    if let (Some(at), true) = (v.reached, full) {
        let when = chrono::DateTime::from_timestamp_millis(at)
            .map(|t| t.format("%H:%M:%S").to_string())
            .unwrap_or_default();
        spans.push(Span::styled(
            format!(" · back to {when}"),
            Style::default().fg(theme.faint),
        ));
    }
    if let Some((text, _)) = &v.filter {
        spans.push(Span::styled(
            format!(" · &{text}: {} shown", v.shown.len()),
            Style::default().fg(theme.key),
        ));
    }
    if let Some((text, _)) = &v.search {
        spans.push(Span::styled(
            format!(" · /{text}: {} matches", v.search_hits),
            Style::default().fg(theme.key),
        ));
    }
    if v.top.is_some() {
        spans.push(Span::styled(
            format!(" · scrolled, {} new (End resumes)", v.unseen),
            Style::default().fg(theme.warning),
        ));
    }
    spans.push(Span::raw(" "));
    Line::from(spans)
}

/// One log line as styled segments: time, tag, text with the search's matches highlighted.
fn segments(app: &App, v: &LogView, seq: u64, tag_width: usize) -> Vec<(String, Style)> {
    let theme = &app.theme;
    let Some(l) = v.line(seq) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if v.timestamps {
        let t = chrono::DateTime::from_timestamp_millis(l.ts)
            .map(|t| t.format("%H:%M:%S%.3f ").to_string())
            .unwrap_or_else(|| "–            ".into());
        out.push((t, Style::default().fg(theme.faint)));
    }
    if v.sources.len() > 1 {
        let colours = palette(app);
        let s = v
            .sources
            .get(l.source as usize)
            .map(tag)
            .unwrap_or_default();
        let s: String = s.chars().take(tag_width).collect();
        out.push((
            format!("{s:<tag_width$} "),
            Style::default().fg(colours[l.source as usize % colours.len()]),
        ));
    }
    let base = Style::default().fg(theme.body_fg);
    let level = level_style(app, &l.text);
    let ranges = match &v.search {
        Some((_, f)) => {
            let lower = crate::app::filter::haystack_case(&l.text);
            // Byte offsets carry over only when lowercasing kept every length.
            if lower.len() == l.text.len() {
                f.ranges(&lower)
            } else if f.matches(&lower) {
                std::iter::once(0..l.text.len()).collect()
            } else {
                Vec::new()
            }
        }
        None => Vec::new(),
    };
    let text_style = level.unwrap_or(base);
    let hit = Style::default()
        .fg(theme.cursor_fg)
        .bg(theme.warning)
        .add_modifier(Modifier::BOLD);
    let mut at = 0;
    for r in ranges {
        if r.start < at || !l.text.is_char_boundary(r.start) || !l.text.is_char_boundary(r.end) {
            continue;
        }
        if r.start > at {
            out.push((l.text[at..r.start].to_string(), text_style));
        }
        out.push((l.text[r.clone()].to_string(), hit));
        at = r.end;
    }
    if at < l.text.len() {
        out.push((l.text[at..].to_string(), text_style));
    }
    out
}

/// Lines that say they are errors or warnings stand out.
fn level_style(app: &App, text: &str) -> Option<Style> {
    let head: String = text
        .chars()
        .take(48)
        .collect::<String>()
        .to_ascii_uppercase();
    let has = |w: &str| head.contains(w);
    if has("FATAL") || has("ERROR") || has("PANIC") || has("EXCEPTION") {
        Some(Style::default().fg(app.theme.error))
    } else if has("WARN") {
        Some(Style::default().fg(app.theme.warning))
    } else {
        None
    }
}

/// Cut styled segments into rows of `width` characters (wrap), or keep the first row only.
fn rows(segments: Vec<(String, Style)>, width: usize, wrap: bool) -> Vec<Line<'static>> {
    let width = width.max(1);
    let mut lines = vec![Vec::new()];
    let mut used = 0;
    for (text, style) in segments {
        let mut chunk = String::new();
        for c in text.chars() {
            if used == width {
                if !wrap {
                    break;
                }
                if !chunk.is_empty() {
                    if let Some(last) = lines.last_mut() {
                        last.push(Span::styled(std::mem::take(&mut chunk), style));
                    }
                }
                lines.push(Vec::new());
                used = 0;
            }
            chunk.push(c);
            used += 1;
        }
        if !chunk.is_empty() {
            if let Some(last) = lines.last_mut() {
                last.push(Span::styled(chunk, style));
            }
        }
    }
    lines.into_iter().map(Line::from).collect()
}

pub fn draw(frame: &mut Frame, app: &App, v: &LogView, area: Rect) {
    let theme = &app.theme;
    let block = crate::ui::widgets::pane(theme, true).title({
        let full = title(app, v, true);
        if full.width() + 2 <= area.width as usize {
            full
        } else {
            title(app, v, false)
        }
    });
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 {
        return;
    }
    let text_rows = inner.height.saturating_sub(1) as usize;
    let width = inner.width as usize;
    let tag_width = v.tag_width();
    let mut lines: Vec<Line> = Vec::new();
    if let Some(e) = &v.error {
        lines.push(Line::from(Span::styled(
            format!("cannot read the logs: {e}"),
            Style::default().fg(theme.error),
        )));
    } else if v.lines.is_empty() {
        let why = match v.feed.mode {
            LogMode::Loading => "finding the log streams…".to_string(),
            _ if v.sources.is_empty() && !v.unavailable.is_empty() => format!(
                "no container of this view logs to CloudWatch Logs:\n{}",
                v.unavailable.join("\n")
            ),
            _ => format!("no lines ({})", v.start.label()),
        };
        for (n, part) in why.split('\n').enumerate() {
            let colour = if n == 0 { theme.faint } else { theme.warning };
            lines.extend(rows(
                vec![(part.to_string(), Style::default().fg(colour))],
                width,
                true,
            ));
        }
    } else {
        for seq in v.visible(text_rows, width) {
            lines.extend(rows(segments(app, v, seq, tag_width), width, v.wrap));
        }
        // Following: the newest line is on the bottom row.
        if v.top.is_none() && lines.len() > text_rows {
            lines.drain(..lines.len() - text_rows);
        }
        lines.truncate(text_rows);
    }
    frame.render_widget(
        Paragraph::new(lines),
        Rect {
            height: text_rows as u16,
            ..inner
        },
    );
    // The last row: what cannot be shown, else the feed's note, else the keys.
    let last = Rect {
        y: inner.y + inner.height - 1,
        height: 1,
        ..inner
    };
    let note = if !v.unavailable.is_empty() {
        Span::styled(v.unavailable.join("; "), Style::default().fg(theme.warning))
    } else if let Some(n) = &v.listing_note {
        Span::styled(n.clone(), Style::default().fg(theme.warning))
    } else if let Some(n) = &v.feed.note {
        Span::styled(n.clone(), Style::default().fg(theme.faint))
    } else {
        Span::styled(key_line(&app.keymap), Style::default().fg(theme.faint))
    };
    frame.render_widget(Paragraph::new(Line::from(note)), last);
}

/// The logs view's keys, as they are in the key table now.
fn key_line(keys: &KeyMap) -> String {
    let k = |a| keys.key_of(a);
    format!(
        "{} search · {}/{} · {} only matching · {} follow · {} newest · {} wrap · {} time · {}-{} window · {} from..to · {}{} older/newer · {} find on server · {} save · {} clear · {} close",
        k(Action::Search),
        k(Action::NextMatch),
        k(Action::PreviousMatch),
        k(Action::OnlyMatching),
        k(Action::Follow),
        // The newest line: the key that is not a letter reads better here (End).
        keys.bindings()
            .iter()
            .find(|b| b.action == Action::Bottom)
            .and_then(|b| b.keys.last())
            .map_or_else(|| "-".to_string(), ToString::to_string),
        k(Action::Wrap),
        k(Action::Timestamps),
        k(Action::TailLines),
        k(Action::SinceTaskStart),
        k(Action::ReadWindow),
        k(Action::OlderLines),
        k(Action::NewerLines),
        k(Action::FindOnServer),
        k(Action::SaveLines),
        k(Action::ClearLines),
        k(Action::Close),
    )
}
