//! Fixtures shared by the test files.

use crossterm::event::KeyCode;
use ecsdeck::harness::Harness;
use ecsdeck::model::Task;

/// A RUNNING task with nothing but its ARN, for tests to fill in what they need.
pub fn bare_task(arn: &str) -> Task {
    Task::bare(arn)
}

/// Move the cursor to the first row (from the top) that `found` picks.
pub fn select<T: ecsdeck::app::resource::Resource>(h: &mut Harness, found: impl Fn(&T) -> bool) {
    h.press(KeyCode::Char('g'));
    for _ in 0..500 {
        let t = h.app.view().rows::<T>().expect("a view of these rows");
        if t.selected().is_some_and(&found) {
            return;
        }
        h.press(KeyCode::Char('j'));
    }
    panic!("not found");
}
