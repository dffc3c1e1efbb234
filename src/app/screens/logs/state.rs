//! A logs view's buffer and everything done to it: bounded, appended in batches in time order,
//! searched with highlights and n/N, filtered to matching lines, scrolled (scrolling up pauses
//! the auto-scroll; End resumes it). Lines are addressed by sequence number (the number of lines
//! ever appended before them), so marks survive lines dropping off the front.

use crate::app::filter::{haystack_case, Filter};
use crate::app::screens::viewer::Scroll;
pub use crate::app::screens::viewer::Typing;
use crate::model::{LogEvent, LogFeed, LogMode, LogScope, LogStart, LogStreamRef};
use std::collections::{HashMap, VecDeque};

/// One line on screen: a log event, or one line of a multi-line event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    /// ms since the epoch.
    pub ts: i64,
    /// Index into [`LogView::sources`]: which task and container wrote it.
    pub source: u16,
    pub text: String,
}

/// How lines are shown and where the view is.
#[derive(Debug, Clone)]
pub struct LogView {
    /// The reader's id (answers for another id are for a closed view).
    pub id: u64,
    pub scope: LogScope,
    pub start: LogStart,
    /// New lines are being read (live or polling); off is "paused".
    pub follow: bool,
    pub lines: VecDeque<LogLine>,
    pub cap: usize,
    /// Lines dropped off the front by the bound (or cleared).
    pub dropped: u64,
    /// The sequence number of the first line kept.
    pub first: u64,
    /// A search on the server (`F`): only lines matching this filter pattern were read.
    pub pattern: Option<String>,
    /// The streams followed, of how many the view's tasks write to.
    pub following: Option<(usize, usize)>,
    /// When the view's task stopped (ms since the epoch), for a stopped task.
    pub stopped_at: Option<i64>,
    /// How far back lines were read with `[` (ms since the epoch), if they were.
    pub reached: Option<i64>,
    /// A `[` or `]` read is under way.
    pub reading_more: bool,
    /// Why the streams could not be listed (and what is read instead).
    pub listing_note: Option<String>,
    /// The streams lines come from, by index; a line's tag and colour come from here.
    pub sources: Vec<LogStreamRef>,
    source_index: HashMap<(String, String), u16>,
    /// Containers whose output cannot be read here, and why.
    pub unavailable: Vec<String>,
    /// Why the streams could not be found, if they could not.
    pub error: Option<String>,
    pub feed: LogFeed,
    pub wrap: bool,
    pub timestamps: bool,
    /// The top line (sequence number) while scrolled up; None follows the newest line.
    pub top: Option<u64>,
    /// Lines that arrived while scrolled up.
    pub unseen: usize,
    /// The search in force: its text, and how many kept lines match.
    pub search: Option<(String, Filter)>,
    pub search_hits: usize,
    /// The filter in force: only matching lines are shown; their sequence numbers.
    pub filter: Option<(String, Filter)>,
    pub shown: VecDeque<u64>,
    /// A search (`/`) or filter (`&`) being typed, and what is wrong with it.
    pub typing: Option<Typing>,
    /// The screen rows the text area had at the last layout.
    pub rows: usize,
}

/// The shared viewer's keys over the buffer.
impl Scroll for LogView {
    fn scroll_by(&mut self, delta: isize) {
        LogView::scroll_by(self, delta);
    }

    fn to_top(&mut self) {
        LogView::to_top(self);
    }

    /// The newest line, following again.
    fn to_bottom(&mut self) {
        self.resume();
    }

    fn search_text(&self) -> String {
        self.search
            .as_ref()
            .map(|(t, _)| t.clone())
            .unwrap_or_default()
    }

    fn set_search(&mut self, text: &str) -> Result<(), String> {
        LogView::set_search(self, text)
    }

    fn jump(&mut self, forward: bool) {
        LogView::jump(self, forward);
    }

    fn typing(&mut self) -> &mut Option<Typing> {
        &mut self.typing
    }

    fn set_filter(&mut self, text: &str) -> Result<(), String> {
        LogView::set_filter(self, text)
    }
}

// Two views are the same view when they read the same lines and show them the same way.
impl PartialEq for LogView {
    fn eq(&self, o: &Self) -> bool {
        self.id == o.id
            && self.first == o.first
            && self.lines == o.lines
            && self.top == o.top
            && (self.wrap, self.timestamps, self.follow) == (o.wrap, o.timestamps, o.follow)
            && self.search.as_ref().map(|s| &s.0) == o.search.as_ref().map(|s| &s.0)
            && self.filter.as_ref().map(|s| &s.0) == o.filter.as_ref().map(|s| &s.0)
            && self.typing == o.typing
            && self.feed == o.feed
    }
}

impl Eq for LogView {}

/// Terminal control characters in log text would reach the terminal: escape sequences (colour
/// codes from the application) are removed and other control characters shown as `·`; tabs
/// become spaces.
pub fn clean(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.bytes().any(|b| b < 0x20 || b == 0x7f) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => {
                // CSI: ESC [ params final-byte; other escapes: ESC and the next char.
                if chars.peek() == Some(&'[') {
                    chars.next();
                    for n in chars.by_ref() {
                        if ('@'..='~').contains(&n) {
                            break;
                        }
                    }
                } else {
                    chars.next();
                }
            }
            '\t' => out.push_str("    "),
            '\n' => out.push('\n'),
            '\r' => {}
            c if c.is_control() => out.push('·'),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

impl LogView {
    pub fn new(id: u64, scope: LogScope, start: LogStart, cap: usize) -> Self {
        Self {
            id,
            scope,
            start,
            follow: true,
            lines: VecDeque::new(),
            cap: cap.max(1),
            dropped: 0,
            first: 0,
            pattern: None,
            following: None,
            stopped_at: None,
            reached: None,
            reading_more: false,
            listing_note: None,
            sources: Vec::new(),
            source_index: HashMap::new(),
            unavailable: Vec::new(),
            error: None,
            feed: LogFeed::new(LogMode::Loading),
            wrap: false,
            timestamps: true,
            top: None,
            unseen: 0,
            search: None,
            search_hits: 0,
            filter: None,
            shown: VecDeque::new(),
            typing: None,
            rows: 20,
        }
    }

    /// Sequence number one past the newest line.
    pub fn end(&self) -> u64 {
        self.first + self.lines.len() as u64
    }

    /// The stream of the line at the top when scrolled up, else of the newest line shown; the
    /// only stream when no line has come yet.
    pub fn stream_in_view(&self) -> Option<&LogStreamRef> {
        let n = self.shown_len();
        let seq = self
            .top
            .or_else(|| n.checked_sub(1).and_then(|i| self.shown_at(i)));
        match seq.and_then(|s| self.line(s)) {
            Some(line) => self.sources.get(line.source as usize),
            None if self.sources.len() == 1 => self.sources.first(),
            None => None,
        }
    }

    pub fn line(&self, seq: u64) -> Option<&LogLine> {
        seq.checked_sub(self.first)
            .and_then(|i| self.lines.get(i as usize))
    }

    pub fn set_sources(&mut self, streams: Vec<LogStreamRef>) {
        for s in streams {
            self.source_of(&s.group, &s.stream, Some(s.clone()));
        }
    }

    fn source_of(&mut self, group: &str, stream: &str, known: Option<LogStreamRef>) -> u16 {
        if let Some(&i) = self
            .source_index
            .get(&(group.to_string(), stream.to_string()))
        {
            return i;
        }
        let r = known.unwrap_or_else(|| {
            // A stream the reader did not announce: name it by its last two parts.
            let mut parts = stream.rsplit('/');
            let task_id = parts.next().unwrap_or(stream).to_string();
            let container = parts.next().unwrap_or_default().to_string();
            LogStreamRef {
                group: group.to_string(),
                group_arn: String::new(),
                stream: stream.to_string(),
                task_id,
                container,
            }
        });
        let i = self.sources.len().min(u16::MAX as usize) as u16;
        self.sources.push(r);
        self.source_index
            .insert((group.to_string(), stream.to_string()), i);
        i
    }

    /// Take in a batch of events (in time order). Lines older than the newest shown are merged
    /// into place; the bound drops the oldest.
    pub fn append(&mut self, events: Vec<LogEvent>) {
        if events.is_empty() {
            return;
        }
        let first_ts = events.iter().map(|e| e.timestamp).min().unwrap_or(0);
        // Lines already kept from the batch's oldest instant on: merge them back in (and drop
        // what the batch repeats of them, as a reader that starts over from an instant does).
        let mut tail: Vec<LogLine> = Vec::new();
        while self.lines.back().is_some_and(|l| l.ts >= first_ts) {
            if let Some(l) = self.lines.pop_back() {
                tail.push(l);
            }
        }
        if !tail.is_empty() {
            tail.reverse();
            let end = self.end();
            while self.shown.back().is_some_and(|&s| s >= end) {
                self.shown.pop_back();
            }
            if let Some((_, f)) = &self.search {
                self.search_hits -= tail
                    .iter()
                    .filter(|l| f.matches(&haystack_case(&l.text)))
                    .count();
            }
        }
        let mut incoming = self.lines_of(events);
        if !tail.is_empty() {
            let kept: std::collections::HashSet<(i64, u16, &str)> = tail
                .iter()
                .map(|t| (t.ts, t.source, t.text.as_str()))
                .collect();
            incoming.retain(|l| !kept.contains(&(l.ts, l.source, l.text.as_str())));
        }
        let added = incoming.len();
        let merged: Vec<LogLine> = if tail.is_empty() {
            incoming
        } else {
            let mut all = tail;
            let before = all.len();
            all.extend(incoming);
            // Stable: lines of one instant keep their arrival order.
            all.sort_by_key(|l| l.ts);
            debug_assert!(all.len() == before + added);
            all
        };
        for l in merged {
            self.push(l);
        }
        if self.top.is_some() {
            self.unseen += added;
        }
        self.trim();
    }

    /// Events as lines: cleaned of terminal escapes, credentials in URLs masked, one line per
    /// line of a multi-line event.
    fn lines_of(&mut self, events: Vec<LogEvent>) -> Vec<LogLine> {
        let mut out: Vec<LogLine> = Vec::with_capacity(events.len());
        for e in events {
            let source = self.source_of(&e.group, &e.stream, None);
            let text = match clean(&e.message) {
                std::borrow::Cow::Borrowed(_) => e.message,
                std::borrow::Cow::Owned(s) => s,
            };
            // Credentials in URLs never reach the screen or a saved file.
            let text = match crate::model::redact_urls(&text) {
                std::borrow::Cow::Borrowed(_) => text,
                std::borrow::Cow::Owned(s) => s,
            };
            if text.contains('\n') {
                out.extend(text.split('\n').map(|part| LogLine {
                    ts: e.timestamp,
                    source,
                    text: part.to_string(),
                }));
            } else {
                out.push(LogLine {
                    ts: e.timestamp,
                    source,
                    text,
                });
            }
        }
        out
    }

    /// Older lines (`[`), in time order, put in front of those kept without moving the screen:
    /// the lines kept keep their sequence numbers. Lines of the oldest kept instant that are
    /// already here are not repeated; what would not fit the bound is left out (the oldest).
    /// Returns how many were put in.
    pub fn prepend(&mut self, events: Vec<LogEvent>) -> usize {
        let oldest = self.lines.front().map(|l| l.ts);
        let mut older = self.lines_of(events);
        if let Some(oldest) = oldest {
            let here: std::collections::HashSet<(u16, &str)> = self
                .lines
                .iter()
                .take_while(|l| l.ts == oldest)
                .map(|l| (l.source, l.text.as_str()))
                .collect();
            older.retain(|l| {
                l.ts < oldest || (l.ts == oldest && !here.contains(&(l.source, l.text.as_str())))
            });
        }
        older.sort_by_key(|l| l.ts);
        let room = self.cap.saturating_sub(self.lines.len());
        if older.len() > room {
            older.drain(..older.len() - room);
        }
        let n = older.len();
        // No numbers left below the first line: move every number kept up (the lines on screen
        // stay the lines on screen).
        if n as u64 > self.first {
            let delta = n as u64 - self.first;
            for s in self.shown.iter_mut() {
                *s += delta;
            }
            if let Some(t) = self.top.as_mut() {
                *t += delta;
            }
            self.first += delta;
        }
        let hay = self.search.is_some() || self.filter.is_some();
        let mut shown_front = Vec::new();
        for (i, l) in older.iter().enumerate() {
            let seq = self.first - n as u64 + i as u64;
            if hay {
                let h = haystack_case(&l.text);
                if let Some((_, f)) = &self.search {
                    if f.matches(&h) {
                        self.search_hits += 1;
                    }
                }
                if let Some((_, f)) = &self.filter {
                    if f.matches(&h) {
                        shown_front.push(seq);
                    }
                }
            }
        }
        for seq in shown_front.into_iter().rev() {
            self.shown.push_front(seq);
        }
        for l in older.into_iter().rev() {
            self.lines.push_front(l);
        }
        self.first -= n as u64;
        n
    }

    fn push(&mut self, l: LogLine) {
        let seq = self.end();
        let hay = (self.search.is_some() || self.filter.is_some()).then(|| haystack_case(&l.text));
        if let (Some((_, f)), Some(h)) = (&self.search, &hay) {
            if f.matches(h) {
                self.search_hits += 1;
            }
        }
        if let (Some((_, f)), Some(h)) = (&self.filter, &hay) {
            if f.matches(h) {
                self.shown.push_back(seq);
            }
        }
        self.lines.push_back(l);
    }

    fn trim(&mut self) {
        while self.lines.len() > self.cap {
            if let Some(l) = self.lines.pop_front() {
                if let Some((_, f)) = &self.search {
                    if f.matches(&haystack_case(&l.text)) {
                        self.search_hits -= 1;
                    }
                }
            }
            self.dropped += 1;
            self.first += 1;
        }
        while self.shown.front().is_some_and(|&s| s < self.first) {
            self.shown.pop_front();
        }
        if let Some(top) = self.top {
            if top < self.first {
                self.top = Some(self.first);
            }
        }
    }

    /// Drop every line (the streams stay).
    pub fn clear(&mut self) {
        self.dropped += self.lines.len() as u64;
        self.first = self.end();
        self.lines.clear();
        self.shown.clear();
        self.search_hits = 0;
        self.top = None;
        self.unseen = 0;
    }

    // ---- search and filter ---------------------------------------------------------------------

    /// Search for `text` (case-insensitive regex as the `/` filter; empty clears), and jump to the
    /// first match from the top of the screen on.
    pub fn set_search(&mut self, text: &str) -> Result<(), String> {
        if text.is_empty() {
            self.search = None;
            self.search_hits = 0;
            return Ok(());
        }
        let f = Filter::parse(text)?;
        self.search_hits = self
            .lines
            .iter()
            .filter(|l| f.matches(&haystack_case(&l.text)))
            .count();
        self.search = Some((text.to_string(), f));
        self.jump(true);
        Ok(())
    }

    /// Show only lines matching `text` (empty shows all).
    pub fn set_filter(&mut self, text: &str) -> Result<(), String> {
        if text.is_empty() {
            self.filter = None;
            self.shown.clear();
            return Ok(());
        }
        let f = Filter::parse(text)?;
        let first = self.first;
        self.shown = self
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| f.matches(&haystack_case(&l.text)))
            .map(|(i, _)| first + i as u64)
            .collect();
        self.filter = Some((text.to_string(), f));
        if let Some(top) = self.top {
            if self.shown_index(top) >= self.shown.len() {
                self.resume();
            }
        }
        Ok(())
    }

    pub fn is_match(&self, seq: u64) -> bool {
        match (&self.search, self.line(seq)) {
            (Some((_, f)), Some(l)) => f.matches(&haystack_case(&l.text)),
            _ => false,
        }
    }

    /// Jump to the next (or previous) matching line after (before) the top of the screen.
    pub fn jump(&mut self, forward: bool) {
        if self.search.is_none() {
            return;
        }
        let n = self.shown_len();
        if n == 0 {
            return;
        }
        let here = match self.top {
            Some(top) => self.shown_index(top),
            None => n.saturating_sub(self.rows.max(1)),
        };
        let found = if forward {
            (here + 1..n)
                .chain(0..=here.min(n - 1))
                .filter_map(|i| self.shown_at(i))
                .find(|&s| self.is_match(s))
        } else {
            (0..here)
                .rev()
                .chain((here..n).rev())
                .filter_map(|i| self.shown_at(i))
                .find(|&s| self.is_match(s))
        };
        if let Some(seq) = found {
            self.show(seq);
        }
    }

    /// The buffer as text, one line each: time, source and text.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for l in &self.lines {
            let t = chrono::DateTime::from_timestamp_millis(l.ts)
                .map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
                .unwrap_or_default();
            let s = self
                .sources
                .get(l.source as usize)
                .map(tag)
                .unwrap_or_default();
            out.push_str(&format!("{t} {s} {}\n", l.text));
        }
        out
    }
}

/// The tag of a source: `3f2a9c1d/envoy`.
pub fn tag(s: &LogStreamRef) -> String {
    let id: String = s.task_id.chars().take(8).collect();
    if s.container.is_empty() {
        id
    } else {
        format!("{id}/{}", s.container)
    }
}
