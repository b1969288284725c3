//! Target volumes and their NBD exports: creation on job start, and the
//! idempotent moves every multi-step operation is built from. Each helper
//! compares what the ports report with what it wants, acts only on the
//! difference, and returns how many changes it made.

use super::Ports;
use super::operation::Locked;
use crate::error::{Error, Result};
use crate::joblog::{Effect, StepError};
use crate::model::{ReplicationContext, ReplicationJob, SourceDisk, VolumeRecord};
use crate::ports::{NbdExporter, PortError, VolumeDaemon};
use std::collections::HashSet;

pub use crate::model::names::{EXPORT_PREFIX, VOLUME_PREFIX, export_name, volume_name};

const GIB: u64 = 1 << 30;

/// Makes sure every source disk has its volume recorded: found by its
/// deterministic name when a crashed run created it, created otherwise.
pub(crate) async fn ensure_volumes(
    ports: &Ports,
    volumes: &dyn VolumeDaemon,
    ctx: &ReplicationContext,
    job_id: &str,
) -> Result<(Vec<VolumeRecord>, usize), StepError> {
    let mut records = ports.store.context_volumes(&ctx.context_id).await?;
    let mut created = 0;
    let existing = volumes.list_volumes().await?;
    let handed_over = handed_over_ids(ports).await?;
    for disk in &ctx.source_vm.disks {
        if records.iter().any(|r| r.disk_id == disk.id) {
            continue;
        }
        let name = volume_name(&ctx.context_id, &disk.id);
        // A volume of that name handed over to a migrated VM (an earlier
        // context with the same id) is never adopted.
        let found = existing
            .iter()
            .find(|v| v.name == name && !handed_over.contains(&v.volume_id));
        let volume = match found {
            Some(v) => v.clone(),
            None => {
                created += 1;
                volumes.create_volume(&name, disk.size_gb * GIB).await?
            }
        };
        tracing::info!(volume_id = %volume.volume_id, disk_id = %disk.id, size_gb = disk.size_gb, "volume ready");
        let record = VolumeRecord {
            export_name: export_name(&volume.volume_id),
            volume_id: volume.volume_id,
            context_id: ctx.context_id.clone(),
            disk_id: disk.id.clone(),
            name,
            size_bytes: volume.size_bytes,
            device_path: volume.device_path,
            created_by_job_id: job_id.to_owned(),
            owner_job_id: job_id.to_owned(),
            created_at: ports.clock.now(),
        };
        // A migrated VM's disk (its context may be gone, so no volume
        // record names it) is never taken as a replica either.
        if handed_over.contains(&record.volume_id) || !ports.store.upsert_volume(&record).await? {
            return Err(taken(&record).into());
        }
        records.push(record);
    }
    Ok((records, created))
}

/// The refusal of a volume id the store records for another context (or as
/// handed over to a migrated VM): the volume daemon answered an id it gave
/// before. Nothing is adopted and
/// nothing deleted — the other context's replica stays its own.
fn taken(record: &VolumeRecord) -> PortError {
    PortError::new(format!(
        "the volume daemon answered volume id {} for {} ({}), but that id is recorded \
         for another context or a migrated VM; refusing it so no other VM's replica is handed to this job \
         (check the volume daemon: ids must be unique)",
        record.volume_id, record.context_id, record.name
    ))
}

/// Attaches every volume to `instance`; on the appliance, records the
/// device paths.
pub(crate) async fn attach_all(
    ports: &Ports,
    volumes: &dyn VolumeDaemon,
    records: &mut [VolumeRecord],
    instance: &str,
) -> Result<usize, StepError> {
    let mut changes = 0;
    for r in records.iter_mut() {
        let v = volumes
            .get_volume(&r.volume_id)
            .await?
            .ok_or_else(|| PortError::new(format!("volume {} is missing", r.volume_id)))?;
        let path = match (&v.attached_to, &v.device_path) {
            (Some(at), Some(path)) if at == instance => path.clone(),
            _ => {
                changes += 1;
                let path = volumes.attach_volume(&r.volume_id, instance).await?;
                tracing::info!(volume_id = %r.volume_id, instance, device = %path, "volume attached");
                path
            }
        };
        if instance == ports.appliance_id && r.device_path.as_deref() != Some(&path) {
            r.device_path = Some(path);
            if !ports.store.upsert_volume(r).await? {
                return Err(taken(r).into());
            }
        }
    }
    Ok(changes)
}

/// Detaches every volume attached to `instance` (any instance when `None`).
pub(crate) async fn detach_all(
    volumes: &dyn VolumeDaemon,
    records: &[VolumeRecord],
    instance: Option<&str>,
) -> Result<usize, StepError> {
    let mut changes = 0;
    for r in records {
        let Some(v) = volumes.get_volume(&r.volume_id).await? else {
            continue;
        };
        let attached_here = match (&v.attached_to, instance) {
            (Some(_), None) => true,
            (Some(at), Some(want)) => at == want,
            (None, _) => false,
        };
        if attached_here {
            volumes.detach_volume(&r.volume_id).await?;
            tracing::info!(volume_id = %r.volume_id, from = ?v.attached_to, "volume detached");
            changes += 1;
        }
    }
    Ok(changes)
}

/// Publishes every volume (attached to the appliance) as its NBD export.
pub(crate) async fn export_all(
    exporter: &dyn NbdExporter,
    records: &[VolumeRecord],
) -> Result<usize, StepError> {
    let existing = exporter.list_exports().await?;
    let mut changes = 0;
    for r in records {
        if existing.iter().any(|e| e.name == r.export_name) {
            continue;
        }
        let device = r.device_path.as_deref().ok_or_else(|| {
            PortError::new(format!(
                "volume {} has no device path on the appliance",
                r.volume_id
            ))
        })?;
        let e = exporter.create_export(&r.export_name, device).await?;
        tracing::info!(export = %e.name, host = %e.host, port = e.port, "NBD export created");
        changes += 1;
    }
    Ok(changes)
}

/// Withdraws every volume's NBD export.
pub(crate) async fn unexport_all(
    exporter: &dyn NbdExporter,
    records: &[VolumeRecord],
) -> Result<usize, StepError> {
    let existing = exporter.list_exports().await?;
    let mut changes = 0;
    for r in records {
        if existing.iter().any(|e| e.name == r.export_name) {
            exporter.remove_export(&r.export_name).await?;
            tracing::info!(export = %r.export_name, "NBD export removed");
            changes += 1;
        }
    }
    Ok(changes)
}

/// Deletes every volume (detached first) on the volume daemon; the records
/// are the caller's to forget, in its last step.
pub(crate) async fn delete_all(
    volumes: &dyn VolumeDaemon,
    records: &[VolumeRecord],
) -> Result<usize, StepError> {
    let mut changes = 0;
    for r in records {
        if volumes.get_volume(&r.volume_id).await?.is_some() {
            volumes.delete_volume(&r.volume_id).await?;
            tracing::info!(volume_id = %r.volume_id, "volume deleted");
            changes += 1;
        }
    }
    Ok(changes)
}

/// The ids of every volume handed over to a migrated VM.
pub(crate) async fn handed_over_ids(ports: &Ports) -> Result<HashSet<String>> {
    Ok(ports
        .store
        .handed_over_volumes()
        .await?
        .into_iter()
        .map(|v| v.volume_id)
        .collect())
}

/// The number of a context's volumes when everything a job start provisions
/// is already in place — every disk's volume recorded, every volume attached
/// to the appliance at its recorded device and (with an exporter) exported —
/// so the start needs no lock and no step beyond its one write. `None` when
/// anything is missing or a port cannot tell: provisioning then finds out
/// under the lock, with its steps logged.
pub(crate) async fn in_place(
    ports: &Ports,
    ctx: &ReplicationContext,
    disks: &[SourceDisk],
) -> Result<Option<u32>> {
    let Some(volumes) = ports.volumes.as_deref() else {
        return Ok(None);
    };
    let records = ports.store.context_volumes(&ctx.context_id).await?;
    if !disks
        .iter()
        .all(|d| records.iter().any(|r| r.disk_id == d.id))
    {
        return Ok(None);
    }
    for r in &records {
        let attached = match volumes.get_volume(&r.volume_id).await {
            Ok(Some(v)) => {
                v.attached_to.as_deref() == Some(ports.appliance_id.as_str())
                    && v.device_path.is_some()
                    && v.device_path == r.device_path
            }
            _ => false,
        };
        if !attached {
            return Ok(None);
        }
    }
    if let Some(exporter) = ports.exporter.as_deref() {
        let Ok(exports) = exporter.list_exports().await else {
            return Ok(None);
        };
        if !records
            .iter()
            .all(|r| exports.iter().any(|e| e.name == r.export_name))
        {
            return Ok(None);
        }
    }
    Ok(u32::try_from(records.len()).ok())
}

/// Provisions a job that just started, under the `start_replication` lock
/// the job start took: one volume per source disk, attached to the
/// appliance and exported. Incremental jobs find everything in place; a
/// resumed start finds what a crashed one made. Returns (volumes created,
/// volumes attached to the appliance).
pub(crate) async fn provision(run: &Locked<'_>, job: &ReplicationJob) -> Result<(u32, u32)> {
    let ports = run.ports;
    let volumes = run
        .volumes()
        .map_err(|e| run.log.error_at("create-volumes", e))?;
    let mut created = 0;
    let mut records = Vec::new();
    run.ensure("create-volumes", async {
        let (r, n) = ensure_volumes(ports, volumes, &run.ctx, &job.job_id).await?;
        records = r;
        created = n;
        Ok(Effect::from_changes(n))
    })
    .await?;
    run.ensure("attach-volumes-to-appliance", async {
        let n = attach_all(ports, volumes, &mut records, &ports.appliance_id).await?;
        Ok(Effect::from_changes(n))
    })
    .await?;
    if let Some(exporter) = ports.exporter.as_deref() {
        run.ensure("create-nbd-exports", async {
            Ok(Effect::from_changes(export_all(exporter, &records).await?))
        })
        .await?;
    }
    let count = |n: usize| {
        u32::try_from(n).map_err(|_| Error::Internal {
            details: "too many volumes".into(),
        })
    };
    Ok((count(created)?, count(records.len())?))
}
