//! Dialogs before a change: centred over the table, saying exactly what will happen and how to
//! go ahead or back out.

use super::{autoscaling_note, parse_desired, Dialog, Loading};
use crate::app::keys::Action;
use crate::app::App;
use crate::model::{family_revision, Change};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

pub fn draw(frame: &mut Frame, app: &App, dialog: &Dialog, body: Rect) {
    let theme = &app.theme;
    let plain = Style::default().fg(theme.body_fg);
    let faint = Style::default().fg(theme.faint);
    let warn = Style::default().fg(theme.warning);
    let bad = Style::default().fg(theme.error);
    let key = Style::default().fg(theme.key).add_modifier(Modifier::BOLD);
    // The keys as the key table has them now.
    let k = |a| app.keymap.key_of(a);
    let go_ahead = format!(
        "{}: go ahead  ·  {}/{}: cancel",
        app.keymap.keys_of(Action::Confirm),
        k(Action::Cancel),
        k(Action::Decline)
    );
    let field = |label: &str, value: String| {
        Line::from(vec![
            Span::styled(format!("{label:<13}"), faint),
            Span::styled(value, plain),
        ])
    };
    let width = body.width.saturating_sub(4).clamp(20, 100);
    // The inside width, which lines wrap to.
    let inner = width.saturating_sub(2).max(1) as usize;
    let (title, lines, keys): (String, Vec<Line>, String) = match dialog {
        Dialog::Scale(d) => {
            let mut lines = vec![
                field("service", format!("{}/{}", d.cluster, d.service)),
                field(
                    "now",
                    format!(
                        "desired {}, running {}, pending {}",
                        d.desired, d.running, d.pending
                    ),
                ),
                Line::from(
                    std::iter::once(Span::styled(format!("{:<13}", "new desired"), faint))
                        .chain(crate::ui::widgets::line_input(
                            &d.input,
                            Style::default().fg(theme.key).add_modifier(Modifier::BOLD),
                            key,
                        ))
                        .collect::<Vec<_>>(),
                ),
            ];
            if let Some(e) = &d.error {
                lines.push(Line::styled(e.clone(), bad));
            }
            match &d.target {
                Loading::Pending => {
                    lines.push(Line::styled("checking Application Auto Scaling…", faint))
                }
                Loading::Failed(e) => lines.push(Line::styled(
                    format!("could not check auto scaling: {e}"),
                    warn,
                )),
                Loading::Ready(None) => {
                    lines.push(Line::styled("no auto scaling on this service", faint))
                }
                Loading::Ready(Some(t)) => {
                    let n = parse_desired(&d.input).unwrap_or(d.desired);
                    let mut note = autoscaling_note(t, n);
                    if n < t.min || n > t.max {
                        note.push_str(&format!(" ({}: also set min/max)", k(Action::AdjustBounds)));
                    }
                    lines.push(Line::styled(note, warn));
                    if d.adjust_bounds {
                        lines.push(Line::styled(
                            "min/max will be widened to include the new count",
                            warn,
                        ));
                    }
                    lines.push(Line::styled(
                        format!(
                            "policies, schedules and why it scaled: :scaling {} {}",
                            d.cluster, d.service
                        ),
                        faint,
                    ));
                }
            }
            (
                format!(" Scale {} ", d.service),
                lines,
                format!(
                    "type a number or {}/{}  ·  {}: review  ·  {}: cancel",
                    k(Action::Increase),
                    k(Action::Decrease),
                    k(Action::Submit),
                    k(Action::Cancel)
                ),
            )
        }
        Dialog::Stop(d) => {
            let replaced = d.tasks.iter().filter(|t| t.service.is_some()).count();
            let standalone = d.tasks.len() - replaced;
            let mut lines = vec![field("cluster", d.cluster.clone())];
            for t in d.tasks.iter().take(8) {
                let fate = match &t.service {
                    Some(s) => format!("service {s} — will be replaced"),
                    None => "standalone — will not be replaced".to_string(),
                };
                lines.push(Line::from(vec![
                    Span::styled(
                        format!("  {:<14}", t.id.chars().take(12).collect::<String>()),
                        plain,
                    ),
                    Span::styled(format!("{:<12} ", t.last_status), faint),
                    Span::styled(fate, if t.service.is_some() { plain } else { warn }),
                ]));
            }
            if d.tasks.len() > 8 {
                lines.push(Line::styled(
                    format!("  … and {} more", d.tasks.len() - 8),
                    faint,
                ));
            }
            lines.push(Line::styled(
                format!("{replaced} will be replaced by their service; {standalone} will not."),
                warn,
            ));
            lines.push(Line::from(
                std::iter::once(Span::styled(format!("{:<13}", "reason"), faint))
                    .chain(crate::ui::widgets::line_input(
                        &d.reason,
                        Style::default().fg(theme.key),
                        key,
                    ))
                    .collect::<Vec<_>>(),
            ));
            if let Some(e) = &d.error {
                lines.push(Line::styled(e.clone(), bad));
            }
            (
                format!(" Stop {} task(s) ", d.tasks.len()),
                lines,
                format!(
                    "edit the reason  ·  {}: stop them  ·  {}: cancel",
                    k(Action::Submit),
                    k(Action::Cancel)
                ),
            )
        }
        Dialog::Instances(d) => {
            let verb = if d.draining { "Drain" } else { "Activate" };
            let mut lines = vec![field("cluster", d.cluster.clone())];
            for i in d.instances.iter().take(8) {
                lines.push(Line::styled(
                    format!(
                        "  {:<14}{:<21}{}",
                        i.id.chars().take(12).collect::<String>(),
                        i.ec2_id,
                        i.status
                    ),
                    plain,
                ));
            }
            if d.instances.len() > 8 {
                lines.push(Line::styled(
                    format!("  … and {} more", d.instances.len() - 8),
                    faint,
                ));
            }
            lines.push(match (&d.counts, d.draining) {
                (Loading::Pending, _) => Line::styled("counting the tasks on them…", faint),
                (Loading::Failed(e), _) => Line::styled(format!("could not count their tasks: {e}"), warn),
                (Loading::Ready((service, standalone)), true) => Line::styled(
                    format!("{service} service task(s) will be moved to other instances; {standalone} standalone task(s) keep running."),
                    warn,
                ),
                (Loading::Ready(_), false) => Line::styled("they take new tasks again.", plain),
            });
            (
                format!(" {verb} {} instance(s) ", d.instances.len()),
                lines,
                go_ahead.clone(),
            )
        }
        Dialog::Rollback(d) => {
            let style = |change: Change| match change {
                Change::Added => Style::default().fg(theme.good),
                Change::Removed => bad,
                Change::Changed => warn,
                Change::Heading => key,
                Change::Same => plain,
            };
            let (head, changes) = d.lines(&k(Action::SwitchMethod));
            let mut lines: Vec<Line> = head
                .into_iter()
                .map(|(change, text)| Line::styled(text, style(change)))
                .collect();
            // The change lines get the rows the rest leaves, one row each: the borders, the
            // lines above, a blank line and the keys.
            let used = 2 + rows(&lines, inner) + 2;
            let room = (body.height as usize).saturating_sub(used);
            lines.extend(
                super::rollback::fit_changes(&changes, room, inner, |t| {
                    rows(&[Line::raw(t.to_string())], inner)
                })
                .into_iter()
                .map(|(change, text)| Line::styled(text, style(change))),
            );
            let verb = if d.rollback { "Roll back" } else { "Move" };
            let what = if d.service.is_empty() {
                d.target_arn()
                    .map(family_revision)
                    .unwrap_or_default()
                    .to_string()
            } else {
                d.service.clone()
            };
            (format!(" {verb} {what} "), lines, go_ahead.clone())
        }
        Dialog::Exec(d) => {
            let good = Style::default().fg(theme.good);
            let container = d.container().map(|c| c.name.as_str()).unwrap_or("–");
            let others = if d.containers.len() > 1 {
                format!(
                    "   ({} of {}; {}: next)",
                    d.chosen + 1,
                    d.containers.len(),
                    k(Action::NextContainer)
                )
            } else {
                String::new()
            };
            let mut lines = vec![
                field(
                    "task",
                    format!("{}/{}", d.cluster, crate::model::short_id(&d.task)),
                ),
                field("container", format!("{container}{others}")),
            ];
            if !d.blocked() {
                lines.push(Line::from(
                    std::iter::once(Span::styled(format!("{:<13}", "command"), faint))
                        .chain(crate::ui::widgets::line_input(
                            &d.command,
                            Style::default().fg(theme.key).add_modifier(Modifier::BOLD),
                            key,
                        ))
                        .collect::<Vec<_>>(),
                ));
            }
            for c in d.checks(&k(Action::EnableExec), &k(Action::ForceDeployment)) {
                let (mark, style) = if c.ok { ("✓ ", good) } else { ("✗ ", bad) };
                lines.push(Line::from(vec![
                    Span::styled(mark, style),
                    Span::styled(c.text, if c.ok { faint } else { plain }),
                ]));
            }
            if !d.fresh {
                lines.push(Line::styled("describing the task…", faint));
            }
            if let Some(e) = &d.error {
                lines.push(Line::styled(e.clone(), bad));
            }
            let keys = if d.blocked() {
                let mut keys = format!("{}: close", k(Action::Cancel));
                if d.offers_enable() {
                    keys = format!(
                        "{}: turn ECS Exec on for the service  ·  {keys}",
                        k(Action::EnableExec)
                    );
                }
                keys
            } else {
                format!(
                    "{}: ExecuteCommand, then the terminal is session-manager-plugin's until the command exits  ·  {}: cancel",
                    k(Action::Submit),
                    k(Action::Cancel)
                )
            };
            (" ECS Exec ".to_string(), lines, keys)
        }
        Dialog::Run(d) => {
            let mut lines = vec![Line::styled(
                "runs, each argument as it is (no shell):",
                faint,
            )];
            for (n, a) in d.argv.iter().enumerate() {
                lines.push(Line::from(vec![
                    Span::styled(format!("  {n:<3}"), faint),
                    Span::styled(a.clone(), plain),
                ]));
            }
            lines.push(Line::styled(
                if d.terminal {
                    "in this terminal, until it exits"
                } else {
                    "in the background, its output in a pane"
                },
                faint,
            ));
            if d.mutates {
                lines.push(Line::styled("it changes the account", warn));
            }
            (format!(" Run {} ", d.name), lines, go_ahead.clone())
        }
        Dialog::Confirm(d) => {
            let lines = d
                .lines
                .iter()
                .map(|l| Line::styled(l.clone(), plain))
                .collect();
            (format!(" {} ", d.title), lines, go_ahead.clone())
        }
    };
    // However small the screen, the keys stay: lines that do not fit give way above them.
    let tail = [Line::default(), Line::styled(keys, key)];
    let room = (body.height.saturating_sub(2) as usize).saturating_sub(rows(&tail, inner));
    let mut lines = fit_rows(lines, room, inner, faint);
    lines.extend(tail);
    let height = (rows(&lines, inner) as u16 + 2).min(body.height);
    let area = Rect {
        x: body.x + (body.width.saturating_sub(width)) / 2,
        y: body.y + (body.height.saturating_sub(height)) / 2,
        width,
        height,
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(Style::default().fg(theme.warning))
        .title(Span::styled(
            title,
            Style::default()
                .fg(theme.warning)
                .add_modifier(Modifier::BOLD),
        ));
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}

/// Screen rows `lines` take, wrapped as the dialog wraps them to `width` columns.
fn rows(lines: &[Line], width: usize) -> usize {
    Paragraph::new(lines.to_vec())
        .wrap(Wrap { trim: false })
        .line_count(width.min(u16::MAX as usize) as u16)
}

/// The lines that fit in `room` rows; when some do not, the last row left says so.
fn fit_rows<'a>(lines: Vec<Line<'a>>, room: usize, width: usize, faint: Style) -> Vec<Line<'a>> {
    if rows(&lines, width) <= room {
        return lines;
    }
    let mut kept = Vec::new();
    let mut used = 0;
    for line in lines {
        let n = rows(std::slice::from_ref(&line), width);
        // Keep one row for the note.
        if used + n + 1 > room {
            break;
        }
        used += n;
        kept.push(line);
    }
    if room > 0 {
        kept.push(Line::styled("… (a taller screen shows the rest)", faint));
    }
    kept
}
