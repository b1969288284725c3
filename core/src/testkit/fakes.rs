//! In-memory (or file-backed) fakes of the volume daemon, the NBD exporter
//! and the target cloud, each with a [`Faults`] script. File-backed fakes
//! keep their state across processes, for crash tests.

use super::faults::Faults;
use crate::adapters::state_file::StateFile;
use crate::ports::{
    NbdExport, NbdExporter, PortError, PortResult, PowerState, TargetCloud, TargetVm, VmSpec,
    Volume, VolumeDaemon,
};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::Arc;

fn state<T: Serialize + serde::de::DeserializeOwned + Default + Clone>(
    path: Option<PathBuf>,
) -> std::io::Result<StateFile<T>> {
    match path {
        Some(p) => StateFile::at(p),
        None => Ok(StateFile::in_memory()),
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct VolumesState {
    next_id: u64,
    volumes: Vec<Volume>,
}

/// A fake volume daemon: device paths are `/dev/fake/<volume_id>`.
#[derive(Debug)]
pub struct FakeVolumes {
    state: StateFile<VolumesState>,
    faults: Arc<Faults>,
}

impl FakeVolumes {
    /// In memory.
    pub fn new() -> Self {
        FakeVolumes {
            state: StateFile::in_memory(),
            faults: Arc::default(),
        }
    }

    /// Kept in the JSON file at `path`.
    pub fn persistent(path: impl Into<PathBuf>) -> std::io::Result<Self> {
        Ok(FakeVolumes {
            state: state(Some(path.into()))?,
            faults: Arc::default(),
        })
    }

    /// Its fault script.
    pub fn faults(&self) -> &Arc<Faults> {
        &self.faults
    }
}

impl Default for FakeVolumes {
    fn default() -> Self {
        FakeVolumes::new()
    }
}

#[async_trait]
impl VolumeDaemon for FakeVolumes {
    async fn clone_volume(&self, source_volume_id: &str, name: &str) -> PortResult<Volume> {
        self.faults.check("clone_volume").await?;
        self.state.update(|s: &mut VolumesState| {
            let size_bytes = s
                .volumes
                .iter()
                .find(|v| v.volume_id == source_volume_id)
                .map(|v| v.size_bytes)
                .ok_or_else(|| PortError::new(format!("no volume {source_volume_id}")))?;
            s.next_id += 1;
            let v = Volume {
                volume_id: format!("fakevol-{}", s.next_id),
                name: name.to_owned(),
                size_bytes,
                attached_to: None,
                device_path: None,
            };
            s.volumes.push(v.clone());
            Ok(v)
        })
    }

    async fn create_volume(&self, name: &str, size_bytes: u64) -> PortResult<Volume> {
        self.faults.check("create_volume").await?;
        self.state.update(|s: &mut VolumesState| {
            s.next_id += 1;
            let v = Volume {
                volume_id: format!("fakevol-{}", s.next_id),
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
        self.faults.check("attach_volume").await?;
        self.state.update(|s: &mut VolumesState| {
            let v = s
                .volumes
                .iter_mut()
                .find(|v| v.volume_id == volume_id)
                .ok_or_else(|| PortError::new(format!("no volume {volume_id}")))?;
            if let Some(other) = v.attached_to.as_deref().filter(|o| *o != instance_id) {
                return Err(PortError::new(format!(
                    "volume {volume_id} is attached to {other}"
                )));
            }
            let path = format!("/dev/fake/{volume_id}");
            v.attached_to = Some(instance_id.to_owned());
            v.device_path = Some(path.clone());
            Ok(path)
        })
    }

    async fn detach_volume(&self, volume_id: &str) -> PortResult<()> {
        self.faults.check("detach_volume").await?;
        self.state.update(|s: &mut VolumesState| {
            if let Some(v) = s.volumes.iter_mut().find(|v| v.volume_id == volume_id) {
                v.attached_to = None;
                v.device_path = None;
            }
            Ok(())
        })
    }

    async fn delete_volume(&self, volume_id: &str) -> PortResult<()> {
        self.faults.check("delete_volume").await?;
        self.state.update(|s: &mut VolumesState| {
            s.volumes.retain(|v| v.volume_id != volume_id);
            Ok(())
        })
    }

    async fn get_volume(&self, volume_id: &str) -> PortResult<Option<Volume>> {
        self.faults.check("get_volume").await?;
        Ok(self
            .state
            .read()?
            .volumes
            .into_iter()
            .find(|v| v.volume_id == volume_id))
    }

    async fn list_volumes(&self) -> PortResult<Vec<Volume>> {
        self.faults.check("list_volumes").await?;
        Ok(self.state.read()?.volumes)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct ExportsState {
    exports: Vec<NbdExport>,
}

/// A fake NBD exporter on 127.0.0.1:10809.
#[derive(Debug)]
pub struct FakeExporter {
    state: StateFile<ExportsState>,
    faults: Arc<Faults>,
}

impl FakeExporter {
    /// In memory.
    pub fn new() -> Self {
        FakeExporter {
            state: StateFile::in_memory(),
            faults: Arc::default(),
        }
    }

    /// Kept in the JSON file at `path`.
    pub fn persistent(path: impl Into<PathBuf>) -> std::io::Result<Self> {
        Ok(FakeExporter {
            state: state(Some(path.into()))?,
            faults: Arc::default(),
        })
    }

    /// Its fault script.
    pub fn faults(&self) -> &Arc<Faults> {
        &self.faults
    }
}

impl Default for FakeExporter {
    fn default() -> Self {
        FakeExporter::new()
    }
}

#[async_trait]
impl NbdExporter for FakeExporter {
    async fn create_export(&self, name: &str, device_path: &str) -> PortResult<NbdExport> {
        self.faults.check("create_export").await?;
        self.state.update(|s: &mut ExportsState| {
            if let Some(e) = s.exports.iter().find(|e| e.name == name) {
                if e.device_path != device_path {
                    return Err(PortError::new(format!(
                        "export {name} serves {}",
                        e.device_path
                    )));
                }
                return Ok(e.clone());
            }
            let e = NbdExport {
                name: name.to_owned(),
                host: "127.0.0.1".into(),
                port: 10809,
                device_path: device_path.to_owned(),
            };
            s.exports.push(e.clone());
            Ok(e)
        })
    }

    async fn remove_export(&self, name: &str) -> PortResult<()> {
        self.faults.check("remove_export").await?;
        self.state.update(|s: &mut ExportsState| {
            s.exports.retain(|e| e.name != name);
            Ok(())
        })
    }

    async fn list_exports(&self) -> PortResult<Vec<NbdExport>> {
        self.faults.check("list_exports").await?;
        Ok(self.state.read()?.exports)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct CloudState {
    next_id: u64,
    vms: Vec<TargetVm>,
}

/// A fake target cloud: VMs are records with a power state.
#[derive(Debug)]
pub struct FakeCloud {
    state: StateFile<CloudState>,
    faults: Arc<Faults>,
}

impl FakeCloud {
    /// In memory.
    pub fn new() -> Self {
        FakeCloud {
            state: StateFile::in_memory(),
            faults: Arc::default(),
        }
    }

    /// Kept in the JSON file at `path`.
    pub fn persistent(path: impl Into<PathBuf>) -> std::io::Result<Self> {
        Ok(FakeCloud {
            state: state(Some(path.into()))?,
            faults: Arc::default(),
        })
    }

    /// Its fault script.
    pub fn faults(&self) -> &Arc<Faults> {
        &self.faults
    }

    /// Every VM, for assertions.
    pub fn vms(&self) -> Vec<TargetVm> {
        self.state.read().map(|s| s.vms).unwrap_or_default()
    }
}

impl Default for FakeCloud {
    fn default() -> Self {
        FakeCloud::new()
    }
}

impl FakeCloud {
    fn set_power(&self, vm_id: &str, power: PowerState) -> PortResult<()> {
        self.state.update(|s: &mut CloudState| {
            let vm = s
                .vms
                .iter_mut()
                .find(|v| v.vm_id == vm_id)
                .ok_or_else(|| PortError::new(format!("no VM {vm_id}")))?;
            vm.power_state = power;
            Ok(())
        })
    }
}

#[async_trait]
impl TargetCloud for FakeCloud {
    async fn create_vm(&self, spec: &VmSpec) -> PortResult<TargetVm> {
        self.faults.check("create_vm").await?;
        self.state.update(|s: &mut CloudState| {
            s.next_id += 1;
            let vm = TargetVm {
                vm_id: format!("i-{:08}", s.next_id),
                name: spec.name.clone(),
                power_state: PowerState::Off,
            };
            s.vms.push(vm.clone());
            Ok(vm)
        })
    }

    async fn power_on(&self, vm_id: &str) -> PortResult<()> {
        self.faults.check("power_on").await?;
        self.set_power(vm_id, PowerState::On)
    }

    async fn power_off(&self, vm_id: &str) -> PortResult<()> {
        self.faults.check("power_off").await?;
        self.set_power(vm_id, PowerState::Off)
    }

    async fn delete_vm(&self, vm_id: &str) -> PortResult<()> {
        self.faults.check("delete_vm").await?;
        self.state.update(|s: &mut CloudState| {
            s.vms.retain(|v| v.vm_id != vm_id);
            Ok(())
        })
    }

    async fn get_vm(&self, vm_id: &str) -> PortResult<Option<TargetVm>> {
        self.faults.check("get_vm").await?;
        Ok(self
            .state
            .read()?
            .vms
            .into_iter()
            .find(|v| v.vm_id == vm_id))
    }

    async fn find_vm_by_name(&self, name: &str) -> PortResult<Option<TargetVm>> {
        self.faults.check("find_vm_by_name").await?;
        Ok(self.state.read()?.vms.into_iter().find(|v| v.name == name))
    }
}
