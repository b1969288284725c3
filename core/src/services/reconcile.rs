//! `reconcile`: compares what the database records with what the volume
//! daemon and the exporter report, repairs what is safe to repair, and
//! reports the rest.

use super::Ports;
use super::provisioning::{EXPORT_PREFIX, VOLUME_PREFIX};
use crate::error::Result;
use crate::model::{ContextFilter, ReplicationContext, Status, VolumeRecord};
use serde::{Deserialize, Serialize};

/// What `reconcile` found and did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReconcileReport {
    /// Contexts compared.
    pub contexts_checked: usize,
    /// Differences repaired (a missing export recreated).
    pub repaired: Vec<String>,
    /// Orphans of ours removed (a `mk-` volume or `migration-vol-` export
    /// that no context records).
    pub removed: Vec<String>,
    /// Differences left for a person (a recorded volume that is gone, a
    /// volume attached where it should not be).
    pub reported: Vec<String>,
    /// The log job of the run.
    pub log_job_id: String,
}

/// Statuses in which a context's volumes sit on the appliance, exported.
fn exported_in(status: Status) -> bool {
    matches!(
        status,
        Status::Discovered | Status::Replicating | Status::ReadyForFailover | Status::Failed
    )
}

/// Whether a context is busy: its resources may be half-made right now.
fn busy(c: &ReplicationContext) -> bool {
    c.active_operation.is_some() || c.current_status == Status::Replicating
}

/// Runs a reconciliation.
pub async fn reconcile(ports: &Ports) -> Result<ReconcileReport> {
    let log = ports.track("reconcile", None);
    let result = async {
        let mut report = ReconcileReport {
            log_job_id: log.job_id().to_owned(),
            ..Default::default()
        };
        let mut contexts = Vec::new();
        let mut offset = 0;
        loop {
            let page = ports
                .store
                .list_contexts(&ContextFilter { status: None, limit: Some(10_000), offset })
                .await?;
            let n = page.len();
            contexts.extend(page);
            if n < 10_000 {
                break;
            }
            offset += n as u64;
        }
        report.contexts_checked = contexts.len();
        let mut records: Vec<(ReplicationContext, VolumeRecord)> = Vec::new();
        for c in &contexts {
            for v in ports.store.context_volumes(&c.context_id).await? {
                records.push((c.clone(), v));
            }
        }
        let (Some(volumes), exporter) = (ports.volumes.as_deref(), ports.exporter.as_deref()) else {
            return Ok(report);
        };
        log.run_step("compare-volumes", async {
            let actual = volumes.list_volumes().await?;
            for (c, r) in &records {
                match actual.iter().find(|v| v.volume_id == r.volume_id) {
                    None => report.reported.push(format!(
                        "{}: volume {} ({}) is recorded but the volume daemon has no such volume",
                        c.context_id, r.volume_id, r.disk_id
                    )),
                    Some(v) if exported_in(c.current_status) && !busy(c)
                        && v.attached_to.as_deref() != Some(ports.appliance_id.as_str()) =>
                    {
                        report.reported.push(format!(
                            "{}: volume {} should be attached to the appliance but is attached to {:?}",
                            c.context_id, r.volume_id, v.attached_to
                        ))
                    }
                    Some(_) => {}
                }
            }
            for v in actual.iter().filter(|v| v.name.starts_with(VOLUME_PREFIX)) {
                let recorded = records.iter().any(|(_, r)| r.volume_id == v.volume_id);
                let owner_busy = contexts
                    .iter()
                    .any(|c| busy(c) && v.name.starts_with(&format!("{VOLUME_PREFIX}{}-", c.context_id)));
                if recorded || owner_busy {
                    continue;
                }
                if v.attached_to.is_some() {
                    volumes.detach_volume(&v.volume_id).await?;
                }
                volumes.delete_volume(&v.volume_id).await?;
                tracing::info!(volume_id = %v.volume_id, name = %v.name, "orphan volume removed");
                report.removed.push(format!("volume {} ({})", v.volume_id, v.name));
            }
            Ok(())
        })
        .await?;
        let Some(exporter) = exporter else {
            return Ok(report);
        };
        log.run_step("compare-exports", async {
            let actual = exporter.list_exports().await?;
            for (c, r) in &records {
                let present = actual.iter().any(|e| e.name == r.export_name);
                if present || !exported_in(c.current_status) || busy(c) {
                    continue;
                }
                let attached_here = volumes
                    .get_volume(&r.volume_id)
                    .await?
                    .is_some_and(|v| v.attached_to.as_deref() == Some(ports.appliance_id.as_str()));
                match (&r.device_path, attached_here) {
                    (Some(device), true) => {
                        exporter.create_export(&r.export_name, device).await?;
                        tracing::info!(export = %r.export_name, "missing export recreated");
                        report.repaired.push(format!("{}: export {} recreated", c.context_id, r.export_name));
                    }
                    _ => report.reported.push(format!(
                        "{}: export {} is missing and its volume is not on the appliance",
                        c.context_id, r.export_name
                    )),
                }
            }
            for e in actual.iter().filter(|e| e.name.starts_with(EXPORT_PREFIX)) {
                if records.iter().any(|(_, r)| r.export_name == e.name) {
                    continue;
                }
                exporter.remove_export(&e.name).await?;
                tracing::info!(export = %e.name, "orphan export removed");
                report.removed.push(format!("export {}", e.name));
            }
            Ok(())
        })
        .await?;
        Ok(report)
    }
    .await;
    log.finish(None, result)
}
