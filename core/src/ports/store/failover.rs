//! Failover jobs: what a test failover, a live failover or their undo
//! touched, so a failed or crashed one can be resumed or undone.

use crate::error::Result;
use crate::model::{FailoverJob, FailoverKind};
use async_trait::async_trait;

/// Persistence of failover jobs; at most one open per context and kind.
#[async_trait]
pub trait FailoverStore: Send + Sync {
    /// Records (or updates) a failover job.
    async fn upsert_failover_job(&self, job: &FailoverJob) -> Result<()>;

    /// A context's failover jobs, newest first.
    async fn failover_jobs(&self, context_id: &str) -> Result<Vec<FailoverJob>>;

    /// A context's open (in progress or active) failover job of `kind`;
    /// the store keeps at most one open per context.
    async fn open_failover_job(
        &self,
        context_id: &str,
        kind: FailoverKind,
    ) -> Result<Option<FailoverJob>>;

    /// One failover job.
    async fn get_failover_job(&self, failover_job_id: &str) -> Result<Option<FailoverJob>>;
}
