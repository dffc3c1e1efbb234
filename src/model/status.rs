//! The status values of the ECS API that the console acts on. They stay strings in the model —
//! ECS adds values, and one the console does not know is shown as it comes — but the code names
//! them here, once, instead of spelling them where it compares.

pub const RUNNING: &str = "RUNNING";
pub const STOPPED: &str = "STOPPED";
pub const PRIMARY: &str = "PRIMARY";
pub const ACTIVE: &str = "ACTIVE";
pub const DRAINING: &str = "DRAINING";
pub const PROVISIONING: &str = "PROVISIONING";
pub const UNHEALTHY: &str = "UNHEALTHY";
