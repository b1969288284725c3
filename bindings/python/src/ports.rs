//! Python objects as ports: the transport of the core's [`JsonPort`], which
//! packs the arguments and decodes the answers. A call runs on the core's
//! port pool and attaches to the interpreter only for the call, so the
//! runtime never holds the GIL, a port that sleeps blocks nobody else, and a
//! port may call back into the manager. An exception becomes a port error
//! with the exception's type and message, which the core reports as an
//! `adapter` error naming the operation and step.

use migratekit_core::ports::{BlockingJsonPortCall, JsonPort, PortError, PortResult};
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use serde_json::Value;

/// A Python object implementing a port protocol: its methods called by name.
struct PyTransport {
    obj: Py<PyAny>,
}

/// `obj` as a port of every kind; it implements the ones it is given for.
pub fn port(obj: Py<PyAny>) -> JsonPort {
    JsonPort::blocking(PyTransport { obj })
}

impl BlockingJsonPortCall for PyTransport {
    fn call_blocking(&self, method: &str, args: Value) -> PortResult<Value> {
        let text = Python::attach(|py| invoke(py, &self.obj, method, &args))?;
        JsonPort::parse_answer(method, &text)
    }
}

fn invoke(py: Python<'_>, obj: &Py<PyAny>, method: &str, args: &Value) -> PortResult<String> {
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
        .as_array()
        .into_iter()
        .flatten()
        .map(|a| crate::json::to_py(py, a))
        .collect::<PyResult<Vec<_>>>()
        .map_err(describe)?;
    let args = PyTuple::new(py, args).map_err(describe)?;
    let result = obj.bind(py).call_method1(method, args).map_err(describe)?;
    crate::json::to_json(&result).map_err(describe)
}
