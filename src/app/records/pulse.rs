use super::{age, DASH};
use crate::app::pulse::PulseItem;
use crate::app::resource::{At, Opens, Resource};
use crate::app::table::Role;
use crate::app::table::{Column, Record, Tone, Variant};

fn text(s: &str) -> String {
    if s.is_empty() {
        DASH.into()
    } else {
        s.into()
    }
}

static COLUMNS: [Column<PulseItem>; 6] = [
    Column {
        title: "WHAT",
        role: Role::Other,
        priority: 0,
        width: 9,
        flex: false,
        right: false,
        timed: false,
        text: |i, _| i.kind.to_string(),
        cmp: |a, b| a.rank.cmp(&b.rank).then(a.kind.cmp(b.kind)),
    },
    Column {
        title: "CLUSTER",
        role: Role::Other,
        priority: 0,
        width: 18,
        // Over several accounts a cluster is `@sandbox/sandbox-apps`: room for it first.
        flex: true,
        right: false,
        timed: false,
        text: |i, _| text(&i.cluster),
        cmp: |a, b| a.cluster.cmp(&b.cluster),
    },
    Column {
        title: "NAME",
        role: Role::Name,
        priority: 0,
        width: 18,
        flex: true,
        right: false,
        timed: false,
        text: |i, _| text(&i.name),
        cmp: |a, b| a.name.cmp(&b.name),
    },
    Column {
        title: "STATE",
        role: Role::Other,
        priority: 0,
        width: 20,
        flex: true,
        right: false,
        timed: false,
        text: |i, _| i.state.clone(),
        cmp: |a, b| a.state.cmp(&b.state),
    },
    Column {
        title: "DETAIL",
        role: Role::Other,
        priority: 1,
        width: 24,
        flex: true,
        right: false,
        timed: false,
        text: |i, _| text(&i.detail),
        cmp: |a, b| a.detail.cmp(&b.detail),
    },
    Column {
        title: "SINCE",
        role: Role::Other,
        priority: 1,
        width: 6,
        flex: false,
        right: true,
        timed: true,
        text: |i, c| age(i.since, c.now),
        cmp: |a, b| a.since.cmp(&b.since),
    },
];

impl Record for PulseItem {
    fn key(&self) -> &str {
        &self.key
    }
    fn columns(_: Variant) -> &'static [Column<Self>] {
        &COLUMNS
    }
    fn tone(&self) -> Tone {
        self.tone
    }
}

impl Resource for PulseItem {
    fn opens(&self, _at: &At) -> Opens {
        Opens::Pulse(self.target.clone())
    }
}
