//! The clones a test VM runs on (DESIGN §4): one writable point-in-time
//! clone per replica volume, made by the volume daemon, recorded on the
//! failover job, attached to the test VM and deleted by the cleanup. The
//! replica stays attached to the appliance and exported the whole time, and
//! never receives a write from a test VM.

use super::operation::Locked;
use crate::joblog::StepError;
pub use crate::model::names::clone_name;
use crate::model::{FailoverJob, TestClone, VolumeRecord};
use crate::ports::store::HandedOverVolume;
use crate::ports::{PortError, VolumeDaemon};

/// Makes sure every replica volume has its clone, recorded on `job` (saved
/// after each clone). Returns how many clones this call made.
pub(crate) async fn ensure_clones(
    run: &Locked<'_>,
    volumes: &dyn VolumeDaemon,
    records: &[VolumeRecord],
    job: &mut FailoverJob,
) -> Result<usize, StepError> {
    let mut made = 0;
    let mut existing = None;
    let mut handed_over = HandedOver::default();
    for r in records {
        if let Some(c) = job.clones.iter().find(|c| c.disk_id == r.disk_id) {
            if volumes.get_volume(&c.volume_id).await?.is_some() {
                continue;
            }
            return Err(PortError::new(format!(
                "clone {} of volume {} is missing",
                c.volume_id, r.volume_id
            ))
            .into());
        }
        let name = clone_name(&run.ctx.context_id, &r.disk_id);
        if existing.is_none() {
            existing = Some(volumes.list_volumes().await?);
        }
        let found = existing
            .as_deref()
            .unwrap_or_default()
            .iter()
            .find(|v| v.name == name)
            .cloned();
        let clone = match found {
            Some(v) => v,
            None => {
                made += 1;
                volumes.clone_volume(&r.volume_id, &name).await?
            }
        };
        refuse_recorded(run, &clone.volume_id, &name, &mut handed_over).await?;
        tracing::info!(volume_id = %clone.volume_id, source = %r.volume_id, disk_id = %r.disk_id, "test clone ready");
        job.clones.push(TestClone {
            disk_id: r.disk_id.clone(),
            source_volume_id: r.volume_id.clone(),
            volume_id: clone.volume_id,
            name,
        });
        job.updated_at = run.ports.clock.now();
        run.ports.store.upsert_failover_job(job).await?;
    }
    Ok(made)
}

/// What the store records `volume_id` as, when it records it at all: a
/// context's replica or a volume handed over to a migrated VM — never a
/// clone, whatever a volume daemon answering an id it gave before says.
/// `handed_over` is read once per call ([`HandedOver`]).
async fn recorded_as(
    run: &Locked<'_>,
    volume_id: &str,
    handed_over: &mut HandedOver,
) -> Result<Option<String>, StepError> {
    if let Some(c) = run.ports.store.volume_context(volume_id).await? {
        return Ok(Some(format!("a replica volume of context {c}")));
    }
    let migrated = handed_over
        .get(run)
        .await?
        .iter()
        .any(|h| h.volume_id == volume_id);
    Ok(migrated.then(|| "a migrated VM's volume".to_owned()))
}

/// The volumes handed over to migrated VMs, read from the store on first use.
#[derive(Default)]
struct HandedOver(Option<Vec<HandedOverVolume>>);

impl HandedOver {
    async fn get(&mut self, run: &Locked<'_>) -> Result<&[HandedOverVolume], StepError> {
        if self.0.is_none() {
            self.0 = Some(run.ports.store.handed_over_volumes().await?);
        }
        Ok(self.0.as_deref().unwrap_or_default())
    }
}

/// Refuses a clone the store records as another volume ([`recorded_as`]):
/// recorded on the failover job, such a "clone" would be attached to the
/// test VM (written by it) and deleted by the cleanup.
async fn refuse_recorded(
    run: &Locked<'_>,
    volume_id: &str,
    name: &str,
    handed_over: &mut HandedOver,
) -> Result<(), StepError> {
    let Some(whose) = recorded_as(run, volume_id, handed_over).await? else {
        return Ok(());
    };
    Err(PortError::new(format!(
        "the volume daemon answered volume id {volume_id} for the clone {name}, but that id is \
         recorded as {whose}; refusing it so the test VM never runs on (and the cleanup never \
         deletes) that volume (check the volume daemon: ids must be unique)"
    ))
    .into())
}

/// Attaches every clone of `job` to `instance`.
pub(crate) async fn attach_clones(
    volumes: &dyn VolumeDaemon,
    job: &FailoverJob,
    instance: &str,
) -> Result<usize, StepError> {
    let mut changes = 0;
    for c in &job.clones {
        let v = volumes
            .get_volume(&c.volume_id)
            .await?
            .ok_or_else(|| PortError::new(format!("clone {} is missing", c.volume_id)))?;
        if v.attached_to.as_deref() != Some(instance) {
            let device = volumes.attach_volume(&c.volume_id, instance).await?;
            tracing::info!(volume_id = %c.volume_id, instance, %device, "clone attached");
            changes += 1;
        }
    }
    Ok(changes)
}

/// The clones a test failover of the context made: those its job records,
/// and any a killed run made before recording it, found by their exact
/// deterministic names (never a replica: those are excluded by id).
pub(crate) async fn known_clones(
    run: &Locked<'_>,
    volumes: &dyn VolumeDaemon,
    records: &[VolumeRecord],
    job: Option<&FailoverJob>,
) -> Result<Vec<String>, StepError> {
    let mut ids: Vec<String> = job
        .map(|j| j.clones.iter().map(|c| c.volume_id.clone()).collect())
        .unwrap_or_default();
    let names: Vec<String> = records
        .iter()
        .map(|r| clone_name(&run.ctx.context_id, &r.disk_id))
        .collect();
    for v in volumes.list_volumes().await? {
        if names.contains(&v.name) && !ids.contains(&v.volume_id) {
            ids.push(v.volume_id);
        }
    }
    ids.retain(|id| records.iter().all(|r| &r.volume_id != id));
    // Nor another context's replica or a migrated VM's volume a broken
    // daemon answered as a clone (a job recorded before that was refused).
    let mut handed_over = HandedOver::default();
    let mut kept = Vec::with_capacity(ids.len());
    for id in ids {
        if recorded_as(run, &id, &mut handed_over).await?.is_some() {
            tracing::warn!(volume_id = %id, "a clone id recorded as another volume is left alone");
        } else {
            kept.push(id);
        }
    }
    Ok(kept)
}

/// Detaches (from wherever they are) and deletes the clones `ids`.
pub(crate) async fn delete_clones(
    volumes: &dyn VolumeDaemon,
    ids: &[String],
) -> Result<usize, StepError> {
    let mut changes = 0;
    for id in ids {
        let Some(v) = volumes.get_volume(id).await? else {
            continue;
        };
        if v.attached_to.is_some() {
            volumes.detach_volume(id).await?;
        }
        volumes.delete_volume(id).await?;
        tracing::info!(volume_id = %id, "test clone deleted");
        changes += 1;
    }
    Ok(changes)
}
