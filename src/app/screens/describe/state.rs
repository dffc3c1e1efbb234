//! Describe (`d`): a resource in full, as YAML or JSON, scrollable and searchable. Values of
//! secret-looking environment variables are masked; secrets show where they come from, never a
//! value.

use crate::app::screens::viewer::TextDoc;
use crate::model::Query;
use serde_json::Value;

pub const MASK: &str = "********";

#[derive(Debug, Clone, PartialEq)]
pub struct DescribeState {
    pub title: String,
    pub doc: Value,
    pub json: bool,
    /// The text on screen, scrolled and searched by the shared viewer.
    pub text: TextDoc,
    /// The task definition still to be merged in, when it arrives.
    pub waiting: Option<Query>,
}

impl DescribeState {
    pub fn new(title: String, doc: Value, waiting: Option<Query>) -> Self {
        let doc = masked(doc);
        let mut s = Self {
            title,
            doc,
            json: false,
            text: TextDoc::default(),
            waiting,
        };
        s.render();
        s
    }

    /// Add a part of the document (the task definition) and redraw the text.
    pub fn merge(&mut self, key: &str, part: Value) {
        if let Value::Object(map) = &mut self.doc {
            map.insert(key.to_string(), masked(part));
        }
        self.waiting = None;
        self.render();
    }

    pub fn toggle_format(&mut self) {
        self.json = !self.json;
        self.render();
    }

    fn render(&mut self) {
        let lines = if self.json {
            serde_json::to_string_pretty(&self.doc)
                .unwrap_or_default()
                .lines()
                .map(str::to_string)
                .collect()
        } else {
            let mut out = Vec::new();
            yaml(&self.doc, 0, &mut out);
            out
        };
        self.text.set_lines(lines);
    }
}

// JSON values from resources hold no NaN, so equality is reflexive.
impl Eq for DescribeState {}

/// Mask values that look secret: `{name, value}` pairs (environment variables) whose name looks
/// secret, and string fields whose own name does.
pub fn masked(v: Value) -> Value {
    match v {
        Value::Object(map) => {
            let secret_pair = map
                .get("name")
                .and_then(Value::as_str)
                .is_some_and(crate::model::secret_name)
                && map.contains_key("value");
            Value::Object(
                map.into_iter()
                    .map(|(k, v)| {
                        let hide = (k == "value" && secret_pair)
                            || (v.is_string()
                                && k != "name"
                                && k != "valueFrom"
                                && !k.ends_with("Arn")
                                && crate::model::secret_name(&k));
                        (
                            k,
                            if hide {
                                Value::String(MASK.into())
                            } else {
                                masked(v)
                            },
                        )
                    })
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.into_iter().map(masked).collect()),
        Value::String(s) => match crate::model::redact_urls(&s) {
            std::borrow::Cow::Borrowed(_) => Value::String(s),
            std::borrow::Cow::Owned(r) => Value::String(r),
        },
        other => other,
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => {
            let plain = !s.is_empty()
                && !s.contains(": ")
                && !s.contains(" #")
                && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@` ".contains(c))
                && !s.ends_with(' ')
                && !["true", "false", "null", "~", "yes", "no"]
                    .contains(&s.to_ascii_lowercase().as_str())
                && s.parse::<f64>().is_err();
            if plain {
                s.clone()
            } else {
                serde_json::to_string(s).unwrap_or_default()
            }
        }
        Value::Array(a) if a.is_empty() => "[]".into(),
        Value::Object(o) if o.is_empty() => "{}".into(),
        _ => String::new(),
    }
}

fn is_scalar(v: &Value) -> bool {
    match v {
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => true,
    }
}

/// YAML, block style, in field order.
pub fn yaml(v: &Value, indent: usize, out: &mut Vec<String>) {
    let pad = " ".repeat(indent);
    match v {
        Value::Object(map) => {
            for (k, val) in map {
                if is_scalar(val) {
                    out.push(format!("{pad}{k}: {}", scalar(val)));
                } else {
                    out.push(format!("{pad}{k}:"));
                    yaml(val, indent + 2, out);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                if is_scalar(item) {
                    out.push(format!("{pad}- {}", scalar(item)));
                } else {
                    let mut inner = Vec::new();
                    yaml(item, indent + 2, &mut inner);
                    if let Some(first) = inner.first_mut() {
                        *first = format!("{pad}- {}", first.trim_start());
                    }
                    out.extend(inner);
                }
            }
        }
        other => out.push(format!("{pad}{}", scalar(other))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::screens::viewer::Scroll;
    use serde_json::json;

    #[test]
    fn secret_looking_values_are_masked_and_the_rest_kept() {
        let doc = json!({
            "environment": [
                { "name": "DB_PASSWORD", "value": "hunter2" },
                { "name": "STRIPE_API_KEY", "value": "sk_live" },
                { "name": "GITHUB_TOKEN", "value": "ghp" },
                { "name": "JWT_SIGNING_SECRET", "value": "s" },
                { "name": "LOG_LEVEL", "value": "info" }
            ],
            "secrets": [{ "name": "DATABASE_URL", "valueFrom": "arn:aws:secretsmanager:us-east-1:1:secret:db" }],
            "taskArn": "arn:aws:ecs:us-east-1:1:task/c/abc",
            "apiToken": "tok"
        });
        let m = masked(doc);
        let env = m["environment"].as_array().unwrap();
        for e in &env[..4] {
            assert_eq!(e["value"], MASK, "{e}");
        }
        assert_eq!(env[4]["value"], "info");
        assert_eq!(env[0]["name"], "DB_PASSWORD", "names stay");
        assert_eq!(
            m["secrets"][0]["valueFrom"], "arn:aws:secretsmanager:us-east-1:1:secret:db",
            "secrets show where they come from"
        );
        assert_eq!(m["taskArn"], "arn:aws:ecs:us-east-1:1:task/c/abc");
        assert_eq!(m["apiToken"], MASK);
    }

    #[test]
    fn credentials_inside_urls_are_masked_whatever_the_name() {
        let m = masked(json!({
            "environment": [
                { "name": "DATABASE_URL", "value": "postgres://app:pw@db/x" },
                { "name": "REDIS_URL", "value": "redis://:hunter2@cache:6379" },
                { "name": "ALERTS", "value": "https://hooks.example.com/x?token=abc&room=ops" },
                { "name": "HOMEPAGE", "value": "https://example.com/?page=1" }
            ],
            "command": ["sh", "-c", "curl https://u:p@example.com/a"]
        }));
        let env = m["environment"].as_array().unwrap();
        assert_eq!(env[0]["value"], "postgres://app:****@db/x");
        assert_eq!(env[1]["value"], "redis://:****@cache:6379");
        assert_eq!(
            env[2]["value"],
            "https://hooks.example.com/x?token=****&room=ops"
        );
        assert_eq!(env[3]["value"], "https://example.com/?page=1");
        assert_eq!(m["command"][2], "curl https://u:****@example.com/a");
    }

    #[test]
    fn yaml_is_block_style_and_quotes_what_needs_it() {
        let mut out = Vec::new();
        yaml(
            &json!({ "a": 1, "b": "x: y", "c": [ { "d": true, "e": null }, "f" ], "g": [], "h": "8080" }),
            0,
            &mut out,
        );
        assert_eq!(
            out,
            [
                "a: 1",
                "b: \"x: y\"",
                "c:",
                "  - d: true",
                "    e: null",
                "  - f",
                "g: []",
                "h: \"8080\""
            ]
        );
    }

    #[test]
    fn search_finds_lines_and_jumps() {
        let mut s = DescribeState::new(
            "t".into(),
            json!({ "a": "one", "b": "two", "c": "one more" }),
            None,
        );
        s.text.set_search("ONE").unwrap();
        assert_eq!(s.text.matches, [0, 2]);
        s.text.jump(true);
        assert_eq!(s.text.scroll, 2);
        s.text.jump(true);
        assert_eq!(s.text.scroll, 0, "wraps");
        assert_eq!(
            s.text.set_search("on(").unwrap_err(),
            "invalid regex: unclosed group"
        );
        s.toggle_format();
        assert_eq!(s.text.lines[0], "{");
    }
}
