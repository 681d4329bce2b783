//! File contents, stored once per SHA-256 under the data directory (`<data>/blobs/ab/cdef…`).
//! Rows in the database name a blob by its hash; the same content uploaded twice is kept once.
//! Writes go to a temporary file first and are renamed into place, so a crash never leaves a
//! half-written blob under its final name.
//!
//! Content arrives as a [`Staged`] blob: its hash, and when the store held the same content
//! already, a spare copy kept until the row that names it commits. The committing transaction
//! takes the blob's lock (`db::blobs::lock`) and [`BlobStore::settle`]s it: should the stored
//! copy have been removed meanwhile (the last row naming it went away in another transaction),
//! the spare takes its place. Blobs are removed only inside a transaction holding the same lock,
//! after checking that nothing names them (`db::blobs::remove_unless_named`). So a deduplicated
//! blob is never lost to a concurrent delete.

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

    /// Puts `file` (finished, under the store's tmp directory) under `sha`, or keeps it aside as
    /// the spare when the store holds that content already.
    fn stage(&self, sha: &str, file: PathBuf, size: u64) -> std::io::Result<Staged> {
        let path = self.path(sha).ok_or_else(|| std::io::Error::other("bad hash"))?;
        // Written by another library with the umask's mode: the owner's alone from here on.
        crate::private_fs::restrict(&file)?;
        if path.exists() {
            return Ok(Staged { sha256: sha.to_owned(), size, spare: Some(file) });
        }
        crate::private_fs::dir_all(path.parent().ok_or_else(|| std::io::Error::other("no parent"))?)?;
        std::fs::rename(&file, &path)?;
        Ok(Staged { sha256: sha.to_owned(), size, spare: None })
    }

    /// Makes sure a staged blob is stored: call inside the transaction that names it, holding
    /// its lock. Puts the spare in place if the stored copy went away, else drops the spare.
    pub fn settle(&self, staged: &mut Staged) -> std::io::Result<()> {
        let path = self.path(&staged.sha256).ok_or_else(|| std::io::Error::other("bad hash"))?;
        match staged.spare.take() {
            Some(spare) if !path.exists() => {
                crate::private_fs::dir_all(path.parent().ok_or_else(|| std::io::Error::other("no parent"))?)?;
                std::fs::rename(&spare, &path)
            }
            Some(spare) => std::fs::remove_file(spare),
            None if path.exists() => Ok(()),
            None => Err(std::io::Error::new(std::io::ErrorKind::NotFound, "the stored content went away")),
        }
    }

    /// Moves a finished file (on the same file system, e.g. under [`Self::temp_path`]) into the
    /// store, staged until it is settled.
    pub fn put_file(&self, file: &Path) -> std::io::Result<Staged> {
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
        self.stage(&sha, file.to_path_buf(), size)
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

    /// Syncs the content and moves it under its hash (kept once); when the store held it
    /// already, the copy stays aside as the staged blob's spare until it is settled.
    pub fn finish(mut self) -> std::io::Result<Staged> {
        let file = self.file.take().ok_or_else(|| std::io::Error::other("finished"))?;
        file.sync_all()?;
        drop(file);
        let sha = hex::encode(std::mem::take(&mut self.hasher).finalize());
        self.store.stage(&sha, std::mem::take(&mut self.path), self.size)
    }
}

/// Content moved into the store, not yet named by a committed row (see the module's notes).
#[derive(Debug)]
pub struct Staged {
    pub sha256: String,
    pub size: u64,
    /// A copy of the content kept while the store's copy could still be removed.
    spare: Option<PathBuf>,
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let Some(spare) = self.spare.take() {
            let _ = std::fs::remove_file(spare);
        }
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
        let staged = w.finish().expect("finish");
        let (sha, size) = (staged.sha256.clone(), staged.size);
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

    #[test]
    fn content_stored_twice_survives_the_removal_of_the_first_copy_until_settled() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = BlobStore::new(dir.path());
        let sha = store.put(b"budget").expect("put");
        // The same content arrives again: the store holds it, the new copy waits as the spare.
        let mut w = store.writer().expect("writer");
        w.write(b"budget").expect("write");
        let mut staged = w.finish().expect("finish");
        assert_eq!(staged.sha256, sha);
        // Meanwhile the last row naming the first copy went away and it was removed.
        store.remove(&sha).expect("remove");
        // The row of the second upload commits: settling puts the spare in place.
        store.settle(&mut staged).expect("settle");
        assert_eq!(store.get(&sha).expect("get"), b"budget");
        drop(staged);
        let left = std::fs::read_dir(dir.path().join("blobs").join("tmp")).expect("tmp").count();
        assert_eq!(left, 0, "the spare went into place");
        // Settled while the copy still stands: the spare goes.
        let mut w = store.writer().expect("writer");
        w.write(b"budget").expect("write");
        let mut again = w.finish().expect("finish");
        store.settle(&mut again).expect("settle");
        let left = std::fs::read_dir(dir.path().join("blobs").join("tmp")).expect("tmp").count();
        assert_eq!(left, 0);
        // A spare never settled (the transaction failed) is removed with the staged blob.
        let mut w = store.writer().expect("writer");
        w.write(b"budget").expect("write");
        drop(w.finish().expect("finish"));
        let left = std::fs::read_dir(dir.path().join("blobs").join("tmp")).expect("tmp").count();
        assert_eq!(left, 0);
    }
}
