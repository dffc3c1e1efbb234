//! Logs against the moto server (seeded by scripts/seed_moto.py: service `logsvc` in cluster
//! `moto-logs` with two tasks whose awslogs streams hold 20 lines each). These run under
//! scripts/test, which starts moto and exports ECSDECK_MOTO_URL; without it they fail.

use crate::{backend, moto_url};
use ecsdeck::app::Msg;
use ecsdeck::backend::aws::AwsBackend;
use ecsdeck::backend::EcsRead;
use ecsdeck::clock::SystemClock;
use ecsdeck::model::{LogMode, LogScope, LogStart, TaskScope, TaskStatus};
use ecsdeck::sync::logs::{LogReader, LogRequest};
use std::sync::Arc;
use std::time::Duration;

async fn task_arns(b: &AwsBackend) -> Vec<String> {
    let mut arns: Vec<String> = b
        .tasks(
            "moto-logs",
            &TaskScope::Service("logsvc".into()),
            TaskStatus::Running,
        )
        .await
        .expect("tasks")
        .items
        .into_iter()
        .map(|t| t.arn.clone())
        .collect();
    arns.sort();
    assert_eq!(arns.len(), 2, "two seeded tasks");
    arns
}

/// A logs view's request as the console opens one: the last 500 lines, following.
pub(crate) fn request(id: u64, scope: LogScope) -> LogRequest {
    LogRequest {
        id,
        scope,
        start: LogStart::Last(500),
        follow: true,
        limit: 100_000,
        pattern: None,
    }
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

#[tokio::test]
async fn task_and_service_logs_and_following_them() {
    let b = backend().await;
    let arns = task_arns(&b).await;
    let ids: Vec<&str> = arns.iter().map(|a| ecsdeck::model::short_id(a)).collect();

    // A task: exactly its own lines.
    let mut task = LogReader::new(request(
        1,
        LogScope::Task {
            cluster: "moto-logs".into(),
            task: arns[0].clone(),
        },
    ));
    task.resolve(&b).await;
    assert_eq!(task.streams.len(), 1);
    assert_eq!(task.streams[0].stream, format!("ecs/logsvc/{}", ids[0]));
    let lines = task.first(&b, now_ms()).await.expect("first lines");
    assert_eq!(lines.len(), 20, "{lines:?}");
    assert!(
        lines.iter().all(|l| l.message.ends_with(ids[0])),
        "{lines:?}"
    );

    // The service: both tasks, interleaved in time order.
    let mut service = LogReader::new(request(
        2,
        LogScope::Service {
            cluster: "moto-logs".into(),
            service: "logsvc".into(),
        },
    ));
    service.resolve(&b).await;
    assert_eq!(service.streams.len(), 2);
    let lines = service.first(&b, now_ms()).await.expect("first lines");
    assert_eq!(lines.len(), 40);
    let ts: Vec<i64> = lines.iter().map(|l| l.timestamp).collect();
    assert!(ts.windows(2).all(|w| w[0] < w[1]), "time order: {ts:?}");
    let owners: Vec<bool> = lines.iter().map(|l| l.message.ends_with(ids[0])).collect();
    assert!(
        owners.windows(2).all(|w| w[0] != w[1]),
        "the two tasks' lines alternate: {owners:?}"
    );

    // Follow: lines put after opening arrive once, however often the overlap re-reads them.
    let logs = aws_sdk_cloudwatchlogs::Client::from_conf(
        aws_sdk_cloudwatchlogs::config::Builder::from(
            &aws_config::defaults(aws_config::BehaviorVersion::latest())
                .region(aws_config::Region::new("us-east-1"))
                .endpoint_url(moto_url())
                .load()
                .await,
        )
        .build(),
    );
    let t = now_ms();
    let events: Vec<_> = (0..3)
        .map(|i| {
            aws_sdk_cloudwatchlogs::types::InputLogEvent::builder()
                .timestamp(t - 2_000 + i * 100)
                .message(format!("fresh line {i}"))
                .build()
                .expect("event")
        })
        .collect();
    logs.put_log_events()
        .log_group_name("/ecs/logsvc")
        .log_stream_name(format!("ecs/logsvc/{}", ids[1]))
        .set_log_events(Some(events))
        .send()
        .await
        .expect("put log events");
    let new = service.poll(&b, now_ms()).await.expect("poll").0;
    let texts: Vec<&str> = new.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(texts, ["fresh line 0", "fresh line 1", "fresh line 2"]);
    assert!(
        new.iter().all(|e| !e.id.is_empty()),
        "FilterLogEvents gives ids"
    );
    for _ in 0..2 {
        let again = service.poll(&b, now_ms()).await.expect("poll").0;
        assert!(
            again.is_empty(),
            "no duplicates across the overlap: {again:?}"
        );
    }
}

/// The reader as the console runs it: streams, the first lines, then following. moto's live tail
/// answers (the `streaming-` host prefix is stripped) and ends at once, so the reader polls.
#[tokio::test]
async fn the_reader_reports_streams_lines_and_how_it_follows() {
    let b: Arc<dyn EcsRead> = Arc::new(backend().await);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    // The view's end of the reader's command channel: kept open while the view is.
    let (_commands, asked) = tokio::sync::mpsc::unbounded_channel();
    let reader = tokio::spawn(ecsdeck::sync::logs::run(
        b.clone(),
        Arc::new(SystemClock),
        tx,
        request(
            7,
            LogScope::Service {
                cluster: "moto-logs".into(),
                service: "logsvc".into(),
            },
        ),
        asked,
    ));
    let mut streams = 0;
    let mut lines = 0;
    let mut modes = Vec::new();
    let mut notes = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while !modes.contains(&LogMode::Polling) {
        let msg = tokio::time::timeout_at(deadline, rx.recv())
            .await
            .expect("the reader reports within 20 s")
            .expect("a message");
        match msg {
            Msg::LogSources { id, sources } => {
                assert_eq!(id, 7);
                streams = sources.expect("sources").len();
            }
            Msg::LogLines { events, .. } => lines += events.len(),
            Msg::LogFeed { feed, .. } => {
                modes.push(feed.mode);
                notes.extend(feed.note);
            }
            Msg::LogStreams {
                following,
                of,
                note,
                ..
            } => {
                assert_eq!(note, None);
                assert_eq!(
                    (following, of),
                    (2, 2),
                    "both streams exist and are followed"
                );
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    reader.abort();
    assert_eq!(streams, 2);
    assert!(lines >= 40, "{lines}");
    assert_eq!(modes.first(), Some(&LogMode::Loading));
    assert!(
        modes.contains(&LogMode::Live),
        "a live tail session started: {modes:?} {notes:?}"
    );
    let calls: Vec<String> = b.api_log().iter().map(|c| c.operation.clone()).collect();
    assert!(calls.contains(&"StartLiveTail".to_string()), "{calls:?}");
}
