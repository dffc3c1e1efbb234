//! Application Auto Scaling activities for the incident timeline: DescribeScalingActivities of
//! one service's scalable target, or of every ECS target of the region filtered to one cluster —
//! newest first, a few pages at most (the timeline looks back hours, not months).

use super::AwsBackend;
use crate::backend::FetchResult;
use crate::model::{name_from_arn, FetchError, ScalingActivity};

/// Pages of 50 read at most: the newest 200 activities.
const PAGES: usize = 4;

impl AwsBackend {
    pub(super) async fn describe_scaling_activities(
        &self,
        cluster: &str,
        service: Option<&str>,
    ) -> FetchResult<Vec<ScalingActivity>> {
        use aws_sdk_applicationautoscaling::types::{ScalableDimension, ServiceNamespace};
        let Some(autoscaling) = &self.gate.autoscaling else {
            return Err(FetchError::Other(
                "Application Auto Scaling is not configured".into(),
            ));
        };
        let cluster = name_from_arn(cluster);
        let resource = service.map(|s| format!("service/{cluster}/{}", name_from_arn(s)));
        let prefix = format!("service/{cluster}/");
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        for _ in 0..PAGES {
            let page = self
                .call(
                    "DescribeScalingActivities",
                    resource.as_deref().unwrap_or(&prefix),
                    || {
                        autoscaling
                            .describe_scaling_activities()
                            .service_namespace(ServiceNamespace::Ecs)
                            .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
                            .set_resource_id(resource.clone())
                            .max_results(50)
                            .set_next_token(token.clone())
                            .send()
                    },
                    |o| format!("{} activities", o.scaling_activities().len()),
                )
                .await?;
            out.extend(
                page.scaling_activities()
                    .iter()
                    .filter(|a| a.resource_id().starts_with(&prefix))
                    .map(|a| ScalingActivity {
                        activity_id: a.activity_id().to_string(),
                        resource_id: a.resource_id().to_string(),
                        status: a.status_code().as_str().to_string(),
                        description: a.description().to_string(),
                        cause: a.cause().to_string(),
                        message: a.status_message().map(str::to_string),
                        started_at: super::convert::time(Some(a.start_time())),
                        ended_at: super::convert::time(a.end_time()),
                    }),
            );
            token = page.next_token().map(str::to_string);
            if token.is_none() {
                break;
            }
        }
        ScalingActivity::newest_first(&mut out);
        Ok(out)
    }
}
