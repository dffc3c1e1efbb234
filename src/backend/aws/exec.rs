//! ECS Exec on AWS: ExecuteCommand, then what `session-manager-plugin` needs to join the
//! session — the container's runtime id (DescribeTasks, as the AWS CLI does), the region, the
//! profile and the ECS endpoint — and the errors of ExecuteCommand as one sentence with the fix.

use super::Gate;
use crate::backend::FetchResult;
use crate::model::{short_id, ExecSession, FetchError};

/// The plugin's parameters name this endpoint when there is no override.
async fn endpoint(g: &Gate) -> String {
    use aws_sdk_ecs::config::endpoint::{DefaultResolver, Params, ResolveEndpoint};
    if let Some(url) = &g.endpoint_url {
        return url.clone();
    }
    let region = g
        .ecs
        .config()
        .region()
        .map(|r| r.to_string())
        .unwrap_or_default();
    let params = Params::builder().region(region.clone()).build();
    let resolved = match params {
        Ok(p) => DefaultResolver::new()
            .resolve_endpoint(&p)
            .await
            .ok()
            .map(|e| e.url().to_string()),
        Err(_) => None,
    };
    resolved.unwrap_or_else(|| format!("https://ecs.{region}.amazonaws.com"))
}

pub(super) async fn execute_command(
    g: &Gate,
    cluster: &str,
    task: &str,
    container: &str,
    command: &str,
) -> FetchResult<ExecSession> {
    let label = format!("{cluster}/{}/{container}", short_id(task));
    let out = g
        .call(
            "ExecuteCommand",
            &format!("{label} `{command}`"),
            || {
                g.ecs
                    .execute_command()
                    .cluster(cluster)
                    .task(task)
                    .container(container)
                    .command(command)
                    .interactive(true)
                    .send()
            },
            |o| {
                o.session()
                    .and_then(|s| s.session_id())
                    .map(|id| format!("session {id}"))
                    .unwrap_or_default()
            },
        )
        .await
        .map_err(explain)?;
    let session = out
        .session()
        .ok_or_else(|| FetchError::Other("ExecuteCommand: the answer opened no session".into()))?;
    let (Some(id), Some(url), Some(token)) = (
        session.session_id(),
        session.stream_url(),
        session.token_value(),
    ) else {
        return Err(FetchError::Other(
            "ExecuteCommand: the session in the answer is incomplete (no id, stream URL or token)"
                .into(),
        ));
    };
    let cluster_arn = out.cluster_arn().unwrap_or(cluster).to_string();
    let task_arn = out.task_arn().unwrap_or(task).to_string();
    let name = out.container_name().unwrap_or(container).to_string();
    // The target names the container's runtime id, which only DescribeTasks tells.
    let described = g
        .call(
            "DescribeTasks",
            &format!("{cluster} 1 task"),
            || {
                g.ecs
                    .describe_tasks()
                    .cluster(cluster)
                    .tasks(task_arn.as_str())
                    .send()
            },
            |o| format!("{} task(s)", o.tasks().len()),
        )
        .await?;
    let runtime_id = described
        .tasks()
        .first()
        .and_then(|t| t.containers().iter().find(|c| c.name() == Some(name.as_str())))
        .and_then(|c| c.runtime_id())
        .ok_or_else(|| {
            FetchError::Other(format!(
                "the container {name} of task {} has no runtime id yet (is it running?): try again in a few seconds",
                short_id(&task_arn)
            ))
        })?
        .to_string();
    Ok(ExecSession {
        session_json: ExecSession::session_json(id, url, token),
        target: ExecSession::target_of(&cluster_arn, &task_arn, &runtime_id),
        region: g
            .ecs
            .config()
            .region()
            .map(|r| r.to_string())
            .unwrap_or_default(),
        profile: g.profile.clone(),
        endpoint: endpoint(g).await,
        label: format!("{label} `{command}`"),
    })
}

/// ExecuteCommand's errors as one sentence each, with the fix.
pub fn explain(e: FetchError) -> FetchError {
    let text = e.to_string();
    if text.contains("TargetNotConnectedException") {
        return FetchError::Other(
            "ExecuteCommand: the container's ExecuteCommandAgent is not connected to Systems Manager (TargetNotConnectedException): give the task role ssmmessages:CreateControlChannel, CreateDataChannel, OpenControlChannel and OpenDataChannel, and the task a route to ssmmessages (NAT or a VPC endpoint); amazon-ecs-exec-checker finds which".into(),
        );
    }
    if text.contains("InvalidParameterException")
        && (text.contains("execute command") || text.contains("ExecuteCommand"))
    {
        return FetchError::Other(
            "ExecuteCommand: this task was started without ECS Exec, or its agent is not running (InvalidParameterException): turn ECS Exec on for the service (E in the exec dialog), then start new tasks (force a new deployment) and enter one of those".into(),
        );
    }
    if matches!(e, FetchError::Auth(_)) && text.contains("AccessDenied") {
        return FetchError::Auth(
            "ExecuteCommand: access denied: your identity needs ecs:ExecuteCommand on this task (docs/iam.md)".into(),
        );
    }
    e
}
