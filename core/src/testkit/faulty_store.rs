//! A store wrapper that injects faults into any store's calls.

use super::faults::Faults;
use crate::error::{Error, Result};
use crate::model::{
    ContextFilter, ContextRef, DiskProgress, FailoverJob, FailoverKind, GroupMember, JobFilter,
    ReplicationContext, ReplicationJob, Schedule, ScheduleExecution, Status, VmGroup, VolumeRecord,
};
use crate::ports::Store;
use crate::ports::store::{
    AcquireOperation, DeleteContext, FinishJob, HandedOverVolume, InsertContext,
    InsertContextWithJob, JobOutcome, LockRequest, NewContext, NewJob, StartJob,
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

    async fn check(&self, op: &str) -> Result<()> {
        self.faults
            .check(op)
            .await
            .map_err(|e| Error::Storage { details: e.message })
    }
}

#[async_trait]
impl Store for FaultyStore {
    async fn insert_context(&self, ctx: NewContext, status: Status) -> Result<InsertContext> {
        self.check("insert_context").await?;
        self.inner.insert_context(ctx, status).await
    }

    async fn insert_contexts(
        &self,
        ctxs: Vec<NewContext>,
        status: Status,
    ) -> Result<Vec<InsertContext>> {
        self.check("insert_contexts").await?;
        self.inner.insert_contexts(ctxs, status).await
    }

    async fn insert_context_with_job(
        &self,
        ctx: NewContext,
        status: Status,
        job: NewJob,
        lock: Option<LockRequest>,
    ) -> Result<InsertContextWithJob> {
        self.check("insert_context_with_job").await?;
        self.inner
            .insert_context_with_job(ctx, status, job, lock)
            .await
    }

    async fn start_job(
        &self,
        context_id: &str,
        expected: Status,
        status: Status,
        job: NewJob,
        lock: Option<LockRequest>,
    ) -> Result<StartJob> {
        self.check("start_job").await?;
        self.inner
            .start_job(context_id, expected, status, job, lock)
            .await
    }

    async fn resume_job_start(
        &self,
        context_id: &str,
        operation: &str,
        owner: &str,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<Option<(ReplicationContext, ReplicationJob)>> {
        self.check("resume_job_start").await?;
        self.inner
            .resume_job_start(context_id, operation, owner, now, lease_until)
            .await
    }

    async fn release_operation(
        &self,
        context_id: &str,
        owner: &str,
        last_error: Option<&str>,
        updated_at: DateTime<Utc>,
    ) -> Result<bool> {
        self.check("release_operation").await?;
        self.inner
            .release_operation(context_id, owner, last_error, updated_at)
            .await
    }

    async fn update_job_progress(
        &self,
        job_id: &str,
        percent: f64,
        bytes_transferred: u64,
        total_bytes: Option<u64>,
        disks: &BTreeMap<String, DiskProgress>,
        now: DateTime<Utc>,
    ) -> Result<Option<ReplicationJob>> {
        self.check("update_job_progress").await?;
        self.inner
            .update_job_progress(job_id, percent, bytes_transferred, total_bytes, disks, now)
            .await
    }

    async fn finish_job(
        &self,
        job_id: &str,
        outcome: JobOutcome,
        new_status: Status,
        now: DateTime<Utc>,
    ) -> Result<FinishJob> {
        self.check("finish_job").await?;
        self.inner
            .finish_job(job_id, outcome, new_status, now)
            .await
    }

    async fn delete_context(
        &self,
        context_id: &str,
        expected: Status,
        lock_owner: Option<&str>,
    ) -> Result<DeleteContext> {
        self.check("delete_context").await?;
        self.inner
            .delete_context(context_id, expected, lock_owner)
            .await
    }

    async fn acquire_operation(
        &self,
        context_id: &str,
        operation: &str,
        owner: &str,
        expected: Status,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<AcquireOperation> {
        self.check("acquire_operation").await?;
        self.inner
            .acquire_operation(context_id, operation, owner, expected, now, lease_until)
            .await
    }

    async fn renew_operation(
        &self,
        context_id: &str,
        owner: &str,
        lease_until: DateTime<Utc>,
    ) -> Result<bool> {
        self.check("renew_operation").await?;
        self.inner
            .renew_operation(context_id, owner, lease_until)
            .await
    }

    async fn finish_operation(
        &self,
        context_id: &str,
        owner: &str,
        new_status: Option<Status>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        self.check("finish_operation").await?;
        self.inner
            .finish_operation(context_id, owner, new_status, now)
            .await
    }

    async fn suspend_operation(
        &self,
        context_id: &str,
        owner: &str,
        error: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        self.check("suspend_operation").await?;
        self.inner
            .suspend_operation(context_id, owner, error, now)
            .await
    }

    async fn upsert_volume(&self, volume: &VolumeRecord) -> Result<()> {
        self.check("upsert_volume").await?;
        self.inner.upsert_volume(volume).await
    }

    async fn context_volumes(&self, context_id: &str) -> Result<Vec<VolumeRecord>> {
        self.check("context_volumes").await?;
        self.inner.context_volumes(context_id).await
    }

    async fn delete_volume_record(&self, volume_id: &str) -> Result<()> {
        self.check("delete_volume_record").await?;
        self.inner.delete_volume_record(volume_id).await
    }

    async fn set_job_volume_counts(
        &self,
        job_id: &str,
        created: u32,
        mounted: u32,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.check("set_job_volume_counts").await?;
        self.inner
            .set_job_volume_counts(job_id, created, mounted, now)
            .await
    }

    async fn finish_job_deletion(
        &self,
        job_id: &str,
        volume_ids: &[String],
        forget_sync: bool,
        new_status: Status,
        owner: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        self.check("finish_job_deletion").await?;
        self.inner
            .finish_job_deletion(job_id, volume_ids, forget_sync, new_status, owner, now)
            .await
    }

    async fn hand_over_volumes(
        &self,
        context_id: &str,
        vm_id: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        self.check("hand_over_volumes").await?;
        self.inner.hand_over_volumes(context_id, vm_id, now).await
    }

    async fn handed_over_volumes(&self) -> Result<Vec<HandedOverVolume>> {
        self.check("handed_over_volumes").await?;
        self.inner.handed_over_volumes().await
    }

    async fn note_orphans(
        &self,
        resources: &[String],
        now: DateTime<Utc>,
    ) -> Result<Vec<DateTime<Utc>>> {
        self.check("note_orphans").await?;
        self.inner.note_orphans(resources, now).await
    }

    async fn open_failover_job(
        &self,
        context_id: &str,
        kind: FailoverKind,
    ) -> Result<Option<FailoverJob>> {
        self.check("open_failover_job").await?;
        self.inner.open_failover_job(context_id, kind).await
    }

    async fn upsert_failover_job(&self, job: &FailoverJob) -> Result<()> {
        self.check("upsert_failover_job").await?;
        self.inner.upsert_failover_job(job).await
    }

    async fn failover_jobs(&self, context_id: &str) -> Result<Vec<FailoverJob>> {
        self.check("failover_jobs").await?;
        self.inner.failover_jobs(context_id).await
    }

    async fn get_failover_job(&self, failover_job_id: &str) -> Result<Option<FailoverJob>> {
        self.check("get_failover_job").await?;
        self.inner.get_failover_job(failover_job_id).await
    }

    async fn insert_schedule(&self, schedule: &Schedule) -> Result<Result<(), String>> {
        self.check("insert_schedule").await?;
        self.inner.insert_schedule(schedule).await
    }

    async fn get_schedule(&self, schedule_id: &str) -> Result<Option<Schedule>> {
        self.check("get_schedule").await?;
        self.inner.get_schedule(schedule_id).await
    }

    async fn list_schedules(&self) -> Result<Vec<Schedule>> {
        self.check("list_schedules").await?;
        self.inner.list_schedules().await
    }

    async fn set_schedule_enabled(&self, schedule_id: &str, enabled: bool) -> Result<bool> {
        self.check("set_schedule_enabled").await?;
        self.inner.set_schedule_enabled(schedule_id, enabled).await
    }

    async fn insert_group(&self, group: &VmGroup) -> Result<Result<(), String>> {
        self.check("insert_group").await?;
        self.inner.insert_group(group).await
    }

    async fn get_group(&self, group_id: &str) -> Result<Option<VmGroup>> {
        self.check("get_group").await?;
        self.inner.get_group(group_id).await
    }

    async fn list_groups(&self) -> Result<Vec<VmGroup>> {
        self.check("list_groups").await?;
        self.inner.list_groups().await
    }

    async fn set_group_schedule(&self, group_id: &str, schedule_id: Option<&str>) -> Result<bool> {
        self.check("set_group_schedule").await?;
        self.inner.set_group_schedule(group_id, schedule_id).await
    }

    async fn insert_group_member(&self, member: &GroupMember) -> Result<Result<(), String>> {
        self.check("insert_group_member").await?;
        self.inner.insert_group_member(member).await
    }

    async fn delete_group_member(&self, context_id: &str) -> Result<bool> {
        self.check("delete_group_member").await?;
        self.inner.delete_group_member(context_id).await
    }

    async fn group_members(&self, group_id: &str) -> Result<Vec<GroupMember>> {
        self.check("group_members").await?;
        self.inner.group_members(group_id).await
    }

    async fn insert_schedule_execution(&self, execution: &ScheduleExecution) -> Result<bool> {
        self.check("insert_schedule_execution").await?;
        self.inner.insert_schedule_execution(execution).await
    }

    async fn update_schedule_execution(&self, execution: &ScheduleExecution) -> Result<()> {
        self.check("update_schedule_execution").await?;
        self.inner.update_schedule_execution(execution).await
    }

    async fn last_schedule_due(&self, schedule_id: &str) -> Result<Option<DateTime<Utc>>> {
        self.check("last_schedule_due").await?;
        self.inner.last_schedule_due(schedule_id).await
    }

    async fn list_schedule_executions(
        &self,
        schedule_id: Option<&str>,
        limit: u32,
    ) -> Result<Vec<ScheduleExecution>> {
        self.check("list_schedule_executions").await?;
        self.inner
            .list_schedule_executions(schedule_id, limit)
            .await
    }

    async fn get_context(&self, context_id: &str) -> Result<Option<ReplicationContext>> {
        self.check("get_context").await?;
        self.inner.get_context(context_id).await
    }

    async fn find_contexts(&self, r: &ContextRef) -> Result<Vec<ReplicationContext>> {
        self.check("find_contexts").await?;
        self.inner.find_contexts(r).await
    }

    async fn list_contexts(&self, filter: &ContextFilter) -> Result<Vec<ReplicationContext>> {
        self.check("list_contexts").await?;
        self.inner.list_contexts(filter).await
    }

    async fn get_job(&self, job_id: &str) -> Result<Option<ReplicationJob>> {
        self.check("get_job").await?;
        self.inner.get_job(job_id).await
    }

    async fn active_job(&self, context_id: &str) -> Result<Option<ReplicationJob>> {
        self.check("active_job").await?;
        self.inner.active_job(context_id).await
    }

    async fn list_jobs(&self, filter: &JobFilter) -> Result<Vec<ReplicationJob>> {
        self.check("list_jobs").await?;
        self.inner.list_jobs(filter).await
    }
}
