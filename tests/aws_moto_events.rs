//! The events subscription against the moto server: created with its tags and pattern, removed
//! without a trace, and a crashed console's leftovers swept after a day (fresh ones are left to
//! their console). These run under scripts/test, which starts moto and exports ECSDECK_MOTO_URL.

use ecsdeck::backend::aws::events::pattern;
use ecsdeck::backend::aws::{connect, AwsBackend, AwsOptions};
use ecsdeck::clock::SystemClock;
use ecsdeck::subscription::{plan, EventsPlan};
use std::sync::Arc;

fn moto_url() -> String {
    std::env::var("ECSDECK_MOTO_URL")
        .expect("ECSDECK_MOTO_URL is not set: the moto tests run under scripts/test, which installs and starts moto")
}

async fn backend() -> AwsBackend {
    let opts = AwsOptions {
        profile: None,
        region: Some("us-east-1".into()),
        endpoint_url: Some(moto_url()),
    };
    connect(&opts, Arc::new(SystemClock))
        .await
        .expect("connect")
}

async fn eventbridge() -> aws_sdk_eventbridge::Client {
    aws_sdk_eventbridge::Client::new(
        &aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new("us-east-1"))
            .endpoint_url(moto_url())
            .load()
            .await,
    )
}

async fn rule_exists(eb: &aws_sdk_eventbridge::Client, name: &str) -> bool {
    eb.list_rules()
        .name_prefix(name)
        .send()
        .await
        .expect("list rules")
        .rules()
        .iter()
        .any(|r| r.name() == Some(name))
}

#[tokio::test]
async fn a_day_old_leftover_is_swept_and_a_fresh_one_is_not() {
    let b = backend().await;
    let eb = eventbridge().await;
    let now = chrono::Utc::now();
    let cluster = "arn:aws:ecs:us-east-1:123456789012:cluster/moto-web".to_string();
    let old = b
        .create_subscription(&[], now - chrono::Duration::hours(30))
        .await
        .expect("an old subscription");
    // A different name: creation times are part of it.
    let fresh = b
        .create_subscription(std::slice::from_ref(&cluster), now)
        .await
        .expect("a fresh subscription");
    assert!(rule_exists(&eb, &old.rule).await && rule_exists(&eb, &fresh.rule).await);
    let p = eb
        .describe_rule()
        .name(&fresh.rule)
        .send()
        .await
        .unwrap()
        .event_pattern()
        .unwrap_or_default()
        .to_string();
    assert!(p.contains(&cluster), "limited to the cluster: {p}");

    let swept = b
        .sweep_subscriptions(chrono::Duration::hours(24), now)
        .await
        .expect("sweep");
    assert!(swept.contains(&old.rule), "{swept:?}");
    assert!(!swept.contains(&fresh.rule), "{swept:?}");
    assert!(!rule_exists(&eb, &old.rule).await, "the old rule is gone");
    assert!(rule_exists(&eb, &fresh.rule).await, "the fresh one is left");

    b.remove_subscription(&fresh.rule, Some(&fresh.group))
        .await
        .expect("remove");
    assert!(!rule_exists(&eb, &fresh.rule).await);
    assert!(
        b.log_group_arn(&fresh.group).await.is_err(),
        "the log group is gone"
    );
}

#[test]
fn the_pattern_names_the_four_detail_types_and_only_the_clusters_asked() {
    let all: serde_json::Value = serde_json::from_str(&pattern(&[])).unwrap();
    assert_eq!(all["source"][0], "aws.ecs");
    assert_eq!(all["detail-type"].as_array().unwrap().len(), 4);
    assert!(all.get("detail").is_none());
    let some: serde_json::Value = serde_json::from_str(&pattern(&["arn:c".into()])).unwrap();
    assert_eq!(some["detail"]["clusterArn"][0], "arn:c");
}

#[tokio::test]
async fn who_creates_what() {
    let aws = Arc::new(backend().await);
    let off = |p: EventsPlan| match p {
        EventsPlan::Off(why) => why,
        _ => panic!("expected off"),
    };
    // Read-only with no shared group: off, and why.
    assert!(off(plan("own", None, true, false, &[], Some(aws.clone()))).contains("read-only"));
    // Read-only with a shared group: read it, create nothing.
    assert!(matches!(
        plan("own", Some("/shared"), true, false, &[], Some(aws.clone())),
        EventsPlan::Read { ref name, .. } if name == "/shared"
    ));
    assert!(off(plan("shared", None, false, false, &[], Some(aws.clone()))).contains("log_group"));
    assert!(off(plan(
        "off",
        Some("/g"),
        false,
        false,
        &[],
        Some(aws.clone())
    ))
    .contains("off"));
    // Read-write: its own.
    assert!(matches!(
        plan("own", None, false, false, &[], Some(aws.clone())),
        EventsPlan::Own { .. }
    ));
    // The demo: its simulated group, whatever the mode.
    assert!(matches!(
        plan("own", None, true, false, &[], None),
        EventsPlan::Read { .. }
    ));
}
