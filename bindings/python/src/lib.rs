//! The native module `migratekit._migratekit`: a thin pyo3 layer over the
//! core `Manager`. Every operation goes through the core's JSON surface with
//! the GIL released; the pure-Python package `migratekit` wraps it in typed
//! methods and results. No rules live here.

mod errors;
mod json;
mod logging;
mod ports;

use migratekit_core::model::BulkProgress;
use migratekit_core::open::{Embedded, HostPorts, OpenOptions};
use migratekit_core::ports::{NbdExporter, TargetCloud, VolumeDaemon};
use migratekit_core::{Error, json as core_json};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn port_error(e: migratekit_core::ports::PortError, what: &str) -> PyErr {
    errors::to_pyerr(&Error::Adapter {
        operation: "open".into(),
        step: what.into(),
        details: e.message,
    })
}

/// The manager: SQLite store and job log, the ports chosen at open, and the
/// runtime its calls run on (the core's `open::Embedded`, as the C ABI's).
#[pyclass(module = "migratekit._migratekit", frozen)]
struct Manager {
    embedded: Embedded,
}

impl Manager {
    /// The one way core calls run: on the manager's runtime, GIL released.
    fn block<F>(&self, py: Python<'_>, f: F) -> F::Output
    where
        F: std::future::Future + Send,
        F::Output: Send,
    {
        py.detach(|| self.embedded.block_on(f))
    }

    fn inner(&self) -> &migratekit_core::Manager {
        self.embedded.manager()
    }
}

/// The keyword arguments of `Manager.open` other than the ports, as the JSON
/// object `OpenOptions` reads: `None` is "not given", a path-like is its path.
fn options_json(path: Option<&Path>, options: Option<&Bound<'_, PyDict>>) -> PyResult<Value> {
    let mut map = serde_json::Map::new();
    // A placeholder the caller replaces with the exact path (maybe not UTF-8).
    if let Some(path) = path {
        map.insert("path".into(), Value::String(path.to_string_lossy().into()));
    }
    for (k, v) in options.into_iter().flatten() {
        if v.is_none() {
            continue;
        }
        let v = if v.hasattr("__fspath__")? {
            v.py().import("os")?.call_method1("fspath", (v,))?
        } else {
            v
        };
        let text = json::to_json(&v)?;
        let v = serde_json::from_str(&text)
            .map_err(|e| errors::to_pyerr(&Error::validation("options", e.to_string())))?;
        map.insert(k.extract()?, v);
    }
    Ok(Value::Object(map))
}

#[pymethods]
impl Manager {
    #[new]
    #[pyo3(signature = (path=None, *, volume_daemon=None, nbd_exporter=None, target_cloud=None,
                        **options))]
    fn new(
        py: Python<'_>,
        path: Option<PathBuf>,
        volume_daemon: Option<Py<PyAny>>,
        nbd_exporter: Option<Py<PyAny>>,
        target_cloud: Option<Py<PyAny>>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Manager> {
        let value = options_json(path.as_deref(), options)?;
        let mut options =
            OpenOptions::from_json(value, "options").map_err(|e| errors::to_pyerr(&e))?;
        options.path = path.unwrap_or_default();
        let host = HostPorts {
            volumes: volume_daemon.map(|o| Arc::new(ports::port(o)) as Arc<dyn VolumeDaemon>),
            exporter: nbd_exporter.map(|o| Arc::new(ports::port(o)) as Arc<dyn NbdExporter>),
            cloud: target_cloud.map(|o| Arc::new(ports::port(o)) as Arc<dyn TargetCloud>),
        };
        let embedded = py
            .detach(|| Embedded::open(options, host))
            .map_err(|e| errors::to_pyerr(&e))?;
        Ok(Manager { embedded })
    }

    /// Runs `operation` with a JSON body; returns the JSON answer.
    fn call(&self, py: Python<'_>, operation: &str, body: &str) -> PyResult<String> {
        self.block(py, core_json::call_str(self.inner(), operation, body))
            .map_err(|e| errors::to_pyerr(&e))
    }

    /// `add_to_management_bulk` with `progress(done, total)` after each batch.
    #[pyo3(signature = (body, progress=None))]
    fn add_to_management_bulk(
        &self,
        py: Python<'_>,
        body: &str,
        progress: Option<Py<PyAny>>,
    ) -> PyResult<String> {
        let vms = serde_json::from_str::<serde_json::Value>(body)
            .map_err(|e| Error::validation("", e.to_string()))
            .and_then(|v| core_json::parse_bulk(&v))
            .map_err(|e| errors::to_pyerr(&e))?;
        let report = |p: BulkProgress| {
            if let Some(cb) = &progress {
                Python::attach(|py| {
                    if let Err(e) = cb.call1(py, (p.done, p.total)) {
                        e.print(py);
                    }
                });
            }
        };
        let answer = self
            .block(py, self.inner().add_to_management_bulk(vms, Some(&report)))
            .map_err(|e| errors::to_pyerr(&e))?;
        serde_json::to_string(&answer).map_err(|e| {
            errors::to_pyerr(&Error::Internal {
                details: e.to_string(),
            })
        })
    }

    /// Moves the manual clock (managers opened with `now=` only).
    fn advance_clock(&self, seconds: i64) -> PyResult<()> {
        match &self.embedded.opened.clock {
            Some(c) => c.advance_seconds(seconds).map_err(|e| errors::to_pyerr(&e)),
            None => Err(errors::to_pyerr(&Error::validation(
                "now",
                "this manager uses the system clock; open it with now=... to move time",
            ))),
        }
    }

    /// Stops the qemu-storage-daemon this manager started (its exports go with it).
    fn shutdown_exporter(&self, py: Python<'_>) -> PyResult<()> {
        match &self.embedded.opened.qsd {
            Some(q) => self
                .block(py, q.shutdown())
                .map_err(|e| port_error(e, "shutdown")),
            None => Ok(()),
        }
    }

    /// Runs `operation` `iterations` times in Rust (JSON surface, no GIL, no
    /// Python objects) and returns the seconds taken: the baseline of the
    /// per-call overhead benchmark (`bench/overhead.py`).
    fn _bench_call(
        &self,
        py: Python<'_>,
        operation: &str,
        body: &str,
        iterations: u32,
    ) -> PyResult<f64> {
        self.block(py, async {
            let start = std::time::Instant::now();
            for _ in 0..iterations {
                core_json::call_str(self.inner(), operation, body).await?;
            }
            Ok(start.elapsed().as_secs_f64())
        })
        .map_err(|e: Error| errors::to_pyerr(&e))
    }

    /// The pid of the qemu-storage-daemon in use, if any.
    fn exporter_pid(&self) -> Option<u32> {
        self.embedded.opened.qsd.as_ref().and_then(|q| q.pid())
    }
}

/// Every operation `Manager.call` knows: the core's operation registry.
#[pyfunction]
fn operations() -> Vec<&'static str> {
    migratekit_core::registry::Op::NAMES.to_vec()
}

#[pymodule]
fn _migratekit(m: &Bound<'_, PyModule>) -> PyResult<()> {
    logging::install();
    m.add_class::<Manager>()?;
    m.add_function(wrap_pyfunction!(operations, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    errors::register(m)
}
