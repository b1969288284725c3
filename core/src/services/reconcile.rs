//! `reconcile`: compares what the database records with what the volume
//! daemon and the exporter report and returns a plan — what it would
//! recreate, what it would remove, what it only reports. It changes
//! something only when asked to `apply`, and then removes only what it can
//! prove is an orphan of ours: ours by name, no record, attached to nothing,
//! never handed over to a migrated VM, and seen orphaned for at least the
//! grace period (an operation on another node may be about to record it).
//! Everything else is reported, never touched.

use super::Ports;
use super::provisioning::{EXPORT_PREFIX, VOLUME_PREFIX, handed_over_ids};
use crate::error::Result;
use crate::model::{ContextFilter, ReplicationContext, Status, VolumeRecord};
pub use crate::model::{DEFAULT_GRACE_SECONDS, ReconcileReport, ReconcileRequest};
use crate::ports::{NbdExport, Volume};
use crate::registry::Op;

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

/// Everything one run compares.
struct World {
    contexts: Vec<ReplicationContext>,
    records: Vec<(ReplicationContext, VolumeRecord)>,
    /// Test clones recorded on open test failovers.
    clones: Vec<String>,
    volumes: Vec<Volume>,
    exports: Vec<NbdExport>,
}

/// A resource that looks orphaned.
enum Orphan {
    Volume(Volume),
    Export(NbdExport),
}

impl Orphan {
    fn key(&self) -> String {
        match self {
            Orphan::Volume(v) => format!("volume {} ({})", v.volume_id, v.name),
            Orphan::Export(e) => format!("export {}", e.name),
        }
    }
}

/// Runs a reconciliation.
pub async fn reconcile(ports: &Ports, req: &ReconcileRequest) -> Result<ReconcileReport> {
    let log = ports.track(Op::Reconcile.as_str(), None);
    let result = async {
        let mut report = ReconcileReport {
            applied: req.apply,
            log_job_id: log.job_id().to_owned(),
            ..Default::default()
        };
        let world = log
            .run_step("read-state", async { Ok(read_world(ports).await?) })
            .await?;
        report.contexts_checked = world.contexts.len();
        let Some(volumes) = ports.volumes.as_deref() else {
            return Ok(report);
        };
        let handed_over = handed_over_ids(ports).await?;
        compare_records(ports, &world, &mut report);
        // Repairs: a recorded volume on the appliance whose export is gone.
        let mut repairs = Vec::new();
        if ports.exporter.is_some() {
            for (c, r) in &world.records {
                let present = world.exports.iter().any(|e| e.name == r.export_name);
                if present || !exported_in(c.current_status) || busy(c) {
                    continue;
                }
                let on_appliance = world.volumes.iter().any(|v| {
                    v.volume_id == r.volume_id
                        && v.attached_to.as_deref() == Some(ports.appliance_id.as_str())
                });
                match (&r.device_path, on_appliance) {
                    (Some(device), true) => repairs.push((c, r, device.clone())),
                    _ => report.reported.push(format!(
                        "{}: export {} is missing and its volume is not on the appliance",
                        c.context_id, r.export_name
                    )),
                }
            }
        }
        report.planned_repairs = repairs
            .iter()
            .map(|(c, r, _)| format!("{}: export {} recreated", c.context_id, r.export_name))
            .collect();
        // Orphans: ours by name, no record, never handed over, not busy.
        let mut candidates = Vec::new();
        for v in world.volumes.iter().filter(|v| v.name.starts_with(VOLUME_PREFIX)) {
            let recorded = world.records.iter().any(|(_, r)| r.volume_id == v.volume_id)
                || world.clones.contains(&v.volume_id);
            let owner_busy = world.contexts.iter().any(|c| {
                busy(c) && v.name.starts_with(&format!("{VOLUME_PREFIX}{}-", c.context_id))
            });
            if recorded || owner_busy {
                continue;
            }
            if handed_over.contains(&v.volume_id) {
                continue; // a migrated VM's disk: never ours again
            }
            if let Some(at) = &v.attached_to {
                report.reported.push(format!(
                    "volume {} ({}) has no record but is attached to {at}; left alone",
                    v.volume_id, v.name
                ));
                continue;
            }
            candidates.push(Orphan::Volume(v.clone()));
        }
        for e in world.exports.iter().filter(|e| e.name.starts_with(EXPORT_PREFIX)) {
            if !world.records.iter().any(|(_, r)| r.export_name == e.name) {
                candidates.push(Orphan::Export(e.clone()));
            }
        }
        let keys: Vec<String> = candidates.iter().map(Orphan::key).collect();
        let now = ports.clock.now();
        let first_seen = ports.store.note_orphans(&keys, now).await?;
        // A grace past what a duration holds (u64::MAX seconds) is forever,
        // not a panic.
        let grace = i64::try_from(req.grace_seconds.unwrap_or(DEFAULT_GRACE_SECONDS))
            .ok()
            .and_then(chrono::Duration::try_seconds)
            .unwrap_or(chrono::Duration::MAX);
        let mut removals = Vec::new();
        for (orphan, seen) in candidates.into_iter().zip(first_seen) {
            let age = now - seen;
            if age >= grace {
                removals.push(orphan);
            } else {
                report.reported.push(format!(
                    "{} looks orphaned (first seen {}s ago); removable after the grace period",
                    orphan.key(),
                    age.num_seconds()
                ));
            }
        }
        report.planned_removals = removals.iter().map(Orphan::key).collect();
        if !req.apply {
            return Ok(report);
        }
        if let Some(exporter) = ports.exporter.as_deref() {
            log.run_step("recreate-exports", async {
                for (c, r, device) in &repairs {
                    exporter.create_export(&r.export_name, device).await?;
                    tracing::info!(export = %r.export_name, "missing export recreated");
                    report
                        .repaired
                        .push(format!("{}: export {} recreated", c.context_id, r.export_name));
                }
                Ok(())
            })
            .await?;
        }
        log.run_step("remove-orphans", async {
            for orphan in &removals {
                match orphan {
                    // Re-read: only a volume still detached is removed.
                    Orphan::Volume(v) => match volumes.get_volume(&v.volume_id).await? {
                        Some(now) if now.attached_to.is_none() => {
                            volumes.delete_volume(&v.volume_id).await?;
                            tracing::info!(volume_id = %v.volume_id, name = %v.name, "orphan volume removed");
                        }
                        _ => continue,
                    },
                    Orphan::Export(e) => match ports.exporter.as_deref() {
                        Some(exporter) => {
                            exporter.remove_export(&e.name).await?;
                            tracing::info!(export = %e.name, "orphan export removed");
                        }
                        None => continue,
                    },
                }
                report.removed.push(orphan.key());
            }
            Ok(())
        })
        .await?;
        Ok(report)
    }
    .await;
    log.finish(None, result)
}

/// Records, volumes and exports as they are now.
async fn read_world(ports: &Ports) -> Result<World> {
    let mut contexts = Vec::new();
    let mut after = None;
    loop {
        let page = ports
            .store
            .list_contexts(&ContextFilter {
                limit: Some(10_000),
                after,
                ..Default::default()
            })
            .await?;
        let n = page.len();
        after = page.last().map(|c| c.context_id.clone());
        contexts.extend(page);
        if n < 10_000 {
            break;
        }
    }
    let mut records = Vec::new();
    let mut clones = Vec::new();
    for c in &contexts {
        for v in ports.store.context_volumes(&c.context_id).await? {
            records.push((c.clone(), v));
        }
        if c.current_status == Status::FailedOverTest || c.active_operation.is_some() {
            let open = ports
                .store
                .open_failover_job(&c.context_id, crate::model::FailoverKind::Test)
                .await?;
            clones.extend(open.into_iter().flat_map(|j| j.clones).map(|c| c.volume_id));
        }
    }
    let volumes = match ports.volumes.as_deref() {
        Some(v) => v
            .list_volumes()
            .await
            .map_err(|e| port_error("list_volumes", e))?,
        None => Vec::new(),
    };
    let exports = match ports.exporter.as_deref() {
        Some(x) => x
            .list_exports()
            .await
            .map_err(|e| port_error("list_exports", e))?,
        None => Vec::new(),
    };
    Ok(World {
        contexts,
        records,
        clones,
        volumes,
        exports,
    })
}

fn port_error(call: &str, e: crate::ports::PortError) -> crate::error::Error {
    crate::error::Error::Adapter {
        operation: Op::Reconcile.as_str().into(),
        step: call.into(),
        details: e.message,
    }
}

/// Recorded volumes that are gone or not where their status says.
fn compare_records(ports: &Ports, world: &World, report: &mut ReconcileReport) {
    for (c, r) in &world.records {
        match world.volumes.iter().find(|v| v.volume_id == r.volume_id) {
            None => report.reported.push(format!(
                "{}: volume {} ({}) is recorded but the volume daemon has no such volume",
                c.context_id, r.volume_id, r.disk_id
            )),
            Some(v)
                if exported_in(c.current_status)
                    && !busy(c)
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
}
