//! The ports a host implements in its own language — the volume daemon, the
//! NBD exporter, the target cloud — as foreign traits, and their adaptation
//! to the core's async ports.
//!
//! A host's method blocks (a Python method, a Go function), so it must not
//! run on the runtime; the core already has the one place such calls run:
//! [`JsonPort::blocking`] puts a transport on the process-wide port pool (at
//! most 8 threads, a port calling back into the manager runs inline, a Rust
//! panic in the transport becomes a port error). Each trait here is such a
//! transport: the pool hands it the method's name and arguments, it calls the
//! host's typed method and answers the typed result. The JSON in between is
//! the core's one packing of every port method; it costs microseconds
//! against a port call that creates a volume or a VM.
//!
//! Whatever a host's method does, the operation sees a port failure — an
//! `adapter` error naming the operation and the step — never a crash: a
//! [`PortError`] carries its details; any other exception (Python) or error
//! (Go) arrives as an unexpected callback error, which becomes a
//! [`PortError`] too; a Go panic is recovered in the generated package and
//! reported the same way (the README's uniffi section, "Regenerating the Go
//! bindings").

use crate::PortError;
use migratekit_core::cancel::CancelToken;
use migratekit_core::model::BulkProgress;
use migratekit_core::ports::{
    BlockingJsonPortCall, JsonPort, NbdExport, PortResult, TargetVm, VmSpec, Volume,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::sync::Arc;

/// Creates, attaches, detaches and deletes block volumes of the target
/// side.
///
/// Contract: `detach_volume` of a detached volume and `delete_volume` of a
/// missing one succeed; `attach_volume` to the instance the volume is
/// already attached to returns the same device path; attaching while
/// attached elsewhere fails.
#[uniffi::export(with_foreign)]
pub trait VolumeDaemon: Send + Sync {
    /// Creates a volume of `size_bytes` named `name`.
    fn create_volume(&self, name: String, size_bytes: u64) -> Result<Volume, PortError>;
    /// Creates a writable point-in-time clone of `source_volume_id` named
    /// `name`: writes to the clone never reach the source (a test VM runs
    /// on clones, so the replica never receives its writes).
    fn clone_volume(&self, source_volume_id: String, name: String) -> Result<Volume, PortError>;
    /// Attaches a volume to an instance; answers the device path.
    fn attach_volume(&self, volume_id: String, instance_id: String) -> Result<String, PortError>;
    /// Detaches a volume from whatever it is attached to.
    fn detach_volume(&self, volume_id: String) -> Result<(), PortError>;
    /// Deletes a volume.
    fn delete_volume(&self, volume_id: String) -> Result<(), PortError>;
    /// One volume, `None` when it does not exist.
    fn get_volume(&self, volume_id: String) -> Result<Option<Volume>, PortError>;
    /// Every volume.
    fn list_volumes(&self) -> Result<Vec<Volume>, PortError>;
}

/// Publishes volumes as NBD exports to the source-side appliance.
///
/// Contract: creating an export that exists for the same device answers it;
/// removing a missing export succeeds.
#[uniffi::export(with_foreign)]
pub trait NbdExporter: Send + Sync {
    /// Publishes `device_path` as `name`.
    fn create_export(&self, name: String, device_path: String) -> Result<NbdExport, PortError>;
    /// Withdraws the export `name`.
    fn remove_export(&self, name: String) -> Result<(), PortError>;
    /// Every export.
    fn list_exports(&self) -> Result<Vec<NbdExport>, PortError>;
}

/// Creates, powers and deletes VMs in the target cloud.
///
/// Contract: powering on a running VM or off a stopped one succeeds;
/// deleting a missing VM succeeds.
#[uniffi::export(with_foreign)]
pub trait TargetCloud: Send + Sync {
    /// Creates a stopped VM.
    fn create_vm(&self, spec: VmSpec) -> Result<TargetVm, PortError>;
    /// Powers a VM on.
    fn power_on(&self, vm_id: String) -> Result<(), PortError>;
    /// Powers a VM off.
    fn power_off(&self, vm_id: String) -> Result<(), PortError>;
    /// Deletes a VM.
    fn delete_vm(&self, vm_id: String) -> Result<(), PortError>;
    /// One VM by id, `None` when it does not exist.
    fn get_vm(&self, vm_id: String) -> Result<Option<TargetVm>, PortError>;
    /// One VM by name (names are unique among migratekit's VMs).
    fn find_vm_by_name(&self, name: String) -> Result<Option<TargetVm>, PortError>;
}

/// Hears the progress of `add_to_management_bulk`, after each batch.
#[uniffi::export(with_foreign)]
pub trait BulkProgressListener: Send + Sync {
    /// `progress.done` of `progress.total` VMs processed. An error is logged
    /// and ignored: progress never fails the call.
    fn on_progress(&self, progress: BulkProgress) -> Result<(), PortError>;
}

/// The host's volume daemon as the core's port.
pub fn volume_daemon(port: Arc<dyn VolumeDaemon>) -> JsonPort {
    JsonPort::blocking(Volumes(port))
}

/// The host's NBD exporter as the core's port.
pub fn nbd_exporter(port: Arc<dyn NbdExporter>) -> JsonPort {
    JsonPort::blocking(Exporter(port))
}

/// The host's target cloud as the core's port.
pub fn target_cloud(port: Arc<dyn TargetCloud>) -> JsonPort {
    JsonPort::blocking(Cloud(port))
}

struct Volumes(Arc<dyn VolumeDaemon>);
struct Exporter(Arc<dyn NbdExporter>);
struct Cloud(Arc<dyn TargetCloud>);

impl BlockingJsonPortCall for Volumes {
    fn call_blocking(
        &self,
        method: &str,
        args: Value,
        _cancel: Option<&Arc<CancelToken>>,
    ) -> PortResult<Value> {
        let p = &self.0;
        match method {
            "create_volume" => {
                let (name, size_bytes) = args_of(method, args)?;
                answer(p.create_volume(name, size_bytes))
            }
            "clone_volume" => {
                let (source, name) = args_of(method, args)?;
                answer(p.clone_volume(source, name))
            }
            "attach_volume" => {
                let (volume_id, instance_id) = args_of(method, args)?;
                answer(p.attach_volume(volume_id, instance_id))
            }
            "detach_volume" => answer(p.detach_volume(one_arg(method, args)?)),
            "delete_volume" => answer(p.delete_volume(one_arg(method, args)?)),
            "get_volume" => answer(p.get_volume(one_arg(method, args)?)),
            "list_volumes" => answer(p.list_volumes()),
            other => Err(unknown(other)),
        }
    }
}

impl BlockingJsonPortCall for Exporter {
    fn call_blocking(
        &self,
        method: &str,
        args: Value,
        _cancel: Option<&Arc<CancelToken>>,
    ) -> PortResult<Value> {
        let p = &self.0;
        match method {
            "create_export" => {
                let (name, device_path) = args_of(method, args)?;
                answer(p.create_export(name, device_path))
            }
            "remove_export" => answer(p.remove_export(one_arg(method, args)?)),
            "list_exports" => answer(p.list_exports()),
            other => Err(unknown(other)),
        }
    }
}

impl BlockingJsonPortCall for Cloud {
    fn call_blocking(
        &self,
        method: &str,
        args: Value,
        _cancel: Option<&Arc<CancelToken>>,
    ) -> PortResult<Value> {
        let p = &self.0;
        match method {
            "create_vm" => answer(p.create_vm(one_arg(method, args)?)),
            "power_on" => answer(p.power_on(one_arg(method, args)?)),
            "power_off" => answer(p.power_off(one_arg(method, args)?)),
            "delete_vm" => answer(p.delete_vm(one_arg(method, args)?)),
            "get_vm" => answer(p.get_vm(one_arg(method, args)?)),
            "find_vm_by_name" => answer(p.find_vm_by_name(one_arg(method, args)?)),
            other => Err(unknown(other)),
        }
    }
}

/// The arguments of `method` (a JSON array) as a tuple.
fn args_of<T: DeserializeOwned>(method: &str, args: Value) -> PortResult<T> {
    serde_json::from_value(args).map_err(|e| {
        migratekit_core::ports::PortError::new(format!("{method}: bad arguments: {e}"))
    })
}

/// The single argument of `method`.
fn one_arg<T: DeserializeOwned>(method: &str, args: Value) -> PortResult<T> {
    args_of::<(T,)>(method, args).map(|(a,)| a)
}

/// The host's answer as the core reads it.
fn answer<T: Serialize>(r: Result<T, PortError>) -> PortResult<Value> {
    let v = r.map_err(|e| migratekit_core::ports::PortError::new(e.details()))?;
    serde_json::to_value(v)
        .map_err(|e| migratekit_core::ports::PortError::new(format!("bad answer: {e}")))
}

fn unknown(method: &str) -> migratekit_core::ports::PortError {
    migratekit_core::ports::PortError::new(format!("{method}: no such port method"))
}
