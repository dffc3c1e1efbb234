use clap::Parser;
use ecsdeck::app::layout::Chrome;
use ecsdeck::app::{App, Intervals};
use ecsdeck::audit::AuditLog;
use ecsdeck::backend::aws::{AwsOptions, StartupError};
use ecsdeck::backend::sim::ScenarioOptions;
use ecsdeck::clock::{Clock, SystemClock};
use ecsdeck::config::{file, theme};
use ecsdeck::subscription::{self, EventsSession};
use ecsdeck::sync::{self, SyncOptions};
use ecsdeck::tui;
use ecsdeck::wiring::{self, Access};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

mod cli;
mod info;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    let config = file::load(&file::config_path(args.config.as_deref()));
    match &args.sub {
        Some(cli::Sub::Completions { shell }) => {
            use std::io::Write;
            let _ = std::io::stdout().write_all(&cli::completions(*shell));
            return ExitCode::SUCCESS;
        }
        Some(cli::Sub::Man) => {
            use std::io::Write;
            return match cli::man() {
                Ok(page) => {
                    let _ = std::io::stdout().write_all(&page);
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("ecsdeck: cannot render the manual page: {e}");
                    ExitCode::FAILURE
                }
            };
        }
        _ => {}
    }
    if let Some(cli::Sub::Info) = args.sub {
        let readonly = args.readonly || config.config.readonly;
        print!(
            "{}",
            info::render(&config, args.log_file.as_deref(), readonly)
        );
        return ExitCode::SUCCESS;
    }

    if let Err(e) = init_logging(&args) {
        eprintln!("ecsdeck: cannot write the log file: {e}");
        return ExitCode::from(2);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("ecsdeck: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args, config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is::<StartupError>() => {
            eprintln!("ecsdeck: {e}");
            ExitCode::from(2)
        }
        Err(e) => {
            tui::restore();
            eprintln!("ecsdeck: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: cli::Cli, loaded: file::Loaded) -> anyhow::Result<()> {
    let config = &loaded.config;
    let readonly = args.readonly || config.readonly;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    // The backend is ready (region and credentials checked) before the screen is taken over, so a
    // start-up problem is a plain sentence on the terminal.
    let access = if readonly {
        Access::ReadOnly
    } else {
        let audit_log = AuditLog::default_path()
            .unwrap_or_else(|| std::env::temp_dir().join("ecsdeck-audit.log"));
        Access::ReadWrite { audit_log }
    };
    // `--profile a,b`: the console reads a; a bare `:pulse` reads them all.
    let profiles: Vec<String> = args
        .profile
        .iter()
        .flat_map(|p| p.split(','))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    let mut aws_opts = AwsOptions {
        profile: profiles
            .first()
            .cloned()
            .or_else(|| config.aws.profile.clone()),
        region: args.region.clone().or_else(|| config.aws.region.clone()),
        endpoint_url: args.endpoint_url.clone(),
    };
    let (mut backends, options) = if args.demo {
        let scenario = ScenarioOptions {
            seed: args.seed,
            scale_tasks: args.demo_tasks,
        };
        (
            wiring::demo(scenario, clock.clone(), &access),
            SyncOptions::default(),
        )
    } else {
        // Each AWS operation has its own timeout; a whole listing may take many operations.
        let options = SyncOptions {
            operation_timeout: Duration::from_secs(120),
            ..SyncOptions::default()
        };
        (
            wiring::aws(&aws_opts, clock.clone(), &access).await?,
            options,
        )
    };
    // A console needs a terminal: into a pipe or a file it would write escape codes. Checked
    // after the backend (whose start-up problems are a sentence of their own) and before
    // anything is created or drawn.
    if !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        return Err(StartupError(
            "standard output is not a terminal; run it in one (for paths and settings: ecsdeck info)"
                .into(),
        )
        .into());
    }
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let events_plan = |b: &wiring::Backends| {
        subscription::plan(
            config.events.mode,
            config.events.log_group.as_deref(),
            readonly,
            config.events.keep,
            &config.events.clusters,
            b.aws.clone(),
        )
    };
    let mut events = EventsSession::start(
        events_plan(&backends),
        backends.read.clone(),
        clock.clone(),
        tx.clone(),
    );
    let mut sync = sync::spawn_with(
        backends.read.clone(),
        backends.executor.clone(),
        clock.clone(),
        tx.clone(),
        options,
    );

    let mut term = tui::setup()?;
    let size = term.size()?;
    let mut app = App::new(
        backends.read.target(),
        clock.now(),
        ratatui::layout::Rect::new(0, 0, size.width, size.height),
    );
    let mut remap_warnings = app.keymap.remap(&config.keys);
    remap_warnings
        .extend(app.install_commands(&config.commands, &loaded.path.display().to_string()));
    if readonly {
        app.set_read_only();
    }
    if config.events.mode == ecsdeck::config::file::EventsMode::Own {
        app.events_clusters = config.events.clusters.clone();
    }
    app.intervals = Intervals {
        clusters: Duration::from_secs(config.refresh.clusters.max(1)),
        services: Duration::from_secs(config.refresh.services.max(1)),
        tasks: Duration::from_secs(config.refresh.tasks.max(1)),
        instances: Duration::from_secs(config.refresh.instances.max(1)),
        reconcile: Duration::from_secs(config.refresh.reconcile.max(1)),
        metrics: Duration::from_secs(config.refresh.metrics.max(60)),
        targets: Duration::from_secs(config.refresh.targets.max(5)),
    };
    app.metrics_on = config.metrics;
    app.logs = ecsdeck::app::LogSettings {
        buffer_lines: config.logs.buffer_lines,
        tail_lines: config.logs.tail_lines,
        save_dir: config.logs.save_dir.clone(),
    };
    let theme_name = args.theme.clone().unwrap_or_else(|| config.theme.clone());
    let (theme, theme_warnings) =
        theme::select(&theme_name, theme::no_color(), theme::ColorDepth::detect());
    app.theme = theme;
    app.warn_all(
        loaded
            .warnings
            .iter()
            .chain(&theme_warnings)
            .chain(&remap_warnings)
            .cloned()
            .collect(),
    );
    app.switchable = !args.demo;
    app.demo = args.demo;
    if !args.demo {
        app.profile = aws_opts
            .profile
            .clone()
            .or_else(|| std::env::var("AWS_PROFILE").ok());
        app.endpoint = aws_opts
            .endpoint_url
            .clone()
            .or_else(|| std::env::var("AWS_ENDPOINT_URL_ECS").ok())
            .or_else(|| std::env::var("AWS_ENDPOINT_URL").ok());
    }
    // The config's `[pulse]` names real accounts, which the demo does not have.
    if !args.demo {
        app.pulse_profiles = if profiles.len() > 1 {
            profiles.clone()
        } else {
            config.pulse.profiles.clone()
        };
        app.pulse_regions = config.pulse.regions.clone();
    }
    app.find_plugin = ecsdeck::handoff::find_plugin;
    app.region = backends.read.region();
    app.backend_profile = backends.read.profile();
    app.chrome = Chrome {
        headless: args.headless,
        logoless: args.logoless,
    };
    let cluster = args.cluster.clone().or_else(|| config.aws.cluster.clone());
    let start = match (&args.command, &cluster, &args.service) {
        (Some(c), _, _) => Some(c.clone()),
        (None, Some(c), Some(s)) => Some(format!("tasks {c} {s}")),
        (None, Some(c), None) => Some(format!("svc {c}")),
        (None, None, _) => None,
    };
    if let Some(line) = start {
        for e in app.start_with(&line) {
            sync.send(e);
        }
    }
    let input = tui::spawn_input(tx.clone());
    tui::spawn_ticks(tx.clone(), clock.clone());
    tui::spawn_signals(tx.clone());
    loop {
        let result = tui::run_loop(
            &mut app,
            &mut rx,
            &sync,
            |app| tui::draw_terminal(&mut term, app),
            tui::copy_to_terminal,
        )
        .await;
        if let Err(e) = result {
            tui::restore();
            if let Some(note) = events.finish().await {
                eprintln!("ecsdeck: {note}");
            }
            return Err(e.into());
        }
        if let Some(handoff) = app.handoff.take() {
            let outcome = hand_over(handoff, &input, &mut term).await?;
            // What came meanwhile is applied now, but for the Ctrl-C and Ctrl-\ of the session.
            let queued: Vec<_> = std::iter::from_fn(|| rx.try_recv().ok()).collect();
            for m in queued {
                if !tui::meant_for_the_session(&m) {
                    let _ = tx.send(m);
                }
            }
            // The terminal may have been resized meanwhile, unseen.
            if let Ok(size) = term.size() {
                let _ = tx.send(ecsdeck::app::Msg::Resize(size.width, size.height));
            }
            let _ = tx.send(ecsdeck::app::Msg::HandedBack(outcome));
            continue;
        }
        let Some(switch) = app.switch.take() else {
            break;
        };
        // Another profile or region: build the new backend first; keep the old one if that fails.
        let mut next = aws_opts.clone();
        if let Some(profile) = switch.profile {
            next.profile = Some(profile);
            next.region = switch.region.clone();
        }
        if let Some(region) = switch.region {
            next.region = Some(region);
        }
        let label = match (&next.profile, &next.region) {
            (Some(p), Some(r)) => format!("profile {p} · {r}"),
            (Some(p), None) => format!("profile {p}"),
            (None, Some(r)) => r.clone(),
            (None, None) => "the default profile".into(),
        };
        app.warn(format!(
            "switching to {label}… (Esc cancels; gives up after {}s)",
            SWITCH_TIMEOUT.as_secs()
        ));
        let _ = tui::draw_terminal(&mut term, &app);
        let switched = tokio::select! {
            r = wiring::aws(&next, clock.clone(), &access) => Switched::Built(r.map_err(anyhow::Error::from)),
            () = tokio::time::sleep(SWITCH_TIMEOUT) => Switched::TimedOut,
            why = cancelled(&mut rx, &mut app, &mut term) => why,
        };
        let switched = match switched {
            Switched::Built(r) => r,
            Switched::TimedOut => Err(anyhow::anyhow!(
                "{label} gave no credentials within {}s (a hanging credential_process or SSO login?)",
                SWITCH_TIMEOUT.as_secs()
            )),
            Switched::Cancelled => Err(anyhow::anyhow!("cancelled")),
            Switched::Quit => {
                app.quit = true;
                Err(anyhow::anyhow!("quitting"))
            }
        };
        match switched {
            Ok(b) => {
                // The old account's changes under way are recorded as they stand.
                if let Some(e) = &backends.executor {
                    e.interrupt();
                }
                app.changes_in_flight = 0;
                if let Some(note) = events.finish().await {
                    app.warn(note);
                }
                backends = b;
                app.profile = next.profile.clone().or_else(|| app.profile.clone());
                aws_opts = next;
                app.restart(backends.read.target());
                app.region = backends.read.region();
                app.backend_profile = backends.read.profile();
                app.events = Default::default();
                events = EventsSession::start(
                    events_plan(&backends),
                    backends.read.clone(),
                    clock.clone(),
                    tx.clone(),
                );
            }
            Err(e) => app.warn(format!("cannot switch: {e}")),
        }
        if app.quit {
            break;
        }
        // The old sync layer has stopped; drop what it left behind, then start the new one.
        while rx.try_recv().is_ok() {}
        app.resync();
        sync = sync::spawn_with(
            backends.read.clone(),
            backends.executor.clone(),
            clock.clone(),
            tx.clone(),
            options,
        );
    }
    // Changes still under way (the wait for them is over): send no more, record what happened.
    let interrupted = backends
        .executor
        .as_ref()
        .map(|e| e.interrupt())
        .unwrap_or_default();
    tui::restore();
    for r in &interrupted {
        eprintln!(
            "ecsdeck: quit while `{}` was under way: {} target(s) not done (see the audit log)",
            r.mutation.summary(),
            r.failed.len()
        );
    }
    // The subscription this console created goes with it (q, Ctrl-C, SIGTERM all end here).
    // Removing it takes a few seconds at most; another signal meanwhile means now.
    let signalled = async {
        while let Some(m) = rx.recv().await {
            if let ecsdeck::app::Msg::Signal(name) = m {
                return name;
            }
        }
        futures::future::pending().await
    };
    tokio::select! {
        note = events.finish() => if let Some(note) = note {
            eprintln!("ecsdeck: {note}");
        },
        name = signalled => eprintln!(
            "ecsdeck: {name} during clean-up: the events subscription may be left; the next console removes it once it is 20 minutes silent"
        ),
    }
    Ok(())
}

/// Give the terminal to session-manager-plugin (ECS Exec) or a custom command until it exits,
/// then take it back.
async fn hand_over(
    handoff: ecsdeck::app::Handoff,
    input: &tui::Input,
    term: &mut tui::Term,
) -> std::io::Result<Result<String, String>> {
    use ecsdeck::app::Handoff;
    input.pause().await;
    tui::suspend();
    match &handoff {
        Handoff::Exec(s) => println!(
            "ecsdeck: ECS Exec into {} — session-manager-plugin has the terminal; exit the command to come back",
            s.label
        ),
        Handoff::Program { label, argv } => {
            println!("ecsdeck: `{label}`: {} — back when it exits", argv.join(" "))
        }
    }
    let outcome = tokio::task::spawn_blocking(move || match &handoff {
        Handoff::Exec(s) => ecsdeck::handoff::run(s),
        Handoff::Program { label, argv } => ecsdeck::handoff::run_program(label, argv),
    })
    .await
    .unwrap_or_else(|e| Err(format!("it ended abnormally: {e}")));
    tui::resume(term)?;
    input.resume();
    Ok(outcome)
}

/// A profile or region switch gives up after this long (credentials may hang).
const SWITCH_TIMEOUT: Duration = Duration::from_secs(20);

enum Switched {
    Built(anyhow::Result<wiring::Backends>),
    TimedOut,
    Cancelled,
    Quit,
}

/// While a switch is under way: Esc cancels it, a signal (or Ctrl-C, or q) quits; a resize is
/// redrawn. Everything else waits for the new backend.
async fn cancelled(
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<ecsdeck::app::Msg>,
    app: &mut App,
    term: &mut tui::Term,
) -> Switched {
    use crossterm::event::{KeyCode, KeyModifiers};
    use ecsdeck::app::Msg;
    loop {
        match rx.recv().await {
            None => return Switched::Quit,
            Some(Msg::Signal(_)) => return Switched::Quit,
            Some(Msg::Key(k)) if k.code == KeyCode::Esc => return Switched::Cancelled,
            Some(Msg::Key(k))
                if k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL) =>
            {
                return Switched::Quit
            }
            Some(m @ (Msg::Resize(..) | Msg::Tick(_))) => {
                app.update(m);
                let _ = tui::draw_terminal(term, app);
            }
            Some(_) => {}
        }
    }
}

fn init_logging(args: &cli::Cli) -> std::io::Result<()> {
    let Some(path) = &args.log_file else {
        return Ok(());
    };
    let file = ecsdeck::files::private_append(path)?;
    tracing_subscriber::fmt()
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("ECSDECK_LOG_LEVEL")
                .unwrap_or_else(|_| "info".into()),
        )
        .init();
    Ok(())
}
