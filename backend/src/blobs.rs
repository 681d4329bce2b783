//! File contents, stored once per SHA-256 under the data directory (`<data>/blobs/ab/cdef…`).
//! Rows in the database name a blob by its hash; the same content uploaded twice is kept once.
//! Writes go to a temporary file first and are renamed into place, so a crash never leaves a
//! half-written blob under its final name.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

#[derive(Debug, Clone)]
pub struct BlobStore {
    root: PathBuf,
}

impl BlobStore {
    pub fn new(data_dir: &Path) -> Self {
        Self { root: data_dir.join("blobs") }
    }

    fn path(&self, sha256: &str) -> Option<PathBuf> {
        let valid = sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase());
        valid.then(|| self.root.join(&sha256[..2]).join(&sha256[2..]))
    }

    /// Stores the content and returns its SHA-256 (lower-case hex).
    pub fn put(&self, content: &[u8]) -> std::io::Result<String> {
        let sha = hex::encode(Sha256::digest(content));
        let path = self.path(&sha).ok_or_else(|| std::io::Error::other("bad hash"))?;
        if path.exists() {
            return Ok(sha);
        }
        let dir = path.parent().ok_or_else(|| std::io::Error::other("no parent"))?;
        std::fs::create_dir_all(dir)?;
        let tmp = dir.join(format!(".{}.{}", &sha[2..], uuid::Uuid::now_v7()));
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(content)?;
        f.sync_all()?;
        std::fs::rename(&tmp, &path)?;
        Ok(sha)
    }

    pub fn get(&self, sha256: &str) -> std::io::Result<Vec<u8>> {
        let path = self.path(sha256).ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))?;
        std::fs::read(path)
    }
}

#[cfg(test)]
mod tests {
    use super::BlobStore;

    #[test]
    fn a_blob_is_read_back_by_its_hash_and_stored_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = BlobStore::new(dir.path());
        let a = store.put(b"hello").expect("put");
        assert_eq!(a, "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        assert_eq!(store.put(b"hello").expect("again"), a);
        assert_eq!(store.get(&a).expect("get"), b"hello");
        assert!(store.get("../../etc/passwd").is_err());
    }
}
