//! ecsdeck: a terminal console for Amazon ECS.

pub mod app;
pub mod audit;
pub mod backend;
pub mod clipboard;
pub mod clock;
pub mod config;
pub mod files;
pub mod handoff;
/// The deterministic test driver: built for the tests and benchmarks only (the `test-harness`
/// feature, which the dev-dependency on this crate turns on), never in the shipped binary.
#[cfg(any(test, feature = "test-harness"))]
pub mod harness;
/// Live heap bytes, for the memory test and benchmark (the `test-harness` feature only).
#[cfg(any(test, feature = "test-harness"))]
pub mod heap_count;
pub mod model;
pub mod protocol;
pub mod subscription;
pub mod sync;
pub mod tui;
pub mod ui;
pub mod wiring;
