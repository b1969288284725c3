//! The local volume daemon: volumes are sparse raw files in a directory;
//! attaching one returns its file path as the device path. Attachments and
//! metadata live in `volumes.json` beside them, so a restarted process (or
//! another one) sees the same volumes.
//!
//! # Volume ids
//!
//! The daemon issues ids `vol-<digits>` (`vol-000001`), and the file of a
//! volume is `<id>.raw` (`<id>.qcow2` for an overlay clone, below). Every id a caller passes is checked against that
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
//!
//! # Clones
//!
//! [`VolumeDaemon::clone_volume`] makes a writable clone of a volume, a
//! volume of its own with a fresh `vol-<digits>` id, in one of two ways
//! ([`CloneMode`], chosen with [`LocalVolumes::with_clone_mode`]):
//!
//! * **reflink** — `<id>.raw`, a copy-on-write copy of the source file
//!   (`FICLONE`; btrfs, XFS with reflink=1, …). It shares blocks with the
//!   source but is independent of it: a true point-in-time copy, and the
//!   source can be deleted under it.
//! * **overlay** — `<id>.qcow2`, a qcow2 file made by `qemu-img create -f
//!   qcow2 -F raw -u -b <absolute source path> <file> <size>` (a subprocess
//!   with a timeout; `-u` with the size so qemu-img does not open the source,
//!   which qemu-storage-daemon may hold locked while it exports it). Writes
//!   land in the overlay, never in the source. Reads of blocks the clone
//!   has not written go to the source file *as it is now*: the overlay is a
//!   point-in-time clone only while its source is not written. migratekit
//!   relies on that — a test failover clones the replica, and no
//!   replication writes the replica while the context is in a failover
//!   status. A host that writes a source under its overlay clones sees
//!   those writes through them; a reflink clone does not.
//!
//! [`CloneMode::Auto`] (the default) tries a reflink and falls back to an
//! overlay. Cloning an overlay clone always makes an overlay on it (a
//! reflink of a qcow2 file would share its backing file), so forced
//! [`CloneMode::Reflink`] refuses that.
//!
//! Attaching a clone returns its own file as the device path (`<id>.raw` or
//! `<id>.qcow2`). `volumes.json` records each overlay and the volume it is
//! backed by (`overlays`: clone id → source id, `null` for an adopted qcow2
//! file backed by nothing of this directory); a state without overlays
//! is written exactly as before. Deleting a volume that overlay clones are
//! backed by fails (the overlays would lose their data) — delete the clones
//! first; deleting a clone never touches its source.
//!
//! A clone is made crash-safe like a created volume: its id is reserved
//! (a `creating` entry that names the source, `clone_of`), the clone is
//! made as `<id>.clone-part`, fsynced, then published under its final name
//! with a hard link (which, like `create_new`, never replaces a file) and
//! the part file removed; then the entry moves to `volumes`. Recovery of a
//! `creating` clone entry removes a leftover part file (half-made: its
//! content is not trusted) and adopts the final file when there is one —
//! as an overlay of the recorded source for `<id>.qcow2` — else drops the
//! entry; the id stays used either way. An orphan `vol-<digits>.qcow2` is
//! adopted like an orphan `.raw` file (never deleted), its size and backing
//! read from its qcow2 header: when it is backed by a volume file of this
//! directory, it is recorded as that volume's overlay, so the volume it
//! reads through cannot be deleted under it. When both `<id>.raw` and
//! `<id>.qcow2` exist for one unknown id, the `.raw` file is adopted and
//! the other left alone.

mod clone;
mod qcow2;
mod recover;

pub use clone::CloneMode;

use super::state_file::{StateFile, sync_dir_of};
use crate::ports::{PortError, PortResult, Volume, VolumeDaemon};
use async_trait::async_trait;
use clone::QemuImg;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Longest digit run accepted in an id (`u64::MAX` has 20 digits).
const MAX_ID_DIGITS: usize = 20;

/// Prefix of the name given to an adopted orphan file.
pub const RECOVERED_PREFIX: &str = "recovered-";

/// Suffix of the temporary file a clone is made as.
const PART_SUFFIX: &str = ".clone-part";

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct State {
    next_id: u64,
    volumes: Vec<Volume>,
    /// Volumes whose file is `<id>.qcow2` (overlay clones): id → id of the
    /// volume its file is backed by, `None` for an adopted qcow2 file backed
    /// by no volume of this directory. Kept until a deleted one's file is gone.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    overlays: BTreeMap<String, Option<String>>,
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
    /// The source volume, when this is a clone being made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    clone_of: Option<String>,
}

/// The format of a volume's file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `<id>.raw`: a created volume, a reflink clone, an adopted raw file.
    Raw,
    /// `<id>.qcow2`: an overlay clone.
    Qcow2,
}

impl Kind {
    fn ext(self) -> &'static str {
        match self {
            Kind::Raw => "raw",
            Kind::Qcow2 => "qcow2",
        }
    }
}

impl State {
    /// Reserves the next volume id for `name`, recorded as being created:
    /// once saved, a process killed before it finishes leaves an intent
    /// that recovery completes or undoes.
    fn reserve(&mut self, name: &str, size_bytes: u64, clone_of: Option<&str>) -> String {
        self.next_id += 1;
        let volume_id = format!("vol-{:06}", self.next_id);
        self.creating.push(Creating {
            volume_id: volume_id.clone(),
            name: name.to_owned(),
            size_bytes,
            clone_of: clone_of.map(str::to_owned),
        });
        volume_id
    }

    /// Forgets the intent to create `volume_id` (made or not).
    fn reserved_done(&mut self, volume_id: &str) {
        self.creating.retain(|c| c.volume_id != volume_id);
    }

    fn kind(&self, volume_id: &str) -> Kind {
        if self.overlays.contains_key(volume_id) {
            Kind::Qcow2
        } else {
            Kind::Raw
        }
    }
}

/// Volumes as sparse files in one directory.
#[derive(Debug)]
pub struct LocalVolumes {
    dir: PathBuf,
    state: StateFile<State>,
    clone_mode: CloneMode,
    qemu_img: QemuImg,
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

/// The id and kind of a volume file name `vol-<digits>.raw|qcow2`.
fn parse_file_name(name: &str) -> Option<(&str, Kind)> {
    let (id, kind) = if let Some(id) = name.strip_suffix(".raw") {
        (id, Kind::Raw)
    } else {
        (name.strip_suffix(".qcow2")?, Kind::Qcow2)
    };
    id_number(id).map(|_| (id, kind))
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
        let volumes = LocalVolumes {
            dir,
            state,
            clone_mode: CloneMode::default(),
            qemu_img: QemuImg::default(),
        };
        volumes.state.update(|s| volumes.recover(s))?;
        Ok(volumes)
    }

    /// [`LocalVolumes::open`] with clones made as `mode`.
    pub fn open_with(dir: impl Into<PathBuf>, mode: CloneMode) -> io::Result<LocalVolumes> {
        Ok(LocalVolumes::open(dir)?.with_clone_mode(mode))
    }

    /// Makes clones as `mode` (module docs; [`CloneMode::Auto`] by default).
    pub fn with_clone_mode(mut self, mode: CloneMode) -> LocalVolumes {
        self.clone_mode = mode;
        self
    }

    /// Runs `program` (default `qemu-img` from the `PATH`) to make overlay
    /// clones, killing a run that takes longer than `timeout` (default 60 s).
    pub fn with_qemu_img(mut self, program: impl Into<PathBuf>, timeout: Duration) -> LocalVolumes {
        self.qemu_img = QemuImg {
            program: program.into(),
            timeout,
        };
        self
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file of a *checked* id, of the given kind.
    fn path(&self, volume_id: &str, kind: Kind) -> PathBuf {
        self.dir.join(format!("{volume_id}.{}", kind.ext()))
    }

    /// The file of a *checked* id as the state knows it.
    fn file(&self, s: &State, volume_id: &str) -> PathBuf {
        self.path(volume_id, s.kind(volume_id))
    }

    /// The temporary file a clone of a *checked* id is made as.
    fn part(&self, volume_id: &str) -> PathBuf {
        self.dir.join(format!("{volume_id}{PART_SUFFIX}"))
    }

    /// Step 2 of a creation: the sized, fsynced file. On failure a file this
    /// call created is removed again; `Ok(false)` when the name was taken.
    fn create_file(&self, volume_id: &str, size_bytes: u64) -> io::Result<bool> {
        if regular_file_len(&self.path(volume_id, Kind::Qcow2))?.is_some() {
            return Ok(false);
        }
        let path = self.path(volume_id, Kind::Raw);
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

    /// Step 2 of a clone: the clone's file made as a part file, then
    /// published under its id. `Ok(None)` when a file of that id appeared.
    fn make_clone(
        &self,
        source: &Volume,
        source_kind: Kind,
        volume_id: &str,
    ) -> PortResult<Option<(Kind, u64)>> {
        let source_file = self.path(&source.volume_id, source_kind);
        let part = self.part(volume_id);
        remove_durably(&part)?;
        let reflinked = match (self.clone_mode, source_kind) {
            (CloneMode::Overlay, _) | (CloneMode::Auto, Kind::Qcow2) => false,
            (CloneMode::Reflink, Kind::Qcow2) => {
                return Err(PortError::new(format!(
                    "volume {} is an overlay clone: it can be cloned as an overlay only, \
                     not as a reflink",
                    source.volume_id
                )));
            }
            (mode, Kind::Raw) => match clone::reflink(&source_file, &part) {
                Ok(()) => true,
                Err(e) if mode == CloneMode::Reflink => {
                    let _ = remove_durably(&part);
                    return Err(PortError::new(format!(
                        "cannot reflink {} in {}: {e} (does the file system have reflinks?)",
                        source.volume_id,
                        self.dir.display()
                    )));
                }
                Err(e) => {
                    let _ = remove_durably(&part);
                    tracing::info!(volume_id = %source.volume_id, error = %e,
                        "no reflink; cloning as a qcow2 overlay");
                    false
                }
            },
        };
        let (kind, size) = if reflinked {
            (Kind::Raw, std::fs::metadata(&part)?.len())
        } else {
            let size = match source_kind {
                Kind::Raw => std::fs::metadata(&source_file)?.len(),
                Kind::Qcow2 => source.size_bytes,
            };
            let format = source_kind.ext();
            if let Err(e) = clone::overlay(&self.qemu_img, &source_file, format, size, &part) {
                let _ = remove_durably(&part);
                return Err(e);
            }
            (Kind::Qcow2, size)
        };
        crash_point("clone-part-file");
        let published = self.publish(&part, volume_id, kind);
        let _ = remove_durably(&part);
        Ok(published?.then_some((kind, size)))
    }

    /// Links `part` as the file of `volume_id`; `Ok(false)` when a file of
    /// that id exists (never replaced).
    fn publish(&self, part: &Path, volume_id: &str, kind: Kind) -> io::Result<bool> {
        let other = match kind {
            Kind::Raw => Kind::Qcow2,
            Kind::Qcow2 => Kind::Raw,
        };
        if regular_file_len(&self.path(volume_id, other))?.is_some() {
            return Ok(false);
        }
        let target = self.path(volume_id, kind);
        match std::fs::hard_link(part, &target) {
            Ok(()) => {
                sync_dir_of(&target)?;
                Ok(true)
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
            Err(e) => Err(e),
        }
    }
}

/// Removes `path` durably; a missing file is fine.
fn remove_durably(path: &Path) -> io::Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => sync_dir_of(path),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
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
/// local_volumes:<step>:after`): steps `reserve-id` and `create-file` of a
/// creation, `clone-reserve-id`, `clone-part-file` (made, not published)
/// and `clone-file` (published, not recorded) of a clone.
fn crash_point(_step: &str) {
    #[cfg(feature = "crash-points")]
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
            let volume_id = locked.state.reserve(name, size_bytes, None);
            locked.save()?;
            crash_point("reserve-id");
            let created = self.create_file(&volume_id, size_bytes);
            crash_point("create-file");
            locked.state.reserved_done(&volume_id);
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
        Err(self.no_free_id())
    }

    async fn clone_volume(&self, source_volume_id: &str, name: &str) -> PortResult<Volume> {
        let source_id = checked(source_volume_id)?;
        let mut locked = self.state.lock()?;
        self.recover(&mut locked.state)?;
        let source = locked
            .state
            .volumes
            .iter()
            .find(|v| v.volume_id == source_id)
            .cloned()
            .ok_or_else(|| not_found(source_id))?;
        let source_kind = locked.state.kind(source_id);
        for _ in 0..CREATE_ATTEMPTS {
            let s = &mut locked.state;
            let volume_id = s.reserve(name, source.size_bytes, Some(source_id));
            locked.save()?;
            crash_point("clone-reserve-id");
            let made = self.make_clone(&source, source_kind, &volume_id);
            crash_point("clone-file");
            locked.state.reserved_done(&volume_id);
            match made {
                Ok(Some((kind, size_bytes))) => {
                    let s = &mut locked.state;
                    if kind == Kind::Qcow2 {
                        s.overlays
                            .insert(volume_id.clone(), Some(source_id.to_owned()));
                    }
                    let v = volume(volume_id, name.to_owned(), size_bytes);
                    s.volumes.push(v.clone());
                    locked.save()?;
                    return Ok(v);
                }
                Ok(None) => self.recover(&mut locked.state)?,
                Err(e) => {
                    locked.save()?;
                    return Err(e);
                }
            }
        }
        locked.save()?;
        Err(self.no_free_id())
    }

    async fn attach_volume(&self, volume_id: &str, instance_id: &str) -> PortResult<String> {
        let volume_id = checked(volume_id)?;
        self.state.update(|s: &mut State| {
            self.recover(s)?;
            let path = self.file(s, volume_id).to_string_lossy().into_owned();
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
        let clones: Vec<&str> = s
            .overlays
            .iter()
            .filter(|(_, backing)| backing.as_deref() == Some(volume_id))
            .map(|(clone, _)| clone.as_str())
            .collect();
        if !clones.is_empty() {
            return Err(PortError::new(format!(
                "volume {volume_id} backs the overlay clones {}: delete them first \
                 (they read through its file)",
                clones.join(", ")
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
        let removed = remove_durably(&self.file(&locked.state, volume_id));
        locked.state.deleting.retain(|d| d != volume_id);
        if removed.is_ok() {
            locked.state.overlays.remove(volume_id);
        } else {
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

impl LocalVolumes {
    fn no_free_id(&self) -> PortError {
        PortError::new(format!(
            "no free volume id in {} after {CREATE_ATTEMPTS} attempts",
            self.dir.display()
        ))
    }
}
