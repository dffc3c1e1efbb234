//! Copy to the clipboard with OSC 52: the terminal (or tmux, or the terminal at the other end of
//! an SSH session) puts the text on the clipboard. Nothing local is needed.

use base64::Engine;

/// Terminals limit the length of an OSC 52 sequence; ARNs are far below this.
pub const MAX_BYTES: usize = 74_994;

/// `ESC ] 52 ; c ; <base64> BEL`.
pub fn osc52(text: &str) -> String {
    let data = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    format!("\x1b]52;c;{data}\x07")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_is_well_formed_and_round_trips() {
        let arn =
            "arn:aws:ecs:us-east-1:123456789012:task/prod-web/0f3c2a9be4d14c7e9a1b2c3d4e5f6a7b";
        let seq = osc52(arn);
        assert!(seq.starts_with("\x1b]52;c;") && seq.ends_with('\x07'));
        let body = &seq["\x1b]52;c;".len()..seq.len() - 1];
        assert!(
            body.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+/=".contains(c)),
            "plain base64"
        );
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(body)
            .unwrap();
        assert_eq!(String::from_utf8(decoded).unwrap(), arn);
        assert_eq!(osc52(""), "\x1b]52;c;\x07");
        assert_eq!(osc52("é"), "\x1b]52;c;w6k=\x07", "bytes, not characters");
    }
}
