//! Application Auto Scaling of a cluster's services, as `:scaling` shows it: each service's
//! scalable target (min, max, what is suspended), its policies (target tracking: the metric and
//! the target value; step: the alarms and the adjustments), its scheduled actions (the schedule
//! and the capacity it sets, the next run where the schedule says it) and its recent activities
//! with their cause.

use super::{ScalingActivity, Timestamp};

/// What a row is, in the order a service's rows are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ScalingKind {
    Target,
    Policy,
    Scheduled,
    Activity,
}

impl ScalingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ScalingKind::Target => "target",
            ScalingKind::Policy => "policy",
            ScalingKind::Scheduled => "scheduled",
            ScalingKind::Activity => "activity",
        }
    }
}

/// One row of `:scaling`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScalingItem {
    pub key: String,
    pub service: String,
    pub kind: ScalingKind,
    /// The policy's or action's name; the activity's description; `min..max` for a target.
    pub name: String,
    /// What it does: `ECSServiceAverageCPUUtilization → 60`, `cron(0 8 * * ? *) → min 6 max 12`,
    /// an activity's cause.
    pub detail: String,
    /// Target: what is suspended; activity: its status.
    pub status: Option<String>,
    /// Activity: when it started; scheduled action: its next (or only) run.
    pub at: Option<Timestamp>,
}

impl ScalingItem {
    pub fn new(service: &str, kind: ScalingKind, name: String, detail: String) -> Self {
        Self {
            key: format!("{service}|{}|{name}", kind.as_str()),
            service: service.to_string(),
            kind,
            name,
            detail,
            status: None,
            at: None,
        }
    }

    /// An activity as a row.
    pub fn activity(a: &ScalingActivity) -> Self {
        // What went wrong is the first thing to read of an activity that did not succeed.
        let detail = match &a.message {
            Some(m) if a.status != "Successful" => format!("{m} — {}", a.cause),
            _ => a.cause.clone(),
        };
        let mut item = Self::new(
            a.service(),
            ScalingKind::Activity,
            short_description(&a.description),
            detail,
        );
        item.key = format!("{}|activity|{}", a.service(), a.activity_id);
        item.status = Some(a.status.clone());
        item.at = a.started_at;
        item
    }
}

/// `Setting desired count to 6.` as `desired count → 6` (narrow screens keep the number).
pub fn short_description(description: &str) -> String {
    match description
        .strip_prefix("Setting desired count to ")
        .map(|n| n.trim_end_matches('.'))
    {
        Some(n) => format!("desired count → {n}"),
        None => description.to_string(),
    }
}

/// A target tracking policy's detail: `ECSServiceAverageCPUUtilization → 60 (scale-in off)`.
pub fn target_tracking(metric: &str, target: f64, scale_in: bool) -> String {
    let value = if target.fract() == 0.0 {
        format!("{target:.0}")
    } else {
        format!("{target}")
    };
    let mut out = format!("target tracking: {metric} → {value}");
    if !scale_in {
        out.push_str(" (scale-in disabled)");
    }
    out
}

/// A step adjustment: `[0, 10) +1`, `[10, ∞) +2` (bounds relative to the alarm threshold).
pub fn step(lower: Option<f64>, upper: Option<f64>, adjustment: i32) -> String {
    let bound = |b: Option<f64>, inf: &str| b.map_or_else(|| inf.to_string(), |v| format!("{v}"));
    format!(
        "[{}, {}) {adjustment:+}",
        bound(lower, "-∞"),
        bound(upper, "∞")
    )
}

/// The scaling of a cluster's services (or one's).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScalingData {
    pub items: Vec<ScalingItem>,
    /// Why activities could not be read (the rest still shows).
    pub activities_error: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_read_as_an_operator_writes_them() {
        assert_eq!(
            target_tracking("ECSServiceAverageCPUUtilization", 60.0, true),
            "target tracking: ECSServiceAverageCPUUtilization → 60"
        );
        assert_eq!(
            target_tracking("RequestCountPerTarget", 1000.5, false),
            "target tracking: RequestCountPerTarget → 1000.5 (scale-in disabled)"
        );
        assert_eq!(step(Some(0.0), Some(10.0), 1), "[0, 10) +1");
        assert_eq!(step(Some(10.0), None, 2), "[10, ∞) +2");
        assert_eq!(step(None, Some(0.0), -1), "[-∞, 0) -1");
        assert_eq!(
            short_description("Setting desired count to 6."),
            "desired count → 6"
        );
        assert_eq!(
            short_description("Setting min capacity to 2."),
            "Setting min capacity to 2."
        );
    }
}
