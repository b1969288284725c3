//! Writing the job log: [`JobTracker`] opens a log job for an operation and
//! runs each step through [`JobTracker::run_step`], the one helper every
//! service uses. `tracing` events inside a step are stored with it.

mod capture;

use crate::error::{Error, Result};
use crate::model::ids;
use crate::ports::{Clock, JobLog, LogRecord, LogStatus};
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

/// One operation's entry in the job log.
pub struct JobTracker {
    log: Arc<dyn JobLog>,
    clock: Arc<dyn Clock>,
    job_id: String,
    operation: String,
    next_seq: AtomicU32,
}

impl JobTracker {
    /// Opens a log job for `operation`.
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
            parent_job_id: None,
            at,
        });
        JobTracker {
            log,
            clock,
            job_id,
            operation: operation.to_owned(),
            next_seq: AtomicU32::new(1),
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
        F: Future<Output = Result<T>>,
    {
        let seq = self.next_seq.fetch_add(1, Ordering::Relaxed);
        self.log.append(LogRecord::StepStarted {
            job_id: self.job_id.clone(),
            seq,
            name: name.to_owned(),
            at: self.clock.now(),
        });
        let sink = capture::StepSink {
            log: self.log.clone(),
            clock: self.clock.clone(),
            job_id: self.job_id.clone(),
            seq,
        };
        let result = capture::Captured::new(step, sink).await;
        let (status, error) = match &result {
            Ok(_) => (LogStatus::Completed, None),
            Err(e) => (LogStatus::Failed, Some(describe(e))),
        };
        self.log.append(LogRecord::StepFinished {
            job_id: self.job_id.clone(),
            seq,
            status,
            error,
            at: self.clock.now(),
        });
        result
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
