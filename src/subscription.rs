//! The console's events feed for one session: which log group to read (the demo's, a shared one
//! a team provisioned, or one this console creates and removes again), set up in the background,
//! then read by `sync::events`. A read-only console never creates anything.

use crate::backend::aws::events::{Created, Planned, HEARTBEAT, STALE_AFTER_SECS};
use crate::backend::aws::AwsBackend;
use crate::backend::EcsRead;
use crate::clock::Clock;
pub use crate::config::file::EventsMode;
use crate::model::{LogFeed, LogMode};
use crate::protocol::Msg;
use crate::sync::events::EventsGroup;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc::UnboundedSender;

/// Where this session's events come from.
#[derive(Clone)]
pub enum EventsPlan {
    Off(String),
    /// Read an existing group (the demo's, or a shared subscription); its ARN is looked up on
    /// AWS when not known.
    Read {
        name: String,
        arn: Option<String>,
        lookup: Option<Arc<AwsBackend>>,
    },
    /// Create a subscription on start and remove it on exit (unless `keep`); its rule matches
    /// only these clusters (names) when some are named.
    Own {
        aws: Arc<AwsBackend>,
        keep: bool,
        clusters: Vec<String>,
    },
}

/// Where an AWS console's events come from, by the configuration alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Off(String),
    /// Read this existing group.
    Shared(String),
    /// Create a subscription (and remove it on exit).
    Own,
}

/// Decide from `events.mode` (own, shared, off), `events.log_group`, and whether the console
/// may change the account. `ecsdeck info` tells the same decision.
pub fn decide(mode: EventsMode, log_group: Option<&str>, readonly: bool) -> Source {
    match (mode, log_group, readonly) {
        (EventsMode::Off, _, _) => Source::Off("events.mode is off".into()),
        (_, Some(group), true) | (EventsMode::Shared, Some(group), _) => {
            Source::Shared(group.to_string())
        }
        (EventsMode::Shared, None, _) => {
            Source::Off("events.mode is shared but events.log_group is not set".into())
        }
        (_, None, true) => Source::Off(
            "read-only, and no shared events.log_group is configured (see docs/events.md)".into(),
        ),
        (EventsMode::Own, _, false) => Source::Own,
    }
}

/// The plan for this session: the demo's simulated group, or [`decide`] on AWS.
pub fn plan(
    mode: EventsMode,
    log_group: Option<&str>,
    readonly: bool,
    keep: bool,
    clusters: &[String],
    aws: Option<Arc<AwsBackend>>,
) -> EventsPlan {
    let Some(aws) = aws else {
        return EventsPlan::Read {
            name: crate::backend::sim::EVENTS_GROUP.to_string(),
            arn: Some(format!(
                "arn:aws:logs:us-east-1:123456789012:log-group:{}",
                crate::backend::sim::EVENTS_GROUP
            )),
            lookup: None,
        };
    };
    match decide(mode, log_group, readonly) {
        Source::Off(why) => EventsPlan::Off(why),
        Source::Shared(name) => EventsPlan::Read {
            name,
            arn: None,
            lookup: Some(aws),
        },
        Source::Own => EventsPlan::Own {
            aws,
            keep,
            clusters: clusters.to_vec(),
        },
    }
}

/// What this console has of its own subscription: nothing yet, names chosen and creation under
/// way (some of it may exist), or all of it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Owned {
    #[default]
    Nothing,
    Creating(Planned),
    Created(Created),
}

/// The running feed: its reader, and what it is creating or created.
pub struct EventsSession {
    task: tokio::task::JoinHandle<()>,
    owned: Arc<Mutex<Owned>>,
    owner: Option<(Arc<AwsBackend>, bool)>,
}

fn set(slot: &Mutex<Owned>, value: Owned) {
    match slot.lock() {
        Ok(mut s) => *s = value,
        Err(poisoned) => *poisoned.into_inner() = value,
    }
}

impl EventsSession {
    pub fn start(
        plan: EventsPlan,
        read: Arc<dyn EcsRead>,
        clock: Arc<dyn Clock>,
        out: UnboundedSender<Msg>,
    ) -> Self {
        let owned: Arc<Mutex<Owned>> = Arc::new(Mutex::new(Owned::Nothing));
        let owner = match &plan {
            EventsPlan::Own { aws, keep, .. } => Some((aws.clone(), *keep)),
            _ => None,
        };
        let slot = owned.clone();
        let task = tokio::spawn(async move {
            let (group, beating) = match plan {
                EventsPlan::Off(why) => {
                    let _ = out.send(Msg::EventsOff(why));
                    return;
                }
                EventsPlan::Read { name, arn, lookup } => {
                    let arn = match (arn, lookup) {
                        (Some(a), _) => a,
                        (None, Some(aws)) => match aws.log_group_arn(&name).await {
                            Ok(a) => a,
                            Err(e) => {
                                let _ = out.send(Msg::EventsOff(format!(
                                    "the shared events log group {name}: {e}"
                                )));
                                return;
                            }
                        },
                        (None, None) => String::new(),
                    };
                    (EventsGroup { name, arn }, None)
                }
                EventsPlan::Own {
                    aws,
                    clusters,
                    keep,
                } => {
                    let mut f = LogFeed::new(LogMode::Loading);
                    f.note = Some("creating the events subscription".into());
                    let _ = out.send(Msg::EventsFeed(f));
                    let now = clock.now();
                    sweep(&aws, now, &out).await;
                    let arns = match cluster_arns(read.as_ref(), &clusters).await {
                        Ok(a) => a,
                        Err(why) => {
                            let _ = out.send(Msg::EventsOff(why));
                            return;
                        }
                    };
                    // Named before anything exists: a quit from here on removes what may.
                    let planned = Planned::at(now);
                    set(&slot, Owned::Creating(planned.clone()));
                    match aws.create_subscription(&planned, &arns, now, keep).await {
                        Ok(c) => {
                            let group = EventsGroup {
                                name: c.group.clone(),
                                arn: c.group_arn.clone(),
                            };
                            set(&slot, Owned::Created(c.clone()));
                            (group, Some((aws, c)))
                        }
                        Err(e) => {
                            set(&slot, Owned::Nothing);
                            let _ = out.send(Msg::EventsOff(format!(
                                "cannot create the events subscription (nothing was left behind): {e}"
                            )));
                            return;
                        }
                    }
                }
            };
            let reader = crate::sync::events::run(read, clock.clone(), out.clone(), group);
            match beating {
                None => reader.await,
                Some((aws, created)) => {
                    tokio::select! {
                        () = reader => {}
                        () = heartbeat(aws, created, clock, out) => {}
                    }
                }
            }
        });
        Self { task, owned, owner }
    }

    /// What this session created (for tests and `ecsdeck info`).
    pub fn created(&self) -> Option<Created> {
        match self.owned.lock().ok().map(|o| o.clone()) {
            Some(Owned::Created(c)) => Some(c),
            _ => None,
        }
    }

    /// Stop reading; remove what was created — or is being created — unless told to keep it.
    /// Each clean-up step has its own time limit
    /// ([`STEP_TIMEOUT`](crate::backend::aws::events::STEP_TIMEOUT)).
    pub async fn finish(self) -> Option<String> {
        self.task.abort();
        // Wait for the abort, so that no creation step runs after the clean-up below.
        let _ = self.task.await;
        let owned = match self.owned.lock() {
            Ok(mut o) => std::mem::take(&mut *o),
            Err(p) => std::mem::take(&mut *p.into_inner()),
        };
        let (aws, keep) = self.owner?;
        let (rule, group) = match owned {
            Owned::Nothing => return None,
            Owned::Creating(p) => (p.rule, p.group),
            Owned::Created(c) if keep => {
                return Some(format!(
                    "kept the events subscription: rule {}, log group {}",
                    c.rule, c.group
                ))
            }
            Owned::Created(c) => (c.rule, c.group),
        };
        match aws.remove_subscription(&rule, Some(&group)).await {
            Ok(()) => None,
            Err(e) => Some(format!(
                "could not remove the events subscription (rule {rule}, log group {group}): {e}; \
                 the next console started on this account removes it once its heartbeat is {} minutes old",
                STALE_AFTER_SECS / 60
            )),
        }
    }
}

/// Remove what dead consoles left; say so when anything was removed or could not be read.
async fn sweep(aws: &AwsBackend, now: crate::model::Timestamp, out: &UnboundedSender<Msg>) {
    match aws.sweep_subscriptions(now).await {
        Ok(r) => {
            let removed = r.removed_rules.len() + r.removed_groups.len();
            if removed > 0 {
                let _ = out.send(Msg::Notice {
                    warn: false,
                    text: format!(
                        "events: removed {} subscription(s) and {} log group(s) left by consoles that are gone",
                        r.removed_rules.len(),
                        r.removed_groups.len()
                    ),
                });
            }
            if let Some(first) = r.problems.first() {
                let _ = out.send(Msg::Notice {
                    warn: true,
                    text: format!(
                        "events: the sweep of old subscriptions skipped {} ({first})",
                        r.problems.len()
                    ),
                });
            }
        }
        Err(e) => {
            let _ = out.send(Msg::Notice {
                warn: true,
                text: format!(
                    "events: could not look for subscriptions left by other consoles: {e}"
                ),
            });
        }
    }
}

/// Refresh the heartbeat tag while the console runs, so other consoles' sweeps leave it alone.
async fn heartbeat(
    aws: Arc<AwsBackend>,
    created: Created,
    clock: Arc<dyn Clock>,
    out: UnboundedSender<Msg>,
) {
    let mut every = tokio::time::interval_at(tokio::time::Instant::now() + HEARTBEAT, HEARTBEAT);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut failing = 0u32;
    loop {
        every.tick().await;
        match aws.heartbeat(&created, clock.now()).await {
            Ok(()) => failing = 0,
            Err(e) => {
                failing += 1;
                // Two missed beats: the next ones may still land before a sweep would judge.
                if failing == 2
                    && out
                        .send(Msg::Notice {
                            warn: true,
                            text: format!(
                                "events: cannot refresh the subscription's heartbeat ({e}); another console may remove it after {} minutes",
                                STALE_AFTER_SECS / 60
                            ),
                        })
                        .is_err()
                {
                    return;
                }
            }
        }
    }
}

/// The ARNs of the named clusters (for the rule's pattern); every one must exist.
async fn cluster_arns(read: &dyn EcsRead, names: &[String]) -> Result<Vec<String>, String> {
    if names.is_empty() {
        return Ok(Vec::new());
    }
    let clusters = read
        .clusters()
        .await
        .map_err(|e| format!("cannot list the clusters for events.clusters: {e}"))?
        .items;
    names
        .iter()
        .map(|n| {
            clusters
                .iter()
                .find(|c| &c.name == n)
                .map(|c| c.arn.clone())
                .ok_or_else(|| format!("events.clusters names {n}, which is not a cluster here"))
        })
        .collect()
}
