//! The dialogs that stand between a key and a change to the account: what they hold, and the
//! validation of what the user types. Nothing is sent until a dialog is confirmed.

use crate::model::{Mutation, ScalableTarget};

/// ECS runs at most this many tasks per service.
pub const MAX_DESIRED: i32 = 5_000;
/// StopTask keeps at most this many characters of the reason.
pub const MAX_REASON: usize = 255;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loading<T> {
    Pending,
    Ready(T),
    Failed(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScaleDialog {
    pub cluster: String,
    pub service: String,
    pub desired: i32,
    pub running: i32,
    pub pending: i32,
    pub input: crate::app::widgets::LineInput,
    pub error: Option<String>,
    /// The service's Application Auto Scaling target, once known.
    pub target: Loading<Option<ScalableTarget>>,
    /// Also move the scalable target's min / max so the new count is inside them.
    pub adjust_bounds: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopTarget {
    pub arn: String,
    pub id: String,
    /// The service that will replace it, if any.
    pub service: Option<String>,
    pub last_status: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopDialog {
    pub cluster: String,
    pub tasks: Vec<StopTarget>,
    pub reason: crate::app::widgets::LineInput,
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceTarget {
    pub arn: String,
    pub id: String,
    pub ec2_id: String,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstancesDialog {
    pub cluster: String,
    pub instances: Vec<InstanceTarget>,
    pub draining: bool,
    /// Service tasks and standalone tasks running on the instances, once counted.
    pub counts: Loading<(usize, usize)>,
}

/// A last look before a change is sent: what will happen, `y` to go ahead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmDialog {
    pub title: String,
    pub lines: Vec<String>,
    pub mutation: Mutation,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dialog {
    Scale(ScaleDialog),
    Stop(StopDialog),
    Instances(InstancesDialog),
    Confirm(ConfirmDialog),
    Rollback(super::rollback::RollbackDialog),
    Exec(Box<super::exec::ExecDialog>),
    /// A custom command that asks first.
    Run(Box<crate::app::custom::RunDialog>),
}

/// A desired count as typed. Bad input gets a message and nothing is sent.
pub fn parse_desired(input: &str) -> Result<i32, String> {
    let text = input.trim();
    if text.is_empty() {
        return Err("type the desired count (a whole number from 0)".into());
    }
    if let Some(rest) = text.strip_prefix('-') {
        if !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()) {
            return Err("the desired count cannot be negative".into());
        }
    }
    if !text.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("\"{text}\" is not a whole number"));
    }
    match text.parse::<i64>() {
        Ok(n) if n <= MAX_DESIRED as i64 => Ok(n as i32),
        _ => Err(format!("at most {MAX_DESIRED} tasks per service")),
    }
}

/// A stop reason as typed: not empty, at most 255 characters.
pub fn check_reason(reason: &str) -> Result<String, String> {
    let r = reason.trim();
    match r.chars().count() {
        0 => Err("give a reason: it is kept with the stopped task".into()),
        n if n > MAX_REASON => Err(format!(
            "the reason is {n} characters; ECS keeps at most {MAX_REASON}"
        )),
        _ => Ok(r.to_string()),
    }
}

/// What an auto-scaled service will do with a manual count, in one sentence.
pub fn autoscaling_note(target: &ScalableTarget, desired: i32) -> String {
    if desired < target.min || desired > target.max {
        // min > max is not a valid target, but it is data from outside: never panic on it.
        let clamped = desired.max(target.min).min(target.max.max(target.min));
        format!(
            "auto scaling keeps this service between {} and {}: {desired} is outside, so the next scaling action sets it to {clamped}",
            target.min, target.max
        )
    } else {
        format!(
            "auto scaling keeps this service between {} and {}: the next scaling action will override {desired}",
            target.min, target.max
        )
    }
}

/// The bounds that make `desired` fit, widening the target as little as possible.
pub fn widened(target: &ScalableTarget, desired: i32) -> ScalableTarget {
    ScalableTarget {
        min: target.min.min(desired),
        max: target.max.max(desired),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_desired_count_is_explained() {
        assert_eq!(parse_desired("6"), Ok(6));
        assert_eq!(parse_desired(" 0 "), Ok(0));
        assert_eq!(
            parse_desired("-1").unwrap_err(),
            "the desired count cannot be negative"
        );
        assert_eq!(
            parse_desired("abc").unwrap_err(),
            "\"abc\" is not a whole number"
        );
        assert_eq!(
            parse_desired("1e9").unwrap_err(),
            "\"1e9\" is not a whole number"
        );
        assert_eq!(
            parse_desired("1.5").unwrap_err(),
            "\"1.5\" is not a whole number"
        );
        assert_eq!(
            parse_desired("").unwrap_err(),
            "type the desired count (a whole number from 0)"
        );
        assert_eq!(
            parse_desired("5001").unwrap_err(),
            "at most 5000 tasks per service"
        );
        assert_eq!(
            parse_desired("99999999999999999999").unwrap_err(),
            "at most 5000 tasks per service"
        );
    }

    #[test]
    fn reasons_are_bounded() {
        assert_eq!(check_reason("  deploy stuck  "), Ok("deploy stuck".into()));
        assert!(check_reason("   ").is_err());
        assert_eq!(check_reason(&"x".repeat(255)).map(|r| r.len()), Ok(255));
        assert_eq!(
            check_reason(&"x".repeat(256)).unwrap_err(),
            "the reason is 256 characters; ECS keeps at most 255"
        );
    }

    #[test]
    fn auto_scaling_notes_say_override_or_clamp() {
        let t = ScalableTarget { min: 4, max: 12 };
        assert!(autoscaling_note(&t, 6).contains("will override 6"));
        assert!(autoscaling_note(&t, 20).contains("sets it to 12"));
        assert!(autoscaling_note(&t, 1).contains("sets it to 4"));
        assert_eq!(widened(&t, 20), ScalableTarget { min: 4, max: 20 });
        assert_eq!(widened(&t, 2), ScalableTarget { min: 2, max: 12 });
    }
}
