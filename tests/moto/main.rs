//! The tests that need the moto server (started by scripts/test, which exports
//! ECSDECK_MOTO_URL): the AWS adapter on the wire, the events subscription, logs, the real binary
//! in a pseudo-terminal, and the fault-injection suite. One test binary, a module per subject.

mod aws_moto;
mod aws_moto_big_logs;
mod aws_moto_events;
mod aws_moto_health;
mod aws_moto_logs;
mod aws_moto_taskdefs;
mod aws_moto_timeline;
mod fault_suite;
mod proxy;
mod pty;
mod pty_big_cluster;
mod pty_demo;
mod pty_events;
mod pty_exec;
mod pty_moto;
mod pty_pulse_accounts;
mod pty_startup;

/// A sweep judges every subscription in the account. One that judges them from the future (to
/// see moto's just-created groups as old) takes this for writing; every test whose console
/// creates a subscription takes it for reading, so none loses its feed to such a sweep.
pub static ACCOUNT: std::sync::RwLock<()> = std::sync::RwLock::new(());

/// Hold the account for a console that creates a subscription.
pub fn sharing_the_account() -> std::sync::RwLockReadGuard<'static, ()> {
    ACCOUNT.read().unwrap_or_else(|p| p.into_inner())
}

/// The moto server's URL (scripts/test starts it and exports it).
pub fn moto_url() -> String {
    std::env::var("ECSDECK_MOTO_URL")
        .expect("ECSDECK_MOTO_URL is not set: the moto tests run under scripts/test, which installs and starts moto")
}

/// The AWS backend against an endpoint (moto, or the fault proxy in front of it).
pub async fn backend_at(url: &str) -> ecsdeck::backend::aws::AwsBackend {
    let opts = ecsdeck::backend::aws::AwsOptions {
        profile: None,
        region: Some("us-east-1".into()),
        endpoint_url: Some(url.into()),
    };
    ecsdeck::backend::aws::connect(&opts, std::sync::Arc::new(ecsdeck::clock::SystemClock))
        .await
        .expect("connect (scripts/test exports test credentials)")
}

/// The AWS backend against moto.
pub async fn backend() -> ecsdeck::backend::aws::AwsBackend {
    backend_at(&moto_url()).await
}
