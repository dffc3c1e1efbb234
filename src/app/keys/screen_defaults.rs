//! The default bindings of the screens over the views: the text screens (help, describe,
//! logs, diff), the dialogs and prompts, and the line editor.

use super::defaults::TEXT;
use super::{Action, Binding, Key, Scope, Screen};
use crossterm::event::KeyCode;

pub(super) fn bindings() -> Vec<Binding> {
    use Action::*;
    use KeyCode as K;
    use Screen as S;
    let b = Binding::new;
    vec![
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
            "toggle_unchanged",
            ToggleUnchanged,
            &[Key::ch('u')],
            "show / fold the unchanged fields",
            Scope::screens(&[S::Diff]),
        )
        .hint("unchanged"),
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
        b(
            "stream_link",
            StreamLink,
            &[Key::ch('o')],
            "copy the AWS console address of the log stream in view (OSC 52)",
            Scope::screens(&[S::Logs]),
        ),
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
            "switch_method",
            SwitchMethod,
            &[Key::ch('u')],
            "rolling back a deployment in progress: StopServiceDeployment(ROLLBACK) or UpdateService",
            Scope::screens(&[S::Confirm]),
        ),
        b(
            "next_container",
            NextContainer,
            &[Key::plain(K::Tab)],
            "ECS Exec: the task's next container",
            Scope::screens(&[S::Form, S::Confirm]),
        ),
        b(
            "enable_exec",
            EnableExec,
            &[Key::ch('E')],
            "ECS Exec off: turn it on for the task's service (UpdateService enableExecuteCommand=true)",
            Scope::screens(&[S::Confirm]),
        )
        .dangerous(),
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
    ]
}
