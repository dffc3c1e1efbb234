//! The default key table: every binding of every view and screen, with its config name, help
//! text, scope and hint. Remaps (`remap.rs`) and read-only mode change a copy of it.

use super::{Action, Binding, Key, KeyMap, Scope, Screen};
use crate::app::view::ViewTag;
use crossterm::event::KeyCode;

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
    ViewTag::Families,
    ViewTag::Revisions,
    ViewTag::Timeline,
    ViewTag::Targets,
    ViewTag::Scaling,
    ViewTag::Capacity,
    ViewTag::Alarms,
];

/// The screens that show text to scroll and search.
pub(super) const TEXT: &[Screen] = &[
    Screen::Help,
    Screen::Describe,
    Screen::Logs,
    Screen::Diff,
    Screen::Output,
];

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
                    V::Families,
                    V::Timeline,
                    V::Targets,
                    V::Scaling,
                    V::Alarms,
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
                    V::Revisions,
                    V::Timeline,
                    V::Targets,
                    V::Scaling,
                    V::Capacity,
                    V::Alarms,
                    V::Messages,
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
                "console_link",
                ConsoleLink,
                &[Key::ch('o')],
                "copy the selected resource's AWS console address (OSC 52)",
                Scope::views(&[
                    V::Clusters,
                    V::Services,
                    V::Tasks,
                    V::Containers,
                    V::Instances,
                    V::Revisions,
                ]),
            ),
            b(
                "mark",
                Mark,
                &[Key::ch(' ')],
                "mark / unmark the row (for stop, drain; two revisions for a diff)",
                Scope::views(&[V::Tasks, V::Instances, V::Revisions]),
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
            b(
                "diff",
                Diff,
                &[Key::ch('=')],
                "what changed: the revision against the one before (or the two marked); a service's task definition against the one it ran before",
                Scope::views(&[V::Services, V::Revisions]),
            )
            .hint("diff"),
            b(
                "revisions",
                Revisions,
                &[Key::ch('v')],
                "the revisions of the service's task definition family (U there moves the service to one)",
                Scope::views(&[V::Services]),
            )
            .hint("revisions"),
            b(
                "rollback",
                Rollback,
                &[Key::ch('R')],
                "roll the service back to the task definition it ran before (UpdateService, task definition only)",
                Scope::views(&[V::Services]),
            )
            .hint("roll back")
            .dangerous(),
            b(
                "use_revision",
                UseRevision,
                &[Key::ch('U')],
                "move the service to the selected revision (UpdateService, task definition only)",
                Scope::views(&[V::Revisions]),
            )
            .hint("use")
            .dangerous(),
            b(
                "exec",
                Exec,
                &[Key::ch('X')],
                "ECS Exec: open a shell (or run a command) in the task's container, through session-manager-plugin",
                Scope::views(&[V::Tasks, V::Containers]),
            )
            .hint("exec")
            .dangerous(),
            b(
                "timeline",
                Timeline,
                &[Key::ch('T')],
                "the incident timeline: what happened to the service (or the cluster), newest first",
                Scope::views(&[V::Clusters, V::Services, V::Tasks, V::Deployments]),
            )
            .hint("timeline"),
            b(
                "targets",
                Targets,
                &[Key::ch('b')],
                "load balancer targets of the service (or the cluster): health, reason, the task behind each",
                Scope::views(&[V::Services, V::Tasks, V::Deployments]),
            )
            .hint("targets"),
            b(
                "timeline_window",
                TimelineWindow,
                &[Key::ch('W')],
                "keep a window of the timeline (14:02..14:10, -30m): the command line to type it",
                Scope::views(&[V::Timeline]),
            )
            .hint("window"),
            b("messages", Messages, &[Key::ch('m')], "message history", g),
            b("quit", Quit, &[Key::ch('q')], "quit", g).hint("quit"),
        ];
        let mut bindings = bindings;
        bindings.extend(super::screen_defaults::bindings());
        Self {
            bindings,
            disabled: Vec::new(),
            read_only: false,
        }
    }
}
