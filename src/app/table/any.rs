//! The operations every view's table offers without its record type: what `update` and the
//! renderer use.

use super::{ColumnInfo, Ctx, Role, RowView, Sort, Table};
use crate::app::filter::Filter;
use crate::app::resource::{At, Described, Opens, Resource};
use crate::model::{LogScope, Timestamp};
use std::any::Any;
use std::hash::{Hash, Hasher};

/// The operations every view's table offers, without its record type: what `update` and the
/// renderer use.
pub trait AnyTable: Send {
    fn loaded(&self) -> bool;
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    fn total(&self) -> usize;
    fn cursor(&self) -> usize;
    fn offset(&self) -> usize;
    fn selected_key(&self) -> Option<&str>;
    fn move_by(&mut self, delta: isize, page: usize);
    fn to_bottom(&mut self, page: usize);
    fn select_key(&mut self, key: &str, page: usize) -> bool;
    fn filter(&self) -> &Filter;
    fn set_filter(&mut self, filter: Filter, page: usize);
    fn sort(&self) -> Sort;
    fn set_sort(&mut self, sort: Sort, page: usize);
    /// See [`Table::rerank`].
    fn rerank(&mut self, ctx: &Ctx, page: usize) -> bool;
    /// Sort by the column of this role (again: the other way round); false if there is none.
    fn sort_by_role(&mut self, role: Role, page: usize) -> bool;
    fn columns(&self) -> Vec<ColumnInfo>;
    fn view_rows(&self, ctx: &Ctx, from: usize, count: usize) -> Vec<RowView>;
    fn expire_marks(&mut self, now: Timestamp, page: usize) -> bool;
    fn has_marks(&self) -> bool;
    /// A hash of the clock-dependent text in rows `from..from + count`: the screen needs a redraw
    /// when the clock moves only if this changes.
    fn time_signature(&self, ctx: &Ctx, from: usize, count: usize) -> u64;
    fn relayout(&mut self, page: usize);
    /// Mark or unmark the selected row, and move down.
    fn toggle_mark(&mut self, page: usize);
    /// Mark every row shown (the filtered view) — or, if all are marked, none.
    fn mark_all_shown(&mut self);
    /// The marked keys, in the order shown.
    fn marked(&self) -> Vec<String>;
    fn clear_marks(&mut self);
    /// Where Enter on the selected row leads (a row that is gone leads nowhere).
    fn selected_opens(&self, at: &At) -> Opens;
    /// The selected row in full, for describe.
    fn selected_described(&self) -> Option<Described>;
    /// Whose logs `l` on the selected row opens.
    fn selected_log_scope(&self, at: &At) -> Option<LogScope>;
    /// The selected row's page in the AWS console.
    fn selected_console_url(&self, at: &At) -> Option<String>;
    /// The typed table behind, for the code that knows the kind (`View::rows`).
    fn as_any(&self) -> &dyn Any;
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

impl<T: Resource> AnyTable for Table<T> {
    fn selected_opens(&self, at: &At) -> Opens {
        self.selected_live()
            .map_or(Opens::Nothing, |item| item.opens(at))
    }
    fn selected_described(&self) -> Option<Described> {
        self.selected()?.describe()
    }
    fn selected_log_scope(&self, at: &At) -> Option<LogScope> {
        self.selected()?.log_scope(at)
    }
    fn selected_console_url(&self, at: &At) -> Option<String> {
        self.selected()?.console_url(at)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
    fn loaded(&self) -> bool {
        self.loaded
    }
    fn len(&self) -> usize {
        self.visible.len()
    }
    fn total(&self) -> usize {
        self.rows.iter().filter(|r| !r.gone()).count()
    }
    fn cursor(&self) -> usize {
        self.cursor
    }
    fn offset(&self) -> usize {
        self.offset
    }
    fn selected_key(&self) -> Option<&str> {
        self.visible
            .get(self.cursor)
            .map(|&i| self.rows[i].item.key())
    }
    fn move_by(&mut self, delta: isize, page: usize) {
        let last = self.visible.len().saturating_sub(1) as isize;
        self.cursor = (self.cursor as isize + delta).clamp(0, last.max(0)) as usize;
        self.selected = self.key_at(self.cursor);
        self.scroll(page);
    }
    fn to_bottom(&mut self, page: usize) {
        self.move_by(isize::MAX / 2, page);
    }
    fn select_key(&mut self, key: &str, page: usize) -> bool {
        self.selected = Some(key.to_string());
        let before = self.cursor;
        self.restore_selection(page);
        self.selected_key() == Some(key) || before != self.cursor
    }
    fn filter(&self) -> &Filter {
        &self.filter
    }
    fn set_filter(&mut self, filter: Filter, page: usize) {
        self.filter = filter;
        self.refilter(page);
    }
    fn sort(&self) -> Sort {
        self.sort
    }
    fn set_sort(&mut self, sort: Sort, page: usize) {
        self.sort = Sort {
            column: sort.column.min(self.cols().len() - 1),
            ..sort
        };
        // A ranked column's values are read again by the next `rerank`.
        self.ranks = None;
        self.resort(page);
    }
    fn rerank(&mut self, ctx: &Ctx, page: usize) -> bool {
        Table::rerank(self, ctx, page)
    }
    fn sort_by_role(&mut self, role: Role, page: usize) -> bool {
        let Some(column) = self.cols().iter().position(|c| c.role == role) else {
            return false;
        };
        let descending = if self.sort.column == column {
            !self.sort.descending
        } else {
            self.cols()[column].timed
        };
        self.set_sort(Sort { column, descending }, page);
        true
    }
    fn columns(&self) -> Vec<ColumnInfo> {
        self.cols()
            .iter()
            .map(|c| ColumnInfo {
                title: c.title,
                priority: c.priority,
                width: c.width,
                flex: c.flex,
                right: c.right,
            })
            .collect()
    }
    fn view_rows(&self, ctx: &Ctx, from: usize, count: usize) -> Vec<RowView> {
        let cols = self.cols();
        self.visible
            .iter()
            .skip(from)
            .take(count)
            .map(|&i| {
                let r = &self.rows[i];
                RowView {
                    cells: cols.iter().map(|c| (c.text)(&*r.item, ctx)).collect(),
                    tone: r.item.tone(),
                    cell_tones: cols
                        .iter()
                        .map(|c| r.item.cell_tone(c.title, ctx))
                        .collect(),
                    mark: r.mark.map(|(m, _)| m),
                    marked: self.marked.contains(r.item.key()),
                }
            })
            .collect()
    }
    fn expire_marks(&mut self, now: Timestamp, page: usize) -> bool {
        Table::expire_marks(self, now, page)
    }
    fn has_marks(&self) -> bool {
        self.rows.iter().any(|r| r.mark.is_some())
    }
    fn time_signature(&self, ctx: &Ctx, from: usize, count: usize) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        let timed: Vec<_> = self.cols().iter().filter(|c| c.timed).collect();
        for &i in self.visible.iter().skip(from).take(count) {
            for c in &timed {
                (c.text)(&*self.rows[i].item, ctx).hash(&mut h);
            }
        }
        h.finish()
    }
    fn relayout(&mut self, page: usize) {
        self.scroll(page);
    }
    fn toggle_mark(&mut self, page: usize) {
        let Some(key) = self.selected_key().map(str::to_string) else {
            return;
        };
        if !self.marked.remove(&key) {
            self.marked.insert(key);
        }
        self.move_by(1, page);
    }
    fn mark_all_shown(&mut self) {
        let shown: Vec<String> = self
            .visible
            .iter()
            .map(|&i| self.rows[i].item.key().to_string())
            .collect();
        if shown.iter().all(|k| self.marked.contains(k)) {
            self.marked.clear();
        } else {
            self.marked.extend(shown);
        }
    }
    fn marked(&self) -> Vec<String> {
        self.visible
            .iter()
            .map(|&i| self.rows[i].item.key())
            .filter(|k| self.marked.contains(*k))
            .map(str::to_string)
            .collect()
    }
    fn clear_marks(&mut self) {
        self.marked.clear();
    }
}
