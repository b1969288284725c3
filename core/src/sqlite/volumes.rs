//! Volume records in SQLite; their hand-over and orphan sightings are in
//! [`super::ownership`].

use super::ownership;
use super::rows::{collect, from_sql_u64, parse_ts, to_sql_u64, ts};
use super::store::SqliteStore;
use crate::error::Result;
use crate::model::VolumeRecord;
use crate::ports::store::{HandedOverVolume, VolumeStore};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

#[async_trait]
impl VolumeStore for SqliteStore {
    async fn upsert_volume(&self, v: &VolumeRecord) -> Result<bool> {
        Ok(self.db.write(|tx| {
            Ok(tx
                .prepare_cached(
                    "INSERT INTO volumes (volume_id, context_id, disk_id, name, size_bytes,
                     device_path, export_name, created_by_job_id, created_at, owner_job_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT (volume_id) DO UPDATE SET device_path = excluded.device_path,
                     owner_job_id = excluded.owner_job_id
                 WHERE volumes.context_id = excluded.context_id
                       AND volumes.disk_id = excluded.disk_id",
                )?
                .execute(params![
                    v.volume_id,
                    v.context_id,
                    v.disk_id,
                    v.name,
                    to_sql_u64(v.size_bytes),
                    v.device_path,
                    v.export_name,
                    v.created_by_job_id,
                    ts(v.created_at),
                    v.owner_job_id
                ])?
                == 1)
        })?)
    }

    async fn context_volumes(&self, context_id: &str) -> Result<Vec<VolumeRecord>> {
        Ok(self.db.read(|tx| {
            let mut stmt = tx.prepare_cached(
                "SELECT volume_id, context_id, disk_id, name, size_bytes, device_path,
                        export_name, created_by_job_id, created_at, owner_job_id
                 FROM volumes WHERE context_id = ?1 ORDER BY rowid",
            )?;
            collect(stmt.query(params![context_id])?, |r| {
                Ok(VolumeRecord {
                    volume_id: r.get(0)?,
                    context_id: r.get(1)?,
                    disk_id: r.get(2)?,
                    name: r.get(3)?,
                    size_bytes: from_sql_u64(r.get(4)?),
                    device_path: r.get(5)?,
                    export_name: r.get(6)?,
                    created_by_job_id: r.get(7)?,
                    created_at: parse_ts("volumes.created_at", &r.get::<_, String>(8)?)?,
                    owner_job_id: r.get::<_, Option<String>>(9)?.unwrap_or_default(),
                })
            })
        })?)
    }

    async fn volume_context(&self, volume_id: &str) -> Result<Option<String>> {
        Ok(self.db.read(|tx| {
            Ok(tx
                .prepare_cached("SELECT context_id FROM volumes WHERE volume_id = ?1")?
                .query_row(params![volume_id], |r| r.get(0))
                .optional()?)
        })?)
    }

    async fn delete_volume_record(&self, volume_id: &str) -> Result<()> {
        Ok(self.db.write(|tx| {
            tx.prepare_cached("DELETE FROM volumes WHERE volume_id = ?1")?
                .execute(params![volume_id])?;
            Ok(())
        })?)
    }

    async fn hand_over_volumes(
        &self,
        context_id: &str,
        vm_id: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        Ok(ownership::hand_over_volumes(
            &self.db, context_id, vm_id, now,
        )?)
    }

    async fn handed_over_volumes(&self) -> Result<Vec<HandedOverVolume>> {
        Ok(ownership::handed_over_volumes(&self.db)?)
    }

    async fn note_orphans(
        &self,
        resources: &[String],
        now: DateTime<Utc>,
    ) -> Result<Vec<DateTime<Utc>>> {
        Ok(ownership::note_orphans(&self.db, resources, now)?)
    }
}
