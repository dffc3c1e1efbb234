//! The service events pane: the ECS events of the selected (or watched) service, newest first.

use crate::app::view::ViewKind;
use crate::app::App;
use crate::model::{format_age, Service};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};
use ratatui::Frame;

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let view = app.view();
    let cluster = app.current_cluster().unwrap_or_default();
    let (name, events) = match (view.rows::<Service>(), &view.kind) {
        (Some(t), _) => match t.selected() {
            Some(s) => (
                Some(s.name.as_str()),
                app.service_events(cluster, &s.name, &s.events),
            ),
            None => (None, Vec::new()),
        },
        (None, ViewKind::Deployments { service, .. }) => (
            Some(service.as_str()),
            app.service_events(cluster, service, &view.events),
        ),
        _ => return,
    };
    let title = match name {
        Some(n) => format!(" events({n}) "),
        None => " events ".to_string(),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(Style::default().fg(theme.border))
        .title(Span::styled(
            title,
            Style::default()
                .fg(theme.title)
                .add_modifier(Modifier::BOLD),
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if name.is_none() {
        return;
    }
    let lines: Vec<Line> = events
        .iter()
        .take(inner.height as usize)
        .map(|e| {
            let when = e
                .created_at
                .map_or_else(|| "–".to_string(), |t| t.format("%H:%M:%S").to_string());
            let age = e
                .created_at
                .map_or_else(String::new, |t| format_age(t, app.now));
            let m = &e.message;
            let color = if m.contains("unable")
                || m.contains("failed")
                || m.contains("FAILED")
                || m.contains("rolling back")
            {
                theme.error
            } else if m.contains("steady state")
                || m.contains("STEADY_STATE")
                || m.contains("deployment completed")
                || m.contains("COMPLETED")
            {
                theme.good
            } else {
                theme.body_fg
            };
            Line::from(vec![
                Span::styled(
                    format!("{when} {age:>6}  "),
                    Style::default().fg(theme.faint),
                ),
                Span::styled(m.clone(), Style::default().fg(color)),
            ])
        })
        .collect();
    let text = if lines.is_empty() {
        vec![Line::styled("no events", Style::default().fg(theme.faint))]
    } else {
        lines
    };
    frame.render_widget(Paragraph::new(text), inner);
}
