//! The terminal: setup and restore (also on panic and on SIGTERM), the input, tick and signal
//! feeds, and the render loop — drain every queued message, then draw at most once per frame and
//! only when something visible changed, inside synchronized-update escapes.

use crate::app::{App, Effect, Msg};
use crate::clock::Clock;
use crate::sync::SyncHandle;
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste, Event, EventStream};
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, BeginSynchronizedUpdate, EndSynchronizedUpdate,
    EnterAlternateScreen, LeaveAlternateScreen,
};
use crossterm::{cursor, execute};
use futures::StreamExt;
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;
use std::io::{self, Stdout, Write};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};
use tokio::time::Instant;

/// At most this many frames a second.
pub const FRAME: Duration = Duration::from_millis(16);

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Enter the alternate screen in raw mode. A panic of the UI thread (the one calling this)
/// restores the terminal before it is reported, and the process exits; a panic of a background
/// task is only logged (`--log-file`): the sync layer turns it into an error for that query or
/// reader, and the console goes on drawing on a terminal that is still its own.
pub fn setup() -> io::Result<Term> {
    let previous = std::panic::take_hook();
    let ui = std::thread::current().id();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() == ui {
            restore();
            previous(info);
        } else {
            tracing::error!("background task panicked: {info}");
        }
    }));
    enable_raw_mode()?;
    let mut out = io::stdout();
    execute!(
        out,
        EnterAlternateScreen,
        EnableBracketedPaste,
        cursor::Hide
    )?;
    Terminal::new(CrosstermBackend::new(out))
}

/// Leave the alternate screen and raw mode. Safe to call more than once.
pub fn restore() {
    let mut out = io::stdout();
    let _ = execute!(
        out,
        EndSynchronizedUpdate,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// Forward keys, pastes and resizes as messages.
pub fn spawn_input(tx: UnboundedSender<Msg>) {
    tokio::spawn(async move {
        let mut events = EventStream::new();
        while let Some(ev) = events.next().await {
            let msg = match ev {
                Ok(Event::Key(k)) => Msg::Key(k),
                Ok(Event::Paste(p)) => Msg::Paste(p),
                Ok(Event::Resize(w, h)) => Msg::Resize(w, h),
                Ok(_) => continue,
                Err(e) => {
                    tracing::warn!("terminal input failed: {e}");
                    break;
                }
            };
            if tx.send(msg).is_err() {
                break;
            }
        }
    });
}

/// A tick a second, stamped with the clock's time.
pub fn spawn_ticks(tx: UnboundedSender<Msg>, clock: Arc<dyn Clock>) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(1));
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            every.tick().await;
            if tx.send(Msg::Tick(clock.now())).is_err() {
                break;
            }
        }
    });
}

/// SIGTERM, SIGHUP and SIGINT become quit messages, so the terminal is restored on the way out.
pub fn spawn_signals(tx: UnboundedSender<Msg>) {
    #[cfg(unix)]
    tokio::spawn(async move {
        use tokio::signal::unix::{signal, SignalKind};
        let (Ok(mut term), Ok(mut hup), Ok(mut int)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
            signal(SignalKind::interrupt()),
        ) else {
            tracing::warn!("could not install signal handlers");
            return;
        };
        // Every signal, not only the first: the first starts a quit (which may wait for changes
        // under way), the next one ends the wait.
        loop {
            let name = tokio::select! {
                _ = term.recv() => "SIGTERM",
                _ = hup.recv() => "SIGHUP",
                _ = int.recv() => "SIGINT",
            };
            if tx.send(Msg::Signal(name)).is_err() {
                break;
            }
        }
    });
}

/// Counts of what the loop did, for tests and the performance notes.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct LoopStats {
    pub frames: u64,
    pub messages: u64,
}

/// Run the console until it quits. `draw` paints one frame; it is called only when the app is
/// dirty, never more often than [`FRAME`], after every queued message has been applied.
pub async fn run_loop(
    app: &mut App,
    rx: &mut UnboundedReceiver<Msg>,
    sync: &SyncHandle,
    mut draw: impl FnMut(&App) -> io::Result<()>,
    mut copy: impl FnMut(&str),
) -> io::Result<LoopStats> {
    let mut stats = LoopStats::default();
    for e in app.start() {
        sync.send(e);
    }
    let mut last_frame: Option<Instant> = None;
    loop {
        if app.dirty {
            let ready = last_frame.is_none_or(|t| t.elapsed() >= FRAME);
            if ready {
                draw(app)?;
                app.dirty = false;
                stats.frames += 1;
                last_frame = Some(Instant::now());
            }
        }
        if app.quit || app.switch.is_some() {
            sync.send(Effect::Quit);
            return Ok(stats);
        }
        let msg = if app.dirty {
            let wake = last_frame.map_or_else(Instant::now, |t| t + FRAME);
            tokio::select! {
                m = rx.recv() => m,
                _ = tokio::time::sleep_until(wake) => continue,
            }
        } else {
            rx.recv().await
        };
        let Some(msg) = msg else { return Ok(stats) };
        let mut next = Some(msg);
        while let Some(m) = next {
            stats.messages += 1;
            for effect in app.update(m) {
                match effect {
                    Effect::Copy(text) => copy(&text),
                    other => sync.send(other),
                }
            }
            next = rx.try_recv().ok();
        }
    }
}

/// Draw one frame to the real terminal inside synchronized-update escapes, so a terminal never
/// shows half a frame.
pub fn draw_terminal(term: &mut Term, app: &App) -> io::Result<()> {
    execute!(term.backend_mut(), BeginSynchronizedUpdate)?;
    term.draw(|f| crate::ui::draw(f, app))?;
    execute!(term.backend_mut(), EndSynchronizedUpdate)
}

/// Put text on the clipboard through the terminal (OSC 52).
pub fn copy_to_terminal(text: &str) {
    let mut out = io::stdout();
    let _ = out.write_all(crate::clipboard::osc52(text).as_bytes());
    let _ = out.flush();
}
