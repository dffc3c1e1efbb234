//! The profiles in the AWS shared config and credentials files, for `:ctx`.

use std::collections::BTreeMap;
use std::path::PathBuf;

pub use crate::model::Profile;

fn home() -> Option<PathBuf> {
    std::env::var_os("HOME").map(PathBuf::from)
}

fn config_file() -> Option<PathBuf> {
    std::env::var_os("AWS_CONFIG_FILE")
        .map(PathBuf::from)
        .or_else(|| home().map(|h| h.join(".aws/config")))
}

fn credentials_file() -> Option<PathBuf> {
    std::env::var_os("AWS_SHARED_CREDENTIALS_FILE")
        .map(PathBuf::from)
        .or_else(|| home().map(|h| h.join(".aws/credentials")))
}

/// `[section]` → key → value, from an INI-style AWS file.
fn sections(text: &str) -> Vec<(String, BTreeMap<String, String>)> {
    let mut out: Vec<(String, BTreeMap<String, String>)> = Vec::new();
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            out.push((name.trim().to_string(), BTreeMap::new()));
        } else if let (Some((k, v)), Some(last)) = (line.split_once('='), out.last_mut()) {
            last.1.insert(k.trim().to_string(), v.trim().to_string());
        }
    }
    out
}

/// Every profile of the config file (`[default]`, `[profile NAME]`) and credentials file
/// (`[NAME]`), sorted, once each.
pub fn list_from(config: &str, credentials: &str) -> Vec<Profile> {
    let mut profiles: BTreeMap<String, Profile> = BTreeMap::new();
    for (section, keys) in sections(config) {
        let name = match section.strip_prefix("profile ") {
            Some(n) => n.trim().to_string(),
            None if section == "default" => section,
            None => continue,
        };
        let kind = if keys.contains_key("sso_session") || keys.contains_key("sso_start_url") {
            "sso"
        } else if keys.contains_key("role_arn") {
            "role"
        } else if keys.contains_key("credential_process") {
            "process"
        } else if keys.contains_key("aws_access_key_id") {
            "keys"
        } else {
            "unknown"
        };
        profiles.insert(
            name.clone(),
            Profile {
                name,
                region: keys.get("region").cloned(),
                kind: kind.into(),
            },
        );
    }
    for (section, keys) in sections(credentials) {
        let entry = profiles.entry(section.clone()).or_insert(Profile {
            name: section,
            region: None,
            kind: "keys".into(),
        });
        if entry.kind == "unknown" && keys.contains_key("aws_access_key_id") {
            entry.kind = "keys".into();
        }
    }
    profiles.into_values().collect()
}

pub fn list() -> Vec<Profile> {
    let read = |p: Option<PathBuf>| {
        p.and_then(|p| std::fs::read_to_string(p).ok())
            .unwrap_or_default()
    };
    list_from(&read(config_file()), &read(credentials_file()))
}

pub use crate::model::REGIONS;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_from_both_files_once_each() {
        let config = "[default]\nregion = us-east-1\n\n[profile prod]\nsso_session = corp\nregion = eu-west-1\n[profile ci]\nrole_arn = arn:aws:iam::1:role/ci\nsource_profile = default\n[sso-session corp]\nsso_start_url = https://x\n";
        let credentials = "[default]\naws_access_key_id = A\n[legacy]\naws_access_key_id = B\n";
        let names: Vec<(String, Option<String>, String)> = list_from(config, credentials)
            .into_iter()
            .map(|p| (p.name, p.region, p.kind))
            .collect();
        assert_eq!(
            names,
            [
                ("ci".into(), None, "role".into()),
                ("default".into(), Some("us-east-1".into()), "keys".into()),
                ("legacy".into(), None, "keys".into()),
                ("prod".into(), Some("eu-west-1".into()), "sso".into()),
            ]
        );
    }
}
