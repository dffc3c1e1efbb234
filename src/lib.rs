//! ecsdeck: a terminal console for Amazon ECS.

pub mod backend;
pub mod clock;
pub mod model;
