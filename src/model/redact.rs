//! Credentials inside URLs — `postgres://app:pw@db/x`, `https://ghp_…@github.com/…`, webhook
//! URLs with `?token=…` — are masked wherever a value is shown or saved: the password (or a lone
//! user part, which is then the token) becomes `****`, and so does every query parameter whose
//! name looks secret. The rest of the URL stays, so an operator can still see where it points.

use regex::Regex;
use std::borrow::Cow;
use std::sync::OnceLock;

/// What a masked part becomes.
pub const MASK: &str = "****";

fn url() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"[A-Za-z][A-Za-z0-9+.\-]*://[^\s"'<>`]+"#)
            .unwrap_or_else(|_| Regex::new("$^").expect("a regex that matches nothing"))
    })
}

/// Whether a name (an environment variable, a field) looks like it holds a secret: its value is
/// masked wherever it is shown.
pub fn secret_name(name: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(key|secret|token|passw|pwd|credential|private|auth|dsn|cookie|session|signature|cert)")
            .unwrap_or_else(|_| Regex::new("$^").expect("a regex that matches nothing"))
    })
    .is_match(name)
}

/// Query parameter names that carry secrets.
fn secret_param() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(token|secret|key|passw|pwd|sig|auth|credential|session|code|ticket)")
            .unwrap_or_else(|_| Regex::new("$^").expect("a regex that matches nothing"))
    })
}

/// `text` with the credentials of every URL in it masked (borrowed when there are none).
pub fn redact_urls(text: &str) -> Cow<'_, str> {
    if !text.contains("://") {
        return Cow::Borrowed(text);
    }
    let mut changed = false;
    let out = url().replace_all(text, |c: &regex::Captures| {
        let u = &c[0];
        let masked = redact_url(u);
        if masked != u {
            changed = true;
        }
        masked
    });
    if changed {
        Cow::Owned(out.into_owned())
    } else {
        Cow::Borrowed(text)
    }
}

fn redact_url(u: &str) -> String {
    let Some((scheme, rest)) = u.split_once("://") else {
        return u.to_string();
    };
    // The authority ends at the first `/`, `?` or `#`.
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _password)) => format!("{user}:{MASK}@{host}"),
            // A user part alone is a token (`https://ghp_x@github.com`).
            None => format!("{MASK}@{host}"),
        },
        None => authority.to_string(),
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let (query, fragment) = match query.split_once('#') {
                Some((q, f)) => (q, Some(f)),
                None => (query, None),
            };
            let query: Vec<String> = query
                .split('&')
                .map(|kv| match kv.split_once('=') {
                    Some((k, v)) if !v.is_empty() && secret_param().is_match(k) => {
                        format!("{k}={MASK}")
                    }
                    _ => kv.to_string(),
                })
                .collect();
            let mut t = format!("{path}?{}", query.join("&"));
            if let Some(f) = fragment {
                t.push('#');
                t.push_str(f);
            }
            t
        }
        None => tail.to_string(),
    };
    format!("{scheme}://{authority}{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_tokens_and_secret_parameters_are_masked_and_the_rest_kept() {
        let cases = [
            ("postgres://app:pw@db/x", "postgres://app:****@db/x"),
            ("redis://:s3cret@cache:6379/0", "redis://:****@cache:6379/0"),
            (
                "https://ghp_abc123@github.com/org/repo.git",
                "https://****@github.com/org/repo.git",
            ),
            (
                "https://hooks.example.com/services/T0/B0?token=xyz&channel=ops",
                "https://hooks.example.com/services/T0/B0?token=****&channel=ops",
            ),
            (
                "https://b.s3.amazonaws.com/k?X-Amz-Signature=abc&X-Amz-Credential=AKIA/x&x=1#top",
                "https://b.s3.amazonaws.com/k?X-Amz-Signature=****&X-Amz-Credential=****&x=1#top",
            ),
            (
                "https://example.com/a?page=2",
                "https://example.com/a?page=2",
            ),
            ("amqp://guest:guest@mq:5672", "amqp://guest:****@mq:5672"),
            (
                "user:pw@host is not a URL; see https://docs/x",
                "user:pw@host is not a URL; see https://docs/x",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(redact_urls(input), want, "{input}");
        }
    }

    #[test]
    fn urls_inside_text_are_masked_and_text_without_them_is_borrowed() {
        let line = "connecting to DATABASE_URL=postgres://app:pw@db:5432/x (attempt 2)";
        assert_eq!(
            redact_urls(line),
            "connecting to DATABASE_URL=postgres://app:****@db:5432/x (attempt 2)"
        );
        assert!(matches!(redact_urls("GET /health 200"), Cow::Borrowed(_)));
        assert!(matches!(
            redact_urls("see https://example.com/x"),
            Cow::Borrowed(_)
        ));
    }
}
