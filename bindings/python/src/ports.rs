//! Python objects as ports. Each call runs on its own short-lived thread that
//! attaches to the interpreter only for the call, so the runtime never holds
//! the GIL, a port that sleeps blocks nobody else, and a port may call back
//! into the manager. An exception becomes a port error with the exception's
//! type and message, which the core reports as an `adapter` error naming the
//! operation and step.

use migratekit_core::ports::{
    NbdExport, NbdExporter, PortError, PortResult, TargetCloud, TargetVm, VmSpec, Volume,
    VolumeDaemon,
};
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::sync::Arc;

/// A Python object implementing a port protocol.
#[derive(Clone)]
pub struct PyPort {
    obj: Arc<Py<PyAny>>,
}

impl PyPort {
    /// Wraps `obj`.
    pub fn new(obj: Py<PyAny>) -> Self {
        PyPort { obj: Arc::new(obj) }
    }

    async fn call<T: DeserializeOwned + Send + 'static>(
        &self,
        method: &'static str,
        args: Vec<Value>,
    ) -> PortResult<T> {
        let obj = self.obj.clone();
        let (tx, rx) = tokio::sync::oneshot::channel();
        std::thread::Builder::new()
            .name(format!("migratekit-py-{method}"))
            .spawn(move || {
                let result = Python::attach(|py| invoke(py, &obj, method, &args));
                let _ = tx.send(result);
            })
            .map_err(|e| PortError::new(format!("cannot start a port thread: {e}")))?;
        let text = rx
            .await
            .map_err(|_| PortError::new(format!("{method}: the port thread died")))??;
        serde_json::from_str(&text)
            .map_err(|e| PortError::new(format!("{method} returned an unexpected value: {e}")))
    }
}

fn invoke(py: Python<'_>, obj: &Py<PyAny>, method: &str, args: &[Value]) -> PortResult<String> {
    let describe = |e: PyErr| {
        let kind = e
            .get_type(py)
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "Exception".into());
        let msg = e.value(py).str().map(|s| s.to_string()).unwrap_or_default();
        PortError::new(format!("{method} raised {kind}: {msg}"))
    };
    let args = args
        .iter()
        .map(|a| crate::json::to_py(py, a))
        .collect::<PyResult<Vec<_>>>()
        .map_err(describe)?;
    let args = PyTuple::new(py, args).map_err(describe)?;
    let result = obj.bind(py).call_method1(method, args).map_err(describe)?;
    crate::json::to_json(&result).map_err(describe)
}

#[async_trait::async_trait]
impl VolumeDaemon for PyPort {
    async fn create_volume(&self, name: &str, size_bytes: u64) -> PortResult<Volume> {
        self.call("create_volume", vec![json!(name), json!(size_bytes)])
            .await
    }
    async fn attach_volume(&self, volume_id: &str, instance_id: &str) -> PortResult<String> {
        self.call("attach_volume", vec![json!(volume_id), json!(instance_id)])
            .await
    }
    async fn detach_volume(&self, volume_id: &str) -> PortResult<()> {
        self.call::<Value>("detach_volume", vec![json!(volume_id)])
            .await
            .map(drop)
    }
    async fn delete_volume(&self, volume_id: &str) -> PortResult<()> {
        self.call::<Value>("delete_volume", vec![json!(volume_id)])
            .await
            .map(drop)
    }
    async fn get_volume(&self, volume_id: &str) -> PortResult<Option<Volume>> {
        self.call("get_volume", vec![json!(volume_id)]).await
    }
    async fn clone_volume(&self, source_volume_id: &str, name: &str) -> PortResult<Volume> {
        self.call("clone_volume", vec![json!(source_volume_id), json!(name)])
            .await
    }

    async fn list_volumes(&self) -> PortResult<Vec<Volume>> {
        self.call("list_volumes", vec![]).await
    }
}

#[async_trait::async_trait]
impl NbdExporter for PyPort {
    async fn create_export(&self, name: &str, device_path: &str) -> PortResult<NbdExport> {
        self.call("create_export", vec![json!(name), json!(device_path)])
            .await
    }
    async fn remove_export(&self, name: &str) -> PortResult<()> {
        self.call::<Value>("remove_export", vec![json!(name)])
            .await
            .map(drop)
    }
    async fn list_exports(&self) -> PortResult<Vec<NbdExport>> {
        self.call("list_exports", vec![]).await
    }
}

#[async_trait::async_trait]
impl TargetCloud for PyPort {
    async fn create_vm(&self, spec: &VmSpec) -> PortResult<TargetVm> {
        let spec = serde_json::to_value(spec).map_err(|e| PortError::new(e.to_string()))?;
        self.call("create_vm", vec![spec]).await
    }
    async fn power_on(&self, vm_id: &str) -> PortResult<()> {
        self.call::<Value>("power_on", vec![json!(vm_id)])
            .await
            .map(drop)
    }
    async fn power_off(&self, vm_id: &str) -> PortResult<()> {
        self.call::<Value>("power_off", vec![json!(vm_id)])
            .await
            .map(drop)
    }
    async fn delete_vm(&self, vm_id: &str) -> PortResult<()> {
        self.call::<Value>("delete_vm", vec![json!(vm_id)])
            .await
            .map(drop)
    }
    async fn get_vm(&self, vm_id: &str) -> PortResult<Option<TargetVm>> {
        self.call("get_vm", vec![json!(vm_id)]).await
    }
    async fn find_vm_by_name(&self, name: &str) -> PortResult<Option<TargetVm>> {
        self.call("find_vm_by_name", vec![json!(name)]).await
    }
}
