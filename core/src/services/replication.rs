//! Replication: starting jobs with duplicate protection, and the job
//! lifecycle the host reports (progress, completion, failure, cancel).

use super::management::{CAS_ATTEMPTS, check_unlocked, contended, next_offset};
use super::{Ports, provisioning, validate};
use crate::error::{Error, Result};
use crate::lifecycle::{self, Operation, Target};
use crate::model::response::JOB_STARTED_MESSAGE;
use crate::model::{ContextRef, UpdateJobProgressRequest};
use crate::model::{
    CreateMigrationRequest, JobFilter, JobStarted, Page, ReplicationContext, ReplicationJob,
    ReplicationType, Status, VmIdentity, ids,
};
use crate::ports::store::{
    FinishJob, InsertContextWithJob, JobOutcome, NewContext, NewJob, StartJob,
};

/// The replication service.
#[derive(Clone)]
pub struct Replication {
    ports: Ports,
}

impl Replication {
    /// A service over `ports`.
    pub fn new(ports: Ports) -> Self {
        Replication { ports }
    }

    /// Starts a replication job: creates the context when the VM has none,
    /// reuses it when it has no active job, and refuses with
    /// `replication_active` when it has one. `r` must be validated.
    pub async fn start_replication(&self, r: &CreateMigrationRequest) -> Result<JobStarted> {
        let log = self.ports.track(Operation::StartReplication.as_str(), None);
        let result = async {
            let (ctx, mut job) = log
                .run_step("create-job", async { Ok(self.start_job(r).await?) })
                .await?;
            match provisioning::provision(&self.ports, &log, &ctx, &job).await {
                Ok((created, mounted)) => {
                    let now = self.ports.clock.now();
                    self.ports
                        .store
                        .set_job_volume_counts(&job.job_id, created, mounted, now)
                        .await?;
                    job.created_volumes = created;
                    job.mounted_volumes = mounted;
                    Ok((ctx, job))
                }
                Err(e) => {
                    // The job cannot run: it fails, the context records why,
                    // and starting replication again resumes the provisioning.
                    let error = format!("provisioning failed: {} ({})", e, e.details());
                    self.finish_job(job, Operation::FailJob, JobOutcome::Failed { error })
                        .await?;
                    Err(e)
                }
            }
        }
        .await;
        let context_id = result.as_ref().ok().map(|(c, _)| c.context_id.clone());
        let (ctx, job) = log.finish(context_id.as_deref(), result)?;
        Ok(JobStarted {
            job_id: job.job_id,
            context_id: ctx.context_id,
            status: Status::Replicating,
            progress_percent: job.progress_percent,
            created_volumes: job.created_volumes,
            mounted_volumes: job.mounted_volumes,
            started_at: job.started_at,
            message: JOB_STARTED_MESSAGE.to_owned(),
        })
    }

    async fn start_job(
        &self,
        r: &CreateMigrationRequest,
    ) -> Result<(ReplicationContext, ReplicationJob)> {
        let identity = ContextRef::Vm(VmIdentity {
            vcenter_host: r.vcenter_host.clone(),
            vmware_vm_id: r.source_vm.id.clone(),
        });
        // Read, decide, then compare-and-set; a lost race reads again.
        for _ in 0..CAS_ATTEMPTS {
            let existing = self.ports.store.find_contexts(&identity).await?.pop();
            let Some(ctx) = existing else {
                let job = self.new_job(r, None)?;
                let now = job.now;
                let new = NewContext {
                    context_id: ids::context_id(&r.source_vm.name, now),
                    vcenter_host: r.vcenter_host.clone(),
                    datacenter: r.datacenter.clone(),
                    ossea_config_id: r.ossea_config_id,
                    target_network: r.target_network.clone(),
                    source_vm: r.source_vm.clone(),
                    now,
                };
                match self.ports.store.insert_context_with_job(new, job).await? {
                    InsertContextWithJob::Inserted(c, j) => {
                        tracing::info!(context_id = %c.context_id, job_id = %j.job_id, "context created and job started");
                        return Ok((*c, *j));
                    }
                    InsertContextWithJob::Exists { .. } => continue,
                }
            };
            if ctx.current_status == Status::Replicating {
                match self.ports.store.active_job(&ctx.context_id).await? {
                    Some(job) => {
                        return Err(Error::ReplicationActive {
                            context_id: ctx.context_id,
                            job_id: job.job_id,
                        });
                    }
                    None => continue,
                }
            }
            check_unlocked(&ctx)?;
            lifecycle::check(
                &ctx.context_id,
                ctx.current_status,
                Operation::StartReplication,
            )?;
            let job = self.new_job(r, Some(&ctx))?;
            match self
                .ports
                .store
                .start_job(&ctx.context_id, ctx.current_status, job)
                .await?
            {
                StartJob::Started(c, j) => {
                    tracing::info!(context_id = %c.context_id, job_id = %j.job_id, replication_type = j.replication_type.as_str(), "job started");
                    return Ok((*c, *j));
                }
                StartJob::Conflict => continue,
            }
        }
        Err(contended(&r.source_vm.id))
    }

    /// The job to insert; `incremental` when the VM synced before, unless the
    /// request says otherwise.
    fn new_job(
        &self,
        r: &CreateMigrationRequest,
        ctx: Option<&ReplicationContext>,
    ) -> Result<NewJob> {
        let last_change = ctx.and_then(|c| c.last_change_id.as_deref()).unwrap_or("");
        let previous_change_id = if r.previous_change_id.is_empty() {
            last_change.to_owned()
        } else {
            r.previous_change_id.clone()
        };
        let replication_type = match r.replication_type {
            Some(t) => t,
            None if last_change.is_empty() => ReplicationType::Initial,
            None => ReplicationType::Incremental,
        };
        if replication_type == ReplicationType::Incremental && previous_change_id.is_empty() {
            return Err(Error::validation(
                "replication_type",
                "incremental replication needs a completed sync or a previous_change_id",
            ));
        }
        let now = self.ports.clock.now();
        Ok(NewJob {
            job_id: ids::job_id(now),
            replication_type,
            change_id: r.change_id.clone(),
            previous_change_id,
            snapshot_id: r.snapshot_id.clone(),
            schedule_execution_id: r.schedule_execution_id.clone(),
            vm_group_id: r.vm_group_id.clone(),
            scheduled_by: r.scheduled_by.clone(),
            now,
        })
    }

    /// One job.
    pub async fn get_job(&self, job_id: &str) -> Result<ReplicationJob> {
        self.ports.job(job_id).await
    }

    /// A page of jobs, newest first.
    pub async fn list_jobs(&self, f: &JobFilter) -> Result<Page<ReplicationJob>> {
        let items = self.ports.store.list_jobs(f).await?;
        let next_offset = next_offset(f.offset, f.limit, items.len());
        Ok(Page { items, next_offset })
    }

    /// Records progress of an active job (the first report moves it from
    /// `pending` to `running`). Not written to the job log: hosts report often.
    pub async fn update_job_progress(
        &self,
        r: &UpdateJobProgressRequest,
    ) -> Result<ReplicationJob> {
        validate::id("job_id", &r.job_id)?;
        validate::progress(r.progress_percent)?;
        let now = self.ports.clock.now();
        let updated = self
            .ports
            .store
            .update_job_progress(
                &r.job_id,
                r.progress_percent,
                r.bytes_transferred,
                r.total_bytes,
                now,
            )
            .await?;
        match updated {
            Some(job) => Ok(job),
            None => Err(inactive(
                &self.get_job(&r.job_id).await?,
                "update_job_progress",
            )),
        }
    }

    /// The host reports success: the context becomes `ready_for_failover`
    /// and remembers `change_id` for the next incremental.
    pub async fn complete_job(&self, job_id: &str, change_id: &str) -> Result<ReplicationJob> {
        validate::free_text("change_id", change_id)?;
        let outcome = JobOutcome::Completed {
            change_id: change_id.to_owned(),
        };
        self.finish(job_id, Operation::CompleteJob, "record-completion", outcome)
            .await
    }

    /// The host reports failure: the context becomes `failed` with `last_error`.
    pub async fn fail_job(&self, job_id: &str, error: &str) -> Result<ReplicationJob> {
        validate::free_text("error", error)?;
        let outcome = JobOutcome::Failed {
            error: error.to_owned(),
        };
        self.finish(job_id, Operation::FailJob, "record-failure", outcome)
            .await
    }

    /// Cancels a job: the context returns to the status it had before.
    pub async fn cancel_job(&self, job_id: &str) -> Result<ReplicationJob> {
        self.finish(
            job_id,
            Operation::CancelJob,
            "record-cancellation",
            JobOutcome::Cancelled,
        )
        .await
    }

    async fn finish(
        &self,
        job_id: &str,
        op: Operation,
        step: &str,
        outcome: JobOutcome,
    ) -> Result<ReplicationJob> {
        let job = self.get_job(job_id).await?;
        let log = self.ports.track(op.as_str(), Some(&job.context_id));
        let result = log
            .run_step(step, async { Ok(self.finish_job(job, op, outcome).await?) })
            .await;
        let context_id = result.as_ref().ok().map(|j| j.context_id.clone());
        log.finish(context_id.as_deref(), result)
    }

    async fn finish_job(
        &self,
        mut job: ReplicationJob,
        op: Operation,
        outcome: JobOutcome,
    ) -> Result<ReplicationJob> {
        for _ in 0..CAS_ATTEMPTS {
            if !job.status.is_active() {
                return Err(inactive(&job, op.as_str()));
            }
            let ctx = self
                .ports
                .store
                .get_context(&job.context_id)
                .await?
                .ok_or_else(|| Error::NotFound {
                    kind: "context",
                    id: job.context_id.clone(),
                })?;
            let new_status = match lifecycle::check(&ctx.context_id, ctx.current_status, op)? {
                Target::To(s) => s,
                Target::StatusBeforeJob => job.previous_status,
                Target::Deleted => {
                    return Err(Error::Internal {
                        details: format!("{op} cannot delete a context"),
                    });
                }
            };
            let now = self.ports.clock.now();
            match self
                .ports
                .store
                .finish_job(&job.job_id, outcome.clone(), new_status, now)
                .await?
            {
                FinishJob::Finished(j) => {
                    tracing::info!(job_id = %j.job_id, status = j.status.as_str(), context_status = new_status.as_str(), "job finished");
                    return Ok(*j);
                }
                FinishJob::Conflict => job = self.get_job(&job.job_id).await?,
            }
        }
        Err(contended(&job.context_id))
    }
}

/// The refusal for an operation on a job that is no longer active.
fn inactive(job: &ReplicationJob, operation: &str) -> Error {
    Error::InvalidTransition {
        subject: job.job_id.clone(),
        status: job.status.as_str().to_owned(),
        operation: operation.to_owned(),
    }
}
