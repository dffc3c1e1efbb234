//! The write side of an AWS account, through the same gate as the reads (permits, rate budget, API
//! log, error mapping). Built only when the console is not read-only.

use super::{convert, Gate};
use crate::backend::{EcsWrite, FetchResult};
use crate::model::{FetchError, ResourceFailure};
use async_trait::async_trait;
use aws_sdk_ecs::types::ContainerInstanceStatus;
use std::sync::Arc;

pub struct AwsWriter {
    pub(super) gate: Arc<Gate>,
}

#[async_trait]
impl EcsWrite for AwsWriter {
    async fn set_desired_count(
        &self,
        cluster: &str,
        service: &str,
        desired: i32,
    ) -> FetchResult<()> {
        let g = &self.gate;
        g.call(
            "UpdateService",
            &format!("{cluster}/{service} desiredCount={desired}"),
            || {
                g.ecs
                    .update_service()
                    .cluster(cluster)
                    .service(service)
                    .desired_count(desired)
                    .send()
            },
            |_| String::new(),
        )
        .await
        .map(|_| ())
    }

    async fn force_new_deployment(&self, cluster: &str, service: &str) -> FetchResult<()> {
        let g = &self.gate;
        g.call(
            "UpdateService",
            &format!("{cluster}/{service} forceNewDeployment"),
            || {
                g.ecs
                    .update_service()
                    .cluster(cluster)
                    .service(service)
                    .force_new_deployment(true)
                    .send()
            },
            |_| String::new(),
        )
        .await
        .map(|_| ())
    }

    async fn set_task_definition(
        &self,
        cluster: &str,
        service: &str,
        task_definition: &str,
    ) -> FetchResult<()> {
        let g = &self.gate;
        g.call(
            "UpdateService",
            &format!(
                "{cluster}/{service} taskDefinition={}",
                crate::model::family_revision(task_definition)
            ),
            || {
                g.ecs
                    .update_service()
                    .cluster(cluster)
                    .service(service)
                    .task_definition(task_definition)
                    .send()
            },
            |_| String::new(),
        )
        .await
        .map(|_| ())
    }

    async fn stop_deployment(&self, cluster: &str, service: &str) -> FetchResult<()> {
        use aws_sdk_ecs::types::{ServiceDeploymentStatus, StopServiceDeploymentStopType};
        let g = &self.gate;
        let listed = g
            .call(
                "ListServiceDeployments",
                &format!("{cluster}/{service} in progress"),
                || {
                    g.ecs
                        .list_service_deployments()
                        .cluster(cluster)
                        .service(service)
                        .status(ServiceDeploymentStatus::Pending)
                        .status(ServiceDeploymentStatus::InProgress)
                        .send()
                },
                |o| format!("{} deployments", o.service_deployments().len()),
            )
            .await?;
        let Some(arn) = listed
            .service_deployments()
            .iter()
            .find_map(|d| d.service_deployment_arn())
            .map(str::to_string)
        else {
            return Err(FetchError::Other(format!(
                "{service} has no deployment in progress to roll back (ListServiceDeployments found none)"
            )));
        };
        g.call(
            "StopServiceDeployment",
            &format!("{cluster}/{service} ROLLBACK"),
            || {
                g.ecs
                    .stop_service_deployment()
                    .service_deployment_arn(&arn)
                    .stop_type(StopServiceDeploymentStopType::Rollback)
                    .send()
            },
            |_| String::new(),
        )
        .await
        .map(|_| ())
    }

    async fn stop_task(&self, cluster: &str, task: &str, reason: &str) -> FetchResult<()> {
        let g = &self.gate;
        g.call(
            "StopTask",
            &format!("{cluster}/{}", crate::model::short_id(task)),
            || {
                g.ecs
                    .stop_task()
                    .cluster(cluster)
                    .task(task)
                    .reason(reason)
                    .send()
            },
            |_| String::new(),
        )
        .await
        .map(|_| ())
    }

    async fn set_instances_state(
        &self,
        cluster: &str,
        instances: &[String],
        draining: bool,
    ) -> FetchResult<Vec<ResourceFailure>> {
        if instances.len() > 10 {
            return Err(FetchError::Other(
                "UpdateContainerInstancesState takes at most 10 instances".into(),
            ));
        }
        let g = &self.gate;
        let status = if draining {
            ContainerInstanceStatus::Draining
        } else {
            ContainerInstanceStatus::Active
        };
        let out = g
            .call(
                "UpdateContainerInstancesState",
                &format!("{cluster} ({}) {}", instances.len(), status.as_str()),
                || {
                    g.ecs
                        .update_container_instances_state()
                        .cluster(cluster)
                        .set_container_instances(Some(instances.to_vec()))
                        .status(status.clone())
                        .send()
                },
                |o| format!("{} updated", o.container_instances().len()),
            )
            .await?;
        Ok(out.failures().iter().map(convert::failure).collect())
    }

    async fn set_scalable_target(
        &self,
        cluster: &str,
        service: &str,
        min: i32,
        max: i32,
    ) -> FetchResult<()> {
        use aws_sdk_applicationautoscaling::types::{ScalableDimension, ServiceNamespace};
        let g = &self.gate;
        let Some(autoscaling) = &g.autoscaling else {
            return Err(FetchError::Other(
                "Application Auto Scaling is not configured".into(),
            ));
        };
        let resource = format!(
            "service/{}/{}",
            crate::model::name_from_arn(cluster),
            crate::model::name_from_arn(service)
        );
        g.call(
            "RegisterScalableTarget",
            &format!("{resource} min={min} max={max}"),
            || {
                autoscaling
                    .register_scalable_target()
                    .service_namespace(ServiceNamespace::Ecs)
                    .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
                    .resource_id(&resource)
                    .min_capacity(min)
                    .max_capacity(max)
                    .send()
            },
            |_| String::new(),
        )
        .await
        .map(|_| ())
    }

    async fn enable_exec(&self, cluster: &str, service: &str) -> FetchResult<()> {
        let g = &self.gate;
        g.call(
            "UpdateService",
            &format!("{cluster}/{service} enableExecuteCommand=true"),
            || {
                g.ecs
                    .update_service()
                    .cluster(cluster)
                    .service(service)
                    .enable_execute_command(true)
                    .send()
            },
            |_| String::new(),
        )
        .await
        .map(|_| ())
    }

    async fn execute_command(
        &self,
        cluster: &str,
        task: &str,
        container: &str,
        command: &str,
    ) -> FetchResult<crate::model::ExecSession> {
        super::exec::execute_command(&self.gate, cluster, task, container, command).await
    }
}
