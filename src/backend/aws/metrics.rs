//! CPU and memory from CloudWatch, GetMetricData the last half hour a point a minute, up to 500
//! metrics a call (two a series):
//! - services: AWS/ECS CPUUtilization and MemoryUtilization by ClusterName and ServiceName (a
//!   percentage already), so one call covers 250 services;
//! - tasks: ECS/ContainerInsights CpuUtilized (CPU units) and MemoryUtilized (MiB) by
//!   ClusterName, ServiceName (or TaskDefinitionFamily for a task of no service) and TaskId —
//!   published only where the cluster has Container Insights with enhanced observability — made
//!   a percentage of the task's own size here.

use super::AwsBackend;
use crate::backend::FetchResult;
use crate::model::{
    into_minutes, name_from_arn, FetchError, MetricsData, ServiceMetrics, TaskMetricKey,
    METRICS_PER_CALL, METRIC_MINUTES,
};
use aws_sdk_cloudwatch::primitives::DateTime;
use aws_sdk_cloudwatch::types::{Dimension, Metric, MetricDataQuery, MetricStat, ScanBy};

const SERVICE_METRICS: [&str; 2] = ["CPUUtilization", "MemoryUtilization"];
const TASK_METRICS: [&str; 2] = ["CpuUtilized", "MemoryUtilized"];
/// What a task without a task-level size has reserved (the sum of its containers').
const TASK_RESERVED: [&str; 2] = ["CpuReserved", "MemoryReserved"];
const INSIGHTS: &str = "ECS/ContainerInsights";

/// One series pair asked for: its dimensions (the same for CPU and memory).
struct Series {
    dimensions: Vec<(&'static str, String)>,
}

/// What a read gives back: per series, the CPU and the memory points (ms, value).
type Points = Vec<[Vec<(i64, f64)>; 2]>;

impl AwsBackend {
    pub(super) async fn get_service_metrics(
        &self,
        cluster: &str,
        services: &[String],
    ) -> FetchResult<MetricsData> {
        let cluster = name_from_arn(cluster).to_string();
        let series: Vec<Series> = services
            .iter()
            .map(|s| Series {
                dimensions: vec![
                    ("ClusterName", cluster.clone()),
                    ("ServiceName", name_from_arn(s).to_string()),
                ],
            })
            .collect();
        let (points, end_ms, calls) = self
            .read_metrics(&cluster, "AWS/ECS", SERVICE_METRICS, &series)
            .await?;
        let mut out = MetricsData {
            requested: series.len() * 2,
            calls,
            ..MetricsData::default()
        };
        for (name, [cpu, memory]) in services.iter().zip(points) {
            out.services.insert(
                name.clone(),
                ServiceMetrics {
                    cpu: into_minutes(&cpu, end_ms),
                    memory: into_minutes(&memory, end_ms),
                },
            );
        }
        Ok(out)
    }

    /// Each task's CPU and memory as a percentage of its size, by task id; a task with no
    /// point (Container Insights off, or the task too new) is left out.
    pub(super) async fn get_task_metrics(
        &self,
        cluster: &str,
        tasks: &[TaskMetricKey],
    ) -> FetchResult<MetricsData> {
        let cluster = name_from_arn(cluster).to_string();
        let series: Vec<Series> = tasks
            .iter()
            .map(|t| {
                let group = match &t.service {
                    Some(s) => ("ServiceName", s.clone()),
                    None => ("TaskDefinitionFamily", t.family.clone()),
                };
                Series {
                    dimensions: vec![
                        ("ClusterName", cluster.clone()),
                        group,
                        ("TaskId", t.id.clone()),
                    ],
                }
            })
            .collect();
        let (points, end_ms, mut calls) = self
            .read_metrics(&cluster, INSIGHTS, TASK_METRICS, &series)
            .await?;
        // Tasks sized by their containers that have figures: what they reserved, in a second
        // read (none where Container Insights is off).
        let unsized_: Vec<usize> = (0..tasks.len())
            .filter(|&i| tasks[i].cpu == 0 || tasks[i].memory == 0)
            .filter(|&i| points[i].iter().any(|p| !p.is_empty()))
            .collect();
        let mut reserved: Vec<[Option<f64>; 2]> = vec![[None, None]; tasks.len()];
        if !unsized_.is_empty() {
            let of: Vec<Series> = unsized_
                .iter()
                .map(|&i| Series {
                    dimensions: series[i].dimensions.clone(),
                })
                .collect();
            let (points, _, more) = self
                .read_metrics(&cluster, INSIGHTS, TASK_RESERVED, &of)
                .await?;
            calls += more;
            let newest = |p: &[(i64, f64)]| p.iter().max_by_key(|(t, _)| *t).map(|(_, v)| *v);
            for (&i, [cpu, memory]) in unsized_.iter().zip(points) {
                reserved[i] = [newest(&cpu), newest(&memory)];
            }
        }
        let mut out = MetricsData {
            requested: (series.len() + unsized_.len()) * 2,
            calls,
            ..MetricsData::default()
        };
        let percent = |points: &[(i64, f64)], size: Option<f64>| -> Vec<(i64, f64)> {
            match size.filter(|s| *s > 0.0) {
                Some(size) => points.iter().map(|&(t, v)| (t, v / size * 100.0)).collect(),
                None => Vec::new(),
            }
        };
        let known = |n: u32| (n > 0).then_some(f64::from(n));
        for (i, (t, [cpu, memory])) in tasks.iter().zip(points).enumerate() {
            if cpu.is_empty() && memory.is_empty() {
                continue;
            }
            let [cpu_size, memory_size] = reserved[i];
            out.services.insert(
                t.id.clone(),
                ServiceMetrics {
                    cpu: into_minutes(&percent(&cpu, known(t.cpu).or(cpu_size)), end_ms),
                    memory: into_minutes(
                        &percent(&memory, known(t.memory).or(memory_size)),
                        end_ms,
                    ),
                },
            );
        }
        Ok(out)
    }

    /// The points of `series` (each with `metrics`, the minute's average) over the last half
    /// hour, 500 metrics a call, every page; with the end of the window and the calls made.
    async fn read_metrics(
        &self,
        cluster: &str,
        namespace: &str,
        metrics: [&str; 2],
        series: &[Series],
    ) -> FetchResult<(Points, i64, usize)> {
        let Some(cw) = &self.gate.metrics else {
            return Err(FetchError::Other(
                "CloudWatch metrics are not configured".into(),
            ));
        };
        let end_secs = self.gate.log.now().timestamp() / 60 * 60;
        let start = DateTime::from_secs(end_secs - METRIC_MINUTES as i64 * 60);
        let end = DateTime::from_secs(end_secs);
        let queries: Vec<(String, usize, usize)> = (0..series.len())
            .flat_map(|i| (0..metrics.len()).map(move |m| (format!("m{i}_{m}"), i, m)))
            .collect();
        let mut points: Points = vec![[Vec::new(), Vec::new()]; series.len()];
        let mut calls = 0;
        for chunk in queries.chunks(METRICS_PER_CALL) {
            let mut token: Option<String> = None;
            loop {
                let request: Vec<MetricDataQuery> = chunk
                    .iter()
                    .map(|(id, i, m)| {
                        let mut metric = Metric::builder()
                            .namespace(namespace)
                            .metric_name(metrics[*m]);
                        for (name, value) in &series[*i].dimensions {
                            metric = metric
                                .dimensions(Dimension::builder().name(*name).value(value).build());
                        }
                        MetricDataQuery::builder()
                            .id(id)
                            .metric_stat(
                                MetricStat::builder()
                                    .metric(metric.build())
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
                calls += 1;
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
        Ok((points, end_secs * 1000, calls))
    }
}
