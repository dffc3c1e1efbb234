//! What is longer than the screen is wide can be read whole at 80 columns: a status message
//! takes the breadcrumbs' row too, the messages view describes a message in full, and describe
//! wraps long values (ARNs, images) instead of cutting them at the edge.

use crate::common::select;
use crossterm::event::KeyCode;
use ecsdeck::app::Mode;
use ecsdeck::harness::Harness;
use ecsdeck::model::Task;

/// A warning longer than the screen is wide takes the breadcrumbs' row as well, so its fix is
/// read whole at 80 columns; on a wide screen it keeps to its own row.
#[test]
fn a_long_warning_is_read_whole_at_80_columns() {
    let mut h = Harness::new(80, 24);
    h.command("td nightly-reconcile");
    h.advance(1);
    h.press(KeyCode::Char('='));
    let screen = h.screen();
    let rows: Vec<&str> = screen.lines().collect();
    let bottom = format!("{} {}", rows[rows.len() - 2], rows[rows.len() - 1]);
    assert!(
        bottom.contains("nightly-reconcile:33 is the family's oldest revision")
            && bottom.contains("nothing before it to compare"),
        "the sentence ends on screen\n{screen}"
    );
    assert!(
        !bottom.contains("<nightly-reconcile>"),
        "the breadcrumbs give way\n{screen}"
    );
    let mut h = Harness::new(200, 40);
    h.command("td nightly-reconcile");
    h.advance(1);
    h.press(KeyCode::Char('='));
    let screen = h.screen();
    let rows: Vec<&str> = screen.lines().collect();
    assert!(
        rows[rows.len() - 2].contains("<nightly-reconcile>"),
        "{screen}"
    );
    assert!(
        rows[rows.len() - 1].contains("nothing before it to compare"),
        "{screen}"
    );
}

#[test]
fn the_messages_view_describes_a_message_in_full() {
    let mut h = Harness::new(80, 24);
    h.command("td nightly-reconcile");
    h.advance(1);
    h.press(KeyCode::Char('='));
    h.press(KeyCode::Char('m'));
    assert!(h.screen().contains("messages["), "{}", h.screen());
    h.press(KeyCode::Char('d'));
    assert!(matches!(h.app.mode, Mode::Describe(_)), "{}", h.screen());
    let screen = h.screen();
    assert!(screen.contains("level: warn"), "{screen}");
    assert!(
        screen.contains("nothing before it to compare"),
        "the end of the message shows\n{screen}"
    );
}

#[test]
fn describe_wraps_long_values_at_80_columns() {
    let mut h = Harness::new(80, 24);
    h.command("tasks prod-batch");
    h.advance(1);
    select::<Task>(&mut h, |t| {
        t.group.as_deref() == Some("service:report-generator")
    });
    let arn = h
        .app
        .view()
        .rows::<Task>()
        .and_then(|t| t.selected().map(|t| t.arn.clone()))
        .expect("a task");
    assert!(arn.len() > 78, "longer than the pane is wide: {arn}");
    h.press(KeyCode::Char('d'));
    let screen = h.screen();
    // Each row of the pane holds a piece of the ARN; joined, they give it whole.
    let joined: String = screen
        .lines()
        .map(|l| l.trim_start_matches('│').trim_end_matches('│').trim_end())
        .collect();
    assert!(joined.contains(&arn), "{screen}");
}
