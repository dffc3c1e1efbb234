//! Key actions as data. One table feeds dispatch, the help screen, the hints and the config's
//! remaps — for the table views and for every screen over them (help, describe, logs, dialogs,
//! prompts, the line editor) — so they can never disagree and every key can be remapped.
//! Read-only mode drops the dangerous entries.

use super::view::ViewTag;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    Back,
    Open,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Filter,
    Command,
    Help,
    SortNext,
    SortReverse,
    SortByName,
    SortByAge,
    Refresh,
    ToggleStopped,
    ClusterInstances,
    ClusterTasks,
    ToggleEvents,
    Messages,
    Mark,
    MarkAll,
    Scale,
    ForceDeployment,
    StopTasks,
    Drain,
    Activate,
    Copy,
    Describe,
    Failures,
    WatchDeployment,
    Logs,
    // ---- text screens (help, describe, logs)
    Close,
    Search,
    NextMatch,
    PreviousMatch,
    ToggleFormat,
    OnlyMatching,
    Follow,
    Wrap,
    Timestamps,
    ClearLines,
    SaveLines,
    TailLines,
    LastMinute,
    Last5Minutes,
    Last15Minutes,
    LastHour,
    SinceTaskStart,
    ReadWindow,
    OlderLines,
    NewerLines,
    FindOnServer,
    // ---- dialogs and prompts
    Confirm,
    Decline,
    Cancel,
    Submit,
    Complete,
    HistoryPrevious,
    HistoryNext,
    Increase,
    Decrease,
    AdjustBounds,
    // ---- the line editor
    CursorLeft,
    CursorRight,
    LineStart,
    LineEnd,
    DeleteBack,
    DeleteForward,
    DeleteToStart,
    DeleteToEnd,
    DeleteWord,
}

/// A screen over the table views: while it is open it takes every key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Screen {
    Help,
    Describe,
    Logs,
    /// A dialog asking for a count (scale): `+` / `-` step it.
    Count,
    /// A dialog with a text field (the stop reason).
    Form,
    /// A dialog that asks yes or no.
    Confirm,
    /// A line being typed: `:`, `/`, a search in describe or logs.
    Prompt,
    /// The line editor inside every prompt and dialog field.
    Edit,
}

impl Screen {
    pub const ALL: &'static [Screen] = &[
        Screen::Help,
        Screen::Describe,
        Screen::Logs,
        Screen::Count,
        Screen::Form,
        Screen::Confirm,
        Screen::Prompt,
        Screen::Edit,
    ];

    /// How the help screen and docs/keys.md name it.
    pub fn title(self) -> &'static str {
        match self {
            Screen::Help => "the help screen",
            Screen::Describe => "describe",
            Screen::Logs => "logs",
            Screen::Count => "a dialog asking for a count (scale)",
            Screen::Form => "a dialog with a text field (stop)",
            Screen::Confirm => "a confirmation",
            Screen::Prompt => "a prompt (:, /, searches)",
            Screen::Edit => "editing a line (every prompt, search and dialog field)",
        }
    }
}

/// Where a key is pressed: a table view, or a screen over it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Place {
    View(ViewTag),
    Screen(Screen),
}

impl From<ViewTag> for Place {
    fn from(v: ViewTag) -> Self {
        Place::View(v)
    }
}

impl From<Screen> for Place {
    fn from(s: Screen) -> Self {
        Place::Screen(s)
    }
}

/// A key as the table names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Self {
        Self {
            code,
            mods: KeyModifiers::NONE,
        }
    }

    pub const fn ch(c: char) -> Self {
        Self::plain(KeyCode::Char(c))
    }

    pub const fn ctrl(c: char) -> Self {
        Self {
            code: KeyCode::Char(c),
            mods: KeyModifiers::CONTROL,
        }
    }

    /// A key event as the table compares it: a character carries its own case, so SHIFT is
    /// dropped for characters (terminals disagree on reporting it).
    pub fn from_event(ev: &KeyEvent) -> Self {
        let mut mods =
            ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        if matches!(ev.code, KeyCode::Char(_)) {
            mods.remove(KeyModifiers::SHIFT);
        }
        Self {
            code: ev.code,
            mods,
        }
    }

    /// The event this key sends (for tests and scripted sessions).
    pub fn event(self) -> KeyEvent {
        KeyEvent::new(self.code, self.mods)
    }

    /// A key that types a character into a field (no Ctrl, no Alt).
    pub fn types(self) -> bool {
        matches!(self.code, KeyCode::Char(_))
            && !self
                .mods
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            write!(f, "Ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            write!(f, "Alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => write!(f, "Space"),
            KeyCode::Char(c) if self.mods.contains(KeyModifiers::CONTROL) => {
                write!(f, "{}", c.to_ascii_uppercase())
            }
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => write!(f, "Enter"),
            KeyCode::Esc => write!(f, "Esc"),
            KeyCode::Up => write!(f, "↑"),
            KeyCode::Down => write!(f, "↓"),
            KeyCode::Left => write!(f, "←"),
            KeyCode::Right => write!(f, "→"),
            KeyCode::PageUp => write!(f, "PgUp"),
            KeyCode::PageDown => write!(f, "PgDn"),
            KeyCode::Home => write!(f, "Home"),
            KeyCode::End => write!(f, "End"),
            KeyCode::Tab => write!(f, "Tab"),
            KeyCode::Backspace => write!(f, "Backspace"),
            KeyCode::Delete => write!(f, "Delete"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// Which table views a binding applies in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Views {
    All,
    Only(&'static [ViewTag]),
}

/// Where a binding applies: table views, screens, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    pub views: Views,
    pub screens: &'static [Screen],
}

impl Scope {
    /// Every table view.
    pub const GLOBAL: Scope = Scope {
        views: Views::All,
        screens: &[],
    };

    pub const fn views(views: &'static [ViewTag]) -> Self {
        Self {
            views: Views::Only(views),
            screens: &[],
        }
    }

    pub const fn screens(screens: &'static [Screen]) -> Self {
        Self {
            views: Views::Only(&[]),
            screens,
        }
    }

    /// The same views, and these screens too.
    pub const fn and(self, screens: &'static [Screen]) -> Self {
        Self {
            views: self.views,
            screens,
        }
    }

    /// Whether it applies in any table view.
    pub fn in_views(self) -> bool {
        match self.views {
            Views::All => true,
            Views::Only(v) => !v.is_empty(),
        }
    }

    pub fn is_global(self) -> bool {
        matches!(self.views, Views::All)
    }

    pub fn covers(self, place: impl Into<Place>) -> bool {
        match place.into() {
            Place::View(v) => match self.views {
                Views::All => true,
                Views::Only(vs) => vs.contains(&v),
            },
            Place::Screen(s) => self.screens.contains(&s),
        }
    }

    fn overlaps(self, other: Scope) -> bool {
        let views = match (self.views, other.views) {
            (Views::All, Views::All) => true,
            (Views::All, Views::Only(v)) | (Views::Only(v), Views::All) => !v.is_empty(),
            (Views::Only(a), Views::Only(b)) => a.iter().any(|v| b.contains(v)),
        };
        views || self.screens.iter().any(|s| other.screens.contains(s))
    }
}

#[derive(Debug, Clone)]
pub struct Binding {
    pub action: Action,
    /// The name the config's `[keys]` table uses for it.
    pub name: &'static str,
    pub keys: Vec<Key>,
    pub help: &'static str,
    pub scope: Scope,
    /// The short label shown in the hints (the header's, or a screen's hint line).
    pub hint: Option<&'static str>,
    /// Changes the cluster; absent in read-only mode.
    pub dangerous: bool,
}

impl Binding {
    fn new(
        name: &'static str,
        action: Action,
        keys: &[Key],
        help: &'static str,
        scope: Scope,
    ) -> Self {
        Self {
            action,
            name,
            keys: keys.to_vec(),
            help,
            scope,
            hint: None,
            dangerous: false,
        }
    }

    fn hint(mut self, hint: &'static str) -> Self {
        self.hint = Some(hint);
        self
    }

    fn dangerous(mut self) -> Self {
        self.dangerous = true;
        self
    }

    /// The keys as the help lists them (`j ↓`), or "(no key)".
    pub fn keys_text(&self) -> String {
        if self.keys.is_empty() {
            return "(no key)".to_string();
        }
        self.keys
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[derive(Debug, Clone)]
pub struct KeyMap {
    bindings: Vec<Binding>,
    /// Bindings a read-only console removed, so that pressing one can say why nothing happens.
    disabled: Vec<Binding>,
}

pub(crate) const TABLES: &[ViewTag] = &[
    ViewTag::Clusters,
    ViewTag::Services,
    ViewTag::Tasks,
    ViewTag::Containers,
    ViewTag::Instances,
    ViewTag::Messages,
    ViewTag::Api,
    ViewTag::Audit,
    ViewTag::Contexts,
    ViewTag::Regions,
    ViewTag::Failures,
    ViewTag::Deployments,
    ViewTag::Pulse,
    ViewTag::Events,
];

/// The screens that show text to scroll and search.
const TEXT: &[Screen] = &[Screen::Help, Screen::Describe, Screen::Logs];

impl Default for KeyMap {
    fn default() -> Self {
        use Action::*;
        use KeyCode as K;
        use Screen as S;
        use ViewTag as V;
        let g = Scope::GLOBAL;
        let t = Scope::views(TABLES);
        // Moving about works the same in tables and in the text screens.
        let moving = t.and(TEXT);
        let b = Binding::new;
        let bindings = vec![
            b(
                "open",
                Open,
                &[Key::plain(K::Enter)],
                "open the selected resource",
                Scope::views(&[
                    V::Clusters,
                    V::Services,
                    V::Tasks,
                    V::Instances,
                    V::Contexts,
                    V::Regions,
                    V::Failures,
                    V::Pulse,
                    V::Events,
                ]),
            )
            .hint("open"),
            b(
                "back",
                Back,
                &[Key::plain(K::Esc)],
                "clear the filter, else go back",
                g,
            )
            .hint("back"),
            b(
                "cluster_instances",
                ClusterInstances,
                &[Key::ch('i')],
                "container instances of the cluster",
                Scope::views(&[V::Clusters, V::Services, V::Tasks]),
            )
            .hint("instances"),
            b(
                "cluster_tasks",
                ClusterTasks,
                &[Key::ch('t')],
                "all tasks of the cluster",
                Scope::views(&[V::Clusters, V::Services, V::Instances]),
            )
            .hint("cluster tasks"),
            b(
                "toggle_stopped",
                ToggleStopped,
                &[Key::ch('x')],
                "show stopped / running tasks",
                Scope::views(&[V::Tasks]),
            )
            .hint("stopped/running"),
            b(
                "toggle_events",
                ToggleEvents,
                &[Key::ch('e')],
                "show / hide the service events pane",
                Scope::views(&[V::Services]),
            )
            .hint("events pane"),
            b(
                "filter",
                Filter,
                &[Key::ch('/')],
                "filter rows (regex; !inverts)",
                t,
            )
            .hint("filter"),
            b(
                "command",
                Command,
                &[Key::ch(':')],
                "command mode (Tab completes)",
                g,
            )
            .hint("command"),
            b(
                "help",
                Help,
                &[Key::ch('?')],
                "help (again: close it)",
                g.and(&[S::Help]),
            )
            .hint("help"),
            b("up", Up, &[Key::ch('k'), Key::plain(K::Up)], "up", moving),
            b(
                "down",
                Down,
                &[Key::ch('j'), Key::plain(K::Down)],
                "down",
                moving,
            ),
            b(
                "page_up",
                PageUp,
                &[Key::plain(K::PageUp), Key::ctrl('b')],
                "page up",
                moving,
            ),
            b(
                "page_down",
                PageDown,
                &[Key::plain(K::PageDown), Key::ctrl('f')],
                "page down",
                moving,
            ),
            b(
                "top",
                Top,
                &[Key::ch('g'), Key::plain(K::Home)],
                "first row / line",
                moving,
            ),
            b(
                "bottom",
                Bottom,
                &[Key::ch('G'), Key::plain(K::End)],
                "last row / line (in logs: the newest, following again)",
                moving,
            ),
            b(
                "sort_next",
                SortNext,
                &[Key::ch('>')],
                "sort by the next column",
                t,
            ),
            b(
                "sort_reverse",
                SortReverse,
                &[Key::ch('S')],
                "reverse the sort",
                t,
            ),
            b(
                "sort_by_name",
                SortByName,
                &[Key::ch('N')],
                "sort by name / id",
                t,
            ),
            b("sort_by_age", SortByAge, &[Key::ch('A')], "sort by age", t),
            b("refresh", Refresh, &[Key::ctrl('r')], "refresh now", t),
            b(
                "logs",
                Logs,
                &[Key::ch('l')],
                "logs of the task, container or service (live)",
                Scope::views(&[
                    V::Services,
                    V::Tasks,
                    V::Containers,
                    V::Failures,
                    V::Deployments,
                ]),
            )
            .hint("logs"),
            b(
                "watch_deployment",
                WatchDeployment,
                &[Key::ch('w')],
                "watch the service's deployments and events, live",
                Scope::views(&[V::Services]),
            )
            .hint("deploys"),
            b(
                "failures",
                Failures,
                &[Key::ch('F')],
                "failures: stopped tasks of the last hour grouped by cause",
                Scope::views(&[V::Clusters, V::Services, V::Tasks]),
            )
            .hint("failures"),
            b(
                "describe",
                Describe,
                &[Key::ch('d')],
                "describe the selected resource (YAML/JSON, secrets masked)",
                Scope::views(&[
                    V::Clusters,
                    V::Services,
                    V::Tasks,
                    V::Containers,
                    V::Instances,
                ]),
            )
            .hint("describe"),
            b(
                "copy",
                Copy,
                &[Key::ch('c')],
                "copy the selected ARN to the clipboard (OSC 52)",
                t,
            ),
            b(
                "mark",
                Mark,
                &[Key::ch(' ')],
                "mark / unmark the row (for stop, drain)",
                Scope::views(&[V::Tasks, V::Instances]),
            )
            .hint("mark"),
            b(
                "mark_all",
                MarkAll,
                &[Key::ctrl('a')],
                "mark all rows shown (the filtered view), or none",
                Scope::views(&[V::Tasks, V::Instances]),
            ),
            b(
                "scale",
                Scale,
                &[Key::ch('s')],
                "scale the service (desired count)",
                Scope::views(&[V::Services]),
            )
            .hint("scale")
            .dangerous(),
            b(
                "force_deployment",
                ForceDeployment,
                &[Key::ch('r')],
                "force a new deployment of the service",
                Scope::views(&[V::Services]),
            )
            .hint("redeploy")
            .dangerous(),
            b(
                "stop_tasks",
                StopTasks,
                &[Key::ctrl('k')],
                "stop the marked tasks (or the selected one)",
                Scope::views(&[V::Tasks]),
            )
            .hint("stop")
            .dangerous(),
            b(
                "drain",
                Drain,
                &[Key::ch('D')],
                "drain the marked instances (or the selected one)",
                Scope::views(&[V::Instances]),
            )
            .hint("drain")
            .dangerous(),
            b(
                "activate",
                Activate,
                &[Key::ch('a')],
                "make the marked instances ACTIVE again",
                Scope::views(&[V::Instances]),
            )
            .hint("activate")
            .dangerous(),
            b("messages", Messages, &[Key::ch('m')], "message history", g),
            b("quit", Quit, &[Key::ch('q')], "quit", g).hint("quit"),
            // ---- text screens
            b(
                "close",
                Close,
                &[Key::plain(K::Esc), Key::ch('q')],
                "close",
                Scope::screens(TEXT),
            )
            .hint("close"),
            b(
                "search",
                Search,
                &[Key::ch('/')],
                "search (regex)",
                Scope::screens(TEXT),
            )
            .hint("search"),
            b(
                "next_match",
                NextMatch,
                &[Key::ch('n')],
                "next match",
                Scope::screens(TEXT),
            )
            .hint("next"),
            b(
                "previous_match",
                PreviousMatch,
                &[Key::ch('N')],
                "previous match",
                Scope::screens(TEXT),
            )
            .hint("previous"),
            b(
                "toggle_format",
                ToggleFormat,
                &[Key::ch('f')],
                "YAML / JSON",
                Scope::screens(&[S::Describe]),
            )
            .hint("yaml/json"),
            b(
                "only_matching",
                OnlyMatching,
                &[Key::ch('&')],
                "show only matching lines (empty shows all)",
                Scope::screens(&[S::Logs]),
            )
            .hint("only matching"),
            b(
                "follow",
                Follow,
                &[Key::ch('f')],
                "follow new lines on / off (paused)",
                Scope::screens(&[S::Logs]),
            )
            .hint("follow"),
            b(
                "wrap",
                Wrap,
                &[Key::ch('w')],
                "wrap long lines",
                Scope::screens(&[S::Logs]),
            )
            .hint("wrap"),
            b(
                "timestamps",
                Timestamps,
                &[Key::ch('t')],
                "timestamps on / off",
                Scope::screens(&[S::Logs]),
            )
            .hint("time"),
            b(
                "tail_lines",
                TailLines,
                &[Key::ch('0')],
                "the last lines (logs.tail_lines)",
                Scope::screens(&[S::Logs]),
            )
            .hint("tail"),
            b(
                "last_minute",
                LastMinute,
                &[Key::ch('1')],
                "the last minute",
                Scope::screens(&[S::Logs]),
            )
            .hint("1m"),
            b(
                "last_5_minutes",
                Last5Minutes,
                &[Key::ch('2')],
                "the last 5 minutes",
                Scope::screens(&[S::Logs]),
            )
            .hint("5m"),
            b(
                "last_15_minutes",
                Last15Minutes,
                &[Key::ch('3')],
                "the last 15 minutes",
                Scope::screens(&[S::Logs]),
            )
            .hint("15m"),
            b(
                "last_hour",
                LastHour,
                &[Key::ch('4')],
                "the last hour",
                Scope::screens(&[S::Logs]),
            )
            .hint("1h"),
            b(
                "since_task_start",
                SinceTaskStart,
                &[Key::ch('5')],
                "since the task started",
                Scope::screens(&[S::Logs]),
            )
            .hint("since start"),
            b(
                "read_window",
                ReadWindow,
                &[Key::ch('W')],
                "read a time window: 14:05..14:20, -2h..-90m, 2026-12-01T23:50Z.. (local time; Z: UTC)",
                Scope::screens(&[S::Logs]),
            )
            .hint("window"),
            b(
                "older_lines",
                OlderLines,
                &[Key::ch('[')],
                "the lines before the oldest shown (put in front; the screen stays)",
                Scope::screens(&[S::Logs]),
            )
            .hint("older"),
            b(
                "newer_lines",
                NewerLines,
                &[Key::ch(']')],
                "the lines after the newest shown (a window that has an end)",
                Scope::screens(&[S::Logs]),
            ),
            b(
                "find_on_server",
                FindOnServer,
                &[Key::ch('F')],
                "find on the server: a CloudWatch filter pattern over the window (empty: all lines)",
                Scope::screens(&[S::Logs]),
            )
            .hint("find"),
            b(
                "save_lines",
                SaveLines,
                &[Key::ctrl('s')],
                "save the lines to a file",
                Scope::screens(&[S::Logs]),
            )
            .hint("save"),
            b(
                "clear_lines",
                ClearLines,
                &[Key::ch('C')],
                "clear the lines",
                Scope::screens(&[S::Logs]),
            )
            .hint("clear"),
            // ---- dialogs and prompts
            b(
                "confirm",
                Confirm,
                &[Key::plain(K::Enter), Key::ch('y')],
                "go ahead (send the change)",
                Scope::screens(&[S::Confirm]),
            ),
            b(
                "decline",
                Decline,
                &[Key::ch('n')],
                "do not (close the dialog)",
                Scope::screens(&[S::Confirm]),
            ),
            b(
                "cancel",
                Cancel,
                &[Key::plain(K::Esc)],
                "cancel (nothing is sent; a filter goes back to what it was)",
                Scope::screens(&[S::Count, S::Form, S::Confirm, S::Prompt]),
            ),
            b(
                "submit",
                Submit,
                &[Key::plain(K::Enter)],
                "go on with what was typed",
                Scope::screens(&[S::Count, S::Form, S::Prompt]),
            ),
            b(
                "complete",
                Complete,
                &[Key::plain(K::Tab)],
                "complete the command, cluster or service name",
                Scope::screens(&[S::Prompt]),
            ),
            b(
                "history_previous",
                HistoryPrevious,
                &[Key::plain(K::Up)],
                "the command before (the : prompt's history)",
                Scope::screens(&[S::Prompt]),
            ),
            b(
                "history_next",
                HistoryNext,
                &[Key::plain(K::Down)],
                "the command after (after the newest: an empty line)",
                Scope::screens(&[S::Prompt]),
            ),
            b(
                "increase",
                Increase,
                &[Key::ch('+'), Key::plain(K::Up)],
                "one more",
                Scope::screens(&[S::Count]),
            ),
            b(
                "decrease",
                Decrease,
                &[Key::ch('-'), Key::plain(K::Down)],
                "one fewer",
                Scope::screens(&[S::Count]),
            ),
            b(
                "adjust_bounds",
                AdjustBounds,
                &[Key::ch('b')],
                "also move the auto-scaling bounds to fit the count",
                Scope::screens(&[S::Count]),
            ),
            // ---- the line editor
            b(
                "cursor_left",
                CursorLeft,
                &[Key::plain(K::Left)],
                "cursor left",
                Scope::screens(&[S::Edit]),
            ),
            b(
                "cursor_right",
                CursorRight,
                &[Key::plain(K::Right)],
                "cursor right",
                Scope::screens(&[S::Edit]),
            ),
            b(
                "line_start",
                LineStart,
                &[Key::plain(K::Home), Key::ctrl('a')],
                "to the start of the line",
                Scope::screens(&[S::Edit]),
            ),
            b(
                "line_end",
                LineEnd,
                &[Key::plain(K::End), Key::ctrl('e')],
                "to the end of the line",
                Scope::screens(&[S::Edit]),
            ),
            b(
                "delete_back",
                DeleteBack,
                &[Key::plain(K::Backspace)],
                "delete the character before the cursor",
                Scope::screens(&[S::Edit]),
            ),
            b(
                "delete_forward",
                DeleteForward,
                &[Key::plain(K::Delete)],
                "delete the character under the cursor",
                Scope::screens(&[S::Edit]),
            ),
            b(
                "delete_to_start",
                DeleteToStart,
                &[Key::ctrl('u')],
                "delete to the start of the line",
                Scope::screens(&[S::Edit]),
            ),
            b(
                "delete_to_end",
                DeleteToEnd,
                &[Key::ctrl('k')],
                "delete to the end of the line",
                Scope::screens(&[S::Edit]),
            ),
            b(
                "delete_word",
                DeleteWord,
                &[Key::ctrl('w')],
                "delete the word before the cursor",
                Scope::screens(&[S::Edit]),
            ),
        ];
        Self {
            bindings,
            disabled: Vec::new(),
        }
    }
}

impl KeyMap {
    /// The key map of a read-only console: every binding that changes the account is gone (from
    /// dispatch, help and hints alike).
    pub fn read_only(mut self) -> Self {
        let (dangerous, safe): (Vec<_>, Vec<_>) =
            self.bindings.into_iter().partition(|b| b.dangerous);
        self.bindings = safe;
        self.disabled = dangerous;
        self
    }

    /// The binding a read-only console removed for this key, if any.
    pub fn disabled(&self, ev: &KeyEvent, place: impl Into<Place>) -> Option<&Binding> {
        let key = Key::from_event(ev);
        let place = place.into();
        self.disabled
            .iter()
            .find(|b| b.scope.covers(place) && b.keys.contains(&key))
    }

    /// The binding with this config name.
    pub fn named(&self, name: &str) -> Option<&Binding> {
        self.bindings.iter().find(|b| b.name == name)
    }

    /// Give `action` these keys (instead of its own). A key another binding of an overlapping
    /// scope has is taken from it, with a warning.
    pub(super) fn rebind(&mut self, action: Action, name: &str, keys: Vec<Key>) -> Vec<String> {
        let Some(at) = self.bindings.iter().position(|b| b.action == action) else {
            return Vec::new();
        };
        let scope = self.bindings[at].scope;
        let help = self.bindings[at].help;
        let mut warnings = Vec::new();
        for (i, other) in self.bindings.iter_mut().enumerate() {
            if i == at || !scope.overlaps(other.scope) {
                continue;
            }
            for k in &keys {
                if other.keys.contains(k) {
                    other.keys.retain(|o| o != k);
                    warnings.push(format!(
                        "keys.{name}: `{k}` was also `{}`; it now means `{help}` there",
                        other.help
                    ));
                    if other.keys.is_empty() {
                        warnings.push(format!("keys.{name}: `{}` has no key left", other.help));
                    }
                }
            }
        }
        self.bindings[at].keys = keys;
        warnings
    }

    /// The action bound to this key here.
    pub fn lookup(&self, ev: &KeyEvent, place: impl Into<Place>) -> Option<Action> {
        let key = Key::from_event(ev);
        let place = place.into();
        self.bindings
            .iter()
            .find(|b| b.scope.covers(place) && b.keys.contains(&key))
            .map(|b| b.action)
    }

    /// Every binding that applies here, in table order.
    pub fn for_place(&self, place: impl Into<Place>) -> impl Iterator<Item = &Binding> {
        let place = place.into();
        self.bindings.iter().filter(move |b| b.scope.covers(place))
    }

    /// Every binding that applies to a table view, in table order.
    pub fn for_view(&self, view: ViewTag) -> impl Iterator<Item = &Binding> {
        self.for_place(view)
    }

    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// The keys of an action, as hints show them (`Enter/y`).
    pub fn keys_of(&self, action: Action) -> String {
        self.bindings
            .iter()
            .find(|b| b.action == action)
            .map(|b| {
                b.keys
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("/")
            })
            .unwrap_or_default()
    }

    /// The first key of an action, as a hint names it (`Esc`), or `-` when it has none.
    pub fn key_of(&self, action: Action) -> String {
        self.bindings
            .iter()
            .find(|b| b.action == action)
            .and_then(|b| b.keys.first())
            .map_or_else(|| "-".to_string(), ToString::to_string)
    }

    /// A screen's hint line: `/ search · n next · Esc close`, from the hinted bindings that
    /// apply there, with their keys as they are now.
    pub fn hint_line(&self, screen: Screen) -> String {
        self.for_place(screen)
            .filter_map(|b| Some(format!("{} {}", b.keys.first()?, b.hint?)))
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn dispatch_respects_scope_and_case() {
        let km = KeyMap::default();
        assert_eq!(
            km.lookup(&ev(KeyCode::Char('x'), KeyModifiers::NONE), ViewTag::Tasks),
            Some(Action::ToggleStopped)
        );
        assert_eq!(
            km.lookup(
                &ev(KeyCode::Char('x'), KeyModifiers::NONE),
                ViewTag::Services
            ),
            None
        );
        assert_eq!(
            km.lookup(&ev(KeyCode::Char('G'), KeyModifiers::SHIFT), ViewTag::Tasks),
            Some(Action::Bottom)
        );
        assert_eq!(
            km.lookup(
                &ev(KeyCode::Char('c'), KeyModifiers::NONE),
                ViewTag::Clusters
            ),
            Some(Action::Copy),
        );
        assert_eq!(
            km.lookup(&ev(KeyCode::Char('f'), KeyModifiers::NONE), Screen::Logs),
            Some(Action::Follow),
            "a screen has its own meaning for a key"
        );
        assert_eq!(
            km.lookup(
                &ev(KeyCode::Char('f'), KeyModifiers::NONE),
                Screen::Describe
            ),
            Some(Action::ToggleFormat),
        );
        assert_eq!(
            km.lookup(&ev(KeyCode::Char('j'), KeyModifiers::NONE), Screen::Help),
            Some(Action::Down),
            "moving is shared by tables and text screens"
        );
        assert_eq!(
            km.lookup(&ev(KeyCode::Char('s'), KeyModifiers::NONE), Screen::Logs),
            None,
            "view keys do not reach a screen"
        );
    }

    #[test]
    fn read_only_removes_every_dangerous_binding_and_remembers_it() {
        let full = KeyMap::default();
        assert!(full.bindings().iter().filter(|b| b.dangerous).count() >= 5);
        let ro = KeyMap::default().read_only();
        assert!(ro.bindings().iter().all(|b| !b.dangerous));
        let s = ev(KeyCode::Char('s'), KeyModifiers::NONE);
        assert_eq!(full.lookup(&s, ViewTag::Services), Some(Action::Scale));
        assert_eq!(ro.lookup(&s, ViewTag::Services), None);
        assert_eq!(
            ro.disabled(&s, ViewTag::Services).map(|b| b.action),
            Some(Action::Scale)
        );
        assert!(ro.disabled(&s, ViewTag::Clusters).is_none());
    }

    #[test]
    fn no_key_is_bound_twice_in_one_place_and_names_are_unique() {
        let km = KeyMap::default();
        let places = TABLES
            .iter()
            .map(|v| Place::View(*v))
            .chain(Screen::ALL.iter().map(|s| Place::Screen(*s)));
        for place in places {
            let mut seen = std::collections::HashSet::new();
            for b in km.for_place(place) {
                for k in &b.keys {
                    assert!(seen.insert(*k), "{k} bound twice in {place:?}");
                }
            }
        }
        let mut names = std::collections::HashSet::new();
        for b in km.bindings() {
            assert!(names.insert(b.name), "{} named twice", b.name);
            assert!(
                km.bindings()
                    .iter()
                    .filter(|o| o.action == b.action)
                    .count()
                    == 1,
                "{:?} has two bindings",
                b.action
            );
        }
    }

    #[test]
    fn a_screen_hint_line_follows_the_table() {
        let mut km = KeyMap::default();
        assert!(km.hint_line(Screen::Describe).contains("f yaml/json"));
        km.rebind(Action::ToggleFormat, "toggle_format", vec![Key::ch('J')]);
        let line = km.hint_line(Screen::Describe);
        assert!(line.contains("J yaml/json"), "{line}");
        assert!(!line.contains("f yaml/json"), "{line}");
    }
}
