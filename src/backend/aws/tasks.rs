//! A task listing as a pipeline: each ListTasks page (100 ARNs) is described (DescribeTasks, 100
//! a call) while the next page is listed, and every described batch is reported as it is
//! answered — so a view of a thousand tasks shows its first rows after two calls, not after
//! twenty-two.

use super::{convert, AwsBackend, MAX_PAGES, PARALLEL_BATCHES};
use crate::backend::{BatchSink, FetchResult, TaskBatch};
use crate::model::{FetchError, Listing, ResourceFailure, Task, TaskScope, TaskStatus};
use aws_sdk_ecs::types::DesiredStatus;
use futures::StreamExt;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

impl AwsBackend {
    pub(super) async fn list_tasks(
        &self,
        cluster: &str,
        scope: &TaskScope,
        status: TaskStatus,
        sink: BatchSink<'_>,
    ) -> FetchResult<Listing<Arc<Task>>> {
        let desired = match status {
            TaskStatus::Running => DesiredStatus::Running,
            TaskStatus::Stopped => DesiredStatus::Stopped,
        };
        let (service, instance) = match scope {
            TaskScope::Cluster => (None, None),
            TaskScope::Service(s) => (Some(s.clone()), None),
            TaskScope::Instance(i) => (None, Some(i.clone())),
        };
        let target = match scope {
            TaskScope::Cluster => cluster.to_string(),
            TaskScope::Service(s) => format!("{cluster}/{s}"),
            TaskScope::Instance(i) => format!("{cluster}/{}", crate::model::short_id(i)),
        };
        // ListTasks(serviceName) is trusted only as far as each task's group says so.
        let group = match scope {
            TaskScope::Service(name) => Some(format!("service:{name}")),
            _ => None,
        };
        let listed = AtomicUsize::new(0);
        let listing_done = AtomicBool::new(false);
        let (pages, arns) = futures::channel::mpsc::unbounded::<(usize, Vec<String>)>();

        let lister = async {
            // Dropped when the listing ends, however it ends: the describer then finishes.
            let pages = pages;
            let mut token = None;
            let mut sent = 0;
            for _ in 0..MAX_PAGES {
                let out = self
                    .call(
                        "ListTasks",
                        &target,
                        || {
                            self.gate
                                .ecs
                                .list_tasks()
                                .cluster(cluster)
                                .desired_status(desired.clone())
                                .set_service_name(service.clone())
                                .set_container_instance(instance.clone())
                                .max_results(100)
                                .set_next_token(token.take())
                                .send()
                        },
                        |o| {
                            let more = o.next_token().is_some();
                            let n = o.task_arns().len();
                            if more {
                                format!("{n} items, more")
                            } else {
                                format!("{n} items")
                            }
                        },
                    )
                    .await?;
                let page = out.task_arns().to_vec();
                listed.fetch_add(page.len(), Ordering::Relaxed);
                let next = out
                    .next_token()
                    .filter(|t| !t.is_empty())
                    .map(str::to_string);
                if next.is_none() {
                    listing_done.store(true, Ordering::Relaxed);
                }
                // DescribeTasks takes 100 ARNs; a page is 100 unless the endpoint ignores
                // maxResults (moto returns every ARN in one page).
                for batch in page.chunks(100) {
                    let _ = pages.unbounded_send((sent, batch.to_vec()));
                    sent += 1;
                }
                match next {
                    Some(t) => token = Some(t),
                    None => return Ok(()),
                }
            }
            Err(FetchError::Other(format!(
                "gave up after {MAX_PAGES} pages: the endpoint keeps returning nextToken"
            )))
        };

        let describer = async {
            let mut listing: Listing<Arc<Task>> = Listing::complete(Vec::new());
            let mut batches = 0usize;
            // (batch number, its size, why): worded once the number of batches is known.
            let mut failed: Vec<(usize, usize, FetchError)> = Vec::new();
            let mut answers = arns
                .map(|(n, page)| async move {
                    let len = page.len();
                    (n, len, self.describe_page(cluster, page).await)
                })
                .buffer_unordered(PARALLEL_BATCHES);
            while let Some((n, len, answer)) = answers.next().await {
                batches += 1;
                match answer {
                    Ok((items, failures)) => {
                        let items: Vec<Arc<Task>> = items
                            .into_iter()
                            .filter(|t| group.is_none() || t.group == group)
                            .map(Arc::new)
                            .collect();
                        listing.items.extend(items.iter().cloned());
                        listing.failures.extend(failures);
                        sink(TaskBatch {
                            items,
                            loaded: listing.items.len(),
                            listed: listed.load(Ordering::Relaxed),
                            listing_done: listing_done.load(Ordering::Relaxed),
                        });
                    }
                    Err(e) => failed.push((n, len, e)),
                }
            }
            (listing, batches, failed)
        };

        let (listed_ok, (mut listing, batches, mut failed)) = futures::join!(lister, describer);
        listed_ok?;
        failed.sort_by_key(|(n, _, _)| *n);
        if !failed.is_empty() && failed.len() == batches {
            return Err(failed.swap_remove(0).2);
        }
        for (n, len, e) in failed {
            listing.failures.push(ResourceFailure {
                arn: None,
                reason: format!(
                    "batch {}/{batches} ({len} resources) not loaded: {e}",
                    n + 1
                ),
            });
        }
        Ok(listing)
    }

    /// One DescribeTasks call of up to 100 ARNs.
    pub(super) async fn describe_page(
        &self,
        cluster: &str,
        page: Vec<String>,
    ) -> FetchResult<(Vec<Task>, Vec<ResourceFailure>)> {
        let n = page.len();
        let out = self
            .call(
                "DescribeTasks",
                &format!("{cluster} ({n})"),
                || {
                    self.gate
                        .ecs
                        .describe_tasks()
                        .cluster(cluster)
                        .set_tasks(Some(page))
                        .send()
                },
                |o| format!("{} tasks", o.tasks().len()),
            )
            .await?;
        Ok((
            out.tasks().iter().map(convert::task).collect(),
            out.failures().iter().map(convert::failure).collect(),
        ))
    }
}
