//! Where a cluster's tasks get their capacity (`:capacity`): its capacity providers — an Auto
//! Scaling group with its managed scaling and termination protection, or Fargate and Fargate
//! Spot — the cluster's default strategy and each service's strategy (base, weight).

/// One entry of a capacity provider strategy.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StrategyItem {
    pub provider: String,
    pub base: i32,
    pub weight: i32,
}

/// A capacity provider as DescribeCapacityProviders reports it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CapacityProvider {
    pub name: String,
    pub status: Option<String>,
    /// The Auto Scaling group (its name), for an EC2 provider.
    pub auto_scaling_group: Option<String>,
    /// Managed scaling: ENABLED or DISABLED, and the target capacity (%).
    pub managed_scaling: Option<String>,
    pub target_capacity: Option<i32>,
    pub termination_protection: Option<String>,
    pub managed_draining: Option<String>,
    /// The group itself (DescribeAutoScalingGroups), where it could be read.
    pub group: Option<GroupSize>,
    /// Why the group could not be read (its action not allowed, say).
    pub group_note: Option<String>,
}

/// An Auto Scaling group's size and how it buys its instances.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupSize {
    pub min: i32,
    pub max: i32,
    pub desired: i32,
    /// Instances InService.
    pub in_service: usize,
    /// Spot in a mixed instances policy: on-demand base capacity and the on-demand share above
    /// it (%); None when every instance is on-demand (no mixed instances policy).
    pub spot: Option<(i32, i32)>,
}

impl GroupSize {
    /// `4 desired (min 2, max 8) · 4 in service · spot above 1 on-demand (25% on-demand)`.
    pub fn describe(&self) -> String {
        let mut s = format!(
            "{} desired (min {}, max {}) · {} in service",
            self.desired, self.min, self.max, self.in_service
        );
        match self.spot {
            Some((_, 100)) => s.push_str(" · on-demand"),
            Some((base, share)) => s.push_str(&format!(
                " · spot above {base} on-demand ({share}% on-demand)"
            )),
            None => s.push_str(" · on-demand"),
        }
        s
    }
}

/// Fargate's providers are AWS's own: nothing to describe.
pub fn is_fargate(provider: &str) -> bool {
    provider == "FARGATE" || provider == "FARGATE_SPOT"
}

/// A service's placement for `:capacity`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServicePlacement {
    pub service: String,
    pub strategy: Vec<StrategyItem>,
    pub launch_type: Option<String>,
}

impl ServicePlacement {
    pub fn of(s: super::Service) -> Self {
        Self {
            service: s.name,
            strategy: s.strategy,
            launch_type: s.launch_type,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CapacityData {
    pub providers: Vec<CapacityProvider>,
    pub default_strategy: Vec<StrategyItem>,
    pub services: Vec<ServicePlacement>,
}

/// One row of `:capacity`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CapacityRow {
    pub key: String,
    /// Where it comes in the listing (providers, the default, the services).
    pub order: usize,
    /// `provider`, `default` (the cluster's strategy) or the service's name.
    pub scope: String,
    pub provider: String,
    pub base: Option<i32>,
    pub weight: Option<i32>,
    pub detail: String,
}

fn provider_detail(p: &CapacityProvider) -> String {
    if is_fargate(&p.name) {
        return if p.name == "FARGATE_SPOT" {
            "Fargate Spot: spare capacity at a discount; a task can be stopped with two minutes' warning (stop code SpotInterruption)".into()
        } else {
            "Fargate".into()
        };
    }
    let mut parts = Vec::new();
    if let Some(asg) = &p.auto_scaling_group {
        parts.push(format!("Auto Scaling group {asg}"));
    }
    if let Some(g) = &p.group {
        parts.push(g.describe());
    }
    if let Some(n) = &p.group_note {
        parts.push(n.clone());
    }
    match (&p.managed_scaling, p.target_capacity) {
        (Some(s), Some(t)) if s == "ENABLED" => parts.push(format!("managed scaling to {t}%")),
        (Some(s), _) => parts.push(format!("managed scaling {s}")),
        _ => {}
    }
    if let Some(t) = &p.termination_protection {
        parts.push(format!("termination protection {t}"));
    }
    if let Some(d) = &p.managed_draining {
        parts.push(format!("managed draining {d}"));
    }
    parts.join(" · ")
}

fn strategy_rows(scope: &str, strategy: &[StrategyItem], out: &mut Vec<CapacityRow>) {
    for s in strategy {
        out.push(CapacityRow {
            key: format!("{scope}|{}", s.provider),
            order: 0,
            scope: scope.to_string(),
            provider: s.provider.clone(),
            base: Some(s.base),
            weight: Some(s.weight),
            detail: String::new(),
        });
    }
}

/// The rows: providers first, then the cluster's default strategy, then each service's.
pub fn capacity_rows(data: &CapacityData) -> Vec<CapacityRow> {
    let mut out = Vec::new();
    for p in &data.providers {
        out.push(CapacityRow {
            key: format!("provider|{}", p.name),
            order: 0,
            scope: "provider".into(),
            provider: p.name.clone(),
            base: None,
            weight: None,
            detail: provider_detail(p),
        });
    }
    strategy_rows("default", &data.default_strategy, &mut out);
    for s in &data.services {
        if s.strategy.is_empty() {
            out.push(CapacityRow {
                key: format!("{}|launch type", s.service),
                order: 0,
                scope: s.service.clone(),
                provider: s.launch_type.clone().unwrap_or_else(|| "–".into()),
                base: None,
                weight: None,
                detail: if s.launch_type.is_some() {
                    "launch type (no capacity provider strategy)".into()
                } else {
                    "the cluster's default strategy".into()
                },
            });
        } else {
            strategy_rows(&s.service, &s.strategy, &mut out);
        }
    }
    for (i, r) in out.iter_mut().enumerate() {
        r.order = i;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_read_providers_then_the_default_then_each_service() {
        let data = CapacityData {
            providers: vec![
                CapacityProvider {
                    name: "asg-prod".into(),
                    auto_scaling_group: Some("prod-asg".into()),
                    managed_scaling: Some("ENABLED".into()),
                    target_capacity: Some(90),
                    termination_protection: Some("ENABLED".into()),
                    ..Default::default()
                },
                CapacityProvider {
                    name: "FARGATE_SPOT".into(),
                    ..Default::default()
                },
            ],
            default_strategy: vec![StrategyItem {
                provider: "asg-prod".into(),
                base: 1,
                weight: 1,
            }],
            services: vec![
                ServicePlacement {
                    service: "web".into(),
                    strategy: vec![
                        StrategyItem {
                            provider: "FARGATE".into(),
                            base: 2,
                            weight: 1,
                        },
                        StrategyItem {
                            provider: "FARGATE_SPOT".into(),
                            base: 0,
                            weight: 3,
                        },
                    ],
                    launch_type: None,
                },
                ServicePlacement {
                    service: "batch".into(),
                    strategy: vec![],
                    launch_type: Some("EC2".into()),
                },
            ],
        };
        let rows = capacity_rows(&data);
        let scopes: Vec<&str> = rows.iter().map(|r| r.scope.as_str()).collect();
        assert_eq!(
            scopes,
            ["provider", "provider", "default", "web", "web", "batch"]
        );
        assert_eq!(
            rows[0].detail,
            "Auto Scaling group prod-asg · managed scaling to 90% · termination protection ENABLED"
        );
        assert!(rows[1].detail.contains("SpotInterruption"));
        assert_eq!((rows[4].base, rows[4].weight), (Some(0), Some(3)));
        assert_eq!(rows[5].provider, "EC2");
    }
}
