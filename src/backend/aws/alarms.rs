//! CloudWatch alarms: DescribeAlarms (metric alarms, 100 a page, every page), of one state or of
//! all, with the cluster and service their dimensions name.

use super::AwsBackend;
use crate::backend::FetchResult;
use crate::model::{Alarm, FetchError};

impl AwsBackend {
    pub(super) async fn describe_alarms(&self, state: Option<&str>) -> FetchResult<Vec<Alarm>> {
        use aws_sdk_cloudwatch::types::StateValue;
        let Some(cw) = &self.gate.metrics else {
            return Err(FetchError::Other("CloudWatch is not configured".into()));
        };
        let state = state.map(StateValue::from);
        let target = state.as_ref().map_or("every state", |s| s.as_str());
        let state = &state;
        self.paginate(|token| async move {
            let page = self
                .call(
                    "DescribeAlarms",
                    target,
                    || {
                        cw.describe_alarms()
                            .set_state_value(state.clone())
                            .max_records(100)
                            .set_next_token(token)
                            .send()
                    },
                    |o| format!("{} alarms", o.metric_alarms().len()),
                )
                .await?;
            let alarms = page
                .metric_alarms()
                .iter()
                .map(|m| {
                    let dimensions: Vec<(String, String)> = m
                        .dimensions()
                        .iter()
                        .map(|d| {
                            (
                                d.name().unwrap_or_default().to_string(),
                                d.value().unwrap_or_default().to_string(),
                            )
                        })
                        .collect();
                    let (cluster, service) = Alarm::target_of(&dimensions);
                    Alarm {
                        name: m.alarm_name().unwrap_or_default().to_string(),
                        arn: m.alarm_arn().unwrap_or_default().to_string(),
                        state: m
                            .state_value()
                            .map(|s| s.as_str().to_string())
                            .unwrap_or_default(),
                        reason: m.state_reason().unwrap_or_default().to_string(),
                        since: m.state_updated_timestamp().and_then(|t| {
                            chrono::DateTime::from_timestamp(t.secs(), t.subsec_nanos())
                        }),
                        namespace: m.namespace().map(str::to_string),
                        metric: m.metric_name().map(str::to_string),
                        cluster,
                        service,
                    }
                })
                .collect();
            Ok((alarms, page.next_token().map(str::to_string)))
        })
        .await
    }
}
