//! Fixtures shared by the test files.

use ecsdeck::model::Task;

/// A RUNNING task with nothing but its ARN, for tests to fill in what they need.
pub fn bare_task(arn: &str) -> Task {
    Task {
        arn: arn.into(),
        cluster_arn: String::new(),
        task_definition_arn: String::new(),
        group: None,
        started_by: None,
        last_status: "RUNNING".into(),
        desired_status: "RUNNING".into(),
        health: None,
        launch_type: None,
        capacity_provider: None,
        container_instance_arn: None,
        availability_zone: None,
        cpu: None,
        memory: None,
        created_at: None,
        started_at: None,
        stopping_at: None,
        stopped_at: None,
        stop_code: None,
        stopped_reason: None,
        containers: Vec::new(),
        version: None,
    }
}
