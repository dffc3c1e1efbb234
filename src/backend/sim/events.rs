//! The simulated account's EventBridge feed: after each one-second step, every task whose version
//! moved, every new service event and every instance whose status or agent changed becomes the
//! JSON EventBridge would write to the events log group. The console reads it through the same
//! log-group path and the same parser as on AWS.

use super::world::World;
use crate::model::LogEvent;
use serde_json::{json, Value};
use std::collections::{HashMap, VecDeque};

/// The log group the simulated subscription writes to.
pub const EVENTS_GROUP: &str = "/aws/events/ecsdeck-demo";
/// Events kept (a log group keeps more; the console reads only recent ones).
const KEEP: usize = 5_000;

#[derive(Debug, Default)]
pub struct EventFeed {
    /// `(time ms, event id, JSON)`, oldest first.
    pub events: VecDeque<(i64, String, String)>,
    primed: bool,
    task_versions: HashMap<String, i64>,
    service_events: HashMap<String, String>,
    instances: HashMap<String, (String, bool)>,
    next: u64,
}

fn iso(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

impl EventFeed {
    /// Tasks whose version the feed remembers (to notice changes).
    pub fn tracked_tasks(&self) -> usize {
        self.task_versions.len()
    }
}

impl World {
    fn envelope(&mut self, detail_type: &str, resources: Vec<String>, detail: Value) {
        let now = self.now.timestamp_millis();
        let feed = &mut self.events;
        feed.next += 1;
        let id = format!(
            "5e1d{:04x}-0000-4000-8000-{:012x}",
            feed.next % 0xffff,
            feed.next
        );
        let event = json!({
            "version": "0",
            "id": id,
            "detail-type": detail_type,
            "source": "aws.ecs",
            "account": self.account,
            "time": iso(now),
            "region": self.region,
            "resources": resources,
            "detail": detail,
        });
        feed.events.push_back((now, id, event.to_string()));
        while feed.events.len() > KEEP {
            feed.events.pop_front();
        }
    }

    /// Turn what changed in the last step into events. The first call only takes note of the
    /// state the account started in.
    pub(super) fn emit_events(&mut self) {
        let emit = self.events.primed;
        self.events.primed = true;
        let mut out: Vec<(&'static str, Vec<String>, Value)> = Vec::new();
        for st in self.tasks.values() {
            let t = &st.task;
            let v = t.version.unwrap_or(0);
            // Most tasks do not change in a step: look before storing (no ARN copied then).
            match self.events.task_versions.get_mut(&t.arn) {
                Some(seen) if *seen == v => continue,
                Some(seen) => *seen = v,
                None => {
                    self.events.task_versions.insert(t.arn.clone(), v);
                }
            }
            if emit {
                let ts = |x: Option<crate::model::Timestamp>| x.map(|x| iso(x.timestamp_millis()));
                out.push((
                    "ECS Task State Change",
                    vec![t.arn.clone()],
                    json!({
                        "taskArn": t.arn,
                        "clusterArn": t.cluster_arn,
                        "taskDefinitionArn": t.task_definition_arn,
                        "group": t.group,
                        "lastStatus": t.last_status,
                        "desiredStatus": t.desired_status,
                        "launchType": t.launch_type,
                        "availabilityZone": t.availability_zone,
                        "stopCode": t.stop_code,
                        "stoppedReason": t.stopped_reason,
                        "containers": t.containers.iter().map(|c| json!({
                            "name": c.name,
                            "lastStatus": c.last_status,
                            "exitCode": c.exit_code,
                            "reason": c.reason,
                        })).collect::<Vec<_>>(),
                        "createdAt": ts(t.created_at),
                        "startedAt": ts(t.started_at),
                        "stoppedAt": ts(t.stopped_at),
                        "version": v,
                    }),
                ));
            }
        }
        // Tasks leave the account an hour after stopping; so do their versions.
        if self.events.task_versions.len() > self.tasks.len() + 1_000 {
            let live: std::collections::HashSet<&str> =
                self.tasks.values().map(|st| st.task.arn.as_str()).collect();
            self.events
                .task_versions
                .retain(|arn, _| live.contains(arn.as_str()));
        }
        let cluster_arn = |w: &World, ci: usize| w.arn("cluster", &w.clusters[ci].name);
        for s in &self.services {
            let newest = s.events.front().map(|e| e.id.clone()).unwrap_or_default();
            let key = format!("{}/{}", s.cluster, s.name);
            let seen = self.events.service_events.insert(key, newest.clone());
            if !emit || seen.as_ref() == Some(&newest) || newest.is_empty() {
                continue;
            }
            let Some(e) = s.events.front() else { continue };
            let m = &e.message;
            let (detail_type, event_type, name) = if m.contains("steady state") {
                ("ECS Service Action", "INFO", "SERVICE_STEADY_STATE")
            } else if m.contains("unable to place") {
                (
                    "ECS Service Action",
                    "WARN",
                    "SERVICE_TASK_PLACEMENT_FAILURE",
                )
            } else if m.contains("unable to consistently start") {
                ("ECS Service Action", "WARN", "SERVICE_TASK_START_IMPAIRED")
            } else if m.contains("deployment completed") {
                (
                    "ECS Deployment State Change",
                    "INFO",
                    "SERVICE_DEPLOYMENT_COMPLETED",
                )
            } else if m.contains("rolling back") || m.contains("deployment failed") {
                (
                    "ECS Deployment State Change",
                    "ERROR",
                    "SERVICE_DEPLOYMENT_FAILED",
                )
            } else {
                continue;
            };
            let cluster = cluster_arn(self, s.cluster);
            let service = self.arn(
                "service",
                &format!("{}/{}", self.clusters[s.cluster].name, s.name),
            );
            out.push((
                detail_type,
                vec![service],
                json!({
                    "eventType": event_type,
                    "eventName": name,
                    "clusterArn": cluster,
                    "createdAt": iso(self.now.timestamp_millis()),
                    "reason": m,
                }),
            ));
        }
        for i in &self.instances {
            let state = (i.status.clone(), i.agent_connected);
            let seen = self.events.instances.insert(i.arn.clone(), state.clone());
            if emit && seen.as_ref() != Some(&state) {
                out.push((
                    "ECS Container Instance State Change",
                    vec![i.arn.clone()],
                    json!({
                        "containerInstanceArn": i.arn,
                        "clusterArn": cluster_arn(self, i.cluster),
                        "status": i.status,
                        "agentConnected": i.agent_connected,
                    }),
                ));
            }
        }
        for (detail_type, resources, detail) in out {
            self.envelope(detail_type, resources, detail);
        }
    }

    /// The events log group read like CloudWatch Logs: one stream per event, from `start_ms`.
    pub fn event_log(&self, start_ms: i64, limit: usize) -> Vec<LogEvent> {
        let from = self
            .events
            .events
            .partition_point(|(t, _, _)| *t < start_ms);
        self.events
            .events
            .iter()
            .skip(from)
            .take(limit)
            .map(|(t, id, json)| LogEvent {
                id: id.clone(),
                timestamp: *t,
                ingested: Some(*t + 500),
                group: EVENTS_GROUP.to_string(),
                stream: id.clone(),
                message: json.clone(),
            })
            .collect()
    }
}
