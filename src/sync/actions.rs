//! Carries out confirmed changes. It exists only when the console may change the account: built
//! from a write implementation, which a read-only console never constructs.
//!
//! Every change is written to the audit log before anything is sent, and its outcome after. The
//! executor keeps what each change in flight has done so far, so that when the console quits in
//! the middle of one (a 30-task stop), it sends no more, and the outcome line says which targets
//! were done, which failed and which were never sent.

use crate::audit::AuditLog;
use crate::backend::EcsWrite;
use crate::model::{Mutation, MutationResult, Timestamp};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// UpdateContainerInstancesState takes at most this many instances.
pub const INSTANCE_BATCH: usize = 10;

/// What the outcome line says of a target the console did not get to.
pub const NOT_SENT: &str = "not sent: the console quit while the change was under way";
/// …and of the one whose call was out when it quit.
pub const UNANSWERED: &str =
    "sent, but the console quit before the answer: check whether it took effect";

struct Progress {
    mutation: Mutation,
    at: Timestamp,
    /// Targets whose call has answered (failed ones are also in `failed`).
    done: Vec<String>,
    /// The targets whose call is out now.
    sending: Vec<String>,
    failed: Vec<(String, String)>,
    session: Option<crate::model::ExecSession>,
}

pub struct Executor {
    writer: Arc<dyn EcsWrite>,
    audit: Option<AuditLog>,
    stopping: AtomicBool,
    next: AtomicU64,
    in_flight: Mutex<BTreeMap<u64, Progress>>,
}

impl Executor {
    pub fn new(writer: Arc<dyn EcsWrite>, audit: Option<AuditLog>) -> Self {
        Self {
            writer,
            audit,
            stopping: AtomicBool::new(false),
            next: AtomicU64::new(0),
            in_flight: Mutex::new(BTreeMap::new()),
        }
    }

    fn progress(&self) -> std::sync::MutexGuard<'_, BTreeMap<u64, Progress>> {
        self.in_flight.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// These targets' call is about to go out.
    fn sending(&self, id: u64, targets: &[String]) {
        if let Some(p) = self.progress().get_mut(&id) {
            p.sending = targets.to_vec();
        }
    }

    fn record(&self, id: u64, target: &str, error: Option<String>) {
        if let Some(p) = self.progress().get_mut(&id) {
            p.sending.retain(|t| t != target);
            p.done.push(target.to_string());
            if let Some(e) = error {
                p.failed.push((target.to_string(), e));
            }
        }
    }

    /// Whether the console is quitting: no further call of a change in flight is sent.
    fn halted(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }

    /// Carry out one change, recording the attempt first and the outcome after. Returns the
    /// result and, if the audit log could not be written, why.
    pub async fn run(&self, mutation: Mutation, at: Timestamp) -> (MutationResult, Option<String>) {
        let mut audit_error = self
            .audit
            .as_ref()
            .and_then(|a| a.attempt(&mutation, at).err());
        let id = self.next.fetch_add(1, Ordering::SeqCst);
        self.progress().insert(
            id,
            Progress {
                mutation: mutation.clone(),
                at,
                done: Vec::new(),
                sending: Vec::new(),
                failed: Vec::new(),
                session: None,
            },
        );
        let w = &self.writer;
        match &mutation {
            Mutation::Scale {
                cluster,
                service,
                desired,
                bounds,
            } => {
                self.sending(id, std::slice::from_ref(service));
                let bounded = match bounds {
                    Some(b) => w.set_scalable_target(cluster, service, b.min, b.max).await,
                    None => Ok(()),
                };
                let result = match bounded {
                    Ok(()) => w.set_desired_count(cluster, service, *desired).await,
                    Err(e) => Err(e),
                };
                self.record(id, service, result.err().map(|e| e.to_string()));
            }
            Mutation::ForceDeployment { cluster, service } => {
                self.sending(id, std::slice::from_ref(service));
                let result = w.force_new_deployment(cluster, service).await;
                self.record(id, service, result.err().map(|e| e.to_string()));
            }
            Mutation::SetTaskDefinition {
                cluster,
                service,
                task_definition,
                ..
            } => {
                self.sending(id, std::slice::from_ref(service));
                let result = w
                    .set_task_definition(cluster, service, task_definition)
                    .await;
                self.record(id, service, result.err().map(|e| e.to_string()));
            }
            Mutation::StopDeployment { cluster, service } => {
                self.sending(id, std::slice::from_ref(service));
                let result = w.stop_deployment(cluster, service).await;
                self.record(id, service, result.err().map(|e| e.to_string()));
            }
            Mutation::EnableExec { cluster, service } => {
                self.sending(id, std::slice::from_ref(service));
                let result = w.enable_exec(cluster, service).await;
                self.record(id, service, result.err().map(|e| e.to_string()));
            }
            Mutation::Exec {
                cluster,
                task,
                container,
                command,
            } => {
                self.sending(id, std::slice::from_ref(task));
                match w.execute_command(cluster, task, container, command).await {
                    Ok(session) => {
                        if let Some(p) = self.progress().get_mut(&id) {
                            p.session = Some(session);
                        }
                        self.record(id, task, None);
                    }
                    Err(e) => self.record(id, task, Some(e.to_string())),
                }
            }
            // Run by the console itself and audited around the run (`Actions::audit`): nothing
            // of it is sent here.
            Mutation::Command { .. } => {}
            Mutation::StopTasks {
                cluster,
                tasks,
                reason,
            } => {
                for task in tasks {
                    if self.halted() {
                        break;
                    }
                    self.sending(id, std::slice::from_ref(task));
                    let result = w.stop_task(cluster, task, reason).await;
                    self.record(id, task, result.err().map(|e| e.to_string()));
                }
            }
            Mutation::Drain { cluster, instances } | Mutation::Activate { cluster, instances } => {
                let draining = matches!(mutation, Mutation::Drain { .. });
                for batch in instances.chunks(INSTANCE_BATCH) {
                    if self.halted() {
                        break;
                    }
                    self.sending(id, batch);
                    match w.set_instances_state(cluster, batch, draining).await {
                        Ok(failures) => {
                            for i in batch {
                                let why = failures
                                    .iter()
                                    .find(|f| f.arn.as_deref() == Some(i.as_str()))
                                    .map(|f| f.reason.clone());
                                self.record(id, i, why);
                            }
                            // Failures ECS could not tie to one of ours are still reported.
                            for f in failures
                                .iter()
                                .filter(|f| f.arn.as_ref().is_none_or(|a| !batch.contains(a)))
                            {
                                self.record(
                                    id,
                                    f.arn.as_deref().unwrap_or_default(),
                                    Some(f.reason.clone()),
                                );
                            }
                        }
                        Err(e) => {
                            for i in batch {
                                self.record(id, i, Some(e.to_string()));
                            }
                        }
                    }
                }
            }
        }
        // Whoever takes the progress out writes the outcome: this task, or `interrupt`.
        let Some(p) = self.progress().remove(&id) else {
            let result = MutationResult {
                mutation,
                at,
                failed: Vec::new(),
                session: None,
            };
            return (result, None);
        };
        let result = finished(p);
        if let Some(e) = self.audit.as_ref().and_then(|a| a.append(&result).err()) {
            audit_error.get_or_insert(e);
        }
        (result, audit_error)
    }

    /// Write a line for a change the console made without sending it (a custom command): its
    /// attempt before it runs, its outcome after. Returns why, if the log could not be written.
    pub fn audit(&self, record: &crate::protocol::AuditRecord) -> Option<String> {
        use crate::protocol::AuditRecord;
        let a = self.audit.as_ref()?;
        match record {
            AuditRecord::Attempt(mutation, at) => a.attempt(mutation, *at).err(),
            AuditRecord::Outcome(result) => a.append(result).err(),
        }
    }

    /// How many changes are under way.
    pub fn in_flight(&self) -> usize {
        self.progress().len()
    }

    /// The console is quitting: send nothing more, and write the outcome of every change still
    /// under way — what was done, what failed, what was never sent. Returns those outcomes.
    pub fn interrupt(&self) -> Vec<MutationResult> {
        self.stopping.store(true, Ordering::SeqCst);
        let open: Vec<Progress> = std::mem::take(&mut *self.progress())
            .into_values()
            .collect();
        open.into_iter()
            .map(|p| {
                let result = finished(p);
                if let Some(a) = &self.audit {
                    if let Err(e) = a.append(&result) {
                        tracing::error!("{e}");
                    }
                }
                result
            })
            .collect()
    }
}

/// The result of a change from its progress: targets never answered count as not sent.
fn finished(p: Progress) -> MutationResult {
    let mut failed = p.failed;
    for t in p.mutation.targets() {
        if p.sending.contains(&t) {
            failed.push((t, UNANSWERED.to_string()));
        } else if !p.done.contains(&t) {
            failed.push((t, NOT_SENT.to_string()));
        }
    }
    MutationResult {
        mutation: p.mutation,
        at: p.at,
        failed,
        session: p.session,
    }
}
