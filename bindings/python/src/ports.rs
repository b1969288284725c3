//! Python objects as ports: the transport of the core's [`JsonPort`], which
//! packs the arguments and decodes the answers. A call runs on the core's
//! port pool and attaches to the interpreter only for the call, so the
//! runtime never holds the GIL, a port that sleeps blocks nobody else, and a
//! port may call back into the manager.
//!
//! An exception becomes a port error with the exception's type and message,
//! which the core reports as an `adapter` error naming the operation and
//! step; the exception itself is kept under the token of the manager call
//! that reached the port ([`take_exception`]), which raises the adapter error
//! with it as `__cause__`, traceback and all.

use migratekit_core::Error;
use migratekit_core::cancel::CancelToken;
use migratekit_core::ports::{BlockingJsonPortCall, JsonPort, PortError, PortResult};
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The methods of each port protocol (`migratekit.ports`).
pub const VOLUME_DAEMON: &[&str] = &[
    "create_volume",
    "clone_volume",
    "attach_volume",
    "detach_volume",
    "delete_volume",
    "get_volume",
    "list_volumes",
];
/// See [`VOLUME_DAEMON`].
pub const NBD_EXPORTER: &[&str] = &["create_export", "remove_export", "list_exports"];
/// See [`VOLUME_DAEMON`].
pub const TARGET_CLOUD: &[&str] = &[
    "create_vm",
    "power_on",
    "power_off",
    "delete_vm",
    "get_vm",
    "find_vm_by_name",
];

/// Refuses, at open, a port object that lacks methods of its protocol,
/// naming them all (instead of failing the first operation that needs one).
pub fn check(
    obj: &Bound<'_, PyAny>,
    field: &str,
    protocol: &str,
    methods: &[&str],
) -> Result<(), Error> {
    let missing: Vec<&str> = methods
        .iter()
        .copied()
        .filter(|m| !obj.getattr(*m).is_ok_and(|a| a.is_callable()))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let kind = obj
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".into());
    Err(Error::validation(
        field,
        format!(
            "{kind} is not a {protocol}: it lacks {}",
            missing.join(", ")
        ),
    ))
}

/// A Python object implementing a port protocol: its methods called by name.
struct PyTransport {
    obj: Py<PyAny>,
}

/// `obj` as a port of every kind; it implements the ones it is given for.
pub fn port(obj: Py<PyAny>) -> JsonPort {
    JsonPort::blocking(PyTransport { obj })
}

/// The exceptions ports raised, by the address of the token of the call
/// that reached them (the first per call).
static EXCEPTIONS: Mutex<Option<HashMap<usize, PyErr>>> = Mutex::new(None);

fn key(token: &Arc<CancelToken>) -> usize {
    Arc::as_ptr(token) as usize
}

fn exceptions() -> std::sync::MutexGuard<'static, Option<HashMap<usize, PyErr>>> {
    // Only inserts and removals happen under the lock: poison is harmless.
    EXCEPTIONS.lock().unwrap_or_else(|p| p.into_inner())
}

/// The exception a port raised during the call run under `token`, if any;
/// always clears it (a call that recovered from a port error leaves none).
pub fn take_exception(token: &Arc<CancelToken>) -> Option<PyErr> {
    exceptions().as_mut().and_then(|m| m.remove(&key(token)))
}

impl BlockingJsonPortCall for PyTransport {
    fn call_blocking(
        &self,
        method: &str,
        args: Value,
        token: Option<&Arc<CancelToken>>,
    ) -> PortResult<Value> {
        let answer = Python::attach(|py| {
            invoke(py, &self.obj, method, &args).map_err(|e| {
                let message = describe(py, method, &e);
                if let Some(token) = token {
                    exceptions()
                        .get_or_insert_with(HashMap::new)
                        .entry(key(token))
                        .or_insert(e);
                }
                message
            })
        })?;
        Ok(answer)
    }
}

fn describe(py: Python<'_>, method: &str, e: &PyErr) -> PortError {
    let kind = e
        .get_type(py)
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "Exception".into());
    let msg = e.value(py).str().map(|s| s.to_string()).unwrap_or_default();
    PortError::new(format!("{method} raised {kind}: {msg}"))
}

fn invoke(py: Python<'_>, obj: &Py<PyAny>, method: &str, args: &Value) -> PyResult<Value> {
    let args = args
        .as_array()
        .into_iter()
        .flatten()
        .map(|a| crate::convert::to_py(py, a))
        .collect::<PyResult<Vec<_>>>()?;
    let args = PyTuple::new(py, args)?;
    let result = obj.bind(py).call_method1(method, args)?;
    crate::convert::to_json(&result, crate::convert::Path::Root(method)).map_err(|e| {
        pyo3::exceptions::PyTypeError::new_err(format!(
            "{method} returned a value that is not JSON-shaped: {}",
            e.details()
        ))
    })
}
