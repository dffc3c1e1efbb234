//! The `/` filter: a case-insensitive regex over a row's columns; a leading `!` inverts it.

use regex::{Regex, RegexBuilder};

#[derive(Debug, Clone, Default)]
pub struct Filter {
    text: String,
    regex: Option<Regex>,
    invert: bool,
}

impl Filter {
    /// Compile `text`. An invalid regex is an error with a one-line reason; the caller keeps the
    /// last good filter.
    pub fn parse(text: &str) -> Result<Self, String> {
        let (invert, pattern) = match text.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let regex = if pattern.is_empty() {
            None
        } else {
            let built = RegexBuilder::new(pattern)
                .case_insensitive(true)
                .size_limit(1 << 20)
                .build()
                .map_err(|e| one_line(&e.to_string()))?;
            Some(built)
        };
        Ok(Self { text: text.to_string(), regex, invert: invert && !pattern.is_empty() })
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn is_active(&self) -> bool {
        self.regex.is_some()
    }

    pub fn matches(&self, haystack: &str) -> bool {
        match &self.regex {
            None => true,
            Some(re) => re.is_match(haystack) != self.invert,
        }
    }
}

/// The regex crate explains errors over several lines with a caret diagram; keep the reason.
fn one_line(err: &str) -> String {
    let reason = err
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with("error:"))
        .map(|l| l.trim_start().trim_start_matches("error:").trim())
        .unwrap_or_else(|| err.lines().last().unwrap_or(err).trim());
    format!("invalid regex: {reason}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_case_insensitively_and_inverts() {
        let f = Filter::parse("CHECK").unwrap();
        assert!(f.matches("prod-web checkout"));
        assert!(!f.matches("api-gateway"));
        let inv = Filter::parse("!check").unwrap();
        assert!(!inv.matches("checkout"));
        assert!(inv.matches("api-gateway"));
        let empty = Filter::parse("!").unwrap();
        assert!(empty.matches("anything") && !empty.is_active());
    }

    #[test]
    fn invalid_regex_is_a_one_line_error() {
        let err = Filter::parse("check(").unwrap_err();
        assert_eq!(err, "invalid regex: unclosed group");
        assert!(!err.contains('\n'));
    }
}
