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
    async fn tasks(
        &self,
        c: &str,
        s: &TaskScope,
        st: TaskStatus,
    ) -> FetchResult<Listing<std::sync::Arc<Task>>> {
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

/// The simulator, with its live tail sessions ending after `session` (CloudWatch ends them after
/// three hours) and every StartLiveTail counted.
struct ShortSessions {
    inner: SimBackend,
    session: Duration,
    live_calls: AtomicUsize,
    /// Instead of the simulator's lines: 2,000 lines a second, up to `flood_until` (ms).
    flood_until: Option<i64>,
    /// The next this many ListClusters panic (a bug in answer handling).
    panics: AtomicUsize,
}

#[async_trait]
impl EcsRead for ShortSessions {
    fn target(&self) -> String {
        self.inner.target()
    }
    fn api_log(&self) -> Vec<ApiCall> {
        self.inner.api_log()
    }
    async fn clusters(&self) -> FetchResult<Listing<Cluster>> {
        if self
            .panics
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok()
        {
            panic!("a bug while reading clusters");
        }
        self.inner.clusters().await
    }
    async fn services(&self, c: &str) -> FetchResult<Listing<Service>> {
        self.inner.services(c).await
    }
    async fn tasks(
        &self,
        c: &str,
        s: &TaskScope,
        st: TaskStatus,
    ) -> FetchResult<Listing<std::sync::Arc<Task>>> {
        self.inner.tasks(c, s, st).await
    }
    async fn task(&self, c: &str, a: &str) -> FetchResult<Option<Task>> {
        self.inner.task(c, a).await
    }
    async fn container_instances(&self, c: &str) -> FetchResult<Listing<ContainerInstance>> {
        self.inner.container_instances(c).await
    }
    async fn scalable_target(&self, c: &str, s: &str) -> FetchResult<Option<ScalableTarget>> {
        self.inner.scalable_target(c, s).await
    }
    async fn task_definition(&self, a: &str) -> FetchResult<TaskDefinition> {
        self.inner.task_definition(a).await
    }
    async fn log_events(
        &self,
        g: &str,
        s: &[String],
        from: i64,
        limit: usize,
    ) -> FetchResult<Vec<LogEvent>> {
        let Some(until) = self.flood_until else {
            return self.inner.log_events(g, s, from, limit).await;
        };
        // Two lines every millisecond, oldest first, at most `limit` (as FilterLogEvents pages).
        Ok((from * 2..until * 2)
            .take(limit)
            .map(|n| LogEvent {
                id: format!("e{n}"),
                timestamp: n / 2,
                ingested: None,
                group: g.to_string(),
                stream: "flood".into(),
                message: format!("line {n}"),
            })
            .collect())
    }
    async fn live_tail(
        &self,
        groups: &[(String, String)],
        streams: &[String],
    ) -> FetchResult<Option<ecsdeck::backend::LiveTail>> {
        use futures::StreamExt;
        self.live_calls.fetch_add(1, Ordering::SeqCst);
        let end = tokio::time::sleep(self.session);
        Ok(self
            .inner
            .live_tail(groups, streams)
            .await?
            .map(|s| s.take_until(end).boxed()))
    }
}

fn events_feed(
    session: Duration,
) -> (
    Arc<ShortSessions>,
    tokio::sync::mpsc::UnboundedReceiver<Msg>,
) {
    let clock = Arc::new(ManualClock::fixed());
    let b = Arc::new(ShortSessions {
        inner: SimBackend::new(ScenarioOptions::default(), clock.clone()),
        session,
        live_calls: 0.into(),
        flood_until: None,
        panics: 0.into(),
    });
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let group = ecsdeck::sync::events::EventsGroup {
        name: ecsdeck::backend::sim::EVENTS_GROUP.to_string(),
        arn: String::new(),
    };
    tokio::spawn(ecsdeck::sync::events::run(b.clone(), clock, tx, group));
    (b, rx)
}

/// The feed's modes seen so far, with their notes.
fn feeds(rx: &mut tokio::sync::mpsc::UnboundedReceiver<Msg>) -> Vec<LogFeed> {
    std::iter::from_fn(|| rx.try_recv().ok())
        .filter_map(|m| match m {
            Msg::EventsFeed(f) => Some(f),
            _ => None,
        })
        .collect()
}

/// Defect: a live session that ended after its three hours, or failed once, sent the feed to
/// polling every 2 s for good. Now a session that ran its course is renewed at once, and a dead
/// one (silent: a half-open connection) is caught by the watchdog, polled over, and live again
/// once it can be.
#[tokio::test(start_paused = true)]
async fn the_events_feed_renews_live_sessions_and_comes_back_from_polling() {
    let (b, mut rx) = events_feed(Duration::from_secs(3 * 3600));
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert!(feeds(&mut rx).iter().any(|f| f.mode == LogMode::Live));
    // Three hours later the session ends; the next one starts at once, no polling between.
    tokio::time::sleep(Duration::from_secs(3 * 3600 + 5)).await;
    assert_eq!(b.live_calls.load(Ordering::SeqCst), 2, "renewed once");
    assert!(
        feeds(&mut rx).iter().all(|f| f.mode == LogMode::Live),
        "no polling between two sessions"
    );
    // The connection goes half-open: updates stop (and a new session would hang too).
    b.inner.faults().set(Faults {
        hang_ops: vec!["StartLiveTail".into()],
        ..Default::default()
    });
    tokio::time::sleep(Duration::from_secs(20)).await;
    let seen = feeds(&mut rx);
    let polling = seen
        .iter()
        .find(|f| f.mode == LogMode::Polling)
        .expect("the watchdog sends the feed to polling");
    let note = polling.note.clone().unwrap_or_default();
    assert!(
        note.contains("went silent") && note.contains("live again in"),
        "{note}"
    );
    assert!(
        seen.iter()
            .any(|f| f.mode == LogMode::Polling && f.checked_at.is_some()),
        "and polling reads meanwhile"
    );
    // Mended: live again by itself within the retry wait (30 s, then 60 s).
    b.inner.faults().set(Faults::default());
    tokio::time::sleep(Duration::from_secs(120)).await;
    let seen = feeds(&mut rx);
    assert_eq!(
        seen.last().map(|f| f.mode),
        Some(LogMode::Live),
        "back to live: {:?}",
        seen.iter().map(|f| f.mode).collect::<Vec<_>>()
    );
}

/// Defect: a failing poll (AccessDenied, throttling, a deleted group) was retried every 2 s.
#[tokio::test(start_paused = true)]
async fn failing_polls_back_off() {
    let (b, mut rx) = events_feed(Duration::from_secs(3 * 3600));
    b.inner.faults().set(Faults {
        fail_ops: vec!["StartLiveTail".into(), "FilterLogEvents".into()],
        ..Default::default()
    });
    tokio::time::sleep(Duration::from_secs(300)).await;
    let polls = b
        .api_log()
        .iter()
        .filter(|c| c.operation == "FilterLogEvents")
        .count();
    assert!(
        polls <= 15,
        "backed off: {polls} polls in 5 minutes, not 150"
    );
    let last = feeds(&mut rx).pop().expect("a feed state");
    assert!(
        last.note
            .as_deref()
            .is_some_and(|n| n.contains("next try in")),
        "{last:?}"
    );
}

/// Defect: with more than ~1,000 lines a second each poll started at "newest seen − 10 s" and
/// kept the oldest 10,000 lines, so the start never moved and nothing new was shown. Now a full
/// read moves on from its newest line until it is caught up.
#[tokio::test]
async fn polling_advances_under_a_flood() {
    use ecsdeck::sync::logs::{LogReader, LogRequest};
    let now = 1_700_000_000_000i64;
    let b = ShortSessions {
        inner: SimBackend::new(ScenarioOptions::default(), Arc::new(ManualClock::fixed())),
        session: Duration::from_secs(1),
        live_calls: 0.into(),
        flood_until: Some(now),
        panics: 0.into(),
    };
    let mut reader = LogReader::new(LogRequest {
        id: 1,
        scope: LogScope::Task {
            cluster: "c".into(),
            task: "t".into(),
        },
        start: LogStart::Last(100),
        follow: true,
        limit: 100,
        pattern: None,
    });
    reader.streams = vec![LogStreamRef {
        group: "/g".into(),
        group_arn: String::new(),
        stream: "flood".into(),
        task_id: "t".into(),
        container: "app".into(),
    }];
    // The view has seen everything up to 60 s ago; the minute since holds 120,000 lines.
    reader.dedup.newest = Some(now - 60_000);
    let mut newest = Vec::new();
    let mut polls = 0;
    loop {
        let (events, caught_up) = reader.poll(&b, now).await.expect("poll");
        polls += 1;
        newest.push(events.last().map(|e| e.timestamp));
        if caught_up || polls > 20 {
            break;
        }
    }
    // 70 s (the overlap included) of 2,000 lines a second: 14 full reads and a short one.
    assert!(polls <= 16, "caught up in {polls} reads of 10,000");
    assert_eq!(
        reader.dedup.newest,
        Some(now - 1),
        "the newest line was reached: {newest:?}"
    );
}

/// Defect: a fetch that panicked left its query marked in flight forever (the view wedged on its
/// old data). Now the panic is that query's error, and the next poll works.
#[tokio::test(start_paused = true)]
async fn a_panicking_fetch_is_an_error_for_its_query_and_polling_goes_on() {
    let clock = Arc::new(ManualClock::fixed());
    let b = Arc::new(ShortSessions {
        inner: SimBackend::new(ScenarioOptions::default(), clock.clone()),
        session: Duration::from_secs(1),
        live_calls: 0.into(),
        flood_until: None,
        panics: 1.into(),
    });
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let sync = sync::spawn(b.clone(), clock, tx, SyncOptions::default());
    sync.send(Effect::Watch(vec![(
        Query::Clusters,
        Duration::from_secs(5),
    )]));
    tokio::time::sleep(Duration::from_secs(30)).await;
    let got = results(&mut rx);
    let first = got.first().expect("an answer");
    assert!(
        matches!(&first.1, Err(FetchError::Other(m)) if m.contains("internal error") && m.contains("a bug while reading clusters")),
        "{got:?}"
    );
    assert!(
        got.iter().skip(1).any(|(_, r)| r.is_ok()),
        "polled again: {got:?}"
    );
}
