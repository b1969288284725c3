//! Failover jobs in PostgreSQL; the partial unique index keeps at most one
//! open per context.

use super::error::PgError;
use super::rows::{col, collect, enum_col, json_col};
use super::store::PostgresStore;
use crate::error::Result;
use crate::model::{FailoverJob, FailoverKind, FailoverStatus};
use crate::ports::store::FailoverStore;
use async_trait::async_trait;
use tokio_postgres::Row;
use tokio_postgres::types::Json;

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

fn failover_from_row(row: &Row) -> Result<FailoverJob, PgError> {
    Ok(FailoverJob {
        failover_job_id: col(row, 0)?,
        context_id: col(row, 1)?,
        kind: enum_col(row, 2, "failover_jobs.kind", FailoverKind::parse)?,
        status: enum_col(row, 3, "failover_jobs.status", FailoverStatus::parse)?,
        destination_vm_name: col(row, 4)?,
        destination_vm_id: col(row, 5)?,
        log_job_id: col(row, 6)?,
        created_at: col(row, 7)?,
        updated_at: col(row, 8)?,
        clones: json_col(row, 9)?,
    })
}

#[async_trait]
impl FailoverStore for PostgresStore {
    async fn upsert_failover_job(&self, f: &FailoverJob) -> Result<()> {
        Ok(self
            .db
            .autocommit(|s| async move {
                s.execute(
                    "INSERT INTO failover_jobs (failover_job_id, context_id, kind, status,
                         destination_vm_name, destination_vm_id, log_job_id, created_at,
                         updated_at, clones)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                     ON CONFLICT (failover_job_id) DO UPDATE SET status = excluded.status,
                         destination_vm_id = excluded.destination_vm_id,
                         updated_at = excluded.updated_at, clones = excluded.clones",
                    &[
                        &f.failover_job_id,
                        &f.context_id,
                        &f.kind.as_str(),
                        &f.status.as_str(),
                        &f.destination_vm_name,
                        &f.destination_vm_id,
                        &f.log_job_id,
                        &f.created_at,
                        &f.updated_at,
                        &Json(&f.clones),
                    ],
                )
                .await?;
                Ok(())
            })
            .await?)
    }

    async fn failover_jobs(&self, context_id: &str) -> Result<Vec<FailoverJob>> {
        Ok(self
            .db
            .read(|s| async move {
                let rows = s
                    .query(
                        select_failover!(
                            "WHERE context_id = $1 ORDER BY created_at DESC, seq DESC"
                        ),
                        &[&context_id],
                    )
                    .await?;
                collect(&rows, failover_from_row)
            })
            .await?)
    }

    async fn open_failover_job(
        &self,
        context_id: &str,
        kind: FailoverKind,
    ) -> Result<Option<FailoverJob>> {
        Ok(self
            .db
            .read(|s| async move {
                s.query_opt(
                    select_failover!(
                        "WHERE context_id = $1 AND kind = $2
                           AND status IN ('in_progress', 'active')"
                    ),
                    &[&context_id, &kind.as_str()],
                )
                .await?
                .as_ref()
                .map(failover_from_row)
                .transpose()
            })
            .await?)
    }

    async fn get_failover_job(&self, id: &str) -> Result<Option<FailoverJob>> {
        Ok(self
            .db
            .read(|s| async move {
                s.query_opt(select_failover!("WHERE failover_job_id = $1"), &[&id])
                    .await?
                    .as_ref()
                    .map(failover_from_row)
                    .transpose()
            })
            .await?)
    }
}
