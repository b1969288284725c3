//! The native module `migratekit._migratekit`: a thin pyo3 layer over the
//! core `Manager`. Every operation goes through the core's JSON surface with
//! the GIL released; the pure-Python package `migratekit` wraps it in typed
//! methods and results. No rules live here.

mod errors;
mod json;
mod logging;
mod ports;

use chrono::{DateTime, Utc};
use migratekit_core::adapters::QsdExporter;
use migratekit_core::model::BulkProgress;
use migratekit_core::open::{self, HostPorts, OpenOptions};
use migratekit_core::ports::{ManualClock, NbdExporter, TargetCloud, VolumeDaemon};
use migratekit_core::{Error, json as core_json};
use pyo3::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;

fn port_error(e: migratekit_core::ports::PortError, what: &str) -> PyErr {
    errors::to_pyerr(&Error::Adapter {
        operation: "open".into(),
        step: what.into(),
        details: e.message,
    })
}

/// The manager: SQLite store and job log, and the ports chosen at open.
#[pyclass(module = "migratekit._migratekit", frozen)]
struct Manager {
    inner: migratekit_core::Manager,
    rt: tokio::runtime::Runtime,
    clock: Option<Arc<ManualClock>>,
    qsd: Option<Arc<QsdExporter>>,
}

impl Manager {
    /// The one way core calls run: on the manager's runtime, GIL released.
    fn block<F>(&self, py: Python<'_>, f: F) -> F::Output
    where
        F: std::future::Future + Send,
        F::Output: Send,
    {
        py.detach(|| self.rt.block_on(f))
    }
}

#[pymethods]
impl Manager {
    #[new]
    #[pyo3(signature = (path, *, volume_daemon=None, nbd_exporter=None, target_cloud=None,
                        volumes_dir=None, qsd_dir=None, nbd_port=None, fakes=false, now=None,
                        appliance_id=None, operation_lease_seconds=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        path: PathBuf,
        volume_daemon: Option<Py<PyAny>>,
        nbd_exporter: Option<Py<PyAny>>,
        target_cloud: Option<Py<PyAny>>,
        volumes_dir: Option<PathBuf>,
        qsd_dir: Option<PathBuf>,
        nbd_port: Option<u16>,
        fakes: bool,
        now: Option<&str>,
        appliance_id: Option<String>,
        operation_lease_seconds: Option<f64>,
    ) -> PyResult<Manager> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("migratekit-rt")
            .enable_all()
            .build()
            .map_err(|e| {
                errors::to_pyerr(&Error::Internal {
                    details: e.to_string(),
                })
            })?;
        let now = now
            .map(|t| {
                t.parse::<DateTime<Utc>>().map_err(|e| {
                    errors::to_pyerr(&Error::validation(
                        "now",
                        format!("not an RFC 3339 time: {e}"),
                    ))
                })
            })
            .transpose()?;
        let options = OpenOptions {
            path,
            volumes_dir,
            qsd_dir,
            nbd_port,
            fakes,
            now,
            appliance_id,
            operation_lease_seconds,
        };
        let port = |obj: Option<Py<PyAny>>| obj.map(ports::PyPort::new);
        let host = HostPorts {
            volumes: port(volume_daemon).map(|p| Arc::new(p) as Arc<dyn VolumeDaemon>),
            exporter: port(nbd_exporter).map(|p| Arc::new(p) as Arc<dyn NbdExporter>),
            cloud: port(target_cloud).map(|p| Arc::new(p) as Arc<dyn TargetCloud>),
        };
        let opened = py
            .detach(|| rt.block_on(open::open(options, host)))
            .map_err(|e| errors::to_pyerr(&e))?;
        Ok(Manager {
            inner: opened.manager,
            rt,
            clock: opened.clock,
            qsd: opened.qsd,
        })
    }

    /// Runs `operation` with a JSON body; returns the JSON answer.
    fn call(&self, py: Python<'_>, operation: &str, body: &str) -> PyResult<String> {
        self.block(py, core_json::call_str(&self.inner, operation, body))
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
            .block(py, self.inner.add_to_management_bulk(vms, Some(&report)))
            .map_err(|e| errors::to_pyerr(&e))?;
        serde_json::to_string(&answer).map_err(|e| {
            errors::to_pyerr(&Error::Internal {
                details: e.to_string(),
            })
        })
    }

    /// Moves the manual clock (managers opened with `now=` only).
    fn advance_clock(&self, seconds: i64) -> PyResult<()> {
        match &self.clock {
            Some(c) => c.advance_seconds(seconds).map_err(|e| errors::to_pyerr(&e)),
            None => Err(errors::to_pyerr(&Error::validation(
                "now",
                "this manager uses the system clock; open it with now=... to move time",
            ))),
        }
    }

    /// Stops the qemu-storage-daemon this manager started (its exports go with it).
    fn shutdown_exporter(&self, py: Python<'_>) -> PyResult<()> {
        match &self.qsd {
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
                core_json::call_str(&self.inner, operation, body).await?;
            }
            Ok(start.elapsed().as_secs_f64())
        })
        .map_err(|e: Error| errors::to_pyerr(&e))
    }

    /// The pid of the qemu-storage-daemon in use, if any.
    fn exporter_pid(&self) -> Option<u32> {
        self.qsd.as_ref().and_then(|q| q.pid())
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
