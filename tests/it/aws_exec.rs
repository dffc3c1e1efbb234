//! ECS Exec on the AWS adapter against mocked SDK answers: ExecuteCommand, then DescribeTasks for
//! the container's runtime id, make the session the plugin is handed; and every ExecuteCommand
//! error is one sentence with the fix.

use aws_sdk_ecs::config::Region;
use aws_sdk_ecs::operation::describe_tasks::DescribeTasksOutput;
use aws_sdk_ecs::operation::execute_command::{ExecuteCommandError, ExecuteCommandOutput};
use aws_sdk_ecs::types::{Container, Session, Task};
use aws_sdk_ecs::Client;
use aws_smithy_mocks::{mock, mock_client, Rule, RuleMode};
use aws_smithy_types::error::ErrorMetadata;
use ecsdeck::backend::api_log::ApiLog;
use ecsdeck::backend::aws::AwsBackend;
use ecsdeck::backend::EcsWrite;
use ecsdeck::clock::ManualClock;
use std::sync::Arc;

const CLUSTER: &str = "arn:aws:ecs:eu-west-1:123456789012:cluster/prod-web";
const TASK: &str = "arn:aws:ecs:eu-west-1:123456789012:task/prod-web/0123abcd4567ef89";

fn backend(rules: &[&Rule], target: &str) -> AwsBackend {
    let client: Client = mock_client!(aws_sdk_ecs, RuleMode::MatchAny, rules, |c| c
        .region(Region::new("eu-west-1")));
    AwsBackend::new(
        client,
        None,
        target.into(),
        ApiLog::new(Arc::new(ManualClock::fixed())),
    )
}

fn opened() -> Rule {
    mock!(Client::execute_command)
        .match_requests(|r| {
            r.interactive() == Some(true)
                && r.command() == Some("/bin/sh")
                && r.container() == Some("web")
                && r.task() == Some(TASK)
        })
        .then_output(|| {
            ExecuteCommandOutput::builder()
                .cluster_arn(CLUSTER)
                .task_arn(TASK)
                .container_name("web")
                .interactive(true)
                .session(
                    Session::builder()
                        .session_id("ecs-execute-command-0a1b2c")
                        .stream_url("wss://ssmmessages.eu-west-1.amazonaws.com/v1/data-channel/ecs-execute-command-0a1b2c")
                        .token_value("TOKEN")
                        .build(),
                )
                .build()
        })
}

fn described(runtime: Option<&'static str>) -> Rule {
    mock!(Client::describe_tasks).then_output(move || {
        let mut web = Container::builder().name("web");
        if let Some(r) = runtime {
            web = web.runtime_id(r);
        }
        DescribeTasksOutput::builder()
            .tasks(
                Task::builder()
                    .task_arn(TASK)
                    .containers(
                        Container::builder()
                            .name("sidecar")
                            .runtime_id("wrong")
                            .build(),
                    )
                    .containers(web.build())
                    .build(),
            )
            .build()
    })
}

fn failing(code: &'static str, message: &'static str) -> Rule {
    mock!(Client::execute_command).then_error(move || {
        ExecuteCommandError::generic(ErrorMetadata::builder().code(code).message(message).build())
    })
}

async fn exec(b: &AwsBackend) -> Result<ecsdeck::model::ExecSession, String> {
    b.writer()
        .execute_command("prod-web", TASK, "web", "/bin/sh")
        .await
        .map_err(|e| e.to_string())
}

#[tokio::test]
async fn execute_command_makes_the_session_the_plugin_is_handed() {
    let (o, d) = (opened(), described(Some("0123abcd4567ef89-2531612879")));
    let b = backend(&[&o, &d], "aws · profile ops · eu-west-1");
    let s = exec(&b).await.expect("a session");
    assert_eq!(
        s.target, "ecs:prod-web_0123abcd4567ef89_0123abcd4567ef89-2531612879",
        "the runtime id of the container named, not of the first"
    );
    let json: serde_json::Value = serde_json::from_str(&s.session_json).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "sessionId": "ecs-execute-command-0a1b2c",
            "streamUrl": "wss://ssmmessages.eu-west-1.amazonaws.com/v1/data-channel/ecs-execute-command-0a1b2c",
            "tokenValue": "TOKEN",
        })
    );
    assert_eq!(s.region, "eu-west-1");
    assert_eq!(s.profile, "ops");
    assert_eq!(s.endpoint, "https://ecs.eu-west-1.amazonaws.com");
    assert_eq!(o.num_calls(), 1);
    assert_eq!(d.num_calls(), 1);
}

#[tokio::test]
async fn an_endpoint_override_is_handed_on() {
    let (o, d) = (opened(), described(Some("rt")));
    let b = backend(&[&o, &d], "aws · eu-west-1 · http://127.0.0.1:5000");
    let s = exec(&b).await.expect("a session");
    assert_eq!(s.endpoint, "http://127.0.0.1:5000");
    assert_eq!(s.profile, "");
}

#[tokio::test]
async fn a_container_without_a_runtime_id_says_to_wait() {
    let (o, d) = (opened(), described(None));
    let b = backend(&[&o, &d], "mock");
    let e = exec(&b).await.unwrap_err();
    assert!(e.contains("has no runtime id yet"), "{e}");
}

#[tokio::test]
async fn every_execute_command_error_is_one_sentence_with_the_fix() {
    let cases = [
        (
            "TargetNotConnectedException",
            "The execute command failed due to an internal error. Try again later.",
            "ssmmessages:CreateControlChannel",
        ),
        (
            "InvalidParameterException",
            "The execute command failed because execute command was not enabled when the task was run or the execute command agent isn't running. Wait and try again or run a new task with execute command enabled and try again.",
            "turn ECS Exec on for the service",
        ),
        (
            "AccessDeniedException",
            "User: arn:aws:sts::123456789012:assumed-role/ops/me is not authorized to perform: ecs:ExecuteCommand",
            "needs ecs:ExecuteCommand on this task",
        ),
        (
            "ClusterNotFoundException",
            "Cluster not found.",
            "the cluster does not exist",
        ),
    ];
    for (code, message, fix) in cases {
        let rule = failing(code, message);
        let b = backend(&[&rule], "mock");
        let e = exec(&b).await.unwrap_err();
        assert!(e.contains(fix), "{code}: {e}");
        assert!(!e.contains('\n'), "one line: {e}");
    }
}

#[tokio::test]
async fn an_answer_without_a_session_is_an_error_not_a_panic() {
    let rule = mock!(Client::execute_command)
        .then_output(|| ExecuteCommandOutput::builder().interactive(true).build());
    let b = backend(&[&rule], "mock");
    let e = exec(&b).await.unwrap_err();
    assert!(e.contains("opened no session"), "{e}");
}
