//! A store wrapper that injects faults into any store's calls.

use super::faults::Faults;
use crate::error::{Error, Result};
use crate::model::{
    ContextFilter, ContextRef, DiskProgress, FailoverJob, FailoverKind, GroupMember, JobFilter,
    ReplicationContext, ReplicationJob, Schedule, ScheduleExecution, Status, VmGroup, VolumeRecord,
};
use crate::ports::Store;
use crate::ports::store::{
    AcquireOperation, ContextStore, DeleteContext, FailoverStore, FinishJob, GroupStore,
    HandedOverVolume, InsertContext, InsertContextWithJob, JobOutcome, JobStore, LockRequest,
    LockStore, NewContext, NewJob, StartJob, VolumeStore,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Wraps a store; a scripted fault makes a call fail with a `storage` error
/// before it reaches the store. Operations are the [`Store`] method names.
pub struct FaultyStore {
    inner: Arc<dyn Store>,
    faults: Arc<Faults>,
}

impl FaultyStore {
    /// Wraps `inner`.
    pub fn new(inner: Arc<dyn Store>) -> Self {
        FaultyStore {
            inner,
            faults: Arc::default(),
        }
    }

    /// Its fault script.
    pub fn faults(&self) -> &Arc<Faults> {
        &self.faults
    }

    /// Every method of the store traits, by name: what a fault can be
    /// scripted on.
    pub fn methods() -> impl Iterator<Item = &'static str> {
        let all = [
            Self::CONTEXT_METHODS,
            Self::JOB_METHODS,
            Self::LOCK_METHODS,
            Self::VOLUME_METHODS,
            Self::FAILOVER_METHODS,
            Self::GROUP_METHODS,
        ];
        all.into_iter().flatten().copied()
    }

    async fn check(&self, op: &str) -> Result<()> {
        self.faults
            .check(op)
            .await
            .map_err(|e| Error::Storage { details: e.message })
    }
}

/// Implements a store trait for [`FaultyStore`]: each method first checks
/// the fault script under its own name, then forwards to the inner store.
/// `$names` lists the trait's method names (the compiler holds the impl,
/// and so the list, to every method of the trait).
macro_rules! faulty {
    ($trait:ident, $names:ident {
        $(fn $name:ident(&self $(, $arg:ident: $ty:ty)* $(,)?) -> $ret:ty;)*
    }) => {
        impl FaultyStore {
            #[doc = concat!("The methods of [`", stringify!($trait), "`], by name.")]
            pub const $names: &[&str] = &[$(stringify!($name)),*];
        }

        #[async_trait]
        impl $trait for FaultyStore {
            $(
                async fn $name(&self $(, $arg: $ty)*) -> $ret {
                    self.check(stringify!($name)).await?;
                    self.inner.$name($($arg),*).await
                }
            )*
        }
    };
}

faulty!(ContextStore, CONTEXT_METHODS {
    fn insert_context(&self, ctx: NewContext, status: Status) -> Result<InsertContext>;
    fn insert_contexts(&self, ctxs: Vec<NewContext>, status: Status) -> Result<Vec<InsertContext>>;
    fn insert_context_with_job(&self, ctx: NewContext, status: Status, job: NewJob,
        lock: Option<LockRequest>) -> Result<InsertContextWithJob>;
    fn delete_context(&self, context_id: &str, expected: Status, lock_owner: Option<&str>)
        -> Result<DeleteContext>;
    fn get_context(&self, context_id: &str) -> Result<Option<ReplicationContext>>;
    fn find_contexts(&self, r: &ContextRef) -> Result<Vec<ReplicationContext>>;
    fn list_contexts(&self, filter: &ContextFilter) -> Result<Vec<ReplicationContext>>;
});

faulty!(JobStore, JOB_METHODS {
    fn start_job(&self, context_id: &str, expected: Status, status: Status, job: NewJob,
        lock: Option<LockRequest>) -> Result<StartJob>;
    fn update_job_progress(&self, job_id: &str, percent: f64, bytes_transferred: u64,
        total_bytes: Option<u64>, disks: &BTreeMap<String, DiskProgress>, now: DateTime<Utc>)
        -> Result<Option<ReplicationJob>>;
    fn finish_job(&self, job_id: &str, outcome: JobOutcome, new_status: Status, now: DateTime<Utc>)
        -> Result<FinishJob>;
    fn set_job_volume_counts(&self, job_id: &str, created: u32, mounted: u32, now: DateTime<Utc>)
        -> Result<()>;
    fn finish_job_deletion(&self, job_id: &str, volume_ids: &[String], forget_sync: bool,
        new_status: Status, owner: &str, now: DateTime<Utc>) -> Result<bool>;
    fn get_job(&self, job_id: &str) -> Result<Option<ReplicationJob>>;
    fn active_job(&self, context_id: &str) -> Result<Option<ReplicationJob>>;
    fn list_jobs(&self, filter: &JobFilter) -> Result<Vec<ReplicationJob>>;
});

faulty!(LockStore, LOCK_METHODS {
    fn acquire_operation(&self, context_id: &str, operation: &str, owner: &str, expected: Status,
        now: DateTime<Utc>, lease_until: DateTime<Utc>) -> Result<AcquireOperation>;
    fn resume_job_start(&self, context_id: &str, operation: &str, owner: &str, now: DateTime<Utc>,
        lease_until: DateTime<Utc>) -> Result<Option<(ReplicationContext, ReplicationJob)>>;
    fn release_operation(&self, context_id: &str, owner: &str, last_error: Option<&str>,
        updated_at: DateTime<Utc>) -> Result<bool>;
    fn renew_operation(&self, context_id: &str, owner: &str, lease_until: DateTime<Utc>)
        -> Result<bool>;
    fn finish_operation(&self, context_id: &str, owner: &str, new_status: Option<Status>,
        now: DateTime<Utc>) -> Result<bool>;
    fn suspend_operation(&self, context_id: &str, owner: &str, error: &str, now: DateTime<Utc>)
        -> Result<bool>;
});

faulty!(VolumeStore, VOLUME_METHODS {
    fn upsert_volume(&self, volume: &VolumeRecord) -> Result<bool>;
    fn context_volumes(&self, context_id: &str) -> Result<Vec<VolumeRecord>>;
    fn volume_context(&self, volume_id: &str) -> Result<Option<String>>;
    fn delete_volume_record(&self, volume_id: &str) -> Result<()>;
    fn hand_over_volumes(&self, context_id: &str, vm_id: Option<&str>, now: DateTime<Utc>)
        -> Result<usize>;
    fn handed_over_volumes(&self) -> Result<Vec<HandedOverVolume>>;
    fn note_orphans(&self, resources: &[String], now: DateTime<Utc>) -> Result<Vec<DateTime<Utc>>>;
});

faulty!(FailoverStore, FAILOVER_METHODS {
    fn upsert_failover_job(&self, job: &FailoverJob) -> Result<()>;
    fn failover_jobs(&self, context_id: &str) -> Result<Vec<FailoverJob>>;
    fn open_failover_job(&self, context_id: &str, kind: FailoverKind)
        -> Result<Option<FailoverJob>>;
    fn get_failover_job(&self, failover_job_id: &str) -> Result<Option<FailoverJob>>;
});

faulty!(GroupStore, GROUP_METHODS {
    fn insert_schedule(&self, schedule: &Schedule) -> Result<Result<(), String>>;
    fn get_schedule(&self, schedule_id: &str) -> Result<Option<Schedule>>;
    fn list_schedules(&self) -> Result<Vec<Schedule>>;
    fn set_schedule_enabled(&self, schedule_id: &str, enabled: bool) -> Result<bool>;
    fn insert_group(&self, group: &VmGroup) -> Result<Result<(), String>>;
    fn get_group(&self, group_id: &str) -> Result<Option<VmGroup>>;
    fn list_groups(&self) -> Result<Vec<VmGroup>>;
    fn set_group_schedule(&self, group_id: &str, schedule_id: Option<&str>) -> Result<bool>;
    fn insert_group_member(&self, member: &GroupMember) -> Result<Result<(), String>>;
    fn delete_group_member(&self, context_id: &str) -> Result<bool>;
    fn group_members(&self, group_id: &str) -> Result<Vec<GroupMember>>;
    fn claim_schedule_execution(&self, execution: &ScheduleExecution, lease_until: DateTime<Utc>, now: DateTime<Utc>) -> Result<Option<String>>;
    fn renew_schedule_execution(&self, execution_id: &str, held_until: DateTime<Utc>, lease_until: DateTime<Utc>) -> Result<bool>;
    fn finish_schedule_execution(&self, execution: &ScheduleExecution, held_until: DateTime<Utc>, finished_at: DateTime<Utc>) -> Result<bool>;
    fn last_schedule_due(&self, schedule_id: &str, group_id: &str) -> Result<Option<DateTime<Utc>>>;
    fn list_schedule_executions(&self, schedule_id: Option<&str>, limit: u32)
        -> Result<Vec<ScheduleExecution>>;
});
