//! Rows coming in: a whole listing, a batch of one (rows as they arrive), or events changing a
//! few rows in place. What did not change is compared by pointer and left where it is; what
//! changed moves to its sorted place (a binary search), and only when most of the table changed
//! is it sorted again.

use super::{order_of, Mark, Record, Row, Table, MARK_SECS};
use crate::model::Timestamp;
use chrono::Duration;
use std::sync::Arc;

/// Up to this many changed rows are each moved to their place by a binary search; more are
/// sorted among themselves and merged with the rest in one pass.
const ONE_BY_ONE: usize = 64;

impl<T: Record> Table<T> {
    /// Replace the rows with a whole listing. Returns whether anything the user sees changed.
    /// Rows not in it are marked gone (and dropped a few seconds later).
    pub fn ingest<I: Into<Arc<T>>>(&mut self, items: Vec<I>, now: Timestamp, page: usize) -> bool {
        self.merge(items, now, page, true)
    }

    /// Take in part of a listing (one describe batch of a big view): its rows are added or
    /// updated, none is marked gone. Returns whether anything the user sees changed.
    pub fn upsert<I: Into<Arc<T>>>(&mut self, items: Vec<I>, now: Timestamp, page: usize) -> bool {
        self.merge(items, now, page, false)
    }

    /// Change the rows of these keys in place (events): `change` edits a copy of each record and
    /// says whether it changed it; a changed row is marked and moved to its sorted place, and
    /// nothing else is compared. Returns whether any row changed.
    pub fn patch<'k>(
        &mut self,
        keys: impl IntoIterator<Item = &'k str>,
        now: Timestamp,
        page: usize,
        mut change: impl FnMut(&mut T) -> bool,
    ) -> bool {
        let mut moved = Vec::new();
        for key in keys {
            let Some(&i) = self.index.get(key) else {
                continue;
            };
            if self.rows[i].gone() || moved.contains(&i) {
                continue;
            }
            let mut item = T::clone(&self.rows[i].item);
            if !change(&mut item) {
                continue;
            }
            self.replace(i, Arc::new(item), now);
            moved.push(i);
        }
        if moved.is_empty() {
            return false;
        }
        self.place(&moved, &[], page);
        true
    }

    /// Mark the rows of these keys gone (they left the listing, as events tell), as a whole
    /// listing without them would. Returns whether any row changed.
    pub fn mark_gone<'k>(
        &mut self,
        keys: impl IntoIterator<Item = &'k str>,
        now: Timestamp,
    ) -> bool {
        let mut changed = false;
        for key in keys {
            let Some(&i) = self.index.get(key) else {
                continue;
            };
            let row = &mut self.rows[i];
            if !row.gone() {
                row.mark = Some((Mark::Gone, now));
                self.marked.remove(key);
                changed = true;
            }
        }
        changed
    }

    fn merge<I: Into<Arc<T>>>(
        &mut self,
        items: Vec<I>,
        now: Timestamp,
        page: usize,
        complete: bool,
    ) -> bool {
        let first = !self.loaded;
        self.loaded = true;
        if complete {
            self.listing = self.listing.wrapping_add(1);
        }
        let listing = self.listing;
        let mut changed = first;
        let mut moved = Vec::new();
        let mut added = Vec::new();
        let guesses = if complete {
            std::mem::take(&mut self.listing_order)
        } else {
            Vec::new()
        };
        let mut order = Vec::with_capacity(if complete { items.len() } else { 0 });
        for (j, item) in items.into_iter().enumerate() {
            let item: Arc<T> = item.into();
            // The row at this place of the last listing, if it is the very same record.
            let same = guesses
                .get(j)
                .copied()
                .filter(|&i| i < self.rows.len() && Arc::ptr_eq(&self.rows[i].item, &item));
            let found = same.or_else(|| self.index.get(item.key()).copied());
            if complete {
                order.push(found.unwrap_or(self.rows.len()));
            }
            match found {
                Some(i) => {
                    let row = &mut self.rows[i];
                    if complete {
                        row.seen = listing;
                    }
                    if Arc::ptr_eq(&row.item, &item) || *row.item == *item {
                        if row.gone() {
                            row.mark = Some((Mark::New, now));
                            changed = true;
                        }
                        continue;
                    }
                    self.replace(i, item, now);
                    moved.push(i);
                    changed = true;
                }
                None => {
                    let haystack = self.haystack(&item);
                    let i = self.rows.len();
                    self.index.insert(item.key().to_string(), i);
                    self.rows.push(Row {
                        shown: self.filter.matches(&haystack),
                        mark: self.complete.then_some((Mark::New, now)),
                        item,
                        haystack,
                        seen: listing,
                    });
                    added.push(i);
                    changed = true;
                }
            }
        }
        if complete {
            self.listing_order = order;
        }
        let mut expired = false;
        if complete {
            let ttl = Duration::seconds(MARK_SECS);
            for r in &mut self.rows {
                if r.seen == listing {
                    continue;
                }
                match r.mark {
                    Some((Mark::Gone, at)) if now - at >= ttl => expired = true,
                    Some((Mark::Gone, _)) => {}
                    _ => {
                        changed = true;
                        r.mark = Some((Mark::Gone, now));
                    }
                }
            }
            self.complete = true;
            // A mark outlives refreshes, not the resource.
            let (index, rows) = (&self.index, &self.rows);
            self.marked
                .retain(|k| index.get(k.as_str()).is_some_and(|&i| !rows[i].gone()));
        }
        if first {
            self.resort(page);
            return changed;
        }
        if !moved.is_empty() || !added.is_empty() {
            self.place(&moved, &added, page);
        }
        if expired {
            self.remove_rows(|r| r.seen != listing && r.gone());
            self.restore_selection(page);
        }
        changed
    }

    /// A row's record replaced by a changed one: new filter text, marked modified.
    fn replace(&mut self, i: usize, item: Arc<T>, now: Timestamp) {
        let haystack = self.haystack(&item);
        let complete = self.complete;
        let row = &mut self.rows[i];
        row.shown = self.filter.matches(&haystack);
        row.haystack = haystack;
        row.item = item;
        row.mark = complete.then_some((Mark::Modified, now));
    }

    /// Drop the rows `drop` picks, keeping the order of the rest (no sort).
    pub(super) fn remove_rows(&mut self, drop: impl Fn(&Row<T>) -> bool) {
        let mut remap = vec![usize::MAX; self.rows.len()];
        let mut kept = 0;
        for (i, r) in self.rows.iter().enumerate() {
            if !drop(r) {
                remap[i] = kept;
                kept += 1;
            }
        }
        if kept == self.rows.len() {
            return;
        }
        for (i, r) in self.rows.iter().enumerate() {
            if remap[i] == usize::MAX {
                self.index.remove(r.item.key());
            }
        }
        let mut n = 0;
        self.rows.retain(|_| {
            n += 1;
            remap[n - 1] != usize::MAX
        });
        for v in self.index.values_mut() {
            *v = remap[*v];
        }
        self.order = self
            .order
            .iter()
            .map(|&i| remap[i])
            .filter(|&i| i != usize::MAX)
            .collect();
        self.visible = self
            .visible
            .iter()
            .map(|&i| remap[i])
            .filter(|&i| i != usize::MAX)
            .collect();
        // Places kept (a removed row's place guesses nothing), so later guesses still line up.
        for i in self.listing_order.iter_mut() {
            *i = remap.get(*i).copied().unwrap_or(usize::MAX);
        }
    }

    /// Put changed rows (`moved`, already in the order) and new ones (`added`, not yet) in their
    /// sorted places, then the selection back on its key.
    fn place(&mut self, moved: &[usize], added: &[usize], page: usize) {
        let touched = moved.len() + added.len();
        if touched * 4 >= self.rows.len() {
            self.resort(page);
            return;
        }
        if touched <= ONE_BY_ONE {
            for &i in moved {
                if let Some(p) = self.order.iter().position(|&x| x == i) {
                    self.order.remove(p);
                }
                if let Some(p) = self.visible.iter().position(|&x| x == i) {
                    self.visible.remove(p);
                }
            }
            for &i in moved.iter().chain(added) {
                let p = self.search(&self.order, i);
                self.order.insert(p, i);
                if self.rows[i].shown {
                    let p = self.search(&self.visible, i);
                    self.visible.insert(p, i);
                }
            }
            self.restore_selection(page);
            return;
        }
        // Many: take the changed rows out, sort them, and merge them back in one pass.
        let mut out = vec![false; self.rows.len()];
        for &i in moved {
            out[i] = true;
        }
        let rest: Vec<usize> = self.order.iter().copied().filter(|&i| !out[i]).collect();
        let mut touched: Vec<usize> = moved.iter().chain(added).copied().collect();
        let (cols, sort, rows, ranks) = (self.cols(), self.sort, &self.rows, self.ranks.as_ref());
        let mut n = 0u64;
        touched.sort_by(|&a, &b| {
            n += 1;
            order_of(cols, sort, ranks, &rows[a].item, &rows[b].item)
        });
        // Each changed row goes after the rest's rows that do not sort after it, found by a
        // binary search of what is left of the rest: k log n comparisons, not n.
        let mut order = Vec::with_capacity(rest.len() + touched.len());
        let mut a = 0;
        for &t in &touched {
            let p = a + rest[a..].partition_point(|&x| {
                n += 1;
                !order_of(cols, sort, ranks, &rows[t].item, &rows[x].item).is_lt()
            });
            order.extend_from_slice(&rest[a..p]);
            order.push(t);
            a = p;
        }
        order.extend_from_slice(&rest[a..]);
        self.comparisons += n;
        self.order = order;
        self.collect_visible(page);
    }

    /// Where row `i` belongs in `list` (row indices in the order shown).
    fn search(&self, list: &[usize], i: usize) -> usize {
        let n = std::cell::Cell::new(0u64);
        let p = list.partition_point(|&x| {
            n.set(n.get() + 1);
            self.compare(x, i).is_lt()
        });
        self.searched.set(self.searched.get() + n.get());
        p
    }
}
