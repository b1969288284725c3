//! Services hold the rules: they ask the lifecycle table, validate input, run
//! steps through the job log, and call ports. They never touch SQL or
//! processes.

pub mod cascade;
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
use crate::model::{ContextRef, ReplicationContext};
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
