//! A task listing's last answer, kept by the sync layer per watched query: in a new answer, a
//! task equal to the one already held is swapped for it. The console then holds one copy of an
//! unchanged task however many answers brought it, and tells it unchanged by a pointer
//! comparison on the update step; the field-by-field comparison happens here, off it.

use crate::model::{Payload, Task};
use std::borrow::Borrow;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

/// A task held by its ARN.
struct ByArn(Arc<Task>);

impl Hash for ByArn {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.arn.as_str().hash(state)
    }
}
impl PartialEq for ByArn {
    fn eq(&self, other: &Self) -> bool {
        self.0.arn == other.0.arn
    }
}
impl Eq for ByArn {}
impl Borrow<str> for ByArn {
    fn borrow(&self) -> &str {
        &self.0.arn
    }
}

#[derive(Default)]
pub struct LastAnswer {
    held: HashSet<ByArn, foldhash::fast::RandomState>,
}

/// Shared between a query's fetches (one at a time) and the batches they report.
pub type Last = Arc<Mutex<LastAnswer>>;

impl LastAnswer {
    /// Swap every task equal to a held one for the held one. Returns how many were swapped.
    pub fn share(&self, items: &mut [Arc<Task>]) -> usize {
        let mut swapped = 0;
        for t in items.iter_mut() {
            if let Some(held) = self.held.get(t.arn.as_str()) {
                if !Arc::ptr_eq(&held.0, t) && *held.0 == **t {
                    *t = held.0.clone();
                    swapped += 1;
                }
            }
        }
        swapped
    }

    /// Hold this answer's tasks (and only these) for the next one.
    pub fn keep(&mut self, items: &[Arc<Task>]) {
        self.held = items.iter().map(|t| ByArn(t.clone())).collect();
    }

    pub fn len(&self) -> usize {
        self.held.len()
    }

    pub fn is_empty(&self) -> bool {
        self.held.is_empty()
    }
}

/// Share a whole answer against the last one and keep it as the last.
pub fn share_answer(last: &Last, payload: &mut Payload) {
    let Payload::Tasks(listing) = payload else {
        return;
    };
    let mut held = last.lock().unwrap_or_else(|p| p.into_inner());
    held.share(&mut listing.items);
    held.keep(&listing.items);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(arn: &str, status: &str) -> Arc<Task> {
        Arc::new(Task {
            last_status: status.into(),
            ..Task::bare(arn)
        })
    }

    #[test]
    fn an_unchanged_task_becomes_the_one_held_and_a_changed_one_stays_new() {
        let mut last = LastAnswer::default();
        let first = vec![task("a", "RUNNING"), task("b", "RUNNING")];
        last.keep(&first);
        let mut next = vec![
            task("a", "RUNNING"),
            task("b", "STOPPED"),
            task("c", "PENDING"),
        ];
        assert_eq!(last.share(&mut next), 1);
        assert!(Arc::ptr_eq(&next[0], &first[0]), "equal: the held copy");
        assert!(!Arc::ptr_eq(&next[1], &first[1]), "changed: the new one");
        assert_eq!(next[1].last_status, "STOPPED");
        last.keep(&next);
        assert_eq!(last.len(), 3);
    }
}
