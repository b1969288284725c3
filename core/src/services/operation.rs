//! Multi-step operations under a context's operation lock, and the lock
//! rules (DESIGN §2), enforced here and nowhere else:
//!
//! * an operation that returns success holds no lock afterwards (its last
//!   step releases it);
//! * a refusal before any effect — a [`Locked::check`] step failing, before
//!   any [`Locked::step`] or [`Locked::ensure`] ran — releases a lock it took
//!   fresh and puts the context back exactly as it was (no `last_error`);
//! * a failure after an effect keeps the lock for that operation's own
//!   resume: the lease ends now, `last_error` records why (bounded and
//!   sanitised), and only running the same operation again (or
//!   `abort_operation` for a failover) can take it;
//! * a run that took over an earlier run's lock never releases it on a
//!   refusal: the earlier run's effects are still there to finish.
//!
//! [`Ports::locked`] checks the lifecycle table, opens the log job, takes the
//! lock (re-reading the context and retrying when it changed under it), runs
//! the body and applies the rules above. Each step renews the lease first,
//! so a live run is never taken over.
//!
//! Where a step starts, a call run under a [`crate::cancel`] token stops if
//! its caller cancelled it (then the rules above apply as to any failure),
//! and the token records the step, for the bindings' logs and ports.

use super::{CAS_ATTEMPTS, Ports, backoff, bounded_error, check_unlocked};
use crate::cancel::{self, RunningStep};
use crate::error::{Error, ErrorCode, Result};
use crate::joblog::{Effect, JobTracker, StepError};
use crate::lifecycle::{self, Operation, Target};
use crate::model::{ContextRef, ReplicationContext, Status};
use crate::ports::store::{AcquireOperation, Acquisition};
use crate::ports::{TargetCloud, VolumeDaemon};
use chrono::{DateTime, Utc};
use std::future::Future;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// How recently a renewed lease is fresh enough to skip renewing it before
/// the next step.
const RENEW_WINDOW: chrono::Duration = chrono::Duration::seconds(1);

/// A running operation: its log job and the context it holds.
pub struct Locked<'a> {
    /// The ports.
    pub ports: &'a Ports,
    /// The operation's log job.
    pub log: &'a JobTracker,
    /// The context, as it was when the lock was taken.
    pub ctx: ReplicationContext,
    /// The status the lifecycle table gives the operation on success;
    /// `None` leaves the status as it is (an abort, a job start).
    pub target: Option<Status>,
    /// Whether a step that may change something has started.
    touched: AtomicBool,
    /// When the lease was last taken or renewed (by this run's clock).
    renewed_at: Mutex<DateTime<Utc>>,
}

impl<'a> Locked<'a> {
    /// A run holding a lock that another write took (a job start holds
    /// `start_replication` from the transaction that inserted the job).
    pub(crate) fn new(ports: &'a Ports, log: &'a JobTracker, ctx: ReplicationContext) -> Self {
        Locked {
            ports,
            log,
            ctx,
            target: None,
            touched: AtomicBool::new(true),
            renewed_at: Mutex::new(ports.clock.now()),
        }
    }

    /// Renews the lease before a step — unless this run took or renewed it
    /// within [`RENEW_WINDOW`] (at most a sixteenth of the lease): most steps
    /// of an operation follow each other within milliseconds, and a step
    /// still starts with all of its lease but that sliver, so a step shorter
    /// than the lease less one second is never taken over.
    async fn renew(&self) -> Result<()> {
        let now = self.ports.clock.now();
        let lease = lease(self.ports);
        let window = (lease / 16).min(RENEW_WINDOW);
        let renewed_at = *self.renewed_at.lock().unwrap_or_else(|e| e.into_inner());
        if now >= renewed_at && now < renewed_at + window {
            return Ok(());
        }
        let until = now + lease;
        if self
            .ports
            .store
            .renew_operation(&self.ctx.context_id, self.log.job_id(), until)
            .await?
        {
            *self.renewed_at.lock().unwrap_or_else(|e| e.into_inner()) = now;
            Ok(())
        } else {
            Err(Error::OperationInProgress {
                context_id: self.ctx.context_id.clone(),
                operation: self.log.operation().to_owned(),
                job_id: self.log.job_id().to_owned(),
            })
        }
    }

    /// Runs a step that only reads and decides (validation, look-ups): its
    /// failure is a refusal, which releases a fresh lock.
    pub async fn check<T>(
        &self,
        name: &str,
        body: impl Future<Output = Result<T, StepError>>,
    ) -> Result<T> {
        self.in_step(name, async { self.log.run_step(name, body).await })
            .await
    }

    /// Runs `step` as the call's running step, unless the caller cancelled
    /// the call: then it stops here, before the step.
    async fn in_step<T>(&self, name: &str, step: impl Future<Output = Result<T>>) -> Result<T> {
        let Some(token) = cancel::current() else {
            return step.await;
        };
        if token.is_cancelled() {
            let why = crate::ports::PortError::new("cancelled by the caller before this step");
            return Err(self.log.error_at(name, StepError::Port(why)));
        }
        token.set_step(Some(RunningStep {
            operation: self.log.operation().to_owned(),
            context_id: self.ctx.context_id.clone(),
            job_id: self.log.job_id().to_owned(),
            step: name.to_owned(),
        }));
        let result = step.await;
        token.set_step(None);
        result
    }

    /// Marks the run as having (possibly) changed something, for a write
    /// made outside a step (opening a failover job record).
    pub(crate) fn touch(&self) {
        self.touched.store(true, Ordering::Release);
    }

    /// Runs a step that may change something, under the lock.
    pub async fn step<T>(
        &self,
        name: &str,
        body: impl Future<Output = Result<T, StepError>>,
    ) -> Result<T> {
        self.in_step(name, async {
            self.renew().await?;
            self.touched.store(true, Ordering::Release);
            self.log.run_step(name, body).await
        })
        .await
    }

    /// Runs an idempotent step under the lock.
    pub async fn ensure(
        &self,
        name: &str,
        body: impl Future<Output = Result<Effect, StepError>>,
    ) -> Result<()> {
        self.in_step(name, async {
            self.renew().await?;
            self.touched.store(true, Ordering::Release);
            self.log.run_ensure(name, body).await
        })
        .await
    }

    /// The status the operation leaves the context in on success.
    pub fn status_after(&self) -> Status {
        self.target.unwrap_or(self.ctx.current_status)
    }

    /// Releases the lock, setting the status the lifecycle table gives
    /// (the last step).
    pub async fn release_to_target(&self) -> Result<(), StepError> {
        self.release(self.target).await
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

    /// Ends the lease now without releasing the lock, recording `why`: an
    /// immediate re-run of the same operation takes it over and finishes.
    pub async fn suspend(&self, why: &str) -> Result<bool> {
        self.ports
            .store
            .suspend_operation(
                &self.ctx.context_id,
                self.log.job_id(),
                &bounded_error(why),
                self.ports.clock.now(),
            )
            .await
    }

    /// The volume daemon, or an `adapter` error when none is configured.
    pub fn volumes(&self) -> Result<&dyn VolumeDaemon, StepError> {
        self.ports
            .volumes
            .as_deref()
            .ok_or_else(|| missing("volume daemon"))
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

pub(crate) fn lease(ports: &Ports) -> chrono::Duration {
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
        let target = match lifecycle::check(&ctx.context_id, ctx.current_status, op)? {
            Target::To(s) => Some(s),
            Target::StatusBeforeJob | Target::Deleted => None,
        };
        self.run_locked(ctx, op, op.as_str(), target, body).await
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
        self.run_locked(ctx, lock, log_name, None, body).await
    }

    async fn run_locked<T>(
        &self,
        ctx: ReplicationContext,
        lock: Operation,
        log_name: &str,
        target: Option<Status>,
        body: impl AsyncFnOnce(&Locked<'_>) -> Result<T>,
    ) -> Result<T> {
        let log = self.track(log_name, Some(&ctx.context_id));
        let context_id = ctx.context_id.clone();
        let result = async {
            // No later than the lease's start: the renewal window below it
            // ends early, never late.
            let acquired_at = self.clock.now();
            let (ctx, acquisition) = self.acquire(ctx, lock, &log).await?;
            let locked = Locked {
                ports: self,
                log: &log,
                ctx,
                target,
                touched: AtomicBool::new(false),
                renewed_at: Mutex::new(acquired_at),
            };
            let result = body(&locked).await;
            if let Err(e) = &result {
                self.after_failure(&locked, acquisition, log_name, e).await;
            }
            result
        }
        .await;
        log.finish(Some(&context_id), result)
    }

    /// Takes the lock, re-reading the context while another writer changed
    /// it between our read and our compare-and-set.
    async fn acquire(
        &self,
        mut ctx: ReplicationContext,
        lock: Operation,
        log: &JobTracker,
    ) -> Result<(ReplicationContext, Acquisition)> {
        for attempt in 0..CAS_ATTEMPTS {
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
            if let AcquireOperation::Acquired(c, how) = acquired {
                return Ok((*c, how));
            }
            ctx = self.refusal(&ctx.context_id, lock).await?;
            backoff(attempt).await;
        }
        Err(super::contended(&ctx.context_id))
    }

    /// Applies the lock rules to a failed run (see the module docs).
    async fn after_failure(
        &self,
        run: &Locked<'_>,
        acquisition: Acquisition,
        log_name: &str,
        e: &Error,
    ) {
        let context_id = &run.ctx.context_id;
        let owner = run.log.job_id();
        let error = format!("{log_name} failed: {} ({})", e, e.details());
        if let (
            Acquisition::Fresh {
                previous_updated_at,
            },
            false,
        ) = (acquisition, run.touched.load(Ordering::Acquire))
        {
            // Bad input leaves no trace; a port or store failure is recorded.
            let bad_input = matches!(
                e.code(),
                ErrorCode::Validation | ErrorCode::NotFound | ErrorCode::Ambiguous
            );
            let (last_error, at) = if bad_input {
                (None, previous_updated_at)
            } else {
                (Some(bounded_error(&error)), self.clock.now())
            };
            match self
                .store
                .release_operation(context_id, owner, last_error.as_deref(), at)
                .await
            {
                Ok(_) => return,
                Err(store) => {
                    tracing::error!(context_id = %context_id, error = %store, "could not release the lock of a refused operation");
                }
            }
        }
        // The operation's own error is what the caller needs; a store that
        // also failed to record it only delays a resume until the lease
        // runs out.
        if let Err(store) = run.suspend(&error).await {
            tracing::error!(context_id = %context_id, error = %store, "could not record the failure");
        }
    }

    /// Why the lock could not be taken, as the caller should see it; or the
    /// context as it is now when nothing forbids another attempt.
    async fn refusal(&self, context_id: &str, op: Operation) -> Result<ReplicationContext> {
        let ctx = self
            .resolve_context(&ContextRef::ContextId(context_id.to_owned()))
            .await?;
        // Locked — by another operation, or by a live run of this one (an
        // expired run of the same operation would have been taken over).
        check_unlocked(&ctx)?;
        lifecycle::check(&ctx.context_id, ctx.current_status, op)?;
        if let Some(job) = self.store.active_job(context_id).await? {
            return Err(Error::ReplicationActive {
                context_id: context_id.to_owned(),
                job_id: job.job_id,
            });
        }
        Ok(ctx)
    }
}
