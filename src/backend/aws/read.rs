//! The read port over aws-sdk-ecs (and CloudWatch Logs): each query as list calls followed page by
//! page and describes in the API's batch sizes, through the gate in `mod.rs`.

use super::{convert, AwsBackend};
use crate::backend::{EcsRead, FetchResult, LiveTail};
use crate::model::{
    ApiCall, Cluster, ContainerInstance, FetchError, Listing, LogEvent, ScalableTarget, Service,
    Task, TaskDefinition, TaskScope, TaskStatus,
};
use async_trait::async_trait;
use aws_sdk_ecs::Client;
use std::sync::Arc;

fn page_note(items: usize, more: bool) -> String {
    if more {
        format!("{items} items, more")
    } else {
        format!("{items} items")
    }
}

#[async_trait]
impl EcsRead for AwsBackend {
    fn target(&self) -> String {
        self.target.clone()
    }

    fn api_log(&self) -> Vec<ApiCall> {
        self.gate.log.snapshot()
    }

    fn region(&self) -> Option<String> {
        (!self.region.is_empty()).then(|| self.region.clone())
    }

    fn profile(&self) -> Option<String> {
        self.profile_name().map(str::to_string)
    }

    async fn for_account(
        &self,
        profile: &str,
        region: Option<&str>,
    ) -> FetchResult<Arc<dyn EcsRead>> {
        match self.account(profile, region).await {
            Ok(b) => Ok(b as Arc<dyn EcsRead>),
            Err(e) => Err(FetchError::Auth(e.0)),
        }
    }

    fn for_region(&self, region: &str) -> Option<Arc<dyn EcsRead>> {
        let sdk = self.sdk.as_ref()?;
        let mut others = self.others.lock().unwrap_or_else(|p| p.into_inner());
        let b = others
            .entry(region.to_string())
            .or_insert_with(|| {
                let conf = sdk
                    .to_builder()
                    .region(aws_config::Region::new(region.to_string()))
                    .build();
                Arc::new(
                    AwsBackend::new(
                        Client::new(&conf),
                        Some(aws_sdk_applicationautoscaling::Client::new(&conf)),
                        format!("{} ({region})", self.target),
                        self.gate.log.clone(),
                    )
                    // The pulse reads alarms there too; the other views stay in this region.
                    .with_metrics(aws_sdk_cloudwatch::Client::new(&conf))
                    .with_elb(aws_sdk_elasticloadbalancingv2::Client::new(&conf))
                    .with_groups(aws_sdk_autoscaling::Client::new(&conf))
                    .with_ec2(super::ec2::Ec2::new(
                        &conf,
                        region,
                        super::config::OPERATION_TIMEOUT,
                    ))
                    .with_region(region.to_string()),
                )
            })
            .clone();
        Some(b)
    }

    async fn clusters(&self) -> FetchResult<Listing<Cluster>> {
        let arns = self
            .paginate(|token| async move {
                let out = self
                    .call(
                        "ListClusters",
                        "",
                        || {
                            self.gate
                                .ecs
                                .list_clusters()
                                .max_results(100)
                                .set_next_token(token)
                                .send()
                        },
                        |o| page_note(o.cluster_arns().len(), o.next_token().is_some()),
                    )
                    .await?;
                Ok((
                    out.cluster_arns().to_vec(),
                    out.next_token().map(str::to_string),
                ))
            })
            .await?;
        self.describe_batches(arns, 100, |batch| async move {
            let n = batch.len();
            let out = self
                .call(
                    "DescribeClusters",
                    &format!("({n})"),
                    || {
                        self.gate
                            .ecs
                            .describe_clusters()
                            .set_clusters(Some(batch))
                            .send()
                    },
                    |o| format!("{} clusters", o.clusters().len()),
                )
                .await?;
            Ok((
                out.clusters().iter().map(convert::cluster).collect(),
                out.failures().iter().map(convert::failure).collect(),
            ))
        })
        .await
    }

    async fn services(&self, cluster: &str) -> FetchResult<Listing<Service>> {
        let arns = self.service_arns(cluster).await?;
        self.describe_services(cluster, arns).await
    }

    async fn tasks(
        &self,
        cluster: &str,
        scope: &TaskScope,
        status: TaskStatus,
    ) -> FetchResult<Listing<Arc<Task>>> {
        self.list_tasks(cluster, scope, status, &|_| {}).await
    }

    async fn tasks_in_batches(
        &self,
        cluster: &str,
        scope: &TaskScope,
        status: TaskStatus,
        sink: crate::backend::BatchSink<'_>,
    ) -> FetchResult<Listing<Arc<Task>>> {
        self.list_tasks(cluster, scope, status, sink).await
    }

    async fn task(&self, cluster: &str, arn: &str) -> FetchResult<Option<Task>> {
        let listing = self.describe_tasks(cluster, vec![arn.to_string()]).await?;
        Ok(listing.items.into_iter().find(|t| t.arn == arn))
    }

    async fn tasks_by_arn(
        &self,
        cluster: &str,
        arns: &[String],
    ) -> FetchResult<Listing<Arc<Task>>> {
        let l = self.describe_tasks(cluster, arns.to_vec()).await?;
        Ok(Listing::with_failures(
            l.items.into_iter().map(Arc::new).collect(),
            l.failures,
        ))
    }

    async fn services_by_name(
        &self,
        cluster: &str,
        names: &[String],
    ) -> FetchResult<Listing<Service>> {
        self.describe_services(cluster, names.to_vec()).await
    }

    async fn container_instances(&self, cluster: &str) -> FetchResult<Listing<ContainerInstance>> {
        let arns = self
            .paginate(|token| async move {
                let out = self
                    .call(
                        "ListContainerInstances",
                        cluster,
                        || {
                            self.gate
                                .ecs
                                .list_container_instances()
                                .cluster(cluster)
                                .max_results(100)
                                .set_next_token(token)
                                .send()
                        },
                        |o| page_note(o.container_instance_arns().len(), o.next_token().is_some()),
                    )
                    .await?;
                Ok((
                    out.container_instance_arns().to_vec(),
                    out.next_token().map(str::to_string),
                ))
            })
            .await?;
        let listing = self.describe_container_instances(cluster, arns).await?;
        let mut listing = listing;
        listing.note = self.fill_markets(&mut listing.items).await;
        Ok(listing)
    }

    async fn scalable_target(
        &self,
        cluster: &str,
        service: &str,
    ) -> FetchResult<Option<ScalableTarget>> {
        use aws_sdk_applicationautoscaling::types::{ScalableDimension, ServiceNamespace};
        let Some(autoscaling) = &self.gate.autoscaling else {
            return Err(FetchError::Other(
                "Application Auto Scaling is not configured".into(),
            ));
        };
        let resource = format!(
            "service/{}/{}",
            crate::model::name_from_arn(cluster),
            crate::model::name_from_arn(service)
        );
        let out = self
            .call(
                "DescribeScalableTargets",
                &resource,
                || {
                    autoscaling
                        .describe_scalable_targets()
                        .service_namespace(ServiceNamespace::Ecs)
                        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
                        .resource_ids(&resource)
                        .send()
                },
                |o| format!("{} targets", o.scalable_targets().len()),
            )
            .await?;
        Ok(out.scalable_targets().first().map(|t| ScalableTarget {
            min: t.min_capacity(),
            max: t.max_capacity(),
        }))
    }

    async fn service_metrics(
        &self,
        cluster: &str,
        services: &[String],
    ) -> FetchResult<crate::model::MetricsData> {
        self.get_service_metrics(cluster, services).await
    }

    async fn task_metrics(
        &self,
        cluster: &str,
        tasks: &[crate::model::TaskMetricKey],
    ) -> FetchResult<crate::model::MetricsData> {
        self.get_task_metrics(cluster, tasks).await
    }

    async fn targets(
        &self,
        cluster: &str,
        services: &[String],
        tasks: bool,
    ) -> FetchResult<crate::model::TargetsData> {
        self.read_targets(cluster, services, tasks).await
    }

    async fn alarms(&self, state: Option<&str>) -> FetchResult<Vec<crate::model::Alarm>> {
        self.describe_alarms(state).await
    }

    async fn capacity(&self, cluster: &str) -> FetchResult<crate::model::CapacityData> {
        self.read_capacity(cluster).await
    }

    async fn scaling(
        &self,
        cluster: &str,
        service: Option<&str>,
    ) -> FetchResult<crate::model::ScalingData> {
        self.read_scaling(cluster, service).await
    }

    async fn scaling_activities(
        &self,
        cluster: &str,
        service: Option<&str>,
    ) -> FetchResult<Vec<crate::model::ScalingActivity>> {
        self.describe_scaling_activities(cluster, service).await
    }

    async fn task_definition(&self, arn: &str) -> FetchResult<TaskDefinition> {
        self.describe_revision(arn).await
    }

    async fn families(&self) -> FetchResult<Listing<crate::model::Family>> {
        self.list_families().await
    }

    async fn revisions(&self, family: &str) -> FetchResult<Listing<TaskDefinition>> {
        self.family_revisions(family).await
    }

    async fn log_tail(
        &self,
        group: &str,
        stream: &str,
        limit: usize,
    ) -> FetchResult<Vec<LogEvent>> {
        self.get_log_tail(group, stream, limit).await
    }

    async fn filter_events(
        &self,
        filter: &crate::backend::LogFilter<'_>,
    ) -> FetchResult<Vec<LogEvent>> {
        self.filter_log_events(filter).await
    }

    async fn log_streams(
        &self,
        group: &str,
        prefix: Option<&str>,
        next: Option<&str>,
    ) -> FetchResult<crate::backend::StreamPage> {
        self.describe_log_streams(group, prefix, next).await
    }

    async fn live_tail(
        &self,
        groups: &[(String, String)],
        streams: &[String],
    ) -> FetchResult<Option<LiveTail>> {
        self.start_live_tail(groups, streams).await
    }
}

impl AwsBackend {
    /// Every service of a cluster (ListServices, every page).
    /// DescribeContainerInstances of these ARNs, 100 a call (without EC2's word on Spot).
    pub(super) async fn describe_container_instances(
        &self,
        cluster: &str,
        arns: Vec<String>,
    ) -> FetchResult<Listing<ContainerInstance>> {
        self.describe_batches(arns, 100, |batch| async move {
            let n = batch.len();
            let out = self
                .call(
                    "DescribeContainerInstances",
                    &format!("{cluster} ({n})"),
                    || {
                        self.gate
                            .ecs
                            .describe_container_instances()
                            .cluster(cluster)
                            .set_container_instances(Some(batch))
                            .send()
                    },
                    |o| format!("{} instances", o.container_instances().len()),
                )
                .await?;
            Ok((
                out.container_instances()
                    .iter()
                    .map(convert::container_instance)
                    .collect(),
                out.failures().iter().map(convert::failure).collect(),
            ))
        })
        .await
    }

    pub(super) async fn service_arns(&self, cluster: &str) -> FetchResult<Vec<String>> {
        self.paginate(|token| async move {
            let out = self
                .call(
                    "ListServices",
                    cluster,
                    || {
                        self.gate
                            .ecs
                            .list_services()
                            .cluster(cluster)
                            .max_results(100)
                            .set_next_token(token)
                            .send()
                    },
                    |o| page_note(o.service_arns().len(), o.next_token().is_some()),
                )
                .await?;
            Ok((
                out.service_arns().to_vec(),
                out.next_token().map(str::to_string),
            ))
        })
        .await
    }
}
