//! Fault knobs for tests: latency, throttling, errors, an outage, expired credentials, and a call
//! that never returns. Decisions come from their own seeded RNG, so a faulty run is repeatable.

use crate::model::FetchError;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::sync::Mutex;
use std::time::Duration;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Faults {
    /// Added to every call.
    pub latency: Duration,
    /// Fraction of calls answered with ThrottlingException (0.0–1.0).
    pub throttle_rate: f64,
    /// Fraction of calls answered with a server error (0.0–1.0).
    pub error_rate: f64,
    /// Every call fails as if the network were down.
    pub outage: bool,
    /// Every call fails as if the SSO session had expired.
    pub expired_credentials: bool,
    /// Every call waits forever (an endpoint that accepts and never answers).
    pub hang: bool,
    /// Calls of these operations fail with a server error.
    pub fail_ops: Vec<String>,
    /// Calls of these operations wait forever (for a live tail: every update of a session
    /// already open, too — a half-open connection).
    pub hang_ops: Vec<String>,
}

pub struct FaultInjector {
    faults: Mutex<Faults>,
    rng: Mutex<ChaCha8Rng>,
}

impl FaultInjector {
    pub fn new(seed: u64) -> Self {
        Self {
            faults: Mutex::new(Faults::default()),
            rng: Mutex::new(ChaCha8Rng::seed_from_u64(seed ^ 0xfa17)),
        }
    }

    pub fn set(&self, faults: Faults) {
        *self.faults.lock().unwrap_or_else(|p| p.into_inner()) = faults;
    }

    pub fn get(&self) -> Faults {
        self.faults
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Apply the faults in force to one call of `operation`.
    pub async fn gate(&self, operation: &str) -> Result<(), FetchError> {
        let f = self.get();
        if f.hang || f.hang_ops.iter().any(|o| o == operation) {
            futures::future::pending::<()>().await;
        }
        if f.fail_ops.iter().any(|o| o == operation) {
            return Err(FetchError::Other(format!(
                "{operation}: InternalFailure (simulated)"
            )));
        }
        if !f.latency.is_zero() {
            tokio::time::sleep(f.latency).await;
        }
        if f.outage {
            return Err(FetchError::Unavailable(format!(
                "{operation}: could not connect to ecs.us-east-1.amazonaws.com (simulated outage)"
            )));
        }
        if f.expired_credentials {
            return Err(FetchError::Auth(format!(
                "{operation}: the SSO session has expired; run `aws sso login` (simulated)"
            )));
        }
        let (throttle, error) = {
            let mut rng = self.rng.lock().unwrap_or_else(|p| p.into_inner());
            (
                rng.gen_bool(f.throttle_rate.clamp(0.0, 1.0)),
                rng.gen_bool(f.error_rate.clamp(0.0, 1.0)),
            )
        };
        if throttle {
            return Err(FetchError::Throttled(format!("{operation}: Rate exceeded")));
        }
        if error {
            return Err(FetchError::Other(format!(
                "{operation}: ServerException: internal error (simulated)"
            )));
        }
        Ok(())
    }
}
