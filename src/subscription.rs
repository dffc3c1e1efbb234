//! The console's events feed for one session: which log group to read (the demo's, a shared one
//! a team provisioned, or one this console creates and removes again), set up in the background,
//! then read by `sync::events`. A read-only console never creates anything.

use crate::app::Msg;
use crate::backend::aws::events::Created;
use crate::backend::aws::AwsBackend;
use crate::backend::EcsRead;
use crate::clock::Clock;
use crate::model::{LogFeed, LogMode};
use crate::sync::events::EventsGroup;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc::UnboundedSender;

/// Leftovers of a crashed console older than this are removed at the next start.
pub const STALE_AFTER_HOURS: i64 = 24;
/// Removing the subscription on exit may take this long at most.
pub const CLEANUP_TIMEOUT: Duration = Duration::from_secs(8);

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
pub fn decide(mode: &str, log_group: Option<&str>, readonly: bool) -> Source {
    match (mode, log_group, readonly) {
        ("off", _, _) => Source::Off("events.mode is off".into()),
        (_, Some(group), true) | ("shared", Some(group), _) => Source::Shared(group.to_string()),
        ("shared", None, _) => {
            Source::Off("events.mode is shared but events.log_group is not set".into())
        }
        (_, None, true) => Source::Off(
            "read-only, and no shared events.log_group is configured (see docs/events.md)".into(),
        ),
        _ => Source::Own,
    }
}

/// The plan for this session: the demo's simulated group, or [`decide`] on AWS.
pub fn plan(
    mode: &str,
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

/// The running feed: its reader, and what it created.
pub struct EventsSession {
    task: tokio::task::JoinHandle<()>,
    created: Arc<Mutex<Option<Created>>>,
    owner: Option<(Arc<AwsBackend>, bool)>,
}

impl EventsSession {
    pub fn start(
        plan: EventsPlan,
        read: Arc<dyn EcsRead>,
        clock: Arc<dyn Clock>,
        out: UnboundedSender<Msg>,
    ) -> Self {
        let created: Arc<Mutex<Option<Created>>> = Arc::new(Mutex::new(None));
        let owner = match &plan {
            EventsPlan::Own { aws, keep, .. } => Some((aws.clone(), *keep)),
            _ => None,
        };
        let slot = created.clone();
        let task = tokio::spawn(async move {
            let group = match plan {
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
                    EventsGroup { name, arn }
                }
                EventsPlan::Own { aws, clusters, .. } => {
                    let mut f = LogFeed::new(LogMode::Loading);
                    f.note = Some("creating the events subscription".into());
                    let _ = out.send(Msg::EventsFeed(f));
                    let now = clock.now();
                    if let Err(e) = aws
                        .sweep_subscriptions(chrono::Duration::hours(STALE_AFTER_HOURS), now)
                        .await
                    {
                        tracing::warn!("could not look for stale subscriptions: {e}");
                    }
                    let arns = match cluster_arns(read.as_ref(), &clusters).await {
                        Ok(a) => a,
                        Err(why) => {
                            let _ = out.send(Msg::EventsOff(why));
                            return;
                        }
                    };
                    match aws.create_subscription(&arns, now).await {
                        Ok(c) => {
                            let group = EventsGroup {
                                name: c.group.clone(),
                                arn: c.group_arn.clone(),
                            };
                            if let Ok(mut s) = slot.lock() {
                                *s = Some(c);
                            }
                            group
                        }
                        Err(e) => {
                            let _ = out.send(Msg::EventsOff(format!(
                                "cannot create the events subscription: {e}"
                            )));
                            return;
                        }
                    }
                }
            };
            crate::sync::events::run(read, clock, out, group).await;
        });
        Self {
            task,
            created,
            owner,
        }
    }

    /// What this session created (for tests and `ecsdeck info`).
    pub fn created(&self) -> Option<Created> {
        self.created.lock().ok().and_then(|c| c.clone())
    }

    /// Stop reading; remove what was created, unless told to keep it. Never longer than
    /// [`CLEANUP_TIMEOUT`].
    pub async fn finish(self) -> Option<String> {
        self.task.abort();
        let created = self.created.lock().ok().and_then(|mut c| c.take());
        let (Some((aws, keep)), Some(c)) = (self.owner, created) else {
            return None;
        };
        if keep {
            return Some(format!(
                "kept the events subscription: rule {}, log group {}",
                c.rule, c.group
            ));
        }
        match tokio::time::timeout(
            CLEANUP_TIMEOUT,
            aws.remove_subscription(&c.rule, Some(&c.group)),
        )
        .await
        {
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(format!(
                "could not remove the events subscription (rule {}): {e}; the next start removes it after a day",
                c.rule
            )),
            Err(_) => Some(format!(
                "removing the events subscription (rule {}) timed out; the next start removes it after a day",
                c.rule
            )),
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
