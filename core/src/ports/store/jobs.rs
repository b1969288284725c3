//! Replication jobs: at most one active per context, started and finished by
//! compare-and-set on their context's status.

use super::locks::LockRequest;
use crate::error::Result;
use crate::model::{
    DiskChangeIds, DiskProgress, JobFilter, ReplicationContext, ReplicationJob, ReplicationType,
    SourceDisk, Status,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// A job to insert.
#[derive(Debug, Clone)]
pub struct NewJob {
    /// Preferred id; the store appends `-2`, `-3`, … while it is taken.
    pub job_id: String,
    /// Initial or incremental.
    pub replication_type: ReplicationType,
    /// Change id the job starts from.
    pub change_id: String,
    /// Change id of the previous sync.
    pub previous_change_id: String,
    /// Every disk of the VM with the change id its copy starts from.
    pub previous_change_ids: DiskChangeIds,
    /// The VM's disks now (the request's; the context's when the request
    /// names none): a job start on an existing context records them on it
    /// (disks added or removed since the last sync).
    pub disks: Vec<SourceDisk>,
    /// Source snapshot.
    pub snapshot_id: String,
    /// Schedule execution that started it.
    pub schedule_execution_id: String,
    /// Group it was started for.
    pub vm_group_id: String,
    /// Who scheduled it.
    pub scheduled_by: String,
    /// Volumes already attached to the appliance and exported, recorded
    /// with the job when it starts with nothing to provision (0 otherwise:
    /// provisioning records its counts).
    pub mounted_volumes: u32,
    /// Creation time.
    pub now: DateTime<Utc>,
}

/// Result of starting a job on an existing context.
#[derive(Debug, Clone)]
pub enum StartJob {
    /// Status set to `replicating` and job inserted, in one transaction.
    Started(Box<ReplicationContext>, Box<ReplicationJob>),
    /// The context was not in the expected status (or is locked, or gone):
    /// nothing was written; read it again and decide again.
    Conflict,
}

/// How a job ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobOutcome {
    /// Success, with the change ids the next incremental starts from.
    Completed {
        /// The single change id (the job's `new_change_id` and the context's
        /// `last_change_id`); `None` for per-disk ids of several disks.
        change_id: Option<String>,
        /// Each disk's new change id: it replaces the context's
        /// `last_change_ids` whole.
        change_ids: DiskChangeIds,
    },
    /// Failure, with its reason (also recorded as the context's `last_error`).
    Failed {
        /// Reason.
        error: String,
    },
    /// Cancelled.
    Cancelled,
}

/// Result of finishing a job.
#[derive(Debug, Clone)]
pub enum FinishJob {
    /// The job and its context were updated in one transaction.
    Finished(Box<ReplicationJob>),
    /// The job was no longer active or its context not in the expected
    /// status: nothing was written.
    Conflict,
}

/// Persistence of replication jobs: start, progress, end, look-ups and the
/// deletion of a job's record.
#[async_trait]
pub trait JobStore: Send + Sync {
    /// Compare-and-set: if the context is in `expected` with no operation lock
    /// and no active job, sets it to `status`, inserts the job, makes it the
    /// owner of the context's volumes (it replicates into them), and takes
    /// `lock` when given — all in one transaction.
    async fn start_job(
        &self,
        context_id: &str,
        expected: Status,
        status: Status,
        job: NewJob,
        lock: Option<LockRequest>,
    ) -> Result<StartJob>;

    /// Records progress of an active job; `disks` is merged into the job's
    /// per-disk progress (a disk's `total_bytes` absent keeps the one it
    /// had). `None` when the job is not active.
    async fn update_job_progress(
        &self,
        job_id: &str,
        percent: f64,
        bytes_transferred: u64,
        total_bytes: Option<u64>,
        disks: &BTreeMap<String, DiskProgress>,
        now: DateTime<Utc>,
    ) -> Result<Option<ReplicationJob>>;

    /// Compare-and-set: if the job is active and its context `replicating` with
    /// this job, ends the job with `outcome` and sets the context to `new_status`.
    async fn finish_job(
        &self,
        job_id: &str,
        outcome: JobOutcome,
        new_status: Status,
        now: DateTime<Utc>,
    ) -> Result<FinishJob>;

    /// Sets how many volumes a job created and attached.
    async fn set_job_volume_counts(
        &self,
        job_id: &str,
        created: u32,
        mounted: u32,
        now: DateTime<Utc>,
    ) -> Result<()>;

    /// The last step of `delete_job`, in one transaction: forgets the
    /// deleted volumes' records, deletes the inactive job's record (with
    /// `forget_sync`, the context's last sync too, because the volumes it
    /// wrote are gone), sets `new_status` and releases `owner`'s lock.
    /// `false` (nothing written) when `owner` no longer holds the lock.
    async fn finish_job_deletion(
        &self,
        job_id: &str,
        volume_ids: &[String],
        forget_sync: bool,
        new_status: Status,
        owner: &str,
        now: DateTime<Utc>,
    ) -> Result<bool>;

    /// One job by id.
    async fn get_job(&self, job_id: &str) -> Result<Option<ReplicationJob>>;

    /// The active job of a context.
    async fn active_job(&self, context_id: &str) -> Result<Option<ReplicationJob>>;

    /// A page of jobs, newest first.
    async fn list_jobs(&self, filter: &JobFilter) -> Result<Vec<ReplicationJob>>;
}
