//! Rendering: `draw(frame, app)` reads the state and never changes it. One file per region.

mod events;
mod footer;
mod header;
mod table;
pub mod widgets;

use crate::app::screens::{describe, dialog, diff, help, logs};
use crate::app::{App, Mode};
use ratatui::style::Style;
use ratatui::widgets::Block;
use ratatui::Frame;

pub fn draw(frame: &mut Frame, app: &App) {
    let theme = &app.theme;
    let area = frame.area();
    frame.render_widget(
        Block::default().style(Style::default().fg(theme.body_fg).bg(theme.body_bg)),
        area,
    );
    let areas = crate::app::layout::areas(
        area,
        app.view().kind.tag(),
        app.view().show_events,
        app.chrome,
    );
    header::draw(frame, app, areas.header);
    match &app.mode {
        Mode::Help(s) => {
            let body = ratatui::layout::Rect {
                height: areas.table.height + areas.events.map_or(0, |e| e.height),
                ..areas.table
            };
            help::draw(frame, app, s, body);
        }
        Mode::Logs(v) => logs::draw(frame, app, v, areas.body()),
        Mode::Describe(s) => {
            let body = ratatui::layout::Rect {
                height: areas.table.height + areas.events.map_or(0, |e| e.height),
                ..areas.table
            };
            describe::draw(frame, app, s, body);
        }
        Mode::Diff(s) => {
            let body = ratatui::layout::Rect {
                height: areas.table.height + areas.events.map_or(0, |e| e.height),
                ..areas.table
            };
            diff::draw(frame, app, s, body);
        }
        Mode::Output(s) => {
            let body = ratatui::layout::Rect {
                height: areas.table.height + areas.events.map_or(0, |e| e.height),
                ..areas.table
            };
            crate::app::screens::output::draw(frame, app, s, body);
        }
        _ => {
            table::draw(frame, app, areas.table);
            if let Some(ev) = areas.events {
                events::draw(frame, app, ev);
            }
        }
    }
    if let Mode::Dialog(d) = &app.mode {
        let body = ratatui::layout::Rect {
            height: areas.table.height + areas.events.map_or(0, |e| e.height),
            ..areas.table
        };
        dialog::draw(frame, app, d, body);
    }
    footer::draw_crumbs(frame, app, areas.crumbs);
    footer::draw_status(frame, app, areas.crumbs, areas.status);
}
