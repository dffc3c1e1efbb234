//! CloudWatch Logs through the same gate as ECS (permits, the API log, error mapping) but its own
//! rate budget: GetLogEvents for the tail of a stream, FilterLogEvents (paged, ≤ 100 streams a
//! call) for windows and polling, StartLiveTail for following.

use super::{AwsBackend, Gate};
use crate::backend::{FetchResult, LiveTail, LogFilter, LogStreamInfo, StreamPage};
use crate::model::{FetchError, LogEvent};
use aws_sdk_cloudwatchlogs::types::StartLiveTailResponseStream;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextMut;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use std::sync::Arc;

/// FilterLogEvents takes at most this many stream names.
const STREAMS_PER_CALL: usize = 100;
/// Pages of one FilterLogEvents read, at most.
const MAX_LOG_PAGES: usize = 20;

/// The SDK sends StartLiveTail to `streaming-<host>`. Against an endpoint override (moto, a local
/// emulator) that host does not exist: this strips the prefix again before the request leaves.
#[derive(Debug)]
pub struct StripStreamingPrefix;

impl Intercept for StripStreamingPrefix {
    fn name(&self) -> &'static str {
        "StripStreamingPrefix"
    }

    fn modify_before_transmit(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let request = context.request_mut();
        let uri = request.uri().to_string();
        if let Some(stripped) = strip_streaming(&uri) {
            request.set_uri(stripped.as_str())?;
        }
        Ok(())
    }
}

/// `http://streaming-127.0.0.1:4566/` → `http://127.0.0.1:4566/`; None when there is no prefix.
pub fn strip_streaming(uri: &str) -> Option<String> {
    let (scheme, rest) = uri.split_once("://")?;
    let rest = rest
        .strip_prefix("streaming-")
        .or_else(|| rest.strip_prefix("stream-"))?;
    Some(format!("{scheme}://{rest}"))
}

impl Gate {
    pub(super) fn logs_client(&self) -> FetchResult<&aws_sdk_cloudwatchlogs::Client> {
        self.logs
            .as_ref()
            .ok_or_else(|| FetchError::Other("no CloudWatch Logs client".into()))
    }
}

fn event(
    id: Option<&str>,
    timestamp: Option<i64>,
    ingested: Option<i64>,
    group: &str,
    stream: &str,
    message: Option<&str>,
) -> LogEvent {
    let timestamp = timestamp.unwrap_or_default();
    let message = message
        .unwrap_or_default()
        .trim_end_matches('\n')
        .to_string();
    LogEvent {
        id: id.map(str::to_string).unwrap_or_default(),
        timestamp,
        ingested,
        group: group.to_string(),
        stream: stream.to_string(),
        message,
    }
}

impl AwsBackend {
    pub(super) async fn get_log_tail(
        &self,
        group: &str,
        stream: &str,
        limit: usize,
    ) -> FetchResult<Vec<LogEvent>> {
        let g = &self.gate;
        let client = g.logs_client()?;
        let out = g
            .call_in(
                &g.logs_budget,
                "GetLogEvents",
                stream,
                || {
                    client
                        .get_log_events()
                        .log_group_name(group)
                        .log_stream_name(stream)
                        .start_from_head(false)
                        .limit(limit.clamp(1, 10_000) as i32)
                        .send()
                },
                |o| format!("{} events", o.events().len()),
            )
            .await?;
        Ok(out
            .events()
            .iter()
            .map(|e| {
                event(
                    None,
                    e.timestamp(),
                    e.ingestion_time(),
                    group,
                    stream,
                    e.message(),
                )
            })
            .collect())
    }

    /// FilterLogEvents as the filter says: 100 stream names a call, each paged (at most
    /// `MAX_LOG_PAGES` pages); the oldest `limit` events — or, with `newest`, the newest.
    pub(super) async fn filter_log_events(
        &self,
        filter: &LogFilter<'_>,
    ) -> FetchResult<Vec<LogEvent>> {
        let g = &self.gate;
        let client = g.logs_client()?;
        let group = filter.group;
        let limit = filter.limit.max(1);
        let mut all = Vec::new();
        // No stream names: the whole group (or the streams of a prefix).
        let chunks: Vec<Option<Vec<String>>> = if filter.streams.is_empty() {
            vec![None]
        } else {
            filter
                .streams
                .chunks(STREAMS_PER_CALL)
                .map(|c| Some(c.to_vec()))
                .collect()
        };
        let prefix = filter
            .prefix
            .filter(|p| !p.is_empty() && filter.streams.is_empty());
        for chunk in chunks {
            let mut token: Option<String> = None;
            let mut taken = 0;
            for _ in 0..MAX_LOG_PAGES {
                // Reading to the end of the window for the newest: whole pages.
                let want = if filter.newest {
                    10_000
                } else {
                    limit.saturating_sub(taken).clamp(1, 10_000) as i32
                };
                let what = match (&chunk, prefix) {
                    (Some(c), _) => format!("{group} ({} streams)", c.len()),
                    (None, Some(p)) => format!("{group} ({p}*)"),
                    (None, None) => group.to_string(),
                };
                let out = g
                    .call_in(
                        &g.logs_budget,
                        "FilterLogEvents",
                        &what,
                        || {
                            client
                                .filter_log_events()
                                .log_group_name(group)
                                .set_log_stream_names(chunk.clone())
                                .set_log_stream_name_prefix(prefix.map(str::to_string))
                                .start_time(filter.start)
                                .set_end_time(filter.end)
                                .set_filter_pattern(filter.pattern.map(str::to_string))
                                .limit(want)
                                .set_next_token(token.clone())
                                .send()
                        },
                        |o| format!("{} events", o.events().len()),
                    )
                    .await?;
                taken += out.events().len();
                all.extend(out.events().iter().map(|e| {
                    event(
                        e.event_id(),
                        e.timestamp(),
                        e.ingestion_time(),
                        group,
                        e.log_stream_name().unwrap_or_default(),
                        e.message(),
                    )
                }));
                if filter.newest && all.len() > 2 * limit {
                    // Keep memory to what can be kept: the newest so far.
                    crate::model::sort_events(&mut all);
                    all.drain(..all.len() - limit);
                }
                token = out.next_token().map(str::to_string);
                if token.is_none() || (!filter.newest && taken >= limit) {
                    break;
                }
            }
        }
        crate::model::sort_events(&mut all);
        if filter.newest {
            let drop = all.len().saturating_sub(limit);
            all.drain(..drop);
        } else {
            all.truncate(limit);
        }
        Ok(all)
    }

    /// One page of a group's streams: most recently written first, or by name under a prefix.
    pub(super) async fn describe_log_streams(
        &self,
        group: &str,
        prefix: Option<&str>,
        next: Option<&str>,
    ) -> FetchResult<StreamPage> {
        let g = &self.gate;
        let client = g.logs_client()?;
        let out = g
            .call_in(
                &g.logs_budget,
                "DescribeLogStreams",
                group,
                || {
                    let call = client
                        .describe_log_streams()
                        .log_group_name(group)
                        .limit(50)
                        .set_next_token(next.map(str::to_string));
                    match prefix {
                        Some(p) => call.log_stream_name_prefix(p).send(),
                        None => call
                            .order_by(aws_sdk_cloudwatchlogs::types::OrderBy::LastEventTime)
                            .descending(true)
                            .send(),
                    }
                },
                |o| format!("{} streams", o.log_streams().len()),
            )
            .await?;
        Ok(StreamPage {
            streams: out
                .log_streams()
                .iter()
                .filter_map(|s| {
                    Some(LogStreamInfo {
                        name: s.log_stream_name()?.to_string(),
                        last_event: s.last_event_timestamp(),
                    })
                })
                .collect(),
            next: out.next_token().map(str::to_string),
        })
    }

    pub(super) async fn start_live_tail(
        &self,
        groups: &[(String, String)],
        streams: &[String],
    ) -> FetchResult<Option<LiveTail>> {
        let g = self.gate.clone();
        let client = g.logs_client()?.clone();
        let arns: Vec<String> = groups.iter().map(|(_, arn)| arn.clone()).collect();
        // Stream names may be given only for a single group; otherwise the caller filters.
        let names = (groups.len() == 1 && !streams.is_empty() && streams.len() <= 100)
            .then(|| streams.to_vec());
        let label = groups
            .iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>()
            .join(",");
        let out = g
            .call_in(
                &g.logs_budget,
                "StartLiveTail",
                &label,
                || {
                    client
                        .start_live_tail()
                        .set_log_group_identifiers(Some(arns))
                        .set_log_stream_names(names)
                        .send()
                },
                |_| "session".to_string(),
            )
            .await?;
        let names: Arc<Vec<(String, String)>> = Arc::new(groups.to_vec());
        let receiver = out.response_stream;
        let session =
            futures::stream::unfold((Some(receiver), names), |(receiver, names)| async move {
                let mut receiver = receiver?;
                loop {
                    match receiver.recv().await {
                        Ok(Some(StartLiveTailResponseStream::SessionUpdate(update))) => {
                            let sampled = update.session_metadata().is_some_and(|m| m.sampled());
                            let events = update
                                .session_results()
                                .iter()
                                .map(|e| {
                                    // The group comes back as its ARN (or name): report the name.
                                    let id = e.log_group_identifier().unwrap_or_default();
                                    let group = names
                                        .iter()
                                        .find(|(n, a)| a == id || n == id)
                                        .map(|(n, _)| n.as_str())
                                        .unwrap_or(id);
                                    event(
                                        None,
                                        e.timestamp(),
                                        e.ingestion_time(),
                                        group,
                                        e.log_stream_name().unwrap_or_default(),
                                        e.message(),
                                    )
                                })
                                .collect();
                            let batch = crate::backend::LiveBatch { events, sampled };
                            return Some((Ok(batch), (Some(receiver), names)));
                        }
                        Ok(Some(_)) => continue,
                        Ok(None) => return None,
                        // The session is over after an error: report it, then end.
                        Err(e) => {
                            let err = super::errors::classify("StartLiveTail", e);
                            return Some((Err(err), (None, names)));
                        }
                    }
                }
            });
        Ok(Some(Box::pin(session)))
    }
}

#[cfg(test)]
mod tests {
    use super::strip_streaming;

    #[test]
    fn the_streaming_prefix_is_stripped_and_nothing_else() {
        assert_eq!(
            strip_streaming("http://streaming-127.0.0.1:5000/").as_deref(),
            Some("http://127.0.0.1:5000/")
        );
        assert_eq!(
            strip_streaming("https://stream-localhost:4566/x").as_deref(),
            Some("https://localhost:4566/x")
        );
        assert_eq!(strip_streaming("http://127.0.0.1:5000/"), None);
        assert_eq!(strip_streaming("not a uri"), None);
    }
}
