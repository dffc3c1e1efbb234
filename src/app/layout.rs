//! Screen geometry as a pure function of the terminal size and the view: `update` uses it to know
//! how many rows a page holds, the renderer to place widgets. One function, so they agree.

use super::view::ViewTag;
use ratatui::layout::Rect;

/// Terminals at least this tall get the full header (context, hints, logo).
pub const TALL: u16 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub header: Rect,
    pub table: Rect,
    pub events: Option<Rect>,
    pub crumbs: Rect,
    pub status: Rect,
}

/// What surrounds the views (dashboard flags).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Chrome {
    /// No header at all (`--headless`).
    pub headless: bool,
    /// A header without the logo (`--logoless`).
    pub logoless: bool,
}

pub fn areas(size: Rect, view: ViewTag, show_events: bool, chrome: Chrome) -> Areas {
    let header_h = if chrome.headless {
        0
    } else if size.height >= TALL {
        5
    } else {
        1
    };
    let header_h = header_h.min(size.height);
    let body_h = size.height.saturating_sub(header_h + 2);
    let events_h = if matches!(view, ViewTag::Services | ViewTag::Deployments) && show_events {
        match body_h {
            h if h >= 30 => h / 3,
            h if h >= 16 => 7,
            _ => 0,
        }
    } else {
        0
    };
    let table_h = body_h - events_h;
    let row = |y: u16, h: u16| Rect {
        x: size.x,
        y,
        width: size.width,
        height: h,
    };
    let y0 = size.y;
    Areas {
        header: row(y0, header_h),
        table: row(y0 + header_h, table_h),
        events: (events_h > 0).then(|| row(y0 + header_h + table_h, events_h)),
        crumbs: row(
            y0 + header_h + body_h,
            1.min(size.height.saturating_sub(header_h)),
        ),
        status: row(
            y0 + header_h + body_h + 1,
            1.min(size.height.saturating_sub(header_h + 1)),
        ),
    }
}

impl Areas {
    /// The table and the events pane together: where full-screen views go.
    pub fn body(&self) -> Rect {
        Rect {
            height: self.table.height + self.events.map_or(0, |e| e.height),
            ..self.table
        }
    }
}

/// Rows of data a table shows: its area less the borders and the column header.
pub fn page_rows(table: Rect) -> usize {
    table.height.saturating_sub(3) as usize
}
