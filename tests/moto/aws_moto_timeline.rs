//! The incident timeline's data against moto: a service's stopped tasks with their reasons and
//! its service record come back in one `Query::Timeline`; the scaling activities moto cannot
//! answer (it has no DescribeScalingActivities) are reported as such, and the rest still shows —
//! on the screen too, with the failure named.

use crate::moto_url;
use ecsdeck::backend::fetch;
use ecsdeck::model::{Payload, Query};

#[tokio::test]
async fn a_timeline_reads_stopped_tasks_and_survives_missing_scaling_activities() {
    let b = crate::backend_at(&moto_url()).await;
    let query = Query::Timeline {
        cluster: "moto-web".into(),
        service: Some("flaky".into()),
    };
    let Payload::Timeline(data) = fetch(&b, &query).await.expect("the timeline") else {
        panic!("not a timeline");
    };
    assert_eq!(data.services.len(), 1);
    assert_eq!(data.services[0].name, "flaky");
    let mut reasons: Vec<String> = data
        .stopped
        .iter()
        .filter_map(|t| t.stopped_reason.clone())
        .collect();
    reasons.sort();
    assert_eq!(
        reasons,
        [
            "Essential container in task exited",
            "Scaling activity initiated by (deployment ecs-svc/1)",
            "Task failed ELB health checks in (target-group web)",
        ]
    );
    let err = data
        .scaling
        .as_ref()
        .expect_err("moto has no DescribeScalingActivities");
    assert!(err.contains("DescribeScalingActivities"), "{err}");
}
