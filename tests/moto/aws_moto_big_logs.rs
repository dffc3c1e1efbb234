//! A big service's logs against moto (seeded by scripts/seed_moto.py: `bigsvc` in
//! `moto-biglogs`, 1,050 running tasks logging to the shared group /ecs/shared, 300 of which have
//! written; 200 streams of other tasks in the same group, written more recently). The view finds
//! its streams by asking CloudWatch — a few calls, never one per task — follows the 100 most
//! recent, shows only the service's lines, and says what it follows. Faults through the proxy:
//! a listing that is denied, a group that does not exist.

use crate::proxy::{Fault, FaultProxy, Rule};
use crate::{backend, backend_at};
use ecsdeck::backend::EcsRead;
use ecsdeck::model::{LogScope, LogStart, TaskScope, TaskStatus};
use ecsdeck::sync::logs::{LogReader, LogRequest};
use std::time::Instant;

fn request(scope: LogScope) -> LogRequest {
    crate::aws_moto_logs::request(1, scope)
}

fn big() -> LogScope {
    LogScope::Service {
        cluster: "moto-biglogs".into(),
        service: "bigsvc".into(),
    }
}

fn calls(b: &impl EcsRead, op: &str, from: u64) -> usize {
    b.api_log()
        .iter()
        .filter(|c| c.seq >= from && c.operation == op)
        .count()
}

#[tokio::test]
async fn a_big_service_shows_its_newest_lines_from_its_own_streams_in_a_few_calls() {
    let b = backend().await;
    let tasks = b
        .tasks(
            "moto-biglogs",
            &TaskScope::Service("bigsvc".into()),
            TaskStatus::Running,
        )
        .await
        .expect("tasks");
    assert!(tasks.items.len() >= 1_000, "{} tasks", tasks.items.len());
    let ids: std::collections::HashSet<String> = tasks
        .items
        .iter()
        .map(|t| ecsdeck::model::short_id(&t.arn).to_string())
        .collect();
    let from = b.api_log().last().map_or(0, |c| c.seq + 1);
    let started = Instant::now();
    let mut reader = LogReader::new(request(big()));
    reader.resolve(&b).await;
    let lines = reader
        .first(&b, chrono::Utc::now().timestamp_millis())
        .await
        .expect("first lines");
    let took = started.elapsed();
    eprintln!(
        "bigsvc ({} tasks): first {} lines in {:.2}s; {} DescribeLogStreams, {} FilterLogEvents, {} GetLogEvents, {} calls in all",
        tasks.items.len(),
        lines.len(),
        took.as_secs_f64(),
        calls(&b, "DescribeLogStreams", from),
        calls(&b, "FilterLogEvents", from),
        calls(&b, "GetLogEvents", from),
        b.api_log().iter().filter(|c| c.seq >= from).count(),
    );
    // Following the most recent streams that exist, at most 100, and saying of how many.
    assert_eq!(reader.streams.len(), 100);
    assert_eq!(reader.discovery.derived, tasks.items.len());
    assert!(reader
        .streams
        .iter()
        .all(|s| s.stream.starts_with("ecs/bigsvc/")));
    // The service's lines, and never another task's from the shared group.
    assert_eq!(lines.len(), 300, "3 lines of each of the 100 streams");
    for l in &lines {
        assert!(l.message.starts_with("bigsvc line"), "{}", l.message);
        let owner = l.message.rsplit(' ').next().unwrap_or_default();
        assert!(
            ids.contains(owner),
            "a line of a task not of the service: {}",
            l.message
        );
    }
    // The bound on calls: a few pages of the group, a few reads; nothing per stream.
    assert!(
        calls(&b, "DescribeLogStreams", from) <= 12,
        "{} DescribeLogStreams",
        calls(&b, "DescribeLogStreams", from)
    );
    assert!(calls(&b, "FilterLogEvents", from) <= 5);
    assert_eq!(calls(&b, "GetLogEvents", from), 0);
    // A window reads every stream of the service's tasks, 300 that have written, none other.
    let mut windowed = LogReader::new(LogRequest {
        start: LogStart::Window(3_600),
        ..request(big())
    });
    windowed.resolve(&b).await;
    let all = windowed
        .first(&b, chrono::Utc::now().timestamp_millis())
        .await
        .expect("a window");
    assert_eq!(all.len(), 900, "every line of the 300 streams");
    assert!(all.iter().all(|l| l.message.starts_with("bigsvc line")));
}

#[tokio::test]
async fn a_denied_listing_and_a_missing_group_are_one_sentence_each() {
    let proxy = FaultProxy::start(&crate::moto_url());
    let b = backend_at(&proxy.url).await;
    // DescribeLogStreams denied: said, and the task definitions' streams read as they are.
    proxy.set(vec![Rule::on(
        &["DescribeLogStreams"],
        Fault::Error("AccessDeniedException"),
    )]);
    let task = b
        .tasks(
            "moto-logs",
            &TaskScope::Service("logsvc".into()),
            TaskStatus::Running,
        )
        .await
        .expect("tasks")
        .items
        .remove(0);
    let mut reader = LogReader::new(request(LogScope::Task {
        cluster: "moto-logs".into(),
        task: task.arn.clone(),
    }));
    reader.resolve(&b).await;
    let why = reader.discovery.error.clone().expect("the listing failed");
    assert!(why.contains("DescribeLogStreams"), "{why}");
    assert!(why.contains("/ecs/logsvc"), "{why}");
    assert_eq!(reader.streams.len(), 1, "the derived stream, as it is");
    // The pane's sentence names the action and where the policy is.
    let ecsdeck::app::Msg::LogStreams {
        note: Some(note), ..
    } = reader.streams_msg()
    else {
        panic!("a note for the pane")
    };
    assert!(
        note.contains("DescribeLogStreams") && note.contains("docs/iam.md"),
        "{note}"
    );
    let lines = reader
        .first(&b, chrono::Utc::now().timestamp_millis())
        .await
        .expect("lines all the same");
    assert_eq!(lines.len(), 20);
    proxy.clear();
    // A group that does not exist: a sentence, not a blank view.
    proxy.set(vec![Rule::on(
        &["FilterLogEvents"],
        Fault::Error("ResourceNotFoundException"),
    )]);
    let err = reader
        .first(&b, chrono::Utc::now().timestamp_millis())
        .await
        .expect_err("no group");
    let text = err.to_string();
    assert!(!text.is_empty() && text.len() < 300, "{text}");
    assert!(
        text.contains("ResourceNotFound") || text.contains("not found"),
        "{text}"
    );
}
