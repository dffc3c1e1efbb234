//! Colours by role, never by widget: the renderer asks for "the cursor" or "a row that is gone",
//! and a theme answers.

use ratatui::style::Color;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub name: String,
    pub body_fg: Color,
    pub body_bg: Color,
    pub border: Color,
    pub border_focus: Color,
    pub title: Color,
    pub table_header: Color,
    pub cursor_fg: Color,
    pub cursor_bg: Color,
    pub new: Color,
    pub modified: Color,
    pub gone: Color,
    pub good: Color,
    pub busy: Color,
    pub warning: Color,
    pub error: Color,
    pub faint: Color,
    pub info: Color,
    pub key: Color,
    pub crumb_fg: Color,
    pub crumb_bg: Color,
    pub crumb_active_bg: Color,
    pub logo: Color,
}

impl Default for Theme {
    /// The dark default.
    fn default() -> Self {
        Self {
            name: "default".into(),
            body_fg: Color::Rgb(0xd0, 0xd7, 0xde),
            body_bg: Color::Reset,
            border: Color::Rgb(0x3b, 0x8e, 0xea),
            border_focus: Color::Rgb(0x5c, 0xc8, 0xff),
            title: Color::Rgb(0x5c, 0xc8, 0xff),
            table_header: Color::Rgb(0xe5, 0xe5, 0xe5),
            cursor_fg: Color::Rgb(0x0d, 0x11, 0x17),
            cursor_bg: Color::Rgb(0x5c, 0xc8, 0xff),
            new: Color::Rgb(0x3f, 0xe0, 0x7f),
            modified: Color::Rgb(0xff, 0xd1, 0x66),
            gone: Color::Rgb(0x8b, 0x94, 0x9e),
            good: Color::Rgb(0x3f, 0xb9, 0x50),
            busy: Color::Rgb(0x79, 0xc0, 0xff),
            warning: Color::Rgb(0xf0, 0xb7, 0x2f),
            error: Color::Rgb(0xff, 0x5f, 0x5f),
            faint: Color::Rgb(0x6e, 0x76, 0x81),
            info: Color::Rgb(0xd0, 0xd7, 0xde),
            key: Color::Rgb(0xd2, 0xa8, 0xff),
            crumb_fg: Color::Rgb(0x0d, 0x11, 0x17),
            crumb_bg: Color::Rgb(0x8b, 0x94, 0x9e),
            crumb_active_bg: Color::Rgb(0xff, 0xa6, 0x57),
            logo: Color::Rgb(0xff, 0xa6, 0x57),
        }
    }
}
