//! Operation locks: a context is held by at most one operation at a time,
//! under a lease; a run whose lease ran out is resumed by the next run of the
//! same operation.

use crate::error::Result;
use crate::model::{ReplicationContext, ReplicationJob, Status};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// An operation lock to take together with another write (a job start takes
/// `start_replication` while it provisions the job's volumes).
#[derive(Debug, Clone)]
pub struct LockRequest {
    /// The operation holding it.
    pub operation: String,
    /// Its owner: the operation's log job id.
    pub owner: String,
    /// When the lease runs out unless renewed.
    pub lease_until: DateTime<Utc>,
}

/// How a lock was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Acquisition {
    /// The context was unlocked; `updated_at` before the lock, so a refusal
    /// can put the context back exactly as it was.
    Fresh {
        /// The context's `updated_at` before the lock was taken.
        previous_updated_at: DateTime<Utc>,
    },
    /// Taken over from an earlier run of the same operation whose lease
    /// ran out: that run's effects are this one's to finish.
    Resumed,
}

/// Result of taking a context's operation lock.
#[derive(Debug, Clone)]
pub enum AcquireOperation {
    /// The lock is ours (fresh, or taken over from an expired run of the same
    /// operation); the context as it is now.
    Acquired(Box<ReplicationContext>, Acquisition),
    /// Another operation holds it, a job is active, or the status is not the
    /// expected one: nothing was written.
    Conflict,
}

/// Persistence of contexts' operation locks: take, renew, suspend, release
/// and finish, and the resumption of a job start that did not finish.
#[async_trait]
pub trait LockStore: Send + Sync {
    /// Takes the context's operation lock for `operation` (owned by the log
    /// job `owner`) until `lease_until`, if the context is in `expected`, has
    /// no active job, and is unlocked — or locked by an earlier run of the
    /// same operation whose lease has expired (a crashed or failed run, which
    /// this one resumes).
    async fn acquire_operation(
        &self,
        context_id: &str,
        operation: &str,
        owner: &str,
        expected: Status,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<AcquireOperation>;

    /// Takes over the lock of a job start whose lease ran out (a crashed or
    /// failed provisioning) for `owner`: the context and its pending job, or
    /// `None` when there is no such start to resume.
    async fn resume_job_start(
        &self,
        context_id: &str,
        operation: &str,
        owner: &str,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<Option<(ReplicationContext, ReplicationJob)>>;

    /// Releases a lock `owner` took fresh and that had no effect (a refusal).
    /// With `last_error`, records it and stamps `updated_at`; without, the
    /// context is put back exactly as it was (`updated_at` = `updated_at`).
    async fn release_operation(
        &self,
        context_id: &str,
        owner: &str,
        last_error: Option<&str>,
        updated_at: DateTime<Utc>,
    ) -> Result<bool>;

    /// Extends the lease of a lock `owner` holds; `false` when it lost it.
    async fn renew_operation(
        &self,
        context_id: &str,
        owner: &str,
        lease_until: DateTime<Utc>,
    ) -> Result<bool>;

    /// Releases the lock `owner` holds, setting `new_status` (stamped) when
    /// given and clearing `last_error`; `false` when it did not hold it.
    async fn finish_operation(
        &self,
        context_id: &str,
        owner: &str,
        new_status: Option<Status>,
        now: DateTime<Utc>,
    ) -> Result<bool>;

    /// Records a failed run: `last_error` is set and the lock stays with the
    /// operation but its lease ends now, so only a new run of the same
    /// operation can take it (and resume). The status is unchanged.
    async fn suspend_operation(
        &self,
        context_id: &str,
        owner: &str,
        error: &str,
        now: DateTime<Utc>,
    ) -> Result<bool>;
}
