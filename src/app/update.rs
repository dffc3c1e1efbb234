//! The one step that changes the console: a message in, effects out.

use super::filter::Filter;
use super::keys::Action;
use super::resource::Opens;
use super::status::Severity;
use super::view::{View, ViewKind};
use super::{App, Effect, Mode, Msg, Prompt};
use crate::model::{Cluster, Service, Task, TaskScope, TaskStatus, Timestamp};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::hash::{Hash, Hasher};

impl App {
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        let mut effects = match msg {
            Msg::Key(ev) if ev.kind != KeyEventKind::Release => self.on_key(ev),
            Msg::Key(_) => Vec::new(),
            Msg::Paste(text) => {
                self.on_paste(&text);
                Vec::new()
            }
            Msg::Resize(w, h) => {
                self.size = ratatui::layout::Rect::new(0, 0, w, h);
                let page = self.page();
                self.view_mut().table_mut().relayout(page);
                self.dirty = true;
                Vec::new()
            }
            Msg::Tick(now) => {
                self.on_tick(now);
                let mut effects = self.trailing_event_refresh();
                effects.extend(self.events_tick());
                effects.extend(self.quit_when_due());
                effects
            }
            Msg::Fetched { query, result, at } => self.on_fetched(&query, result, at),
            Msg::Described {
                cluster,
                tasks,
                services,
                at,
            } => {
                self.on_described(&cluster, tasks, services, at);
                Vec::new()
            }
            Msg::TaskBatch { query, batch } => {
                self.on_task_batch(&query, batch);
                Vec::new()
            }
            Msg::Retrying { query, after } => {
                if self.view().kind.query().as_ref() == Some(&query) {
                    // The reason stays in the sentence: "retrying" alone does not say what failed.
                    let secs = after.as_secs().max(1);
                    let text = match &self.view().fetch.error {
                        Some((e, _)) => format!("{}: {e} — retrying in {secs}s", query.label()),
                        None => format!("{}: retrying in {secs}s", query.label()),
                    };
                    self.say(Severity::Warn, text);
                }
                Vec::new()
            }
            Msg::Mutated {
                result,
                audit_error,
            } => self.on_mutated(result, audit_error),
            Msg::LogSources { id, sources } => {
                self.on_log_sources(id, sources);
                Vec::new()
            }
            Msg::LogLines { id, events } => {
                self.on_log_lines(id, events);
                Vec::new()
            }
            Msg::LogFeed { id, feed } => {
                self.on_log_feed(id, feed);
                Vec::new()
            }
            Msg::LogStreams {
                id,
                following,
                of,
                stopped_at,
                note,
            } => {
                self.on_log_streams(id, (following, of), stopped_at, note);
                Vec::new()
            }
            Msg::LogOlder { id, events, from } => {
                self.on_log_older(id, events, from);
                Vec::new()
            }
            Msg::EcsEvents(events) => self.on_events(events),
            Msg::EventsOff(why) => {
                self.events.off = Some(why);
                self.events.feed = None;
                self.dirty = true;
                Vec::new()
            }
            Msg::Notice { warn, text } => {
                let severity = if warn { Severity::Warn } else { Severity::Info };
                self.say(severity, text);
                Vec::new()
            }
            Msg::EventsFeed(feed) => {
                self.events.off = None;
                self.on_events_feed(feed);
                Vec::new()
            }
            Msg::Saved { path, result } => {
                self.on_saved(path, result);
                Vec::new()
            }
            Msg::Signal(name) => {
                tracing::info!(signal = name, "quitting on signal");
                self.quit_or_wait()
            }
            Msg::HandedBack(outcome) => self.on_handed_back(outcome),
            Msg::CommandOutput { id, lines, done } => self.on_command_output(id, lines, done),
        };
        // What is watched follows the view and, for the views events keep fresh, the feed:
        // its interval changes when the feed starts or stops working.
        effects.extend(self.watch_effects());
        if self.dirty {
            self.rerank();
            self.time_signature = self.compute_time_signature();
        }
        effects
    }

    pub(super) fn say(&mut self, severity: Severity, text: impl Into<String>) {
        self.status.push(severity, text, self.now);
        self.dirty = true;
        self.refill_messages();
    }

    fn refill_messages(&mut self) {
        let page = self.page();
        let now = self.now;
        let items: Vec<_> = self.status.history().cloned().collect();
        for v in &mut self.stack {
            if let Some(t) = v.rows_mut::<super::status::StatusMessage>() {
                t.ingest(items.clone(), now, page);
            }
        }
    }

    // ---- time ---------------------------------------------------------------------------------

    fn on_tick(&mut self, now: Timestamp) {
        self.now = now;
        let page = self.page();
        if self.view_mut().table_mut().expire_marks(now, page) {
            self.dirty = true;
        }
        if self.status.expire(now) {
            self.dirty = true;
        }
        let sig = self.compute_time_signature();
        if sig != self.time_signature {
            self.time_signature = sig;
            self.dirty = true;
        }
    }

    /// A hash of everything on screen that depends on the clock: ages in the visible rows and the
    /// freshness of the pane. The screen is redrawn on a tick only when this changes.
    fn compute_time_signature(&self) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        let v = self.view();
        let ctx = self.table_ctx(v);
        let t = v.table();
        t.time_signature(&ctx, t.offset(), self.page()).hash(&mut h);
        self.freshness(v).hash(&mut h);
        self.events.last_event_age(self.now).hash(&mut h);
        if let (Some(s), Some(_)) = (v.rows::<Service>(), self.areas().events) {
            if let Some(svc) = s.selected() {
                for e in svc.events.iter().take(40) {
                    e.created_at
                        .map(|t| crate::model::format_age(t, self.now))
                        .hash(&mut h);
                }
            }
        }
        h.finish()
    }

    // ---- keys ---------------------------------------------------------------------------------

    fn on_key(&mut self, ev: KeyEvent) -> Vec<Effect> {
        if ev.code == KeyCode::Char('c') && ev.modifiers.contains(KeyModifiers::CONTROL) {
            return self.quit_or_wait();
        }
        if matches!(self.mode, Mode::Normal) {
            self.on_normal_key(ev)
        } else {
            self.on_screen_key(&ev)
        }
    }

    fn on_normal_key(&mut self, ev: KeyEvent) -> Vec<Effect> {
        let tag = self.view().kind.tag();
        let Some(action) = self.keymap.lookup(&ev, tag) else {
            if let Some(b) = self.keymap.disabled(&ev, tag) {
                let what = b.help;
                self.say(
                    Severity::Warn,
                    format!("read-only console: cannot {what} (started with --readonly)"),
                );
            }
            return Vec::new();
        };
        self.dirty = true;
        self.act(action)
    }

    /// Perform a key action. Public so tests and scripted sessions can drive actions by name.
    pub fn act(&mut self, action: Action) -> Vec<Effect> {
        let page = self.page();
        self.dirty = true;
        match action {
            Action::Quit => return self.quit_or_wait(),
            Action::Back => self.back(),
            Action::Open => self.open(),
            Action::Up => self.view_mut().table_mut().move_by(-1, page),
            Action::Down => self.view_mut().table_mut().move_by(1, page),
            Action::PageUp => self.view_mut().table_mut().move_by(-(page as isize), page),
            Action::PageDown => self.view_mut().table_mut().move_by(page as isize, page),
            Action::Top => self.view_mut().table_mut().move_by(-(isize::MAX / 2), page),
            Action::Bottom => self.view_mut().table_mut().to_bottom(page),
            Action::Filter => {
                let text = self.view().table().filter().text().to_string();
                self.mode = Mode::Filter {
                    prompt: Prompt {
                        text: text.clone().into(),
                        ..Prompt::default()
                    },
                    before: text,
                };
            }
            Action::Command => self.mode = Mode::Command(Prompt::default()),
            Action::Help => self.open_help(),
            Action::SortNext => {
                let t = self.view_mut().table_mut();
                let mut sort = t.sort();
                sort.column = (sort.column + 1) % t.columns().len();
                sort.descending = false;
                t.set_sort(sort, page);
            }
            Action::SortReverse => {
                let t = self.view_mut().table_mut();
                let mut sort = t.sort();
                sort.descending = !sort.descending;
                t.set_sort(sort, page);
            }
            Action::SortByName => {
                let t = self.view_mut().table_mut();
                t.sort_by_role(super::table::Role::Name, page);
            }
            Action::SortByAge => {
                let t = self.view_mut().table_mut();
                t.sort_by_role(super::table::Role::Age, page);
            }
            Action::Refresh => {
                if let Some(q) = self.view().kind.query() {
                    return vec![Effect::Refresh(q)];
                }
            }
            Action::ToggleStopped => self.toggle_stopped(),
            Action::ToggleEvents => {
                let v = self.view_mut();
                v.show_events = !v.show_events;
                let page = self.page();
                self.view_mut().table_mut().relayout(page);
            }
            Action::ClusterInstances => {
                if let Some(cluster) = self.cluster_in_focus() {
                    self.push(ViewKind::Instances { cluster });
                }
            }
            Action::ClusterTasks => {
                if let Some(cluster) = self.cluster_in_focus() {
                    self.push(ViewKind::Tasks {
                        cluster,
                        scope: TaskScope::Cluster,
                        status: TaskStatus::Running,
                    });
                }
            }
            Action::Messages => self.push(ViewKind::Messages),
            Action::Describe => return self.open_describe(),
            Action::Logs => return self.open_logs(),
            Action::Failures => self.open_failures(),
            Action::WatchDeployment => {
                let (Some(t), Some(cluster)) =
                    (self.view().rows::<Service>(), self.current_cluster())
                else {
                    return self.watch_effects();
                };
                let Some(svc) = t.selected_live().cloned() else {
                    return self.watch_effects();
                };
                let kind = ViewKind::Deployments {
                    cluster: cluster.to_string(),
                    service: svc.name.clone(),
                };
                let fetched_at = self.view().fetch.fetched_at;
                self.push(kind);
                // What the services view already has, at once; the refreshes keep it current.
                let (now, page) = (self.now, self.page());
                let v = self.view_mut();
                v.fetch.fetched_at = fetched_at;
                v.events = svc.events;
                if let Some(t) = v.rows_mut::<crate::model::Deployment>() {
                    t.ingest(svc.deployments, now, page);
                }
            }
            Action::Copy => {
                if let Some(key) = self.view().table().selected_key().map(str::to_string) {
                    if key.len() > crate::clipboard::MAX_BYTES {
                        self.say(Severity::Warn, "too long to copy");
                    } else {
                        self.say(Severity::Info, format!("copied {key}"));
                        return vec![Effect::Copy(key)];
                    }
                }
            }
            Action::ConsoleLink => {
                let cluster = self.current_cluster().map(str::to_string);
                let v = self.view();
                match v.table().selected_console_url(&v.at(cluster.as_deref())) {
                    Some(url) => {
                        self.say(Severity::Info, format!("copied {url}"));
                        return vec![Effect::Copy(url)];
                    }
                    None => self.say(Severity::Warn, "no console page for this row"),
                }
            }
            Action::Mark => self.view_mut().table_mut().toggle_mark(page),
            Action::MarkAll => self.view_mut().table_mut().mark_all_shown(),
            Action::Scale => return self.open_scale(),
            Action::ForceDeployment => self.open_force_deployment(),
            Action::StopTasks => self.open_stop(),
            Action::Drain => return self.open_instances(true),
            Action::Activate => return self.open_instances(false),
            Action::Diff => return self.open_diff(),
            Action::Rollback => return self.open_rollback(),
            Action::Exec => return self.open_exec(),
            Action::Custom(n) => return self.run_custom(n),
            Action::Timeline => self.timeline_here(),
            Action::Targets => self.targets_here(),
            Action::TimelineWindow => self.timeline_window_prompt(),
            Action::UseRevision => return self.open_use_revision(),
            Action::Revisions => self.open_revisions(None),
            // The keys of the screens over the views mean nothing in a table.
            _ => {}
        }
        self.watch_effects()
    }

    fn back(&mut self) {
        let page = self.page();
        let t = self.view_mut().table_mut();
        if t.filter().is_active() {
            t.set_filter(Filter::default(), page);
        } else if self.stack.len() > 1 {
            self.stack.pop();
            let page = self.page();
            self.view_mut().table_mut().relayout(page);
        } else if self.status.dismiss() {
            self.dirty = true;
        }
    }

    /// The cluster a cluster-wide action applies to: the selected row in the clusters view, else
    /// the cluster along the breadcrumbs.
    fn cluster_in_focus(&mut self) -> Option<String> {
        let found = match self.view().rows::<Cluster>() {
            Some(t) => t.selected_live().map(|c| c.name.clone()),
            None => self.current_cluster().map(str::to_string),
        };
        if found.is_none() {
            self.say(Severity::Warn, "no cluster selected");
        }
        found
    }

    fn open(&mut self) {
        let cluster = self.current_cluster().map(str::to_string);
        let v = self.view();
        let next = match v.table().selected_opens(&v.at(cluster.as_deref())) {
            Opens::Nothing => None,
            Opens::View(kind) => Some(kind),
            Opens::Switch { profile, region } => {
                self.request_switch(profile, region);
                None
            }
            Opens::Pulse(target) => {
                self.drill_pulse(target);
                None
            }
        };
        // The containers come with the task: show them at once, then keep them fresh.
        let prefill = match (self.view().rows::<Task>(), &next) {
            (Some(t), Some(_)) => t
                .selected_live()
                .cloned()
                .map(|task| (task, self.view().fetch.fetched_at)),
            _ => None,
        };
        if let Some(kind) = next {
            self.push(kind);
            if let Some((task, at)) = prefill {
                let page = self.page();
                let now = self.now;
                let v = self.view_mut();
                if let Some(t) = v.rows_mut::<crate::model::Container>() {
                    t.ingest(task.containers, now, page);
                    v.fetch.fetched_at = at;
                }
            }
        }
    }

    pub(super) fn push(&mut self, kind: ViewKind) {
        if self.view().kind == kind {
            return;
        }
        self.stack.push(View::new(kind));
        if self.view().rows::<super::status::StatusMessage>().is_some() {
            self.refill_messages();
        }
    }

    fn toggle_stopped(&mut self) {
        let ViewKind::Tasks {
            cluster,
            scope,
            status,
        } = self.view().kind.clone()
        else {
            return;
        };
        let status = match status {
            TaskStatus::Running => TaskStatus::Stopped,
            TaskStatus::Stopped => TaskStatus::Running,
        };
        let filter = self.view().table().filter().clone();
        let page = self.page();
        let last = self.stack.len() - 1;
        self.stack[last] = View::new(ViewKind::Tasks {
            cluster,
            scope,
            status,
        });
        self.view_mut().table_mut().set_filter(filter, page);
    }
}
