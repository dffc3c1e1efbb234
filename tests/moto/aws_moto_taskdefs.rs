//! Task definitions against moto: the family's revisions, every one described; the diff of two
//! revisions that differ in image, memory and environment shows exactly those; a rollback is an
//! UpdateService carrying nothing but the cluster, the service and the task definition (seen
//! in the request body at the proxy), and reads back from moto.

use crate::proxy::FaultProxy;
use crate::{backend_at, moto_url};
use ecsdeck::backend::{EcsRead, EcsWrite};
use ecsdeck::model::{diff, Change};

#[tokio::test]
async fn two_revisions_diff_in_exactly_image_memory_and_environment() {
    let b = backend_at(&moto_url()).await;
    let families: Vec<String> = b
        .families()
        .await
        .expect("ListTaskDefinitionFamilies")
        .items
        .into_iter()
        .map(|f| f.name)
        .collect();
    assert!(families.iter().any(|f| f == "payments"), "{families:?}");
    let revs = b
        .revisions("payments")
        .await
        .expect("ListTaskDefinitions")
        .items;
    let numbers: Vec<i32> = revs.iter().map(|r| r.revision).collect();
    assert_eq!(numbers, [2, 1], "newest first, and no other family's");
    assert!(revs.iter().all(|r| !r.listed_only && r.is_active()));
    let d = diff(&revs[1], &revs[0]);
    let changes: Vec<String> = d
        .lines
        .iter()
        .filter(|l| !matches!(l.change, Change::Same | Change::Heading))
        .map(|l| l.text.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        changes,
        [
            "memory 512 → 1024",
            "image payments:2.0.0 → payments:2.1.0",
            "env LOG_LEVEL: info → debug",
            "env OLD_FLAG (removed)",
            "env FEATURE_X=on (added)",
        ],
        "exactly what differs: {d:#?}"
    );
    // The second listing describes nothing again: revisions are remembered by ARN.
    let described = |b: &ecsdeck::backend::aws::AwsBackend| {
        b.api_log()
            .iter()
            .filter(|c| c.operation == "DescribeTaskDefinition")
            .count()
    };
    let before = described(&b);
    b.revisions("payments").await.expect("again");
    assert_eq!(described(&b), before);
}

#[test]
fn a_rollback_sends_only_the_task_definition_and_reads_back() {
    // Alone: the read-only session test reads this service's task definition.
    let _alone = crate::ACCOUNT.write().unwrap_or_else(|p| p.into_inner());
    tokio::runtime::Runtime::new()
        .expect("a runtime")
        .block_on(rollback());
}

async fn rollback() {
    let proxy = FaultProxy::start(&moto_url());
    let b = backend_at(&proxy.url).await;
    let w = b.writer();
    let revs = b.revisions("payments").await.expect("revisions").items;
    let (two, one) = (revs[0].arn.clone(), revs[1].arn.clone());
    w.set_task_definition("moto-idle", "payments", &one)
        .await
        .expect("UpdateService");
    let bodies = proxy.bodies("UpdateService");
    assert_eq!(bodies.len(), 1, "one call");
    let sent: serde_json::Value = serde_json::from_str(&bodies[0]).expect("a JSON body");
    let mut keys: Vec<&str> = sent
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, ["cluster", "service", "taskDefinition"], "{sent}");
    assert_eq!(sent["taskDefinition"], one.as_str());
    let now = b
        .services("moto-idle")
        .await
        .expect("services")
        .items
        .into_iter()
        .find(|s| s.name == "payments")
        .expect("payments");
    assert_eq!(now.task_definition, one, "read back from moto");
    // And forward again, as it was.
    w.set_task_definition("moto-idle", "payments", &two)
        .await
        .expect("UpdateService");
}
