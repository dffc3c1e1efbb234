//! A cluster's capacity (`:capacity`): its providers and default strategy (DescribeClusters),
//! the providers that are Auto Scaling groups (DescribeCapacityProviders, by name: Fargate's are
//! AWS's own) and every service's strategy (ListServices, DescribeServices).

use super::{convert, AwsBackend};
use crate::backend::FetchResult;
use crate::model::{
    is_fargate, name_from_arn, CapacityData, CapacityProvider, FetchError, GroupSize,
    ServicePlacement,
};

impl AwsBackend {
    /// The providers' Auto Scaling groups, in one DescribeAutoScalingGroups (up to 100 names):
    /// size and purchase options. A group that cannot be read leaves its provider as it is, with
    /// why.
    async fn read_groups(&self, providers: &mut [CapacityProvider]) {
        let names: Vec<String> = providers
            .iter()
            .filter_map(|p| p.auto_scaling_group.clone())
            .collect();
        let Some(client) = &self.gate.groups else {
            return;
        };
        if names.is_empty() {
            return;
        }
        let answer = self
            .call(
                "DescribeAutoScalingGroups",
                &names.join(","),
                || {
                    client
                        .describe_auto_scaling_groups()
                        .set_auto_scaling_group_names(Some(names.clone()))
                        .send()
                },
                |o| format!("{} groups", o.auto_scaling_groups().len()),
            )
            .await;
        let groups = match answer {
            Ok(o) => o.auto_scaling_groups().to_vec(),
            Err(e) => {
                let note = match e {
                    FetchError::Auth(_) => {
                        "size not shown: autoscaling:DescribeAutoScalingGroups is not allowed"
                            .into()
                    }
                    other => format!("size not shown: {other}"),
                };
                for p in providers
                    .iter_mut()
                    .filter(|p| p.auto_scaling_group.is_some())
                {
                    p.group_note = Some(note.clone());
                }
                return;
            }
        };
        for p in providers.iter_mut() {
            let Some(name) = &p.auto_scaling_group else {
                continue;
            };
            let Some(g) = groups
                .iter()
                .find(|g| g.auto_scaling_group_name() == Some(name.as_str()))
            else {
                p.group_note = Some("the group is gone".into());
                continue;
            };
            let spot = g
                .mixed_instances_policy()
                .and_then(|m| m.instances_distribution())
                .map(|d| {
                    (
                        d.on_demand_base_capacity().unwrap_or(0),
                        d.on_demand_percentage_above_base_capacity().unwrap_or(100),
                    )
                });
            p.group = Some(GroupSize {
                min: g.min_size().unwrap_or_default(),
                max: g.max_size().unwrap_or_default(),
                desired: g.desired_capacity().unwrap_or_default(),
                in_service: g
                    .instances()
                    .iter()
                    .filter(|i| {
                        i.lifecycle_state()
                            .is_some_and(|s| s.as_str() == "InService")
                    })
                    .count(),
                spot,
            });
        }
    }

    pub(super) async fn read_capacity(&self, cluster: &str) -> FetchResult<CapacityData> {
        let out = self
            .call(
                "DescribeClusters",
                cluster,
                || self.gate.ecs.describe_clusters().clusters(cluster).send(),
                |o| format!("{} clusters", o.clusters().len()),
            )
            .await?;
        let Some(c) = out.clusters().first() else {
            return Err(FetchError::NotFound(format!("cluster {cluster} not found")));
        };
        let mut data = CapacityData {
            default_strategy: c
                .default_capacity_provider_strategy()
                .iter()
                .map(convert::strategy_item)
                .collect(),
            ..CapacityData::default()
        };
        let names: Vec<String> = c.capacity_providers().to_vec();
        let ec2: Vec<String> = names.iter().filter(|n| !is_fargate(n)).cloned().collect();
        let mut described = Vec::new();
        if !ec2.is_empty() {
            let page = self
                .call(
                    "DescribeCapacityProviders",
                    cluster,
                    || {
                        self.gate
                            .ecs
                            .describe_capacity_providers()
                            .set_capacity_providers(Some(ec2.clone()))
                            .send()
                    },
                    |o| format!("{} providers", o.capacity_providers().len()),
                )
                .await?;
            described = page.capacity_providers().to_vec();
        }
        for name in &names {
            let mut p = CapacityProvider {
                name: name.clone(),
                ..CapacityProvider::default()
            };
            if let Some(d) = described.iter().find(|d| d.name() == Some(name.as_str())) {
                p.status = d.status().map(|s| s.as_str().to_string());
                if let Some(asg) = d.auto_scaling_group_provider() {
                    p.auto_scaling_group =
                        Some(name_from_arn(asg.auto_scaling_group_arn()).to_string());
                    if let Some(m) = asg.managed_scaling() {
                        p.managed_scaling = m.status().map(|s| s.as_str().to_string());
                        p.target_capacity = m.target_capacity();
                    }
                    p.termination_protection = asg
                        .managed_termination_protection()
                        .map(|t| t.as_str().to_string());
                    p.managed_draining = asg.managed_draining().map(|t| t.as_str().to_string());
                }
            }
            data.providers.push(p);
        }
        self.read_groups(&mut data.providers).await;
        let arns = self.service_arns(cluster).await?;
        let services = self.describe_services(cluster, arns).await?;
        data.services = services
            .items
            .into_iter()
            .map(ServicePlacement::of)
            .collect();
        data.services.sort_by(|a, b| a.service.cmp(&b.service));
        Ok(data)
    }
}
