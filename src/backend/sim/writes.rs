//! What the simulated account does when the console changes it: the same validation and the same
//! follow-on behaviour as ECS (the scheduler in `dynamics.rs` does the rest).

use super::world::World;
use crate::model::{FetchError, ResourceFailure, ScalableTarget};

impl World {
    fn service_index(&self, cluster: &str, service: &str) -> Result<usize, FetchError> {
        let ci = self.cluster_index(cluster)?;
        let name = crate::model::name_from_arn(service);
        self.services
            .iter()
            .position(|s| s.cluster == ci && s.name == name)
            .ok_or_else(|| {
                FetchError::NotFound(format!(
                    "UpdateService: service {name} not found (ServiceNotFoundException)"
                ))
            })
    }

    /// UpdateService(desiredCount): the scheduler starts or stops tasks over the next seconds.
    pub fn set_desired(
        &mut self,
        cluster: &str,
        service: &str,
        desired: i32,
    ) -> Result<(), FetchError> {
        if desired < 0 {
            return Err(FetchError::Other(format!(
                "UpdateService: InvalidParameterException: desiredCount must be 0 or more, not {desired}"
            )));
        }
        let si = self.service_index(cluster, service)?;
        self.services[si].desired = desired;
        Ok(())
    }

    /// UpdateService(forceNewDeployment): a new PRIMARY deployment of the same task definition.
    pub fn force_deployment(&mut self, cluster: &str, service: &str) -> Result<(), FetchError> {
        let si = self.service_index(cluster, service)?;
        self.new_deployment_of(si, false);
        Ok(())
    }

    /// UpdateService(taskDefinition): a new PRIMARY deployment of that revision, which rolls
    /// like any other. An INACTIVE revision is refused, as ECS refuses it.
    pub fn set_task_definition(
        &mut self,
        cluster: &str,
        service: &str,
        arn: &str,
    ) -> Result<(), FetchError> {
        let si = self.service_index(cluster, service)?;
        let td = self.task_definitions.get(arn).ok_or_else(|| {
            FetchError::Other(format!(
                "UpdateService: ClientException: unable to describe task definition {}",
                crate::model::family_revision(arn)
            ))
        })?;
        if !td.is_active() {
            return Err(FetchError::Other(format!(
                "UpdateService: ClientException: TaskDefinition {} is inactive",
                crate::model::family_revision(arn)
            )));
        }
        self.new_deployment_to(si, Some(arn.to_string()));
        Ok(())
    }

    /// StopServiceDeployment(ROLLBACK): the deployment in progress is marked failed and a new
    /// one to the previous deployment's task definition rolls.
    pub fn stop_deployment(&mut self, cluster: &str, service: &str) -> Result<(), FetchError> {
        let si = self.service_index(cluster, service)?;
        let svc = &mut self.services[si];
        let in_progress = svc.deployments.first().is_some_and(|d| {
            d.rollout == crate::model::RolloutState::InProgress && svc.deployments.len() > 1
        });
        if !in_progress {
            return Err(FetchError::Other(format!(
                "StopServiceDeployment: {service} has no deployment in progress to roll back"
            )));
        }
        let previous = svc.deployments[1].task_definition.clone();
        let now = self.now;
        let primary = &mut svc.deployments[0];
        primary.rollout = crate::model::RolloutState::Failed;
        primary.reason =
            Some("Service deployment rolled back on request (StopServiceDeployment).".into());
        primary.updated_at = now;
        self.new_deployment_to(si, Some(previous));
        Ok(())
    }

    /// UpdateService(enableExecuteCommand=true): tasks started from now on can be entered.
    pub fn enable_exec(&mut self, cluster: &str, service: &str) -> Result<(), FetchError> {
        let si = self.service_index(cluster, service)?;
        self.services[si].exec = true;
        Ok(())
    }

    /// ExecuteCommand: refused as ECS refuses it for a task started without ECS Exec; for any
    /// other, the simulated account says plainly that it has nothing to enter.
    pub fn execute_command(
        &self,
        cluster: &str,
        arn: &str,
    ) -> Result<crate::model::ExecSession, FetchError> {
        let ci = self.cluster_index(cluster)?;
        let cluster_arn = self.arn("cluster", &self.clusters[ci].name);
        let task = self
            .tasks
            .values()
            .find(|st| st.task.arn == arn && st.task.cluster_arn == cluster_arn)
            .ok_or_else(|| {
                FetchError::NotFound(format!(
                    "ExecuteCommand: InvalidParameterException: task {} not found",
                    crate::model::short_id(arn)
                ))
            })?;
        if !task.task.enable_execute_command {
            return Err(FetchError::Other(
                "ExecuteCommand: InvalidParameterException: The execute command failed because execute command was not enabled when the task was run or the execute command agent isn't running. Wait and try again or run a new task with execute command enabled and try again.".into(),
            ));
        }
        Err(FetchError::Other(
            "the demo account has no containers to enter: ECS Exec opens a shell in a real container, so run ecsdeck against an account to use it".into(),
        ))
    }

    /// StopTask: the task stops within seconds; a service replaces it.
    pub fn stop_task(&mut self, cluster: &str, arn: &str, reason: &str) -> Result<(), FetchError> {
        let ci = self.cluster_index(cluster)?;
        let cluster_arn = self.arn("cluster", &self.clusters[ci].name);
        let now = self.now;
        let st = self
            .tasks
            .values_mut()
            .find(|t| t.task.arn == arn && t.task.cluster_arn == cluster_arn)
            .ok_or_else(|| {
                FetchError::NotFound(format!(
                    "StopTask: task {} not found",
                    crate::model::short_id(arn)
                ))
            })?;
        super::dynamics::begin_stop(st, now, "UserInitiated", reason);
        Ok(())
    }

    /// UpdateContainerInstancesState: only an ACTIVE instance can drain, only a DRAINING one can be
    /// made ACTIVE again; others are reported as failures, as ECS does.
    pub fn set_instances_state(
        &mut self,
        cluster: &str,
        arns: &[String],
        draining: bool,
    ) -> Result<Vec<ResourceFailure>, FetchError> {
        let ci = self.cluster_index(cluster)?;
        if arns.len() > 10 {
            return Err(FetchError::Other(
                "UpdateContainerInstancesState: InvalidParameterException: at most 10 instances"
                    .into(),
            ));
        }
        let (from, to) = if draining {
            ("ACTIVE", "DRAINING")
        } else {
            ("DRAINING", "ACTIVE")
        };
        let mut failures = Vec::new();
        for arn in arns {
            match self
                .instances
                .iter_mut()
                .find(|i| i.cluster == ci && &i.arn == arn)
            {
                Some(i) if i.status == from || i.status == to => i.status = to.to_string(),
                Some(i) => failures.push(ResourceFailure {
                    arn: Some(arn.clone()),
                    reason: format!("cannot go from {} to {to}", i.status),
                }),
                None => failures.push(ResourceFailure {
                    arn: Some(arn.clone()),
                    reason: "MISSING".into(),
                }),
            }
        }
        Ok(failures)
    }

    /// Application Auto Scaling's scalable target of a service, if it has one.
    pub fn scalable_target(
        &self,
        cluster: &str,
        service: &str,
    ) -> Result<Option<ScalableTarget>, FetchError> {
        let si = self.service_index(cluster, service)?;
        Ok(self.services[si]
            .scalable
            .map(|(min, max)| ScalableTarget { min, max }))
    }

    pub fn set_scalable_target(
        &mut self,
        cluster: &str,
        service: &str,
        min: i32,
        max: i32,
    ) -> Result<(), FetchError> {
        if min < 0 || max < min {
            return Err(FetchError::Other(format!(
                "RegisterScalableTarget: ValidationException: min {min} and max {max}"
            )));
        }
        let si = self.service_index(cluster, service)?;
        self.services[si].scalable = Some((min, max));
        self.clamp_to_bounds(si);
        Ok(())
    }
}
