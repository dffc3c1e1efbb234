//! The pictures in the README: screens of the demo account drawn to the test backend and written
//! as SVG with the theme's colours (docs/screenshots/). The test compares them with the committed
//! files, so a change to a screen fails here until the pictures are regenerated — they never go
//! stale. Regenerate with `ECSDECK_UPDATE_SCREENSHOTS=1 cargo test --test it screenshots`.

use crossterm::event::KeyCode;
use ecsdeck::harness::Harness;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use std::fmt::Write;

const CELL_W: f32 = 8.4;
const CELL_H: f32 = 17.0;
const BACKGROUND: &str = "#0d1117";
const FOREGROUND: &str = "#d0d7de";

/// The 16 standard colours as a dark terminal shows them.
fn named(c: Color) -> Option<&'static str> {
    Some(match c {
        Color::Black => "#1b1f23",
        Color::Red => "#ff5f5f",
        Color::Green => "#3fb950",
        Color::Yellow => "#f0b72f",
        Color::Blue => "#3b8eea",
        Color::Magenta => "#d2a8ff",
        Color::Cyan => "#5cc8ff",
        Color::Gray => "#d0d7de",
        Color::DarkGray => "#6e7681",
        Color::LightRed => "#ff7b72",
        Color::LightGreen => "#56d364",
        Color::LightYellow => "#ffd166",
        Color::LightBlue => "#79c0ff",
        Color::LightMagenta => "#e2c5ff",
        Color::LightCyan => "#a5d6ff",
        Color::White => "#ffffff",
        _ => return None,
    })
}

fn hex(c: Color, default: &str) -> String {
    match c {
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(n) => {
            // The xterm 256-colour cube and grey ramp.
            let n = n as u32;
            if n < 16 {
                return default.to_string();
            }
            if n >= 232 {
                let v = 8 + (n - 232) * 10;
                return format!("#{v:02x}{v:02x}{v:02x}");
            }
            let i = n - 16;
            let level = |x: u32| if x == 0 { 0 } else { 55 + x * 40 };
            format!(
                "#{:02x}{:02x}{:02x}",
                level(i / 36),
                level((i / 6) % 6),
                level(i % 6)
            )
        }
        other => named(other).unwrap_or(default).to_string(),
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The buffer as an SVG: a rectangle per run of one background, a text per run of one style.
pub fn svg(buf: &Buffer) -> String {
    let (w, h) = (buf.area.width, buf.area.height);
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{:.0}" height="{:.0}" font-family="ui-monospace, 'DejaVu Sans Mono', Menlo, monospace" font-size="14">"#,
        w as f32 * CELL_W + 16.0,
        h as f32 * CELL_H + 16.0
    );
    let _ = write!(
        out,
        r#"<rect width="100%" height="100%" rx="6" fill="{BACKGROUND}"/><g transform="translate(8 8)">"#
    );
    for y in 0..h {
        let mut x = 0;
        while x < w {
            let cell = &buf[(x, y)];
            let (fg, bg, bold, reversed) = (
                cell.fg,
                cell.bg,
                cell.modifier.contains(Modifier::BOLD),
                cell.modifier.contains(Modifier::REVERSED),
            );
            let mut end = x + 1;
            let mut text = cell.symbol().to_string();
            while end < w {
                let c = &buf[(end, y)];
                if c.fg != fg || c.bg != bg || c.modifier != cell.modifier {
                    break;
                }
                text.push_str(c.symbol());
                end += 1;
            }
            let (mut fg_hex, mut bg_hex) = (hex(fg, FOREGROUND), hex(bg, BACKGROUND));
            if reversed {
                std::mem::swap(&mut fg_hex, &mut bg_hex);
            }
            if bg_hex != BACKGROUND {
                let _ = write!(
                    out,
                    r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{CELL_H}" fill="{bg_hex}"/>"#,
                    x as f32 * CELL_W,
                    y as f32 * CELL_H,
                    (end - x) as f32 * CELL_W
                );
            }
            if !text.trim().is_empty() {
                let _ = write!(
                    out,
                    r#"<text x="{:.1}" y="{:.1}" fill="{fg_hex}"{} xml:space="preserve" textLength="{:.1}" lengthAdjust="spacingAndGlyphs">{}</text>"#,
                    x as f32 * CELL_W,
                    y as f32 * CELL_H + 13.0,
                    if bold { r#" font-weight="bold""# } else { "" },
                    (end - x) as f32 * CELL_W,
                    escape(&text)
                );
            }
            x = end;
        }
    }
    out.push_str("</g></svg>\n");
    out
}

fn command(h: &mut Harness, line: &str) {
    h.press(KeyCode::Char(':'));
    h.type_text(line);
    h.press(KeyCode::Enter);
}

/// The README's screens.
fn screens() -> Vec<(&'static str, Harness)> {
    let mut out = Vec::new();
    out.push(("clusters", Harness::new(120, 32)));
    let mut h = Harness::new(120, 32);
    command(&mut h, "svc prod-web");
    h.press(KeyCode::Char('j'));
    h.advance(5);
    out.push(("services", h));
    let mut h = Harness::new(120, 32);
    command(&mut h, "svc prod-web");
    h.press(KeyCode::Char('l'));
    h.advance(4);
    out.push(("logs", h));
    let mut h = Harness::new(120, 32);
    command(&mut h, "pulse");
    h.advance(3);
    out.push(("pulse", h));
    let mut h = Harness::new(120, 32);
    command(&mut h, "svc prod-batch");
    h.press(KeyCode::Char('s'));
    out.push(("dialog", h));
    out
}

#[test]
fn the_readme_pictures_are_the_screens_as_they_are() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
    let update = std::env::var_os("ECSDECK_UPDATE_SCREENSHOTS").is_some();
    let mut stale = Vec::new();
    for (name, h) in screens() {
        let picture = svg(&h.draw());
        let path = dir.join(format!("{name}.svg"));
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &picture).unwrap();
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(committed) if committed == picture => {}
            _ => stale.push(path.display().to_string()),
        }
    }
    assert!(
        stale.is_empty(),
        "these pictures no longer match the screens: {stale:?}; regenerate them with \
         ECSDECK_UPDATE_SCREENSHOTS=1 cargo test --test it screenshots"
    );
}

#[test]
fn the_svg_keeps_text_colours_and_escapes_markup() {
    let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, 6, 1));
    buf.set_string(
        0,
        0,
        "<a&b>",
        ratatui::style::Style::default().fg(Color::Rgb(1, 2, 3)),
    );
    let s = svg(&buf);
    assert!(s.contains(r##"fill="#010203""##), "{s}");
    assert!(s.contains("&lt;a&amp;b&gt;"), "{s}");
}
