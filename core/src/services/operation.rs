//! Multi-step operations under a context's operation lock.
//!
//! [`Ports::locked`] checks the lifecycle table, opens the log job, takes the
//! lock (or resumes a crashed or failed run of the same operation whose lease
//! ran out), runs the body, and on failure records `last_error` and leaves
//! the lock to be resumed by running the same operation again. Each step
//! renews the lease first, so a live run is never taken over.

use super::Ports;
use super::management::check_unlocked;
use crate::error::{Error, Result};
use crate::joblog::{Effect, JobTracker, StepError};
use crate::lifecycle::{self, Operation};
use crate::model::{ContextRef, ReplicationContext, Status};
use crate::ports::store::AcquireOperation;
use crate::ports::{NbdExporter, TargetCloud, VolumeDaemon};
use std::future::Future;

/// A running operation: its log job and the context it holds.
pub struct Locked<'a> {
    /// The ports.
    pub ports: &'a Ports,
    /// The operation's log job.
    pub log: &'a JobTracker,
    /// The context, as it was when the lock was taken.
    pub ctx: ReplicationContext,
}

impl Locked<'_> {
    async fn renew(&self) -> Result<()> {
        let until = self.ports.clock.now() + lease(self.ports);
        if self
            .ports
            .store
            .renew_operation(&self.ctx.context_id, self.log.job_id(), until)
            .await?
        {
            Ok(())
        } else {
            Err(Error::OperationInProgress {
                context_id: self.ctx.context_id.clone(),
                operation: self.log.operation().to_owned(),
                job_id: self.log.job_id().to_owned(),
            })
        }
    }

    /// Runs a step under the lock.
    pub async fn step<T>(
        &self,
        name: &str,
        body: impl Future<Output = Result<T, StepError>>,
    ) -> Result<T> {
        self.renew().await?;
        self.log.run_step(name, body).await
    }

    /// Runs an idempotent step under the lock.
    pub async fn ensure(
        &self,
        name: &str,
        body: impl Future<Output = Result<Effect, StepError>>,
    ) -> Result<()> {
        self.renew().await?;
        self.log.run_ensure(name, body).await
    }

    /// Releases the lock, setting the new status (the last step).
    pub async fn release(&self, new_status: Option<Status>) -> Result<(), StepError> {
        let released = self
            .ports
            .store
            .finish_operation(
                &self.ctx.context_id,
                self.log.job_id(),
                new_status,
                self.ports.clock.now(),
            )
            .await?;
        if !released {
            return Err(Error::Internal {
                details: format!(
                    "lost the lock of {} before releasing it",
                    self.ctx.context_id
                ),
            }
            .into());
        }
        Ok(())
    }

    /// The volume daemon, or an `adapter` error when none is configured.
    pub fn volumes(&self) -> Result<&dyn VolumeDaemon, StepError> {
        self.ports
            .volumes
            .as_deref()
            .ok_or_else(|| missing("volume daemon"))
    }

    /// The NBD exporter, or an `adapter` error when none is configured.
    pub fn exporter(&self) -> Result<&dyn NbdExporter, StepError> {
        self.ports
            .exporter
            .as_deref()
            .ok_or_else(|| missing("NBD exporter"))
    }

    /// The target cloud, or an `adapter` error when none is configured.
    pub fn cloud(&self) -> Result<&dyn TargetCloud, StepError> {
        self.ports
            .cloud
            .as_deref()
            .ok_or_else(|| missing("target cloud"))
    }
}

fn missing(what: &str) -> StepError {
    StepError::Port(crate::ports::PortError::new(format!(
        "no {what} configured"
    )))
}

fn lease(ports: &Ports) -> chrono::Duration {
    chrono::Duration::from_std(ports.lease).unwrap_or(chrono::Duration::seconds(60))
}

impl Ports {
    /// Runs `body` as `op` under `ctx`'s operation lock (see the module docs).
    pub async fn locked<T>(
        &self,
        ctx: ReplicationContext,
        op: Operation,
        body: impl AsyncFnOnce(&Locked<'_>) -> Result<T>,
    ) -> Result<T> {
        lifecycle::check(&ctx.context_id, ctx.current_status, op)?;
        self.locked_as(ctx, op, op.as_str(), body).await
    }

    /// Runs `body` under the lock taken in the name of `lock` (resuming an
    /// expired run of it), logged as `log_name`. `abort_operation` uses it to
    /// take over a failed failover's lock and undo it.
    pub(crate) async fn locked_as<T>(
        &self,
        ctx: ReplicationContext,
        lock: Operation,
        log_name: &str,
        body: impl AsyncFnOnce(&Locked<'_>) -> Result<T>,
    ) -> Result<T> {
        let log = self.track(log_name, Some(&ctx.context_id));
        let context_id = ctx.context_id.clone();
        let result = async {
            let now = self.clock.now();
            let acquired = self
                .store
                .acquire_operation(
                    &ctx.context_id,
                    lock.as_str(),
                    log.job_id(),
                    ctx.current_status,
                    now,
                    now + lease(self),
                )
                .await?;
            let ctx = match acquired {
                AcquireOperation::Acquired(c) => *c,
                AcquireOperation::Conflict => return Err(self.refusal(&ctx.context_id, lock).await),
            };
            let locked = Locked {
                ports: self,
                log: &log,
                ctx,
            };
            let result = body(&locked).await;
            if let Err(e) = &result {
                let error = format!("{log_name} failed: {} ({})", e, e.details());
                let suspended = self
                    .store
                    .suspend_operation(&context_id, log.job_id(), &error, self.clock.now())
                    .await;
                // The operation's own error is what the caller needs; a store
                // that also failed to record it only delays a resume until the
                // lease runs out.
                if let Err(store) = suspended {
                    tracing::error!(context_id = %context_id, error = %store, "could not record the failure");
                }
            }
            result
        }
        .await;
        log.finish(Some(&context_id), result)
    }

    /// Why the lock could not be taken, as the caller should see it.
    async fn refusal(&self, context_id: &str, op: Operation) -> Error {
        let ctx = match self
            .resolve_context(&ContextRef::ContextId(context_id.to_owned()))
            .await
        {
            Ok(c) => c,
            Err(e) => return e,
        };
        if let Err(e) = check_unlocked(&ctx) {
            return e;
        }
        if let Err(e) = lifecycle::check(&ctx.context_id, ctx.current_status, op) {
            return e;
        }
        match self.store.active_job(context_id).await {
            Ok(Some(job)) => Error::ReplicationActive {
                context_id: context_id.to_owned(),
                job_id: job.job_id,
            },
            Ok(None) => super::management::contended(context_id),
            Err(e) => e,
        }
    }
}

/// A short, stable hash of a context id, for deterministic resource names.
pub(crate) fn short_hash(s: &str) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("{h:08x}")
}
