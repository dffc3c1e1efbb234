//! The console's own EventBridge subscription: a log group (one day's retention), the resource
//! policy that lets EventBridge write to it, a rule for the four ECS detail-types and the log-group
//! target — all tagged as ecsdeck's with their creation time and a heartbeat the owning console
//! refreshes every five minutes; undone when a creation step fails, removed again on exit, and
//! swept by the next console only when no live console has beaten for them for twenty minutes.

use super::AwsBackend;
use crate::backend::FetchResult;
use crate::model::FetchError;
use aws_sdk_eventbridge::types::{RuleState, Tag, Target};

/// Names of everything ecsdeck creates start with this.
pub const PREFIX: &str = "ecsdeck-";
/// Log groups of subscriptions live under this path.
pub const GROUP_PATH: &str = "/aws/events/ecsdeck-";
/// The one resource policy all of ecsdeck's subscriptions share (an account has at most ten).
pub const POLICY: &str = "ecsdeck-events";
const TARGET_ID: &str = "ecsdeck-log-group";
/// The tag that marks what ecsdeck created, and the one with when.
pub const TAG: &str = "ecsdeck";
pub const CREATED_TAG: &str = "ecsdeck:created";
/// Refreshed by the owning console every [`HEARTBEAT`]: what the sweep judges liveness by.
pub const HEARTBEAT_TAG: &str = "ecsdeck:heartbeat";
/// `events.keep`: never swept.
pub const KEEP_TAG: &str = "ecsdeck:keep";
/// How often a live console refreshes its heartbeat tag.
pub const HEARTBEAT: std::time::Duration = std::time::Duration::from_secs(300);
/// A subscription whose heartbeat is older than this (four missed heartbeats) has no live owner.
pub const STALE_AFTER_SECS: i64 = 4 * 300;
/// Each clean-up step has its own time limit, so one slow call does not leave the rest undone.
pub const STEP_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

pub const DETAIL_TYPES: [&str; 4] = [
    "ECS Task State Change",
    "ECS Service Action",
    "ECS Deployment State Change",
    "ECS Container Instance State Change",
];

/// The names a console chooses before it creates anything, so that whatever happens during
/// creation — a failing step, a quit, a `:ctx` — cleanup knows what may exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub rule: String,
    pub group: String,
}

impl Planned {
    pub fn at(now: crate::model::Timestamp) -> Self {
        let suffix = format!("{}-{}", now.format("%Y%m%dT%H%M%S"), std::process::id());
        Self {
            rule: format!("{PREFIX}{suffix}"),
            group: format!("{GROUP_PATH}{suffix}"),
        }
    }
}

/// What one console created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    pub rule: String,
    pub rule_arn: String,
    pub group: String,
    pub group_arn: String,
}

/// What a sweep found and did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SweepReport {
    /// Rules (with their targets and groups) whose console stopped beating.
    pub removed_rules: Vec<String>,
    /// Log groups no rule points at, whose console is gone.
    pub removed_groups: Vec<String>,
    /// What could not be read or removed, one sentence each; the sweep went on.
    pub problems: Vec<String>,
}

/// The rule's event pattern, limited to some clusters when given.
pub fn pattern(cluster_arns: &[String]) -> String {
    let mut p = serde_json::json!({
        "source": ["aws.ecs"],
        "detail-type": DETAIL_TYPES,
    });
    if !cluster_arns.is_empty() {
        p["detail"] = serde_json::json!({ "clusterArn": cluster_arns });
    }
    p.to_string()
}

/// The token of the next page, if there is one (an empty token ends the listing too).
fn next_page(token: Option<&str>) -> Option<String> {
    token.filter(|t| !t.is_empty()).map(str::to_string)
}

fn built<T>(r: Result<T, aws_smithy_types::error::operation::BuildError>) -> FetchResult<T> {
    r.map_err(|e| FetchError::Other(e.to_string()))
}

impl AwsBackend {
    fn events_client(&self) -> FetchResult<&aws_sdk_eventbridge::Client> {
        self.gate
            .events
            .as_ref()
            .ok_or_else(|| FetchError::Other("no EventBridge client".into()))
    }

    /// A log group's ARN (without the trailing `:*`), which StartLiveTail and PutTargets take.
    pub async fn log_group_arn(&self, name: &str) -> FetchResult<String> {
        let logs = self.gate.logs_client()?;
        let out = self
            .gate
            .call(
                "DescribeLogGroups",
                name,
                || {
                    logs.describe_log_groups()
                        .log_group_name_prefix(name)
                        .send()
                },
                |o| format!("{} groups", o.log_groups().len()),
            )
            .await?;
        out.log_groups()
            .iter()
            .find(|g| g.log_group_name() == Some(name))
            .and_then(|g| {
                g.log_group_arn()
                    .map(str::to_string)
                    .or_else(|| g.arn().map(|a| a.trim_end_matches(":*").to_string()))
            })
            .ok_or_else(|| FetchError::NotFound(format!("log group {name} does not exist")))
    }

    /// Create the subscription — log group, retention, resource policy, rule, target — under
    /// the planned names. If any step fails, what was created is removed again before the error
    /// is returned: a failed start leaves nothing behind.
    pub async fn create_subscription(
        &self,
        planned: &Planned,
        cluster_arns: &[String],
        now: crate::model::Timestamp,
        keep: bool,
    ) -> FetchResult<Created> {
        match self.create_steps(planned, cluster_arns, now, keep).await {
            Ok(c) => Ok(c),
            Err(e) => {
                let undo = self
                    .remove_subscription(&planned.rule, Some(&planned.group))
                    .await;
                Err(match undo {
                    Ok(()) => e,
                    Err(u) => FetchError::Other(format!(
                        "{e}; removing what was created also failed: {u}"
                    )),
                })
            }
        }
    }

    async fn create_steps(
        &self,
        planned: &Planned,
        cluster_arns: &[String],
        now: crate::model::Timestamp,
        keep: bool,
    ) -> FetchResult<Created> {
        let (logs, events, g) = (self.gate.logs_client()?, self.events_client()?, &self.gate);
        let (group, rule) = (&planned.group, &planned.rule);
        let created = now.to_rfc3339();
        let keep_value = if keep { "true" } else { "false" };
        g.call(
            "CreateLogGroup",
            group,
            || {
                logs.create_log_group()
                    .log_group_name(group)
                    .tags(TAG, "events")
                    .tags(CREATED_TAG, &created)
                    .tags(KEEP_TAG, keep_value)
                    .send()
            },
            |_| String::new(),
        )
        .await?;
        let group_arn = self.log_group_arn(group).await?;
        g.call(
            "PutRetentionPolicy",
            group,
            || {
                logs.put_retention_policy()
                    .log_group_name(group)
                    .retention_in_days(1)
                    .send()
            },
            |_| String::new(),
        )
        .await?;
        // One policy for every ecsdeck group of the account: `…:log-group:/aws/events/ecsdeck-*`.
        let all_groups = match group_arn.rsplit_once(":log-group:") {
            Some((head, _)) => format!("{head}:log-group:{GROUP_PATH}*:*"),
            None => format!("{group_arn}:*"),
        };
        let policy = serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Sid": "EcsdeckEventsToLogs",
                "Effect": "Allow",
                "Principal": { "Service": ["events.amazonaws.com", "delivery.logs.amazonaws.com"] },
                "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                "Resource": all_groups,
            }]
        })
        .to_string();
        g.call(
            "PutResourcePolicy",
            POLICY,
            || {
                logs.put_resource_policy()
                    .policy_name(POLICY)
                    .policy_document(&policy)
                    .send()
            },
            |_| String::new(),
        )
        .await?;
        let tags = [
            built(Tag::builder().key(TAG).value(group).build())?,
            built(Tag::builder().key(CREATED_TAG).value(&created).build())?,
            built(Tag::builder().key(HEARTBEAT_TAG).value(&created).build())?,
            built(Tag::builder().key(KEEP_TAG).value(keep_value).build())?,
        ];
        let put = g
            .call(
                "PutRule",
                rule,
                || {
                    events
                        .put_rule()
                        .name(rule)
                        .event_pattern(pattern(cluster_arns))
                        .state(RuleState::Enabled)
                        .description("ecsdeck: ECS state changes to a log group, removed on exit")
                        .set_tags(Some(tags.to_vec()))
                        .send()
                },
                |_| String::new(),
            )
            .await?;
        let rule_arn = put.rule_arn().unwrap_or_default().to_string();
        let target = built(Target::builder().id(TARGET_ID).arn(&group_arn).build())?;
        let out = g
            .call(
                "PutTargets",
                rule,
                || {
                    events
                        .put_targets()
                        .rule(rule)
                        .targets(target.clone())
                        .send()
                },
                |o| format!("{} failed", o.failed_entry_count()),
            )
            .await?;
        if out.failed_entry_count() > 0 {
            let why = out
                .failed_entries()
                .iter()
                .filter_map(|f| f.error_message())
                .collect::<Vec<_>>()
                .join("; ");
            return Err(FetchError::Other(format!("PutTargets: {why}")));
        }
        Ok(Created {
            rule: rule.clone(),
            rule_arn,
            group: group.clone(),
            group_arn,
        })
    }

    /// Tell other consoles this subscription's owner is alive (TagResource on the rule).
    pub async fn heartbeat(
        &self,
        created: &Created,
        now: crate::model::Timestamp,
    ) -> FetchResult<()> {
        let (events, g) = (self.events_client()?, &self.gate);
        let tag = built(
            Tag::builder()
                .key(HEARTBEAT_TAG)
                .value(now.to_rfc3339())
                .build(),
        )?;
        g.call(
            "TagResource",
            &created.rule,
            || {
                events
                    .tag_resource()
                    .resource_arn(&created.rule_arn)
                    .tags(tag.clone())
                    .send()
            },
            |_| String::new(),
        )
        .await
        .map(|_| ())
    }

    /// Remove a subscription: target, rule, log group. Each step has its own time limit and is
    /// tried even if one before it failed; what does not exist (any more, or yet) counts as
    /// removed.
    pub async fn remove_subscription(&self, rule: &str, group: Option<&str>) -> FetchResult<()> {
        let (logs, events, g) = (self.gate.logs_client()?, self.events_client()?, &self.gate);
        let mut first_error = None;
        let mut step = |r: Option<FetchResult<()>>, what: &str| match r {
            None => {
                first_error.get_or_insert(FetchError::Timeout(format!(
                    "{what}: no answer within {}s",
                    STEP_TIMEOUT.as_secs()
                )));
            }
            Some(Ok(())) | Some(Err(FetchError::NotFound(_))) => {}
            Some(Err(e)) => {
                first_error.get_or_insert(e);
            }
        };
        let targets = tokio::time::timeout(
            STEP_TIMEOUT,
            g.call(
                "RemoveTargets",
                rule,
                || events.remove_targets().rule(rule).ids(TARGET_ID).send(),
                |_| String::new(),
            ),
        )
        .await;
        step(targets.ok().map(|r| r.map(|_| ())), "RemoveTargets");
        let deleted = tokio::time::timeout(
            STEP_TIMEOUT,
            g.call(
                "DeleteRule",
                rule,
                || events.delete_rule().name(rule).send(),
                |_| String::new(),
            ),
        )
        .await;
        step(deleted.ok().map(|r| r.map(|_| ())), "DeleteRule");
        if let Some(group) = group {
            let deleted = tokio::time::timeout(
                STEP_TIMEOUT,
                g.call(
                    "DeleteLogGroup",
                    group,
                    || logs.delete_log_group().log_group_name(group).send(),
                    |_| String::new(),
                ),
            )
            .await;
            step(deleted.ok().map(|r| r.map(|_| ())), "DeleteLogGroup");
        }
        match first_error {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Remove what consoles that are gone (crashed, killed, lost their network) left behind:
    /// rules whose heartbeat stopped more than [`STALE_AFTER_SECS`] ago, with their targets and
    /// groups, and `/aws/events/ecsdeck-*` groups of ecsdeck's that no rule points at and that
    /// are older than that. `events.keep` subscriptions are never touched; one that cannot be
    /// read is skipped and reported, and the sweep goes on.
    pub async fn sweep_subscriptions(
        &self,
        now: crate::model::Timestamp,
    ) -> FetchResult<SweepReport> {
        self.sweep_paged(now, 100).await
    }

    /// [`Self::sweep_subscriptions`] with a page size (tests use a small one to prove paging).
    pub async fn sweep_paged(
        &self,
        now: crate::model::Timestamp,
        page: i32,
    ) -> FetchResult<SweepReport> {
        let (events, logs, g) = (self.events_client()?, self.gate.logs_client()?, &self.gate);
        let mut report = SweepReport::default();
        let stale = |at: Option<&str>| {
            at.and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
                .is_some_and(|t| now.signed_duration_since(t).num_seconds() >= STALE_AFTER_SECS)
        };
        // Every ecsdeck rule, every page.
        let mut rules: Vec<(String, String)> = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let out = g
                .call(
                    "ListRules",
                    PREFIX,
                    || {
                        events
                            .list_rules()
                            .name_prefix(PREFIX)
                            .limit(page)
                            .set_next_token(token.clone())
                            .send()
                    },
                    |o| format!("{} rules", o.rules().len()),
                )
                .await?;
            rules.extend(
                out.rules()
                    .iter()
                    .filter_map(|r| Some((r.name()?.to_string(), r.arn()?.to_string()))),
            );
            token = next_page(out.next_token());
            if token.is_none() {
                break;
            }
        }
        // Groups a rule that stays still points at (or might: a rule we could not read).
        let mut kept_groups: Vec<String> = Vec::new();
        for (name, arn) in &rules {
            let tags = match g
                .call(
                    "ListTagsForResource",
                    name,
                    || events.list_tags_for_resource().resource_arn(arn).send(),
                    |_| String::new(),
                )
                .await
            {
                Ok(t) => t,
                Err(e) => {
                    // Its group, by the naming convention, stays until a sweep can read it.
                    if let Some(suffix) = name.strip_prefix(PREFIX) {
                        kept_groups.push(format!("{GROUP_PATH}{suffix}"));
                    }
                    report.problems.push(format!("rule {name}: {e}"));
                    continue;
                }
            };
            let tag = |k: &str| {
                tags.tags()
                    .iter()
                    .find(|t| t.key() == k)
                    .map(|t| t.value().to_string())
            };
            let Some(group) = tag(TAG) else {
                // Not one of ours (another tool's rule named like ours): never touched.
                continue;
            };
            let last_seen = tag(HEARTBEAT_TAG).or_else(|| tag(CREATED_TAG));
            if tag(KEEP_TAG).as_deref() == Some("true") || !stale(last_seen.as_deref()) {
                kept_groups.push(group);
                continue;
            }
            let group = group.starts_with(GROUP_PATH).then_some(group.as_str());
            match self.remove_subscription(name, group).await {
                Ok(()) => report.removed_rules.push(name.clone()),
                Err(e) => {
                    kept_groups.extend(group.map(str::to_string));
                    report.problems.push(format!("removing rule {name}: {e}"));
                }
            }
        }
        // Orphaned groups: ours, not kept, no rule left pointing at them, their console gone.
        let mut token: Option<String> = None;
        let mut groups: Vec<(String, Option<String>, Option<i64>)> = Vec::new();
        loop {
            let out = g
                .call(
                    "DescribeLogGroups",
                    GROUP_PATH,
                    || {
                        logs.describe_log_groups()
                            .log_group_name_prefix(GROUP_PATH)
                            .limit(page.clamp(1, 50))
                            .set_next_token(token.clone())
                            .send()
                    },
                    |o| format!("{} groups", o.log_groups().len()),
                )
                .await?;
            groups.extend(out.log_groups().iter().filter_map(|lg| {
                Some((
                    lg.log_group_name()?.to_string(),
                    lg.log_group_arn()
                        .map(str::to_string)
                        .or_else(|| lg.arn().map(|a| a.trim_end_matches(":*").to_string())),
                    lg.creation_time(),
                ))
            }));
            token = next_page(out.next_token());
            if token.is_none() {
                break;
            }
        }
        for (name, arn, created_ms) in groups {
            if kept_groups.contains(&name) {
                continue;
            }
            let old =
                created_ms.is_some_and(|ms| now.timestamp_millis() - ms >= STALE_AFTER_SECS * 1000);
            let Some(arn) = arn.filter(|_| old) else {
                continue;
            };
            let tags = match g
                .call(
                    "ListTagsForResource",
                    &name,
                    || logs.list_tags_for_resource().resource_arn(&arn).send(),
                    |_| String::new(),
                )
                .await
            {
                Ok(t) => t,
                Err(e) => {
                    report.problems.push(format!("log group {name}: {e}"));
                    continue;
                }
            };
            let tags = tags.tags();
            let ours = tags.is_some_and(|t| t.contains_key(TAG));
            let kept = tags.and_then(|t| t.get(KEEP_TAG)).map(String::as_str) == Some("true");
            if !ours || kept {
                continue;
            }
            match tokio::time::timeout(
                STEP_TIMEOUT,
                g.call(
                    "DeleteLogGroup",
                    &name,
                    || logs.delete_log_group().log_group_name(&name).send(),
                    |_| String::new(),
                ),
            )
            .await
            {
                Ok(Ok(_)) | Ok(Err(FetchError::NotFound(_))) => report.removed_groups.push(name),
                Ok(Err(e)) => report
                    .problems
                    .push(format!("removing log group {name}: {e}")),
                Err(_) => report
                    .problems
                    .push(format!("removing log group {name}: no answer")),
            }
        }
        Ok(report)
    }
}
