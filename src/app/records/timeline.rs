use crate::app::resource::{newest_first, At, Described, Opens, Resource};
use crate::app::table::{Column, Record, Role, Sort, Tone, Variant};
use crate::app::view::ViewKind;
use crate::model::Timestamp;

/// Where a timeline row comes from: each row says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// A service event (DescribeServices: "has reached a steady state", …).
    ServiceEvent,
    /// A deployment started, completed, failed or rolled back.
    Deployment,
    /// A task that stopped (stop code, reason, exit codes).
    Task,
    /// An ECS state-change event received through EventBridge.
    EventBridge,
    /// An Application Auto Scaling activity.
    Scaling,
    /// A change this console made (the audit log).
    Console,
}

impl Source {
    pub fn label(self) -> &'static str {
        match self {
            Source::ServiceEvent => "svc event",
            Source::Deployment => "deployment",
            Source::Task => "task stop",
            Source::EventBridge => "eventbridge",
            Source::Scaling => "scaling",
            Source::Console => "console",
        }
    }
}

/// One thing that happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEntry {
    pub key: String,
    pub at: Timestamp,
    pub source: Source,
    /// The service it is about ("" for the cluster or a standalone task).
    pub service: String,
    pub what: String,
    pub tone: Tone,
    /// What Enter opens.
    pub opens: Option<ViewKind>,
}

const TIME: Column<TimelineEntry> = Column {
    title: "TIME",
    role: Role::Age,
    priority: 0,
    // Today's rows (UTC) show the time to the second, older ones the day and minute (`d` has
    // the second): 11 columns either way, so a narrow split keeps room for what happened.
    width: 11,
    flex: false,
    right: false,
    timed: false,
    text: |e, ctx| {
        if e.at.date_naive() == ctx.now.date_naive() {
            e.at.format("%H:%M:%S").to_string()
        } else {
            e.at.format("%m-%d %H:%M").to_string()
        }
    },
    cmp: |a, b| a.at.cmp(&b.at).then_with(|| a.key.cmp(&b.key)),
};

const SOURCE: Column<TimelineEntry> = Column {
    title: "SOURCE",
    role: Role::Other,
    priority: 0,
    width: 11,
    flex: false,
    right: false,
    timed: false,
    text: |e, _| e.source.label().to_string(),
    cmp: |a, b| a.source.cmp(&b.source),
};

const SERVICE: Column<TimelineEntry> = Column {
    title: "SERVICE",
    role: Role::Name,
    priority: 3,
    width: 14,
    flex: false,
    right: false,
    timed: false,
    text: |e, _| e.service.clone(),
    cmp: |a, b| a.service.cmp(&b.service),
};

const WHAT: Column<TimelineEntry> = Column {
    title: "WHAT HAPPENED",
    role: Role::Other,
    priority: 0,
    width: 16,
    flex: true,
    right: false,
    timed: false,
    text: |e, _| e.what.clone(),
    cmp: |a, b| a.what.cmp(&b.what),
};

static COLUMNS: [Column<TimelineEntry>; 4] = [TIME, SOURCE, SERVICE, WHAT];
/// A service's own timeline: its SERVICE column would only repeat the name.
static ONE_SERVICE: [Column<TimelineEntry>; 3] = [TIME, SOURCE, WHAT];

impl Record for TimelineEntry {
    fn key(&self) -> &str {
        &self.key
    }
    fn columns(variant: Variant) -> &'static [Column<Self>] {
        match variant {
            Variant::OneService => &ONE_SERVICE,
            _ => &COLUMNS,
        }
    }
    fn tone(&self) -> Tone {
        self.tone
    }
}

impl Resource for TimelineEntry {
    fn default_sort(_variant: Variant) -> Sort {
        newest_first()
    }

    fn describe(&self) -> Option<Described> {
        Some(Described {
            title: format!(
                "{} at {}",
                self.source.label(),
                self.at.format("%Y-%m-%d %H:%M:%S UTC")
            ),
            doc: serde_json::json!({
                "time": self.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                "source": self.source.label(),
                "service": self.service,
                "whatHappened": self.what,
            }),
            task_definition: None,
        })
    }

    fn opens(&self, _at: &At) -> Opens {
        match &self.opens {
            Some(kind) => Opens::View(kind.clone()),
            None => Opens::Nothing,
        }
    }
}
