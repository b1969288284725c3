//! State kept in a JSON file, read and written under an exclusive file lock
//! on every change, so several processes (and a restarted one) see one truth.
//! Without a file, the state lives in memory.

use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// `T` in memory or in a file.
#[derive(Debug)]
pub struct StateFile<T> {
    path: Option<PathBuf>,
    memory: Mutex<T>,
}

impl<T: Serialize + DeserializeOwned + Default + Clone> StateFile<T> {
    /// State in memory only (the testkit's fakes).
    #[cfg_attr(not(feature = "testkit"), allow(dead_code))]
    pub fn in_memory() -> Self {
        StateFile {
            path: None,
            memory: Mutex::new(T::default()),
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
        })
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

    fn load(path: &Path) -> io::Result<T> {
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("{}: {e}", path.display()),
                )
            }),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(T::default()),
            Err(e) => Err(e),
        }
    }

    /// Reads the state.
    pub fn read(&self) -> io::Result<T> {
        match &self.path {
            None => Ok(self
                .memory
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone()),
            Some(path) => {
                let _lock = Self::lock_file(path)?;
                Self::load(path)
            }
        }
    }

    /// Changes the state with `f`; the change is saved only when `f` succeeds.
    pub fn update<R, E: From<io::Error>>(
        &self,
        f: impl FnOnce(&mut T) -> Result<R, E>,
    ) -> Result<R, E> {
        match &self.path {
            None => {
                let mut state = self.memory.lock().unwrap_or_else(|e| e.into_inner());
                let mut copy = state.clone();
                let r = f(&mut copy)?;
                *state = copy;
                Ok(r)
            }
            Some(path) => {
                let _lock = Self::lock_file(path)?;
                let mut state = Self::load(path)?;
                let r = f(&mut state)?;
                let mut tmp = path.as_os_str().to_owned();
                tmp.push(".tmp");
                let bytes = serde_json::to_vec_pretty(&state).map_err(io::Error::other)?;
                std::fs::write(&tmp, bytes)?;
                std::fs::rename(&tmp, path)?;
                Ok(r)
            }
        }
    }
}
