//! The local volume daemon: volumes are sparse raw files in a directory;
//! attaching one returns its file path as the device path. Attachments and
//! metadata live in `volumes.json` beside them, so a restarted process (or
//! another one) sees the same volumes.

use super::state_file::StateFile;
use crate::ports::{PortError, PortResult, Volume, VolumeDaemon};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct State {
    next_id: u64,
    volumes: Vec<Volume>,
}

/// Volumes as sparse files in one directory.
#[derive(Debug)]
pub struct LocalVolumes {
    dir: PathBuf,
    state: StateFile<State>,
}

impl LocalVolumes {
    /// Volumes in `dir` (created if missing). Device paths are absolute, so
    /// a daemon with another working directory (QSD daemonizes to `/`) opens them.
    pub fn open(dir: impl Into<PathBuf>) -> std::io::Result<LocalVolumes> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir)?;
        let dir = std::fs::canonicalize(dir)?;
        let state = StateFile::at(dir.join("volumes.json"))?;
        Ok(LocalVolumes { dir, state })
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn file(&self, volume_id: &str) -> PathBuf {
        self.dir.join(format!("{volume_id}.raw"))
    }
}

fn not_found(volume_id: &str) -> PortError {
    PortError::new(format!("no volume {volume_id}"))
}

#[async_trait]
impl VolumeDaemon for LocalVolumes {
    async fn create_volume(&self, name: &str, size_bytes: u64) -> PortResult<Volume> {
        self.state.update(|s: &mut State| {
            s.next_id += 1;
            let volume_id = format!("vol-{:06}", s.next_id);
            let file = std::fs::File::create_new(self.file(&volume_id))?;
            file.set_len(size_bytes)?;
            let v = Volume {
                volume_id,
                name: name.to_owned(),
                size_bytes,
                attached_to: None,
                device_path: None,
            };
            s.volumes.push(v.clone());
            Ok(v)
        })
    }

    async fn attach_volume(&self, volume_id: &str, instance_id: &str) -> PortResult<String> {
        let path = self.file(volume_id).to_string_lossy().into_owned();
        self.state.update(|s: &mut State| {
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
        self.state.update(|s: &mut State| {
            if let Some(v) = s.volumes.iter_mut().find(|v| v.volume_id == volume_id) {
                v.attached_to = None;
                v.device_path = None;
            }
            Ok(())
        })
    }

    async fn delete_volume(&self, volume_id: &str) -> PortResult<()> {
        self.state.update(|s: &mut State| {
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
            match std::fs::remove_file(self.file(volume_id)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
                _ => {}
            }
            s.volumes.retain(|v| v.volume_id != volume_id);
            Ok(())
        })
    }

    async fn get_volume(&self, volume_id: &str) -> PortResult<Option<Volume>> {
        Ok(self
            .state
            .read()?
            .volumes
            .into_iter()
            .find(|v| v.volume_id == volume_id))
    }

    async fn list_volumes(&self) -> PortResult<Vec<Volume>> {
        Ok(self.state.read()?.volumes)
    }
}
