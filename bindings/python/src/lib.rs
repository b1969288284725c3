//! The native module `migratekit._migratekit`: a thin pyo3 layer over the
//! core. Every operation goes through the core's JSON surface
//! (`json::call_op`) with the GIL released; requests and answers cross as
//! Python objects converted directly to and from JSON values (`convert`),
//! never as JSON text. The pure-Python package `migratekit` wraps it in
//! typed methods, records and exceptions. No rules live here.

mod convert;
mod errors;
mod lazy;
mod logging;
mod ports;

use convert::Path;
use migratekit_core::cancel::{self, CancelToken};
use migratekit_core::model::BulkProgress;
use migratekit_core::open::{Embedded, HostPorts, OpenOptions};
use migratekit_core::ports::{NbdExporter, TargetCloud, VolumeDaemon};
use migratekit_core::registry::Op;
use migratekit_core::{Error, json as core_json};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde_json::Value;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

/// The manager: the store and job log, the ports chosen at open, and the
/// runtime its calls run on (the core's `open::Embedded`, as the C ABI's).
#[pyclass(module = "migratekit._migratekit", frozen)]
struct Manager {
    /// `None` once closed. Calls hold their own `Arc`, so `close` never
    /// waits for one (a port may be calling back into this manager); the
    /// last holder drops the manager.
    embedded: RwLock<Option<Arc<Embedded>>>,
}

/// Runs the future `call` makes under a fresh cancel token (so that a
/// port's exception finds its call) on the manager's runtime with the GIL
/// released; an error is the exception of its code, caused by the port's
/// exception if one led to it.
///
/// The future is made here and pinned where it stands: the JSON dispatch's
/// future is ~30 KB, and moving it into `block_on` cost more than the rest
/// of the call.
fn run<T: Send, F>(py: Python<'_>, embedded: &Embedded, call: impl FnOnce() -> F) -> PyResult<T>
where
    F: std::future::Future<Output = Result<T, Error>> + Send,
{
    let token = CancelToken::new();
    let future = std::pin::pin!(cancel::scope(token.clone(), call()));
    let mut interrupted = None;
    let result = if on_main_thread() {
        py.detach(|| embedded.block_on(watch_signals(future, &token, &mut interrupted)))
    } else {
        py.detach(|| embedded.block_on(future))
    };
    if let Some(interrupt) = interrupted.or_else(|| logging::take_interrupt(&token)) {
        return Err(interrupt);
    }
    let cause = ports::take_exception(&token);
    result.map_err(|e| errors::to_pyerr(&e, cause))
}

/// The thread that imported the module: Python's main thread in every
/// program that does not import it first from another thread. Python runs
/// signal handlers (Ctrl-C's KeyboardInterrupt) only there.
static MAIN_THREAD: std::sync::OnceLock<std::thread::ThreadId> = std::sync::OnceLock::new();

fn on_main_thread() -> bool {
    MAIN_THREAD.get() == Some(&std::thread::current().id())
}

/// How often a call waiting on the main thread lets Python run its signal
/// handlers.
const SIGNAL_CHECK: std::time::Duration = std::time::Duration::from_millis(100);

/// Drives `future`, letting Python run its signal handlers every
/// [`SIGNAL_CHECK`] while it waits: Ctrl-C during a long call (a port that
/// takes minutes) cancels the call before its next step, and the call then
/// raises the KeyboardInterrupt instead of its answer.
async fn watch_signals<F: std::future::Future>(
    mut future: std::pin::Pin<&mut F>,
    token: &Arc<CancelToken>,
    interrupted: &mut Option<PyErr>,
) -> F::Output {
    loop {
        tokio::select! {
            biased;
            out = &mut future => return out,
            () = tokio::time::sleep(SIGNAL_CHECK), if interrupted.is_none() => {
                if let Err(e) = Python::attach(|py| py.check_signals()) {
                    token.cancel();
                    *interrupted = Some(e);
                }
            }
        }
    }
}

/// The operation a name names; a name that is not text (a lone surrogate,
/// not a str) is refused as any unknown operation is.
fn op_named(operation: &Bound<'_, PyAny>) -> PyResult<Op> {
    let name = operation
        .cast::<pyo3::types::PyString>()
        .ok()
        .and_then(|s| s.to_cow().ok())
        .ok_or_else(|| {
            refused(Error::validation(
                "operation",
                "an operation name is a str of migratekit.OPERATIONS",
            ))
        })?;
    Op::from_name(&name).map_err(refused)
}

fn refused(e: Error) -> PyErr {
    errors::to_pyerr(&e, None)
}

impl Manager {
    /// Runs `operation` with a Python body; the JSON answer.
    fn dispatch(
        &self,
        py: Python<'_>,
        operation: &Bound<'_, PyAny>,
        body: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Value> {
        let op = op_named(operation)?;
        let body = match body {
            Some(b) => convert::to_json(b, Path::Root("")).map_err(refused)?,
            None => Value::Object(Default::default()),
        };
        let embedded = self.embedded()?;
        if op == Op::AddToManagementBulk {
            let vms = bulk_values(body)?;
            let answer = run(py, &embedded, || {
                embedded.add_to_management_bulk_values(vms, None)
            })?;
            return serde_json::to_value(answer).map_err(|e| refused(internal(e)));
        }
        run(py, &embedded, || {
            core_json::call_op(embedded.manager(), op, &body)
        })
    }

    fn embedded(&self) -> PyResult<Arc<Embedded>> {
        self.embedded
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or_else(errors::closed)
    }
}

/// The keyword arguments of `Manager.open` other than the ports, as the JSON
/// object `OpenOptions` reads: `None` is "not given", a path-like is its path.
fn options_json(options: Option<&Bound<'_, PyDict>>) -> PyResult<Value> {
    let mut map = serde_json::Map::new();
    // A placeholder the caller replaces with the exact path (maybe not UTF-8).
    map.insert("path".into(), Value::String(String::new()));
    for (k, v) in options.into_iter().flatten() {
        if v.is_none() {
            continue;
        }
        let key: String = k.extract()?;
        let v = if v.hasattr("__fspath__")? {
            v.py().import("os")?.call_method1("fspath", (v,))?
        } else {
            v
        };
        let value = convert::to_json(&v, Path::Root(&key)).map_err(refused)?;
        map.insert(key, value);
    }
    Ok(Value::Object(map))
}

/// The option that made the whole set unreadable, as an error naming it
/// (serde names the type it expected, not the field).
fn culprit(options: &Value) -> Option<Error> {
    options.as_object()?.iter().find_map(|(key, value)| {
        let alone = serde_json::json!({ "path": "", key.as_str(): value });
        OpenOptions::from_json(alone, key).err()
    })
}

fn host_port<P: ?Sized>(
    obj: Option<Py<PyAny>>,
    field: &str,
    protocol: &str,
    methods: &[&str],
    py: Python<'_>,
    as_port: impl Fn(migratekit_core::ports::JsonPort) -> Arc<P>,
) -> PyResult<Option<Arc<P>>> {
    let Some(obj) = obj else { return Ok(None) };
    ports::check(obj.bind(py), field, protocol, methods).map_err(refused)?;
    Ok(Some(as_port(ports::port(obj))))
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
        let value = options_json(options)?;
        let mut options = OpenOptions::from_json(value.clone(), "options")
            .map_err(|e| refused(culprit(&value).unwrap_or(e)))?;
        // No path: a `database_url` (PostgreSQL) must say where the state is.
        options.path = path.unwrap_or_default();
        let host = HostPorts {
            volumes: host_port(
                volume_daemon,
                "volume_daemon",
                "VolumeDaemon",
                ports::VOLUME_DAEMON,
                py,
                |p| Arc::new(p) as Arc<dyn VolumeDaemon>,
            )?,
            exporter: host_port(
                nbd_exporter,
                "nbd_exporter",
                "NbdExporter",
                ports::NBD_EXPORTER,
                py,
                |p| Arc::new(p) as Arc<dyn NbdExporter>,
            )?,
            cloud: host_port(
                target_cloud,
                "target_cloud",
                "TargetCloud",
                ports::TARGET_CLOUD,
                py,
                |p| Arc::new(p) as Arc<dyn TargetCloud>,
            )?,
        };
        let embedded = py
            .detach(|| Embedded::open(options, host))
            .map_err(refused)?;
        Ok(Manager {
            embedded: RwLock::new(Some(Arc::new(embedded))),
        })
    }

    /// Runs `operation` with a body (dicts, lists, str, int, float, bool,
    /// None); returns the answer as the same kinds of objects.
    #[pyo3(signature = (operation, body=None))]
    fn call<'py>(
        &self,
        py: Python<'py>,
        operation: &Bound<'py, PyAny>,
        body: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let answer = self.dispatch(py, operation, body)?;
        convert::to_py(py, &answer)
    }

    /// `call` whose answer's objects are `JsonObject`s, converted only as
    /// they are read: what the typed records wrap.
    #[pyo3(signature = (operation, body=None))]
    fn call_record<'py>(
        &self,
        py: Python<'py>,
        operation: &Bound<'py, PyAny>,
        body: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let answer = self.dispatch(py, operation, body)?;
        lazy::answer(py, answer)
    }

    /// `add_to_management_bulk` over a list of VM requests, each converted
    /// on its own (one that is not JSON-shaped is an `invalid` result at its
    /// index), with `progress(done, total)` after each batch.
    #[pyo3(signature = (vms, progress=None))]
    fn add_to_management_bulk<'py>(
        &self,
        py: Python<'py>,
        vms: &Bound<'py, PyAny>,
        progress: Option<Py<PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let mut items = Vec::new();
        for (i, vm) in vms.try_iter()?.enumerate() {
            items.push(convert::to_json(&vm?, Path::Root(&format!("vms[{i}]"))));
        }
        let embedded = self.embedded()?;
        let answer = match progress {
            None => run(py, &embedded, || {
                embedded.add_to_management_bulk_values(items, None)
            })?,
            Some(progress) => bulk_with_progress(py, &embedded, items, &progress)?,
        };
        let answer = serde_json::to_value(answer).map_err(|e| refused(internal(e)))?;
        lazy::answer(py, answer)
    }

    /// Moves the manual clock (managers opened with `now=` only).
    fn advance_clock(&self, seconds: i64) -> PyResult<()> {
        let embedded = self.embedded()?;
        match &embedded.opened.clock {
            Some(c) => c.advance_seconds(seconds).map_err(refused),
            None => Err(refused(Error::validation(
                "now",
                "this manager uses the system clock; open it with now=... to move time",
            ))),
        }
    }

    /// Stops the qemu-storage-daemon this manager started (its exports go with it).
    fn shutdown_exporter(&self, py: Python<'_>) -> PyResult<()> {
        let embedded = self.embedded()?;
        match &embedded.opened.qsd {
            Some(q) => run(py, &embedded, || async {
                q.shutdown().await.map_err(|e| Error::Adapter {
                    operation: "shutdown_exporter".into(),
                    step: "quit".into(),
                    details: e.message,
                })
            }),
            None => Ok(()),
        }
    }

    /// Closes the manager: later calls raise `ClosedError`; calls in flight
    /// finish, and the last one releases the database and the runtime.
    /// Idempotent.
    fn close(&self, py: Python<'_>) {
        let taken = self
            .embedded
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        // Dropping the runtime joins its thread: not with the GIL held.
        py.detach(|| drop(taken));
    }

    /// Whether `close` was called.
    #[getter]
    fn closed(&self) -> bool {
        self.embedded
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .is_none()
    }

    /// Runs `operation` (`get_context` or `list_contexts`) `iterations`
    /// times as the typed Rust call (no JSON, no GIL, no Python objects) and
    /// returns the seconds taken: the baseline of the per-call overhead
    /// benchmark (`bench/overhead.py`).
    fn _bench_typed_calls(
        &self,
        py: Python<'_>,
        operation: &Bound<'_, PyAny>,
        body: &Bound<'_, PyAny>,
        iterations: u32,
    ) -> PyResult<f64> {
        let op = op_named(operation)?;
        let body = convert::to_json(body, Path::Root("")).map_err(refused)?;
        let embedded = self.embedded()?;
        run(py, &embedded, || {
            embedded.time_typed_calls(op, &body, iterations)
        })
        .map(|d| d.as_secs_f64())
    }

    /// The pid of the qemu-storage-daemon in use, if any.
    fn exporter_pid(&self) -> PyResult<Option<u32>> {
        Ok(self.embedded()?.opened.qsd.as_ref().and_then(|q| q.pid()))
    }
}

/// A bulk add whose `progress` runs on the calling thread, between the
/// library's batches. Called where the library reports progress — inside
/// its runtime — the callback could not call back into the manager (a
/// runtime cannot be entered twice on one thread); so the bulk add runs on
/// a thread of its own, which waits for each report to be handled before
/// its next batch. The callback's first exception is raised once the bulk
/// add has finished (later reports are not delivered): the host's own
/// error, never swallowed.
fn bulk_with_progress(
    py: Python<'_>,
    embedded: &Embedded,
    vms: Vec<Result<Value, Error>>,
    progress: &Py<PyAny>,
) -> PyResult<migratekit_core::model::BulkAddResponse> {
    use std::sync::mpsc;
    let mut raised: Option<PyErr> = None;
    let result = py.detach(|| {
        std::thread::scope(|scope| {
            let (tx, rx) = mpsc::channel::<(BulkProgress, mpsc::SyncSender<()>)>();
            let worker = scope.spawn(move || {
                let report = move |p: BulkProgress| {
                    let (ack, handled) = mpsc::sync_channel(1);
                    if tx.send((p, ack)).is_ok() {
                        let _ = handled.recv();
                    }
                };
                let future =
                    std::pin::pin!(embedded.add_to_management_bulk_values(vms, Some(&report)));
                embedded.block_on(future)
            });
            // Ends when the worker is done (its sender is dropped with it).
            for (p, ack) in rx {
                if raised.is_none() {
                    Python::attach(|py| {
                        if let Err(e) = progress.call1(py, (p.done, p.total)) {
                            raised = Some(e);
                        }
                    });
                }
                let _ = ack.send(());
            }
            worker
                .join()
                .unwrap_or_else(|_| Err(internal("the bulk add's thread panicked")))
        })
    });
    if let Some(e) = raised {
        return Err(e);
    }
    result.map_err(refused)
}

fn internal(e: impl std::fmt::Display) -> Error {
    Error::Internal {
        details: e.to_string(),
    }
}

/// The VMs of a bulk body given to `Manager.call`: `{"vms": [...]}` and
/// nothing else.
fn bulk_values(body: Value) -> PyResult<Vec<Result<Value, Error>>> {
    match body {
        Value::Object(mut map) if map.len() == 1 && map.contains_key("vms") => {
            match map.remove("vms") {
                Some(Value::Array(vms)) => Ok(vms.into_iter().map(Ok).collect()),
                _ => Err(refused(Error::validation("vms", "expected a list of VMs"))),
            }
        }
        _ => Err(refused(Error::validation("", "expected {\"vms\": [...]}"))),
    }
}

/// Every operation `Manager.call` knows: the core's operation registry.
#[pyfunction]
fn operations() -> Vec<&'static str> {
    Op::NAMES.to_vec()
}

#[pymodule]
fn _migratekit(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let _ = MAIN_THREAD.set(std::thread::current().id());
    logging::install();
    m.add_class::<Manager>()?;
    m.add_class::<lazy::JsonObject>()?;
    m.add_function(wrap_pyfunction!(operations, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
