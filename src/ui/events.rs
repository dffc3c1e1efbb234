//! The service events pane: the ECS events of the selected (or watched) service, newest first.

use crate::app::view::ViewKind;
use crate::app::App;
use crate::model::{format_age, Service};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
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
    let block = super::widgets::pane(theme, false).title(super::widgets::pane_title(theme, title));
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
