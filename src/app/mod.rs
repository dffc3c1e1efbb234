//! The console's state and the one step that changes it: `update(&mut App, Msg) -> Vec<Effect>`.
//! No IO happens here; network answers come back as messages.

pub mod actions;
pub mod command;
pub mod custom;
pub mod event_mode;
pub mod events;
pub mod failures;
mod fetched;
pub mod filter;
pub mod history;
pub mod keys;
pub mod layout;
pub mod pulse;
pub mod records;
pub mod remap;
pub mod resource;
pub mod screens;
pub mod status;
pub mod table;
mod targets;
pub mod timeline;
mod update;
pub mod view;
pub mod widgets;

pub use crate::protocol::{Effect, LogRequest, Msg};
pub use fetched::Freshness;
pub use screens::logs::LogSettings;
pub use screens::{describe, dialog, diff, logs};

use crate::config::theme::Theme;
use crate::model::{Query, Timestamp};
use keys::KeyMap;
use ratatui::layout::Rect;
use status::Status;
use std::time::Duration;
use table::Ctx;
use view::{View, ViewKind};

/// How often each kind of data is refreshed while on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Intervals {
    pub clusters: Duration,
    pub services: Duration,
    pub tasks: Duration,
    pub instances: Duration,
    /// Service CPU and memory (GetMetricData is billed per metric: once a minute by default).
    pub metrics: Duration,
    /// Load balancer target health (DescribeTargetHealth, one call a target group).
    pub targets: Duration,
    /// While events keep a view fresh: how often it is re-listed all the same, to reconcile.
    pub reconcile: Duration,
}

impl Default for Intervals {
    fn default() -> Self {
        Self {
            clusters: Duration::from_secs(10),
            services: Duration::from_secs(5),
            tasks: Duration::from_secs(5),
            instances: Duration::from_secs(10),
            reconcile: Duration::from_secs(60),
            metrics: Duration::from_secs(60),
            targets: Duration::from_secs(15),
        }
    }
}

impl Intervals {
    pub fn of(&self, query: &Query) -> Duration {
        match query {
            Query::Clusters => self.clusters,
            Query::Services { .. } => self.services,
            Query::Tasks { .. } | Query::Task { .. } => self.tasks,
            Query::Instances { .. } => self.instances,
            Query::ApiLog => Duration::from_secs(2),
            Query::ScalableTarget { .. } | Query::TaskDefinition { .. } => self.services,
            Query::Profiles => Duration::from_secs(30),
            // Revisions change when someone registers one: a minute is fresh enough.
            Query::Families | Query::Revisions { .. } => Duration::from_secs(60),
            Query::Pulse { .. } => self.services.max(Duration::from_secs(15)),
            Query::Capacity { .. } => Duration::from_secs(60),
            Query::Alarms => Duration::from_secs(30),
            Query::Timeline { .. } | Query::Scaling { .. } => {
                self.services.max(Duration::from_secs(15))
            }
            Query::ServiceMetrics { .. } | Query::TaskMetrics { .. } => self.metrics,
            Query::Targets { .. } => self.targets,
        }
    }
}

/// Commands the `:` prompt remembers for `↑` / `↓`.
pub const COMMAND_HISTORY: usize = 100;

/// Tasks whose CPU and memory one query asks for: 500 metrics, one GetMetricData call.
pub const TASK_METRICS_AT_ONCE: usize = crate::model::METRICS_PER_CALL / 2;

/// A one-line editor for the `:` and `/` prompts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prompt {
    pub text: widgets::LineInput,
    /// Why the text does not work (an invalid regex, an unknown command), shown inline.
    pub error: Option<String>,
    /// Completion candidates after an ambiguous Tab.
    pub candidates: Vec<String>,
    /// Where `↑` / `↓` are in the command history (0: the newest), while walking it.
    pub recalled: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Command(Prompt),
    /// The filter being typed, and the filter that was in force when `/` was pressed.
    Filter {
        prompt: Prompt,
        before: String,
    },
    Help(Box<screens::help::HelpState>),
    /// A dialog before a change: nothing is sent until it is confirmed.
    Dialog(dialog::Dialog),
    /// A resource in full (`d`).
    Describe(Box<describe::DescribeState>),
    /// The logs of a task, a container or a service (`l`).
    Logs(Box<logs::LogView>),
    /// What changed between two task definitions (`=`).
    Diff(Box<diff::DiffState>),
    /// The output of a custom command run in the background.
    Output(Box<screens::output::OutputState>),
}

pub struct App {
    pub now: Timestamp,
    pub size: Rect,
    /// The breadcrumbs: the first is the root, the last is on screen.
    pub stack: Vec<View>,
    pub mode: Mode,
    pub status: Status,
    pub keymap: KeyMap,
    pub theme: Theme,
    pub intervals: Intervals,
    /// What the backend talks to, for the header.
    pub target: String,
    /// Cluster names seen so far, for completion and for commands without a cluster.
    pub known_clusters: Vec<String>,
    /// Something visible changed since the last draw.
    pub dirty: bool,
    pub quit: bool,
    /// Confirmed changes sent and not yet answered.
    pub changes_in_flight: usize,
    /// Quitting, waiting (until this instant at most) for changes in flight to finish.
    pub quitting: Option<Timestamp>,
    /// Started with --readonly: the key map has no actions and nothing can be changed.
    pub readonly: bool,
    /// This console's attempted changes, for `:audit`.
    pub audit: Vec<crate::model::MutationResult>,
    /// Who is at the keyboard, for the default stop reason.
    pub user: String,
    /// Dashboard flags: no header, no logo.
    pub chrome: layout::Chrome,
    /// On AWS (not the demo account): profiles and regions can be switched.
    pub switchable: bool,
    /// The region the backend reads (for `:pulse` over several regions).
    pub region: Option<String>,
    /// A profile / region switch asked for; the loop returns so the backend can be rebuilt.
    pub switch: Option<crate::model::ContextSwitch>,
    /// Settings of logs views.
    pub logs: LogSettings,
    /// ECS events: where they come from, the history, the task rows they changed.
    pub events: events::EventsState,
    /// The clusters this console's own events subscription is limited to (empty: all).
    pub events_clusters: Vec<String>,
    /// Running and desired counts seen per service, for the sparklines.
    pub history: history::RunningHistory,
    pub(crate) next_log_id: u64,
    /// The commands run from the `:` prompt, oldest first (at most `COMMAND_HISTORY`).
    pub command_history: Vec<String>,
    /// The console's time zone, for the times typed in a logs window and shown in its title
    /// (UTC unless the console sets it from the system).
    pub local_offset: chrono::FixedOffset,
    /// Where `session-manager-plugin` is (ECS Exec), looked up when `X` is pressed; the
    /// console sets the PATH lookup, a test its own.
    pub find_plugin: fn() -> Option<std::path::PathBuf>,
    /// The simulated account: ECS Exec needs no plugin there (it opens no session).
    pub demo: bool,
    /// An ECS Exec session to hand the terminal to: the loop returns so the terminal can be
    /// given to `session-manager-plugin`, and taken back when it exits (`Msg::HandedBack`).
    pub handoff: Option<Handoff>,
    /// Service CPU and memory by cluster, as last read (`metrics = false` turns them off).
    pub metrics: std::collections::HashMap<String, std::sync::Arc<crate::model::MetricsData>>,
    pub metrics_on: bool,
    /// Task CPU and memory (Container Insights) by cluster, as last read.
    pub task_metrics: std::collections::HashMap<String, std::sync::Arc<crate::model::MetricsData>>,
    /// The running-tasks view's metrics query as last worked out (see `watch_effects`).
    task_metrics_memo: Option<Option<Query>>,
    /// The clusters whose tasks were found to have no Container Insights figures (said once).
    pub insights_off: std::collections::BTreeSet<String>,
    /// Why metrics cannot be read, once said.
    pub metrics_note: Option<String>,
    /// What the instance rows leave out and why (Spot/On-Demand when EC2 will not say), once said.
    pub instances_note: Option<String>,
    /// Load balancer target health by cluster, as last read (see `app/targets.rs`).
    pub targets: std::collections::HashMap<String, crate::model::TargetsData>,
    /// Why target health cannot be read, once said.
    pub targets_note: Option<String>,
    /// The custom commands bound (`Action::Custom(n)` is the n-th).
    pub commands: Vec<crate::config::commands::CommandSpec>,
    /// Audited commands running in the background, by pane id; the one that has the terminal.
    running_commands: std::collections::HashMap<u64, crate::model::Mutation>,
    handed_command: Option<crate::model::Mutation>,
    /// The profile and endpoint override the console uses (for `$PROFILE`, `$ENDPOINT`).
    pub profile: Option<String>,
    pub endpoint: Option<String>,
    /// What a bare `:pulse` reads: these profiles (none: this account) in these regions (none:
    /// each profile's own), from `--profile a,b` and `[pulse]` in the config.
    pub pulse_profiles: Vec<String>,
    pub pulse_regions: Vec<String>,
    /// The profile the backend reads with (its own name for it; `demo` in the demo), so that
    /// `:pulse @it` items open here.
    pub backend_profile: Option<String>,
    watching: Vec<(Query, Duration)>,
    time_signature: u64,
}

/// What takes the terminal for a while: an ECS Exec session (`session-manager-plugin`), or a
/// custom command that runs in the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Handoff {
    Exec(crate::model::ExecSession),
    Program { label: String, argv: Vec<String> },
}

/// No `session-manager-plugin` anywhere (the default until the console looks on PATH).
pub fn no_plugin() -> Option<std::path::PathBuf> {
    None
}

impl App {
    pub fn new(target: String, now: Timestamp, size: Rect) -> Self {
        Self {
            now,
            size,
            stack: vec![View::new(ViewKind::Clusters)],
            mode: Mode::Normal,
            status: Status::default(),
            keymap: KeyMap::default(),
            theme: Theme::default(),
            intervals: Intervals::default(),
            target,
            known_clusters: Vec::new(),
            dirty: true,
            quit: false,
            changes_in_flight: 0,
            quitting: None,
            readonly: false,
            audit: Vec::new(),
            user: crate::audit::local_user(),
            chrome: layout::Chrome::default(),
            switchable: false,
            region: None,
            switch: None,
            logs: LogSettings::default(),
            events: events::EventsState::default(),
            events_clusters: Vec::new(),
            history: history::RunningHistory::default(),
            next_log_id: 0,
            command_history: Vec::new(),
            local_offset: chrono::Offset::fix(&chrono::Utc),
            find_plugin: no_plugin,
            demo: false,
            handoff: None,
            metrics: Default::default(),
            metrics_on: true,
            task_metrics: Default::default(),
            insights_off: Default::default(),
            task_metrics_memo: None,
            metrics_note: None,
            instances_note: None,
            targets: Default::default(),
            targets_note: None,
            commands: Vec::new(),
            running_commands: Default::default(),
            handed_command: None,
            profile: None,
            endpoint: None,
            pulse_profiles: Vec::new(),
            pulse_regions: Vec::new(),
            backend_profile: None,
            watching: Vec::new(),
            time_signature: 0,
        }
    }

    /// A warning for the status line (and `:messages`), e.g. about the config file.
    pub fn warn(&mut self, text: String) {
        self.status.push(status::Severity::Warn, text, self.now);
        self.dirty = true;
    }

    /// Ask to switch profile and/or region: the run loop returns so the backend can be rebuilt.
    pub fn request_switch(&mut self, profile: Option<String>, region: Option<String>) {
        self.switch = Some(crate::model::ContextSwitch { profile, region });
        self.dirty = true;
    }

    fn fill_regions(&mut self) {
        let page = self.page();
        let now = self.now;
        let regions: Vec<_> = crate::model::REGIONS
            .iter()
            .map(|r| crate::model::Region {
                name: r.to_string(),
            })
            .collect();
        if let Some(t) = self.view_mut().rows_mut::<crate::model::Region>() {
            t.ingest(regions, now, page);
        }
    }

    /// A new sync layer knows nothing: the next start sends the watch list again.
    pub fn resync(&mut self) {
        self.watching.clear();
    }

    /// Start over on a new backend (after a switch): the views and their data are dropped.
    pub fn restart(&mut self, target: String) {
        self.target = target;
        self.stack = vec![View::new(ViewKind::Clusters)];
        self.mode = Mode::Normal;
        self.known_clusters.clear();
        self.watching.clear();
        self.switch = None;
        self.dirty = true;
    }

    /// Start on a view by command (`--command`, `--cluster`, `--service`): as if typed after `:`.
    pub fn start_with(&mut self, line: &str) -> Vec<Effect> {
        let effects = self.run_command(line);
        if let Mode::Command(p) = &self.mode {
            let why = p.error.clone().unwrap_or_default();
            self.mode = Mode::Normal;
            self.warn(format!("cannot start on `{line}`: {why}"));
        }
        effects
    }

    /// Start-up warnings (config, theme, key remaps): all kept in `:messages`; with more than one,
    /// the status line says how many and shows the first.
    pub fn warn_all(&mut self, warnings: Vec<String>) {
        let first = warnings.first().cloned();
        let n = warnings.len();
        for w in warnings {
            self.warn(w);
        }
        if let (Some(first), true) = (first, n > 1) {
            self.warn(format!(
                "{n} start-up warnings (m lists them); first: {first}"
            ));
        }
    }

    /// Make this console read-only: every action disappears from the key map, help and hints.
    pub fn set_read_only(&mut self) {
        self.readonly = true;
        self.keymap = std::mem::take(&mut self.keymap).read_only();
    }

    /// The effects to start with: watch what the first view shows.
    pub fn start(&mut self) -> Vec<Effect> {
        self.watch_effects()
    }

    pub fn view(&self) -> &View {
        // The stack is never empty: Back stops at the root.
        &self.stack[self.stack.len() - 1]
    }

    pub fn view_mut(&mut self) -> &mut View {
        let last = self.stack.len() - 1;
        &mut self.stack[last]
    }

    pub fn areas(&self) -> layout::Areas {
        let v = self.view();
        layout::areas(self.size, v.kind.tag(), v.show_events, self.chrome)
    }

    pub fn page(&self) -> usize {
        layout::page_rows(self.areas().table).max(1)
    }

    /// The cluster the user is in: the nearest one along the breadcrumbs.
    pub fn current_cluster(&self) -> Option<&str> {
        self.stack.iter().rev().find_map(|v| v.kind.cluster())
    }

    /// Whether a view's data is older than it should be.
    pub fn is_stale(&self, view: &View) -> bool {
        let Some(query) = view.kind.query() else {
            return false;
        };
        let allowed =
            chrono::Duration::from_std(self.interval_of(&query) * 2 + Duration::from_secs(5))
                .unwrap_or(chrono::Duration::MAX);
        match view.fetch.fetched_at {
            Some(at) => view.fetch.error.is_some() || self.now - at > allowed,
            None => view.fetch.error.is_some(),
        }
    }

    /// The watch list for the view on screen; emitted only when it changes.
    /// What a view's columns render with: the clock, the sparklines, and the metrics and
    /// target health of its cluster.
    pub fn table_ctx<'a>(&'a self, view: &'a View) -> Ctx<'a> {
        self.ctx_of(&view.kind)
    }

    /// Sort the view on screen again where its sort column's values come from outside its rows
    /// (CPU, MEM, TARGETS) and they changed since.
    pub(crate) fn rerank(&mut self) {
        let page = self.page();
        let Some(mut view) = self.stack.pop() else {
            return;
        };
        let ctx = self.ctx_of(&view.kind);
        view.table.rerank(&ctx, page);
        self.stack.push(view);
    }

    fn ctx_of(&self, kind: &ViewKind) -> Ctx<'_> {
        let cluster = kind.cluster();
        // A tasks view's figures are its tasks' (by task id), a services view's its services'.
        let metrics = if matches!(kind, ViewKind::Tasks { .. }) {
            &self.task_metrics
        } else {
            &self.metrics
        };
        Ctx {
            now: self.now,
            history: Some(&self.history),
            metrics: cluster.and_then(|c| metrics.get(c)).map(|m| m.as_ref()),
            targets: cluster.and_then(|c| self.targets.get(c)),
        }
    }

    /// The services view's CPU and memory: one query for every service it lists.
    fn metrics_query(&self) -> Option<Query> {
        if !self.metrics_on {
            return None;
        }
        let v = self.view();
        let ViewKind::Services { cluster } = &v.kind else {
            return None;
        };
        let mut services: Vec<String> = v
            .rows::<crate::model::Service>()?
            .items()
            .map(|s| s.name.clone())
            .collect();
        if services.is_empty() {
            return None;
        }
        services.sort();
        Some(Query::ServiceMetrics {
            cluster: cluster.clone(),
            services,
        })
    }

    /// A running-tasks view's CPU and memory (Container Insights): one query for its tasks — at
    /// most `TASK_METRICS_AT_ONCE` (one GetMetricData call), around the selection in blocks so
    /// that moving through a big list does not ask again at every key.
    fn task_metrics_query(&self) -> Option<Query> {
        if !self.metrics_on {
            return None;
        }
        let v = self.view();
        let ViewKind::Tasks {
            cluster,
            status: crate::model::TaskStatus::Running,
            ..
        } = &v.kind
        else {
            return None;
        };
        // Not while a listing comes in batch by batch: each batch would move the block (and
        // every GetMetricData is billed by the metric); once the whole listing is in.
        if v.fetch.fetched_at.is_none() || v.fetch.progress.is_some() {
            return None;
        }
        let rows = v.rows::<crate::model::Task>()?;
        // The block of rows around the selection (it moves by half a block, so moving through
        // a big list asks again only when it leaves the block); only that block is walked, not
        // the 50,000 rows of a big view. Only running tasks have figures (and each metric asked
        // for is billed).
        let selected = v.table().cursor();
        let block = TASK_METRICS_AT_ONCE / 2;
        let start = (selected / block * block)
            .saturating_sub(block / 2)
            .min(v.table().len().saturating_sub(TASK_METRICS_AT_ONCE));
        let mut tasks: Vec<_> = rows
            .shown_from(start)
            .take(TASK_METRICS_AT_ONCE)
            .filter(|t| t.last_status == crate::model::status::RUNNING)
            .map(|t| t.metric_key())
            .collect();
        if tasks.is_empty() {
            return None;
        }
        tasks.sort();
        // Tasks that stopped leave the query as it is (they just have no new figures): a new
        // query is asked at once, and each GetMetricData is billed. Only tasks not in it ask anew.
        let watched = self.watching.iter().find_map(|(q, _)| match q {
            Query::TaskMetrics {
                cluster: c,
                tasks: old,
            } if c == cluster && tasks.iter().all(|t| old.binary_search(t).is_ok()) => {
                Some(q.clone())
            }
            _ => None,
        });
        watched.or(Some(Query::TaskMetrics {
            cluster: cluster.clone(),
            tasks,
        }))
    }

    pub(crate) fn watch_effects(&mut self) -> Vec<Effect> {
        // Under a logs view the table is not on screen: nothing to keep fresh.
        let covered = matches!(self.mode, Mode::Logs(_));
        let mut want: Vec<(Query, Duration)> = self
            .view()
            .kind
            .query()
            .filter(|_| !covered)
            .map(|q| (q.clone(), self.interval_of(&q)))
            .into_iter()
            .collect();
        if let Some(q) = self.metrics_query().filter(|_| !covered) {
            want.push((q, self.intervals.metrics));
        }
        // Worked out again only when something changed since the last frame (a tick of an idle
        // screen changes nothing, and this walks every row of the view).
        let task_metrics = match &self.task_metrics_memo {
            Some(q) if !self.dirty => q.clone(),
            _ => {
                let q = self.task_metrics_query();
                self.task_metrics_memo = Some(q.clone());
                q
            }
        };
        if let Some(q) = task_metrics.filter(|_| !covered) {
            want.push((q, self.intervals.metrics));
        }
        if let Some(q) = self.targets_query().filter(|_| !covered) {
            if !want.iter().any(|(w, _)| *w == q) {
                want.push((q, self.intervals.targets));
            }
        }
        let mut effects = Vec::new();
        if want != self.watching {
            self.watching = want.clone();
            effects.push(Effect::Watch(want));
        }
        // A view that becomes visible with nothing in it is fetched now, not at the query's
        // next turn: its query may be watched already (the same query under a view just
        // closed), and a watch that did not change asks for nothing.
        if !covered {
            let view = self.view_mut();
            if let (Some(q), false, None) =
                (view.kind.query(), view.fetch.asked, view.fetch.fetched_at)
            {
                view.fetch.asked = true;
                effects.push(Effect::Refresh(q));
            }
        }
        effects
    }
}
