//! Whether container instances are Spot or On-Demand: EC2's DescribeInstances (its
//! `instanceLifecycle`), called by hand — a form-encoded POST signed with SigV4 and an XML
//! answer. The whole aws-sdk-ec2 crate takes about eight minutes to compile on two cores and
//! 1.4 GB of build output, for one field of one read; the signer, the HTTP client and the XML
//! reader are the ones the other SDK clients already use.
//!
//! The answer goes through the same gate as every call (permit, rate budget, API log, error
//! mapping): failures are built as the SDK's own [`SdkError`]s.

use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_credential_types::Credentials;
use aws_sdk_ecs::error::SdkError;
use aws_smithy_runtime_api::client::http::{HttpConnector, SharedHttpConnector};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::byte_stream::ByteStream;
use aws_smithy_types::error::ErrorMetadata;
use aws_smithy_xml::decode::{try_data, Document, ScopedDecoder};
use std::collections::HashMap;
use std::time::{Duration, SystemTime};

/// The EC2 API version the query protocol names.
const VERSION: &str = "2016-11-15";
/// Instance ids per call: one filter takes up to 200 values.
pub const IDS_PER_CALL: usize = 100;
/// Credentials are asked for again this long before they expire.
const REFRESH_BEFORE: Duration = Duration::from_secs(300);

pub type Ec2Error = SdkError<ErrorMetadata, HttpResponse>;
type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What one DescribeInstances page says: each instance's lifecycle, and the next page's token.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Page {
    pub lifecycles: HashMap<String, String>,
    pub next: Option<String>,
}

pub struct Ec2 {
    endpoint: String,
    region: String,
    credentials: SharedCredentialsProvider,
    cached: std::sync::Mutex<Option<Credentials>>,
    http: SharedHttpConnector,
    timeout: Duration,
}

impl std::fmt::Debug for Ec2 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ec2")
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .finish_non_exhaustive()
    }
}

/// Where EC2 answers: AWS_ENDPOINT_URL_EC2, else the endpoint every client uses
/// (`--endpoint-url`, AWS_ENDPOINT_URL), else the region's own.
pub fn endpoint(region: &str, configured: Option<&str>) -> String {
    let own = std::env::var("AWS_ENDPOINT_URL_EC2")
        .ok()
        .filter(|e| !e.is_empty());
    endpoint_of(region, own, configured)
}

fn endpoint_of(region: &str, own: Option<String>, configured: Option<&str>) -> String {
    match own.or_else(|| configured.map(str::to_string)) {
        Some(url) => url.trim_end_matches('/').to_string(),
        None if region.starts_with("cn-") => format!("https://ec2.{region}.amazonaws.com.cn"),
        None => format!("https://ec2.{region}.amazonaws.com"),
    }
}

impl Ec2 {
    pub fn new(sdk: &aws_config::SdkConfig, region: &str, timeout: Duration) -> Option<Self> {
        use aws_smithy_http_client::tls;
        let credentials = sdk.credentials_provider()?;
        let http = aws_smithy_http_client::Connector::builder()
            .tls_provider(tls::Provider::Rustls(
                tls::rustls_provider::CryptoMode::AwsLc,
            ))
            .build();
        Some(Self {
            endpoint: endpoint(region, sdk.endpoint_url()),
            region: region.to_string(),
            credentials,
            cached: std::sync::Mutex::new(None),
            http: SharedHttpConnector::new(http),
            timeout,
        })
    }

    async fn credentials(&self) -> Result<Credentials, Ec2Error> {
        let cached = self
            .cached
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        if let Some(c) = cached.filter(|c| {
            c.expiry()
                .is_none_or(|e| e > SystemTime::now() + REFRESH_BEFORE)
        }) {
            return Ok(c);
        }
        let fresh = self
            .credentials
            .provide_credentials()
            .await
            .map_err(SdkError::construction_failure)?;
        *self.cached.lock().unwrap_or_else(|p| p.into_inner()) = Some(fresh.clone());
        Ok(fresh)
    }

    /// One page of DescribeInstances for these instance ids (an `instance-id` filter: an id EC2
    /// no longer knows is left out of the answer rather than failing the call).
    pub async fn describe_page(
        &self,
        ids: &[String],
        token: Option<String>,
    ) -> Result<Page, Ec2Error> {
        let body = form(ids, token.as_deref());
        let credentials = self.credentials().await?;
        let request = self
            .signed(body, credentials)
            .map_err(SdkError::construction_failure)?;
        let mut response = match tokio::time::timeout(self.timeout, self.http.call(request)).await {
            Err(_) => return Err(SdkError::timeout_error("DescribeInstances: no answer")),
            Ok(r) => r.map_err(SdkError::dispatch_failure)?,
        };
        let status = response.status().as_u16();
        let bytes = ByteStream::new(response.take_body())
            .collect()
            .await
            .map_err(|e| SdkError::dispatch_failure(ConnectorError::io(e.into())))?
            .into_bytes();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        if status >= 300 {
            return Err(SdkError::service_error(error(&text, status), response));
        }
        parse_page(&text).map_err(|e| SdkError::response_error(e, response))
    }

    fn signed(&self, body: String, credentials: Credentials) -> Result<HttpRequest, BoxError> {
        use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
        let uri = format!("{}/", self.endpoint);
        let host = uri
            .split_once("://")
            .map_or(uri.as_str(), |(_, rest)| rest)
            .split('/')
            .next()
            .unwrap_or_default()
            .to_string();
        let content_type = "application/x-www-form-urlencoded; charset=utf-8";
        let identity = credentials.into();
        let params = aws_sigv4::sign::v4::SigningParams::builder()
            .identity(&identity)
            .region(&self.region)
            .name("ec2")
            .time(SystemTime::now())
            .settings(SigningSettings::default())
            .build()?
            .into();
        let headers = [("content-type", content_type), ("host", host.as_str())];
        let signable = SignableRequest::new(
            "POST",
            &uri,
            headers.iter().copied(),
            SignableBody::Bytes(body.as_bytes()),
        )?;
        let (instructions, _) = sign(signable, &params)?.into_parts();
        let mut request = HttpRequest::new(SdkBody::from(body));
        request.set_method("POST")?;
        request.set_uri(uri.as_str())?;
        let h = request.headers_mut();
        h.insert("content-type", content_type);
        h.insert("host", host);
        for (name, value) in instructions.headers() {
            h.insert(name.to_string(), value.to_string());
        }
        Ok(request)
    }
}

/// `Action=DescribeInstances&Version=…&Filter.1.Name=instance-id&Filter.1.Value.1=i-…`.
pub fn form(ids: &[String], token: Option<&str>) -> String {
    let mut out = format!("Action=DescribeInstances&Version={VERSION}&Filter.1.Name=instance-id");
    for (n, id) in ids.iter().enumerate() {
        out.push_str(&format!("&Filter.1.Value.{}={}", n + 1, encode(id)));
    }
    if let Some(t) = token {
        out.push_str(&format!("&NextToken={}", encode(t)));
    }
    out
}

/// Form encoding of a value (RFC 3986 unreserved characters kept).
fn encode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Each instance's id and lifecycle (`spot`, `scheduled`, `capacity-block`; absent for
/// On-Demand), and the next token.
pub fn parse_page(xml: &str) -> Result<Page, String> {
    let mut doc = Document::new(xml);
    let mut root = doc.root_element().map_err(|e| e.to_string())?;
    let mut page = Page::default();
    while let Some(mut tag) = root.next_tag() {
        if tag.start_el().matches("reservationSet") {
            while let Some(mut reservation) = tag.next_tag() {
                while let Some(mut field) = reservation.next_tag() {
                    if field.start_el().matches("instancesSet") {
                        while let Some(mut instance) = field.next_tag() {
                            let (id, life) = instance_fields(&mut instance)?;
                            if let Some(id) = id {
                                page.lifecycles.insert(
                                    id,
                                    life.unwrap_or_else(|| crate::model::ON_DEMAND.into()),
                                );
                            }
                        }
                    }
                }
            }
        } else if tag.start_el().matches("nextToken") {
            let t = try_data(&mut tag).map_err(|e| e.to_string())?;
            page.next = (!t.is_empty()).then(|| t.to_string());
        }
    }
    Ok(page)
}

type Fields = (Option<String>, Option<String>);

fn instance_fields(instance: &mut ScopedDecoder) -> Result<Fields, String> {
    let (mut id, mut life) = (None, None);
    while let Some(mut f) = instance.next_tag() {
        if f.start_el().matches("instanceId") {
            id = Some(try_data(&mut f).map_err(|e| e.to_string())?.to_string());
        } else if f.start_el().matches("instanceLifecycle") {
            life = Some(try_data(&mut f).map_err(|e| e.to_string())?.to_string());
        }
    }
    Ok((id, life))
}

/// EC2's error answer: `<Response><Errors><Error><Code>…</Code><Message>…</Message>`.
pub fn error(xml: &str, status: u16) -> ErrorMetadata {
    let mut b = ErrorMetadata::builder();
    let (code, message) = error_fields(xml).unwrap_or_default();
    match code {
        Some(c) => b = b.code(c),
        None => b = b.message(format!("HTTP {status}")),
    }
    if let Some(m) = message {
        b = b.message(m);
    }
    b.build()
}

fn error_fields(xml: &str) -> Result<Fields, String> {
    let mut doc = Document::new(xml);
    let mut root = doc.root_element().map_err(|e| e.to_string())?;
    let (mut code, mut message) = (None, None);
    while let Some(mut errors) = root.next_tag() {
        if !errors.start_el().matches("Errors") {
            continue;
        }
        while let Some(mut e) = errors.next_tag() {
            while let Some(mut f) = e.next_tag() {
                if f.start_el().matches("Code") {
                    code = Some(try_data(&mut f).map_err(|e| e.to_string())?.to_string());
                } else if f.start_el().matches("Message") {
                    message = Some(try_data(&mut f).map_err(|e| e.to_string())?.to_string());
                }
            }
        }
    }
    Ok((code, message))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
  <requestId>8f7724cf-496f-496e-8fe3-example</requestId>
  <reservationSet>
    <item>
      <reservationId>r-1234567890abcdef0</reservationId>
      <instancesSet>
        <item>
          <instanceId>i-0spot</instanceId>
          <instanceState><code>16</code><name>running</name></instanceState>
          <tagSet><item><key>Name</key><value>x</value></item></tagSet>
          <instanceLifecycle>spot</instanceLifecycle>
        </item>
        <item>
          <instanceId>i-0ondemand</instanceId>
          <groupSet><item><groupId>sg-1</groupId></item></groupSet>
        </item>
      </instancesSet>
    </item>
    <item>
      <instancesSet>
        <item><instanceId>i-0block</instanceId><instanceLifecycle>capacity-block</instanceLifecycle></item>
      </instancesSet>
    </item>
  </reservationSet>
  <nextToken>abc/def=</nextToken>
</DescribeInstancesResponse>"#;

    #[test]
    fn a_page_names_each_instance_lifecycle_on_demand_where_none_is_said() {
        let p = parse_page(PAGE).unwrap();
        assert_eq!(p.lifecycles.len(), 3);
        assert_eq!(p.lifecycles["i-0spot"], "spot");
        assert_eq!(p.lifecycles["i-0ondemand"], "on-demand");
        assert_eq!(p.lifecycles["i-0block"], "capacity-block");
        assert_eq!(p.next.as_deref(), Some("abc/def="));
    }

    #[test]
    fn an_empty_answer_has_no_instances_and_no_next_page() {
        let p = parse_page(
            "<DescribeInstancesResponse><reservationSet/><nextToken></nextToken></DescribeInstancesResponse>",
        )
        .unwrap();
        assert_eq!(p, Page::default());
        assert!(parse_page("not xml").is_err());
    }

    #[test]
    fn an_error_answer_gives_its_code_and_message() {
        let e = error(
            "<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation.</Message></Error></Errors><RequestID>1</RequestID></Response>",
            403,
        );
        assert_eq!(e.code(), Some("UnauthorizedOperation"));
        assert_eq!(
            e.message(),
            Some("You are not authorized to perform this operation.")
        );
        let e = error("<html>bad gateway</html>", 502);
        assert_eq!(e.code(), None);
        assert_eq!(e.message(), Some("HTTP 502"));
    }

    #[test]
    fn the_form_filters_by_instance_id_and_encodes_the_token() {
        let ids = vec!["i-1".to_string(), "i-2".to_string()];
        assert_eq!(
            form(&ids, Some("a/b=")),
            "Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=instance-id&Filter.1.Value.1=i-1&Filter.1.Value.2=i-2&NextToken=a%2Fb%3D"
        );
    }

    #[test]
    fn the_endpoint_is_the_override_else_the_regions_own() {
        assert_eq!(
            endpoint_of("eu-west-1", None, None),
            "https://ec2.eu-west-1.amazonaws.com"
        );
        assert_eq!(
            endpoint_of("cn-north-1", None, None),
            "https://ec2.cn-north-1.amazonaws.com.cn"
        );
        assert_eq!(
            endpoint_of("us-east-1", None, Some("http://127.0.0.1:5055/")),
            "http://127.0.0.1:5055"
        );
        assert_eq!(
            endpoint_of(
                "us-east-1",
                Some("http://ec2.local".into()),
                Some("http://x")
            ),
            "http://ec2.local"
        );
    }
}
