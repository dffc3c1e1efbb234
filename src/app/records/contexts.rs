use super::opt;
use crate::app::resource::{At, Opens, Resource};
use crate::app::table::Role;
use crate::app::table::{Column, Record, Variant};
use crate::model::{Profile, Region};

static PROFILES: [Column<Profile>; 3] = [
    Column {
        title: "PROFILE",
        role: Role::Other,
        priority: 0,
        width: 20,
        flex: true,
        right: false,
        timed: false,
        text: |p, _| p.name.clone(),
        cmp: |a, b| a.name.cmp(&b.name),
    },
    Column {
        title: "REGION",
        role: Role::Other,
        priority: 0,
        width: 14,
        flex: false,
        right: false,
        timed: false,
        text: |p, _| opt(&p.region),
        cmp: |a, b| a.region.cmp(&b.region),
    },
    Column {
        title: "CREDENTIALS",
        role: Role::Other,
        priority: 1,
        width: 11,
        flex: false,
        right: false,
        timed: false,
        text: |p, _| p.kind.clone(),
        cmp: |a, b| a.kind.cmp(&b.kind),
    },
];

impl Record for Profile {
    fn key(&self) -> &str {
        &self.name
    }
    fn columns(_: Variant) -> &'static [Column<Self>] {
        &PROFILES
    }
}

static REGIONS: [Column<Region>; 1] = [Column {
    title: "REGION",
    role: Role::Other,
    priority: 0,
    width: 20,
    flex: true,
    right: false,
    timed: false,
    text: |r, _| r.name.clone(),
    cmp: |a, b| a.name.cmp(&b.name),
}];

impl Record for Region {
    fn key(&self) -> &str {
        &self.name
    }
    fn columns(_: Variant) -> &'static [Column<Self>] {
        &REGIONS
    }
}

impl Resource for Profile {
    fn opens(&self, _at: &At) -> Opens {
        Opens::Switch {
            profile: Some(self.name.clone()),
            region: None,
        }
    }
}

impl Resource for Region {
    fn opens(&self, _at: &At) -> Opens {
        Opens::Switch {
            profile: None,
            region: Some(self.name.clone()),
        }
    }
}
