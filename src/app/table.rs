//! A table of records keyed by ARN: rows sorted and filtered once per change (never per frame), the
//! selection kept on the same key across refreshes, and rows marked new / modified / gone for a
//! few seconds after a refresh.

use super::filter::{haystack_case, Filter};
use super::resource::{At, Described, Opens, Resource};
use crate::model::LogScope;
use crate::model::Timestamp;
use chrono::Duration;
use std::any::Any;
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

/// How long a row stays marked as new, modified or gone.
pub const MARK_SECS: i64 = 4;

/// What a column needs to render: the current instant (for ages).
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    pub now: Timestamp,
    /// What the console has seen of each service over time (sparklines), where known.
    pub history: Option<&'a super::history::RunningHistory>,
}

pub struct Column<T> {
    pub title: &'static str,
    /// What the column is, for the keys that sort by it (`N`, `A`).
    pub role: Role,
    /// 0 is always shown; when the screen is narrow, higher numbers are dropped first.
    pub priority: u8,
    pub width: u16,
    /// Takes the room left over.
    pub flex: bool,
    pub right: bool,
    pub text: fn(&T, &Ctx) -> String,
    pub cmp: fn(&T, &T) -> Ordering,
    /// Text depends on the clock (ages); not part of what the filter matches.
    pub timed: bool,
}

/// What a column is, beyond its title: `N` sorts by the name (or id) column, `A` by the age
/// (or start, stop, event time) column, whatever their titles; a view's default order names
/// its column by role too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Other,
    Name,
    Age,
    /// The EC2 instance a row is (or runs on).
    Host,
}

/// A row's colour hint, decided by the data, coloured by the theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tone {
    Normal,
    Good,
    Busy,
    Warn,
    Bad,
    Faint,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    New,
    Modified,
    Gone,
}

/// Which column set a table shows (the tasks view has one for RUNNING and one for STOPPED).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Variant {
    Default,
    Stopped,
}

pub trait Record: Clone + PartialEq + 'static {
    fn key(&self) -> &str;
    fn columns(variant: Variant) -> &'static [Column<Self>];
    fn tone(&self) -> Tone {
        Tone::Normal
    }
}

struct Row<T> {
    item: T,
    haystack: String,
    mark: Option<(Mark, Timestamp)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub column: usize,
    pub descending: bool,
}

/// Column facts the renderer needs, without the record type.
#[derive(Debug, Clone, Copy)]
pub struct ColumnInfo {
    pub title: &'static str,
    pub priority: u8,
    pub width: u16,
    pub flex: bool,
    pub right: bool,
}

/// One rendered row.
pub struct RowView {
    pub cells: Vec<String>,
    pub tone: Tone,
    pub mark: Option<Mark>,
    /// Marked for an action (stop, drain).
    pub marked: bool,
}

pub struct Table<T: Record> {
    variant: Variant,
    rows: Vec<Row<T>>,
    order: Vec<usize>,
    visible: Vec<usize>,
    cursor: usize,
    offset: usize,
    selected: Option<String>,
    filter: Filter,
    sort: Sort,
    loaded: bool,
    /// Keys marked for an action.
    marked: HashSet<String>,
}

impl<T: Record> Table<T> {
    pub fn new(variant: Variant, sort: Sort) -> Self {
        Self {
            variant,
            rows: Vec::new(),
            order: Vec::new(),
            visible: Vec::new(),
            cursor: 0,
            offset: 0,
            selected: None,
            filter: Filter::default(),
            sort,
            loaded: false,
            marked: HashSet::new(),
        }
    }

    fn cols(&self) -> &'static [Column<T>] {
        T::columns(self.variant)
    }

    /// Replace the rows with a fresh listing. Returns whether anything the user sees changed.
    /// Unchanged rows keep their filter text, so a steady refresh costs a comparison per row.
    pub fn ingest(&mut self, items: Vec<T>, now: Timestamp, page: usize) -> bool {
        let first = !self.loaded;
        self.loaded = true;
        let old_index: Vec<Option<usize>> = {
            let by_key: HashMap<&str, usize> = self
                .rows
                .iter()
                .enumerate()
                .map(|(i, r)| (r.item.key(), i))
                .collect();
            items
                .iter()
                .map(|item| by_key.get(item.key()).copied())
                .collect()
        };
        let mut old: Vec<Option<Row<T>>> = self.rows.drain(..).map(Some).collect();
        let mut changed = first;
        let mut rows = Vec::with_capacity(items.len());
        for (item, prev) in items.into_iter().zip(old_index) {
            let prev = prev.and_then(|i| old[i].take());
            let row = match prev {
                Some(prev) if prev.item == item => match prev.mark {
                    Some((Mark::Gone, _)) => {
                        changed = true;
                        Row {
                            mark: Some((Mark::New, now)),
                            ..prev
                        }
                    }
                    _ => prev,
                },
                Some(_) => {
                    changed = true;
                    let haystack = self.haystack(&item);
                    Row {
                        item,
                        haystack,
                        mark: Some((Mark::Modified, now)),
                    }
                }
                None => {
                    changed |= !first;
                    let haystack = self.haystack(&item);
                    Row {
                        item,
                        haystack,
                        mark: (!first).then_some((Mark::New, now)),
                    }
                }
            };
            rows.push(row);
        }
        for mut gone in old.into_iter().flatten() {
            match gone.mark {
                Some((Mark::Gone, at)) if now - at >= Duration::seconds(MARK_SECS) => {}
                Some((Mark::Gone, _)) => rows.push(gone),
                _ => {
                    changed = true;
                    gone.mark = Some((Mark::Gone, now));
                    rows.push(gone);
                }
            }
        }
        self.rows = rows;
        // A mark outlives refreshes, not the resource.
        let live: HashSet<&str> = self
            .rows
            .iter()
            .filter(|r| !matches!(r.mark, Some((Mark::Gone, _))))
            .map(|r| r.item.key())
            .collect();
        self.marked.retain(|k| live.contains(k.as_str()));
        self.resort(page);
        changed
    }

    fn haystack(&self, item: &T) -> String {
        let ctx = Ctx {
            now: Timestamp::default(),
            history: None,
        };
        let mut out = String::new();
        for c in self.cols().iter().filter(|c| !c.timed) {
            out.push_str(&(c.text)(item, &ctx));
            out.push('\t');
        }
        haystack_case(&out)
    }

    /// Clear marks older than [`MARK_SECS`] and drop gone rows. Returns whether anything changed.
    pub fn expire_marks(&mut self, now: Timestamp, page: usize) -> bool {
        let ttl = Duration::seconds(MARK_SECS);
        let before = self.rows.len();
        self.rows
            .retain(|r| !matches!(r.mark, Some((Mark::Gone, at)) if now - at >= ttl));
        let removed = self.rows.len() != before;
        let mut cleared = false;
        for r in &mut self.rows {
            if matches!(r.mark, Some((Mark::New | Mark::Modified, at)) if now - at >= ttl) {
                r.mark = None;
                cleared = true;
            }
        }
        if removed {
            self.resort(page);
        }
        removed || cleared
    }

    fn resort(&mut self, page: usize) {
        let cols = self.cols();
        let col = &cols[self.sort.column.min(cols.len() - 1)];
        let mut order: Vec<usize> = (0..self.rows.len()).collect();
        let rows = &self.rows;
        order.sort_by(|&a, &b| {
            let o = (col.cmp)(&rows[a].item, &rows[b].item);
            let o = if self.sort.descending { o.reverse() } else { o };
            o.then_with(|| rows[a].item.key().cmp(rows[b].item.key()))
        });
        self.order = order;
        self.refilter(page);
    }

    fn refilter(&mut self, page: usize) {
        let rows = &self.rows;
        let filter = &self.filter;
        self.visible = self
            .order
            .iter()
            .copied()
            .filter(|&i| filter.matches(&rows[i].haystack))
            .collect();
        self.restore_selection(page);
    }

    /// Put the cursor back on the selected key, or as near its old place as the rows allow.
    fn restore_selection(&mut self, page: usize) {
        let found = self.selected.as_deref().and_then(|key| {
            self.visible
                .iter()
                .position(|&i| self.rows[i].item.key() == key)
        });
        match found {
            Some(pos) => self.cursor = pos,
            None => {
                self.cursor = self.cursor.min(self.visible.len().saturating_sub(1));
                self.selected = self.key_at(self.cursor);
            }
        }
        self.scroll(page);
    }

    fn key_at(&self, pos: usize) -> Option<String> {
        self.visible
            .get(pos)
            .map(|&i| self.rows[i].item.key().to_string())
    }

    fn scroll(&mut self, page: usize) {
        let page = page.max(1);
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + page {
            self.offset = self.cursor + 1 - page;
        }
        self.offset = self.offset.min(self.visible.len().saturating_sub(page));
    }

    pub fn selected(&self) -> Option<&T> {
        self.visible.get(self.cursor).map(|&i| &self.rows[i].item)
    }

    /// The selected record unless it is only shown as gone.
    pub fn selected_live(&self) -> Option<&T> {
        let &i = self.visible.get(self.cursor)?;
        let row = &self.rows[i];
        (!matches!(row.mark, Some((Mark::Gone, _)))).then_some(&row.item)
    }

    pub fn items(&self) -> impl Iterator<Item = &T> {
        self.rows
            .iter()
            .filter(|r| !matches!(r.mark, Some((Mark::Gone, _))))
            .map(|r| &r.item)
    }
}

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
        self.rows
            .iter()
            .filter(|r| !matches!(r.mark, Some((Mark::Gone, _))))
            .count()
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
        self.resort(page);
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
                    cells: cols.iter().map(|c| (c.text)(&r.item, ctx)).collect(),
                    tone: r.item.tone(),
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
                (c.text)(&self.rows[i].item, ctx).hash(&mut h);
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
