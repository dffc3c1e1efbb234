//! SDK errors into the console's [`FetchError`]: typed, short, and saying what to do.

use crate::model::FetchError;
use aws_sdk_ecs::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_types::error::display::DisplayErrorContext;

const THROTTLING: &[&str] = &[
    "ThrottlingException",
    "Throttling",
    "TooManyRequestsException",
    "RequestLimitExceeded",
];
const AUTH: &[&str] = &[
    "AccessDeniedException",
    "AccessDenied",
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "ExpiredTokenException",
    "InvalidClientTokenId",
    "AuthFailure",
    // EC2's word for a missing permission.
    "UnauthorizedOperation",
];

pub fn classify<E, R>(op: &str, err: SdkError<E, R>) -> FetchError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug,
{
    let context = DisplayErrorContext(&err).to_string();
    match &err {
        SdkError::TimeoutError(_) => {
            FetchError::Timeout(format!("{op}: no answer within the operation timeout"))
        }
        SdkError::DispatchFailure(d) if d.is_timeout() => {
            FetchError::Timeout(format!("{op}: no answer within the operation timeout"))
        }
        SdkError::ServiceError(se) => {
            let e = se.err();
            // The code comes from the response; a modeled error without it still names its variant.
            let variant = format!("{e:?}");
            let variant = variant
                .split(['(', ' ', '{'])
                .next()
                .unwrap_or_default()
                .to_string();
            let code = e.code().unwrap_or(if variant.is_empty() {
                "UnknownError"
            } else {
                variant.as_str()
            });
            let message = e.message().unwrap_or_default();
            let status = http_status(&format!("{:?}", se.raw()));
            let text = if let (true, None, Some(status)) = (message.is_empty(), e.code(), status) {
                // An HTTP error the SDK could not read: the status says more than its internals.
                format!(
                    "{op}: HTTP {status} with no error code (does the endpoint serve this API?)"
                )
            } else if message.is_empty() && e.code().is_none() {
                // No code and no message (an answer the SDK could not read): say what failed.
                format!("{op}: {code}: {}", last_cause(&context))
            } else if message.is_empty() {
                format!("{op}: {code}")
            } else {
                format!("{op}: {code}: {message}")
            };
            if THROTTLING.contains(&code) {
                FetchError::Throttled(text)
            } else if code == "ClusterNotFoundException" {
                FetchError::NotFound(format!(
                    "{op}: the cluster does not exist (ClusterNotFoundException)"
                ))
            } else if code == "ServiceNotFoundException" {
                FetchError::NotFound(format!(
                    "{op}: the service does not exist (ServiceNotFoundException)"
                ))
            } else if code == "ResourceNotFoundException" {
                FetchError::NotFound(text)
            } else if AUTH.contains(&code) {
                FetchError::Auth(format!("{text} — check the credentials and docs/iam.md"))
            } else {
                FetchError::Other(text)
            }
        }
        _ if credentials_problem(&context) => {
            FetchError::Auth(format!("{op}: {}", credentials_hint(&context)))
        }
        SdkError::DispatchFailure(_) => FetchError::Unavailable(format!(
            "{op}: cannot reach the endpoint: {}",
            last_cause(&context)
        )),
        SdkError::ResponseError(_) => FetchError::Unavailable(format!(
            "{op}: unreadable response: {}",
            last_cause(&context)
        )),
        _ => FetchError::Other(format!("{op}: {}", last_cause(&context))),
    }
}

/// The HTTP status of a raw response's debug form (`status: StatusCode(404)`), if an error one.
fn http_status(raw: &str) -> Option<u16> {
    let rest = raw.split_once("StatusCode(")?.1;
    let code: u16 = rest.split(')').next()?.trim().parse().ok()?;
    (code >= 400).then_some(code)
}

fn credentials_problem(context: &str) -> bool {
    let c = context.to_ascii_lowercase();
    c.contains("credential") || c.contains("sso") || (c.contains("token") && c.contains("expired"))
}

/// One sentence on a credentials failure and what to do about it.
pub fn credentials_hint(context: &str) -> String {
    let c = context.to_ascii_lowercase();
    // A profile's credential_process that failed: what it said, not a guess about SSO.
    if c.contains("external process") {
        let said = context
            .split_once("Stderr:")
            .map(|(_, s)| s.lines().next().unwrap_or_default().trim())
            .filter(|s| !s.is_empty())
            .map_or_else(
                || last_cause(context),
                |s| s.chars().take(200).collect::<String>(),
            );
        return format!("the profile's credential_process failed: {said}");
    }
    if c.contains("sso") || c.contains("expired") {
        "the SSO session has expired or is missing: run `aws sso login` (with --profile NAME if you use one)".into()
    } else {
        "no usable AWS credentials: set AWS_PROFILE or --profile, run `aws configure`, or try `ecsdeck --demo`".into()
    }
}

/// The innermost cause of an error chain (the SDK prints `outer: inner: innermost (…)`).
fn last_cause(context: &str) -> String {
    let trimmed = context.trim();
    let cut = trimmed.rsplit(": ").next().unwrap_or(trimmed);
    cut.chars().take(200).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_ecs::operation::list_services::ListServicesError;
    use aws_sdk_ecs::types::error::ClusterNotFoundException;
    use aws_smithy_runtime_api::http::{Response, StatusCode};
    use aws_smithy_types::body::SdkBody;
    use aws_smithy_types::error::ErrorMetadata;

    #[test]
    fn a_failing_credential_process_is_named_with_what_it_said() {
        let context = "an error occurred while loading credentials: Error retrieving credentials: \
                       external process exited with code exit status: 1. Stderr: the token has expired\n (ProviderError)";
        assert_eq!(
            credentials_hint(context),
            "the profile's credential_process failed: the token has expired"
        );
        assert!(credentials_hint("the SSO token has expired").contains("aws sso login"));
    }

    fn service_error(e: ListServicesError) -> SdkError<ListServicesError, Response> {
        SdkError::service_error(
            e,
            Response::new(StatusCode::try_from(400).unwrap(), SdkBody::empty()),
        )
    }

    #[test]
    fn an_unreadable_answer_says_why() {
        let e = ListServicesError::generic(ErrorMetadata::builder().build());
        let err = SdkError::service_error(
            e,
            Response::new(StatusCode::try_from(200).unwrap(), SdkBody::empty()),
        );
        let text = classify("FilterLogEvents", err).to_string();
        assert!(text.starts_with("FilterLogEvents: Unhandled: "), "{text}");
        assert!(text.len() > "FilterLogEvents: Unhandled: ".len(), "{text}");
        // An HTTP error without a code (an endpoint that does not serve the API) says its status.
        let e = ListServicesError::generic(ErrorMetadata::builder().build());
        let err = SdkError::service_error(
            e,
            Response::new(StatusCode::try_from(404).unwrap(), SdkBody::empty()),
        );
        assert_eq!(
            classify("DescribeAlarms", err).to_string(),
            "DescribeAlarms: HTTP 404 with no error code (does the endpoint serve this API?)"
        );
    }

    #[test]
    fn typed_errors_become_clear_messages() {
        let nf = ListServicesError::ClusterNotFoundException(
            ClusterNotFoundException::builder()
                .message("Cluster not found.")
                .build(),
        );
        assert_eq!(
            classify("ListServices", service_error(nf)),
            FetchError::NotFound(
                "ListServices: the cluster does not exist (ClusterNotFoundException)".into()
            )
        );
        let throttled = ListServicesError::generic(
            ErrorMetadata::builder()
                .code("ThrottlingException")
                .message("Rate exceeded")
                .build(),
        );
        assert_eq!(
            classify("ListServices", service_error(throttled)),
            FetchError::Throttled("ListServices: ThrottlingException: Rate exceeded".into())
        );
        let denied = ListServicesError::generic(
            ErrorMetadata::builder()
                .code("AccessDeniedException")
                .message("not authorized to perform: ecs:ListServices")
                .build(),
        );
        let FetchError::Auth(text) = classify("ListServices", service_error(denied)) else {
            panic!("auth")
        };
        assert!(
            text.contains("ecs:ListServices") && text.contains("docs/iam.md"),
            "{text}"
        );
    }

    #[test]
    fn credential_hints_name_the_fix() {
        assert!(credentials_hint("the SSO token has expired").contains("aws sso login"));
        assert!(credentials_hint("no credentials in the chain").contains("--demo"));
    }
}
