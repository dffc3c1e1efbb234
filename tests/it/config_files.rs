//! Config fixtures, valid and invalid, with the exact message for each invalid one: a typo never
//! stops the console, a partial file overrides only what it names.

use ecsdeck::config::file::{load, parse, Config};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/config")
        .join(format!("{name}.toml"))
}

fn warnings(name: &str) -> (Config, Vec<String>) {
    let loaded = load(&fixture(name));
    assert!(loaded.found);
    let prefix = format!("{}", fixture(name).display());
    (
        loaded.config,
        loaded
            .warnings
            .into_iter()
            .map(|w| w.replace(&prefix, name))
            .collect(),
    )
}

#[test]
fn a_full_file_sets_every_key() {
    let (c, w) = warnings("full");
    assert!(w.is_empty(), "{w:?}");
    assert!(c.readonly);
    assert_eq!(c.theme, "light");
    assert_eq!(
        (
            c.refresh.clusters,
            c.refresh.services,
            c.refresh.tasks,
            c.refresh.instances
        ),
        (30, 7, 3, 20)
    );
    assert_eq!(c.aws.profile.as_deref(), Some("prod"));
    assert_eq!(c.aws.region.as_deref(), Some("eu-west-1"));
    assert_eq!(c.aws.cluster.as_deref(), Some("prod-web"));
    assert_eq!(c.logs.buffer_lines, 5000);
    assert_eq!(c.events.mode, "shared");
    assert_eq!(c.events.log_group.as_deref(), Some("/aws/events/ecs"));
    assert_eq!(c.keys.get("scale").map(String::as_str), Some("S"));
}

#[test]
fn a_partial_file_overrides_only_what_it_names() {
    let (c, w) = warnings("partial");
    assert!(w.is_empty());
    let d = Config::default();
    assert_eq!(c.refresh.tasks, 2);
    assert_eq!(c.refresh.services, d.refresh.services);
    assert_eq!(c.theme, d.theme);
    assert_eq!(c.readonly, d.readonly);
}

#[test]
fn unknown_keys_are_warnings_naming_key_and_line() {
    let (c, w) = warnings("unknown_keys");
    assert_eq!(
        w,
        [
            "unknown_keys:2: unknown key `colour` (ignored)",
            "unknown_keys:5: unknown key `refresh.taskz` (ignored)",
        ]
    );
    assert_eq!(c.theme, "light", "the rest of the file still applies");
    assert_eq!(c.refresh.tasks, 4);
}

#[test]
fn a_syntax_error_gives_line_and_column_and_the_defaults() {
    let (c, w) = warnings("syntax_error");
    assert_eq!(
        w,
        ["syntax_error: line 2, column 9: unclosed table, expected `]`; using the defaults"]
    );
    assert_eq!(c, Config::default());
}

#[test]
fn a_wrong_type_gives_line_and_column_and_the_defaults() {
    let (c, w) = warnings("wrong_type");
    assert_eq!(w, ["wrong_type: line 2, column 9: invalid type: string \"fast\", expected u64; using the defaults"]);
    assert_eq!(c, Config::default());
}

#[test]
fn a_bad_enum_value_falls_back() {
    let (c, w) = warnings("bad_events_mode");
    assert_eq!(
        w,
        ["bad_events_mode: events.mode must be own, shared or off, not `sometimes`; using own"]
    );
    assert_eq!(c.events.mode, "own");
}

#[test]
fn no_file_is_not_an_error() {
    let loaded = load(&fixture("does-not-exist"));
    assert!(!loaded.found);
    assert!(loaded.warnings.is_empty());
    assert_eq!(loaded.config, Config::default());
    let (c, w) = parse("", "empty");
    assert_eq!((c, w), (Config::default(), Vec::<String>::new()));
}

#[test]
fn the_pulse_section_names_accounts_and_regions() {
    let (c, w) = parse(
        "[pulse]\nprofiles = [\"prod\", \"staging\"]\nregions = [\"eu-west-1\"]\n",
        "pulse",
    );
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(c.pulse.profiles, vec!["prod", "staging"]);
    assert_eq!(c.pulse.regions, vec!["eu-west-1"]);
    let (c, w) = parse("[pulse]\nprofile = [\"prod\"]\n", "typo");
    assert_eq!(c.pulse, Default::default());
    assert!(
        w.iter().any(|w| w.contains("unknown key `pulse.profile`")),
        "{w:?}"
    );
}

#[test]
fn log_settings_out_of_range_are_clamped_with_a_warning() {
    let (c, warnings) = ecsdeck::config::file::parse(
        "[logs]\nbuffer_lines = 5\ntail_lines = 0\nsave_dir = \"/tmp/x\"\n",
        "config.toml",
    );
    assert_eq!(c.logs.buffer_lines, 1_000);
    assert_eq!(c.logs.tail_lines, 1);
    assert_eq!(
        c.logs.save_dir.as_deref(),
        Some(std::path::Path::new("/tmp/x"))
    );
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].contains("logs.buffer_lines must be between 1000 and 10000000, not 5"));
}
