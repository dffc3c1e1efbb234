//! A bounded record of the calls a backend made: what the `:api` view shows, so operators can see
//! what the console does and debug IAM.

use crate::clock::Clock;
use crate::model::{ApiCall, ApiOutcome, FetchError};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Calls kept.
pub const API_LOG_SIZE: usize = 500;

#[derive(Clone)]
pub struct ApiLog {
    inner: Arc<Mutex<(VecDeque<ApiCall>, u64)>>,
    clock: Arc<dyn Clock>,
}

impl ApiLog {
    /// The clock the calls are timed by (the console's, or a test's).
    pub fn now(&self) -> crate::model::Timestamp {
        self.clock.now()
    }

    pub fn new(clock: Arc<dyn Clock>) -> Self {
        Self {
            inner: Arc::new(Mutex::new((VecDeque::new(), 0))),
            clock,
        }
    }

    pub fn record(&self, operation: &str, target: &str, took: Duration, outcome: ApiOutcome) {
        let at = self.clock.now();
        let mut guard = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let (calls, next) = &mut *guard;
        let seq = *next;
        *next += 1;
        calls.push_back(ApiCall {
            seq,
            key: seq.to_string(),
            at,
            operation: operation.to_string(),
            target: target.to_string(),
            millis: took.as_millis() as u64,
            outcome,
        });
        if calls.len() > API_LOG_SIZE {
            calls.pop_front();
        }
    }

    pub fn snapshot(&self) -> Vec<ApiCall> {
        self.inner
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .0
            .iter()
            .cloned()
            .collect()
    }
}

/// How a call ended, for the log: throttling apart from other failures, a note on success.
pub fn outcome_of<T>(result: &Result<T, FetchError>, note: impl Fn(&T) -> String) -> ApiOutcome {
    match result {
        Ok(v) => ApiOutcome::Ok(note(v)),
        Err(FetchError::Throttled(m)) => ApiOutcome::Throttled(m.clone()),
        Err(e) => ApiOutcome::Failed(e.to_string()),
    }
}
