//! The core's `tracing` events, forwarded to Python's `logging`.
//!
//! Each area of the core logs to its own logger under `migratekit`
//! (`migratekit.failover`, `migratekit.replication`, `migratekit.store`,
//! `migratekit.qsd`, …), and each record carries, as attributes,
//! `context_id`, `job_id` (the operation's log job, what `Manager.log_job`
//! reads) and `step` — from the step running when the event was emitted,
//! else from the event's own fields — and `fields`, every field of the event.
//! Spans are not forwarded; events at DEBUG and TRACE are dropped before they
//! reach Python.

use migratekit_core::cancel::{self, CancelToken};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

struct PythonLogging {
    next_span: AtomicU64,
}

fn py_level(level: &Level) -> u8 {
    match *level {
        Level::ERROR => 40,
        Level::WARN => 30,
        Level::INFO => 20,
        Level::DEBUG => 10,
        Level::TRACE => 5,
    }
}

/// The logger of the area a module path belongs to:
/// `migratekit_core::services::failover` → `migratekit.failover`,
/// `migratekit_core::sqlite::…` → `migratekit.store`,
/// `migratekit_core::adapters::local_volumes::…` → `migratekit.volumes`.
pub fn logger_name(target: &str) -> String {
    let mut parts = target.split("::").skip(1);
    let area = match (parts.next(), parts.next()) {
        (Some("services" | "adapters"), Some(module)) => module,
        (Some(first), _) => first,
        (None, _) => "",
    };
    let area = match area {
        "sqlite" => "store",
        "local_volumes" => "volumes",
        "operation" => "operations",
        other => other,
    };
    if area.is_empty() {
        "migratekit".into()
    } else {
        format!("migratekit.{area}")
    }
}

/// An event's fields, as text.
#[derive(Default)]
struct Fields(BTreeMap<&'static str, String>);

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name(), value.to_owned());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name(), format!("{value:?}"));
    }
}

fn logger<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    static GET_LOGGER: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    GET_LOGGER
        .import(py, "logging", "getLogger")?
        .call1((name,))
}

impl Subscriber for PythonLogging {
    fn enabled(&self, meta: &Metadata<'_>) -> bool {
        *meta.level() <= Level::INFO
    }

    fn max_level_hint(&self) -> Option<tracing_core::LevelFilter> {
        Some(tracing_core::LevelFilter::INFO)
    }

    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(self.next_span.fetch_add(1, Ordering::Relaxed))
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let meta = event.metadata();
        let level = py_level(meta.level());
        let name = logger_name(meta.target());
        let running = cancel::current().and_then(|t| t.running_step());
        Python::attach(|py| {
            let logged = (|| -> PyResult<()> {
                let logger = logger(py, &name)?;
                if !logger.call_method1("isEnabledFor", (level,))?.is_truthy()? {
                    return Ok(());
                }
                let mut fields = Fields::default();
                event.record(&mut fields);
                let message = migratekit_core::joblog::format_event(event);
                let extra = PyDict::new(py);
                let from_field = |k: &str| fields.0.get(k).cloned();
                let (context_id, job_id, step) = match &running {
                    Some(s) => (
                        Some(s.context_id.clone()),
                        Some(s.job_id.clone()),
                        Some(s.step.clone()),
                    ),
                    None => (from_field("context_id"), None, None),
                };
                extra.set_item("context_id", context_id)?;
                extra.set_item("job_id", job_id)?;
                extra.set_item("step", step)?;
                let all = PyDict::new(py);
                for (k, v) in fields.0.iter().filter(|(k, _)| **k != "message") {
                    all.set_item(*k, v)?;
                }
                extra.set_item("fields", all)?;
                let kwargs = PyDict::new(py);
                kwargs.set_item("extra", extra)?;
                logger.call_method("log", (level, "%s", message), Some(&kwargs))?;
                Ok(())
            })();
            if let Err(e) = logged {
                if e.is_instance_of::<pyo3::exceptions::PyKeyboardInterrupt>(py) {
                    // Ctrl-C arrived while the calling thread waited in the
                    // library, and Python raised it in this handler, the
                    // first Python code to run there: it belongs to the
                    // call. Stop the call before its next step and raise
                    // it from the call, instead of printing it here.
                    match cancel::current() {
                        Some(token) => keep_interrupt(&token, e),
                        None => e.restore(py),
                    }
                    return;
                }
                e.write_unraisable(py, None);
            }
        });
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

/// The KeyboardInterrupts raised while calls logged, by the address of the
/// call's token. `PENDING` keeps the common call (none) off the lock.
static INTERRUPTS: Mutex<Vec<(usize, PyErr)>> = Mutex::new(Vec::new());
static PENDING: AtomicUsize = AtomicUsize::new(0);

fn keep_interrupt(token: &Arc<CancelToken>, e: PyErr) {
    token.cancel();
    let mut all = INTERRUPTS.lock().unwrap_or_else(|p| p.into_inner());
    let key = Arc::as_ptr(token) as usize;
    if !all.iter().any(|(k, _)| *k == key) {
        all.push((key, e));
        PENDING.fetch_add(1, Ordering::AcqRel);
    }
}

/// The KeyboardInterrupt raised while the call run under `token` logged,
/// if any (always cleared).
pub fn take_interrupt(token: &Arc<CancelToken>) -> Option<PyErr> {
    if PENDING.load(Ordering::Acquire) == 0 {
        return None;
    }
    let mut all = INTERRUPTS.lock().unwrap_or_else(|p| p.into_inner());
    let key = Arc::as_ptr(token) as usize;
    let at = all.iter().position(|(k, _)| *k == key)?;
    PENDING.fetch_sub(1, Ordering::AcqRel);
    Some(all.swap_remove(at).1)
}

/// Installs the bridge as the process's default `tracing` subscriber (once).
pub fn install() {
    let _ = tracing::subscriber::set_global_default(PythonLogging {
        next_span: AtomicU64::new(1),
    });
}
