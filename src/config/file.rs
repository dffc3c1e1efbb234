//! The configuration file: `$XDG_CONFIG_HOME/ecsdeck/config.toml`, or `--config` / `ECSDECK_CONFIG`.
//! Everything has a default; a partial file overrides only what it names. A typo never stops the
//! console: an unknown key is a warning naming the key and its line, a syntax or type error is a
//! warning with line and column, and the console starts on the defaults.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Config {
    /// Start read-only (as `--readonly`).
    pub readonly: bool,
    /// Service CPU and memory from CloudWatch (GetMetricData is billed per metric).
    pub metrics: bool,
    /// Theme name: bundled (`default`, `light`, `high-contrast`, `mono`) or a user theme.
    pub theme: String,
    pub refresh: Refresh,
    pub aws: Aws,
    pub logs: Logs,
    pub events: Events,
    /// What a bare `:pulse` reads (a wall over several accounts and regions).
    pub pulse: Pulse,
    /// Key remaps: action name → key (`scale = "S"`, `stop_tasks = "ctrl-x"`).
    pub keys: BTreeMap<String, String>,
    /// Custom commands (`[[commands]]`), checked (read by `commands.rs`).
    #[serde(skip)]
    pub commands: Vec<super::commands::CommandSpec>,
}

/// Seconds between refreshes of each kind of data while on screen.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Refresh {
    pub clusters: u64,
    pub services: u64,
    pub tasks: u64,
    pub instances: u64,
    /// While the events feed works: how often the views it keeps fresh are re-listed anyway.
    pub reconcile: u64,
    /// Service CPU and memory (at least 60: CloudWatch has a point a minute).
    pub metrics: u64,
    /// Load balancer target health (one DescribeTargetHealth a target group).
    pub targets: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
pub struct Aws {
    pub profile: Option<String>,
    pub region: Option<String>,
    /// Start on this cluster's services.
    pub cluster: Option<String>,
}

/// `[pulse]`: every profile in every region; none of either means this account, or each
/// profile's own region.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
pub struct Pulse {
    pub profiles: Vec<String>,
    pub regions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Logs {
    /// Lines kept by a logs view.
    pub buffer_lines: usize,
    /// Lines read when a logs view opens.
    pub tail_lines: usize,
    /// Where Ctrl-S saves a logs view (the working directory when unset).
    pub save_dir: Option<std::path::PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Events {
    /// `own`, `shared` or `off`.
    pub mode: EventsMode,
    /// The log group of a shared subscription.
    pub log_group: Option<String>,
    /// Keep this console's own subscription on exit instead of removing it.
    pub keep: bool,
    /// Limit an own subscription's rule to these clusters (names); empty: every cluster.
    pub clusters: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            readonly: false,
            metrics: true,
            theme: "default".into(),
            refresh: Refresh::default(),
            aws: Aws::default(),
            logs: Logs::default(),
            events: Events::default(),
            pulse: Pulse::default(),
            keys: BTreeMap::new(),
            commands: Vec::new(),
        }
    }
}

impl Default for Refresh {
    fn default() -> Self {
        Self {
            clusters: 10,
            services: 5,
            tasks: 5,
            instances: 10,
            reconcile: 60,
            metrics: 60,
            targets: 15,
        }
    }
}

impl Default for Logs {
    fn default() -> Self {
        Self {
            buffer_lines: 100_000,
            tail_lines: 500,
            save_dir: None,
        }
    }
}

/// Where events come from (`events.mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EventsMode {
    /// Create this console's own subscription (read-write consoles).
    #[default]
    Own,
    /// Read `events.log_group`, provisioned by a team.
    Shared,
    /// No events: polling only.
    Off,
}

impl EventsMode {
    pub fn name(self) -> &'static str {
        match self {
            EventsMode::Own => "own",
            EventsMode::Shared => "shared",
            EventsMode::Off => "off",
        }
    }
}

impl PartialEq<&str> for EventsMode {
    fn eq(&self, other: &&str) -> bool {
        self.name() == *other
    }
}

/// The file's text for `events.mode`: a bad value is a warning (and `own`), never a file that
/// fails to load.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ModeText(String);

impl<'de> Deserialize<'de> for EventsMode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Ok(match text.as_str() {
            "own" => EventsMode::Own,
            "shared" => EventsMode::Shared,
            "off" => EventsMode::Off,
            _ => {
                BAD_MODE.with(|b| *b.borrow_mut() = Some(ModeText(text)));
                EventsMode::Own
            }
        })
    }
}

thread_local! {
    /// A bad `events.mode` seen while the file was read (for its warning).
    static BAD_MODE: std::cell::RefCell<Option<ModeText>> = const { std::cell::RefCell::new(None) };
}

impl Default for Events {
    fn default() -> Self {
        Self {
            mode: EventsMode::Own,
            log_group: None,
            keep: false,
            clusters: Vec::new(),
        }
    }
}

/// A loaded configuration and what was wrong with the file, if anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    pub config: Config,
    pub path: PathBuf,
    pub found: bool,
    pub warnings: Vec<String>,
}

/// Where the config file is: `--config`, else `ECSDECK_CONFIG`, else the XDG config directory.
pub fn config_path(flag: Option<&Path>) -> PathBuf {
    if let Some(p) = flag {
        return p.to_path_buf();
    }
    if let Some(p) = std::env::var_os("ECSDECK_CONFIG").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    directories::ProjectDirs::from("", "", "ecsdeck")
        .map(|d| d.config_dir().join("config.toml"))
        .unwrap_or_else(|| PathBuf::from("ecsdeck.toml"))
}

pub fn load(path: &Path) -> Loaded {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let (config, warnings) = parse(&text, &path.display().to_string());
            Loaded {
                config,
                path: path.to_path_buf(),
                found: true,
                warnings,
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Loaded {
            config: Config::default(),
            path: path.to_path_buf(),
            found: false,
            warnings: Vec::new(),
        },
        Err(e) => Loaded {
            config: Config::default(),
            path: path.to_path_buf(),
            found: false,
            warnings: vec![format!(
                "{}: cannot read: {e}; using the defaults",
                path.display()
            )],
        },
    }
}

/// Parse a config text. `name` names it in warnings.
pub fn parse(text: &str, name: &str) -> (Config, Vec<String>) {
    BAD_MODE.with(|b| b.borrow_mut().take());
    let mut unknown = Vec::new();
    let de = toml::Deserializer::parse(text);
    let result = de.map_err(|e| e.to_string()).and_then(|de| {
        serde_ignored::deserialize(de, |path| unknown.push(path.to_string()))
            .map_err(|e: toml::de::Error| e.to_string())
    });
    match result {
        Ok(config) => {
            let mut config: Config = config;
            let mut warnings: Vec<String> = unknown
                .iter()
                .filter(|key| !key.starts_with("commands"))
                .map(|key| match line_of(text, key) {
                    Some(line) => format!("{name}:{line}: unknown key `{key}` (ignored)"),
                    None => format!("{name}: unknown key `{key}` (ignored)"),
                })
                .collect();
            if let Some(ModeText(bad)) = BAD_MODE.with(|b| b.borrow_mut().take()) {
                warnings.push(format!(
                    "{name}: events.mode must be own, shared or off, not `{bad}`; using own"
                ));
                config.events.mode = EventsMode::Own;
            }
            let mut in_range = |key: &str, value: &mut usize, lo: usize, hi: usize| {
                if !(lo..=hi).contains(value) {
                    let fixed = (*value).clamp(lo, hi);
                    warnings.push(format!(
                        "{name}: {key} must be between {lo} and {hi}, not {value}; using {fixed}"
                    ));
                    *value = fixed;
                }
            };
            in_range(
                "logs.buffer_lines",
                &mut config.logs.buffer_lines,
                1_000,
                10_000_000,
            );
            in_range("logs.tail_lines", &mut config.logs.tail_lines, 1, 10_000);
            let (commands, problems) =
                super::commands::read(text, name, crate::handoff::is_program);
            config.commands = commands;
            warnings.extend(problems);
            (config, warnings)
        }
        Err(e) => (
            Config::default(),
            vec![format!("{name}: {}; using the defaults", one_line(&e))],
        ),
    }
}

/// The toml crate reports `TOML parse error at line 3, column 9` followed by a source excerpt and
/// the reason; keep the position and the reason on one line.
fn one_line(err: &str) -> String {
    let mut lines = err.lines().map(str::trim).filter(|l| !l.is_empty());
    let position = lines
        .next()
        .unwrap_or("invalid TOML")
        .trim_start_matches("TOML parse error at ")
        .to_string();
    let reason = err
        .lines()
        .map(str::trim)
        .rfind(|l| {
            !l.is_empty()
                && !l.starts_with('|')
                && !l.chars().next().is_some_and(|c| c.is_ascii_digit())
        })
        .unwrap_or("");
    if reason.is_empty() || reason.starts_with("TOML parse error") {
        position
    } else {
        format!("{position}: {reason}")
    }
}

/// The 1-based line where `path` (`refresh.taskz`) is written, looking in the right [section].
fn line_of(text: &str, path: &str) -> Option<usize> {
    let (section, key) = match path.rsplit_once('.') {
        Some((s, k)) => (s, k),
        None => ("", path),
    };
    let mut current = String::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = name.trim().to_string();
            if current == path {
                return Some(n + 1);
            }
            continue;
        }
        let Some((k, _)) = line.split_once('=') else {
            continue;
        };
        let k = k.trim().trim_matches('"');
        let dotted = if current.is_empty() {
            k.to_string()
        } else {
            format!("{current}.{k}")
        };
        if dotted == path || (current == section && k == key) {
            return Some(n + 1);
        }
    }
    None
}
