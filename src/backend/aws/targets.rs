//! Load balancer target health: the services' target groups (from DescribeServices), the groups
//! themselves (DescribeTargetGroups, 20 a call), each group's targets (DescribeTargetHealth, one
//! group a call) — and, when asked, each target matched to its task: the services' running
//! tasks (ListTasks, DescribeTasks 100 a call) give their private IPs and host ports, their
//! container instances (DescribeContainerInstances, 100 a call) the EC2 instance ids.

use super::{convert, AwsBackend};
use crate::backend::FetchResult;
use crate::model::{
    load_balancer_name, match_tasks, FetchError, Target, TargetGroup, TargetsData, TaskAddress,
};
use std::collections::{BTreeMap, HashMap};

/// DescribeTargetGroups: target groups named a call.
const GROUPS_PER_CALL: usize = 20;

impl AwsBackend {
    pub(super) async fn read_targets(
        &self,
        cluster: &str,
        services: &[String],
        tasks: bool,
    ) -> FetchResult<TargetsData> {
        let Some(elb) = &self.gate.elb else {
            return Err(FetchError::Other(
                "load balancer target health is not configured".into(),
            ));
        };
        let names: Vec<String> = if services.is_empty() {
            self.service_arns(cluster).await?
        } else {
            services.to_vec()
        };
        let described = self.describe_services(cluster, names).await?;
        let mut out = TargetsData {
            services: described.items.iter().map(|s| s.name.clone()).collect(),
            ..TargetsData::default()
        };
        // Which service each group serves (a group serves one service).
        let mut of_group: BTreeMap<String, String> = BTreeMap::new();
        for s in &described.items {
            for g in &s.target_groups {
                of_group.insert(g.clone(), s.name.clone());
            }
        }
        let arns: Vec<String> = of_group.keys().cloned().collect();
        for chunk in arns.chunks(GROUPS_PER_CALL) {
            let page = self
                .call(
                    "DescribeTargetGroups",
                    &format!("{cluster} ({})", chunk.len()),
                    || {
                        elb.describe_target_groups()
                            .set_target_group_arns(Some(chunk.to_vec()))
                            .send()
                    },
                    |o| format!("{} target groups", o.target_groups().len()),
                )
                .await?;
            for g in page.target_groups() {
                let arn = g.target_group_arn().unwrap_or_default().to_string();
                out.groups.push(TargetGroup {
                    service: of_group.get(&arn).cloned().unwrap_or_default(),
                    name: g.target_group_name().unwrap_or_default().to_string(),
                    arn,
                    target_type: g.target_type().map(|t| t.as_str().to_string()),
                    protocol: g.protocol().map(|p| p.as_str().to_string()),
                    port: g.port(),
                    load_balancers: g
                        .load_balancer_arns()
                        .iter()
                        .map(|a| load_balancer_name(a))
                        .collect(),
                    health_check_path: g.health_check_path().map(str::to_string),
                });
            }
        }
        for group in &out.groups {
            let answer = self
                .call(
                    "DescribeTargetHealth",
                    &group.name,
                    || {
                        elb.describe_target_health()
                            .target_group_arn(&group.arn)
                            .send()
                    },
                    |o| format!("{} targets", o.target_health_descriptions().len()),
                )
                .await;
            let page = match answer {
                Ok(p) => p,
                // Not allowed is not allowed for every group: the whole answer says so.
                Err(e @ FetchError::Auth(_)) => return Err(e),
                Err(e) => {
                    out.errors.push(format!("{}: {e}", group.name));
                    continue;
                }
            };
            for d in page.target_health_descriptions() {
                let Some(t) = d.target() else { continue };
                let mut target = Target::new(group, t.id().unwrap_or_default(), t.port());
                target.zone = t.availability_zone().map(str::to_string);
                if let Some(h) = d.target_health() {
                    target.state = h
                        .state()
                        .map(|s| s.as_str().to_string())
                        .unwrap_or_default();
                    target.reason = h.reason().map(|r| r.as_str().to_string());
                    target.description = h.description().map(str::to_string);
                }
                out.targets.push(target);
            }
        }
        if tasks && !out.targets.is_empty() {
            let served: Vec<String> = out.groups.iter().map(|g| g.service.clone()).collect();
            let addresses = self.task_addresses(cluster, &served).await?;
            match_tasks(&mut out, &addresses);
        }
        Ok(out)
    }

    /// The running tasks of these services and where each can be reached.
    async fn task_addresses(
        &self,
        cluster: &str,
        services: &[String],
    ) -> FetchResult<Vec<TaskAddress>> {
        let mut arns: Vec<String> = Vec::new();
        for service in services {
            let listed = self
                .paginate(|token| async move {
                    let out = self
                        .call(
                            "ListTasks",
                            &format!("{cluster}/{service}"),
                            || {
                                self.gate
                                    .ecs
                                    .list_tasks()
                                    .cluster(cluster)
                                    .service_name(service)
                                    .max_results(100)
                                    .set_next_token(token)
                                    .send()
                            },
                            |o| format!("{} items", o.task_arns().len()),
                        )
                        .await?;
                    Ok((
                        out.task_arns().to_vec(),
                        out.next_token().map(str::to_string),
                    ))
                })
                .await?;
            arns.extend(listed);
        }
        arns.sort();
        arns.dedup();
        // Described as every listing is: 100 a call, a few batches at once.
        let raw = self
            .describe_batches(arns, 100, |batch| async move {
                let n = batch.len();
                let out = self
                    .call(
                        "DescribeTasks",
                        &format!("{cluster} ({n})"),
                        || {
                            self.gate
                                .ecs
                                .describe_tasks()
                                .cluster(cluster)
                                .set_tasks(Some(batch))
                                .send()
                        },
                        |o| format!("{} tasks", o.tasks().len()),
                    )
                    .await?;
                Ok((out.tasks.unwrap_or_default(), Vec::new()))
            })
            .await?
            .items;
        let mut instance_arns: Vec<String> = raw
            .iter()
            .filter_map(|t| t.container_instance_arn().map(str::to_string))
            .collect();
        instance_arns.sort();
        instance_arns.dedup();
        let instances: HashMap<String, String> = self
            .describe_container_instances(cluster, instance_arns)
            .await?
            .items
            .into_iter()
            .filter_map(|i| Some((i.arn, i.ec2_instance_id?)))
            .collect();
        Ok(raw
            .iter()
            .map(|t| convert::task_address(t, &instances))
            // ListTasks(serviceName) is trusted only as far as the task's group says so.
            .filter(|a| a.service.as_ref().is_some_and(|s| services.contains(s)))
            .collect())
    }
}
