//! Building the backends a console runs with. Read-only means no write implementation is ever
//! constructed: the reader is all there is, and there is no executor for a change to reach.

use crate::audit::{local_user, AuditLog};
use crate::backend::aws::{self, AwsOptions, StartupError};
use crate::backend::sim::{ScenarioOptions, SimBackend};
use crate::backend::{EcsRead, EcsWrite};
use crate::clock::Clock;
use crate::sync::actions::Executor;
use std::path::PathBuf;
use std::sync::Arc;

/// May the console change the account?
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    ReadOnly,
    /// Changes allowed; each attempt is appended to this audit log.
    ReadWrite {
        audit_log: PathBuf,
    },
}

pub struct Backends {
    pub read: Arc<dyn EcsRead>,
    /// Present only with [`Access::ReadWrite`].
    pub executor: Option<Arc<Executor>>,
    /// The AWS backend itself (not the demo), for what only it can do: the events subscription.
    pub aws: Option<Arc<aws::AwsBackend>>,
}

impl Backends {
    pub fn can_write(&self) -> bool {
        self.executor.is_some()
    }
}

fn executor(
    writer: impl EcsWrite + 'static,
    access: &Access,
    identity: String,
    region: &str,
) -> Option<Arc<Executor>> {
    match access {
        Access::ReadOnly => None,
        Access::ReadWrite { audit_log } => {
            let audit = AuditLog::new(audit_log.clone(), identity, region.to_string());
            Some(Arc::new(Executor::new(Arc::new(writer), Some(audit))))
        }
    }
}

/// The simulated account.
pub fn demo(scenario: ScenarioOptions, clock: Arc<dyn Clock>, access: &Access) -> Backends {
    let sim = SimBackend::new(scenario, clock);
    let executor = match access {
        Access::ReadOnly => None,
        _ => executor(
            sim.writer(),
            access,
            format!("demo (seed {}) by {}", scenario.seed, local_user()),
            "us-east-1",
        ),
    };
    Backends {
        read: Arc::new(sim),
        executor,
        aws: None,
    }
}

/// An AWS account through the standard credential chain.
pub async fn aws(
    opts: &AwsOptions,
    clock: Arc<dyn Clock>,
    access: &Access,
) -> Result<Backends, StartupError> {
    let backend = Arc::new(aws::connect(opts, clock).await?);
    let profile = opts
        .profile
        .clone()
        .or_else(|| std::env::var("AWS_PROFILE").ok())
        .unwrap_or_else(|| "default credentials".into());
    let executor = match access {
        Access::ReadOnly => None,
        _ => executor(
            backend.writer(),
            access,
            format!("profile {profile} by {}", local_user()),
            backend.region(),
        ),
    };
    Ok(Backends {
        read: backend.clone(),
        executor,
        aws: Some(backend),
    })
}
