//! The simulated clusters' capacity: prod-batch runs on an Auto Scaling group provider with
//! managed scaling and termination protection; the Fargate clusters on FARGATE (the default) and
//! FARGATE_SPOT (web-frontend's strategy).

use super::world::World;
use crate::model::{
    is_fargate, CapacityData, CapacityProvider, FetchError, GroupSize, ServicePlacement,
    StrategyItem,
};

impl World {
    pub fn capacity(&self, cluster: &str) -> Result<CapacityData, FetchError> {
        let ci = self.cluster_index(cluster)?;
        let c = &self.clusters[ci];
        let active = self
            .instances
            .iter()
            .filter(|i| i.cluster == ci && i.status == "ACTIVE")
            .count();
        let providers: Vec<CapacityProvider> = c
            .capacity_providers
            .iter()
            .map(|name| {
                if is_fargate(name) {
                    CapacityProvider {
                        name: name.clone(),
                        status: Some("ACTIVE".into()),
                        ..CapacityProvider::default()
                    }
                } else {
                    CapacityProvider {
                        name: name.clone(),
                        status: Some("ACTIVE".into()),
                        auto_scaling_group: Some(format!("{}-group", c.name)),
                        managed_scaling: Some("ENABLED".into()),
                        target_capacity: Some(100),
                        termination_protection: Some("ENABLED".into()),
                        managed_draining: Some("ENABLED".into()),
                        // Managed scaling keeps the group at the cluster's instances.
                        group: Some(GroupSize {
                            min: 2,
                            max: 8,
                            desired: active as i32,
                            in_service: active,
                            spot: None,
                        }),
                        group_note: None,
                    }
                }
            })
            .collect();
        let default_strategy = c
            .capacity_providers
            .first()
            .map(|p| StrategyItem {
                provider: p.clone(),
                base: 0,
                weight: 1,
            })
            .into_iter()
            .collect();
        let mut services: Vec<ServicePlacement> = self
            .services(cluster)?
            .items
            .into_iter()
            .map(ServicePlacement::of)
            .collect();
        services.sort_by(|a, b| a.service.cmp(&b.service));
        Ok(CapacityData {
            providers,
            default_strategy,
            services,
        })
    }
}
