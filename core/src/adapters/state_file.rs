//! State kept in a JSON file, read and written under an exclusive file lock
//! on every change, so several processes (and a restarted one) see one truth.
//! Without a file, the state lives in memory.
//!
//! Crash safety: a change is written to `<file>.tmp`, fsynced, renamed over
//! the file and the directory is fsynced, so the file always holds either the
//! old or the new state, never a torn mix — whenever the process dies. A
//! change that changes nothing is not written. [`StateFile::lock`] holds the
//! lock across several saves, for multi-step changes whose intermediate
//! states must be durable (intent first, effect, then completion).
//!
//! A file that does not parse (torn by an older version or by hand) is an
//! `InvalidData` error — unless the owner opted into
//! [`StateFile::set_aside_corrupt`]: then it is renamed to
//! `<file>.corrupt-<unix ms>` (kept for the operator, never deleted) and the
//! state starts from its default, for the owner to rebuild.

use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// `T` in memory or in a file.
#[derive(Debug)]
pub struct StateFile<T> {
    path: Option<PathBuf>,
    memory: Mutex<T>,
    set_aside_corrupt: bool,
}

/// The state under the lock: change [`Locked::state`], then [`Locked::save`].
/// Dropping it without saving keeps what was saved before.
pub struct Locked<'a, T> {
    /// The state as loaded (and changed since).
    pub state: T,
    hold: Hold<'a, T>,
}

enum Hold<'a, T> {
    Memory(MutexGuard<'a, T>),
    File {
        path: &'a Path,
        /// The bytes on disk, to skip writes that change nothing.
        saved: Vec<u8>,
        _lock: File,
    },
}

impl<T: Serialize + Clone> Locked<'_, T> {
    /// Makes the current state the saved one (durably, for a file).
    pub fn save(&mut self) -> io::Result<()> {
        match &mut self.hold {
            Hold::Memory(guard) => {
                **guard = self.state.clone();
                Ok(())
            }
            Hold::File { path, saved, .. } => {
                let bytes = serde_json::to_vec_pretty(&self.state).map_err(io::Error::other)?;
                if bytes != *saved {
                    write_atomically(path, &bytes)?;
                    *saved = bytes;
                }
                Ok(())
            }
        }
    }
}

impl<T: Serialize + DeserializeOwned + Default + Clone> StateFile<T> {
    /// State in memory only (the testkit's fakes).
    #[cfg_attr(not(feature = "testkit"), allow(dead_code))]
    pub fn in_memory() -> Self {
        StateFile {
            path: None,
            memory: Mutex::new(T::default()),
            set_aside_corrupt: false,
        }
    }

    /// State in the JSON file at `path` (created on the first change).
    pub fn at(path: impl Into<PathBuf>) -> io::Result<Self> {
        let path = path.into();
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        Ok(StateFile {
            path: Some(path),
            memory: Mutex::new(T::default()),
            set_aside_corrupt: false,
        })
    }

    /// A file that does not parse is renamed aside and the state starts
    /// from its default (the owner rebuilds it), instead of failing every call.
    pub fn set_aside_corrupt(mut self) -> Self {
        self.set_aside_corrupt = true;
        self
    }

    fn lock_file(path: &Path) -> io::Result<File> {
        let mut lock = path.as_os_str().to_owned();
        lock.push(".lock");
        let f = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(lock)?;
        f.lock()?;
        Ok(f)
    }

    /// Loads the state: `(state, the bytes on disk)`.
    fn load(&self, path: &Path) -> io::Result<(T, Vec<u8>)> {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((T::default(), Vec::new())),
            Err(e) => return Err(e),
        };
        match serde_json::from_slice(&bytes) {
            Ok(state) => Ok((state, bytes)),
            Err(e) if self.set_aside_corrupt => {
                let aside = set_aside(path)?;
                tracing::warn!(file = %path.display(), kept_as = %aside.display(), error = %e,
                    "state file does not parse: set aside, state rebuilt");
                Ok((T::default(), Vec::new()))
            }
            Err(e) => Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{}: {e}", path.display()),
            )),
        }
    }

    /// Takes the lock (the file's, across processes) and loads the state.
    pub fn lock(&self) -> io::Result<Locked<'_, T>> {
        match &self.path {
            None => {
                let guard = self.memory.lock().unwrap_or_else(|e| e.into_inner());
                Ok(Locked {
                    state: guard.clone(),
                    hold: Hold::Memory(guard),
                })
            }
            Some(path) => {
                let lock = Self::lock_file(path)?;
                let (state, saved) = self.load(path)?;
                Ok(Locked {
                    state,
                    hold: Hold::File {
                        path,
                        saved,
                        _lock: lock,
                    },
                })
            }
        }
    }

    /// Reads the state.
    pub fn read(&self) -> io::Result<T> {
        Ok(self.lock()?.state)
    }

    /// Changes the state with `f`; the change is saved only when `f` succeeds.
    pub fn update<R, E: From<io::Error>>(
        &self,
        f: impl FnOnce(&mut T) -> Result<R, E>,
    ) -> Result<R, E> {
        let mut locked = self.lock()?;
        let r = f(&mut locked.state)?;
        locked.save()?;
        Ok(r)
    }
}

/// Writes `bytes` to `path` so that a crash leaves the old or the new
/// content: temp file, fsync, rename, fsync of the directory.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let mut f = File::create(&tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    drop(f);
    std::fs::rename(&tmp, path)?;
    sync_dir_of(path)
}

/// Fsyncs the directory holding `path` (so a create, rename or removal in it
/// is durable).
pub fn sync_dir_of(path: &Path) -> io::Result<()> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => File::open(dir)?.sync_all(),
        _ => File::open(".")?.sync_all(),
    }
}

/// Renames an unparsable state file to a free `<file>.corrupt-<unix ms>[-n]`.
fn set_aside(path: &Path) -> io::Result<PathBuf> {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    for n in 0..1000 {
        let mut aside = path.as_os_str().to_owned();
        aside.push(format!(".corrupt-{ms}"));
        if n > 0 {
            aside.push(format!("-{n}"));
        }
        let aside = PathBuf::from(aside);
        if !aside.exists() {
            std::fs::rename(path, &aside)?;
            sync_dir_of(path)?;
            return Ok(aside);
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("{}: no free name to set it aside", path.display()),
    ))
}
