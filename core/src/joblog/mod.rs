//! Writing the job log: [`JobTracker`] opens a log job for an operation and
//! runs each step through [`JobTracker::run_step`], the one helper every
//! service uses. `tracing` events inside a step are stored with it.

mod capture;

pub use capture::format_event;

use crate::error::{Error, Result};
use crate::model::ids;
use crate::ports::{Clock, JobLog, LogRecord, LogStatus, PortError};
use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

/// What a step can fail with: a library error, or a port's error, which
/// [`JobTracker::run_step`] turns into an `adapter` error naming the
/// operation and the step.
#[derive(Debug)]
pub enum StepError {
    /// A library error, passed on as is.
    Core(Error),
    /// A port failed.
    Port(PortError),
}

impl From<Error> for StepError {
    fn from(e: Error) -> Self {
        StepError::Core(e)
    }
}

impl From<PortError> for StepError {
    fn from(e: PortError) -> Self {
        StepError::Port(e)
    }
}

/// How a step ended when it succeeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// It changed something.
    Done,
    /// Its effect was already in place (a resumed run): logged as `skipped`.
    AlreadyDone,
}

impl Effect {
    /// `Done` when `changes > 0`.
    pub fn from_changes(changes: usize) -> Effect {
        if changes > 0 {
            Effect::Done
        } else {
            Effect::AlreadyDone
        }
    }
}

/// One operation's entry in the job log.
pub struct JobTracker {
    log: Arc<dyn JobLog>,
    clock: Arc<dyn Clock>,
    job_id: String,
    operation: String,
    next_seq: AtomicU32,
    skipped: Mutex<Vec<String>>,
}

impl JobTracker {
    /// Opens a log job for `operation`. Opened inside another log job's step
    /// (a schedule run starting a job, say), it records that job as its parent.
    pub fn start(
        log: Arc<dyn JobLog>,
        clock: Arc<dyn Clock>,
        operation: &str,
        context_id: Option<&str>,
    ) -> Self {
        let at = clock.now();
        let job_id = ids::log_job_id(at);
        log.append(LogRecord::JobStarted {
            job_id: job_id.clone(),
            operation: operation.to_owned(),
            context_id: context_id.map(str::to_owned),
            correlation_id: None,
            parent_job_id: capture::current_job(),
            at,
        });
        JobTracker {
            log,
            clock,
            job_id,
            operation: operation.to_owned(),
            next_seq: AtomicU32::new(1),
            skipped: Mutex::new(Vec::new()),
        }
    }

    /// The log job id.
    pub fn job_id(&self) -> &str {
        &self.job_id
    }

    /// The operation name.
    pub fn operation(&self) -> &str {
        &self.operation
    }

    /// Runs one step: records its start, captures the `tracing` events it
    /// emits, and records how it ended (the error's details on failure).
    pub async fn run_step<T, F>(&self, name: &str, step: F) -> Result<T>
    where
        F: Future<Output = Result<T, StepError>>,
    {
        self.run(name, async { step.await.map(|v| (v, Effect::Done)) })
            .await
    }

    /// Runs an idempotent step that reports whether it changed anything; one
    /// that found its effect in place is logged as `skipped`.
    pub async fn run_ensure<F>(&self, name: &str, step: F) -> Result<()>
    where
        F: Future<Output = Result<Effect, StepError>>,
    {
        self.run(name, async { step.await.map(|e| ((), e)) }).await
    }

    async fn run<T, F>(&self, name: &str, step: F) -> Result<T>
    where
        F: Future<Output = Result<(T, Effect), StepError>>,
    {
        let seq = self.next_seq.fetch_add(1, Ordering::Relaxed);
        self.log.append(LogRecord::StepStarted {
            job_id: self.job_id.clone(),
            seq,
            name: name.to_owned(),
            at: self.clock.now(),
        });
        #[cfg(feature = "crash-points")]
        crate::testkit::crash::point(&self.operation, name, crate::testkit::crash::Phase::Before);
        let sink = capture::StepSink {
            log: self.log.clone(),
            clock: self.clock.clone(),
            job_id: self.job_id.clone(),
            seq,
        };
        let result = capture::Captured::new(step, sink)
            .await
            .map_err(|e| self.error_at(name, e));
        #[cfg(feature = "crash-points")]
        crate::testkit::crash::point(&self.operation, name, crate::testkit::crash::Phase::After);
        let (status, error) = match &result {
            Ok((_, Effect::Done)) => (LogStatus::Completed, None),
            Ok((_, Effect::AlreadyDone)) => {
                self.skipped
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(name.to_owned());
                (LogStatus::Skipped, Some("already in place".to_owned()))
            }
            Err(e) => (LogStatus::Failed, Some(describe(e))),
        };
        self.log.append(LogRecord::StepFinished {
            job_id: self.job_id.clone(),
            seq,
            status,
            error,
            at: self.clock.now(),
        });
        result.map(|(v, _)| v)
    }

    /// A step's error as the caller sees it: a port's error becomes an
    /// `adapter` error naming this operation and `step`.
    pub fn error_at(&self, step: &str, e: StepError) -> Error {
        match e {
            StepError::Core(e) => e,
            StepError::Port(p) => Error::Adapter {
                operation: self.operation.clone(),
                step: step.to_owned(),
                details: p.message,
            },
        }
    }

    /// The steps so far that found their effect already in place.
    pub fn skipped_steps(&self) -> Vec<String> {
        self.skipped
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Records a step that did not need to run.
    pub fn skip_step(&self, name: &str, why: &str) {
        let seq = self.next_seq.fetch_add(1, Ordering::Relaxed);
        let at = self.clock.now();
        self.log.append(LogRecord::StepStarted {
            job_id: self.job_id.clone(),
            seq,
            name: name.to_owned(),
            at,
        });
        self.log.append(LogRecord::StepFinished {
            job_id: self.job_id.clone(),
            seq,
            status: LogStatus::Skipped,
            error: Some(why.to_owned()),
            at,
        });
    }

    /// Closes the log job with the operation's result, and passes it on.
    pub fn finish<T>(self, context_id: Option<&str>, result: Result<T>) -> Result<T> {
        let (status, error) = match &result {
            Ok(_) => (LogStatus::Completed, None),
            Err(e) => (LogStatus::Failed, Some(describe(e))),
        };
        self.log.append(LogRecord::JobFinished {
            job_id: self.job_id,
            status,
            context_id: context_id.map(str::to_owned),
            error,
            at: self.clock.now(),
        });
        result
    }
}

fn describe(e: &Error) -> String {
    format!("{}: {} ({})", e.code().as_str(), e, e.details())
}
