//! Compatibility with local emulators, used only when an endpoint override is set. moto writes the
//! events EventBridge delivers to a log group with fractional millisecond timestamps
//! (`"timestamp": 1795360652412.987`); the SDK reads those fields as integers and fails the whole
//! call. This HTTP client wraps the SDK's own and, for every response but event streams (moto labels its JSON `text/html`),
//! drops the fraction of `…Time` / `…timestamp` numbers before the SDK parses them. Real AWS never
//! sends such numbers, and without an endpoint override this client is not used at all.

use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient,
    SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::byte_stream::ByteStream;
use regex::bytes::Regex;
use std::sync::OnceLock;

fn fraction() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"("[A-Za-z]*(?:[Tt]ime|[Tt]imestamp)"\s*:\s*-?[0-9]+)\.[0-9]+"#)
            .unwrap_or_else(|_| Regex::new("$^").expect("a regex that matches nothing"))
    })
}

/// `{"timestamp": 17.9, "ingestionTime": 3}` → `{"timestamp": 17, "ingestionTime": 3}`.
pub fn integral_times(body: &[u8]) -> Vec<u8> {
    fraction().replace_all(body, &b"$1"[..]).into_owned()
}

/// The SDK's own HTTPS client (hyper 1, rustls), to wrap.
pub fn https_client() -> SharedHttpClient {
    use aws_smithy_http_client::tls;
    aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(
            tls::rustls_provider::CryptoMode::AwsLc,
        ))
        .build_https()
}

#[derive(Debug, Clone)]
pub struct IntegralTimes {
    pub inner: SharedHttpClient,
}

#[derive(Debug)]
struct Connector {
    inner: SharedHttpConnector,
}

impl HttpClient for IntegralTimes {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(Connector {
            inner: self.inner.http_connector(settings, components),
        })
    }
}

impl HttpConnector for Connector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let inner = self.inner.clone();
        HttpConnectorFuture::new(async move {
            let mut response = inner.call(request).await?;
            // moto labels its JSON `text/html`; event streams (live tail) are left alone.
            let stream = response
                .headers()
                .get("content-type")
                .is_some_and(|t| t.contains("eventstream"));
            if !stream {
                let body = response.take_body();
                let bytes = ByteStream::new(body)
                    .collect()
                    .await
                    .map_err(|e| ConnectorError::io(e.into()))?
                    .into_bytes();
                *response.body_mut() = SdkBody::from(integral_times(&bytes));
            }
            Ok(response)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::integral_times;

    #[test]
    fn fractional_times_lose_their_fraction_and_nothing_else_changes() {
        let body = br#"{"events":[{"timestamp": 1795360652412.987,"ingestionTime":1795360652413,"message":"took 1.5s","x":2.5}]}"#;
        assert_eq!(
            String::from_utf8(integral_times(body)).unwrap(),
            r#"{"events":[{"timestamp": 1795360652412,"ingestionTime":1795360652413,"message":"took 1.5s","x":2.5}]}"#
        );
    }
}
