//! Key actions as data. One table feeds dispatch, the help screen, the hints and the config's
//! remaps — for the table views and for every screen over them (help, describe, logs, dialogs,
//! prompts, the line editor) — so they can never disagree and every key can be remapped.
//! Read-only mode drops the dangerous entries.

mod custom;
mod defaults;
mod key;
mod screen_defaults;

pub use custom::VIEW_NAMES;
pub use key::Key;

#[cfg(test)]
use defaults::TABLES;

use super::view::ViewTag;
use crossterm::event::KeyEvent;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// The n-th custom command bound (`[[commands]]`).
    Custom(u16),
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
    ConsoleLink,
    Describe,
    Failures,
    WatchDeployment,
    Logs,
    Diff,
    Revisions,
    Rollback,
    UseRevision,
    Exec,
    Timeline,
    TimelineWindow,
    Targets,
    // ---- text screens (help, describe, logs, diff)
    Close,
    Search,
    NextMatch,
    PreviousMatch,
    ToggleFormat,
    ToggleUnchanged,
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
    StreamLink,
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
    SwitchMethod,
    NextContainer,
    EnableExec,
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
    /// What changed between two task definitions.
    Diff,
    /// A custom command's output.
    Output,
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
        Screen::Diff,
        Screen::Output,
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
            Screen::Diff => "a task definition diff",
            Screen::Output => "a custom command's output",
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
    /// A read-only console's: what changes the account is never bound (custom commands too).
    read_only: bool,
}

impl KeyMap {
    /// The key map of a read-only console: every binding that changes the account is gone (from
    /// dispatch, help and hints alike).
    pub fn read_only(mut self) -> Self {
        let (dangerous, safe): (Vec<_>, Vec<_>) =
            self.bindings.into_iter().partition(|b| b.dangerous);
        self.bindings = safe;
        self.disabled = dangerous;
        self.read_only = true;
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
    use crossterm::event::{KeyCode, KeyModifiers};

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
