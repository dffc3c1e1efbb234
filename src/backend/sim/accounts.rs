//! The demo's other accounts, for `:pulse` over several: `sandbox`, a world of its own built a
//! while in the past so that its crash loop has a history, and `expired`, never readable.

use super::{scenario, SimBackend};
use crate::backend::{EcsRead, FetchResult};
use chrono::{DurationRound, TimeDelta};
use std::sync::Arc;

/// How much past another demo account has when it is first read.
const ACCOUNT_HISTORY_MINUTES: i64 = 10;

impl SimBackend {
    pub(super) fn account(
        &self,
        profile: &str,
        region: Option<&str>,
    ) -> FetchResult<Arc<dyn EcsRead>> {
        if region.is_some_and(|r| r != "us-east-1") {
            return Err(crate::model::FetchError::Other(
                "the demo accounts are in us-east-1 only".into(),
            ));
        }
        if profile == scenario::EXPIRED_PROFILE {
            return Err(crate::model::FetchError::Auth(format!(
                "the SSO session of profile {profile} has expired or is missing: run `aws sso login --profile {profile}`"
            )));
        }
        let mut accounts = self
            .inner
            .accounts
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if let Some(b) = accounts.get(profile) {
            return Ok(b.clone());
        }
        // Built as it was a while ago, so that it has a past (a crash loop's stopped tasks)
        // by the time it is first read.
        let now = self.inner.clock.now() - TimeDelta::minutes(ACCOUNT_HISTORY_MINUTES);
        let t0 = now.duration_trunc(TimeDelta::seconds(1)).unwrap_or(now);
        let Some(world) = scenario::build_account(profile, self.inner.seed, t0) else {
            return Err(crate::model::FetchError::Other(format!(
                "the demo has no profile {profile} (its profiles: {}, {}, {})",
                scenario::DEMO_PROFILE,
                scenario::SANDBOX_PROFILE,
                scenario::EXPIRED_PROFILE
            )));
        };
        let b = Arc::new(SimBackend::of(
            world,
            self.inner.seed,
            self.inner.log.clone(),
            self.inner.clock.clone(),
        ));
        accounts.insert(profile.to_string(), b.clone());
        Ok(b)
    }
}
