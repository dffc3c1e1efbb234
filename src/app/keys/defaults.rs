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
