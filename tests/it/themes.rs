//! Every bundled theme renders (snapshots with colours), and NO_COLOR yields no colour escapes at
//! all on a real terminal backend.

use crossterm::event::KeyCode;
use ecsdeck::config::theme::{select, ColorDepth, BUNDLED};
use ecsdeck::harness::{styled_text, Harness};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;

fn services_with_a_change(h: &mut Harness) {
    h.press(KeyCode::Char(':'));
    h.type_text("tasks prod-web checkout");
    h.press(KeyCode::Enter);
    h.advance(6);
}

#[test]
fn every_bundled_theme_renders() {
    for (name, _) in BUNDLED {
        let mut h = Harness::new(80, 24);
        let (theme, warnings) = select(name, false, ColorDepth::TrueColor);
        assert!(warnings.is_empty(), "{name}: {warnings:?}");
        h.app.theme = theme;
        services_with_a_change(&mut h);
        insta::assert_snapshot!(format!("theme_{name}"), styled_text(&h.draw()));
    }
}

#[test]
fn no_color_writes_no_colour_escapes() {
    let mut h = Harness::new(100, 30);
    let (theme, _) = select("default", true, ColorDepth::TrueColor);
    h.app.theme = theme;
    services_with_a_change(&mut h);
    let written = Shared::default();
    let mut term = Terminal::new(CrosstermBackend::new(written.clone())).expect("terminal");
    // A real backend writing escapes into a buffer, sized like the harness screen.
    term.resize(ratatui::layout::Rect::new(0, 0, 100, 30))
        .unwrap();
    term.draw(|f| ecsdeck::ui::draw(f, &h.app)).unwrap();
    let out = String::from_utf8_lossy(&written.0.lock().unwrap()).to_string();
    assert!(
        out.contains("tasks(prod-web/checkout)"),
        "the screen was written"
    );
    // SGR colour parameters: 30–38, 40–48, 90–97, 100–107 (38 and 48 introduce 256/RGB colours).
    // 39 and 49 select the terminal's own default colours — no colour — and the backend writes
    // them after each frame, so they are allowed.
    let mut colour = Vec::new();
    for sgr in out.split("\x1b[").skip(1) {
        let Some(end) = sgr.find(|c: char| c.is_ascii_alphabetic()) else {
            continue;
        };
        if &sgr[end..end + 1] != "m" {
            continue;
        }
        for p in sgr[..end].split(';') {
            if let Ok(n) = p.parse::<u32>() {
                if ((30..=48).contains(&n) && n != 39) || (90..=107).contains(&n) {
                    colour.push(sgr[..end].to_string());
                }
            }
        }
    }
    assert!(
        colour.is_empty(),
        "colour escapes under NO_COLOR: {colour:?}"
    );
    assert!(
        out.contains("\x1b[7m"),
        "the cursor is shown in reverse video instead"
    );
}

/// A writer whose bytes the test can read after the backend has written them.
#[derive(Clone, Default)]
struct Shared(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
