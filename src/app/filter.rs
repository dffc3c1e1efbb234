//! The `/` filter: a case-insensitive regex over a row's columns; a leading `!` inverts it.
//!
//! Rows keep their filter text lowercased, so plain text (no regex syntax, the usual case) is
//! matched as a lowercase literal: the regex engine then searches with memchr-speed prefilters
//! instead of Unicode case folding. Patterns with regex syntax are compiled case-insensitively.

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
            // The rows' text is lowercase, so a lowercased pattern matched case-sensitively is
            // case-insensitive matching — and keeps the regex engine's literal prefilters.
            let lower = if pattern.chars().any(regex_syntax_char) {
                lowercase_pattern(pattern)
            } else {
                regex::escape(&pattern.to_lowercase())
            };
            Some(
                RegexBuilder::new(&lower)
                    .size_limit(1 << 20)
                    .build()
                    .map_err(|e| one_line(&e.to_string()))?,
            )
        };
        Ok(Self {
            text: text.to_string(),
            regex,
            invert: invert && !pattern.is_empty(),
        })
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn is_active(&self) -> bool {
        self.regex.is_some()
    }

    /// Whether a row matches. `haystack` must be lowercase (see [`haystack_case`]).
    pub fn matches(&self, haystack: &str) -> bool {
        match &self.regex {
            None => true,
            Some(re) => re.is_match(haystack) != self.invert,
        }
    }
}

impl Filter {
    /// Where the pattern matches in a lowercase haystack (nothing for an inverted filter).
    pub fn ranges(&self, haystack: &str) -> Vec<std::ops::Range<usize>> {
        match &self.regex {
            Some(re) if !self.invert => re
                .find_iter(haystack)
                .filter(|m| !m.is_empty())
                .map(|m| m.range())
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// Put a row's filter text in the case the filter compares: lowercase.
pub fn haystack_case(text: &str) -> String {
    text.to_lowercase()
}

/// Characters that make a pattern more than plain text (outside a class, `-`, `#`, `&` and `~`
/// are literal).
fn regex_syntax_char(c: char) -> bool {
    matches!(
        c,
        '\\' | '.' | '+' | '*' | '?' | '(' | ')' | '|' | '[' | ']' | '{' | '}' | '^' | '$'
    )
}

/// Lowercase a regex without changing what its escapes mean: `\D`, `\W`, `\S`, `\B`, `\P{Lu}`
/// and `\x{4A}` keep their case; everything else is lowered.
fn lowercase_pattern(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.extend(c.to_lowercase());
            continue;
        }
        out.push(c);
        let Some(e) = chars.next() else { break };
        out.push(e);
        if matches!(e, 'p' | 'P' | 'x' | 'u' | 'U') && chars.peek() == Some(&'{') {
            for b in chars.by_ref() {
                out.push(b);
                if b == '}' {
                    break;
                }
            }
        }
    }
    out
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
        let re = Filter::parse("web.*OUT$").unwrap();
        assert!(re.matches("prod-web checkout"));
        let dots = Filter::parse("api-gateway:118").unwrap();
        assert!(dots.matches("api-gateway:118") && !dots.matches("api-gateway:119"));
        let dot = Filter::parse("a.c").unwrap();
        assert!(dot.matches("abc"), "regex syntax stays regex");
        let class = Filter::parse("GEN-4[0-9]").unwrap();
        assert!(class.matches("load-gen-42") && !class.matches("load-gen-4x"));
        let escapes = Filter::parse(r"\D{3}-\d\b").unwrap();
        assert!(
            escapes.matches("gen-4 x") && !escapes.matches("gen-42"),
            "escapes keep their case"
        );
        let range = Filter::parse("[A-C]x").unwrap();
        assert!(range.matches("bx"));
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
