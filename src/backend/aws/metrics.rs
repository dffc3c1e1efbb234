//! Service CPU and memory from CloudWatch: GetMetricData, two metrics a service (AWS/ECS
//! CPUUtilization and MemoryUtilization by ClusterName and ServiceName, the minute's average),
//! the last half hour, up to 500 metrics a call — so one call covers 250 services.

use super::AwsBackend;
use crate::backend::FetchResult;
use crate::model::{
    into_minutes, name_from_arn, FetchError, MetricsData, ServiceMetrics, METRICS_PER_CALL,
    METRIC_MINUTES,
};
use aws_sdk_cloudwatch::primitives::DateTime;
use aws_sdk_cloudwatch::types::{Dimension, Metric, MetricDataQuery, MetricStat, ScanBy};

const METRICS: [&str; 2] = ["CPUUtilization", "MemoryUtilization"];

impl AwsBackend {
    pub(super) async fn get_service_metrics(
        &self,
        cluster: &str,
        services: &[String],
    ) -> FetchResult<MetricsData> {
        let Some(cw) = &self.gate.metrics else {
            return Err(FetchError::Other(
                "CloudWatch metrics are not configured".into(),
            ));
        };
        let cluster = name_from_arn(cluster).to_string();
        let end_secs = self.gate.log.now().timestamp() / 60 * 60;
        let end_ms = end_secs * 1000;
        let start = DateTime::from_secs(end_secs - METRIC_MINUTES as i64 * 60);
        let end = DateTime::from_secs(end_secs);
        let queries: Vec<(String, usize, usize)> = services
            .iter()
            .enumerate()
            .flat_map(|(i, _)| (0..METRICS.len()).map(move |m| (format!("m{i}_{m}"), i, m)))
            .collect();
        let mut points: Vec<Vec<Vec<(i64, f64)>>> =
            vec![vec![Vec::new(); METRICS.len()]; services.len()];
        let mut out = MetricsData {
            requested: queries.len(),
            ..MetricsData::default()
        };
        for chunk in queries.chunks(METRICS_PER_CALL) {
            let mut token: Option<String> = None;
            loop {
                let request: Vec<MetricDataQuery> = chunk
                    .iter()
                    .map(|(id, i, m)| {
                        MetricDataQuery::builder()
                            .id(id)
                            .metric_stat(
                                MetricStat::builder()
                                    .metric(
                                        Metric::builder()
                                            .namespace("AWS/ECS")
                                            .metric_name(METRICS[*m])
                                            .dimensions(
                                                Dimension::builder()
                                                    .name("ClusterName")
                                                    .value(&cluster)
                                                    .build(),
                                            )
                                            .dimensions(
                                                Dimension::builder()
                                                    .name("ServiceName")
                                                    .value(name_from_arn(&services[*i]))
                                                    .build(),
                                            )
                                            .build(),
                                    )
                                    .period(60)
                                    .stat("Average")
                                    .build(),
                            )
                            .return_data(true)
                            .build()
                    })
                    .collect();
                let page = self
                    .call(
                        "GetMetricData",
                        &format!("{cluster}: {} metrics, billed per metric", chunk.len()),
                        || {
                            cw.get_metric_data()
                                .set_metric_data_queries(Some(request))
                                .start_time(start)
                                .end_time(end)
                                .scan_by(ScanBy::TimestampAscending)
                                .set_next_token(token.clone())
                                .send()
                        },
                        |o| format!("{} series", o.metric_data_results().len()),
                    )
                    .await?;
                out.calls += 1;
                for r in page.metric_data_results() {
                    let Some((_, i, m)) =
                        r.id().and_then(|id| chunk.iter().find(|(q, ..)| q == id))
                    else {
                        continue;
                    };
                    let series = &mut points[*i][*m];
                    for (t, v) in r.timestamps().iter().zip(r.values()) {
                        series.push((t.secs() * 1000, *v));
                    }
                }
                token = page.next_token().map(str::to_string);
                if token.is_none() {
                    break;
                }
            }
        }
        for (i, name) in services.iter().enumerate() {
            out.services.insert(
                name.clone(),
                ServiceMetrics {
                    cpu: into_minutes(&points[i][0], end_ms),
                    memory: into_minutes(&points[i][1], end_ms),
                },
            );
        }
        Ok(out)
    }
}
