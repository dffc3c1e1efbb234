//! The test suite that needs nothing but the simulator, mocked SDK answers and the binary itself:
//! one test binary (one link of the AWS SDKs), a module per subject.

mod actions;
mod aws_exec;
mod aws_paging;
mod aws_scaling;
mod cli_info;
mod common;
mod config_files;
mod custom_commands;
mod deployment_watch;
mod docs_current;
mod draw_every_size;
mod events;
mod events_mode;
mod exec;
mod failures;
mod history;
mod logs;
mod logs_at_scale;
mod metrics;
mod pulse;
mod remap_every_key;
mod render_loop;
mod resilience;
mod scaling_view;
mod screenshots;
mod sim_actions;
mod sim_behaviour;
mod snapshots;
mod sync_layer;
mod table_merge;
mod targets;
mod taskdefs;
mod themes;
mod timeline;
mod update_logic;
