//! Helpers over ARNs. ARNs are the identity of every row; these only shorten them for display.

/// The last path segment of an ARN: the task id of a task ARN, the id of a container instance ARN.
/// `arn:aws:ecs:us-east-1:123:task/prod/0a1b…` → `0a1b…`. A string that is not an ARN is returned whole.
pub fn short_id(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

/// The resource name of a cluster or service ARN (`…:service/prod/api` → `api`, `…:cluster/prod` → `prod`).
pub fn name_from_arn(arn: &str) -> &str {
    short_id(arn)
}

/// `family:revision` of a task definition ARN (`…:task-definition/api:42` → `api:42`).
pub fn family_revision(task_definition_arn: &str) -> &str {
    task_definition_arn
        .rsplit_once(":task-definition/")
        .map(|(_, fr)| fr)
        .unwrap_or_else(|| short_id(task_definition_arn))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortens_arns() {
        let task =
            "arn:aws:ecs:us-east-1:123456789012:task/prod-web/0f3c2a9be4d14c7e9a1b2c3d4e5f6a7b";
        assert_eq!(short_id(task), "0f3c2a9be4d14c7e9a1b2c3d4e5f6a7b");
        assert_eq!(short_id("plain"), "plain");
        assert_eq!(
            family_revision("arn:aws:ecs:us-east-1:123456789012:task-definition/checkout:42"),
            "checkout:42"
        );
        assert_eq!(family_revision("checkout:42"), "checkout:42");
        assert_eq!(
            name_from_arn("arn:aws:ecs:us-east-1:1:cluster/prod-web"),
            "prod-web"
        );
    }
}
