//! Key actions as data. One table feeds dispatch, the help screen and the header's hints, so they
//! can never disagree. Later, config remaps rewrite this table and read-only mode drops the
//! dangerous entries.

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

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Global,
    Views(&'static [ViewTag]),
}

impl Scope {
    pub fn covers(self, view: ViewTag) -> bool {
        match self {
            Scope::Global => true,
            Scope::Views(vs) => vs.contains(&view),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Binding {
    pub action: Action,
    pub keys: Vec<Key>,
    pub help: &'static str,
    pub scope: Scope,
    /// The short label shown in the header's hints, if the binding is hinted there.
    pub hint: Option<&'static str>,
    /// Changes the cluster; absent in read-only mode.
    pub dangerous: bool,
}

#[derive(Debug, Clone)]
pub struct KeyMap {
    bindings: Vec<Binding>,
    /// Bindings a read-only console removed, so that pressing one can say why nothing happens.
    disabled: Vec<Binding>,
}

const TABLES: &[ViewTag] = &[
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

fn danger(
    action: Action,
    keys: &[Key],
    help: &'static str,
    scope: Scope,
    hint: &'static str,
) -> Binding {
    Binding {
        action,
        keys: keys.to_vec(),
        help,
        scope,
        hint: Some(hint),
        dangerous: true,
    }
}

fn bind(
    action: Action,
    keys: &[Key],
    help: &'static str,
    scope: Scope,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        action,
        keys: keys.to_vec(),
        help,
        scope,
        hint,
        dangerous: false,
    }
}

impl Default for KeyMap {
    fn default() -> Self {
        use Action::*;
        use KeyCode as K;
        use ViewTag as V;
        let g = Scope::Global;
        let t = Scope::Views(TABLES);
        let bindings = vec![
            bind(
                Open,
                &[Key::plain(K::Enter)],
                "open the selected resource",
                Scope::Views(&[
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
                Some("open"),
            ),
            bind(
                Back,
                &[Key::plain(K::Esc)],
                "clear the filter, else go back",
                g,
                Some("back"),
            ),
            bind(
                ClusterInstances,
                &[Key::ch('i')],
                "container instances of the cluster",
                Scope::Views(&[V::Clusters, V::Services, V::Tasks]),
                Some("instances"),
            ),
            bind(
                ClusterTasks,
                &[Key::ch('t')],
                "all tasks of the cluster",
                Scope::Views(&[V::Clusters, V::Services, V::Instances]),
                Some("cluster tasks"),
            ),
            bind(
                ToggleStopped,
                &[Key::ch('x')],
                "show stopped / running tasks",
                Scope::Views(&[V::Tasks]),
                Some("stopped/running"),
            ),
            bind(
                ToggleEvents,
                &[Key::ch('e')],
                "show / hide the service events pane",
                Scope::Views(&[V::Services]),
                Some("events pane"),
            ),
            bind(
                Filter,
                &[Key::ch('/')],
                "filter rows (regex; !inverts)",
                t,
                Some("filter"),
            ),
            bind(
                Command,
                &[Key::ch(':')],
                "command mode (Tab completes)",
                g,
                Some("command"),
            ),
            bind(Help, &[Key::ch('?')], "help", g, Some("help")),
            bind(Up, &[Key::ch('k'), Key::plain(K::Up)], "up", t, None),
            bind(Down, &[Key::ch('j'), Key::plain(K::Down)], "down", t, None),
            bind(
                PageUp,
                &[Key::plain(K::PageUp), Key::ctrl('b')],
                "page up",
                t,
                None,
            ),
            bind(
                PageDown,
                &[Key::plain(K::PageDown), Key::ctrl('f')],
                "page down",
                t,
                None,
            ),
            bind(
                Top,
                &[Key::ch('g'), Key::plain(K::Home)],
                "first row",
                t,
                None,
            ),
            bind(
                Bottom,
                &[Key::ch('G'), Key::plain(K::End)],
                "last row",
                t,
                None,
            ),
            bind(
                SortNext,
                &[Key::ch('>')],
                "sort by the next column",
                t,
                None,
            ),
            bind(SortReverse, &[Key::ch('S')], "reverse the sort", t, None),
            bind(SortByName, &[Key::ch('N')], "sort by name / id", t, None),
            bind(SortByAge, &[Key::ch('A')], "sort by age", t, None),
            bind(Refresh, &[Key::ctrl('r')], "refresh now", t, None),
            bind(
                Logs,
                &[Key::ch('l')],
                "logs of the task, container or service (live)",
                Scope::Views(&[
                    V::Services,
                    V::Tasks,
                    V::Containers,
                    V::Failures,
                    V::Deployments,
                ]),
                Some("logs"),
            ),
            bind(
                WatchDeployment,
                &[Key::ch('w')],
                "watch the service's deployments and events, live",
                Scope::Views(&[V::Services]),
                Some("deploys"),
            ),
            bind(
                Failures,
                &[Key::ch('F')],
                "failures: stopped tasks of the last hour grouped by cause",
                Scope::Views(&[V::Clusters, V::Services, V::Tasks]),
                Some("failures"),
            ),
            bind(
                Describe,
                &[Key::ch('d')],
                "describe the selected resource (YAML/JSON, secrets masked)",
                Scope::Views(&[
                    V::Clusters,
                    V::Services,
                    V::Tasks,
                    V::Containers,
                    V::Instances,
                ]),
                Some("describe"),
            ),
            bind(
                Copy,
                &[Key::ch('c')],
                "copy the selected ARN to the clipboard (OSC 52)",
                t,
                None,
            ),
            bind(
                Mark,
                &[Key::ch(' ')],
                "mark / unmark the row (for stop, drain)",
                Scope::Views(&[V::Tasks, V::Instances]),
                Some("mark"),
            ),
            bind(
                MarkAll,
                &[Key::ctrl('a')],
                "mark all rows shown (the filtered view), or none",
                Scope::Views(&[V::Tasks, V::Instances]),
                None,
            ),
            danger(
                Scale,
                &[Key::ch('s')],
                "scale the service (desired count)",
                Scope::Views(&[V::Services]),
                "scale",
            ),
            danger(
                ForceDeployment,
                &[Key::ch('r')],
                "force a new deployment of the service",
                Scope::Views(&[V::Services]),
                "redeploy",
            ),
            danger(
                StopTasks,
                &[Key::ctrl('k')],
                "stop the marked tasks (or the selected one)",
                Scope::Views(&[V::Tasks]),
                "stop",
            ),
            danger(
                Drain,
                &[Key::ch('D')],
                "drain the marked instances (or the selected one)",
                Scope::Views(&[V::Instances]),
                "drain",
            ),
            danger(
                Activate,
                &[Key::ch('a')],
                "make the marked instances ACTIVE again",
                Scope::Views(&[V::Instances]),
                "activate",
            ),
            bind(Messages, &[Key::ch('m')], "message history", g, None),
            bind(
                Quit,
                &[Key::ch('q'), Key::ctrl('c')],
                "quit",
                g,
                Some("quit"),
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
    pub fn disabled(&self, ev: &KeyEvent, view: ViewTag) -> Option<&Binding> {
        let key = Key::from_event(ev);
        self.disabled
            .iter()
            .find(|b| b.scope.covers(view) && b.keys.contains(&key))
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
            if i == at || !overlaps(scope, other.scope) {
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

    /// The action bound to this key in this view.
    pub fn lookup(&self, ev: &KeyEvent, view: ViewTag) -> Option<Action> {
        let key = Key::from_event(ev);
        self.bindings
            .iter()
            .find(|b| b.scope.covers(view) && b.keys.contains(&key))
            .map(|b| b.action)
    }

    /// Every binding that applies to a view, in table order.
    pub fn for_view(&self, view: ViewTag) -> impl Iterator<Item = &Binding> {
        self.bindings.iter().filter(move |b| b.scope.covers(view))
    }

    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// The keys of an action, as the help shows them (`j/↓`).
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
}

fn overlaps(a: Scope, b: Scope) -> bool {
    match (a, b) {
        (Scope::Global, _) | (_, Scope::Global) => true,
        (Scope::Views(x), Scope::Views(y)) => x.iter().any(|v| y.contains(v)),
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
                &ev(KeyCode::Char('c'), KeyModifiers::CONTROL),
                ViewTag::Clusters
            ),
            Some(Action::Quit)
        );
        assert_eq!(
            km.lookup(
                &ev(KeyCode::Char('c'), KeyModifiers::NONE),
                ViewTag::Clusters
            ),
            Some(Action::Copy),
            "modifiers matter: Ctrl-C quits, c copies"
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
    fn no_key_is_bound_twice_in_one_view() {
        let km = KeyMap::default();
        for view in TABLES {
            let mut seen = std::collections::HashSet::new();
            for b in km.for_view(*view) {
                for k in &b.keys {
                    assert!(seen.insert(*k), "{k} bound twice in {view:?}");
                }
            }
        }
    }
}
