//! Domain types: plain data describing ECS resources as the console sees them. No SDK types, nothing
//! of ours. Every field AWS may omit is optional and rendered as "–".

mod api;
mod cluster;
mod context;
mod events;
mod ids;
mod instance;
mod logs;
mod mutation;
mod pulse;
mod query;
mod redact;
mod service;
pub mod status;
mod task;
mod task_definition;
mod time;

pub use api::{ApiCall, ApiOutcome};
pub use cluster::Cluster;
pub use context::{ContextSwitch, Profile, Region, REGIONS};
pub use events::{
    parse_event, parse_value, EcsEvent, EventKind, EventSeverity, InstanceChange, ServiceChange,
    TaskChange,
};
pub use ids::{family_revision, name_from_arn, short_id};
pub use instance::ContainerInstance;
pub use logs::{
    behind, log_sources, pattern_matches, sort_events, LogEvent, LogFeed, LogMode, LogScope,
    LogSource, LogStart, LogStreamRef,
};
pub use mutation::{Mutation, MutationResult};
pub use pulse::PulseData;
pub use query::{FetchError, Listing, Payload, Query, ResourceFailure, TaskScope, TaskStatus};
pub use redact::{redact_urls, MASK as URL_MASK};
pub use service::{Deployment, RolloutState, ScalableTarget, Service, ServiceEvent};
pub use task::{Container, Task};
pub use task_definition::{
    ContainerDefinition, EnvVar, LogConfiguration, SecretRef, TaskDefinition,
};
pub use time::{format_age, Timestamp};
