//! Custom commands (`[[commands]]` in the config file): a team's runbook steps bound to keys,
//! like k9s plugins. Each has a name, a key, the views it applies to, a command line with
//! placeholders, whether it asks first, whether it changes the account (then a read-only
//! console does not have it), and whether it takes the terminal or runs in the background with
//! its output in a pane. The command line is split into words here (quotes group, nothing else
//! is special) and each placeholder is substituted inside its word when it runs, so a value with
//! spaces or `;` stays one argument: no shell ever reads it.
//!
//! What is wrong with one entry — an unknown placeholder, a missing field, a binary not on
//! PATH — is a warning with its line and column, and the entry is left out; the rest of the file
//! still applies.

use serde::Deserialize;
use toml::Spanned;

/// What a placeholder may name.
pub const PLACEHOLDERS: &[&str] = &[
    "CLUSTER",
    "SERVICE",
    "TASK",
    "TASK_ARN",
    "CONTAINER",
    "REGION",
    "PROFILE",
    "ENDPOINT",
];

/// A line and column (1-based) in the config file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    pub fn of(text: &str, offset: usize) -> Self {
        let before = &text[..offset.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Self { line, column }
    }
}

/// A custom command as the file gives it, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandSpec {
    pub name: String,
    pub key: String,
    /// Where the key is written (for a collision found when it is bound).
    pub key_at: Pos,
    /// View names (`tasks`, `services`, …); empty: every table view.
    pub views: Vec<String>,
    pub views_at: Pos,
    /// The words of the command line, placeholders still in them.
    pub argv: Vec<String>,
    pub confirm: bool,
    pub mutates: bool,
    /// Takes the terminal (an interactive program) rather than running in the background.
    pub terminal: bool,
}

#[derive(Debug, Default, Deserialize)]
struct File {
    #[serde(default)]
    commands: Vec<Spanned<Raw>>,
}

#[derive(Debug, Default, Deserialize)]
struct Raw {
    name: Option<Spanned<toml::Value>>,
    key: Option<Spanned<toml::Value>>,
    views: Option<Spanned<toml::Value>>,
    command: Option<Spanned<toml::Value>>,
    confirm: Option<Spanned<toml::Value>>,
    mutates: Option<Spanned<toml::Value>>,
    mode: Option<Spanned<toml::Value>>,
}

/// The custom commands of a config text, and what is wrong with them (`name` names the file).
pub fn read(
    text: &str,
    name: &str,
    on_path: impl Fn(&str) -> bool,
) -> (Vec<CommandSpec>, Vec<String>) {
    let file: File = match toml::from_str(text) {
        Ok(f) => f,
        Err(e) => {
            // The rest of the file is read by its own parser; only the commands are lost.
            let at = e.span().map(|s| Pos::of(text, s.start)).unwrap_or_default();
            return (
                Vec::new(),
                vec![format!(
                    "{name}:{}:{}: [[commands]] not read: {}",
                    at.line,
                    at.column,
                    e.message()
                )],
            );
        }
    };
    let mut specs = Vec::new();
    let mut warnings = Vec::new();
    for (n, entry) in file.commands.iter().enumerate() {
        let at = Pos::of(text, entry.span().start);
        let raw = entry.get_ref();
        let label = raw
            .name
            .as_ref()
            .and_then(|v| v.get_ref().as_str())
            .map_or_else(|| format!("commands[{n}]"), |s| format!("command `{s}`"));
        match check(text, raw, &on_path) {
            Ok(spec) => specs.push(spec),
            Err((pos, why)) => {
                let pos = pos.unwrap_or(at);
                warnings.push(format!(
                    "{name}:{}:{}: {label}: {why}; left out",
                    pos.line, pos.column
                ));
            }
        }
    }
    (specs, warnings)
}

type Problem = (Option<Pos>, String);

fn check(text: &str, raw: &Raw, on_path: &impl Fn(&str) -> bool) -> Result<CommandSpec, Problem> {
    let pos = |v: &Spanned<toml::Value>| Some(Pos::of(text, v.span().start));
    let string = |field: &str, v: &Option<Spanned<toml::Value>>| -> Result<String, Problem> {
        match v {
            None => Err((None, format!("`{field}` is missing"))),
            Some(s) => match s.get_ref().as_str() {
                Some(t) if !t.trim().is_empty() => Ok(t.to_string()),
                _ => Err((pos(s), format!("`{field}` must be a non-empty string"))),
            },
        }
    };
    let flag = |field: &str, v: &Option<Spanned<toml::Value>>| -> Result<bool, Problem> {
        match v {
            None => Ok(false),
            Some(s) => s
                .get_ref()
                .as_bool()
                .ok_or_else(|| (pos(s), format!("`{field}` must be true or false"))),
        }
    };
    let name = string("name", &raw.name)?;
    let key = string("key", &raw.key)?;
    let key_at = raw.key.as_ref().and_then(pos).unwrap_or_default();
    let (views, views_at) = match &raw.views {
        None => (Vec::new(), Pos::default()),
        Some(s) => {
            let list = match s.get_ref() {
                toml::Value::String(v) => vec![v.clone()],
                toml::Value::Array(a) => a
                    .iter()
                    .map(|v| v.as_str().map(str::to_string))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| (pos(s), "`views` must be a list of view names".to_string()))?,
                _ => return Err((pos(s), "`views` must be a list of view names".into())),
            };
            (list, pos(s).unwrap_or_default())
        }
    };
    let Some(command) = &raw.command else {
        return Err((None, "`command` is missing".into()));
    };
    let command_at = pos(command);
    let argv = match command.get_ref() {
        toml::Value::String(line) => split(line).map_err(|e| (command_at, e))?,
        toml::Value::Array(words) => words
            .iter()
            .map(|w| w.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| {
                (
                    command_at,
                    "`command` must be a string or a list of strings".to_string(),
                )
            })?,
        _ => {
            return Err((
                command_at,
                "`command` must be a string or a list of strings".into(),
            ))
        }
    };
    let Some(program) = argv.first() else {
        return Err((command_at, "`command` is empty".into()));
    };
    for word in &argv {
        if let Some(bad) = unknown_placeholder(word) {
            return Err((
                command_at,
                format!(
                    "unknown placeholder ${bad} (known: {})",
                    PLACEHOLDERS
                        .iter()
                        .map(|p| format!("${p}"))
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
            ));
        }
    }
    if program.contains('$') {
        return Err((
            command_at,
            "the program itself cannot be a placeholder".into(),
        ));
    }
    if !on_path(program) {
        return Err((command_at, format!("`{program}` is not on PATH")));
    }
    let terminal = match &raw.mode {
        None => false,
        Some(s) => match s.get_ref().as_str() {
            Some("background") => false,
            Some("terminal") => true,
            _ => {
                return Err((
                    pos(s),
                    "`mode` must be \"background\" or \"terminal\"".into(),
                ))
            }
        },
    };
    Ok(CommandSpec {
        name,
        key,
        key_at,
        views,
        views_at,
        argv,
        confirm: flag("confirm", &raw.confirm)?,
        mutates: flag("mutates", &raw.mutates)?,
        terminal,
    })
}

/// Split a command line into words: whitespace separates, single or double quotes group, a
/// backslash takes the next character as it is. Nothing else is special (no globbing, no
/// variables, no pipes): there is no shell.
pub fn split(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, '\\') => {
                if let Some(n) = chars.next() {
                    word.push(n);
                }
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if let Some(q) = quote {
        return Err(format!("a {q} quote is not closed"));
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

/// Placeholders of a word, in order: `$NAME` or `${NAME}`, a capital letter then capitals,
/// digits or `_`; `$$` is a `$`. A `$` before anything else (`$1`, `$i` in a `sh -c` script)
/// is left as it is.
fn placeholders(word: &str) -> Vec<String> {
    let mut out = Vec::new();
    let b = word.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'$' {
            i += 1;
            continue;
        }
        if b.get(i + 1) == Some(&b'$') {
            i += 2;
            continue;
        }
        let (start, braced) = if b.get(i + 1) == Some(&b'{') {
            (i + 2, true)
        } else {
            (i + 1, false)
        };
        if !b.get(start).is_some_and(u8::is_ascii_uppercase) {
            i = start;
            continue;
        }
        let mut end = start;
        while end < b.len()
            && (b[end].is_ascii_uppercase() || b[end].is_ascii_digit() || b[end] == b'_')
        {
            end += 1;
        }
        out.push(word[start..end].to_string());
        i = if braced && b.get(end) == Some(&b'}') {
            end + 1
        } else {
            end
        };
    }
    out
}

fn unknown_placeholder(word: &str) -> Option<String> {
    placeholders(word)
        .into_iter()
        .find(|p| !PLACEHOLDERS.contains(&p.as_str()))
}

/// The placeholders a command line uses.
pub fn used(argv: &[String]) -> Vec<String> {
    let mut out: Vec<String> = argv.iter().flat_map(|w| placeholders(w)).collect();
    out.dedup();
    out
}

/// Each word with its placeholders replaced by their values (`value` answers None for one that
/// has no value here): one word in, one argument out, whatever the values hold.
pub fn substitute(
    argv: &[String],
    value: impl Fn(&str) -> Option<String>,
) -> Result<Vec<String>, String> {
    argv.iter()
        .map(|word| {
            let mut out = String::new();
            let mut rest = word.as_str();
            while let Some(at) = rest.find('$') {
                out.push_str(&rest[..at]);
                let tail = &rest[at + 1..];
                if let Some(t) = tail.strip_prefix('$') {
                    out.push('$');
                    rest = t;
                    continue;
                }
                let (inner, braced) = match tail.strip_prefix('{') {
                    Some(t) => (t, true),
                    None => (tail, false),
                };
                if !inner.starts_with(|c: char| c.is_ascii_uppercase()) {
                    // Not a placeholder (`$1`, `$i`): kept as it is.
                    out.push('$');
                    rest = tail;
                    continue;
                }
                let len = inner
                    .find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
                    .unwrap_or(inner.len());
                let name = &inner[..len];
                let v = value(name).ok_or_else(|| name.to_string())?;
                out.push_str(&v);
                rest = &inner[len..];
                if braced {
                    rest = rest.strip_prefix('}').unwrap_or(rest);
                }
            }
            out.push_str(rest);
            Ok(out)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_with_spaces_and_semicolons_stays_one_argument() {
        let argv = split(
            "aws ecs describe-services --cluster $CLUSTER --services \"$SERVICE\" --query=${TASK}x",
        )
        .unwrap();
        let out = substitute(&argv, |p| match p {
            "CLUSTER" => Some("prod web; rm -rf /".into()),
            "SERVICE" => Some("a b".into()),
            "TASK" => Some("t1".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(
            out,
            [
                "aws",
                "ecs",
                "describe-services",
                "--cluster",
                "prod web; rm -rf /",
                "--services",
                "a b",
                "--query=t1x"
            ]
        );
        assert_eq!(
            substitute(&["cost: $$5".to_string()], |_| None).unwrap(),
            ["cost: $5"]
        );
        assert_eq!(
            substitute(
                &["for i in 1 2; do echo $i $1 $CLUSTER; done".to_string()],
                |p| { (p == "CLUSTER").then(|| "c".to_string()) }
            )
            .unwrap(),
            ["for i in 1 2; do echo $i $1 c; done"],
            "a shell script's own variables are left to it"
        );
        assert_eq!(unknown_placeholder("echo $i $1 ${x}"), None);
        assert_eq!(
            substitute(&["$TASK".to_string()], |_| None).unwrap_err(),
            "TASK",
            "a placeholder without a value here is named"
        );
    }

    #[test]
    fn quotes_group_and_nothing_else_is_special() {
        assert_eq!(
            split(r#"sh -c 'echo $X | wc' "two words" a\ b"#).unwrap(),
            ["sh", "-c", "echo $X | wc", "two words", "a b"]
        );
        assert!(split("echo 'open").is_err());
    }

    #[test]
    fn bad_entries_are_warnings_with_line_and_column_and_the_rest_apply() {
        let text = r#"theme = "mono"

[[commands]]
name = "describe"
key = "ctrl-d"
views = ["tasks"]
command = "aws ecs describe-tasks --cluster $CLUSTER --tasks $TASK_ARN"

[[commands]]
name = "typo"
key = "K"
command = "echo $CLUSTR"

[[commands]]
name = "gone"
key = "G"
command = ["no-such-binary", "$TASK"]

[[commands]]
name = "bad mode"
key = "M"
command = "echo hi"
mode = "foreground"
"#;
        let (specs, warnings) = read(text, "config.toml", |p| p != "no-such-binary");
        assert_eq!(specs.len(), 1, "{warnings:?}");
        assert_eq!(specs[0].name, "describe");
        assert_eq!(specs[0].argv[0], "aws");
        assert_eq!(specs[0].key_at, Pos { line: 5, column: 7 });
        assert_eq!(
            warnings,
            [
                "config.toml:12:11: command `typo`: unknown placeholder $CLUSTR (known: $CLUSTER $SERVICE $TASK $TASK_ARN $CONTAINER $REGION $PROFILE $ENDPOINT); left out",
                "config.toml:17:11: command `gone`: `no-such-binary` is not on PATH; left out",
                "config.toml:23:8: command `bad mode`: `mode` must be \"background\" or \"terminal\"; left out",
            ]
        );
    }
}
