//! Custom commands run in the background: the program with its arguments as given (no shell),
//! no input, its output and errors read line by line and sent on in batches, then how it ended.
//! Closing the pane aborts the task, which kills the program (`kill_on_drop`).

use crate::protocol::Msg;
use std::process::Stdio;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::sync::mpsc::UnboundedSender;

/// Lines sent at most per message (the rest follow in the next).
const BATCH: usize = 200;
/// …and what came within this long goes together.
const FLUSH: std::time::Duration = std::time::Duration::from_millis(100);

pub async fn run(id: u64, argv: Vec<String>, out: UnboundedSender<Msg>) {
    let send = |lines: Vec<String>, done: Option<String>| {
        let _ = out.send(Msg::CommandOutput { id, lines, done });
    };
    let Some((program, args)) = argv.split_first() else {
        send(Vec::new(), Some("nothing to run".into()));
        return;
    };
    let mut cmd = tokio::process::Command::new(program);
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => {
            send(Vec::new(), Some(format!("could not start {program}: {e}")));
            return;
        }
    };
    let (Some(stdout), Some(stderr)) = (child.stdout.take(), child.stderr.take()) else {
        send(Vec::new(), Some("no output to read".into()));
        return;
    };
    let mut stdout = BufReader::new(stdout).lines();
    let mut stderr = BufReader::new(stderr).lines();
    let (mut out_open, mut err_open) = (true, true);
    let mut batch = Vec::new();
    let mut sent = tokio::time::Instant::now();
    while out_open || err_open {
        let line = tokio::select! {
            l = stdout.next_line(), if out_open => match l {
                Ok(Some(l)) => Some(l),
                _ => { out_open = false; None }
            },
            l = stderr.next_line(), if err_open => match l {
                Ok(Some(l)) => Some(l),
                _ => { err_open = false; None }
            },
        };
        if let Some(l) = line {
            batch.push(l);
        }
        // A full batch, or what came in the last tenth of a second, goes on.
        if batch.len() >= BATCH || (!batch.is_empty() && sent.elapsed() >= FLUSH) {
            send(std::mem::take(&mut batch), None);
            sent = tokio::time::Instant::now();
        }
    }
    let done = match child.wait().await {
        Ok(s) => match s.code() {
            Some(0) => "exit 0".to_string(),
            Some(n) => format!("exit {n}"),
            None => "ended by a signal".to_string(),
        },
        Err(e) => format!("could not wait for it: {e}"),
    };
    send(batch, Some(done));
}
