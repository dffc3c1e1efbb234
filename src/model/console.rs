//! AWS console addresses of the resources the console shows (`o` copies one), built from their
//! ARNs: the region and partition come from the ARN, so a link always points where the
//! resource is.

/// `https://eu-west-1.console.aws.amazon.com` for an ARN's partition and region.
fn host(partition: &str, region: &str) -> String {
    match partition {
        "aws-cn" => format!("https://{region}.console.amazonaws.cn"),
        "aws-us-gov" => format!("https://{region}.console.amazonaws-us-gov.com"),
        _ => format!("https://{region}.console.aws.amazon.com"),
    }
}

/// The partition and region of an ARN (`arn:PARTITION:SERVICE:REGION:ACCOUNT:…`).
fn place(arn: &str) -> Option<(&str, &str)> {
    let mut parts = arn.split(':');
    let (Some("arn"), Some(partition), Some(_), Some(region)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    (!region.is_empty()).then_some((partition, region))
}

fn ecs(arn: &str, path: &str) -> Option<String> {
    let (partition, region) = place(arn)?;
    Some(format!(
        "{}/ecs/v2/{path}?region={region}",
        host(partition, region)
    ))
}

/// A cluster: its services tab.
pub fn cluster_url(arn: &str, name: &str) -> Option<String> {
    ecs(arn, &format!("clusters/{name}/services"))
}

/// A service (`arn:…:service/CLUSTER/NAME`): its health tab.
pub fn service_url(arn: &str, cluster: &str, name: &str) -> Option<String> {
    ecs(arn, &format!("clusters/{cluster}/services/{name}/health"))
}

/// A task: its configuration.
pub fn task_url(arn: &str, cluster: &str) -> Option<String> {
    let id = super::short_id(arn);
    ecs(arn, &format!("clusters/{cluster}/tasks/{id}/configuration"))
}

/// A task definition revision: its containers.
pub fn task_definition_url(arn: &str) -> Option<String> {
    let fr = super::family_revision(arn);
    let (family, revision) = fr.rsplit_once(':')?;
    ecs(
        arn,
        &format!("task-definitions/{family}/{revision}/containers"),
    )
}

/// A container instance: the cluster's infrastructure tab, where it is listed.
pub fn instance_url(arn: &str, cluster: &str) -> Option<String> {
    let id = super::short_id(arn);
    ecs(
        arn,
        &format!("clusters/{cluster}/infrastructure/container-instances/{id}/configuration"),
    )
}

/// The CloudWatch console's encoding of a log group or stream name in its fragment: `/` is
/// `$252F` and every other reserved byte `$25XX`.
fn logs_escape(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("$25{b:02X}"));
        }
    }
    out
}

/// A log stream of a group, in the region named.
pub fn log_stream_url(region: &str, group: &str, stream: &str) -> String {
    let partition = if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    };
    format!(
        "{}/cloudwatch/home?region={region}#logsV2:log-groups/log-group/{}/log-events/{}",
        host(partition, region),
        logs_escape(group),
        logs_escape(stream)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_point_at_the_region_and_partition_of_the_arn() {
        assert_eq!(
            service_url(
                "arn:aws:ecs:eu-west-1:123:service/prod/checkout",
                "prod",
                "checkout"
            )
            .as_deref(),
            Some("https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod/services/checkout/health?region=eu-west-1")
        );
        assert_eq!(
            task_definition_url("arn:aws-cn:ecs:cn-north-1:1:task-definition/web:41").as_deref(),
            Some("https://cn-north-1.console.amazonaws.cn/ecs/v2/task-definitions/web/41/containers?region=cn-north-1")
        );
        assert_eq!(
            task_url("arn:aws:ecs:us-east-1:1:task/prod/0123abcd", "prod").as_deref(),
            Some("https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/prod/tasks/0123abcd/configuration?region=us-east-1")
        );
        assert_eq!(cluster_url("not an arn", "x"), None);
        assert_eq!(
            log_stream_url("us-east-1", "/ecs/prod/web", "ecs/web/abc"),
            "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups/log-group/$252Fecs$252Fprod$252Fweb/log-events/ecs$252Fweb$252Fabc"
        );
    }
}
