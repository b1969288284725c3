//! The store port: persistence of contexts and jobs.
//!
//! The store holds no rules, but it *enforces* the ones the services decide,
//! atomically, so they hold across threads and processes: a unique VM identity,
//! at most one active job per context, and compare-and-set status changes
//! (every status-changing call names the status it expects to replace).

use crate::error::Result;
use crate::model::{
    ContextFilter, ContextRef, DiskChangeIds, DiskProgress, FailoverJob, FailoverKind, GroupMember,
    JobFilter, ReplicationContext, ReplicationJob, ReplicationType, Schedule, ScheduleExecution,
    SourceDisk, SourceVm, Status, VmGroup, VolumeRecord,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// A context to insert.
#[derive(Debug, Clone)]
pub struct NewContext {
    /// Preferred id; the store appends `-2`, `-3`, … while it is taken.
    pub context_id: String,
    /// vCenter host.
    pub vcenter_host: String,
    /// Datacenter.
    pub datacenter: String,
    /// Target cloud configuration id.
    pub ossea_config_id: i64,
    /// Network for failed-over VMs.
    pub target_network: String,
    /// The VM (its `id` and `name` fill `vmware_vm_id` and `vm_name`).
    pub source_vm: SourceVm,
    /// Creation time.
    pub now: DateTime<Utc>,
}

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
    /// Creation time.
    pub now: DateTime<Utc>,
}

/// Result of inserting a context.
#[derive(Debug, Clone)]
pub enum InsertContext {
    /// Inserted.
    Inserted(Box<ReplicationContext>),
    /// The identity is taken by this context; nothing was written.
    Exists {
        /// The context holding the identity.
        context_id: String,
    },
}

/// Result of inserting a context together with its first job.
#[derive(Debug, Clone)]
pub enum InsertContextWithJob {
    /// Both inserted, in one transaction.
    Inserted(Box<ReplicationContext>, Box<ReplicationJob>),
    /// The identity is taken; nothing was written.
    Exists {
        /// The context holding the identity.
        context_id: String,
    },
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

/// Result of deleting a context.
#[derive(Debug, Clone)]
pub enum DeleteContext {
    /// Deleted with its jobs.
    Deleted {
        /// Jobs deleted with it.
        jobs_deleted: u64,
    },
    /// Not in the expected status, locked by an operation, or gone: nothing written.
    Conflict,
}

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

/// A volume handed over to a migrated VM: never touched again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandedOverVolume {
    /// The volume daemon's id.
    pub volume_id: String,
    /// Its name.
    pub name: String,
    /// The context it was replicated for (which may be gone).
    pub context_id: String,
    /// The migrated VM it belongs to.
    pub vm_id: Option<String>,
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

/// Persistence of contexts and jobs.
#[async_trait]
pub trait Store: Send + Sync {
    /// Inserts a context in `status` unless its identity is taken.
    async fn insert_context(&self, ctx: NewContext, status: Status) -> Result<InsertContext>;

    /// Inserts many contexts in `status` in as few transactions as the store
    /// likes; one result per input, in order. A repeated identity inside the
    /// batch is `Exists` for every occurrence after the first.
    async fn insert_contexts(
        &self,
        ctxs: Vec<NewContext>,
        status: Status,
    ) -> Result<Vec<InsertContext>>;

    /// Inserts a context in `status` and its first job in one transaction,
    /// holding `lock` when given.
    async fn insert_context_with_job(
        &self,
        ctx: NewContext,
        status: Status,
        job: NewJob,
        lock: Option<LockRequest>,
    ) -> Result<InsertContextWithJob>;

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

    /// Compare-and-set: deletes the context and everything recorded on it if
    /// it is in `expected`, has no active job, and holds no operation lock
    /// other than `lock_owner` (a log job id).
    async fn delete_context(
        &self,
        context_id: &str,
        expected: Status,
        lock_owner: Option<&str>,
    ) -> Result<DeleteContext>;

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

    /// Records (or updates) a volume of a context.
    async fn upsert_volume(&self, volume: &VolumeRecord) -> Result<()>;

    /// The volumes recorded on a context, in disk order of creation.
    async fn context_volumes(&self, context_id: &str) -> Result<Vec<VolumeRecord>>;

    /// Forgets a volume.
    async fn delete_volume_record(&self, volume_id: &str) -> Result<()>;

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

    /// Records, durably and beyond the context's removal, that the
    /// context's volumes now belong to the migrated VM `vm_id`. Idempotent.
    async fn hand_over_volumes(
        &self,
        context_id: &str,
        vm_id: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<usize>;

    /// Every volume ever handed over to a migrated VM.
    async fn handed_over_volumes(&self) -> Result<Vec<HandedOverVolume>>;

    /// Notes that `resources` look orphaned now and returns when each was
    /// first seen so (forgetting earlier sightings not in the list), so
    /// `reconcile` removes only what stayed orphaned for its grace period.
    async fn note_orphans(
        &self,
        resources: &[String],
        now: DateTime<Utc>,
    ) -> Result<Vec<DateTime<Utc>>>;

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

    /// Inserts a schedule; `Err(existing id)` when its name is taken.
    async fn insert_schedule(&self, schedule: &Schedule) -> Result<Result<(), String>>;

    /// One schedule.
    async fn get_schedule(&self, schedule_id: &str) -> Result<Option<Schedule>>;

    /// Every schedule, by name.
    async fn list_schedules(&self) -> Result<Vec<Schedule>>;

    /// Enables or disables a schedule; `false` when there is none.
    async fn set_schedule_enabled(&self, schedule_id: &str, enabled: bool) -> Result<bool>;

    /// Inserts a group; `Err(existing id)` when its name is taken.
    async fn insert_group(&self, group: &VmGroup) -> Result<Result<(), String>>;

    /// One group.
    async fn get_group(&self, group_id: &str) -> Result<Option<VmGroup>>;

    /// Every group, by name.
    async fn list_groups(&self) -> Result<Vec<VmGroup>>;

    /// Attaches a schedule to a group (or detaches with `None`); `false`
    /// when there is no such group.
    async fn set_group_schedule(&self, group_id: &str, schedule_id: Option<&str>) -> Result<bool>;

    /// Adds a context to a group; `Err(group id)` when the context is
    /// already in a group.
    async fn insert_group_member(&self, member: &GroupMember) -> Result<Result<(), String>>;

    /// Takes a context out of its group; `false` when it was in none.
    async fn delete_group_member(&self, context_id: &str) -> Result<bool>;

    /// A group's members, by priority then age.
    async fn group_members(&self, group_id: &str) -> Result<Vec<GroupMember>>;

    /// Records that a schedule runs for a group at a cron time; `false`
    /// when that run is already recorded (another process ran it).
    async fn insert_schedule_execution(&self, execution: &ScheduleExecution) -> Result<bool>;

    /// Records what an execution did.
    async fn update_schedule_execution(&self, execution: &ScheduleExecution) -> Result<()>;

    /// The latest cron time a schedule ran for (any group).
    async fn last_schedule_due(&self, schedule_id: &str) -> Result<Option<DateTime<Utc>>>;

    /// A schedule's executions (every schedule's with `None`), newest first.
    async fn list_schedule_executions(
        &self,
        schedule_id: Option<&str>,
        limit: u32,
    ) -> Result<Vec<ScheduleExecution>>;

    /// One context by id.
    async fn get_context(&self, context_id: &str) -> Result<Option<ReplicationContext>>;

    /// Every context `r` names (at most one for ids and identities).
    async fn find_contexts(&self, r: &ContextRef) -> Result<Vec<ReplicationContext>>;

    /// A page of contexts, ordered by `context_id`.
    async fn list_contexts(&self, filter: &ContextFilter) -> Result<Vec<ReplicationContext>>;

    /// One job by id.
    async fn get_job(&self, job_id: &str) -> Result<Option<ReplicationJob>>;

    /// The active job of a context.
    async fn active_job(&self, context_id: &str) -> Result<Option<ReplicationJob>>;

    /// A page of jobs, newest first.
    async fn list_jobs(&self, filter: &JobFilter) -> Result<Vec<ReplicationJob>>;
}
