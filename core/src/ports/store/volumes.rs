//! Volumes: the records of a context's volumes, the volumes handed over to a
//! migrated VM (remembered beyond their context), and reconcile's orphan
//! sightings.

use crate::error::Result;
use crate::model::VolumeRecord;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// A volume handed over to a migrated VM: never touched again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandedOverVolume {
    /// The volume daemon's id.
    pub volume_id: String,
    /// Its name.
    pub name: String,
    /// The context it was replicated for (which may be gone).
    pub context_id: String,
    /// The migrated VM it belongs to.
    pub vm_id: Option<String>,
}

/// Persistence of volume records, their hand-over and orphan sightings.
#[async_trait]
pub trait VolumeStore: Send + Sync {
    /// Records (or updates) a volume of a context's disk; `false`, writing
    /// nothing, when its id is recorded for another context or another
    /// disk of this one (a volume daemon answering an id it gave before
    /// must never hand one VM's replica to another's job, nor one disk's
    /// replica to another disk).
    async fn upsert_volume(&self, volume: &VolumeRecord) -> Result<bool>;

    /// The volumes recorded on a context, in disk order of creation.
    async fn context_volumes(&self, context_id: &str) -> Result<Vec<VolumeRecord>>;

    /// The context a volume id is recorded for, `None` when it is recorded
    /// for none.
    async fn volume_context(&self, volume_id: &str) -> Result<Option<String>>;

    /// Forgets a volume.
    async fn delete_volume_record(&self, volume_id: &str) -> Result<()>;

    /// Records, durably and beyond the context's removal, that the
    /// context's volumes now belong to the migrated VM `vm_id`. Idempotent.
    async fn hand_over_volumes(
        &self,
        context_id: &str,
        vm_id: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<usize>;

    /// Every volume ever handed over to a migrated VM.
    async fn handed_over_volumes(&self) -> Result<Vec<HandedOverVolume>>;

    /// Notes that `resources` look orphaned now and returns when each was
    /// first seen so (forgetting earlier sightings not in the list), so
    /// `reconcile` removes only what stayed orphaned for its grace period.
    async fn note_orphans(
        &self,
        resources: &[String],
        now: DateTime<Utc>,
    ) -> Result<Vec<DateTime<Utc>>>;
}
