//! `:pulse`: every cluster of this account, or of each account (AWS profile) and region named,
//! read at once; what cannot be read is said in its own row and the rest still shown.

use super::{EcsRead, FetchResult};
use crate::model::{FetchError, TaskScope, TaskStatus};

/// The backend that reads `scope`: this one, the same account in another region, or another
/// account. An error is the sentence its row says.
async fn scope_backend(
    backend: &dyn EcsRead,
    scope: &crate::model::PulseScope,
) -> Result<Option<std::sync::Arc<dyn EcsRead>>, String> {
    let own_profile = scope.profile.is_none() || scope.profile == backend.profile();
    let own_region = scope.region.is_none() || scope.region == backend.region();
    match (&scope.profile, &scope.region) {
        (Some(profile), region) if !own_profile => backend
            .for_account(profile, region.as_deref())
            .await
            .map(Some)
            .map_err(|e| e.to_string()),
        (_, Some(region)) if !own_region => backend
            .for_region(region)
            .map(Some)
            .ok_or_else(|| "this account cannot be read in another region".to_string()),
        _ => Ok(None),
    }
}

/// `:pulse` over several accounts and regions, each read at once (each has its own clients and
/// rate budget): each scope's clusters, named `label/cluster` (`@prod/api`, `eu-west-1/api`). A
/// scope that cannot be read is its own row and the others are still shown.
pub(super) async fn pulse_scopes(
    backend: &dyn EcsRead,
    scopes: &[crate::model::PulseScope],
) -> crate::model::PulseData {
    let read = scopes.iter().map(|scope| async move {
        let data = match scope_backend(backend, scope).await {
            Ok(None) => pulse(backend).await.map_err(|e| e.to_string()),
            Ok(Some(b)) => pulse(b.as_ref()).await.map_err(|e| e.to_string()),
            Err(e) => Err(e),
        };
        (scope.label(), data)
    });
    let mut all = crate::model::PulseData::default();
    for (label, data) in futures::future::join_all(read).await {
        all.scopes.push(label.clone());
        let data = match data {
            Ok(d) => d,
            Err(e) => {
                all.unread.push((label, e));
                continue;
            }
        };
        let named = |n: &str| format!("{label}/{n}");
        all.clusters.extend(data.clusters.into_iter().map(|mut c| {
            c.name = named(&c.name);
            c
        }));
        all.services
            .extend(data.services.into_iter().map(|(c, v)| (named(&c), v)));
        all.stopped
            .extend(data.stopped.into_iter().map(|(c, v)| (named(&c), v)));
        all.instances
            .extend(data.instances.into_iter().map(|(c, v)| (named(&c), v)));
        all.failures
            .extend(data.failures.into_iter().map(|f| format!("{label}: {f}")));
        all.alarms.extend(data.alarms.into_iter().map(|mut a| {
            a.cluster = a.cluster.map(|c| named(&c));
            a
        }));
    }
    all
}

/// Everything `:pulse` shows, cluster by cluster: a cluster that fails to answer is reported and
/// the others still shown; only when the cluster list itself fails is it an error.
pub(super) async fn pulse(backend: &dyn EcsRead) -> FetchResult<crate::model::PulseData> {
    let clusters = backend.clusters().await?.items;
    let mut data = crate::model::PulseData {
        clusters: clusters.clone(),
        ..Default::default()
    };
    for c in &clusters {
        let name = c.name.clone();
        match backend.services(&name).await {
            Ok(l) => data.services.push((name.clone(), l.items)),
            Err(e) => data.failures.push(format!("{name}: services: {e}")),
        }
        match backend
            .tasks(&name, &TaskScope::Cluster, TaskStatus::Stopped)
            .await
        {
            Ok(l) => data.stopped.push((name.clone(), l.items)),
            Err(e) => data.failures.push(format!("{name}: stopped tasks: {e}")),
        }
        if c.registered_instances.unwrap_or(0) > 0 {
            match backend.container_instances(&name).await {
                Ok(l) => data.instances.push((name.clone(), l.items)),
                Err(e) => data.failures.push(format!("{name}: instances: {e}")),
            }
        }
    }
    // Alarms in ALARM that name one of these clusters: one listing for them all.
    match backend.alarms(Some(crate::model::IN_ALARM)).await {
        Ok(alarms) => {
            data.alarms = alarms
                .into_iter()
                .filter(|a| {
                    a.cluster
                        .as_ref()
                        .is_some_and(|c| clusters.iter().any(|k| &k.name == c))
                })
                .collect()
        }
        Err(FetchError::Auth(_)) => data
            .failures
            .push("alarms not shown: cloudwatch:DescribeAlarms is not allowed".into()),
        Err(e) => data.failures.push(format!("alarms not shown: {e}")),
    }
    Ok(data)
}
