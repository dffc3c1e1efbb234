/// An AWS profile from the shared config files, for `:ctx`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Profile {
    pub name: String,
    pub region: Option<String>,
    /// How it gets credentials: sso, role, keys, process, or unknown.
    pub kind: String,
}

/// A region, for `:region`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Region {
    pub name: String,
}

/// What to switch to: another profile and/or region. The backend is rebuilt; the views start over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextSwitch {
    pub profile: Option<String>,
    pub region: Option<String>,
}

/// The regions where ECS runs, for `:region`.
pub const REGIONS: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "af-south-1",
    "ap-east-1",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-south-1",
    "eu-south-2",
    "eu-north-1",
    "il-central-1",
    "me-south-1",
    "me-central-1",
    "sa-east-1",
];
