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

/// The input feed's switch: paused while another program has the terminal (ECS Exec), so
/// that none of its keys are read here.
pub struct Input {
    control: UnboundedSender<InputControl>,
}

enum InputControl {
    Pause(tokio::sync::oneshot::Sender<()>),
    Resume,
}

impl Input {
    /// Stop reading the terminal; returns once nothing here reads it.
    pub async fn pause(&self) {
        let (done, wait) = tokio::sync::oneshot::channel();
        if self.control.send(InputControl::Pause(done)).is_ok() {
            let _ = wait.await;
        }
    }

    pub fn resume(&self) {
        let _ = self.control.send(InputControl::Resume);
    }
}

/// Forward keys, pastes and resizes as messages.
pub fn spawn_input(tx: UnboundedSender<Msg>) -> Input {
    let (control, mut switch) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        let mut events = Some(EventStream::new());
        loop {
            let next = async {
                match events.as_mut() {
                    Some(e) => e.next().await,
                    None => futures::future::pending().await,
                }
            };
            let ev = tokio::select! {
                c = switch.recv() => {
                    match c {
                        Some(InputControl::Pause(done)) => {
                            // Dropping the stream wakes and ends its reader thread.
                            events = None;
                            tokio::time::sleep(Duration::from_millis(20)).await;
                            let _ = done.send(());
                        }
                        Some(InputControl::Resume) => {
                            events.get_or_insert_with(EventStream::new);
                        }
                        None => {}
                    }
                    continue;
                }
                ev = next => ev,
            };
            let Some(ev) = ev else { break };
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
    Input { control }
}

/// Give the terminal back as the shell had it (for another program), without ending.
pub fn suspend() {
    restore();
}

/// Take the terminal again after another program had it, and draw everything anew (a new
/// terminal value: its empty buffers make the next frame paint every cell; ratatui's own
/// `clear` asks the terminal for the cursor position, which not every terminal answers).
pub fn resume(term: &mut Term) -> io::Result<()> {
    enable_raw_mode()?;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        crossterm::terminal::Clear(crossterm::terminal::ClearType::All),
        EnableBracketedPaste,
        cursor::Hide
    )?;
    *term = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    Ok(())
}

/// Whether a message that came while another program had the terminal was meant for it: the
/// Ctrl-C and Ctrl-\\ typed into a session reach this process too.
pub fn meant_for_the_session(msg: &Msg) -> bool {
    matches!(msg, Msg::Signal("SIGINT" | "SIGQUIT"))
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

/// SIGTERM, SIGHUP, SIGINT and SIGQUIT become quit messages, so the terminal is restored on the
/// way out. SIGTSTP is ignored, as the AWS CLI ignores it while a session has the terminal (in
/// raw mode Ctrl-Z is a key and sends none).
pub fn spawn_signals(tx: UnboundedSender<Msg>) {
    #[cfg(unix)]
    tokio::spawn(async move {
        use tokio::signal::unix::{signal, SignalKind};
        let (Ok(mut term), Ok(mut hup), Ok(mut int), Ok(mut quit), Ok(mut stop)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
            signal(SignalKind::interrupt()),
            signal(SignalKind::quit()),
            signal(SignalKind::from_raw(libc::SIGTSTP)),
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
                _ = quit.recv() => "SIGQUIT",
                _ = stop.recv() => continue,
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
        // The terminal goes to session-manager-plugin; the sync layer goes on meanwhile.
        if app.handoff.is_some() {
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
