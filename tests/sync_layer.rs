//! The sync layer: one request in flight per query, a queued refresh instead of a second request,
//! only watched queries polled, backoff on failure, and a silent backend turned into a timeout.

use async_trait::async_trait;
use ecsdeck::app::{Effect, Msg};
use ecsdeck::backend::sim::{Faults, ScenarioOptions, SimBackend};
use ecsdeck::backend::{EcsRead, FetchResult};
use ecsdeck::clock::ManualClock;
use ecsdeck::model::*;
use ecsdeck::sync::{self, SyncOptions};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// The simulator, counting calls and the most calls ever in flight at once.
struct Counting {
    inner: SimBackend,
    calls: AtomicUsize,
    now: AtomicUsize,
    peak: AtomicUsize,
}

impl Counting {
    async fn around<T>(&self, f: impl std::future::Future<Output = T>) -> T {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let n = self.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(n, Ordering::SeqCst);
        let out = f.await;
        self.now.fetch_sub(1, Ordering::SeqCst);
        out
    }
}

#[async_trait]
impl EcsRead for Counting {
    fn target(&self) -> String {
        self.inner.target()
    }
    fn api_log(&self) -> Vec<ApiCall> {
        self.inner.api_log()
    }
    async fn clusters(&self) -> FetchResult<Listing<Cluster>> {
        self.around(self.inner.clusters()).await
    }
    async fn services(&self, c: &str) -> FetchResult<Listing<Service>> {
        self.around(self.inner.services(c)).await
    }
    async fn tasks(&self, c: &str, s: &TaskScope, st: TaskStatus) -> FetchResult<Listing<Task>> {
        self.around(self.inner.tasks(c, s, st)).await
    }
    async fn task(&self, c: &str, a: &str) -> FetchResult<Option<Task>> {
        self.around(self.inner.task(c, a)).await
    }
    async fn container_instances(&self, c: &str) -> FetchResult<Listing<ContainerInstance>> {
        self.around(self.inner.container_instances(c)).await
    }
    async fn scalable_target(&self, c: &str, s: &str) -> FetchResult<Option<ScalableTarget>> {
        self.around(self.inner.scalable_target(c, s)).await
    }
    async fn task_definition(&self, a: &str) -> FetchResult<TaskDefinition> {
        self.around(self.inner.task_definition(a)).await
    }
}

fn setup() -> (
    Arc<Counting>,
    sync::SyncHandle,
    tokio::sync::mpsc::UnboundedReceiver<Msg>,
) {
    let clock = Arc::new(ManualClock::fixed());
    let inner = SimBackend::new(ScenarioOptions::default(), clock.clone());
    let b = Arc::new(Counting {
        inner,
        calls: 0.into(),
        now: 0.into(),
        peak: 0.into(),
    });
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let handle = sync::spawn(b.clone(), clock, tx, SyncOptions::default());
    (b, handle, rx)
}

fn results(
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<Msg>,
) -> Vec<(Query, Result<(), FetchError>)> {
    let mut out = Vec::new();
    while let Ok(m) = rx.try_recv() {
        if let Msg::Fetched { query, result, .. } = m {
            out.push((query, result.map(|_| ())));
        }
    }
    out
}

#[tokio::test(start_paused = true)]
async fn one_request_in_flight_and_refreshes_queue_behind_it() {
    let (b, sync, mut rx) = setup();
    b.inner.faults().set(Faults {
        latency: Duration::from_secs(2),
        ..Default::default()
    });
    sync.send(Effect::Watch(vec![(
        Query::Clusters,
        Duration::from_secs(10),
    )]));
    tokio::time::sleep(Duration::from_millis(100)).await;
    for _ in 0..10 {
        sync.send(Effect::Refresh(Query::Clusters));
    }
    tokio::time::sleep(Duration::from_millis(4500)).await;
    assert_eq!(b.peak.load(Ordering::SeqCst), 1, "never two at once");
    assert_eq!(
        b.calls.load(Ordering::SeqCst),
        2,
        "ten refreshes while busy became one queued call"
    );
    assert_eq!(results(&mut rx).len(), 2);
}

#[tokio::test(start_paused = true)]
async fn only_watched_queries_are_polled_at_their_interval() {
    let (b, sync, mut rx) = setup();
    let services = Query::Services {
        cluster: "prod-web".into(),
    };
    sync.send(Effect::Watch(vec![(
        Query::Clusters,
        Duration::from_secs(10),
    )]));
    tokio::time::sleep(Duration::from_secs(25)).await;
    assert_eq!(b.calls.load(Ordering::SeqCst), 3, "at 0, 10 and 20 s");
    sync.send(Effect::Watch(vec![(
        services.clone(),
        Duration::from_secs(5),
    )]));
    tokio::time::sleep(Duration::from_secs(12)).await;
    let got = results(&mut rx);
    let after_switch: Vec<_> = got.iter().skip(3).map(|(q, _)| q.clone()).collect();
    assert_eq!(
        after_switch,
        vec![services.clone(), services.clone(), services],
        "clusters no longer polled"
    );
}

#[tokio::test(start_paused = true)]
async fn failures_back_off_and_recover() {
    let (b, sync, mut rx) = setup();
    b.inner.faults().set(Faults {
        outage: true,
        ..Default::default()
    });
    sync.send(Effect::Watch(vec![(
        Query::Clusters,
        Duration::from_secs(5),
    )]));
    tokio::time::sleep(Duration::from_secs(60)).await;
    let calls = b.calls.load(Ordering::SeqCst);
    assert!(
        (4..=6).contains(&calls),
        "backing off (5, 10, 20, 40 s…), not 12 polls: {calls}"
    );
    let retrying = std::iter::from_fn(|| rx.try_recv().ok())
        .filter(|m| matches!(m, Msg::Retrying { .. }))
        .count();
    assert_eq!(retrying, calls);
    b.inner.faults().set(Faults::default());
    tokio::time::sleep(Duration::from_secs(61)).await;
    let got = results(&mut rx);
    assert!(got.iter().any(|(_, r)| r.is_ok()), "recovers by itself");
}

#[tokio::test(start_paused = true)]
async fn a_backend_that_never_answers_times_out_within_ten_seconds() {
    let (b, sync, mut rx) = setup();
    b.inner.faults().set(Faults {
        hang: true,
        ..Default::default()
    });
    let started = tokio::time::Instant::now();
    sync.send(Effect::Watch(vec![(
        Query::Clusters,
        Duration::from_secs(5),
    )]));
    let msg = loop {
        match rx.recv().await {
            Some(Msg::Fetched { result, .. }) => break result,
            Some(_) => continue,
            None => panic!("sync stopped"),
        }
    };
    assert!(
        started.elapsed() <= Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        msg.unwrap_err(),
        FetchError::Timeout("no answer within 10s".into())
    );
}
