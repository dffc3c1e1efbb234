//! The console's own EventBridge subscription: a log group (one day's retention), the resource
//! policy that lets EventBridge write to it, a rule for the four ECS detail-types and the log-group
//! target — all tagged as ecsdeck's with their creation time, removed again on exit, and swept at
//! the next start when a crashed console left them behind for more than a day.

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

pub const DETAIL_TYPES: [&str; 4] = [
    "ECS Task State Change",
    "ECS Service Action",
    "ECS Deployment State Change",
    "ECS Container Instance State Change",
];

/// What one console created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    pub rule: String,
    pub group: String,
    pub group_arn: String,
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

    /// Create the subscription: log group, resource policy, rule, target.
    pub async fn create_subscription(
        &self,
        cluster_arns: &[String],
        now: crate::model::Timestamp,
    ) -> FetchResult<Created> {
        let (logs, events, g) = (self.gate.logs_client()?, self.events_client()?, &self.gate);
        let suffix = format!("{}-{}", now.format("%Y%m%dT%H%M%S"), std::process::id());
        let group = format!("{GROUP_PATH}{suffix}");
        let rule = format!("{PREFIX}{suffix}");
        let created = now.to_rfc3339();
        g.call(
            "CreateLogGroup",
            &group,
            || {
                logs.create_log_group()
                    .log_group_name(&group)
                    .tags(TAG, "events")
                    .tags(CREATED_TAG, &created)
                    .send()
            },
            |_| String::new(),
        )
        .await?;
        let group_arn = self.log_group_arn(&group).await?;
        g.call(
            "PutRetentionPolicy",
            &group,
            || {
                logs.put_retention_policy()
                    .log_group_name(&group)
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
            built(Tag::builder().key(TAG).value(&group).build())?,
            built(Tag::builder().key(CREATED_TAG).value(&created).build())?,
        ];
        g.call(
            "PutRule",
            &rule,
            || {
                events
                    .put_rule()
                    .name(&rule)
                    .event_pattern(pattern(cluster_arns))
                    .state(RuleState::Enabled)
                    .description("ecsdeck: ECS state changes to a log group, removed on exit")
                    .set_tags(Some(tags.to_vec()))
                    .send()
            },
            |_| String::new(),
        )
        .await?;
        let target = built(Target::builder().id(TARGET_ID).arn(&group_arn).build())?;
        let out = g
            .call(
                "PutTargets",
                &rule,
                || {
                    events
                        .put_targets()
                        .rule(&rule)
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
            rule,
            group,
            group_arn,
        })
    }

    /// Remove a subscription: target, rule, log group. Each step is tried even if one fails.
    pub async fn remove_subscription(&self, rule: &str, group: Option<&str>) -> FetchResult<()> {
        let (logs, events, g) = (self.gate.logs_client()?, self.events_client()?, &self.gate);
        let mut first_error = None;
        let targets = g
            .call(
                "RemoveTargets",
                rule,
                || events.remove_targets().rule(rule).ids(TARGET_ID).send(),
                |_| String::new(),
            )
            .await;
        if let Err(e) = targets {
            first_error.get_or_insert(e);
        }
        if let Err(e) = g
            .call(
                "DeleteRule",
                rule,
                || events.delete_rule().name(rule).send(),
                |_| String::new(),
            )
            .await
        {
            first_error.get_or_insert(e);
        }
        if let Some(group) = group {
            if let Err(e) = g
                .call(
                    "DeleteLogGroup",
                    group,
                    || logs.delete_log_group().log_group_name(group).send(),
                    |_| String::new(),
                )
                .await
            {
                first_error.get_or_insert(e);
            }
        }
        match first_error {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Remove the subscriptions of consoles that did not clean up (crashed, killed) and are older
    /// than `older_than`. Recognised by their tags only. Returns the rules removed.
    pub async fn sweep_subscriptions(
        &self,
        older_than: chrono::Duration,
        now: crate::model::Timestamp,
    ) -> FetchResult<Vec<String>> {
        let (events, g) = (self.events_client()?, &self.gate);
        let rules = g
            .call(
                "ListRules",
                PREFIX,
                || events.list_rules().name_prefix(PREFIX).send(),
                |o| format!("{} rules", o.rules().len()),
            )
            .await?;
        let mut removed = Vec::new();
        for r in rules.rules() {
            let (Some(name), Some(arn)) = (r.name(), r.arn()) else {
                continue;
            };
            let tags = g
                .call(
                    "ListTagsForResource",
                    name,
                    || events.list_tags_for_resource().resource_arn(arn).send(),
                    |_| String::new(),
                )
                .await?;
            let tag = |k: &str| {
                tags.tags()
                    .iter()
                    .find(|t| t.key() == k)
                    .map(|t| t.value().to_string())
            };
            let (Some(group), Some(created)) = (tag(TAG), tag(CREATED_TAG)) else {
                continue;
            };
            let Ok(created) = chrono::DateTime::parse_from_rfc3339(&created) else {
                continue;
            };
            if now.signed_duration_since(created) < older_than {
                continue;
            }
            let group = group.starts_with(GROUP_PATH).then_some(group.as_str());
            if self.remove_subscription(name, group).await.is_ok() {
                removed.push(name.to_string());
            }
        }
        Ok(removed)
    }
}
