//! Domain types: plain data describing ECS resources as the console sees them. No SDK types, nothing
//! of ours. Every field AWS may omit is optional and rendered as "–".

mod alarms;
mod api;
mod capacity;
mod cluster;
pub mod console;
mod context;
mod events;
mod exec;
mod ids;
mod instance;
mod logs;
mod metrics;
mod mutation;
mod pulse;
mod query;
mod redact;
mod scaling;
mod schedule;
mod service;
pub mod status;
mod targets;
mod task;
mod task_definition;
mod td_diff;
mod time;
mod timeline;

pub use alarms::{Alarm, IN_ALARM};
pub use api::{ApiCall, ApiOutcome};
pub use capacity::{
    capacity_rows, is_fargate, CapacityData, CapacityProvider, CapacityRow, GroupSize,
    ServicePlacement, StrategyItem,
};
pub use cluster::Cluster;
pub use context::{ContextSwitch, Profile, Region, REGIONS};
pub use events::{
    parse_event, parse_value, EcsEvent, EventKind, EventSeverity, InstanceChange, ServiceChange,
    TaskChange,
};
pub use exec::ExecSession;
pub use ids::{family_revision, name_from_arn, short_id};
pub use instance::{ContainerInstance, ON_DEMAND, SPOT};
pub use logs::{
    behind, log_sources, pattern_matches, sort_events, LogEvent, LogFeed, LogMode, LogScope,
    LogSource, LogStart, LogStreamRef,
};
pub use metrics::{
    into_minutes, MetricsData, ServiceMetrics, TaskMetricKey, METRICS_PER_CALL, METRIC_MINUTES,
};
pub use mutation::{Mutation, MutationResult};
pub use pulse::{PulseData, PulseScope};
pub use query::{FetchError, Listing, Payload, Query, ResourceFailure, TaskScope, TaskStatus};
pub use redact::{redact_urls, secret_name, MASK as URL_MASK};
pub use scaling::{step, target_tracking, ScalingData, ScalingItem, ScalingKind};
pub use schedule::next_run;
pub use service::{Deployment, RolloutState, ScalableTarget, Service, ServiceEvent};
pub use targets::{load_balancer_name, match_tasks, Target, TargetGroup, TargetsData, TaskAddress};
pub use task::{Container, ManagedAgent, Task, EXEC_AGENT};
pub use task_definition::{
    previous_revision_arn, short_image, ContainerDefinition, EnvVar, Family, LogConfiguration,
    SecretRef, TaskDefinition,
};
pub use td_diff::{diff, Change, DiffLine, TdDiff};
pub use time::{format_age, Timestamp};
pub use timeline::{ScalingActivity, TimelineData};
