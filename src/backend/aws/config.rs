//! Building the SDK client from the standard chain (environment, shared config and credentials,
//! profiles, SSO, credential_process, container and instance roles), with explicit timeouts, and
//! checking at start-up that a region and credentials exist — so that a missing one is a sentence,
//! not a stack trace or a blank screen.

use super::errors::credentials_hint;
use super::AwsBackend;
use crate::backend::api_log::ApiLog;
use crate::clock::Clock;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region};
use aws_credential_types::provider::ProvideCredentials;
use aws_smithy_types::error::display::DisplayErrorContext;
use std::sync::Arc;
use std::time::Duration;

/// Connect within this long, or the endpoint counts as down.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// One attempt (request and response) within this long.
pub const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(4);
/// One operation, retries included, within this long: a silent endpoint is an error within it.
pub const OPERATION_TIMEOUT: Duration = Duration::from_secs(8);

#[derive(Debug, Clone, Default)]
pub struct AwsOptions {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
}

/// Why the console cannot start on AWS, in one sentence with what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct StartupError(pub String);

/// How long another account's credentials may take (an SSO or `credential_process` that hangs
/// must not hold up the pulse of the others).
pub const ACCOUNT_CREDENTIALS_TIMEOUT: Duration = Duration::from_secs(10);

/// When something is missing for a profile named that the config files do not have (a typo),
/// that is the reason: said, with the profiles they have.
fn missing_profile(opts: &AwsOptions) -> Option<StartupError> {
    let p = opts.profile.as_ref()?;
    let known = super::profiles::list();
    if known.iter().any(|k| &k.name == p) {
        return None;
    }
    let names: Vec<&str> = known.iter().map(|k| k.name.as_str()).collect();
    Some(StartupError(format!(
        "profile {p} is not in the AWS config files ({})",
        if names.is_empty() {
            "they have no profiles".to_string()
        } else {
            format!("their profiles: {}", names.join(", "))
        }
    )))
}

pub async fn connect(opts: &AwsOptions, clock: Arc<dyn Clock>) -> Result<AwsBackend, StartupError> {
    connect_with(opts, ApiLog::new(clock), false).await
}

/// Another account for `:pulse`, by its profile: credentials from that profile alone (never the
/// environment's, which belong to the console's own account), its calls in `log`.
pub async fn connect_account(opts: &AwsOptions, log: ApiLog) -> Result<AwsBackend, StartupError> {
    let profile = opts.profile.clone().unwrap_or_default();
    match tokio::time::timeout(ACCOUNT_CREDENTIALS_TIMEOUT, connect_with(opts, log, true)).await {
        Ok(r) => r,
        Err(_) => Err(StartupError(format!(
            "the credentials of profile {profile} gave no answer in {}s",
            ACCOUNT_CREDENTIALS_TIMEOUT.as_secs()
        ))),
    }
}

async fn connect_with(
    opts: &AwsOptions,
    log: ApiLog,
    profile_credentials: bool,
) -> Result<AwsBackend, StartupError> {
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(CONNECT_TIMEOUT)
                .operation_attempt_timeout(ATTEMPT_TIMEOUT)
                .operation_timeout(OPERATION_TIMEOUT)
                .build(),
        )
        .retry_config(RetryConfig::standard().with_max_attempts(3));
    if let Some(p) = &opts.profile {
        loader = loader.profile_name(p);
        if profile_credentials {
            loader = loader.credentials_provider(
                aws_config::profile::ProfileFileCredentialsProvider::builder()
                    .profile_name(p)
                    .build(),
            );
        }
    }
    if let Some(r) = &opts.region {
        loader = loader.region(Region::new(r.clone()));
    }
    if let Some(u) = &opts.endpoint_url {
        loader = loader.endpoint_url(u);
    }
    let sdk = loader.load().await;
    let region = sdk.region().map(|r| r.to_string()).ok_or_else(|| {
        missing_profile(opts).unwrap_or_else(|| StartupError("no AWS region: pass --region, set AWS_REGION, or give the profile a region (or try `ecsdeck --demo`)".into()))
    })?;
    let provider = sdk
        .credentials_provider()
        .ok_or_else(|| StartupError(credentials_hint("no credentials")))?;
    if let Err(e) = provider.provide_credentials().await {
        if let Some(e) = missing_profile(opts) {
            return Err(e);
        }
        let context = DisplayErrorContext(&e).to_string();
        let profile = opts
            .profile
            .as_deref()
            .or(std::env::var("AWS_PROFILE").ok().as_deref())
            .map(str::to_string);
        let hint = credentials_hint(&context);
        let hint = match profile {
            Some(p) if hint.contains("aws sso login") => {
                format!("the SSO session of profile {p} has expired or is missing: run `aws sso login --profile {p}`")
            }
            _ => hint,
        };
        return Err(StartupError(hint));
    }
    let mut target = String::from("aws");
    if let Some(p) = opts
        .profile
        .clone()
        .or_else(|| std::env::var("AWS_PROFILE").ok())
    {
        target.push_str(&format!(" · profile {p}"));
    }
    target.push_str(&format!(" · {region}"));
    let endpoint = opts
        .endpoint_url
        .clone()
        .or_else(|| std::env::var("AWS_ENDPOINT_URL_ECS").ok())
        .or_else(|| std::env::var("AWS_ENDPOINT_URL").ok());
    if let Some(e) = endpoint {
        target.push_str(&format!(" · {e}"));
    }
    let ecs = aws_sdk_ecs::Client::new(&sdk);
    let autoscaling = aws_sdk_applicationautoscaling::Client::new(&sdk);
    let mut logs = aws_sdk_cloudwatchlogs::config::Builder::from(&sdk);
    // With an endpoint override, StartLiveTail's `streaming-` host prefix names no host.
    let overridden = opts.endpoint_url.is_some()
        || ["AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS"]
            .iter()
            .any(|v| std::env::var_os(v).is_some());
    if overridden {
        logs = logs.interceptor(super::logs::StripStreamingPrefix);
        // Emulators (moto) write delivered events with fractional timestamps.
        logs = logs.http_client(super::compat::IntegralTimes {
            inner: super::compat::https_client(),
        });
    }
    let logs = aws_sdk_cloudwatchlogs::Client::from_conf(logs.build());
    let events = aws_sdk_eventbridge::Client::new(&sdk);
    let metrics = aws_sdk_cloudwatch::Client::new(&sdk);
    Ok(AwsBackend::new(ecs, Some(autoscaling), target, log)
        .with_clients(Some(logs), Some(events))
        .with_metrics(metrics)
        .with_elb(aws_sdk_elasticloadbalancingv2::Client::new(&sdk))
        .with_groups(aws_sdk_autoscaling::Client::new(&sdk))
        .with_ec2(super::ec2::Ec2::new(&sdk, &region, OPERATION_TIMEOUT))
        .with_region(region)
        .with_sdk_config(sdk))
}
