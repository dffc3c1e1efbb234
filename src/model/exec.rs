//! ECS Exec as data: the session ExecuteCommand opens, and what `session-manager-plugin` is
//! handed to join it — exactly what the AWS CLI hands it.

/// An ECS Exec session, ready to be joined.
#[derive(Clone, PartialEq, Eq)]
pub struct ExecSession {
    /// ExecuteCommand's `session` as JSON: `sessionId`, `streamUrl`, `tokenValue`.
    pub session_json: String,
    /// `ecs:CLUSTER_TASKID_RUNTIMEID`: the Session Manager target of the container.
    pub target: String,
    pub region: String,
    /// The profile the console uses ("" for none), as the CLI passes it.
    pub profile: String,
    /// The ECS endpoint the console talks to.
    pub endpoint: String,
    /// `CLUSTER/TASKID/CONTAINER` and the command, for the lines around the session.
    pub label: String,
}

/// The token never reaches a log or a panic message.
impl std::fmt::Debug for ExecSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExecSession")
            .field("target", &self.target)
            .field("region", &self.region)
            .field("profile", &self.profile)
            .field("endpoint", &self.endpoint)
            .field("label", &self.label)
            .finish_non_exhaustive()
    }
}

impl ExecSession {
    /// The session JSON as ExecuteCommand returned its parts.
    pub fn session_json(session_id: &str, stream_url: &str, token_value: &str) -> String {
        serde_json::json!({
            "sessionId": session_id,
            "streamUrl": stream_url,
            "tokenValue": token_value,
        })
        .to_string()
    }

    /// The target of a container: cluster name, task id and the container's runtime id.
    pub fn target_of(cluster_arn: &str, task_arn: &str, runtime_id: &str) -> String {
        format!(
            "ecs:{}_{}_{runtime_id}",
            super::name_from_arn(cluster_arn),
            super::short_id(task_arn)
        )
    }

    /// The parameters argument: `{"Target": …}`.
    pub fn parameters_json(&self) -> String {
        serde_json::json!({ "Target": self.target }).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_names_cluster_task_and_runtime_id() {
        let t = ExecSession::target_of(
            "arn:aws:ecs:us-east-1:123456789012:cluster/prod-web",
            "arn:aws:ecs:us-east-1:123456789012:task/prod-web/0123abcd",
            "0123abcd-2531612879",
        );
        assert_eq!(t, "ecs:prod-web_0123abcd_0123abcd-2531612879");
    }

    #[test]
    fn debug_hides_the_token() {
        let s = ExecSession {
            session_json: ExecSession::session_json("s-1", "wss://x", "SECRET-TOKEN"),
            target: "ecs:a_b_c".into(),
            region: "us-east-1".into(),
            profile: String::new(),
            endpoint: "https://ecs.us-east-1.amazonaws.com".into(),
            label: "a/b/c".into(),
        };
        assert!(!format!("{s:?}").contains("SECRET-TOKEN"));
        assert!(s.session_json.contains("\"tokenValue\":\"SECRET-TOKEN\""));
        assert_eq!(s.parameters_json(), r#"{"Target":"ecs:a_b_c"}"#);
    }
}
