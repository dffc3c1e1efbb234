//! Colours by role, never by widget: the renderer asks for "the cursor" or "a row that is gone",
//! and a theme answers.

use ratatui::style::Color;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub name: String,
    /// Mark the cursor row with reverse video (for themes without colour).
    pub reverse_cursor: bool,
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
            reverse_cursor: false,
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

/// The themes that ship with ecsdeck (`themes/` in the repository), by name.
pub const BUNDLED: &[(&str, &str)] = &[
    ("default", include_str!("../../themes/default.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
    ("mono", include_str!("../../themes/mono.toml")),
];

/// Where user themes live: `$XDG_DATA_HOME/ecsdeck/themes/NAME.toml`.
pub fn user_theme_dir() -> Option<std::path::PathBuf> {
    directories::ProjectDirs::from("", "", "ecsdeck").map(|d| d.data_dir().join("themes"))
}

/// How many colours the terminal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorDepth {
    TrueColor,
    Ansi256,
    Ansi16,
}

impl ColorDepth {
    /// From COLORTERM and TERM, as terminals announce it.
    pub fn detect() -> Self {
        let colorterm = std::env::var("COLORTERM")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let term = std::env::var("TERM").unwrap_or_default();
        if colorterm.contains("truecolor") || colorterm.contains("24bit") {
            ColorDepth::TrueColor
        } else if term.contains("256") {
            ColorDepth::Ansi256
        } else {
            ColorDepth::Ansi16
        }
    }
}

/// NO_COLOR is set (to anything non-empty): no colour at all.
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Pick a theme: NO_COLOR means `mono`; else a user theme of that name, else a bundled one. A
/// missing or broken theme is a warning and the default. Colours are then fitted to the terminal.
pub fn select(name: &str, no_color: bool, depth: ColorDepth) -> (Theme, Vec<String>) {
    let name = if no_color { "mono" } else { name };
    let user = user_theme_dir().map(|d| d.join(format!("{name}.toml")));
    let source = match user.as_ref().and_then(|p| {
        std::fs::read_to_string(p)
            .ok()
            .map(|t| (t, p.display().to_string()))
    }) {
        Some(found) => Some(found),
        None => BUNDLED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(n, t)| (t.to_string(), format!("bundled theme {n}"))),
    };
    let (theme, warnings) = match source {
        None => (Theme::default(), vec![format!("no theme named `{name}`; using the default (bundled: default, light, high-contrast, mono)")]),
        Some((text, origin)) => match parse(&text, &origin) {
            Ok((mut theme, warnings)) => {
                theme.name = name.to_string();
                (theme, warnings)
            }
            Err(e) => (Theme::default(), vec![e]),
        },
    };
    (theme.fit(depth), warnings)
}

/// A theme file: roles over the default theme. Unknown roles and bad colours are warnings.
pub fn parse(text: &str, origin: &str) -> Result<(Theme, Vec<String>), String> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let first = e
            .to_string()
            .lines()
            .next()
            .unwrap_or("invalid TOML")
            .trim_start_matches("TOML parse error at ")
            .to_string();
        format!("{origin}: {first}; using the default theme")
    })?;
    let mut theme = Theme::default();
    let mut warnings = Vec::new();
    for (key, value) in &table {
        if key == "reverse_cursor" {
            match value.as_bool() {
                Some(b) => theme.reverse_cursor = b,
                None => warnings.push(format!("{origin}: reverse_cursor must be true or false")),
            }
            continue;
        }
        let Some(slot) = theme.role_mut(key) else {
            warnings.push(format!("{origin}: unknown colour role `{key}` (ignored)"));
            continue;
        };
        match value.as_str().map(parse_color) {
            Some(Ok(c)) => *slot = c,
            Some(Err(e)) => warnings.push(format!("{origin}: {key}: {e}")),
            None => warnings.push(format!(
                "{origin}: {key}: a colour is a string such as \"#ff8800\""
            )),
        }
    }
    Ok((theme, warnings))
}

/// `#rrggbb`, a colour name, an xterm-256 index, or `reset`.
pub fn parse_color(s: &str) -> Result<Color, String> {
    let t = s.trim().to_ascii_lowercase();
    if let Some(hex) = t.strip_prefix('#') {
        if hex.len() == 6 {
            if let Ok(v) = u32::from_str_radix(hex, 16) {
                return Ok(Color::Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8));
            }
        }
        return Err(format!("`{s}` is not a #rrggbb colour"));
    }
    if let Ok(i) = t.parse::<u8>() {
        return Ok(Color::Indexed(i));
    }
    Ok(match t.as_str() {
        "reset" | "default" | "none" => Color::Reset,
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" | "grey" => Color::Gray,
        "darkgray" | "darkgrey" => Color::DarkGray,
        "lightred" => Color::LightRed,
        "lightgreen" => Color::LightGreen,
        "lightyellow" => Color::LightYellow,
        "lightblue" => Color::LightBlue,
        "lightmagenta" => Color::LightMagenta,
        "lightcyan" => Color::LightCyan,
        "white" => Color::White,
        _ => {
            return Err(format!(
                "`{s}` is not a colour (#rrggbb, a name, 0–255 or reset)"
            ))
        }
    })
}

impl Theme {
    fn role_mut(&mut self, role: &str) -> Option<&mut Color> {
        Some(match role {
            "body_fg" => &mut self.body_fg,
            "body_bg" => &mut self.body_bg,
            "border" => &mut self.border,
            "border_focus" => &mut self.border_focus,
            "title" => &mut self.title,
            "table_header" => &mut self.table_header,
            "cursor_fg" => &mut self.cursor_fg,
            "cursor_bg" => &mut self.cursor_bg,
            "new" => &mut self.new,
            "modified" => &mut self.modified,
            "gone" => &mut self.gone,
            "good" => &mut self.good,
            "busy" => &mut self.busy,
            "warning" => &mut self.warning,
            "error" => &mut self.error,
            "faint" => &mut self.faint,
            "info" => &mut self.info,
            "key" => &mut self.key,
            "crumb_fg" => &mut self.crumb_fg,
            "crumb_bg" => &mut self.crumb_bg,
            "crumb_active_bg" => &mut self.crumb_active_bg,
            "logo" => &mut self.logo,
            _ => return None,
        })
    }

    /// Every role, for fitting and for tests.
    pub const ROLES: [&'static str; 22] = [
        "body_fg",
        "body_bg",
        "border",
        "border_focus",
        "title",
        "table_header",
        "cursor_fg",
        "cursor_bg",
        "new",
        "modified",
        "gone",
        "good",
        "busy",
        "warning",
        "error",
        "faint",
        "info",
        "key",
        "crumb_fg",
        "crumb_bg",
        "crumb_active_bg",
        "logo",
    ];

    /// The same theme in the colours the terminal has.
    pub fn fit(mut self, depth: ColorDepth) -> Self {
        for role in Self::ROLES {
            if let Some(c) = self.role_mut(role) {
                *c = degrade(*c, depth);
            }
        }
        self
    }
}

/// An RGB colour as the nearest of 256 or 16; other colours as they are.
pub fn degrade(c: Color, depth: ColorDepth) -> Color {
    let Color::Rgb(r, g, b) = c else { return c };
    match depth {
        ColorDepth::TrueColor => c,
        ColorDepth::Ansi256 => Color::Indexed(nearest_256(r, g, b)),
        ColorDepth::Ansi16 => nearest_16(r, g, b),
    }
}

fn dist(a: (u8, u8, u8), b: (u8, u8, u8)) -> u32 {
    let d = |x: u8, y: u8| (x as i32 - y as i32).pow(2) as u32;
    d(a.0, b.0) + d(a.1, b.1) + d(a.2, b.2)
}

fn nearest_256(r: u8, g: u8, b: u8) -> u8 {
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    let step = |v: u8| {
        (0..6)
            .min_by_key(|&i| (LEVELS[i] as i32 - v as i32).abs())
            .unwrap_or(0)
    };
    let (ri, gi, bi) = (step(r), step(g), step(b));
    let cube = (16 + 36 * ri + 6 * gi + bi) as u8;
    let cube_rgb = (LEVELS[ri], LEVELS[gi], LEVELS[bi]);
    let avg = ((r as u32 + g as u32 + b as u32) / 3) as u8;
    let gi = ((avg.saturating_sub(8)) / 10).min(23);
    let gray = 232 + gi;
    let gray_v = 8 + 10 * gi;
    if dist((r, g, b), (gray_v, gray_v, gray_v)) < dist((r, g, b), cube_rgb) {
        gray
    } else {
        cube
    }
}

fn nearest_16(r: u8, g: u8, b: u8) -> Color {
    const BASIC: [(Color, (u8, u8, u8)); 16] = [
        (Color::Black, (0, 0, 0)),
        (Color::Red, (205, 0, 0)),
        (Color::Green, (0, 205, 0)),
        (Color::Yellow, (205, 205, 0)),
        (Color::Blue, (0, 0, 238)),
        (Color::Magenta, (205, 0, 205)),
        (Color::Cyan, (0, 205, 205)),
        (Color::Gray, (229, 229, 229)),
        (Color::DarkGray, (127, 127, 127)),
        (Color::LightRed, (255, 0, 0)),
        (Color::LightGreen, (0, 255, 0)),
        (Color::LightYellow, (255, 255, 0)),
        (Color::LightBlue, (92, 92, 255)),
        (Color::LightMagenta, (255, 0, 255)),
        (Color::LightCyan, (0, 255, 255)),
        (Color::White, (255, 255, 255)),
    ];
    BASIC
        .iter()
        .min_by_key(|(_, rgb)| dist((r, g, b), *rgb))
        .map(|(c, _)| *c)
        .unwrap_or(Color::Reset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_theme_loads_cleanly_and_sets_every_role() {
        for (name, text) in BUNDLED {
            let (theme, warnings) = parse(text, name).expect("parses");
            assert!(warnings.is_empty(), "{name}: {warnings:?}");
            let table: toml::Table = text.parse().unwrap();
            for role in Theme::ROLES {
                assert!(table.contains_key(role), "{name} sets {role}");
            }
            assert_eq!(theme.reverse_cursor, *name == "mono");
        }
    }

    #[test]
    fn broken_themes_warn_and_fall_back() {
        assert_eq!(
            parse("body_fg = ", "t.toml").unwrap_err(),
            "t.toml: line 1, column 11; using the default theme"
        );
        let (theme, w) = parse("body_fg = \"#zzzzzz\"\nshiny = \"red\"", "t.toml").unwrap();
        assert_eq!(
            w,
            [
                "t.toml: body_fg: `#zzzzzz` is not a #rrggbb colour",
                "t.toml: unknown colour role `shiny` (ignored)"
            ]
        );
        assert_eq!(theme.body_fg, Theme::default().body_fg);
        let (theme, w) = select("no-such-theme", false, ColorDepth::TrueColor);
        assert_eq!(theme, Theme::default());
        assert!(w[0].starts_with("no theme named `no-such-theme`"));
    }

    #[test]
    fn no_color_always_means_mono() {
        let (theme, _) = select("light", true, ColorDepth::TrueColor);
        assert_eq!(theme.name, "mono");
        assert!(theme.reverse_cursor);
    }

    #[test]
    fn colours_degrade_to_what_the_terminal_has() {
        assert_eq!(
            degrade(Color::Rgb(255, 0, 0), ColorDepth::Ansi16),
            Color::LightRed
        );
        assert_eq!(
            degrade(Color::Rgb(255, 0, 0), ColorDepth::Ansi256),
            Color::Indexed(196)
        );
        assert_eq!(
            degrade(Color::Rgb(128, 128, 128), ColorDepth::Ansi256),
            Color::Indexed(244)
        );
        assert_eq!(
            degrade(Color::Rgb(1, 2, 3), ColorDepth::TrueColor),
            Color::Rgb(1, 2, 3)
        );
        assert_eq!(degrade(Color::Reset, ColorDepth::Ansi16), Color::Reset);
        let fitted = Theme::default().fit(ColorDepth::Ansi16);
        assert!(Theme::ROLES
            .iter()
            .all(|_| !matches!(fitted.error, Color::Rgb(..))));
    }
}
