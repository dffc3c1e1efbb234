//! ECS state-change events as EventBridge delivers them (task, service action, deployment and
//! container instance changes), parsed leniently: a field that is missing or of another type is
//! left empty, an unknown detail-type is kept as a raw event, and nothing here can panic on any
//! input.

use super::status;
use serde_json::Value;

/// One event, as much of it as the console uses, plus its detail-type and id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EcsEvent {
    pub id: String,
    pub detail_type: String,
    /// The envelope's `time`, ms since the epoch (0 when absent or unreadable).
    pub time: i64,
    pub region: String,
    pub resources: Vec<String>,
    pub kind: EventKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventKind {
    Task(TaskChange),
    /// ECS Service Action and ECS Deployment State Change.
    Service(ServiceChange),
    Instance(InstanceChange),
    /// A detail-type this console does not know: kept, shown as it came.
    Raw,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TaskChange {
    pub task_arn: String,
    pub cluster_arn: String,
    pub group: Option<String>,
    pub last_status: String,
    pub desired_status: String,
    pub stop_code: Option<String>,
    pub stopped_reason: Option<String>,
    /// `(name, lastStatus, exitCode, reason)` of each container.
    pub containers: Vec<(String, String, Option<i32>, Option<String>)>,
    /// `detail.version`: events older than what is shown are dropped.
    pub version: Option<i64>,
    pub started_at: Option<i64>,
    pub stopped_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServiceChange {
    pub cluster_arn: String,
    pub service_arn: String,
    /// INFO, WARN or ERROR.
    pub event_type: String,
    /// SERVICE_STEADY_STATE, SERVICE_DEPLOYMENT_COMPLETED, …
    pub event_name: String,
    pub deployment_id: Option<String>,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InstanceChange {
    pub instance_arn: String,
    pub cluster_arn: String,
    pub status: String,
    pub agent_connected: Option<bool>,
    pub running_tasks: Option<i64>,
}

/// How loud an event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventSeverity {
    Info,
    Warn,
    Error,
}

fn text(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn opt_text(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn millis(v: &Value, key: &str) -> Option<i64> {
    let s = v.get(key)?.as_str()?;
    chrono::DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.timestamp_millis())
}

/// Parse one event from its JSON text; None when the text is not a JSON object.
pub fn parse_event(json: &str) -> Option<EcsEvent> {
    let v: Value = serde_json::from_str(json).ok()?;
    parse_value(&v)
}

pub fn parse_value(v: &Value) -> Option<EcsEvent> {
    if !v.is_object() {
        return None;
    }
    let detail_type = text(v, "detail-type");
    let empty = Value::Null;
    let d = v.get("detail").unwrap_or(&empty);
    let resources: Vec<String> = v
        .get("resources")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let kind = match detail_type.as_str() {
        "ECS Task State Change" if d.is_object() => EventKind::Task(TaskChange {
            task_arn: text(d, "taskArn"),
            cluster_arn: text(d, "clusterArn"),
            group: opt_text(d, "group"),
            last_status: text(d, "lastStatus"),
            desired_status: text(d, "desiredStatus"),
            stop_code: opt_text(d, "stopCode"),
            stopped_reason: opt_text(d, "stoppedReason"),
            containers: d
                .get("containers")
                .and_then(Value::as_array)
                .map(|cs| {
                    cs.iter()
                        .map(|c| {
                            (
                                text(c, "name"),
                                text(c, "lastStatus"),
                                c.get("exitCode")
                                    .and_then(Value::as_i64)
                                    .and_then(|x| i32::try_from(x).ok()),
                                opt_text(c, "reason"),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default(),
            version: d.get("version").and_then(Value::as_i64),
            started_at: millis(d, "startedAt"),
            stopped_at: millis(d, "stoppedAt"),
        }),
        "ECS Service Action" | "ECS Deployment State Change" if d.is_object() => {
            EventKind::Service(ServiceChange {
                cluster_arn: text(d, "clusterArn"),
                service_arn: resources
                    .iter()
                    .find(|r| r.contains(":service/"))
                    .cloned()
                    .unwrap_or_default(),
                event_type: text(d, "eventType"),
                event_name: text(d, "eventName"),
                deployment_id: opt_text(d, "deploymentId"),
                reason: opt_text(d, "reason"),
            })
        }
        "ECS Container Instance State Change" if d.is_object() => {
            EventKind::Instance(InstanceChange {
                instance_arn: text(d, "containerInstanceArn"),
                cluster_arn: text(d, "clusterArn"),
                status: text(d, "status"),
                agent_connected: d.get("agentConnected").and_then(Value::as_bool),
                running_tasks: d.get("runningTasksCount").and_then(Value::as_i64),
            })
        }
        _ => EventKind::Raw,
    };
    Some(EcsEvent {
        id: text(v, "id"),
        detail_type,
        time: millis(v, "time").unwrap_or(0),
        region: text(v, "region"),
        resources,
        kind,
    })
}

impl EcsEvent {
    pub fn severity(&self) -> EventSeverity {
        match &self.kind {
            EventKind::Task(t) => {
                let failed = t.containers.iter().any(|c| c.2.is_some_and(|x| x != 0))
                    || t.stop_code.as_deref() == Some("TaskFailedToStart");
                if t.last_status == status::STOPPED && failed {
                    EventSeverity::Error
                } else {
                    EventSeverity::Info
                }
            }
            EventKind::Service(s) => match s.event_type.as_str() {
                "ERROR" => EventSeverity::Error,
                "WARN" => EventSeverity::Warn,
                _ if s.event_name.ends_with("FAILED") => EventSeverity::Error,
                _ => EventSeverity::Info,
            },
            EventKind::Instance(i) if i.status == status::DRAINING => EventSeverity::Warn,
            _ => EventSeverity::Info,
        }
    }

    /// The cluster's name, when the event names one.
    pub fn cluster(&self) -> String {
        let arn = match &self.kind {
            EventKind::Task(t) => &t.cluster_arn,
            EventKind::Service(s) => &s.cluster_arn,
            EventKind::Instance(i) => &i.cluster_arn,
            EventKind::Raw => return String::new(),
        };
        super::name_from_arn(arn).to_string()
    }

    /// What the event is about: `task 3f2a…`, `service checkout`, `instance 0ab1…`.
    pub fn subject(&self) -> String {
        match &self.kind {
            EventKind::Task(t) => {
                let service = t
                    .group
                    .as_deref()
                    .and_then(|g| g.strip_prefix("service:"))
                    .map(|s| format!("{s} "))
                    .unwrap_or_default();
                let id: String = super::short_id(&t.task_arn).chars().take(8).collect();
                format!("{service}task {id}")
            }
            EventKind::Service(s) => format!("service {}", super::name_from_arn(&s.service_arn)),
            EventKind::Instance(i) => {
                let id: String = super::short_id(&i.instance_arn).chars().take(8).collect();
                format!("instance {id}")
            }
            EventKind::Raw => self
                .resources
                .first()
                .map(|r| super::short_id(r).to_string())
                .unwrap_or_default(),
        }
    }

    /// One line of what happened.
    pub fn summary(&self) -> String {
        match &self.kind {
            EventKind::Task(t) => {
                let mut s = format!("{} (desired {})", t.last_status, t.desired_status);
                if let Some(code) = &t.stop_code {
                    s.push_str(&format!(" · {code}"));
                }
                if let Some(r) = &t.stopped_reason {
                    s.push_str(&format!(" · {r}"));
                }
                let exits: Vec<String> = t
                    .containers
                    .iter()
                    .filter_map(|c| c.2.map(|x| format!("{}:{x}", c.0)))
                    .collect();
                if !exits.is_empty() {
                    s.push_str(&format!(" · exit {}", exits.join(" ")));
                }
                s
            }
            EventKind::Service(s) => match &s.reason {
                Some(r) => format!("{} · {r}", s.event_name),
                None => s.event_name.clone(),
            },
            EventKind::Instance(i) => {
                let agent = match i.agent_connected {
                    Some(true) => " · agent connected",
                    Some(false) => " · agent disconnected",
                    None => "",
                };
                format!("{}{agent}", i.status)
            }
            EventKind::Raw => self.detail_type.clone(),
        }
    }
}
