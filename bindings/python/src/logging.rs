//! The core's `tracing` events, forwarded to Python's `logging` (logger
//! `migratekit`). Spans are not forwarded; events at DEBUG and TRACE are
//! dropped before they reach Python.

use pyo3::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};
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
        let message = migratekit_core::joblog::format_event(event);
        let level = py_level(meta.level());
        let target = meta.target();
        Python::attach(|py| {
            let logged = py
                .import("logging")
                .and_then(|l| l.call_method1("getLogger", ("migratekit",)))
                .and_then(|logger| {
                    logger.call_method1("log", (level, "%s: %s", target, message.as_str()))
                });
            if let Err(e) = logged {
                e.print(py);
            }
        });
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

/// Installs the bridge as the process's default `tracing` subscriber (once).
pub fn install() {
    let _ = tracing::subscriber::set_global_default(PythonLogging {
        next_span: AtomicU64::new(1),
    });
}
