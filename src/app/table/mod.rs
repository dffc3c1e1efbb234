//! A table of records keyed by ARN: rows sorted and filtered once per change (never per frame), the
//! selection kept on the same key across refreshes, and rows marked new / modified / gone for a
//! few seconds after a refresh.
//!
//! Rows are shared (`Arc`) with the payload that brought them and, in the simulator, with the
//! simulated account: an unchanged row costs a pointer comparison, not a copy. A refresh or an
//! event that changes a few rows of a big table moves just those rows to their sorted place
//! (`merge.rs`); only a change of most of the table sorts it again.

mod any;
mod merge;

pub use any::AnyTable;

use super::filter::{haystack_case, Filter};
use crate::model::Timestamp;
use chrono::Duration;
use std::cmp::Ordering;
use std::collections::HashSet;
use std::sync::Arc;

/// How long a row stays marked as new, modified or gone.
pub const MARK_SECS: i64 = 4;

/// What a column needs to render: the current instant (for ages).
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    pub now: Timestamp,
    /// What the console has seen of each service over time (sparklines), where known.
    pub history: Option<&'a super::history::RunningHistory>,
    /// The CPU and memory of the view's cluster's services, where read.
    pub metrics: Option<&'a crate::model::MetricsData>,
    /// The load balancer targets of the view's cluster's services, where read.
    pub targets: Option<&'a crate::model::TargetsData>,
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
    /// The rows of one service (its timeline): no column naming the service.
    OneService,
}

pub trait Record: Clone + PartialEq + Send + Sync + 'static {
    fn key(&self) -> &str;
    fn columns(variant: Variant) -> &'static [Column<Self>];
    fn tone(&self) -> Tone {
        Tone::Normal
    }
    /// A cell's own colour hint, where its value has a level of its own (CPU at 93%, 2/6
    /// targets healthy), by the column's title; None takes the row's.
    fn cell_tone(&self, column: &'static str, ctx: &Ctx) -> Option<Tone> {
        let _ = (column, ctx);
        None
    }
    /// The columns (by title) whose order comes from outside the row — metrics, target
    /// health — through [`Record::rank`] rather than their `cmp`.
    const RANKED: &'static [&'static str] = &[];
    /// The row's value in a [`Record::RANKED`] column; None sorts last either way round.
    fn rank(&self, column: &'static str, ctx: &Ctx) -> Option<f64> {
        let _ = (column, ctx);
        None
    }
}

/// The tone of a utilisation: from 90% bad, from 75% a warning.
pub fn level_tone(percent: Option<f64>) -> Option<Tone> {
    match percent? {
        p if p >= 90.0 => Some(Tone::Bad),
        p if p >= 75.0 => Some(Tone::Warn),
        _ => None,
    }
}

struct Row<T> {
    item: Arc<T>,
    haystack: String,
    /// Whether the filter in force matches this row (kept with the row, so a refresh that
    /// changes a few rows filters just those).
    shown: bool,
    mark: Option<(Mark, Timestamp)>,
    /// The listing that last named this row (gone rows are the ones the newest did not).
    seen: u32,
}

impl<T> Row<T> {
    fn gone(&self) -> bool {
        matches!(self.mark, Some((Mark::Gone, _)))
    }
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
    /// Each cell's own tone, where it has one (see [`Record::cell_tone`]).
    pub cell_tones: Vec<Option<Tone>>,
    pub mark: Option<Mark>,
    /// Marked for an action (stop, drain).
    pub marked: bool,
}

pub struct Table<T: Record> {
    variant: Variant,
    rows: Vec<Row<T>>,
    /// Key → index in `rows` (a fast hash: looked up once per row of every listing).
    index: foldhash::HashMap<String, usize>,
    /// The rows of the last whole listing, in its order: a listing in the same order (the usual
    /// case) finds each row here by pointer, without hashing its key.
    listing_order: Vec<usize>,
    /// Row indices in sort order.
    order: Vec<usize>,
    /// Row indices in sort order that the filter matches.
    visible: Vec<usize>,
    cursor: usize,
    offset: usize,
    selected: Option<String>,
    filter: Filter,
    sort: Sort,
    /// Some rows have come (a first batch counts).
    loaded: bool,
    /// A whole listing has come: from then on, rows that appear are marked new.
    complete: bool,
    listing: u32,
    /// Keys marked for an action.
    marked: HashSet<String>,
    /// Comparisons made by sorting and placing rows since the table was made (see
    /// [`Table::comparisons`]).
    comparisons: u64,
    /// Comparisons made by binary searches (which only read the table).
    searched: std::cell::Cell<u64>,
    /// The sort column's values by key, while it is one of [`Record::RANKED`] (see
    /// [`Table::rerank`]).
    ranks: Option<Ranks>,
}

/// A ranked column's values, by row key.
pub type Ranks = foldhash::HashMap<String, f64>;

impl<T: Record> Table<T> {
    pub fn new(variant: Variant, sort: Sort) -> Self {
        Self {
            variant,
            rows: Vec::new(),
            index: Default::default(),
            listing_order: Vec::new(),
            order: Vec::new(),
            visible: Vec::new(),
            cursor: 0,
            offset: 0,
            selected: None,
            filter: Filter::default(),
            sort,
            loaded: false,
            complete: false,
            listing: 0,
            marked: HashSet::new(),
            comparisons: 0,
            searched: std::cell::Cell::new(0),
            ranks: None,
        }
    }

    /// Read the sort column's values again where they come from outside the rows (CPU, MEM,
    /// TARGETS): sorted again only when they changed. Returns whether the order was redone.
    pub fn rerank(&mut self, ctx: &Ctx, page: usize) -> bool {
        let cols = self.cols();
        let title = cols[self.sort.column.min(cols.len() - 1)].title;
        let ranks = T::RANKED.contains(&title).then(|| {
            self.rows
                .iter()
                .filter_map(|r| Some((r.item.key().to_string(), r.item.rank(title, ctx)?)))
                .collect::<Ranks>()
        });
        if ranks == self.ranks {
            return false;
        }
        self.ranks = ranks;
        self.resort(page);
        true
    }

    fn cols(&self) -> &'static [Column<T>] {
        T::columns(self.variant)
    }

    fn haystack(&self, item: &T) -> String {
        let ctx = Ctx {
            now: Timestamp::default(),
            history: None,
            metrics: None,
            targets: None,
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
        let expired = |r: &Row<T>| matches!(r.mark, Some((Mark::Gone, at)) if now - at >= ttl);
        let removed = self.rows.iter().any(expired);
        if removed {
            self.remove_rows(expired);
        }
        let mut cleared = false;
        for r in &mut self.rows {
            if matches!(r.mark, Some((Mark::New | Mark::Modified, at)) if now - at >= ttl) {
                r.mark = None;
                cleared = true;
            }
        }
        if removed {
            self.restore_selection(page);
        }
        removed || cleared
    }

    /// How row `a` compares with row `b` in the order shown (ties broken by key).
    fn compare(&self, a: usize, b: usize) -> Ordering {
        order_of(
            self.cols(),
            self.sort,
            self.ranks.as_ref(),
            &self.rows[a].item,
            &self.rows[b].item,
        )
    }

    /// Sort every row again (a new sort order, or most rows changed).
    fn resort(&mut self, page: usize) {
        let cols = self.cols();
        let sort = self.sort;
        let mut order: Vec<usize> = (0..self.rows.len()).collect();
        let (rows, ranks) = (&self.rows, self.ranks.as_ref());
        let mut n = 0u64;
        order.sort_by(|&a, &b| {
            n += 1;
            order_of(cols, sort, ranks, &rows[a].item, &rows[b].item)
        });
        self.comparisons += n;
        self.order = order;
        self.refilter(page);
    }

    /// Match every row against the filter again (a new filter).
    fn refilter(&mut self, page: usize) {
        let filter = &self.filter;
        for r in &mut self.rows {
            r.shown = filter.matches(&r.haystack);
        }
        self.collect_visible(page);
    }

    /// The shown rows in order, from each row's kept match.
    fn collect_visible(&mut self, page: usize) {
        let rows = &self.rows;
        self.visible = self
            .order
            .iter()
            .copied()
            .filter(|&i| rows[i].shown)
            .collect();
        self.restore_selection(page);
    }

    /// Put the cursor back on the selected key, or as near its old place as the rows allow.
    fn restore_selection(&mut self, page: usize) {
        let found = match self.selected.as_deref() {
            Some(key) if self.key_at_cursor() == Some(key) => Some(self.cursor),
            Some(key) => self
                .index
                .get(key)
                .and_then(|&row| self.visible.iter().position(|&i| i == row)),
            None => None,
        };
        match found {
            Some(pos) => self.cursor = pos,
            None => {
                self.cursor = self.cursor.min(self.visible.len().saturating_sub(1));
                self.selected = self.key_at(self.cursor);
            }
        }
        self.scroll(page);
    }

    fn key_at_cursor(&self) -> Option<&str> {
        self.visible
            .get(self.cursor)
            .map(|&i| self.rows[i].item.key())
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
        self.visible.get(self.cursor).map(|&i| &*self.rows[i].item)
    }

    /// The selected record unless it is only shown as gone.
    pub fn selected_live(&self) -> Option<&T> {
        let &i = self.visible.get(self.cursor)?;
        let row = &self.rows[i];
        (!row.gone()).then_some(&*row.item)
    }

    pub fn items(&self) -> impl Iterator<Item = &T> {
        self.rows.iter().filter(|r| !r.gone()).map(|r| &*r.item)
    }

    /// The rows shown (filtered), in the order shown, gone ones included.
    pub fn shown(&self) -> impl Iterator<Item = &T> {
        self.shown_from(0)
    }

    /// The rows shown from the `start`-th on (none past the end), without walking those before.
    pub fn shown_from(&self, start: usize) -> impl Iterator<Item = &T> {
        self.visible
            .get(start..)
            .unwrap_or_default()
            .iter()
            .map(|&i| &*self.rows[i].item)
    }

    /// The record of this key, unless it is only shown as gone.
    pub fn get(&self, key: &str) -> Option<&T> {
        let row = &self.rows[*self.index.get(key)?];
        (!row.gone()).then_some(&*row.item)
    }

    /// Comparisons made by sorting and placing rows so far: a test's way to tell a row moved to
    /// its place from a table sorted again.
    pub fn comparisons(&self) -> u64 {
        self.comparisons + self.searched.get()
    }
}

/// The order shown: the sort column (either way round; a ranked column's values where known,
/// rows without one last), then the key.
fn order_of<T: Record>(
    cols: &[Column<T>],
    sort: Sort,
    ranks: Option<&Ranks>,
    a: &T,
    b: &T,
) -> Ordering {
    let o = match ranks {
        Some(r) => match (r.get(a.key()), r.get(b.key())) {
            (Some(x), Some(y)) => {
                let o = x.total_cmp(y);
                if sort.descending {
                    o.reverse()
                } else {
                    o
                }
            }
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        },
        None => {
            let col = &cols[sort.column.min(cols.len() - 1)];
            let o = (col.cmp)(a, b);
            if sort.descending {
                o.reverse()
            } else {
                o
            }
        }
    };
    o.then_with(|| a.key().cmp(b.key()))
}
