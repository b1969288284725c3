//! Replication: starting jobs with duplicate protection, and the job
//! lifecycle the host reports (progress, completion, failure, cancel).

use super::operation::{Locked, lease};
use super::{CAS_ATTEMPTS, backoff, bounded_error, check_unlocked, contended, page};
use super::{Ports, provisioning, validate};
use crate::error::{Error, Result};
use crate::joblog::JobTracker;
use crate::lifecycle::{self, Operation, Target};
use crate::model::response::JOB_STARTED_MESSAGE;
use crate::model::{ContextRef, DiskChangeIds, UpdateJobProgressRequest, cursor};
use crate::model::{
    CreateMigrationRequest, JobFilter, JobStarted, Page, ReplicationContext, ReplicationJob,
    ReplicationType, Status, VmIdentity, ids,
};
use crate::ports::store::{
    FinishJob, InsertContextWithJob, JobOutcome, LockRequest, NewContext, NewJob, StartJob,
};
use crate::registry::Op;

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
    ///
    /// With a volume daemon, the job's start takes the context's
    /// `start_replication` lock in the same transaction and provisions the
    /// volumes under it; a start that crashed or failed while provisioning
    /// is resumed by starting replication of the same VM again once its
    /// lease has run out (the answer names the same job).
    pub async fn start_replication(&self, r: &CreateMigrationRequest) -> Result<JobStarted> {
        let log = self.ports.track(Operation::StartReplication.as_str(), None);
        let result = async {
            let (ctx, mut job, provision) = log
                .run_step("create-job", async { Ok(self.start_job(r, &log).await?) })
                .await?;
            if !provision {
                return Ok((ctx, job));
            }
            let run = Locked::new(&self.ports, &log, ctx);
            match provisioning::provision(&run, &job).await {
                Ok((created, mounted)) => {
                    let finished = async {
                        let now = self.ports.clock.now();
                        self.ports
                            .store
                            .set_job_volume_counts(&job.job_id, created, mounted, now)
                            .await?;
                        run.release(None).await.map_err(|e| log.error_at("release", e))
                    }
                    .await;
                    if let Err(e) = finished {
                        // Provisioned but not recorded as such: the lease
                        // ends now, so starting again at once resumes.
                        let why = format!("job start failed: {} ({})", e, e.details());
                        if let Err(store) = run.suspend(&why).await {
                            tracing::error!(error = %store, "could not end the lease of a job start; it frees itself when the lease runs out");
                        }
                        return Err(e);
                    }
                    job.created_volumes = created;
                    job.mounted_volumes = mounted;
                    Ok((run.ctx, job))
                }
                Err(e) => {
                    self.provisioning_failed(&run, job, &e).await;
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
            previous_change_ids: job.previous_change_ids,
            message: JOB_STARTED_MESSAGE.to_owned(),
        })
    }

    /// The job cannot run: it fails, the context records why, and the lock
    /// is released (starting replication again makes a new job that finds
    /// what this one made). When the failure cannot even be recorded, the
    /// lock stays suspended and the same start resumes.
    async fn provisioning_failed(&self, run: &Locked<'_>, job: ReplicationJob, e: &Error) {
        let error = bounded_error(&format!("provisioning failed: {} ({})", e, e.details()));
        let ended = match self
            .finish_job(
                job,
                Operation::FailJob,
                JobOutcome::Failed {
                    error: error.clone(),
                },
            )
            .await
        {
            Ok(_) => true,
            // Cancelled (or otherwise ended) while it provisioned.
            Err(Error::InvalidTransition { .. }) => true,
            Err(_) => false,
        };
        let context_id = &run.ctx.context_id;
        let now = self.ports.clock.now();
        let released = if ended {
            self.ports
                .store
                .release_operation(context_id, run.log.job_id(), None, now)
                .await
        } else {
            run.suspend(&error).await
        };
        if let Err(store) = released {
            tracing::error!(context_id = %context_id, error = %store, "could not release the lock of a failed job start; it frees itself when its lease runs out");
        }
    }

    async fn start_job(
        &self,
        r: &CreateMigrationRequest,
        log: &JobTracker,
    ) -> Result<(ReplicationContext, ReplicationJob, bool)> {
        let identity = ContextRef::Vm(VmIdentity {
            vcenter_host: r.vcenter_host.clone(),
            vmware_vm_id: r.source_vm.id.clone(),
        });
        let target = match lifecycle::target(None, Operation::StartReplication) {
            Some(Target::To(s)) => s,
            _ => Status::Replicating,
        };
        // Read, decide, then compare-and-set; a lost race reads again.
        for attempt in 0..CAS_ATTEMPTS {
            if attempt > 0 {
                backoff(attempt).await;
            }
            let existing = self.ports.store.find_contexts(&identity).await?.pop();
            let Some(ctx) = existing else {
                let job = self.new_job(r, None)?;
                let lock = self.provisioning_lock(log);
                let provision = lock.is_some();
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
                match self
                    .ports
                    .store
                    .insert_context_with_job(new, target, job, lock)
                    .await?
                {
                    InsertContextWithJob::Inserted(c, j) => {
                        tracing::info!(context_id = %c.context_id, job_id = %j.job_id, "context created and job started");
                        return Ok((*c, *j, provision));
                    }
                    InsertContextWithJob::Exists { .. } => continue,
                }
            };
            if ctx.current_status == Status::Replicating {
                if let Some((c, j)) = self.resume_start(&ctx, log).await? {
                    return Ok((c, j, true));
                }
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
            let stale_start = ctx.active_operation == Some(Operation::StartReplication);
            if !stale_start {
                check_unlocked(&ctx)?;
            }
            let to = match lifecycle::check(
                &ctx.context_id,
                ctx.current_status,
                Operation::StartReplication,
            )? {
                Target::To(s) => s,
                _ => Status::Replicating,
            };
            let mut job = self.new_job(r, Some(&ctx))?;
            // Everything in place (an incremental's usual case): one write,
            // no lock, no provisioning steps.
            let in_place = provisioning::in_place(&self.ports, &ctx, &job.disks).await?;
            let lock = match in_place {
                Some(mounted) => {
                    job.mounted_volumes = mounted;
                    None
                }
                None => self.provisioning_lock(log),
            };
            let provision = lock.is_some();
            match self
                .ports
                .store
                .start_job(&ctx.context_id, ctx.current_status, to, job, lock)
                .await?
            {
                StartJob::Started(c, j) => {
                    tracing::info!(context_id = %c.context_id, job_id = %j.job_id, replication_type = j.replication_type.as_str(), "job started");
                    return Ok((*c, *j, provision));
                }
                // A job start that ended without releasing its lock frees
                // the context only once its lease has run out.
                StartJob::Conflict if stale_start => check_unlocked(&ctx)?,
                StartJob::Conflict => {}
            }
        }
        Err(contended(&r.source_vm.id))
    }

    /// The lock a job start takes while it provisions (none without a
    /// volume daemon: nothing to provision, one write).
    fn provisioning_lock(&self, log: &JobTracker) -> Option<LockRequest> {
        self.ports.volumes.as_ref()?;
        Some(LockRequest {
            operation: Operation::StartReplication.as_str().to_owned(),
            owner: log.job_id().to_owned(),
            lease_until: self.ports.clock.now() + lease(&self.ports),
        })
    }

    /// Takes over a job start that crashed or failed while provisioning
    /// (its lease ran out), to finish it.
    async fn resume_start(
        &self,
        ctx: &ReplicationContext,
        log: &JobTracker,
    ) -> Result<Option<(ReplicationContext, ReplicationJob)>> {
        if self.ports.volumes.is_none() || ctx.active_operation != Some(Operation::StartReplication)
        {
            return Ok(None);
        }
        let now = self.ports.clock.now();
        let resumed = self
            .ports
            .store
            .resume_job_start(
                &ctx.context_id,
                Operation::StartReplication.as_str(),
                log.job_id(),
                now,
                now + lease(&self.ports),
            )
            .await?;
        if let Some((c, j)) = &resumed {
            tracing::info!(context_id = %c.context_id, job_id = %j.job_id, "resuming the job start");
        }
        Ok(resumed)
    }

    /// The job to insert; `incremental` when the VM synced before, unless the
    /// request says otherwise.
    ///
    /// Every disk of the VM (as the request reports it now; a request naming
    /// no disk keeps the context's) gets the change
    /// id its copy starts from: the one the context keeps for it, or empty
    /// (a full copy) for a disk added since the last sync and for every disk
    /// of an initial job. A request's `previous_change_id` stands for the
    /// one disk of a one-disk VM; for several disks it is refused (CBT keeps
    /// one change id per disk).
    fn new_job(
        &self,
        r: &CreateMigrationRequest,
        ctx: Option<&ReplicationContext>,
    ) -> Result<NewJob> {
        // A request that names no disk keeps the disks recorded on the
        // context (a host that sends only the VM's id and name must not make
        // the context forget its disks).
        let disks = match ctx {
            Some(c) if r.source_vm.disks.is_empty() => &c.source_vm.disks,
            _ => &r.source_vm.disks,
        };
        let explicit = r.previous_change_id.as_str();
        if !explicit.is_empty() && disks.len() > 1 {
            return Err(Error::validation(
                "previous_change_id",
                format!(
                    "one change id cannot start {} disks: VMware CBT keeps one per disk and \
                     each disk starts from its own last change id; leave it empty",
                    disks.len()
                ),
            ));
        }
        // The VM's change id from before ids were per disk (and of a VM
        // without disks).
        let legacy = ctx.and_then(|c| c.last_change_id.as_deref()).unwrap_or("");
        let remembered: DiskChangeIds = disks
            .iter()
            .map(|d| {
                let id = ctx.and_then(|c| c.last_change_ids.get(&d.id));
                (d.id.clone(), id.cloned().unwrap_or_default())
            })
            .collect();
        let synced = if disks.is_empty() {
            !legacy.is_empty()
        } else {
            remembered.values().any(|id| !id.is_empty())
        };
        let previous_change_id = match (explicit, disks.len()) {
            ("", 0) => legacy.to_owned(),
            ("", 1) => remembered.values().next().cloned().unwrap_or_default(),
            ("", _) => String::new(),
            (explicit, _) => explicit.to_owned(),
        };
        let replication_type = match r.replication_type {
            Some(t) => t,
            None if synced => ReplicationType::Incremental,
            None => ReplicationType::Initial,
        };
        let previous_change_ids: DiskChangeIds = match replication_type {
            ReplicationType::Initial => disks
                .iter()
                .map(|d| (d.id.clone(), String::new()))
                .collect(),
            ReplicationType::Incremental if !explicit.is_empty() => disks
                .iter()
                .map(|d| (d.id.clone(), explicit.to_owned()))
                .collect(),
            ReplicationType::Incremental => remembered,
        };
        if replication_type == ReplicationType::Incremental
            && previous_change_id.is_empty()
            && previous_change_ids.values().all(String::is_empty)
        {
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
            previous_change_ids,
            disks: disks.clone(),
            snapshot_id: r.snapshot_id.clone(),
            schedule_execution_id: r.schedule_execution_id.clone(),
            vm_group_id: r.vm_group_id.clone(),
            scheduled_by: r.scheduled_by.clone(),
            mounted_volumes: 0,
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
        Ok(page(items, (f.offset, f.limit, f.after.as_deref()), |j| {
            cursor::after_started(j.started_at, &j.job_id)
        }))
    }

    /// Records progress of an active job (the first report moves it from
    /// `pending` to `running`). Not written to the job log: hosts report often.
    pub async fn update_job_progress(
        &self,
        r: &UpdateJobProgressRequest,
    ) -> Result<ReplicationJob> {
        validate::id("job_id", &r.job_id)?;
        validate::progress(r.progress_percent)?;
        if !r.disks.is_empty() {
            let job = self.get_job(&r.job_id).await?;
            validate::known_disks("disks", &job.previous_change_ids, r.disks.keys())?;
        }
        let now = self.ports.clock.now();
        let updated = self
            .ports
            .store
            .update_job_progress(
                &r.job_id,
                r.progress_percent,
                r.bytes_transferred,
                r.total_bytes,
                &r.disks,
                now,
            )
            .await?;
        match updated {
            Some(job) => Ok(job),
            None => {
                let job = self.get_job(&r.job_id).await?;
                if job.status.is_active()
                    && let Some(ctx) = self.ports.store.get_context(&job.context_id).await?
                {
                    // Still being provisioned by its start.
                    check_unlocked(&ctx)?;
                }
                Err(inactive(&job, Op::UpdateJobProgress.as_str()))
            }
        }
    }

    /// The host reports success: the context becomes `ready_for_failover`
    /// and remembers each disk's change id for the next incremental:
    /// `change_ids` (one per disk), or a single `change_id` for a VM with one
    /// disk (or none). Bad ids are a `validation` error and change nothing;
    /// see [`CompleteJobRequest`](crate::model::CompleteJobRequest).
    pub async fn complete_job(
        &self,
        job_id: &str,
        change_id: &str,
        change_ids: Option<&DiskChangeIds>,
    ) -> Result<ReplicationJob> {
        validate::id("job_id", job_id)?;
        validate::free_text("change_id", change_id)?;
        let job = self.get_job(job_id).await?;
        let outcome = completion(&job, change_id, change_ids)?;
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
        for attempt in 0..CAS_ATTEMPTS {
            if attempt > 0 {
                backoff(attempt).await;
            }
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
            if op == Operation::CompleteJob {
                // A job completes only once its start has provisioned it
                // (the start's lock is gone); cancel or fail it instead.
                check_unlocked(&ctx)?;
            }
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

/// What a completion records, checked against the job's disks (every disk
/// of the VM when it started).
fn completion(
    job: &ReplicationJob,
    change_id: &str,
    change_ids: Option<&DiskChangeIds>,
) -> Result<JobOutcome> {
    let disks = &job.previous_change_ids;
    match change_ids {
        Some(ids) => {
            if !change_id.is_empty() {
                return Err(Error::validation(
                    "change_id",
                    "give change_id (a one-disk VM) or change_ids (one per disk), not both",
                ));
            }
            validate::change_ids(disks, ids)?;
            // The one disk's id stays readable as the single change id.
            let single = if disks.len() <= 1 {
                ids.values().next().cloned()
            } else {
                None
            };
            Ok(JobOutcome::Completed {
                change_id: single,
                change_ids: ids.clone(),
            })
        }
        None if disks.len() > 1 && !change_id.is_empty() => Err(Error::validation(
            "change_id",
            format!(
                "the VM has {} disks ({}) and VMware CBT keeps one change id per disk: \
                 give change_ids, one per disk",
                disks.len(),
                disks.keys().cloned().collect::<Vec<_>>().join(", ")
            ),
        )),
        None => {
            let change_ids = match disks.keys().next() {
                Some(disk) if !change_id.is_empty() => {
                    DiskChangeIds::from([(disk.clone(), change_id.to_owned())])
                }
                _ => DiskChangeIds::new(),
            };
            Ok(JobOutcome::Completed {
                change_id: Some(change_id.to_owned()),
                change_ids,
            })
        }
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
