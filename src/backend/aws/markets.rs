//! Spot or On-Demand for the instances of a listing: asked of EC2 once per instance (how an
//! instance is bought never changes), in calls of up to [`ec2::IDS_PER_CALL`] ids. A refusal
//! (no ec2:DescribeInstances) is said in one sentence and not asked again for
//! [`DENIED_RETRY`]; the rest of the listing is unaffected.

use super::{ec2, AwsBackend};
use crate::model::{ContainerInstance, FetchError};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// How long a refusal is believed before EC2 is asked again (the policy may be fixed meanwhile).
pub const DENIED_RETRY: Duration = Duration::from_secs(600);

/// Said when EC2 will not tell.
pub const DENIED: &str = "Spot/On-Demand not shown: ec2:DescribeInstances is not allowed";

#[derive(Default)]
pub struct Markets {
    /// Instance id → its lifecycle; "" for an instance EC2 did not list.
    known: HashMap<String, String>,
    denied_at: Option<Instant>,
}

impl AwsBackend {
    /// Fill in `market` of each instance; the sentence to show when EC2 could not say.
    pub(super) async fn fill_markets(&self, items: &mut [ContainerInstance]) -> Option<String> {
        let ec2 = self.gate.ec2.as_ref()?;
        let wanted: Vec<String> = {
            let m = self.markets.lock().unwrap_or_else(|p| p.into_inner());
            if m.denied_at.is_some_and(|t| t.elapsed() < DENIED_RETRY) {
                return Some(DENIED.into());
            }
            let mut ids: Vec<String> = items
                .iter()
                .filter_map(|i| i.ec2_instance_id.clone())
                .filter(|id| !m.known.contains_key(id))
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        };
        let mut note = None;
        for chunk in wanted.chunks(ec2::IDS_PER_CALL) {
            match self.describe_lifecycles(ec2, chunk).await {
                Ok(found) => {
                    let mut m = self.markets.lock().unwrap_or_else(|p| p.into_inner());
                    for id in chunk {
                        let life = found.get(id).cloned().unwrap_or_default();
                        m.known.insert(id.clone(), life);
                    }
                    m.denied_at = None;
                }
                Err(FetchError::Auth(_)) => {
                    self.markets
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .denied_at = Some(Instant::now());
                    note = Some(DENIED.to_string());
                    break;
                }
                Err(e) => {
                    note = Some(format!("Spot/On-Demand not shown: {e}"));
                    break;
                }
            }
        }
        let m = self.markets.lock().unwrap_or_else(|p| p.into_inner());
        for i in items.iter_mut() {
            i.market = i
                .ec2_instance_id
                .as_ref()
                .and_then(|id| m.known.get(id))
                .filter(|life| !life.is_empty())
                .cloned();
        }
        note
    }

    /// Every page of DescribeInstances for these ids.
    async fn describe_lifecycles(
        &self,
        ec2: &ec2::Ec2,
        ids: &[String],
    ) -> Result<HashMap<String, String>, FetchError> {
        let mut all = HashMap::new();
        let mut token = None;
        for _ in 0..super::MAX_PAGES {
            let page = self
                .call(
                    "DescribeInstances",
                    &format!("ec2 ({} instances)", ids.len()),
                    || ec2.describe_page(ids, token.take()),
                    |p: &ec2::Page| format!("{} instances", p.lifecycles.len()),
                )
                .await?;
            all.extend(page.lifecycles);
            match page.next {
                Some(t) => token = Some(t),
                None => return Ok(all),
            }
        }
        Ok(all)
    }
}
