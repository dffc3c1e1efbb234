//! Where a logs view is: which lines are shown (all, or the filter's matches), which are on
//! screen for a given size (a wrapped line takes several rows), and moving through them.

use super::state::{tag, LogView};

impl LogView {
    // ---- what is shown -------------------------------------------------------------------------

    /// The lines shown (all, or the filter's matches), as sequence numbers, from `from` on.
    pub(super) fn shown_len(&self) -> usize {
        match &self.filter {
            Some(_) => self.shown.len(),
            None => self.lines.len(),
        }
    }

    pub(super) fn shown_at(&self, i: usize) -> Option<u64> {
        match &self.filter {
            Some(_) => self.shown.get(i).copied(),
            None => (i < self.lines.len()).then(|| self.first + i as u64),
        }
    }

    /// Position of a sequence number among the shown lines (the first at or after it).
    pub(super) fn shown_index(&self, seq: u64) -> usize {
        match &self.filter {
            Some(_) => self.shown.partition_point(|&s| s < seq),
            None => seq.saturating_sub(self.first) as usize,
        }
    }

    /// The sequence numbers of the lines on screen, top first, for `rows` rows of `width`
    /// columns (a wrapped line takes several rows).
    pub fn visible(&self, rows: usize, width: usize) -> Vec<u64> {
        let n = self.shown_len();
        if n == 0 || rows == 0 {
            return Vec::new();
        }
        let height = |seq: u64| -> usize {
            if !self.wrap {
                return 1;
            }
            let w = self.prefix_width() + self.line(seq).map_or(0, |l| l.text.chars().count());
            w.div_ceil(width.max(1)).max(1)
        };
        match self.top {
            Some(top) => {
                let mut out = Vec::new();
                let mut used = 0;
                let mut i = self.shown_index(top);
                while i < n && used < rows {
                    let Some(seq) = self.shown_at(i) else { break };
                    used += height(seq);
                    out.push(seq);
                    i += 1;
                }
                out
            }
            None => {
                let mut out = Vec::new();
                let mut used = 0;
                let mut i = n;
                while i > 0 {
                    let Some(seq) = self.shown_at(i - 1) else {
                        break;
                    };
                    let h = height(seq);
                    if used + h > rows && !out.is_empty() {
                        break;
                    }
                    used += h;
                    out.push(seq);
                    i -= 1;
                }
                out.reverse();
                out
            }
        }
    }

    /// Columns taken before the text: the time and the source tag.
    pub fn prefix_width(&self) -> usize {
        let time = if self.timestamps { 13 } else { 0 };
        let tag = if self.sources.len() > 1 {
            self.tag_width() + 1
        } else {
            0
        };
        time + tag
    }

    /// `3f2a9c1d/envoy`: a short task id and the container, as wide as the widest.
    pub fn tag_width(&self) -> usize {
        self.sources
            .iter()
            .map(|s| tag(s).chars().count())
            .max()
            .unwrap_or(0)
            .min(32)
    }

    // ---- moving ----------------------------------------------------------------------------------

    /// Scroll by `delta` shown lines; scrolling up pauses the auto-scroll.
    pub fn scroll_by(&mut self, delta: isize) {
        let n = self.shown_len();
        if n == 0 {
            return;
        }
        let rows = self.rows.max(1);
        let current = match self.top {
            Some(top) => self.shown_index(top),
            None => n.saturating_sub(rows),
        };
        let max_top = n.saturating_sub(rows);
        let next = (current as isize + delta).clamp(0, max_top as isize) as usize;
        if delta > 0 && next >= max_top {
            self.resume();
            return;
        }
        if next == current && self.top.is_none() {
            return;
        }
        self.top = self.shown_at(next);
    }

    pub fn to_top(&mut self) {
        self.top = self.shown_at(0);
    }

    /// Back to following the newest line.
    pub fn resume(&mut self) {
        self.top = None;
        self.unseen = 0;
    }

    /// Put a line at the top of the screen (a search jump).
    pub(super) fn show(&mut self, seq: u64) {
        let n = self.shown_len();
        let i = self.shown_index(seq);
        if n > self.rows && i >= n - self.rows {
            // Near the end: show the end, still paused so the line stays put.
            self.top = self.shown_at(n - self.rows);
        } else {
            self.top = Some(seq);
        }
    }
}
