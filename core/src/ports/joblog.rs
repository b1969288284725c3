//! The job-log port: an audit trail of every operation and its steps.
//!
//! Writes are records handed to [`JobLog::append`], which must not block on
//! I/O: a store may buffer them and write them in batches (the SQLite job log
//! does, riding on the store's own transactions). [`JobLog::flush`] makes
//! everything appended so far durable; queries see everything appended by the
//! same process.

use crate::error::Result;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Status of a log job or a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum LogStatus {
    /// Started, not finished.
    Running,
    /// Finished successfully.
    Completed,
    /// Finished with an error.
    Failed,
    /// Not run: its effect was already in place.
    Skipped,
}

impl LogStatus {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            LogStatus::Running => "running",
            LogStatus::Completed => "completed",
            LogStatus::Failed => "failed",
            LogStatus::Skipped => "skipped",
        }
    }

    /// Parses a wire name.
    pub fn parse(s: &str) -> Option<LogStatus> {
        [
            LogStatus::Running,
            LogStatus::Completed,
            LogStatus::Failed,
            LogStatus::Skipped,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }
}

/// One write to the job log.
#[derive(Debug, Clone, PartialEq)]
pub enum LogRecord {
    /// An operation began.
    JobStarted {
        /// Log job id (`op-…`).
        job_id: String,
        /// Operation name (`add_to_management`, `test_failover`, …).
        operation: String,
        /// The context, when known at start.
        context_id: Option<String>,
        /// Correlates log jobs of one request across services.
        correlation_id: Option<String>,
        /// The log job this one runs under.
        parent_job_id: Option<String>,
        /// Start time.
        at: DateTime<Utc>,
    },
    /// A step began.
    StepStarted {
        /// Log job.
        job_id: String,
        /// 1-based order within the job.
        seq: u32,
        /// Step name (`create-context`, `power-off-test-vm`, …).
        name: String,
        /// Start time.
        at: DateTime<Utc>,
    },
    /// A step ended.
    StepFinished {
        /// Log job.
        job_id: String,
        /// The step.
        seq: u32,
        /// Completed, failed or skipped.
        status: LogStatus,
        /// The error of a failed step.
        error: Option<String>,
        /// End time.
        at: DateTime<Utc>,
    },
    /// A `tracing` event emitted inside a step.
    Event {
        /// Log job.
        job_id: String,
        /// The step it was emitted in.
        seq: u32,
        /// `INFO`, `WARN`, `ERROR`.
        level: String,
        /// The event's target (module path).
        target: String,
        /// Message followed by `key=value` fields.
        message: String,
        /// When.
        at: DateTime<Utc>,
    },
    /// The operation ended.
    JobFinished {
        /// Log job.
        job_id: String,
        /// Completed or failed.
        status: LogStatus,
        /// The context, when it became known during the job.
        context_id: Option<String>,
        /// The error of a failed job.
        error: Option<String>,
        /// End time.
        at: DateTime<Utc>,
    },
}

/// An event as read back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct LogEvent {
    /// When.
    pub at: DateTime<Utc>,
    /// Level.
    pub level: String,
    /// Target.
    pub target: String,
    /// Message and fields.
    pub message: String,
}

/// A step as read back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct LogStep {
    /// Order within the job.
    pub seq: u32,
    /// Name.
    pub name: String,
    /// Status.
    pub status: LogStatus,
    /// Error of a failed step.
    pub error: Option<String>,
    /// Start.
    pub started_at: DateTime<Utc>,
    /// End.
    pub finished_at: Option<DateTime<Utc>>,
    /// Events emitted inside the step.
    pub events: Vec<LogEvent>,
}

/// A log job as read back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct LogJob {
    /// Id.
    pub job_id: String,
    /// Operation.
    pub operation: String,
    /// Context.
    pub context_id: Option<String>,
    /// Correlation id.
    pub correlation_id: Option<String>,
    /// Parent log job.
    pub parent_job_id: Option<String>,
    /// Status.
    pub status: LogStatus,
    /// Error of a failed job.
    pub error: Option<String>,
    /// Start.
    pub started_at: DateTime<Utc>,
    /// End.
    pub finished_at: Option<DateTime<Utc>>,
    /// Steps in order (filled by [`JobLog::get_job`], empty in listings).
    pub steps: Vec<LogStep>,
}

/// Filter of [`JobLog::list_jobs`], newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct LogFilter {
    /// Only this context's log jobs.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub context_id: Option<String>,
    /// Only log jobs in this status.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub status: Option<LogStatus>,
    /// Only this operation.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub operation: Option<String>,
    /// Page size (default 100, at most 10,000).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub limit: Option<u32>,
    /// Items to skip (slow for deep pages: prefer `after`).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub offset: u64,
    /// Only log jobs after this cursor (a previous page's `next_cursor`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub after: Option<String>,
}

/// The job log.
#[async_trait]
pub trait JobLog: Send + Sync {
    /// Hands a record to the log. Never blocks on I/O; never fails (a write
    /// error surfaces from [`JobLog::flush`] or the next store write).
    fn append(&self, record: LogRecord);

    /// Makes every record appended so far durable.
    async fn flush(&self) -> Result<()>;

    /// One log job with its steps and events.
    async fn get_job(&self, job_id: &str) -> Result<Option<LogJob>>;

    /// Log jobs, newest first, without steps.
    async fn list_jobs(&self, filter: &LogFilter) -> Result<Vec<LogJob>>;

    /// Deletes log jobs that finished before `before`; returns how many.
    async fn prune(&self, before: DateTime<Utc>) -> Result<u64>;
}
