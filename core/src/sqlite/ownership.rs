//! Who owns what: the last step of a job deletion, volumes handed over to a
//! migrated VM (remembered beyond their context), and reconcile's orphan
//! sightings. Every value is bound; each function is one transaction.

use super::db::{Database, DbError};
use super::rows::{collect, parse_ts, ts};
use crate::model::Status;
use crate::ports::store::HandedOverVolume;
use chrono::{DateTime, Utc};
use rusqlite::params;

/// See [`crate::ports::JobStore::finish_job_deletion`].
pub(crate) fn finish_job_deletion(
    db: &Database,
    job_id: &str,
    volume_ids: &[String],
    forget_sync: bool,
    new_status: Status,
    owner: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbError> {
    let result = db.write(|tx| {
        let now = ts(now);
        let released = tx
            .prepare_cached(
                "UPDATE vm_replication_contexts
                 SET active_operation = NULL, active_operation_job_id = NULL,
                     operation_lease_expires_at = NULL, last_error = NULL, updated_at = ?3,
                     last_status_change = CASE WHEN ?2 = current_status
                                               THEN last_status_change ELSE ?3 END,
                     current_status = ?2,
                     last_change_id = CASE WHEN ?5 THEN NULL ELSE last_change_id END,
                     last_change_ids = CASE WHEN ?5 THEN '{}' ELSE last_change_ids END,
                     last_successful_job_id = CASE WHEN ?5 OR last_successful_job_id = ?4
                                                   THEN NULL ELSE last_successful_job_id END
                 WHERE active_operation_job_id = ?1
                   AND context_id = (SELECT context_id FROM replication_jobs WHERE job_id = ?4)",
            )?
            .execute(params![owner, new_status.as_str(), now, job_id, forget_sync])?;
        if released == 0 {
            return Err(DbError::Conflict);
        }
        let mut forget = tx.prepare_cached(
            "DELETE FROM volumes WHERE volume_id = ?1
               AND context_id = (SELECT context_id FROM replication_jobs WHERE job_id = ?2)",
        )?;
        for v in volume_ids {
            forget.execute(params![v, job_id])?;
        }
        tx.prepare_cached(
            "DELETE FROM replication_jobs WHERE job_id = ?1 AND status NOT IN ('pending', 'running')",
        )?
        .execute(params![job_id])?;
        Ok(())
    });
    match result {
        Ok(()) => Ok(true),
        Err(DbError::Conflict) => Ok(false),
        Err(e) => Err(e),
    }
}

/// See [`crate::ports::VolumeStore::hand_over_volumes`].
pub(crate) fn hand_over_volumes(
    db: &Database,
    context_id: &str,
    vm_id: Option<&str>,
    now: DateTime<Utc>,
) -> Result<usize, DbError> {
    db.write(|tx| {
        Ok(tx
            .prepare_cached(
                "INSERT INTO handed_over_volumes (volume_id, name, context_id, vm_id, handed_over_at)
                 SELECT volume_id, name, context_id, ?2, ?3 FROM volumes WHERE context_id = ?1
                 ON CONFLICT (volume_id) DO NOTHING",
            )?
            .execute(params![context_id, vm_id, ts(now)])?)
    })
}

/// See [`crate::ports::VolumeStore::handed_over_volumes`].
pub(crate) fn handed_over_volumes(db: &Database) -> Result<Vec<HandedOverVolume>, DbError> {
    db.read(|tx| {
        let mut stmt = tx.prepare_cached(
            "SELECT volume_id, name, context_id, vm_id FROM handed_over_volumes ORDER BY rowid",
        )?;
        collect(stmt.query([])?, |r| {
            Ok(HandedOverVolume {
                volume_id: r.get(0)?,
                name: r.get(1)?,
                context_id: r.get(2)?,
                vm_id: r.get(3)?,
            })
        })
    })
}

/// See [`crate::ports::VolumeStore::note_orphans`].
pub(crate) fn note_orphans(
    db: &Database,
    resources: &[String],
    now: DateTime<Utc>,
) -> Result<Vec<DateTime<Utc>>, DbError> {
    db.write(|tx| {
        let listed = serde_json::to_string(resources)?;
        tx.prepare_cached(
            "DELETE FROM orphan_sightings
             WHERE resource NOT IN (SELECT value FROM json_each(?1))",
        )?
        .execute(params![listed])?;
        let mut upsert = tx.prepare_cached(
            "INSERT INTO orphan_sightings (resource, first_seen) VALUES (?1, ?2)
             ON CONFLICT (resource) DO NOTHING",
        )?;
        let mut first =
            tx.prepare_cached("SELECT first_seen FROM orphan_sightings WHERE resource = ?1")?;
        let now = ts(now);
        resources
            .iter()
            .map(|r| {
                upsert.execute(params![r, now])?;
                let seen: String = first.query_row(params![r], |row| row.get(0))?;
                parse_ts("orphan_sightings.first_seen", &seen)
            })
            .collect()
    })
}
