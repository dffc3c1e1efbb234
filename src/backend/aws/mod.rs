//! The AWS backend: the read port over aws-sdk-ecs. Every list follows each `nextToken` with
//! `maxResults` 100; describes go in the API's batch sizes (DescribeServices 10, the others 100),
//! at most three batches at once; every call passes one gate that bounds concurrency and rate
//! (10 calls a second, bursts of 20: half the account's shared read budget), records the
//! call for `:api`, and turns SDK errors into typed, short messages.

mod alarms;
mod capacity;
mod compat;
mod config;
mod convert;
pub mod ec2;
mod errors;
pub mod events;
mod exec;
mod logs;
mod markets;
mod metrics;
pub mod profiles;
mod rate;
mod read;
mod scaling;
mod targets;
mod task_definitions;
mod tasks;
mod write;

pub use config::{connect, AwsOptions, StartupError};
pub use write::AwsWriter;

use super::api_log::{outcome_of, ApiLog};
use super::FetchResult;
use crate::model::{FetchError, Listing, ResourceFailure, Task};
use aws_sdk_ecs::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_ecs::Client;
use futures::StreamExt;
use std::future::Future;
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::Semaphore;

/// Calls in flight at once, for the whole console (the account's read budget is shared).
pub const MAX_CONCURRENT_CALLS: usize = 4;
/// Describe batches of one listing in flight at once.
const PARALLEL_BATCHES: usize = 3;
/// A list that pages more than this is assumed to be looping on a bad token.
const MAX_PAGES: usize = 5_000;

/// What the reader and the writer share: the clients and the gate every call passes.
struct Gate {
    ecs: Client,
    autoscaling: Option<aws_sdk_applicationautoscaling::Client>,
    logs: Option<aws_sdk_cloudwatchlogs::Client>,
    events: Option<aws_sdk_eventbridge::Client>,
    metrics: Option<aws_sdk_cloudwatch::Client>,
    elb: Option<aws_sdk_elasticloadbalancingv2::Client>,
    /// EC2 Auto Scaling: the size of a capacity provider's group.
    groups: Option<aws_sdk_autoscaling::Client>,
    /// EC2's DescribeInstances: whether an instance is Spot.
    ec2: Option<ec2::Ec2>,
    log: ApiLog,
    permits: Semaphore,
    budget: rate::RateLimiter,
    /// CloudWatch Logs reads have their own, smaller budget (FilterLogEvents: 5 a second for the
    /// whole account).
    logs_budget: rate::RateLimiter,
    /// Where calls go, for the sentence a silent endpoint gets.
    endpoint: String,
    /// The endpoint override (`--endpoint-url`), if any.
    endpoint_url: Option<String>,
    /// The profile named (`--profile`, AWS_PROFILE), "" for none: ECS Exec hands it on.
    profile: String,
}

impl Gate {
    /// One API call through the gate: a concurrency permit, a token of the rate budget, timing,
    /// the API log, error mapping.
    async fn call<T, E, R, Fut>(
        &self,
        op: &str,
        target: &str,
        send: impl FnOnce() -> Fut,
        note: impl Fn(&T) -> String,
    ) -> FetchResult<T>
    where
        Fut: Future<Output = Result<T, SdkError<E, R>>>,
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
        R: std::fmt::Debug,
    {
        self.call_in(&self.budget, op, target, send, note).await
    }

    /// One call through the gate, counted against `budget`.
    async fn call_in<T, E, R, Fut>(
        &self,
        budget: &rate::RateLimiter,
        op: &str,
        target: &str,
        send: impl FnOnce() -> Fut,
        note: impl Fn(&T) -> String,
    ) -> FetchResult<T>
    where
        Fut: Future<Output = Result<T, SdkError<E, R>>>,
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
        R: std::fmt::Debug,
    {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| FetchError::Other("shutting down".into()))?;
        budget.acquire().await;
        let started = Instant::now();
        let result = send().await;
        let took = started.elapsed();
        let result = result.map_err(|e| match errors::classify(op, e) {
            // Say who is silent and for how long: the operator's first question.
            FetchError::Timeout(_) => FetchError::Timeout(format!(
                "{op}: no answer from {} in {}s",
                self.endpoint,
                config::OPERATION_TIMEOUT.as_secs()
            )),
            other => other,
        });
        self.log.record(op, target, took, outcome_of(&result, note));
        result
    }
}

type AccountBackends = std::collections::HashMap<(String, Option<String>), Arc<AwsBackend>>;

/// The read side of an AWS account.
pub struct AwsBackend {
    gate: Arc<Gate>,
    target: String,
    region: String,
    /// The loaded configuration, to reach the same account in other regions.
    sdk: Option<aws_config::SdkConfig>,
    /// Backends of other regions made so far (each with its own rate budget: ECS limits are per
    /// region), sharing this one's API log.
    others: std::sync::Mutex<std::collections::HashMap<String, Arc<AwsBackend>>>,
    /// Other accounts (profile, region) connected so far for `:pulse`. Only successes are kept:
    /// a profile whose credentials failed is tried again at the next refresh (after `aws sso
    /// login`, say).
    accounts: std::sync::Mutex<AccountBackends>,
    /// Task definitions described so far, by ARN: a revision never changes but for its status,
    /// which every listing says again.
    described: std::sync::Mutex<std::collections::HashMap<String, crate::model::TaskDefinition>>,
    /// What EC2 said of each instance so far (an instance is bought once), and when it last
    /// refused to say.
    markets: std::sync::Mutex<markets::Markets>,
}

impl AwsBackend {
    /// `autoscaling` is None where Application Auto Scaling is not to be asked (tests of ECS alone).
    pub fn new(
        ecs: Client,
        autoscaling: Option<aws_sdk_applicationautoscaling::Client>,
        target: String,
        log: ApiLog,
    ) -> Self {
        // The target ends with the endpoint override when there is one (`aws · us-east-1 · URL`).
        let endpoint_url = target
            .rsplit(" · ")
            .next()
            .filter(|last| last.contains("://"))
            .map(str::to_string);
        let profile = target
            .split(" · ")
            .find_map(|part| part.strip_prefix("profile "))
            .unwrap_or_default()
            .to_string();
        let endpoint = match (&endpoint_url, ecs.config().region()) {
            (Some(url), _) => url.clone(),
            (None, Some(r)) => format!("the AWS endpoints of {r}"),
            (None, None) => "AWS".into(),
        };
        let gate = Gate {
            endpoint,
            endpoint_url,
            profile,
            ecs,
            autoscaling,
            logs: None,
            events: None,
            metrics: None,
            elb: None,
            groups: None,
            ec2: None,
            log,
            permits: Semaphore::new(MAX_CONCURRENT_CALLS),
            budget: rate::RateLimiter::new(rate::RATE, rate::BURST),
            logs_budget: rate::RateLimiter::new(rate::LOGS_RATE, rate::LOGS_BURST),
        };
        Self {
            gate: Arc::new(gate),
            target,
            region: String::new(),
            sdk: None,
            others: Default::default(),
            accounts: Default::default(),
            described: Default::default(),
            markets: Default::default(),
        }
    }

    /// Add the CloudWatch Logs and EventBridge clients (right after [`AwsBackend::new`]).
    pub fn with_clients(
        mut self,
        logs: Option<aws_sdk_cloudwatchlogs::Client>,
        events: Option<aws_sdk_eventbridge::Client>,
    ) -> Self {
        match Arc::get_mut(&mut self.gate) {
            Some(gate) => {
                gate.logs = logs;
                gate.events = events;
            }
            None => tracing::error!("clients added to a backend already in use; ignored"),
        }
        self
    }

    /// Add the CloudWatch client (service CPU and memory), right after [`AwsBackend::new`].
    pub fn with_metrics(mut self, metrics: aws_sdk_cloudwatch::Client) -> Self {
        match Arc::get_mut(&mut self.gate) {
            Some(gate) => gate.metrics = Some(metrics),
            None => tracing::error!("a metrics client added to a backend already in use; ignored"),
        }
        self
    }

    /// Add the ELBv2 client (load balancer target health), right after [`AwsBackend::new`].
    pub fn with_elb(mut self, elb: aws_sdk_elasticloadbalancingv2::Client) -> Self {
        match Arc::get_mut(&mut self.gate) {
            Some(gate) => gate.elb = Some(elb),
            None => tracing::error!("an ELB client added to a backend already in use; ignored"),
        }
        self
    }

    /// Add the EC2 Auto Scaling client (capacity providers' groups), right after
    /// [`AwsBackend::new`].
    pub fn with_groups(mut self, groups: aws_sdk_autoscaling::Client) -> Self {
        match Arc::get_mut(&mut self.gate) {
            Some(gate) => gate.groups = Some(groups),
            None => {
                tracing::error!("an Auto Scaling client added to a backend already in use; ignored")
            }
        }
        self
    }

    /// Add the EC2 reader (Spot or On-Demand), right after [`AwsBackend::new`].
    pub fn with_ec2(mut self, ec2: Option<ec2::Ec2>) -> Self {
        match Arc::get_mut(&mut self.gate) {
            Some(gate) => gate.ec2 = ec2,
            None => tracing::error!("an EC2 reader added to a backend already in use; ignored"),
        }
        self
    }

    /// Keep the loaded configuration, to reach other regions with it.
    pub fn with_sdk_config(mut self, sdk: aws_config::SdkConfig) -> Self {
        self.sdk = Some(sdk);
        self
    }

    /// The region the clients talk to (for the audit log).
    pub fn with_region(mut self, region: String) -> Self {
        self.region = region;
        self
    }

    pub fn region(&self) -> &str {
        &self.region
    }

    /// The profile the credentials come from, if named.
    pub fn profile_name(&self) -> Option<&str> {
        (!self.gate.profile.is_empty()).then_some(self.gate.profile.as_str())
    }

    /// Another account for `:pulse` (see [`crate::backend::EcsRead::for_account`]).
    pub async fn account(
        &self,
        profile: &str,
        region: Option<&str>,
    ) -> Result<Arc<AwsBackend>, config::StartupError> {
        let key = (profile.to_string(), region.map(str::to_string));
        let known = self
            .accounts
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&key)
            .cloned();
        if let Some(b) = known {
            return Ok(b);
        }
        // The region named, else the profile's own, else this console's.
        let region = key
            .1
            .clone()
            .or_else(|| {
                profiles::list()
                    .into_iter()
                    .find(|p| p.name == profile)
                    .and_then(|p| p.region)
            })
            .or_else(|| (!self.region.is_empty()).then(|| self.region.clone()));
        let opts = config::AwsOptions {
            profile: Some(profile.to_string()),
            region,
            // An explicit --endpoint-url is the console's, and serves every account; otherwise
            // each profile's own (`endpoint_url` in its section) applies.
            endpoint_url: self.gate.endpoint_url.clone(),
        };
        let b = Arc::new(config::connect_account(&opts, self.gate.log.clone()).await?);
        self.accounts
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key, b.clone());
        Ok(b)
    }

    /// The write side of the same account. Only a console that may change the account builds one.
    pub fn writer(&self) -> AwsWriter {
        AwsWriter {
            gate: self.gate.clone(),
        }
    }

    async fn call<T, E, R, Fut>(
        &self,
        op: &str,
        target: &str,
        send: impl FnOnce() -> Fut,
        note: impl Fn(&T) -> String,
    ) -> FetchResult<T>
    where
        Fut: Future<Output = Result<T, SdkError<E, R>>>,
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
        R: std::fmt::Debug,
    {
        self.gate.call(op, target, send, note).await
    }

    /// Follow every page of a list call.
    async fn paginate<T, F, Fut>(&self, mut page: F) -> FetchResult<Vec<T>>
    where
        F: FnMut(Option<String>) -> Fut,
        Fut: Future<Output = FetchResult<(Vec<T>, Option<String>)>>,
    {
        let mut all = Vec::new();
        let mut token = None;
        for _ in 0..MAX_PAGES {
            let (items, next) = page(token.take()).await?;
            all.extend(items);
            match next {
                Some(t) if !t.is_empty() => token = Some(t),
                _ => return Ok(all),
            }
        }
        Err(FetchError::Other(format!(
            "gave up after {MAX_PAGES} pages: the endpoint keeps returning nextToken"
        )))
    }

    /// Describe `arns` in batches of `size`. A failed batch leaves the rows that did load and is
    /// reported as a failure of the listing; only when every batch fails is the listing an error.
    async fn describe_batches<T, F, Fut>(
        &self,
        arns: Vec<String>,
        size: usize,
        describe: F,
    ) -> FetchResult<Listing<T>>
    where
        F: Fn(Vec<String>) -> Fut,
        Fut: Future<Output = FetchResult<(Vec<T>, Vec<ResourceFailure>)>>,
    {
        if arns.is_empty() {
            return Ok(Listing::complete(Vec::new()));
        }
        let batches: Vec<Vec<String>> = arns.chunks(size).map(<[String]>::to_vec).collect();
        let total = batches.len();
        let results: Vec<_> = futures::stream::iter(batches.into_iter().map(|b| {
            let len = b.len();
            let fut = describe(b);
            async move { (len, fut.await) }
        }))
        .buffered(PARALLEL_BATCHES)
        .collect()
        .await;
        let mut listing = Listing::complete(Vec::new());
        let mut first_error = None;
        let mut failed = 0;
        for (n, (len, result)) in results.into_iter().enumerate() {
            match result {
                Ok((items, failures)) => {
                    listing.items.extend(items);
                    listing.failures.extend(failures);
                }
                Err(e) => {
                    failed += 1;
                    listing.failures.push(ResourceFailure {
                        arn: None,
                        reason: format!(
                            "batch {}/{total} ({len} resources) not loaded: {e}",
                            n + 1
                        ),
                    });
                    first_error.get_or_insert(e);
                }
            }
        }
        match first_error {
            Some(e) if failed == total => Err(e),
            _ => Ok(listing),
        }
    }

    async fn describe_tasks(&self, cluster: &str, arns: Vec<String>) -> FetchResult<Listing<Task>> {
        self.describe_batches(arns, 100, |batch| self.describe_page(cluster, batch))
            .await
    }

    /// DescribeServices, 10 a call, of services named or given by ARN.
    async fn describe_services(
        &self,
        cluster: &str,
        arns: Vec<String>,
    ) -> FetchResult<Listing<crate::model::Service>> {
        self.describe_batches(arns, 10, |batch| async move {
            let n = batch.len();
            let out = self
                .call(
                    "DescribeServices",
                    &format!("{cluster} ({n})"),
                    || {
                        self.gate
                            .ecs
                            .describe_services()
                            .cluster(cluster)
                            .set_services(Some(batch))
                            .send()
                    },
                    |o| format!("{} services", o.services().len()),
                )
                .await?;
            Ok((
                out.services().iter().map(convert::service).collect(),
                out.failures().iter().map(convert::failure).collect(),
            ))
        })
        .await
    }
}
