//! Widgets shared by the screens: their state and behaviour (drawing is in `ui::widgets`).

pub mod line_input;

pub use line_input::LineInput;
