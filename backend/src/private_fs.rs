//! Files and directories only the server's own user may read: the data directory, the SQLite
//! database, blobs, the generated signing secret. Whatever the process's umask, directories are
//! created 0700 and files 0600 (on Unix; elsewhere the platform's defaults).

use std::fs::{DirBuilder, File, OpenOptions};
use std::io;
use std::path::Path;

/// `create_dir_all`, new directories 0700.
pub fn dir_all(path: &Path) -> io::Result<()> {
    let mut b = DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(path)
}

/// A new (or truncated) file for writing, 0600.
pub fn create(path: &Path) -> io::Result<File> {
    let mut o = OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)
}

/// Makes an existing file 0600 (one written by a library, e.g. SQLite or the workbook writer).
pub fn restrict(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777
    }

    #[test]
    fn directories_and_files_are_the_owners_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let nested = dir.path().join("a/b");
        dir_all(&nested).expect("dirs");
        assert_eq!(mode(&dir.path().join("a")), 0o700);
        assert_eq!(mode(&nested), 0o700);
        let f = nested.join("f");
        create(&f).expect("file");
        assert_eq!(mode(&f), 0o600);
        let g = nested.join("g");
        std::fs::write(&g, b"x").expect("write");
        restrict(&g).expect("restrict");
        assert_eq!(mode(&g), 0o600);
    }
}
