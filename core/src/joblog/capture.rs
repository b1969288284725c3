//! Persists `tracing` events emitted inside a step, with the log job and step.
//!
//! While a step's future is polled, a process-wide capturing dispatcher is the
//! thread's default. It writes INFO and above into the job log and forwards
//! every span and event to the dispatcher that was the default before (the
//! host's subscriber), so hosts see the same events they would without us.

use crate::ports::{Clock, JobLog, LogRecord};
use std::cell::RefCell;
use std::fmt::Write as _;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, LazyLock};
use std::task::{Context, Poll};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::Interest;
use tracing::{Dispatch, Event, Level, Metadata, Subscriber};

/// Where events of the step being polled go.
pub(crate) struct StepSink {
    pub(crate) log: Arc<dyn JobLog>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) job_id: String,
    pub(crate) seq: u32,
}

struct Scope {
    sink: Arc<StepSink>,
    outer: Dispatch,
}

thread_local! {
    static SCOPE: RefCell<Option<Scope>> = const { RefCell::new(None) };
}

static CAPTURE: LazyLock<Dispatch> = LazyLock::new(|| Dispatch::new(Capture));

/// A future polled with its step's events captured.
pub(crate) struct Captured<F> {
    inner: Pin<Box<F>>,
    sink: Arc<StepSink>,
}

impl<F> Captured<F> {
    pub(crate) fn new(inner: F, sink: StepSink) -> Self {
        Captured {
            inner: Box::pin(inner),
            sink: Arc::new(sink),
        }
    }
}

impl<F: Future> Future for Captured<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = &mut *self;
        // The outer dispatcher is the host's, even when steps nest.
        let outer = SCOPE.with(|s| s.borrow().as_ref().map(|s| s.outer.clone()));
        let outer = outer.unwrap_or_else(|| tracing::dispatcher::get_default(Dispatch::clone));
        let previous = SCOPE.with(|s| {
            s.borrow_mut().replace(Scope {
                sink: this.sink.clone(),
                outer,
            })
        });
        let result = tracing::dispatcher::with_default(&CAPTURE, || this.inner.as_mut().poll(cx));
        SCOPE.with(|s| *s.borrow_mut() = previous);
        result
    }
}

/// The log job whose step is being polled on this thread, if any: a log job
/// opened inside it is its child.
pub(crate) fn current_job() -> Option<String> {
    with_scope(|s| s.sink.job_id.clone())
}

fn with_scope<R>(f: impl FnOnce(&Scope) -> R) -> Option<R> {
    SCOPE.with(|s| s.borrow().as_ref().map(f))
}

fn persisted(meta: &Metadata<'_>) -> bool {
    meta.is_event() && *meta.level() <= Level::INFO
}

struct Capture;

impl Subscriber for Capture {
    fn register_callsite(&self, _: &'static Metadata<'static>) -> Interest {
        Interest::sometimes()
    }

    fn enabled(&self, meta: &Metadata<'_>) -> bool {
        with_scope(|s| persisted(meta) || s.outer.enabled(meta)).unwrap_or(false)
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        with_scope(|s| s.outer.new_span(span)).unwrap_or_else(|| Id::from_u64(u64::MAX))
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        with_scope(|s| s.outer.record(span, values));
    }

    fn record_follows_from(&self, span: &Id, follows: &Id) {
        with_scope(|s| s.outer.record_follows_from(span, follows));
    }

    fn event(&self, event: &Event<'_>) {
        with_scope(|s| {
            let meta = event.metadata();
            if persisted(meta) {
                s.sink.log.append(LogRecord::Event {
                    job_id: s.sink.job_id.clone(),
                    seq: s.sink.seq,
                    level: meta.level().to_string(),
                    target: meta.target().to_owned(),
                    message: format_event(event),
                    at: s.sink.clock.now(),
                });
            }
            if s.outer.enabled(meta) {
                s.outer.event(event);
            }
        });
    }

    fn enter(&self, span: &Id) {
        with_scope(|s| s.outer.enter(span));
    }

    fn exit(&self, span: &Id) {
        with_scope(|s| s.outer.exit(span));
    }

    fn clone_span(&self, id: &Id) -> Id {
        with_scope(|s| s.outer.clone_span(id)).unwrap_or_else(|| id.clone())
    }

    fn try_close(&self, id: Id) -> bool {
        with_scope(|s| s.outer.try_close(id.clone())).unwrap_or(false)
    }
}

/// An event's message followed by its `key=value` fields, as the job log
/// stores it (also used by the bindings' log bridges).
pub fn format_event(event: &Event<'_>) -> String {
    let mut text = MessageVisitor::default();
    event.record(&mut text);
    text.finish()
}

#[derive(Default)]
struct MessageVisitor {
    message: String,
    fields: String,
}

impl MessageVisitor {
    fn finish(self) -> String {
        match (self.message.is_empty(), self.fields.is_empty()) {
            (_, true) => self.message,
            (true, false) => self.fields,
            (false, false) => format!("{} {}", self.message, self.fields),
        }
    }
}

impl Visit for MessageVisitor {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message.push_str(value);
        } else {
            self.push_field(field, format_args!("{value}"));
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.message, "{value:?}");
        } else {
            self.push_field(field, format_args!("{value:?}"));
        }
    }
}

impl MessageVisitor {
    fn push_field(&mut self, field: &Field, value: std::fmt::Arguments<'_>) {
        if !self.fields.is_empty() {
            self.fields.push(' ');
        }
        let _ = write!(self.fields, "{}={}", field.name(), value);
    }
}
