//! Task definition families and revisions: ListTaskDefinitionFamilies and ListTaskDefinitions
//! followed to the last page, and the newest revisions described (DescribeTaskDefinition, one
//! call each, a few at a time) — once: a described revision is remembered by ARN, and only its
//! status, which every listing states, is taken again.

use super::{convert, AwsBackend};
use crate::backend::{FetchResult, DESCRIBED_REVISIONS};
use crate::model::{Family, Listing, ResourceFailure, TaskDefinition};
use aws_sdk_ecs::types::{SortOrder, TaskDefinitionFamilyStatus, TaskDefinitionStatus};
use futures::stream::{self, StreamExt};

/// Describes of one listing in flight at once (the task definition read budget is 20 a second).
const PARALLEL_DESCRIBES: usize = 4;

impl AwsBackend {
    pub(super) async fn list_families(&self) -> FetchResult<Listing<Family>> {
        let names = self
            .paginate(|token| async move {
                let out = self
                    .call(
                        "ListTaskDefinitionFamilies",
                        "ACTIVE",
                        || {
                            self.gate
                                .ecs
                                .list_task_definition_families()
                                .status(TaskDefinitionFamilyStatus::Active)
                                .max_results(100)
                                .set_next_token(token)
                                .send()
                        },
                        |o| format!("{} families", o.families().len()),
                    )
                    .await?;
                Ok((
                    out.families().to_vec(),
                    out.next_token().map(str::to_string),
                ))
            })
            .await?;
        let mut items: Vec<Family> = names.into_iter().map(|name| Family { name }).collect();
        items.sort_by(|a, b| a.name.cmp(&b.name));
        items.dedup();
        Ok(Listing::complete(items))
    }

    async fn list_revisions(
        &self,
        family: &str,
        status: TaskDefinitionStatus,
    ) -> FetchResult<Vec<String>> {
        let status = &status;
        self.paginate(|token| async move {
            let out = self
                .call(
                    "ListTaskDefinitions",
                    &format!("{family} {}", status.as_str()),
                    || {
                        self.gate
                            .ecs
                            .list_task_definitions()
                            .family_prefix(family)
                            .status(status.clone())
                            .sort(SortOrder::Desc)
                            .max_results(100)
                            .set_next_token(token)
                            .send()
                    },
                    |o| format!("{} revisions", o.task_definition_arns().len()),
                )
                .await?;
            Ok((
                out.task_definition_arns().to_vec(),
                out.next_token().map(str::to_string),
            ))
        })
        .await
    }

    pub(super) async fn family_revisions(
        &self,
        family: &str,
    ) -> FetchResult<Listing<TaskDefinition>> {
        let active = self
            .list_revisions(family, TaskDefinitionStatus::Active)
            .await?;
        let inactive = self
            .list_revisions(family, TaskDefinitionStatus::Inactive)
            .await?;
        // `familyPrefix` is a prefix: `web` also lists `web-worker`.
        let mut listed: Vec<TaskDefinition> = active
            .iter()
            .map(|a| TaskDefinition::listed(a, "ACTIVE"))
            .chain(
                inactive
                    .iter()
                    .map(|a| TaskDefinition::listed(a, "INACTIVE")),
            )
            .filter(|t| t.family == family)
            .collect();
        listed.sort_by_key(|t| std::cmp::Reverse(t.revision));
        listed.dedup_by(|a, b| a.arn == b.arn);
        let wanted: Vec<String> = {
            let known = self.described.lock().unwrap_or_else(|p| p.into_inner());
            listed
                .iter()
                .take(DESCRIBED_REVISIONS)
                .filter(|t| !known.contains_key(&t.arn))
                .map(|t| t.arn.clone())
                .collect()
        };
        let answers: Vec<(String, FetchResult<TaskDefinition>)> = stream::iter(wanted)
            .map(|arn| async move {
                let r = self.describe_revision(&arn).await;
                (arn, r)
            })
            .buffer_unordered(PARALLEL_DESCRIBES)
            .collect()
            .await;
        let mut failures = Vec::new();
        {
            let mut known = self.described.lock().unwrap_or_else(|p| p.into_inner());
            for (arn, r) in answers {
                match r {
                    Ok(td) => {
                        known.insert(arn, td);
                    }
                    Err(e) => failures.push(ResourceFailure {
                        arn: Some(arn),
                        reason: e.to_string(),
                    }),
                }
            }
            for t in &mut listed {
                if let Some(d) = known.get(&t.arn) {
                    let status = std::mem::take(&mut t.status);
                    *t = d.clone();
                    t.status = status;
                }
            }
        }
        Ok(Listing::with_failures(listed, failures))
    }

    pub(super) async fn describe_revision(&self, arn: &str) -> FetchResult<TaskDefinition> {
        let out = self
            .call(
                "DescribeTaskDefinition",
                crate::model::family_revision(arn),
                || {
                    self.gate
                        .ecs
                        .describe_task_definition()
                        .task_definition(arn)
                        .send()
                },
                |_| String::new(),
            )
            .await?;
        out.task_definition()
            .map(convert::task_definition)
            .ok_or_else(|| {
                crate::model::FetchError::NotFound(format!("task definition {arn} not found"))
            })
    }
}
