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
        crate::private_fs::dir_all(dir)?;
        let tmp = dir.join(format!(".{}.{}", &sha[2..], uuid::Uuid::now_v7()));
        let mut f = crate::private_fs::create(&tmp)?;
        f.write_all(content)?;
        f.sync_all()?;
        std::fs::rename(&tmp, &path)?;
        Ok(sha)
    }

    /// A writer that streams content to a temporary file while hashing it; [`BlobWriter::finish`]
    /// moves it under its hash. Dropped unfinished, it leaves nothing behind.
    pub fn writer(&self) -> std::io::Result<BlobWriter> {
        let tmp_dir = self.root.join("tmp");
        crate::private_fs::dir_all(&tmp_dir)?;
        let path = tmp_dir.join(format!("{}.part", uuid::Uuid::now_v7()));
        let file = crate::private_fs::create(&path)?;
        Ok(BlobWriter { store: self.clone(), path, file: Some(file), hasher: Sha256::new(), size: 0 })
    }

    /// Moves a finished file (on the same file system, e.g. under [`Self::temp_path`]) into the
    /// store; returns (sha256, size).
    pub fn put_file(&self, file: &Path) -> std::io::Result<(String, u64)> {
        use std::io::Read;
        let mut f = std::fs::File::open(file)?;
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 256 * 1024];
        let mut size = 0u64;
        loop {
            let n = f.read(&mut buf)?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            size += n as u64;
        }
        let sha = hex::encode(hasher.finalize());
        let path = self.path(&sha).ok_or_else(|| std::io::Error::other("bad hash"))?;
        if path.exists() {
            std::fs::remove_file(file)?;
        } else {
            crate::private_fs::dir_all(path.parent().ok_or_else(|| std::io::Error::other("no parent"))?)?;
            // Written by another library with the umask's mode: the owner's alone from here on.
            crate::private_fs::restrict(file)?;
            std::fs::rename(file, &path)?;
        }
        Ok((sha, size))
    }

    /// A fresh path in the store's temporary directory (for content written by others, e.g. a
    /// workbook), to be moved in with [`Self::put_file`].
    pub fn temp_path(&self, extension: &str) -> std::io::Result<PathBuf> {
        let tmp_dir = self.root.join("tmp");
        crate::private_fs::dir_all(&tmp_dir)?;
        Ok(tmp_dir.join(format!("{}.{extension}", uuid::Uuid::now_v7())))
    }

    /// Opens a blob for streaming; the file and its length.
    pub fn open(&self, sha256: &str) -> std::io::Result<(std::fs::File, u64)> {
        let path = self.path(sha256).ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))?;
        let file = std::fs::File::open(path)?;
        let len = file.metadata()?.len();
        Ok((file, len))
    }

    /// Removes a blob nothing names any more (the caller checked).
    pub fn remove(&self, sha256: &str) -> std::io::Result<()> {
        match self.path(sha256).map(std::fs::remove_file) {
            Some(Err(e)) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    pub fn get(&self, sha256: &str) -> std::io::Result<Vec<u8>> {
        let path = self.path(sha256).ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))?;
        std::fs::read(path)
    }
}

/// Content on its way into the store: hashed as it is written.
pub struct BlobWriter {
    store: BlobStore,
    path: PathBuf,
    file: Option<std::fs::File>,
    hasher: Sha256,
    size: u64,
}

impl BlobWriter {
    pub fn write(&mut self, chunk: &[u8]) -> std::io::Result<()> {
        let file = self.file.as_mut().ok_or_else(|| std::io::Error::other("finished"))?;
        file.write_all(chunk)?;
        self.hasher.update(chunk);
        self.size += chunk.len() as u64;
        Ok(())
    }

    /// Bytes written so far.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Syncs the content and moves it under its hash (kept once); returns (sha256, size).
    pub fn finish(mut self) -> std::io::Result<(String, u64)> {
        let file = self.file.take().ok_or_else(|| std::io::Error::other("finished"))?;
        file.sync_all()?;
        drop(file);
        let sha = hex::encode(std::mem::take(&mut self.hasher).finalize());
        let path = self.store.path(&sha).ok_or_else(|| std::io::Error::other("bad hash"))?;
        if path.exists() {
            std::fs::remove_file(&self.path)?;
        } else {
            crate::private_fs::dir_all(path.parent().ok_or_else(|| std::io::Error::other("no parent"))?)?;
            std::fs::rename(&self.path, &path)?;
        }
        Ok((sha, self.size))
    }
}

impl Drop for BlobWriter {
    fn drop(&mut self) {
        if self.file.is_some() {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::BlobStore;

    #[test]
    fn a_streamed_blob_is_hashed_as_written_and_an_abandoned_one_leaves_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = BlobStore::new(dir.path());
        let mut w = store.writer().expect("writer");
        w.write(b"hel").expect("write");
        w.write(b"lo").expect("write");
        assert_eq!(w.size(), 5);
        let (sha, size) = w.finish().expect("finish");
        assert_eq!((sha.as_str(), size), ("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", 5));
        assert_eq!(store.get(&sha).expect("get"), b"hello");
        let mut abandoned = store.writer().expect("writer");
        abandoned.write(b"half").expect("write");
        drop(abandoned);
        let left = std::fs::read_dir(dir.path().join("blobs").join("tmp")).expect("tmp").count();
        assert_eq!(left, 0, "no orphan");
    }

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
