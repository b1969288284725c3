//! The local volume daemon: volumes are sparse raw files in a directory;
//! attaching one returns its file path as the device path. Attachments and
//! metadata live in `volumes.json` beside them, so a restarted process (or
//! another one) sees the same volumes.
//!
//! # Volume ids
//!
//! The daemon issues ids `vol-<digits>` (`vol-000001`), and the file of a
//! volume is `<id>.raw`. Every id a caller passes is checked against that
//! form first: anything else (`../x`, an absolute path, NUL, empty, overlong)
//! is a "no volume …" error and nothing is touched.
//!
//! # Crash safety
//!
//! `volumes.json` is replaced atomically (temp file, fsync, rename, fsync of
//! the directory) under an exclusive file lock. A volume is created in three
//! durable steps, all under the lock:
//!
//! 1. its id is reserved: `next_id` advances and a `creating` entry (id,
//!    name, size) is saved;
//! 2. `<id>.raw` is created (`create_new`), sized, fsynced;
//! 3. the entry moves from `creating` to `volumes` and is saved.
//!
//! Every call first *recovers* what a process killed mid-way left behind:
//!
//! * a `creating` entry whose file exists is completed — the volume is
//!   adopted with the name it was created with (an empty file is sized
//!   first), so the caller's re-run finds it by name; one whose file does
//!   not exist is dropped (its id stays used: ids are never reissued);
//! * an *orphan* — a regular file `vol-<digits>.raw` that no entry names
//!   (left by an older version killed between file and state, or put there
//!   by hand) — is adopted, never deleted: it is listed as a detached volume
//!   named `recovered-<id>` with the file's size, and `next_id` moves past
//!   it. `list_volumes` shows it, so reconcile and the operator can see it;
//!   the `recovered-` name is outside migratekit's `mk-` names, so reconcile
//!   reports rather than deletes it. Other files in the directory are ignored.
//!
//! A `volumes.json` that does not parse (torn by an older version, edited by
//! hand) is renamed to `volumes.json.corrupt-<unix ms>` and the state is
//! rebuilt from the directory: every volume file is adopted as above
//! (attachments and names are lost; the old file keeps them for the operator).
//!
//! Deletion is three durable steps too: the entry moves from `volumes` to
//! `deleting` (saved), the file is removed (directory fsynced), the
//! `deleting` entry is dropped (saved). Recovery finishes a `deleting` entry
//! — removes its file if it is still there, then the entry — since its delete
//! was already asked for and accepted. So the listed volumes and the files
//! always agree after recovery, wherever a process was killed.

use super::state_file::{StateFile, sync_dir_of};
use crate::ports::{PortError, PortResult, Volume, VolumeDaemon};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use std::io;
use std::path::{Path, PathBuf};

/// Longest digit run accepted in an id (`u64::MAX` has 20 digits).
const MAX_ID_DIGITS: usize = 20;

/// Prefix of the name given to an adopted orphan file.
pub const RECOVERED_PREFIX: &str = "recovered-";

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct State {
    next_id: u64,
    volumes: Vec<Volume>,
    /// Reserved ids whose file may or may not exist yet (step 1 done).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    creating: Vec<Creating>,
    /// Ids of volumes being deleted (step 1 done).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    deleting: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Creating {
    volume_id: String,
    name: String,
    size_bytes: u64,
}

/// Volumes as sparse files in one directory.
#[derive(Debug)]
pub struct LocalVolumes {
    dir: PathBuf,
    state: StateFile<State>,
}

/// The number in a daemon-issued id `vol-<digits>`, `None` for anything else.
fn id_number(volume_id: &str) -> Option<u64> {
    let digits = volume_id.strip_prefix("vol-")?;
    if digits.is_empty()
        || digits.len() > MAX_ID_DIGITS
        || !digits.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    digits.parse().ok()
}

fn not_found(volume_id: &str) -> PortError {
    PortError::new(format!("no volume {}", volume_id.escape_debug()))
}

/// `volume_id` when the daemon could have issued it, else "no volume".
fn checked(volume_id: &str) -> PortResult<&str> {
    id_number(volume_id)
        .map(|_| volume_id)
        .ok_or_else(|| not_found(volume_id))
}

impl LocalVolumes {
    /// Volumes in `dir` (created if missing). Device paths are absolute, so
    /// a daemon with another working directory (QSD daemonizes to `/`) opens them.
    /// What a killed process left behind is recovered here (module docs).
    pub fn open(dir: impl Into<PathBuf>) -> io::Result<LocalVolumes> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir)?;
        let dir = std::fs::canonicalize(dir)?;
        let state = StateFile::at(dir.join("volumes.json"))?.set_aside_corrupt();
        let volumes = LocalVolumes { dir, state };
        volumes.state.update(|s| volumes.recover(s))?;
        Ok(volumes)
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file of a *checked* id.
    fn file(&self, volume_id: &str) -> PathBuf {
        self.dir.join(format!("{volume_id}.raw"))
    }

    /// Finishes or undoes what a killed process left (module docs). Runs
    /// under the state lock; changes only `s` and sizes empty files of
    /// reserved ids.
    fn recover(&self, s: &mut State) -> io::Result<()> {
        for volume_id in std::mem::take(&mut s.deleting) {
            match self.remove_file(&volume_id) {
                Ok(()) => tracing::warn!(%volume_id, "deletion of an interrupted call finished"),
                Err(e) => {
                    // Retried by the next call; this one goes on.
                    tracing::warn!(%volume_id, error = %e, "cannot finish an interrupted deletion");
                    s.deleting.push(volume_id);
                }
            }
        }
        for c in std::mem::take(&mut s.creating) {
            let file = self.file(&c.volume_id);
            let Some(len) = regular_file_len(&file)? else {
                continue;
            };
            let size_bytes = if len == 0 && c.size_bytes != 0 {
                match size_file(&file, c.size_bytes) {
                    Ok(()) => c.size_bytes,
                    Err(e) => {
                        tracing::warn!(volume_id = %c.volume_id, error = %e, "cannot size an adopted volume");
                        len
                    }
                }
            } else {
                len
            };
            tracing::warn!(volume_id = %c.volume_id, name = %c.name,
                "volume created by an interrupted call adopted");
            s.volumes.push(volume(c.volume_id, c.name, size_bytes));
        }
        for entry in std::fs::read_dir(&self.dir)? {
            let entry = entry?;
            let Some(volume_id) = entry
                .file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".raw"))
                .filter(|id| id_number(id).is_some())
                .map(str::to_owned)
            else {
                continue;
            };
            if s.volumes.iter().any(|v| v.volume_id == volume_id) {
                continue;
            }
            let Some(len) = regular_file_len(&entry.path())? else {
                continue;
            };
            tracing::warn!(%volume_id, "orphan volume file adopted");
            let name = format!("{RECOVERED_PREFIX}{volume_id}");
            s.volumes.push(volume(volume_id, name, len));
        }
        let highest = s.volumes.iter().filter_map(|v| id_number(&v.volume_id));
        s.next_id = highest.fold(s.next_id, u64::max);
        Ok(())
    }

    /// Step 2 of a creation: the sized, fsynced file. On failure a file this
    /// call created is removed again; `Ok(false)` when the name was taken.
    fn create_file(&self, volume_id: &str, size_bytes: u64) -> io::Result<bool> {
        let path = self.file(volume_id);
        let f = match std::fs::File::create_new(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Ok(false),
            Err(e) => return Err(e),
        };
        let sized = f.set_len(size_bytes).and_then(|()| f.sync_all());
        if let Err(e) = sized {
            drop(f);
            let _ = std::fs::remove_file(&path);
            return Err(e);
        }
        sync_dir_of(&path)?;
        Ok(true)
    }
}

impl LocalVolumes {
    /// Removes the file of a *checked* id (durably); a missing file is fine.
    fn remove_file(&self, volume_id: &str) -> io::Result<()> {
        let file = self.file(volume_id);
        match std::fs::remove_file(&file) {
            Ok(()) => sync_dir_of(&file),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e),
        }
    }
}

fn size_file(path: &Path, size_bytes: u64) -> io::Result<()> {
    let f = std::fs::OpenOptions::new().write(true).open(path)?;
    f.set_len(size_bytes)?;
    f.sync_all()
}

/// The length of `path` when it is a regular file (not a link), `None` when
/// there is none.
fn regular_file_len(path: &Path) -> io::Result<Option<u64>> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_file() => Ok(Some(m.len())),
        Ok(_) => Ok(None),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

fn volume(volume_id: String, name: String, size_bytes: u64) -> Volume {
    Volume {
        volume_id,
        name,
        size_bytes,
        attached_to: None,
        device_path: None,
    }
}

/// Where a test kills the process mid-creation (`MIGRATEKIT_CRASH_AT=
/// local_volumes:<step>:after`, steps `reserve-id` and `create-file`).
fn crash_point(_step: &str) {
    #[cfg(feature = "testkit")]
    crate::testkit::crash::point("local_volumes", _step, crate::testkit::crash::Phase::After);
}

/// Attempts at a fresh id when files appear under ids being reserved.
const CREATE_ATTEMPTS: usize = 16;

#[async_trait]
impl VolumeDaemon for LocalVolumes {
    async fn create_volume(&self, name: &str, size_bytes: u64) -> PortResult<Volume> {
        let mut locked = self.state.lock()?;
        self.recover(&mut locked.state)?;
        for _ in 0..CREATE_ATTEMPTS {
            let s = &mut locked.state;
            s.next_id += 1;
            let volume_id = format!("vol-{:06}", s.next_id);
            s.creating.push(Creating {
                volume_id: volume_id.clone(),
                name: name.to_owned(),
                size_bytes,
            });
            locked.save()?;
            crash_point("reserve-id");
            let created = self.create_file(&volume_id, size_bytes);
            crash_point("create-file");
            locked.state.creating.retain(|c| c.volume_id != volume_id);
            match created {
                Ok(true) => {
                    let v = volume(volume_id, name.to_owned(), size_bytes);
                    locked.state.volumes.push(v.clone());
                    locked.save()?;
                    return Ok(v);
                }
                // Someone else's file under the reserved name: adopt it as
                // an orphan, try the next id.
                Ok(false) => self.recover(&mut locked.state)?,
                Err(e) => {
                    locked.save()?;
                    return Err(e.into());
                }
            }
        }
        locked.save()?;
        Err(PortError::new(format!(
            "no free volume id in {} after {CREATE_ATTEMPTS} attempts",
            self.dir.display()
        )))
    }

    async fn clone_volume(&self, source_volume_id: &str, _name: &str) -> PortResult<Volume> {
        let _ = checked(source_volume_id)?;
        Err(PortError::new("LocalVolumes cannot clone volumes yet"))
    }

    async fn attach_volume(&self, volume_id: &str, instance_id: &str) -> PortResult<String> {
        let volume_id = checked(volume_id)?;
        let path = self.file(volume_id).to_string_lossy().into_owned();
        self.state.update(|s: &mut State| {
            self.recover(s)?;
            let v = s
                .volumes
                .iter_mut()
                .find(|v| v.volume_id == volume_id)
                .ok_or_else(|| not_found(volume_id))?;
            match &v.attached_to {
                Some(other) if other != instance_id => Err(PortError::new(format!(
                    "volume {volume_id} is attached to {other}"
                ))),
                _ => {
                    v.attached_to = Some(instance_id.to_owned());
                    v.device_path = Some(path.clone());
                    Ok(path)
                }
            }
        })
    }

    async fn detach_volume(&self, volume_id: &str) -> PortResult<()> {
        let volume_id = checked(volume_id)?;
        self.state.update(|s: &mut State| {
            self.recover(s)?;
            if let Some(v) = s.volumes.iter_mut().find(|v| v.volume_id == volume_id) {
                v.attached_to = None;
                v.device_path = None;
            }
            Ok(())
        })
    }

    async fn delete_volume(&self, volume_id: &str) -> PortResult<()> {
        let volume_id = checked(volume_id)?;
        let mut locked = self.state.lock()?;
        self.recover(&mut locked.state)?;
        let s = &mut locked.state;
        let attached = s
            .volumes
            .iter()
            .find(|v| v.volume_id == volume_id)
            .and_then(|v| v.attached_to.as_deref());
        if let Some(at) = attached {
            return Err(PortError::new(format!(
                "volume {volume_id} is attached to {at}; detach it first"
            )));
        }
        let volumes_before = s.volumes.clone();
        s.volumes.retain(|v| v.volume_id != volume_id);
        if s.volumes.len() == volumes_before.len() {
            // Unknown (and no file of that id, or recovery had adopted it).
            return Ok(locked.save()?);
        }
        s.deleting.push(volume_id.to_owned());
        locked.save()?;
        let removed = self.remove_file(volume_id);
        locked.state.deleting.retain(|d| d != volume_id);
        if removed.is_err() {
            // Not deleted after all: the volume stays as it was.
            locked.state.volumes = volumes_before;
        }
        locked.save()?;
        Ok(removed?)
    }

    async fn get_volume(&self, volume_id: &str) -> PortResult<Option<Volume>> {
        let volume_id = checked(volume_id)?;
        Ok(self
            .state
            .update(|s: &mut State| self.recover(s).map(|()| s.volumes.clone()))?
            .into_iter()
            .find(|v| v.volume_id == volume_id))
    }

    async fn list_volumes(&self) -> PortResult<Vec<Volume>> {
        Ok(self
            .state
            .update(|s: &mut State| self.recover(s).map(|()| s.volumes.clone()))?)
    }
}
