//! Application Auto Scaling: the activities for the incident timeline (DescribeScalingActivities
//! of one service's scalable target, or of every ECS target of the region filtered to one
//! cluster — newest first, a few pages at most: the timeline looks back hours, not months), and
//! for `:scaling` the scalable targets, policies and scheduled actions as well.

use super::AwsBackend;
use crate::backend::FetchResult;
use crate::model::{
    name_from_arn, next_run, step, target_tracking, FetchError, ScalingActivity, ScalingData,
    ScalingItem, ScalingKind,
};

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

impl AwsBackend {
    /// `:scaling`: the scalable targets, policies and scheduled actions of a cluster's services
    /// (or one's), every page, and the recent activities (their failure is said, not fatal).
    pub(super) async fn read_scaling(
        &self,
        cluster: &str,
        service: Option<&str>,
    ) -> FetchResult<ScalingData> {
        use aws_sdk_applicationautoscaling::types::{ScalableDimension, ServiceNamespace};
        let Some(autoscaling) = &self.gate.autoscaling else {
            return Err(FetchError::Other(
                "Application Auto Scaling is not configured".into(),
            ));
        };
        let cluster = name_from_arn(cluster).to_string();
        let resource = service.map(|s| format!("service/{cluster}/{}", name_from_arn(s)));
        let prefix = format!("service/{cluster}/");
        let ours = |id: &str| id.starts_with(&prefix);
        let service_of = |id: &str| id.rsplit('/').next().unwrap_or_default().to_string();
        let resource = &resource;
        let label = resource.as_deref().unwrap_or(&prefix);
        let targets = self
            .paginate(|token| async move {
                let page = self
                    .call(
                        "DescribeScalableTargets",
                        label,
                        || {
                            autoscaling
                                .describe_scalable_targets()
                                .service_namespace(ServiceNamespace::Ecs)
                                .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
                                .set_resource_ids(resource.clone().map(|r| vec![r]))
                                .set_next_token(token)
                                .send()
                        },
                        |o| format!("{} targets", o.scalable_targets().len()),
                    )
                    .await?;
                let next = page.next_token().map(str::to_string);
                Ok((page.scalable_targets.unwrap_or_default(), next))
            })
            .await?;
        let policies = self
            .paginate(|token| async move {
                let page = self
                    .call(
                        "DescribeScalingPolicies",
                        label,
                        || {
                            autoscaling
                                .describe_scaling_policies()
                                .service_namespace(ServiceNamespace::Ecs)
                                .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
                                .set_resource_id(resource.clone())
                                .set_next_token(token)
                                .send()
                        },
                        |o| format!("{} policies", o.scaling_policies().len()),
                    )
                    .await?;
                let next = page.next_token().map(str::to_string);
                Ok((page.scaling_policies.unwrap_or_default(), next))
            })
            .await?;
        let scheduled = self
            .paginate(|token| async move {
                let page = self
                    .call(
                        "DescribeScheduledActions",
                        label,
                        || {
                            autoscaling
                                .describe_scheduled_actions()
                                .service_namespace(ServiceNamespace::Ecs)
                                .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
                                .set_resource_id(resource.clone())
                                .set_next_token(token)
                                .send()
                        },
                        |o| format!("{} scheduled actions", o.scheduled_actions().len()),
                    )
                    .await?;
                let next = page.next_token().map(str::to_string);
                Ok((page.scheduled_actions.unwrap_or_default(), next))
            })
            .await?;
        let mut out = ScalingData::default();
        out.items.extend(
            targets
                .iter()
                .filter(|t| ours(t.resource_id()))
                .map(|t| target_item(&service_of(t.resource_id()), t)),
        );
        out.items.extend(
            policies
                .iter()
                .filter(|p| ours(p.resource_id()))
                .map(|p| policy_item(&service_of(p.resource_id()), p)),
        );
        let now = self.gate.log.now();
        out.items.extend(
            scheduled
                .iter()
                .filter(|a| ours(a.resource_id()))
                .map(|a| scheduled_item(&service_of(a.resource_id()), a, now)),
        );
        match self.describe_scaling_activities(&cluster, service).await {
            Ok(activities) => out
                .items
                .extend(activities.iter().map(ScalingItem::activity)),
            Err(e) => out.activities_error = Some(format!("scaling activities not shown: {e}")),
        }
        Ok(out)
    }
}

/// A scalable target as a row: `min 2 · max 10`, and what is suspended.
fn target_item(
    service: &str,
    t: &aws_sdk_applicationautoscaling::types::ScalableTarget,
) -> ScalingItem {
    let mut item = ScalingItem::new(
        service,
        ScalingKind::Target,
        format!("min {} · max {}", t.min_capacity(), t.max_capacity()),
        "desired count".into(),
    );
    if let Some(s) = t.suspended_state() {
        let suspended: Vec<&str> = [
            (s.dynamic_scaling_in_suspended(), "scale-in"),
            (s.dynamic_scaling_out_suspended(), "scale-out"),
            (s.scheduled_scaling_suspended(), "scheduled"),
        ]
        .into_iter()
        .filter(|(on, _)| *on == Some(true))
        .map(|(_, what)| what)
        .collect();
        if !suspended.is_empty() {
            item.status = Some(format!("suspended: {}", suspended.join(", ")));
        }
    }
    item
}

/// A policy as a row: what it tracks or steps, and its alarms.
fn policy_item(
    service: &str,
    p: &aws_sdk_applicationautoscaling::types::ScalingPolicy,
) -> ScalingItem {
    use aws_sdk_applicationautoscaling::types::{MetricType, PolicyType};
    let alarms: Vec<&str> = p.alarms().iter().map(|a| a.alarm_name()).collect();
    let detail = match p.policy_type() {
        PolicyType::TargetTrackingScaling => match p.target_tracking_scaling_policy_configuration()
        {
            Some(c) => {
                let metric = c
                    .predefined_metric_specification()
                    .map(|m| m.predefined_metric_type())
                    .map(MetricType::as_str)
                    .map(str::to_string)
                    .or_else(|| {
                        c.customized_metric_specification()
                            .and_then(|m| m.metric_name())
                            .map(str::to_string)
                    })
                    .unwrap_or_else(|| "a custom metric".into());
                target_tracking(
                    &metric,
                    c.target_value(),
                    c.disable_scale_in() != Some(true),
                )
            }
            None => "target tracking".into(),
        },
        PolicyType::StepScaling => {
            let steps: Vec<String> = p
                .step_scaling_policy_configuration()
                .map(|c| {
                    c.step_adjustments()
                        .iter()
                        .map(|s| {
                            step(
                                s.metric_interval_lower_bound(),
                                s.metric_interval_upper_bound(),
                                s.scaling_adjustment(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            format!("step: {}", steps.join(", "))
        }
        other => other.as_str().to_string(),
    };
    let detail = if alarms.is_empty() {
        detail
    } else {
        format!("{detail}; alarms {}", alarms.join(", "))
    };
    ScalingItem::new(
        service,
        ScalingKind::Policy,
        p.policy_name().to_string(),
        detail,
    )
}

/// A scheduled action as a row: the schedule, its zone and the capacity it sets.
fn scheduled_item(
    service: &str,
    a: &aws_sdk_applicationautoscaling::types::ScheduledAction,
    now: crate::model::Timestamp,
) -> ScalingItem {
    let capacity = a
        .scalable_target_action()
        .map(|t| {
            let mut parts = Vec::new();
            if let Some(min) = t.min_capacity() {
                parts.push(format!("min {min}"));
            }
            if let Some(max) = t.max_capacity() {
                parts.push(format!("max {max}"));
            }
            parts.join(" ")
        })
        .unwrap_or_default();
    let zone = a.timezone().map(|z| format!(" {z}")).unwrap_or_default();
    let mut item = ScalingItem::new(
        service,
        ScalingKind::Scheduled,
        a.scheduled_action_name().to_string(),
        format!("{}{zone} → {capacity}", a.schedule()),
    );
    // Its next run: `at`, `cron` in its zone, or `rate` counted from its start (or creation).
    let start = super::convert::time(a.start_time().or(Some(a.creation_time())));

    item.at = next_run(a.schedule(), a.timezone(), start, now);
    item
}
