//! In-memory (or file-backed) fakes of the volume daemon, the NBD exporter
//! and the target cloud, each with a [`Faults`] script. File-backed fakes
//! keep their state across processes, for crash tests.
//!
//! One generic [`Fake`] holds a fake's state and script; what the three fakes
//! differ in is their state type and the port they implement.

use super::faults::Faults;
use crate::adapters::state_file::StateFile;
use crate::ports::{
    NbdExport, NbdExporter, PortError, PortResult, PowerState, TargetCloud, TargetVm, VmSpec,
    Volume, VolumeDaemon,
};
use async_trait::async_trait;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::Arc;

/// The methods of [`FakeVolumes`], by the names its fault script knows.
pub const VOLUME_METHODS: &[&str] = &[
    "create_volume",
    "clone_volume",
    "attach_volume",
    "detach_volume",
    "delete_volume",
    "get_volume",
    "list_volumes",
];

/// The methods of [`FakeExporter`], by the names its fault script knows.
pub const EXPORTER_METHODS: &[&str] = &["create_export", "remove_export", "list_exports"];

/// The methods of [`FakeCloud`], by the names its fault script knows.
pub const CLOUD_METHODS: &[&str] = &[
    "create_vm",
    "power_on",
    "power_off",
    "delete_vm",
    "get_vm",
    "find_vm_by_name",
];

/// Every method of the three fakes: what a port fault can be scripted on.
pub fn port_methods() -> impl Iterator<Item = &'static str> {
    let all = [VOLUME_METHODS, EXPORTER_METHODS, CLOUD_METHODS];
    all.into_iter().flatten().copied()
}

/// A fake port: its state `S`, in memory or in a JSON file, and the fault
/// script each of its methods consults first.
#[derive(Debug)]
pub struct Fake<S> {
    state: StateFile<S>,
    faults: Arc<Faults>,
}

/// A fake volume daemon: device paths are `/dev/fake/<volume_id>`.
pub type FakeVolumes = Fake<VolumesState>;

/// A fake NBD exporter on 127.0.0.1:10809.
pub type FakeExporter = Fake<ExportsState>;

/// A fake target cloud: VMs are records with a power state.
pub type FakeCloud = Fake<CloudState>;

impl<S: Serialize + DeserializeOwned + Default + Clone> Fake<S> {
    /// In memory.
    pub fn new() -> Self {
        Fake {
            state: StateFile::in_memory(),
            faults: Arc::default(),
        }
    }

    /// Kept in the JSON file at `path`.
    pub fn persistent(path: impl Into<PathBuf>) -> std::io::Result<Self> {
        Ok(Fake {
            state: StateFile::at(path)?,
            faults: Arc::default(),
        })
    }

    /// Its fault script.
    pub fn faults(&self) -> &Arc<Faults> {
        &self.faults
    }

    /// The state as `method` sees it, unless the script fails the call.
    async fn read(&self, method: &str) -> PortResult<S> {
        self.faults.check(method).await?;
        Ok(self.state.read()?)
    }

    /// Changes the state with `f` for `method`, unless the script fails the
    /// call first; the change is kept only when `f` succeeds.
    async fn update<R>(
        &self,
        method: &str,
        f: impl FnOnce(&mut S) -> PortResult<R>,
    ) -> PortResult<R> {
        self.faults.check(method).await?;
        self.state.update(f)
    }

    /// Like [`Fake::update`], for a change that cannot fail.
    async fn change(&self, method: &str, f: impl FnOnce(&mut S)) -> PortResult<()> {
        self.update(method, |s| {
            f(s);
            Ok(())
        })
        .await
    }
}

impl<S: Serialize + DeserializeOwned + Default + Clone> Default for Fake<S> {
    fn default() -> Self {
        Fake::new()
    }
}

/// The state of a [`FakeVolumes`].
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct VolumesState {
    next_id: u64,
    volumes: Vec<Volume>,
}

impl VolumesState {
    /// A new detached volume under the next id.
    fn add(&mut self, name: &str, size_bytes: u64) -> Volume {
        self.next_id += 1;
        let v = Volume {
            volume_id: format!("fakevol-{}", self.next_id),
            name: name.to_owned(),
            size_bytes,
            attached_to: None,
            device_path: None,
        };
        self.volumes.push(v.clone());
        v
    }

    fn find(&mut self, volume_id: &str) -> PortResult<&mut Volume> {
        let found = self.volumes.iter_mut().find(|v| v.volume_id == volume_id);
        found.ok_or_else(|| PortError::new(format!("no volume {volume_id}")))
    }
}

#[async_trait]
impl VolumeDaemon for FakeVolumes {
    async fn clone_volume(&self, source_volume_id: &str, name: &str) -> PortResult<Volume> {
        self.update("clone_volume", |s| {
            let size_bytes = s.find(source_volume_id)?.size_bytes;
            Ok(s.add(name, size_bytes))
        })
        .await
    }

    async fn create_volume(&self, name: &str, size_bytes: u64) -> PortResult<Volume> {
        self.update("create_volume", |s| Ok(s.add(name, size_bytes)))
            .await
    }

    async fn attach_volume(&self, volume_id: &str, instance_id: &str) -> PortResult<String> {
        self.update("attach_volume", |s| {
            let v = s.find(volume_id)?;
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
        .await
    }

    async fn detach_volume(&self, volume_id: &str) -> PortResult<()> {
        self.change("detach_volume", |s| {
            if let Ok(v) = s.find(volume_id) {
                v.attached_to = None;
                v.device_path = None;
            }
        })
        .await
    }

    async fn delete_volume(&self, volume_id: &str) -> PortResult<()> {
        self.change("delete_volume", |s| {
            s.volumes.retain(|v| v.volume_id != volume_id)
        })
        .await
    }

    async fn get_volume(&self, volume_id: &str) -> PortResult<Option<Volume>> {
        let volumes = self.read("get_volume").await?.volumes;
        Ok(volumes.into_iter().find(|v| v.volume_id == volume_id))
    }

    async fn list_volumes(&self) -> PortResult<Vec<Volume>> {
        Ok(self.read("list_volumes").await?.volumes)
    }
}

/// The state of a [`FakeExporter`].
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ExportsState {
    exports: Vec<NbdExport>,
}

#[async_trait]
impl NbdExporter for FakeExporter {
    async fn create_export(&self, name: &str, device_path: &str) -> PortResult<NbdExport> {
        self.update("create_export", |s| {
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
        .await
    }

    async fn remove_export(&self, name: &str) -> PortResult<()> {
        self.change("remove_export", |s| s.exports.retain(|e| e.name != name))
            .await
    }

    async fn list_exports(&self) -> PortResult<Vec<NbdExport>> {
        Ok(self.read("list_exports").await?.exports)
    }
}

/// The state of a [`FakeCloud`].
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CloudState {
    next_id: u64,
    vms: Vec<TargetVm>,
}

impl FakeCloud {
    /// Every VM, for assertions.
    pub fn vms(&self) -> Vec<TargetVm> {
        self.state.read().map(|s| s.vms).unwrap_or_default()
    }

    /// Powers VM `vm_id` on or off, for `method`.
    async fn set_power(&self, method: &str, vm_id: &str, power: PowerState) -> PortResult<()> {
        self.update(method, |s| {
            let vm = s.vms.iter_mut().find(|v| v.vm_id == vm_id);
            vm.ok_or_else(|| PortError::new(format!("no VM {vm_id}")))?
                .power_state = power;
            Ok(())
        })
        .await
    }
}

#[async_trait]
impl TargetCloud for FakeCloud {
    async fn create_vm(&self, spec: &VmSpec) -> PortResult<TargetVm> {
        self.update("create_vm", |s| {
            s.next_id += 1;
            let vm = TargetVm {
                vm_id: format!("i-{:08}", s.next_id),
                name: spec.name.clone(),
                power_state: PowerState::Off,
            };
            s.vms.push(vm.clone());
            Ok(vm)
        })
        .await
    }

    async fn power_on(&self, vm_id: &str) -> PortResult<()> {
        self.set_power("power_on", vm_id, PowerState::On).await
    }

    async fn power_off(&self, vm_id: &str) -> PortResult<()> {
        self.set_power("power_off", vm_id, PowerState::Off).await
    }

    async fn delete_vm(&self, vm_id: &str) -> PortResult<()> {
        self.change("delete_vm", |s| s.vms.retain(|v| v.vm_id != vm_id))
            .await
    }

    async fn get_vm(&self, vm_id: &str) -> PortResult<Option<TargetVm>> {
        let vms = self.read("get_vm").await?.vms;
        Ok(vms.into_iter().find(|v| v.vm_id == vm_id))
    }

    async fn find_vm_by_name(&self, name: &str) -> PortResult<Option<TargetVm>> {
        let vms = self.read("find_vm_by_name").await?.vms;
        Ok(vms.into_iter().find(|v| v.name == name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each listed name is consulted by exactly one call of the fake's
    /// methods, once each: the lists name every method and nothing else.
    #[tokio::test]
    async fn the_method_lists_name_each_method_of_the_fakes_once() {
        let volumes = FakeVolumes::new();
        let v = volumes.create_volume("a", 1).await.unwrap();
        let _ = volumes.clone_volume(&v.volume_id, "b").await;
        let _ = volumes.attach_volume(&v.volume_id, "vm").await;
        let _ = volumes.detach_volume(&v.volume_id).await;
        let _ = volumes.get_volume(&v.volume_id).await;
        let _ = volumes.list_volumes().await;
        let _ = volumes.delete_volume(&v.volume_id).await;
        let exporter = FakeExporter::new();
        let _ = exporter.create_export("e", "/dev/x").await;
        let _ = exporter.list_exports().await;
        let _ = exporter.remove_export("e").await;
        let cloud = FakeCloud::new();
        let spec = VmSpec {
            name: "vm".into(),
            cpus: 1,
            memory_mb: 512,
            network: String::new(),
            os_type: "linux".into(),
        };
        let vm = cloud.create_vm(&spec).await.unwrap();
        let _ = cloud.power_on(&vm.vm_id).await;
        let _ = cloud.power_off(&vm.vm_id).await;
        let _ = cloud.get_vm(&vm.vm_id).await;
        let _ = cloud.find_vm_by_name("vm").await;
        let _ = cloud.delete_vm(&vm.vm_id).await;
        for (faults, methods) in [
            (volumes.faults(), VOLUME_METHODS),
            (exporter.faults(), EXPORTER_METHODS),
            (cloud.faults(), CLOUD_METHODS),
        ] {
            for m in methods {
                assert_eq!(faults.calls(m), 1, "{m}");
            }
        }
        assert_eq!(port_methods().count(), 7 + 3 + 6, "one name per method");
    }
}
