//! Services hold the rules: they ask the lifecycle table, validate input, run
//! steps through the job log, and call ports. They never touch SQL or
//! processes.

pub mod cascade;
pub mod clones;
pub mod failover;
pub mod management;
pub mod operation;
pub mod provisioning;
pub mod reconcile;
pub mod replication;
pub mod schedules;
pub mod validate;

use crate::error::{Error, Result};
use crate::joblog::JobTracker;
use crate::model::response::{DEFAULT_PAGE, MAX_PAGE};
use crate::model::{ContextRef, Page, ReplicationContext};
use crate::ports::{Clock, JobLog, NbdExporter, Store, TargetCloud, VolumeDaemon};
use std::sync::Arc;
use std::time::Duration;

/// The ports every service works through.
#[derive(Clone)]
pub struct Ports {
    /// Contexts and jobs.
    pub store: Arc<dyn Store>,
    /// The audit trail.
    pub log: Arc<dyn JobLog>,
    /// Time.
    pub clock: Arc<dyn Clock>,
    /// Target volumes; without one, jobs provision nothing.
    pub volumes: Option<Arc<dyn VolumeDaemon>>,
    /// NBD exports; without one, volumes are not exported.
    pub exporter: Option<Arc<dyn NbdExporter>>,
    /// The target cloud; failovers need one.
    pub cloud: Option<Arc<dyn TargetCloud>>,
    /// The instance id of this appliance (the OMA) in the volume daemon.
    pub appliance_id: String,
    /// How long an operation's lock lasts without a step renewing it: after
    /// a crash, the same operation can resume once it has passed.
    pub lease: Duration,
}

impl Ports {
    /// Opens a log job for `operation`.
    pub fn track(&self, operation: &str, context_id: Option<&str>) -> JobTracker {
        JobTracker::start(self.log.clone(), self.clock.clone(), operation, context_id)
    }

    /// One replication job: `not_found` when there is none.
    pub async fn job(&self, job_id: &str) -> Result<crate::model::ReplicationJob> {
        validate::id("job_id", job_id)?;
        self.store
            .get_job(job_id)
            .await?
            .ok_or_else(|| Error::NotFound {
                kind: "job",
                id: job_id.to_owned(),
            })
    }

    /// The one context `r` names: `not_found` for none, `ambiguous` for several.
    pub async fn resolve_context(&self, r: &ContextRef) -> Result<ReplicationContext> {
        validate::context_ref(r)?;
        let kind_id = match r {
            ContextRef::ContextId(id) => id.clone(),
            ContextRef::Vm(v) => format!("{}/{}", v.vcenter_host, v.vmware_vm_id),
            ContextRef::VmwareVmId(id) => id.clone(),
            ContextRef::VmName(name) => name.clone(),
        };
        let mut found = self.store.find_contexts(r).await?;
        match found.len() {
            0 => Err(Error::NotFound {
                kind: "context",
                id: kind_id,
            }),
            1 => Ok(found.remove(0)),
            _ => Err(Error::Ambiguous {
                id: kind_id,
                matches: found.into_iter().map(|c| c.context_id).collect(),
            }),
        }
    }
}

/// How often a compare-and-set that lost a race is retried (with
/// [`backoff`]) before the caller sees `storage`: a race lost this often
/// means the context changes faster than it can be read.
pub(crate) const CAS_ATTEMPTS: u32 = 64;

/// Waits before retry `attempt` of a lost compare-and-set: a jittered,
/// exponentially growing pause (up to ~20 ms), so racing processes spread out.
/// Sleeps on the blocking pool, so it needs no timer in the caller's runtime.
pub(crate) async fn backoff(attempt: u32) {
    if attempt == 0 {
        tokio::task::yield_now().await;
        return;
    }
    let cap_us = 20_000u64.min(250u64 << attempt.min(7));
    let pause = std::time::Duration::from_micros(fastrand::u64(cap_us / 2..=cap_us));
    let _ = tokio::task::spawn_blocking(move || std::thread::sleep(pause)).await;
}

/// The error after [`CAS_ATTEMPTS`] lost races.
pub(crate) fn contended(context_id: &str) -> Error {
    Error::Storage {
        details: format!("context {context_id} kept changing; try again"),
    }
}

/// `operation_in_progress` when a multi-step operation holds the context.
pub(crate) fn check_unlocked(ctx: &ReplicationContext) -> Result<()> {
    match ctx.active_operation {
        Some(op) => Err(Error::OperationInProgress {
            context_id: ctx.context_id.clone(),
            operation: op.as_str().to_owned(),
            job_id: ctx.active_operation_job_id.clone().unwrap_or_default(),
        }),
        None => Ok(()),
    }
}

/// A page of `items` listed with (offset, limit, after): a full page
/// answers where the next one starts, by cursor (always) and by offset
/// (when the listing went by offset).
pub(crate) fn page<T>(
    items: Vec<T>,
    (offset, limit, after): (u64, Option<u32>, Option<&str>),
    cursor: impl Fn(&T) -> String,
) -> Page<T> {
    let limit = limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE) as usize;
    let full = items.len() == limit;
    Page {
        next_offset: (full && after.is_none()).then(|| offset + items.len() as u64),
        next_cursor: items.last().filter(|_| full).map(cursor),
        items,
    }
}

/// A failure as it is kept in a context's `last_error`: control characters
/// replaced and at most [`LAST_ERROR_MAX`] characters, so hostile input
/// echoed in an error never lands in the record whole.
pub(crate) fn bounded_error(error: &str) -> String {
    let mut out: String = error
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(LAST_ERROR_MAX)
        .collect();
    if error.chars().nth(LAST_ERROR_MAX).is_some() {
        out.push('…');
    }
    out
}

/// The longest `last_error` kept, in characters.
pub(crate) const LAST_ERROR_MAX: usize = 1024;
