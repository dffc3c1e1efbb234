//! Finding a service's log streams at 1,000 and 5,000 tasks: `LogReader::resolve` and the first
//! read of the newest lines, through the reader's public API, against a backend that answers
//! from memory as CloudWatch would (a shared group holding the service's streams — 30% of its
//! tasks have written — and 500 other tasks' streams written more recently; DescribeLogStreams
//! 50 a page, newest first). Prints the calls made by operation, the CPU time per look (median of
//! 15) and what the calls would take at 50 ms each. Figures go to docs/performance.md.
//!
//! cargo bench --bench log_discovery

use async_trait::async_trait;
use ecsdeck::backend::{EcsRead, FetchResult, LogFilter, LogStreamInfo, StreamPage};
use ecsdeck::model::{
    ApiCall, Cluster, ContainerDefinition, ContainerInstance, FetchError, Listing,
    LogConfiguration, LogEvent, LogScope, LogStart, ScalableTarget, Service, Task, TaskDefinition,
    TaskScope, TaskStatus,
};
use ecsdeck::sync::logs::{LogReader, LogRequest};
use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const NOW: i64 = 1_800_000_000_000;
const GROUP: &str = "/ecs/shared";
const DEF: &str = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7";

struct Account {
    tasks: Vec<std::sync::Arc<Task>>,
    /// Every stream of the group, newest first: (name, last event).
    streams: Vec<(String, i64)>,
    described: AtomicUsize,
    filtered: AtomicUsize,
    other: AtomicUsize,
}

fn task(n: usize) -> Task {
    Task {
        task_definition_arn: DEF.into(),
        group: Some("service:web".into()),
        created_at: chrono::DateTime::from_timestamp_millis(NOW - 3_600_000),
        started_at: chrono::DateTime::from_timestamp_millis(NOW - 3_600_000),
        ..Task::bare(&format!(
            "arn:aws:ecs:us-east-1:123456789012:task/big/{n:032x}"
        ))
    }
}

impl Account {
    fn new(tasks: usize) -> Self {
        let tasks: Vec<std::sync::Arc<Task>> =
            (0..tasks).map(|n| std::sync::Arc::new(task(n))).collect();
        let mut streams = Vec::new();
        // Others, written in the last minute.
        for n in 0..500 {
            streams.push((format!("ecs/other/{n:032x}"), NOW - n as i64 * 100));
        }
        // 30% of the service's tasks have written, over the last hour, both containers.
        for (i, t) in tasks.iter().enumerate().filter(|(i, _)| i % 10 < 3) {
            let id = ecsdeck::model::short_id(&t.arn).to_string();
            let last = NOW - 60_000 - i as i64 * 1_000;
            streams.push((format!("ecs/web/{id}"), last));
            streams.push((format!("envoy/envoy/{id}"), last - 500));
        }
        streams.sort_by_key(|s| std::cmp::Reverse(s.1));
        Self {
            tasks,
            streams,
            described: 0.into(),
            filtered: 0.into(),
            other: 0.into(),
        }
    }
}

fn log(prefix: &str) -> Option<LogConfiguration> {
    Some(LogConfiguration {
        driver: "awslogs".into(),
        options: BTreeMap::from([
            ("awslogs-group".to_string(), GROUP.to_string()),
            ("awslogs-region".to_string(), "us-east-1".to_string()),
            ("awslogs-stream-prefix".to_string(), prefix.to_string()),
        ]),
    })
}

fn unused<T>() -> FetchResult<T> {
    Err(FetchError::Other("not in this benchmark".into()))
}

#[async_trait]
impl EcsRead for Account {
    fn target(&self) -> String {
        "benchmark".into()
    }
    fn api_log(&self) -> Vec<ApiCall> {
        Vec::new()
    }
    async fn clusters(&self) -> FetchResult<Listing<Cluster>> {
        unused()
    }
    async fn services(&self, _: &str) -> FetchResult<Listing<Service>> {
        unused()
    }
    async fn tasks(
        &self,
        _: &str,
        _: &TaskScope,
        _: TaskStatus,
    ) -> FetchResult<Listing<std::sync::Arc<Task>>> {
        // ListTasks 100 a page and DescribeTasks 100 a call: two calls per 100 tasks.
        self.other
            .fetch_add(2 * self.tasks.len().div_ceil(100), Ordering::Relaxed);
        Ok(Listing::complete(self.tasks.clone()))
    }
    async fn task(&self, _: &str, _: &str) -> FetchResult<Option<Task>> {
        unused()
    }
    async fn container_instances(&self, _: &str) -> FetchResult<Listing<ContainerInstance>> {
        unused()
    }
    async fn task_definition(&self, arn: &str) -> FetchResult<TaskDefinition> {
        self.other.fetch_add(1, Ordering::Relaxed);
        let c = |name: &str, prefix: &str| ContainerDefinition {
            name: name.into(),
            image: "img".into(),
            essential: name == "web",
            log_configuration: log(prefix),
            ..Default::default()
        };
        Ok(TaskDefinition {
            arn: arn.into(),
            family: "web".into(),
            revision: 7,
            containers: vec![c("web", "ecs"), c("envoy", "envoy")],
            ..Default::default()
        })
    }
    async fn scalable_target(&self, _: &str, _: &str) -> FetchResult<Option<ScalableTarget>> {
        unused()
    }
    async fn log_streams(
        &self,
        _group: &str,
        prefix: Option<&str>,
        next: Option<&str>,
    ) -> FetchResult<StreamPage> {
        self.described.fetch_add(1, Ordering::Relaxed);
        let from = next.and_then(|t| t.parse::<usize>().ok()).unwrap_or(0);
        let matching: Vec<&(String, i64)> = self
            .streams
            .iter()
            .filter(|(n, _)| prefix.is_none_or(|p| n.starts_with(p)))
            .collect();
        let to = (from + 50).min(matching.len());
        Ok(StreamPage {
            streams: matching[from.min(to)..to]
                .iter()
                .map(|(n, t)| LogStreamInfo {
                    name: n.clone(),
                    last_event: Some(*t),
                })
                .collect(),
            next: (to < matching.len()).then(|| to.to_string()),
        })
    }
    async fn filter_events(&self, f: &LogFilter<'_>) -> FetchResult<Vec<LogEvent>> {
        // One call per 100 stream names, ten lines a stream in the window.
        let calls = f.streams.len().div_ceil(100).max(1);
        self.filtered.fetch_add(calls, Ordering::Relaxed);
        let names: HashSet<&str> = f.streams.iter().map(String::as_str).collect();
        let mut out = Vec::new();
        for (name, last) in &self.streams {
            if !names.is_empty() && !names.contains(name.as_str()) {
                continue;
            }
            for k in 0..10 {
                let ts = last - k * 1_000;
                if ts >= f.start && f.end.is_none_or(|e| ts <= e) {
                    out.push(LogEvent {
                        id: format!("{name}-{k}"),
                        timestamp: ts,
                        ingested: None,
                        group: GROUP.into(),
                        stream: name.clone(),
                        message: format!("line {k}"),
                    });
                }
            }
        }
        out.sort_by_key(|e| e.timestamp);
        let drop = out.len().saturating_sub(f.limit);
        out.drain(..drop);
        Ok(out)
    }
}

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a runtime");
    println!(
        "{:>6} {:>8} {:>9} {:>9} {:>7} {:>8} {:>8} {:>10} {:>12}",
        "tasks",
        "derived",
        "existing",
        "followed",
        "listed",
        "filtered",
        "ecs",
        "cpu ms",
        "at 50ms/call"
    );
    for tasks in [1_000usize, 5_000] {
        let account = Account::new(tasks);
        let existing = account.streams.len() - 500;
        let mut times = Vec::new();
        let mut last = None;
        for _ in 0..15 {
            account.described.store(0, Ordering::Relaxed);
            account.filtered.store(0, Ordering::Relaxed);
            account.other.store(0, Ordering::Relaxed);
            let started = Instant::now();
            let (followed, derived, lines) = rt.block_on(async {
                let mut reader = LogReader::new(LogRequest {
                    id: 1,
                    scope: LogScope::Service {
                        cluster: "big".into(),
                        service: "web".into(),
                    },
                    start: LogStart::Last(500),
                    follow: true,
                    limit: 100_000,
                    pattern: None,
                });
                reader.resolve(&account).await;
                let lines = reader.first(&account, NOW).await.expect("first lines");
                (reader.streams.len(), reader.discovery.derived, lines.len())
            });
            times.push(started.elapsed());
            assert_eq!(lines, 500);
            last = Some((followed, derived));
        }
        times.sort();
        let median: Duration = times[times.len() / 2];
        let (followed, derived) = last.unwrap_or_default();
        let listed = account.described.load(Ordering::Relaxed);
        let filtered = account.filtered.load(Ordering::Relaxed);
        let ecs = account.other.load(Ordering::Relaxed);
        println!(
            "{tasks:>6} {derived:>8} {existing:>9} {followed:>9} {listed:>7} {filtered:>8} {ecs:>8} {:>10.1} {:>11.1}s",
            median.as_secs_f64() * 1000.0,
            (listed + filtered + ecs) as f64 * 0.05
        );
    }
}
