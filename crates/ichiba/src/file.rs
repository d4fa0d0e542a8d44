//! Writing files so that a crash or an error never leaves half of one behind.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename: the
/// old file stays whole until the new one is complete, and a failure leaves no temporary
/// file behind.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| Error::InvalidRequest(format!("{} is not a file path", path.display())))?;
    let tmp = dir.join(temp_name(&name.to_string_lossy(), std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io(path, e));
    }
    Ok(())
}

/// The temporary file [`write_atomic`] writes for the file `name` in process `pid`.
fn temp_name(name: &str, pid: u32) -> String {
    format!(".{name}.{pid}.tmp")
}

/// Deletes the temporary files that [`write_atomic`] calls for `path` left behind when
/// another process died between writing one and renaming it (a crash, or an app killed
/// by the OS): without this, each such death leaves one more file for good. Call it when
/// opening the file, before any write. The temporary file of this process, if any, is left
/// alone; errors are ignored (a file that cannot be listed or deleted is only space).
pub fn remove_stale_temps(path: &Path) {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let Some(name) = path.file_name() else {
        return;
    };
    let name = name.to_string_lossy();
    let prefix = format!(".{name}.");
    let ours = temp_name(&name, std::process::id());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let file = file.to_string_lossy();
        let is_temp = file
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"))
            .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()));
        if is_temp && file != ours {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_temporary_files_are_removed_and_others_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.tsv");
        write_atomic(&path, b"kept").unwrap();
        let stale = dir.path().join(temp_name("history.tsv", 1));
        let ours = dir
            .path()
            .join(temp_name("history.tsv", std::process::id()));
        let others = [
            dir.path().join(".history.tsv.abc.tmp"),
            dir.path().join(".other.tsv.1.tmp"),
            dir.path().join("history.tsv.1.tmp"),
        ];
        for p in others.iter().chain([&stale, &ours]) {
            std::fs::write(p, b"x").unwrap();
        }
        remove_stale_temps(&path);
        assert!(!stale.exists());
        assert!(ours.exists());
        assert!(others.iter().all(|p| p.exists()));
        assert_eq!(std::fs::read(&path).unwrap(), b"kept");
    }
}
