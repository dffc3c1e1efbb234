//! A cluster's capacity (`:capacity`): its providers and default strategy (DescribeClusters),
//! the providers that are Auto Scaling groups (DescribeCapacityProviders, by name: Fargate's are
//! AWS's own) and every service's strategy (ListServices, DescribeServices).

use super::{convert, AwsBackend};
use crate::backend::FetchResult;
use crate::model::{
    is_fargate, name_from_arn, CapacityData, CapacityProvider, FetchError, ServicePlacement,
};

impl AwsBackend {
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
