//! Test failover and its cleanup; live failover, its rollback, and
//! completing the migration. Every step is idempotent, so running an
//! operation again after a failure or a crash resumes where it stopped.

use super::Ports;
use super::clones::{attach_clones, delete_clones, ensure_clones, known_clones};
use super::operation::Locked;
use super::provisioning::{attach_all, detach_all, export_all, unexport_all};
use crate::error::{Error, Result};
use crate::joblog::{Effect, StepError};
use crate::lifecycle::Operation;
pub use crate::model::names::destination_vm_name;
use crate::model::{
    ContextRef, FailoverJob, FailoverKind, FailoverResult, FailoverStatus, FailoverTarget,
    ReplicationContext, Status, ids,
};
use crate::ports::{PowerState, VmSpec};
use crate::registry::Op;

/// The failover service.
#[derive(Clone)]
pub struct Failover {
    ports: Ports,
}

struct Plan {
    op: Operation,
    kind: FailoverKind,
    /// Step names: (create VM, attach, power on).
    create: &'static str,
    attach: &'static str,
    power_on: &'static str,
}

/// A test VM runs on clones of the replica (DESIGN §4): the replica stays on
/// the appliance, exported.
const TEST: Plan = Plan {
    op: Operation::TestFailover,
    kind: FailoverKind::Test,
    create: "create-test-vm",
    attach: "attach-clones-to-test-vm",
    power_on: "power-on-test-vm",
};

/// The production VM runs on the replica itself: it becomes its disk.
const LIVE: Plan = Plan {
    op: Operation::LiveFailover,
    kind: FailoverKind::Live,
    create: "create-vm",
    attach: "attach-volumes-to-vm",
    power_on: "power-on-vm",
};

struct Undo {
    /// The operation the lock is taken as.
    op: Operation,
    kind: FailoverKind,
    mark: FailoverStatus,
    mark_step: &'static str,
    /// An abort: the failover never changed the status, nor does its undo.
    abort: bool,
    /// A failed final status update is logged, not fatal (DESIGN §4 cleanup).
    tolerate_status_failure: bool,
}

const CLEANUP: Undo = Undo {
    op: Operation::CleanupTestFailover,
    kind: FailoverKind::Test,
    mark: FailoverStatus::Cleaned,
    mark_step: "mark-failover-job-cleaned",
    abort: false,
    tolerate_status_failure: true,
};

const ROLLBACK: Undo = Undo {
    op: Operation::RollbackLiveFailover,
    kind: FailoverKind::Live,
    mark: FailoverStatus::RolledBack,
    mark_step: "mark-failover-job-rolled-back",
    abort: false,
    tolerate_status_failure: false,
};

/// Undoes a failed test failover: its lock is taken over and its effects
/// reversed; the status never changed.
const ABORT_TEST: Undo = Undo {
    op: Operation::TestFailover,
    kind: FailoverKind::Test,
    mark: FailoverStatus::Aborted,
    mark_step: "mark-failover-job-aborted",
    abort: true,
    tolerate_status_failure: false,
};

/// Undoes a failed live failover.
const ABORT_LIVE: Undo = Undo {
    op: Operation::LiveFailover,
    kind: FailoverKind::Live,
    mark: FailoverStatus::Aborted,
    mark_step: "mark-failover-job-aborted",
    abort: true,
    tolerate_status_failure: false,
};

impl Failover {
    /// A service over `ports`.
    pub fn new(ports: Ports) -> Self {
        Failover { ports }
    }

    /// Boots a test VM on the replicated volumes (`ready_for_failover` →
    /// `failed_over_test`).
    pub async fn test_failover(&self, r: &ContextRef) -> Result<FailoverResult> {
        self.fail_over(r, &TEST).await
    }

    /// Cuts over: the production VM runs on the volumes
    /// (`ready_for_failover` → `failed_over_live`).
    pub async fn live_failover(&self, r: &ContextRef) -> Result<FailoverResult> {
        self.fail_over(r, &LIVE).await
    }

    /// Removes the test VM and gives the volumes back to replication.
    pub async fn cleanup_test_failover(&self, t: &FailoverTarget) -> Result<FailoverResult> {
        self.undo(t, &CLEANUP).await
    }

    /// Undoes a live failover.
    pub async fn rollback_live_failover(&self, t: &FailoverTarget) -> Result<FailoverResult> {
        self.undo(t, &ROLLBACK).await
    }

    /// Finalises a live failover (`failed_over_live` → `completed`); the
    /// volumes now belong to the migrated VM.
    pub async fn complete_migration(&self, r: &ContextRef) -> Result<FailoverResult> {
        let ctx = self.ports.resolve_context(r).await?;
        self.ports
            .locked(
                ctx,
                Operation::CompleteMigration,
                async |run: &Locked<'_>| {
                    let mut job = run
                        .check("resolve-failover-job", async {
                            Ok(latest(run, FailoverKind::Live, None).await?)
                        })
                        .await?;
                    run.ensure("hand-over-volumes", async {
                        // Durable beyond the context: nothing touches these
                        // volumes again (DESIGN §4).
                        let n = run
                            .ports
                            .store
                            .hand_over_volumes(
                                &run.ctx.context_id,
                                job.destination_vm_id.as_deref(),
                                run.ports.clock.now(),
                            )
                            .await?;
                        Ok(Effect::from_changes(n))
                    })
                    .await?;
                    run.ensure("mark-failover-job-completed", async {
                        if job.status == FailoverStatus::Completed {
                            return Ok(Effect::AlreadyDone);
                        }
                        job.status = FailoverStatus::Completed;
                        job.updated_at = run.ports.clock.now();
                        run.ports.store.upsert_failover_job(&job).await?;
                        Ok(Effect::Done)
                    })
                    .await?;
                    run.step("vm-context-status-update", run.release_to_target())
                        .await?;
                    Ok(result(run, Some(&job), run.status_after(), Vec::new()))
                },
            )
            .await
    }

    async fn fail_over(&self, r: &ContextRef, plan: &Plan) -> Result<FailoverResult> {
        let ctx = self.ports.resolve_context(r).await?;
        self.ports
            .locked(ctx, plan.op, async |run: &Locked<'_>| {
                let ctx = &run.ctx;
                let mut records = Vec::new();
                run.check("validate", async {
                    run.cloud()?;
                    run.volumes()?;
                    records = run.ports.store.context_volumes(&ctx.context_id).await?;
                    if records.is_empty() {
                        return Err(Error::validation(
                            "context_id",
                            "the context has no replicated volumes (no volume daemon was configured when it replicated)",
                        )
                        .into());
                    }
                    Ok(())
                })
                .await?;
                let volumes = run.volumes().map_err(|e| adapter(run, "validate", e))?;
                let cloud = run.cloud().map_err(|e| adapter(run, "validate", e))?;
                let mut job;
                if plan.kind == FailoverKind::Test {
                    run.touch();
                    job = in_progress(run, plan.kind).await?;
                    run.ensure("create-test-clones", async {
                        Ok(Effect::from_changes(ensure_clones(run, volumes, &records, &mut job).await?))
                    })
                    .await?;
                } else {
                    if let Some(exporter) = run.ports.exporter.as_deref() {
                        run.ensure("remove-nbd-exports", async {
                            Ok(Effect::from_changes(unexport_all(exporter, &records).await?))
                        })
                        .await?;
                    }
                    let appliance = run.ports.appliance_id.as_str();
                    run.ensure("detach-volumes-from-appliance", async {
                        Ok(Effect::from_changes(detach_all(volumes, &records, Some(appliance)).await?))
                    })
                    .await?;
                    job = in_progress(run, plan.kind).await?;
                }
                run.ensure(plan.create, async {
                    if job.destination_vm_id.is_some() {
                        return Ok(Effect::AlreadyDone);
                    }
                    let (vm, effect) = match cloud.find_vm_by_name(&job.destination_vm_name).await? {
                        Some(vm) => (vm, Effect::AlreadyDone),
                        None => {
                            let spec = VmSpec {
                                name: job.destination_vm_name.clone(),
                                cpus: ctx.source_vm.cpus,
                                memory_mb: ctx.source_vm.memory_mb,
                                network: ctx.target_network.clone(),
                                os_type: ctx.source_vm.os_type.clone(),
                            };
                            (cloud.create_vm(&spec).await?, Effect::Done)
                        }
                    };
                    tracing::info!(vm_id = %vm.vm_id, name = %vm.name, "target VM ready");
                    job.destination_vm_id = Some(vm.vm_id);
                    job.updated_at = run.ports.clock.now();
                    run.ports.store.upsert_failover_job(&job).await?;
                    Ok(effect)
                })
                .await?;
                let vm_id = job.destination_vm_id.clone().unwrap_or_default();
                run.ensure(plan.attach, async {
                    let n = if plan.kind == FailoverKind::Test {
                        attach_clones(volumes, &job, &vm_id).await?
                    } else {
                        attach_all(run.ports, volumes, &mut records, &vm_id).await?
                    };
                    Ok(Effect::from_changes(n))
                })
                .await?;
                run.ensure(plan.power_on, async {
                    let vm = cloud.get_vm(&vm_id).await?.ok_or_else(|| {
                        crate::ports::PortError::new(format!("VM {vm_id} vanished"))
                    })?;
                    if vm.power_state == PowerState::On {
                        return Ok(Effect::AlreadyDone);
                    }
                    cloud.power_on(&vm_id).await?;
                    Ok(Effect::Done)
                })
                .await?;
                run.ensure("record-failover-job", async {
                    if job.status == FailoverStatus::Active {
                        return Ok(Effect::AlreadyDone);
                    }
                    job.status = FailoverStatus::Active;
                    job.updated_at = run.ports.clock.now();
                    run.ports.store.upsert_failover_job(&job).await?;
                    Ok(Effect::Done)
                })
                .await?;
                run.step("vm-context-status-update", run.release_to_target())
                    .await?;
                Ok(result(run, Some(&job), run.status_after(), Vec::new()))
            })
            .await
    }

    async fn undo(&self, t: &FailoverTarget, plan: &Undo) -> Result<FailoverResult> {
        let ctx = self.resolve_target(t).await?;
        let id = t.failover_job_id.as_deref();
        self.ports
            .locked(ctx, plan.op, async |run: &Locked<'_>| {
                undo_steps(run, id, plan).await
            })
            .await
    }

    /// Abandons a test or live failover that failed part-way (its lock is
    /// suspended): reverses whatever it did — the VM powered off and deleted,
    /// the volumes back on the appliance and exported — marks its failover job
    /// `aborted`, and frees the context in the status it kept. A running
    /// operation is `operation_in_progress`; anything else `invalid_transition`.
    pub async fn abort_operation(&self, r: &ContextRef) -> Result<FailoverResult> {
        let ctx = self.ports.resolve_context(r).await?;
        let plan = match ctx.active_operation {
            Some(Operation::TestFailover) => &ABORT_TEST,
            Some(Operation::LiveFailover) => &ABORT_LIVE,
            other => {
                return Err(Error::InvalidTransition {
                    subject: ctx.context_id.clone(),
                    status: match other {
                        Some(op) => format!("{} ({op} in progress)", ctx.current_status),
                        None => ctx.current_status.as_str().to_owned(),
                    },
                    operation: Op::AbortOperation.as_str().to_owned(),
                });
            }
        };
        self.ports
            .locked_as(
                ctx,
                plan.op,
                Op::AbortOperation.as_str(),
                async |run: &Locked<'_>| undo_steps(run, None, plan).await,
            )
            .await
    }

    /// The one context a cleanup or rollback names.
    async fn resolve_target(&self, t: &FailoverTarget) -> Result<ReplicationContext> {
        if let Some(id) = &t.failover_job_id {
            super::validate::id("failover_job_id", id)?;
        }
        if let Some(id) = &t.context_id {
            return self
                .ports
                .resolve_context(&ContextRef::ContextId(id.clone()))
                .await;
        }
        if let Some(id) = &t.vm_id {
            return self
                .ports
                .resolve_context(&ContextRef::VmwareVmId(id.clone()))
                .await;
        }
        if let Some(name) = &t.vm_name {
            return self
                .ports
                .resolve_context(&ContextRef::VmName(name.clone()))
                .await;
        }
        if let Some(id) = &t.failover_job_id {
            let job = self
                .ports
                .store
                .get_failover_job(id)
                .await?
                .ok_or_else(|| Error::NotFound {
                    kind: "failover_job",
                    id: id.clone(),
                })?;
            return self
                .ports
                .resolve_context(&ContextRef::ContextId(job.context_id))
                .await;
        }
        Err(Error::validation(
            "context_id",
            "name the context: context_id, vm_id, vm_name or failover_job_id",
        ))
    }
}

/// The steps of an undo: power off, detach, delete the VM, give the volumes
/// back to the appliance and re-export them, mark the failover job, and set
/// the status. A failed failover being aborted may have no job or VM yet.
async fn undo_steps(
    run: &Locked<'_>,
    failover_job_id: Option<&str>,
    plan: &Undo,
) -> Result<FailoverResult> {
    let ctx = &run.ctx;
    let mut job = run
        .check("resolve-failover-job", async {
            match latest(run, plan.kind, failover_job_id).await {
                Ok(j) => Ok(Some(j)),
                // Aborting a failover that failed before recording its job.
                Err(Error::NotFound { .. }) if plan.abort => Ok(None),
                Err(e) => Err(e.into()),
            }
        })
        .await?;
    let mut records = run.ports.store.context_volumes(&ctx.context_id).await?;
    let cloud = run
        .cloud()
        .map_err(|e| adapter(run, "resolve-failover-job", e))?;
    // The VM: by id when recorded, else by name (a crash right after creating it).
    let vm = match &job {
        Some(j) => match &j.destination_vm_id {
            Some(id) => cloud.get_vm(id).await,
            None => cloud.find_vm_by_name(&j.destination_vm_name).await,
        }
        .map_err(|e| adapter(run, "resolve-failover-job", e.into()))?,
        None => None,
    };
    let kind = plan.kind.as_str();
    run.ensure(&format!("power-off-{kind}-vm"), async {
        match &vm {
            Some(vm) if vm.power_state == PowerState::On => {
                cloud.power_off(&vm.vm_id).await?;
                Ok(Effect::Done)
            }
            _ => Ok(Effect::AlreadyDone),
        }
    })
    .await?;
    let volumes = run
        .volumes()
        .map_err(|e| adapter(run, "resolve-failover-job", e))?;
    run.ensure(&format!("detach-{kind}-vm-volumes"), async {
        let Some(vm) = &vm else {
            return Ok(Effect::AlreadyDone);
        };
        let mut changes = detach_all(volumes, &records, Some(&vm.vm_id)).await?;
        if let Some(j) = &job {
            for c in &j.clones {
                if let Some(v) = volumes.get_volume(&c.volume_id).await?
                    && v.attached_to.as_deref() == Some(vm.vm_id.as_str())
                {
                    volumes.detach_volume(&c.volume_id).await?;
                    changes += 1;
                }
            }
        }
        Ok(Effect::from_changes(changes))
    })
    .await?;
    run.ensure(&format!("delete-{kind}-vm"), async {
        let Some(vm) = &vm else {
            return Ok(Effect::AlreadyDone);
        };
        if cloud.get_vm(&vm.vm_id).await?.is_none() {
            return Ok(Effect::AlreadyDone);
        }
        cloud.delete_vm(&vm.vm_id).await?;
        tracing::info!(vm_id = %vm.vm_id, "target VM deleted");
        Ok(Effect::Done)
    })
    .await?;
    if plan.kind == FailoverKind::Test {
        run.ensure("delete-test-clones", async {
            let ids = known_clones(run, volumes, &records, job.as_ref()).await?;
            Ok(Effect::from_changes(delete_clones(volumes, &ids).await?))
        })
        .await?;
    }
    // A live failover gave the replica to its VM: it goes back to the
    // appliance and is exported again. A test failover never took it —
    // unless it began before test VMs ran on clones, which this repairs.
    let appliance = run.ports.appliance_id.clone();
    if plan.kind == FailoverKind::Live || !replica_in_place(run, volumes, &records).await? {
        run.ensure("reattach-volumes-to-appliance", async {
            Ok(Effect::from_changes(
                attach_all(run.ports, volumes, &mut records, &appliance).await?,
            ))
        })
        .await?;
        if let Some(exporter) = run.ports.exporter.as_deref() {
            run.ensure("recreate-nbd-exports", async {
                Ok(Effect::from_changes(export_all(exporter, &records).await?))
            })
            .await?;
        }
    }
    run.ensure(plan.mark_step, async {
        let Some(job) = job.as_mut().filter(|j| j.status != plan.mark) else {
            return Ok(Effect::AlreadyDone);
        };
        job.status = plan.mark;
        job.updated_at = run.ports.clock.now();
        run.ports.store.upsert_failover_job(job).await?;
        Ok(Effect::Done)
    })
    .await?;
    let mut warnings = Vec::new();
    let mut status = run
        .step("vm-context-status-update", run.release_to_target())
        .await;
    // A store hiccup on the last write is retried before it is tolerated.
    for attempt in 1..STATUS_ATTEMPTS {
        if status.is_ok() || !plan.tolerate_status_failure {
            break;
        }
        super::backoff(attempt).await;
        status = run
            .step("vm-context-status-update", run.release_to_target())
            .await;
    }
    let now_status = match status {
        Ok(()) => run.status_after(),
        Err(e) if plan.tolerate_status_failure => {
            // The test VM is gone and the volumes are back: the cleanup did
            // its work. The failed update is in the job log; the lease ends
            // now, so running the cleanup again at once finishes it.
            // The context is not left locked: unlocked in its old status
            // (a re-run finishes the update), or at worst suspended so an
            // immediate re-run takes it over.
            let why = format!("status update failed: {} ({})", e, e.details());
            if run.release(None).await.is_err()
                && let Err(store) = run.suspend(&why).await
            {
                tracing::error!(context_id = %ctx.context_id, error = %store, "could not release the lock; a re-run resumes once its lease runs out");
            }
            warnings.push(why);
            ctx.current_status
        }
        Err(e) => return Err(e),
    };
    Ok(result(run, job.as_ref(), now_status, warnings))
}

/// Whether every replica volume is on the appliance and exported.
async fn replica_in_place(
    run: &Locked<'_>,
    volumes: &dyn crate::ports::VolumeDaemon,
    records: &[crate::model::VolumeRecord],
) -> Result<bool> {
    let port = |e: crate::ports::PortError| adapter(run, "check-replica", e.into());
    let exports = match run.ports.exporter.as_deref() {
        Some(x) => Some(x.list_exports().await.map_err(port)?),
        None => None,
    };
    for r in records {
        let on_appliance = volumes
            .get_volume(&r.volume_id)
            .await
            .map_err(port)?
            .is_some_and(|v| v.attached_to.as_deref() == Some(run.ports.appliance_id.as_str()));
        let exported = exports
            .as_ref()
            .is_none_or(|xs| xs.iter().any(|e| e.name == r.export_name));
        if !on_appliance || !exported {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Attempts at a cleanup's final status update before it is tolerated.
const STATUS_ATTEMPTS: u32 = 3;

fn adapter(run: &Locked<'_>, step: &str, e: StepError) -> Error {
    run.log.error_at(step, e)
}

/// The context's open failover of `kind` — in progress, or already active
/// when a resumed run had recorded it — or a new one: one failover job per
/// failover, however often it resumes.
async fn in_progress(run: &Locked<'_>, kind: FailoverKind) -> Result<FailoverJob> {
    let open = run
        .ports
        .store
        .open_failover_job(&run.ctx.context_id, kind)
        .await?;
    if let Some(j) = open {
        return Ok(j);
    }
    let now = run.ports.clock.now();
    let job = FailoverJob {
        failover_job_id: ids::failover_job_id(now),
        context_id: run.ctx.context_id.clone(),
        kind,
        status: FailoverStatus::InProgress,
        destination_vm_name: destination_vm_name(&run.ctx, kind),
        destination_vm_id: None,
        log_job_id: run.log.job_id().to_owned(),
        clones: Vec::new(),
        created_at: now,
        updated_at: now,
    };
    run.ports.store.upsert_failover_job(&job).await?;
    Ok(job)
}

/// The failover job an undo addresses: by id, or the context's latest of `kind`.
async fn latest(run: &Locked<'_>, kind: FailoverKind, id: Option<&str>) -> Result<FailoverJob> {
    let store = &run.ports.store;
    let found = match id {
        Some(id) => store
            .get_failover_job(id)
            .await?
            .filter(|j| j.context_id == run.ctx.context_id),
        None => match store.open_failover_job(&run.ctx.context_id, kind).await? {
            Some(j) => Some(j),
            // A resumed undo whose mark step already ran: the newest one.
            None => store
                .failover_jobs(&run.ctx.context_id)
                .await?
                .into_iter()
                .find(|j| j.kind == kind),
        },
    };
    found.ok_or_else(|| Error::NotFound {
        kind: "failover_job",
        id: id.map_or_else(
            || format!("{} failover of {}", kind.as_str(), run.ctx.context_id),
            str::to_owned,
        ),
    })
}

/// The answer of a failover operation; an aborted failover may have no job.
fn result(
    run: &Locked<'_>,
    job: Option<&FailoverJob>,
    status: Status,
    warnings: Vec<String>,
) -> FailoverResult {
    FailoverResult {
        context_id: run.ctx.context_id.clone(),
        failover_job_id: job.map(|j| j.failover_job_id.clone()).unwrap_or_default(),
        destination_vm_id: job.and_then(|j| j.destination_vm_id.clone()),
        status,
        log_job_id: run.log.job_id().to_owned(),
        skipped_steps: run.log.skipped_steps(),
        warnings,
    }
}
