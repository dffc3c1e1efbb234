//! Carries out confirmed changes. It exists only when the console may change the account: built
//! from a write implementation, which a read-only console never constructs.

use crate::audit::AuditLog;
use crate::backend::EcsWrite;
use crate::model::{Mutation, MutationResult, Timestamp};
use std::sync::Arc;

/// UpdateContainerInstancesState takes at most this many instances.
pub const INSTANCE_BATCH: usize = 10;

pub struct Executor {
    writer: Arc<dyn EcsWrite>,
    audit: Option<AuditLog>,
}

impl Executor {
    pub fn new(writer: Arc<dyn EcsWrite>, audit: Option<AuditLog>) -> Self {
        Self { writer, audit }
    }

    /// Carry out one change and record the attempt. Returns the result and, if the audit log could
    /// not be written, why.
    pub async fn run(&self, mutation: Mutation, at: Timestamp) -> (MutationResult, Option<String>) {
        let w = &self.writer;
        let mut failed: Vec<(String, String)> = Vec::new();
        match &mutation {
            Mutation::Scale {
                cluster,
                service,
                desired,
                bounds,
            } => {
                let bounded = match bounds {
                    Some(b) => w.set_scalable_target(cluster, service, b.min, b.max).await,
                    None => Ok(()),
                };
                let result = match bounded {
                    Ok(()) => w.set_desired_count(cluster, service, *desired).await,
                    Err(e) => Err(e),
                };
                if let Err(e) = result {
                    failed.push((service.clone(), e.to_string()));
                }
            }
            Mutation::ForceDeployment { cluster, service } => {
                if let Err(e) = w.force_new_deployment(cluster, service).await {
                    failed.push((service.clone(), e.to_string()));
                }
            }
            Mutation::StopTasks {
                cluster,
                tasks,
                reason,
            } => {
                for task in tasks {
                    if let Err(e) = w.stop_task(cluster, task, reason).await {
                        failed.push((task.clone(), e.to_string()));
                    }
                }
            }
            Mutation::Drain { cluster, instances } | Mutation::Activate { cluster, instances } => {
                let draining = matches!(mutation, Mutation::Drain { .. });
                for batch in instances.chunks(INSTANCE_BATCH) {
                    match w.set_instances_state(cluster, batch, draining).await {
                        Ok(failures) => failed.extend(
                            failures
                                .into_iter()
                                .map(|f| (f.arn.unwrap_or_default(), f.reason)),
                        ),
                        Err(e) => failed.extend(batch.iter().map(|i| (i.clone(), e.to_string()))),
                    }
                }
            }
        }
        let result = MutationResult {
            mutation,
            at,
            failed,
        };
        let audit_error = self.audit.as_ref().and_then(|a| a.append(&result).err());
        (result, audit_error)
    }
}
