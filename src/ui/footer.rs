//! The bottom two lines: breadcrumbs (or the prompt being typed) and the status line.

use crate::app::screens::viewer::Typing;
use crate::app::status::Severity;
use crate::app::{App, Mode, Prompt};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;

/// Whether the breadcrumbs' row holds something being typed (a prompt, a search).
pub fn typing(app: &App) -> bool {
    match &app.mode {
        Mode::Command(_) | Mode::Filter { .. } => true,
        Mode::Logs(v) => v.typing.is_some(),
        Mode::Describe(s) => s.text.typing.is_some(),
        Mode::Diff(s) => s.text.typing.is_some(),
        Mode::Output(s) => s.text.typing.is_some(),
        Mode::Help(s) => s.doc.typing.is_some(),
        _ => false,
    }
}

pub fn draw_crumbs(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let line = match &app.mode {
        Mode::Command(p) => prompt_line(app, ':', p),
        Mode::Filter { prompt, .. } => prompt_line(app, '/', prompt),
        Mode::Logs(v) if v.typing.is_some() => typing_line(app, v.typing.as_ref()),
        Mode::Describe(s) if s.text.typing.is_some() => typing_line(app, s.text.typing.as_ref()),
        Mode::Diff(s) if s.text.typing.is_some() => typing_line(app, s.text.typing.as_ref()),
        Mode::Output(s) if s.text.typing.is_some() => typing_line(app, s.text.typing.as_ref()),
        Mode::Help(s) if s.doc.typing.is_some() => typing_line(app, s.doc.typing.as_ref()),
        _ => {
            let last = app.stack.len() - 1;
            let spans: Vec<Span> = app
                .stack
                .iter()
                .enumerate()
                .flat_map(|(i, v)| {
                    let bg = if i == last {
                        theme.crumb_active_bg
                    } else {
                        theme.crumb_bg
                    };
                    [
                        Span::styled(
                            format!(" <{}> ", v.kind.crumb()),
                            Style::default().fg(theme.crumb_fg).bg(bg).add_modifier(
                                if theme.reverse_cursor && i == last {
                                    Modifier::BOLD | Modifier::REVERSED
                                } else {
                                    Modifier::BOLD
                                },
                            ),
                        ),
                        Span::raw(" "),
                    ]
                })
                .collect();
            Line::from(spans)
        }
    };
    let events = events_state(app);
    let width = events.width() as u16;
    let left = Rect {
        width: area.width.saturating_sub(width + 1),
        ..area
    };
    frame.render_widget(Paragraph::new(line), left);
    if area.width > width + 30 {
        frame.render_widget(
            Paragraph::new(events),
            Rect {
                x: area.x + area.width - width,
                width,
                ..area
            },
        );
    }
}

/// `events ● live 3s` on the right of the breadcrumbs: where the screen's truth comes from.
fn events_state(app: &App) -> Line<'static> {
    use crate::model::LogMode;
    let theme = &app.theme;
    let e = &app.events;
    if let Some(why) = &e.off {
        let short: String = why.chars().take(60).collect();
        return Line::from(Span::styled(
            format!("events off: {short}"),
            Style::default().fg(theme.faint),
        ));
    }
    let Some(feed) = &e.feed else {
        return Line::from(Span::styled("events …", Style::default().fg(theme.faint)));
    };
    let (label, colour) = match feed.mode {
        LogMode::Live => ("events ● live", theme.good),
        LogMode::Polling => ("events ◌ polling", theme.busy),
        LogMode::Paused | LogMode::Loading => ("events …", theme.faint),
    };
    let mut spans = vec![Span::styled(label, Style::default().fg(colour))];
    if let Some(age) = e.last_event_age(app.now) {
        spans.push(Span::styled(
            format!(" · last {age}"),
            Style::default().fg(theme.faint),
        ));
    }
    Line::from(spans)
}

/// A search (or a logs filter) being typed in a text screen.
fn typing_line(app: &App, typing: Option<&Typing>) -> Line<'static> {
    let t = typing.cloned().unwrap_or_default();
    let p = Prompt {
        text: t.text,
        error: t.error,
        candidates: Vec::new(),
        recalled: None,
    };
    prompt_line(app, t.purpose.sigil(), &p)
}

fn prompt_line(app: &App, sigil: char, p: &Prompt) -> Line<'static> {
    let theme = &app.theme;
    let mut spans = vec![Span::styled(
        format!("{sigil}"),
        Style::default().fg(theme.key).add_modifier(Modifier::BOLD),
    )];
    spans.extend(super::widgets::line_input(
        &p.text,
        Style::default().fg(theme.body_fg),
        Style::default().fg(theme.key),
    ));
    if let Some(err) = &p.error {
        spans.push(Span::styled(
            format!("  {err}"),
            Style::default().fg(theme.error),
        ));
    } else if !p.candidates.is_empty() {
        spans.push(Span::styled(
            format!("  {}", p.candidates.join("  ")),
            Style::default().fg(theme.faint),
        ));
    }
    Line::from(spans)
}

/// The status line. A message wider than the screen takes the breadcrumbs' row too (unless
/// something is being typed there), so a sentence and its fix are read whole at 80 columns.
pub fn draw_status(frame: &mut Frame, app: &App, crumbs: Rect, area: Rect) {
    let theme = &app.theme;
    // The newest message while it is fresh; else the error of the view on screen while it lasts.
    let view_error = app.view().fetch.error.as_ref().map(|(e, at)| {
        let severity = if e.is_transient() {
            Severity::Warn
        } else {
            Severity::Error
        };
        let label = app
            .view()
            .kind
            .query()
            .map(|q| q.label())
            .unwrap_or_default();
        (
            severity,
            format!("{label}: {e} (since {})", at.format("%H:%M:%S")),
        )
    });
    // Waiting to quit outranks everything: say what is waited for, and for how long at most.
    let quitting = app.quitting.map(|at| {
        (
            Severity::Warn,
            format!(
                "quitting in {}s: waiting for {} change(s) under way — q again: quit now",
                (at - app.now).num_seconds().max(0),
                app.changes_in_flight
            ),
        )
    });
    let (severity, text) = match (quitting, app.status.current(), view_error) {
        (Some(q), _, _) => q,
        (None, Some(m), _) => (m.severity, m.text.clone()),
        (None, None, Some(e)) => e,
        (None, None, None) => return,
    };
    let (color, tag) = match severity {
        Severity::Info => (theme.info, "info"),
        Severity::Warn => (theme.warning, "warn"),
        Severity::Error => (theme.error, "error"),
    };
    let line = Line::from(vec![
        Span::styled(
            format!(" {tag} "),
            Style::default()
                .fg(theme.crumb_fg)
                .bg(color)
                .add_modifier(Modifier::BOLD),
        ),
        Span::styled(format!(" {text} "), Style::default().fg(color)),
        Span::styled("(m: history)", Style::default().fg(theme.faint)),
    ]);
    let paragraph = Paragraph::new(line).wrap(Wrap { trim: false });
    let area = if paragraph.line_count(area.width) > 1
        && crumbs.height > 0
        && crumbs.y + 1 == area.y
        && !typing(app)
    {
        Rect {
            y: crumbs.y,
            height: crumbs.height + area.height,
            ..area
        }
    } else {
        area
    };
    frame.render_widget(Clear, area);
    frame.render_widget(paragraph, area);
}
