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
        Ok(())
    }
}
