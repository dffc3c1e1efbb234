//! The docs keep up with the code: every key binding and every command is in docs/keys.md.

use ecsdeck::app::command::COMMANDS;
use ecsdeck::app::keys::KeyMap;

#[test]
fn every_binding_and_command_is_documented() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/keys.md"))
        .expect("docs/keys.md");
    for b in KeyMap::default().bindings() {
        assert!(
            doc.contains(b.help),
            "docs/keys.md lacks the binding {:?} ({})",
            b.action,
            b.help
        );
        for k in &b.keys {
            assert!(
                doc.contains(&format!("`{k}`")),
                "docs/keys.md lacks the key `{k}` of {:?}",
                b.action
            );
        }
    }
    for c in COMMANDS {
        assert!(
            doc.contains(&format!("`:{}", c.name)),
            "docs/keys.md lacks :{}",
            c.name
        );
        for a in c.aliases {
            assert!(
                doc.contains(&format!("`:{a}`")),
                "docs/keys.md lacks the alias :{a}"
            );
        }
    }
}
