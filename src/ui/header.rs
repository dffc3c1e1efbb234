//! The header: where you are (target, cluster, view), the keys that matter here, and the logo.
//! Tall terminals get five lines; short ones one.

use crate::app::keys::Action;
use crate::app::layout::TALL;
use crate::app::App;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

const LOGO: [&str; 3] = [
    "┏━╸┏━╸┏━┓╺┳┓┏━╸┏━╸╻┏ ",
    "┣╸ ┃  ┗━┓ ┃┃┣╸ ┃  ┣┻┓",
    "┗━╸┗━╸┗━┛╺┻┛┗━╸┗━╸╹ ╹",
];

/// The key hints of the view on screen, from the key table, with their actions.
fn hints(app: &App) -> Vec<(String, &'static str, Action)> {
    app.keymap
        .for_view(app.view().kind.tag())
        // An action whose keys were all remapped away has no hint (it is still listed in `?`).
        .filter_map(|b| Some((format!("<{}>", b.keys.first()?), b.hint?, b.action)))
        .collect()
}

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    if area.height == 0 {
        return;
    }
    if area.height < 5 || app.size.height < TALL {
        return draw_compact(frame, app, area);
    }
    let theme = &app.theme;
    // At least 30 columns for the context, never more than half the width (a narrow split).
    let wanted = (app.target.chars().count() as u16)
        .saturating_add(10)
        .max(30);
    let ctx_width = wanted.min(area.width / 2);
    // The logo only where it fits whole beside the context and a column of hints.
    let logo = !app.chrome.logoless && area.width >= ctx_width + 2 + 24 + 22;
    let [ctx_area, hint_area, logo_area] = Layout::horizontal([
        Constraint::Length(ctx_width + 2),
        Constraint::Min(20),
        Constraint::Length(if logo { 22 } else { 0 }),
    ])
    .areas(area);
    let label = |k: &str| {
        Span::styled(
            format!("{k:<9}"),
            Style::default()
                .fg(theme.warning)
                .add_modifier(Modifier::BOLD),
        )
    };
    let value = |v: String| Span::styled(v, Style::default().fg(theme.body_fg));
    let cluster = app.current_cluster().unwrap_or("–").to_string();
    let ctx = vec![
        Line::from(vec![label("Context:"), value(app.target.clone())]),
        Line::from(vec![label("Cluster:"), value(cluster)]),
        Line::from(vec![label("View:"), value(app.view_title(app.view()))]),
        Line::from(vec![label("Refresh:"), value(refresh_text(app))]),
        Line::from(vec![
            label("ecsdeck:"),
            value(format!("v{}", env!("CARGO_PKG_VERSION"))),
        ]),
    ];
    frame.render_widget(Paragraph::new(ctx), ctx_area);

    let hints = hints(app);
    let rows = area.height as usize;
    let col_w = 24u16;
    let cols = (hint_area.width / col_w).max(1) as usize;
    let mut lines: Vec<Line> = (0..rows).map(|_| Line::default()).collect();
    for (n, (key, help, _)) in hints.iter().take(rows * cols).enumerate() {
        let line = &mut lines[n % rows];
        line.spans.push(Span::styled(
            format!("{key:<8}"),
            Style::default().fg(theme.key).add_modifier(Modifier::BOLD),
        ));
        let text: String = help.chars().take(col_w as usize - 9).collect();
        line.spans.push(Span::styled(
            format!("{text:<w$}", w = col_w as usize - 8),
            Style::default().fg(theme.faint),
        ));
    }
    frame.render_widget(Paragraph::new(lines), hint_area);

    if !logo {
        return;
    }
    let logo: Vec<Line> = LOGO
        .iter()
        .map(|l| {
            Line::styled(
                *l,
                Style::default().fg(theme.logo).add_modifier(Modifier::BOLD),
            )
        })
        .collect();
    frame.render_widget(Paragraph::new(logo).right_aligned(), logo_area);
}

fn refresh_text(app: &App) -> String {
    use crate::app::event_mode::RefreshMode;
    match app.refresh_mode() {
        RefreshMode::Events { reconcile } => {
            format!("events, re-listed every {}s", reconcile.as_secs())
        }
        RefreshMode::Polling(every) => {
            format!("every {}s, what is on screen only", every.as_secs())
        }
        RefreshMode::Local => "local".into(),
    }
}

fn draw_compact(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let mut spans = vec![
        Span::styled(
            " ecsdeck ",
            Style::default()
                .fg(theme.crumb_fg)
                .bg(theme.logo)
                .add_modifier(Modifier::BOLD),
        ),
        Span::raw(" "),
    ];
    // The keys first: the target is the part that may be cut at the right edge. Chosen by
    // action, so a remapped key is hinted as what it now is.
    const COMPACT: [Action; 4] = [Action::Filter, Action::Command, Action::Help, Action::Quit];
    for (key, help, _) in hints(app)
        .into_iter()
        .filter(|(_, _, a)| COMPACT.contains(a))
    {
        spans.push(Span::styled(
            key,
            Style::default().fg(theme.key).add_modifier(Modifier::BOLD),
        ));
        spans.push(Span::styled(
            format!("{help} "),
            Style::default().fg(theme.faint),
        ));
    }
    spans.push(Span::styled(
        format!("│ {}", app.target),
        Style::default().fg(theme.body_fg),
    ));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
