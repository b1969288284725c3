//! Who owns what: the last step of a job deletion, volumes handed over to a
//! migrated VM (remembered beyond their context), and reconcile's orphan
//! sightings. Every value is bound; each function is one transaction or one
//! statement.

use super::db::Database;
use super::error::PgError;
use super::rows::collect;
use crate::model::Status;
use crate::ports::store::HandedOverVolume;
use chrono::{DateTime, Utc};

/// See [`crate::ports::JobStore::finish_job_deletion`].
pub(crate) async fn finish_job_deletion(
    db: &Database,
    job_id: &str,
    volume_ids: &[String],
    forget_sync: bool,
    new_status: Status,
    owner: &str,
    now: DateTime<Utc>,
) -> Result<bool, PgError> {
    let result = db
        .write(|tx| async move {
            let released = tx
                .execute(
                    "UPDATE vm_replication_contexts
                     SET active_operation = NULL, active_operation_job_id = NULL,
                         operation_lease_expires_at = NULL, last_error = NULL, updated_at = $3,
                         last_status_change = CASE WHEN $2 = current_status
                                                   THEN last_status_change ELSE $3 END,
                         current_status = $2,
                         last_change_id = CASE WHEN $5 THEN NULL ELSE last_change_id END,
                         last_change_ids = CASE WHEN $5 THEN '{}'::jsonb ELSE last_change_ids END,
                         last_successful_job_id = CASE WHEN $5 OR last_successful_job_id = $4
                                                       THEN NULL ELSE last_successful_job_id END
                     WHERE active_operation_job_id = $1
                       AND context_id = (SELECT context_id FROM replication_jobs
                                         WHERE job_id = $4)",
                    &[&owner, &new_status.as_str(), &now, &job_id, &forget_sync],
                )
                .await?;
            if released == 0 {
                return Err(PgError::Conflict);
            }
            tx.execute(
                "DELETE FROM volumes WHERE volume_id = ANY($1)
                   AND context_id = (SELECT context_id FROM replication_jobs WHERE job_id = $2)",
                &[&volume_ids, &job_id],
            )
            .await?;
            tx.execute(
                "DELETE FROM replication_jobs
                 WHERE job_id = $1 AND status NOT IN ('pending', 'running')",
                &[&job_id],
            )
            .await?;
            Ok(())
        })
        .await;
    match result {
        Ok(()) => Ok(true),
        Err(PgError::Conflict) => Ok(false),
        Err(e) => Err(e),
    }
}

/// See [`crate::ports::VolumeStore::hand_over_volumes`].
pub(crate) async fn hand_over_volumes(
    db: &Database,
    context_id: &str,
    vm_id: Option<&str>,
    now: DateTime<Utc>,
) -> Result<usize, PgError> {
    db.autocommit(|s| async move {
        let n = s
            .execute(
                "INSERT INTO handed_over_volumes (volume_id, name, context_id, vm_id, handed_over_at)
                 SELECT volume_id, name, context_id, $2, $3 FROM volumes WHERE context_id = $1
                 ORDER BY seq
                 ON CONFLICT (volume_id) DO NOTHING",
                &[&context_id, &vm_id, &now],
            )
            .await?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    })
    .await
}

/// See [`crate::ports::VolumeStore::handed_over_volumes`].
pub(crate) async fn handed_over_volumes(db: &Database) -> Result<Vec<HandedOverVolume>, PgError> {
    db.read(|s| async move {
        let rows = s
            .query(
                "SELECT volume_id, name, context_id, vm_id FROM handed_over_volumes ORDER BY seq",
                &[],
            )
            .await?;
        collect(&rows, |r| {
            Ok(HandedOverVolume {
                volume_id: r.try_get(0)?,
                name: r.try_get(1)?,
                context_id: r.try_get(2)?,
                vm_id: r.try_get(3)?,
            })
        })
    })
    .await
}

/// See [`crate::ports::VolumeStore::note_orphans`].
pub(crate) async fn note_orphans(
    db: &Database,
    resources: &[String],
    now: DateTime<Utc>,
) -> Result<Vec<DateTime<Utc>>, PgError> {
    db.write(|tx| async move {
        tx.execute(
            "DELETE FROM orphan_sightings WHERE resource <> ALL($1)",
            &[&resources],
        )
        .await?;
        // In one order, so two nodes noting the same resources never wait
        // on each other crosswise.
        tx.execute(
            "INSERT INTO orphan_sightings (resource, first_seen)
             SELECT DISTINCT r, $2::timestamptz FROM unnest($1::text[]) AS r ORDER BY r
             ON CONFLICT (resource) DO NOTHING",
            &[&resources, &now],
        )
        .await?;
        let rows = tx
            .query(
                "SELECT resource, first_seen FROM orphan_sightings WHERE resource = ANY($1)",
                &[&resources],
            )
            .await?;
        let mut seen = std::collections::HashMap::with_capacity(rows.len());
        for r in &rows {
            seen.insert(
                r.try_get::<_, String>(0)?,
                r.try_get::<_, DateTime<Utc>>(1)?,
            );
        }
        resources
            .iter()
            .map(|r| {
                seen.get(r).copied().ok_or_else(|| PgError::Corrupt {
                    column: "orphan_sightings.resource",
                    value: r.clone(),
                })
            })
            .collect()
    })
    .await
}
