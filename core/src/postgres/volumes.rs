//! Volume records in PostgreSQL; their hand-over and orphan sightings are in
//! [`super::ownership`].

use super::ownership;
use super::rows::{col, collect, to_sql_u64, u64_col};
use super::store::PostgresStore;
use crate::error::Result;
use crate::model::VolumeRecord;
use crate::ports::store::{HandedOverVolume, VolumeStore};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[async_trait]
impl VolumeStore for PostgresStore {
    async fn upsert_volume(&self, v: &VolumeRecord) -> Result<bool> {
        let size = to_sql_u64(v.size_bytes);
        Ok(self
            .db
            .autocommit(|s| async move {
                Ok(s.execute(
                    "INSERT INTO volumes (volume_id, context_id, disk_id, name, size_bytes,
                         device_path, export_name, created_by_job_id, created_at, owner_job_id)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                     ON CONFLICT (volume_id) DO UPDATE SET device_path = excluded.device_path,
                         owner_job_id = excluded.owner_job_id
                     WHERE volumes.context_id = excluded.context_id
                       AND volumes.disk_id = excluded.disk_id",
                    &[
                        &v.volume_id,
                        &v.context_id,
                        &v.disk_id,
                        &v.name,
                        &size,
                        &v.device_path,
                        &v.export_name,
                        &v.created_by_job_id,
                        &v.created_at,
                        &v.owner_job_id,
                    ],
                )
                .await?
                    == 1)
            })
            .await?)
    }

    async fn context_volumes(&self, context_id: &str) -> Result<Vec<VolumeRecord>> {
        Ok(self
            .db
            .read(|s| async move {
                let rows = s
                    .query(
                        "SELECT volume_id, context_id, disk_id, name, size_bytes, device_path,
                                export_name, created_by_job_id, created_at, owner_job_id
                         FROM volumes WHERE context_id = $1 ORDER BY seq",
                        &[&context_id],
                    )
                    .await?;
                collect(&rows, |r| {
                    Ok(VolumeRecord {
                        volume_id: col(r, 0)?,
                        context_id: col(r, 1)?,
                        disk_id: col(r, 2)?,
                        name: col(r, 3)?,
                        size_bytes: u64_col(r, 4)?,
                        device_path: col(r, 5)?,
                        export_name: col(r, 6)?,
                        created_by_job_id: col(r, 7)?,
                        created_at: col(r, 8)?,
                        owner_job_id: col::<Option<String>>(r, 9)?.unwrap_or_default(),
                    })
                })
            })
            .await?)
    }

    async fn volume_context(&self, volume_id: &str) -> Result<Option<String>> {
        Ok(self
            .db
            .read(|s| async move {
                let row = s
                    .query_opt(
                        "SELECT context_id FROM volumes WHERE volume_id = $1",
                        &[&volume_id],
                    )
                    .await?;
                row.map(|r| col(&r, 0)).transpose()
            })
            .await?)
    }

    async fn delete_volume_record(&self, volume_id: &str) -> Result<()> {
        Ok(self
            .db
            .autocommit(|s| async move {
                s.execute("DELETE FROM volumes WHERE volume_id = $1", &[&volume_id])
                    .await?;
                Ok(())
            })
            .await?)
    }

    async fn hand_over_volumes(
        &self,
        context_id: &str,
        vm_id: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        Ok(ownership::hand_over_volumes(&self.db, context_id, vm_id, now).await?)
    }

    async fn handed_over_volumes(&self) -> Result<Vec<HandedOverVolume>> {
        Ok(ownership::handed_over_volumes(&self.db).await?)
    }

    async fn note_orphans(
        &self,
        resources: &[String],
        now: DateTime<Utc>,
    ) -> Result<Vec<DateTime<Utc>>> {
        Ok(ownership::note_orphans(&self.db, resources, now).await?)
    }
}
