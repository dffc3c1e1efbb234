//! Files the console writes for its user — the audit log, saved logs, `--log-file` — are created
//! readable by that user only (0600): they hold account ids, resource names and log lines.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// Open for appending, creating it 0600 if it does not exist.
pub fn private_append(path: &Path) -> io::Result<File> {
    let mut o = OpenOptions::new();
    o.create(true).append(true);
    private(&mut o);
    o.open(path)
}

/// Create (or truncate) for writing, 0600 if new.
pub fn private_create(path: &Path) -> io::Result<File> {
    let mut o = OpenOptions::new();
    o.create(true).write(true).truncate(true);
    private(&mut o);
    o.open(path)
}

#[cfg(unix)]
fn private(o: &mut OpenOptions) {
    use std::os::unix::fs::OpenOptionsExt;
    o.mode(0o600);
}

#[cfg(not(unix))]
fn private(_: &mut OpenOptions) {}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn new_files_are_readable_by_their_owner_only() {
        let dir = std::env::temp_dir().join(format!("ecsdeck-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (name, open) in [
            ("a", private_append as fn(&Path) -> io::Result<File>),
            ("c", private_create),
        ] {
            let p = dir.join(name);
            let _ = std::fs::remove_file(&p);
            open(&p).unwrap();
            let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{name}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
