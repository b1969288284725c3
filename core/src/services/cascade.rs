//! Removal: `remove_from_management` and `delete_job`, cascading through the
//! exporter and the volume daemon before the records go. The job log stays
//! as the audit trail.

use super::Ports;
use super::operation::Locked;
use super::provisioning::{delete_all, detach_all, handed_over_ids, unexport_all};
use crate::error::{Error, Result};
use crate::joblog::Effect;
use crate::lifecycle::Operation;
pub use crate::model::JobDeleted;
use crate::model::{ContextRef, Removed, Status, VolumeRecord};
use crate::ports::store::DeleteContext;

/// The removal service.
#[derive(Clone)]
pub struct Cascade {
    ports: Ports,
}

/// Withdraws the exports of `records`, detaches and deletes them on the
/// volume daemon. The records stay until the operation's last step deletes
/// them with everything else in one transaction, so a resumed run decides
/// from the same records as the first.
async fn destroy_volumes(run: &Locked<'_>, records: &[VolumeRecord]) -> Result<()> {
    if let Some(exporter) = run.ports.exporter.as_deref() {
        run.ensure("remove-nbd-exports", async {
            Ok(Effect::from_changes(unexport_all(exporter, records).await?))
        })
        .await?;
    }
    let Some(volumes) = run.ports.volumes.as_deref() else {
        return Ok(());
    };
    run.ensure("detach-volumes", async {
        Ok(Effect::from_changes(
            detach_all(volumes, records, None).await?,
        ))
    })
    .await?;
    run.ensure("delete-volumes", async {
        Ok(Effect::from_changes(delete_all(volumes, records).await?))
    })
    .await
}

/// The context's volume records that `keep` selects, less any handed over
/// to a migrated VM (never ours to touch).
async fn owned_records(
    run: &Locked<'_>,
    keep: impl Fn(&VolumeRecord) -> bool,
) -> Result<Vec<VolumeRecord>> {
    let handed_over = handed_over_ids(run.ports).await?;
    Ok(run
        .ports
        .store
        .context_volumes(&run.ctx.context_id)
        .await?
        .into_iter()
        .filter(|v| keep(v) && !handed_over.contains(&v.volume_id))
        .collect())
}

impl Cascade {
    /// A service over `ports`.
    pub fn new(ports: Ports) -> Self {
        Cascade { ports }
    }

    /// Removes a VM from management: its exports, volumes (unless the
    /// migration completed — then they belong to the migrated VM), jobs,
    /// failover records and the context itself.
    pub async fn remove_from_management(&self, r: &ContextRef) -> Result<Removed> {
        let ctx = self.ports.resolve_context(r).await?;
        self.ports
            .locked(
                ctx,
                Operation::RemoveFromManagement,
                async |run: &Locked<'_>| {
                    let ctx = &run.ctx;
                    if ctx.current_status == Status::Completed {
                        run.log
                            .skip_step("destroy-volumes", "the volumes belong to the migrated VM");
                    } else {
                        let records = run
                            .check("list-volumes", async {
                                Ok(owned_records(run, |_| true).await?)
                            })
                            .await?;
                        destroy_volumes(run, &records).await?;
                    }
                    let jobs_deleted = run
                        .step("delete-records", async {
                            match run
                                .ports
                                .store
                                .delete_context(
                                    &ctx.context_id,
                                    ctx.current_status,
                                    Some(run.log.job_id()),
                                )
                                .await?
                            {
                                DeleteContext::Deleted { jobs_deleted } => Ok(jobs_deleted),
                                DeleteContext::Conflict => {
                                    Err(super::contended(&ctx.context_id).into())
                                }
                            }
                        })
                        .await?;
                    tracing::info!(context_id = %ctx.context_id, jobs_deleted, "context removed");
                    Ok(Removed {
                        context_id: ctx.context_id.clone(),
                        jobs_deleted,
                        log_job_id: run.log.job_id().to_owned(),
                    })
                },
            )
            .await
    }

    /// Deletes a finished job with the volumes and exports it owns (the
    /// volumes it was the last job to replicate into). When volumes went,
    /// the context needs a new full sync: it returns to `discovered`.
    pub async fn delete_job(&self, job_id: &str) -> Result<JobDeleted> {
        super::validate::id("job_id", job_id)?;
        let job = self
            .ports
            .store
            .get_job(job_id)
            .await?
            .ok_or_else(|| Error::NotFound {
                kind: "job",
                id: job_id.to_owned(),
            })?;
        if job.status.is_active() {
            return Err(Error::InvalidTransition {
                subject: job.job_id,
                status: job.status.as_str().to_owned(),
                operation: Operation::DeleteJob.as_str().to_owned(),
            });
        }
        let ctx = self
            .ports
            .resolve_context(&ContextRef::ContextId(job.context_id.clone()))
            .await?;
        self.ports
            .locked(ctx, Operation::DeleteJob, async |run: &Locked<'_>| {
                let records = run
                    .check("list-volumes", async {
                        Ok(owned_records(run, |v| v.owner_job_id == job.job_id).await?)
                    })
                    .await?;
                destroy_volumes(run, &records).await?;
                let forget = !records.is_empty();
                // Volumes gone: the table's target (a new full sync is needed).
                let status = if forget {
                    run.status_after()
                } else {
                    run.ctx.current_status
                };
                let volume_ids: Vec<String> = records.iter().map(|v| v.volume_id.clone()).collect();
                run.step("delete-records", async {
                    let done = run
                        .ports
                        .store
                        .finish_job_deletion(
                            &job.job_id,
                            &volume_ids,
                            forget,
                            status,
                            run.log.job_id(),
                            run.ports.clock.now(),
                        )
                        .await?;
                    if !done {
                        return Err(Error::Internal {
                            details: format!(
                                "lost the lock of {} before releasing it",
                                run.ctx.context_id
                            ),
                        }
                        .into());
                    }
                    Ok(())
                })
                .await?;
                Ok(JobDeleted {
                    job_id: job.job_id.clone(),
                    context_id: run.ctx.context_id.clone(),
                    volumes_deleted: records.into_iter().map(|v| v.volume_id).collect(),
                    status,
                    log_job_id: run.log.job_id().to_owned(),
                })
            })
            .await
    }
}
