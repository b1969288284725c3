//! Failover jobs in SQLite.

use super::db::DbError;
use super::rows::{collect, parse_enum, parse_ts, ts};
use super::store::SqliteStore;
use crate::error::Result;
use crate::model::{FailoverJob, FailoverKind, FailoverStatus};
use crate::ports::store::FailoverStore;
use async_trait::async_trait;
use rusqlite::{Row, params};

macro_rules! select_failover {
    ($rest:literal) => {
        concat!(
            "SELECT failover_job_id, context_id, kind, status, destination_vm_name,
                    destination_vm_id, log_job_id, created_at, updated_at, clones
             FROM failover_jobs ",
            $rest
        )
    };
}

fn failover_from_row(row: &Row<'_>) -> Result<FailoverJob, DbError> {
    Ok(FailoverJob {
        failover_job_id: row.get(0)?,
        context_id: row.get(1)?,
        kind: parse_enum(
            "failover_jobs.kind",
            &row.get::<_, String>(2)?,
            FailoverKind::parse,
        )?,
        status: parse_enum(
            "failover_jobs.status",
            &row.get::<_, String>(3)?,
            FailoverStatus::parse,
        )?,
        destination_vm_name: row.get(4)?,
        destination_vm_id: row.get(5)?,
        log_job_id: row.get(6)?,
        created_at: parse_ts("failover_jobs.created_at", &row.get::<_, String>(7)?)?,
        updated_at: parse_ts("failover_jobs.updated_at", &row.get::<_, String>(8)?)?,
        clones: serde_json::from_str(&row.get::<_, String>(9)?)?,
    })
}

#[async_trait]
impl FailoverStore for SqliteStore {
    async fn upsert_failover_job(&self, f: &FailoverJob) -> Result<()> {
        Ok(self.db.write(|tx| {
            tx.prepare_cached(
                "INSERT INTO failover_jobs (failover_job_id, context_id, kind, status,
                     destination_vm_name, destination_vm_id, log_job_id, created_at, updated_at,
                     clones)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT (failover_job_id) DO UPDATE SET status = excluded.status,
                     destination_vm_id = excluded.destination_vm_id,
                     updated_at = excluded.updated_at, clones = excluded.clones",
            )?
            .execute(params![
                f.failover_job_id,
                f.context_id,
                f.kind.as_str(),
                f.status.as_str(),
                f.destination_vm_name,
                f.destination_vm_id,
                f.log_job_id,
                ts(f.created_at),
                ts(f.updated_at),
                serde_json::to_string(&f.clones)?
            ])?;
            Ok(())
        })?)
    }

    async fn failover_jobs(&self, context_id: &str) -> Result<Vec<FailoverJob>> {
        Ok(self.db.read(|tx| {
            let mut stmt = tx.prepare_cached(select_failover!(
                "WHERE context_id = ?1 ORDER BY created_at DESC, rowid DESC"
            ))?;
            collect(stmt.query(params![context_id])?, failover_from_row)
        })?)
    }

    async fn open_failover_job(
        &self,
        context_id: &str,
        kind: FailoverKind,
    ) -> Result<Option<FailoverJob>> {
        Ok(self.db.read(|tx| {
            // The partial unique index holds only open jobs: one look-up,
            // however many failovers the context has had (the planner would
            // otherwise scan the context's whole history by the time index).
            let mut stmt = tx.prepare_cached(select_failover!(
                "INDEXED BY one_open_failover_per_context
                 WHERE context_id = ?1 AND kind = ?2 AND status IN ('in_progress', 'active')"
            ))?;
            Ok(collect(
                stmt.query(params![context_id, kind.as_str()])?,
                failover_from_row,
            )?
            .pop())
        })?)
    }

    async fn get_failover_job(&self, id: &str) -> Result<Option<FailoverJob>> {
        Ok(self.db.read(|tx| {
            let mut stmt = tx.prepare_cached(select_failover!("WHERE failover_job_id = ?1"))?;
            Ok(collect(stmt.query(params![id])?, failover_from_row)?.pop())
        })?)
    }
}
