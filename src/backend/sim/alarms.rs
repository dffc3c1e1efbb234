//! CloudWatch alarms of the simulated account, read off its state: each scalable service's
//! target tracking alarms (the low one in ALARM while there is room to scale in, as on a real
//! account), a 5xx alarm on notification-worker that is in ALARM while its tasks keep crashing,
//! a latency alarm on checkout that stays OK, and a queue alarm without data.

use super::world::World;
use crate::model::{Alarm, IN_ALARM};
use chrono::Duration;

impl World {
    pub fn alarms(&self, state: Option<&str>) -> Vec<Alarm> {
        let mut out = Vec::new();
        let mut push = |cluster: &str,
                        service: &str,
                        name: String,
                        state: &str,
                        reason: String,
                        since,
                        metric: &str| {
            out.push(Alarm {
                arn: format!(
                    "arn:aws:cloudwatch:{}:{}:alarm:{name}",
                    self.region, self.account
                ),
                name,
                state: state.into(),
                reason,
                since,
                namespace: Some("AWS/ECS".into()),
                metric: Some(metric.into()),
                cluster: Some(cluster.into()),
                service: Some(service.into()),
            });
        };
        let start = self.now - Duration::hours(6);
        for s in &self.services {
            let cluster = &self.clusters[s.cluster].name;
            let name = &s.name;
            if let Some((min, _)) = s.scalable {
                let id = format!("TargetTracking-service/{cluster}/{name}");
                push(
                    cluster,
                    name,
                    format!("{id}-AlarmHigh"),
                    "OK",
                    "Threshold Crossed: 3 datapoints were not greater than the threshold (60.0)."
                        .into(),
                    Some(start),
                    "CPUUtilization",
                );
                let low = if s.desired > min { IN_ALARM } else { "OK" };
                push(
                    cluster,
                    name,
                    format!("{id}-AlarmLow"),
                    low,
                    "Threshold Crossed: 15 datapoints were less than the threshold (54.0).".into(),
                    Some(start),
                    "CPUUtilization",
                );
            }
            match name.as_str() {
                "notification-worker" => {
                    let recent = s
                        .recent_crashes
                        .iter()
                        .filter(|t| self.now - **t < Duration::minutes(10))
                        .count();
                    let (state, reason, since) = if recent > 0 {
                        (
                            IN_ALARM,
                            format!("Threshold Crossed: {recent} tasks exited in the last 10 minutes, greater than the threshold (0.0)."),
                            s.recent_crashes.front().copied(),
                        )
                    } else {
                        (
                            "OK",
                            "Threshold Crossed: no task exited in the last 10 minutes.".into(),
                            s.recent_crashes.back().copied(),
                        )
                    };
                    push(
                        cluster,
                        name,
                        format!("{cluster}-{name}-task-exits"),
                        state,
                        reason,
                        since,
                        "TaskExits",
                    );
                }
                "checkout" => push(
                    cluster,
                    name,
                    format!("{cluster}-checkout-p99-latency"),
                    "OK",
                    "Threshold Crossed: 5 datapoints were not greater than the threshold (800.0)."
                        .into(),
                    Some(start),
                    "TargetResponseTime",
                ),
                "queue-consumer" => push(
                    cluster,
                    name,
                    format!("{cluster}-queue-consumer-backlog"),
                    "INSUFFICIENT_DATA",
                    "Insufficient Data: 1 datapoint was unknown.".into(),
                    Some(start),
                    "ApproximateNumberOfMessagesVisible",
                ),
                _ => {}
            }
        }
        out.retain(|a| state.is_none_or(|s| a.state == s));
        out
    }
}
