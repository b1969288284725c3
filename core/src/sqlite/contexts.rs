//! Contexts in SQLite: insertion under the unique identity index (one
//! transaction per context, or per chunk of a bulk insert), look-ups, and the
//! compare-and-set deletion.

use super::db::DbError;
use super::jobs::insert_job_tx;
use super::locks::lock_tx;
use super::rows::{
    collect, context_by_id, context_from_row, from_sql_u64, is_unique_violation, page_limit,
    page_offset, select_context, ts,
};
use super::store::{SqliteStore, or_conflict};
use crate::error::Result;
use crate::lifecycle::Operation;
use crate::model::ids::with_suffix;
use crate::model::{ContextFilter, ContextRef, ReplicationContext, Status};
use crate::ports::store::{
    ContextStore, DeleteContext, InsertContext, InsertContextWithJob, LockRequest, NewContext,
    NewJob,
};
use async_trait::async_trait;
use rusqlite::{Connection, OptionalExtension, params};

/// Contexts inserted per transaction by [`ContextStore::insert_contexts`].
const BULK_CHUNK: usize = 1000;

fn context_id_by_identity(
    tx: &Connection,
    vcenter_host: &str,
    vmware_vm_id: &str,
) -> Result<Option<String>, DbError> {
    Ok(tx
        .prepare_cached(
            "SELECT context_id FROM vm_replication_contexts
             WHERE vcenter_host = ?1 AND vmware_vm_id = ?2",
        )?
        .query_row(params![vcenter_host, vmware_vm_id], |r| r.get(0))
        .optional()?)
}

/// Inserts a context in `status`; `Err(existing id)` when the identity is taken.
fn insert_context_tx(
    tx: &Connection,
    c: &NewContext,
    status: Status,
) -> Result<Result<ReplicationContext, String>, DbError> {
    let source_vm = serde_json::to_string(&c.source_vm)?;
    let now = ts(c.now);
    let mut stmt = tx.prepare_cached(
        "INSERT INTO vm_replication_contexts (context_id, vm_name, vmware_vm_id, vcenter_host,
             datacenter, ossea_config_id, target_network, source_vm, current_status,
             created_at, updated_at, last_status_change)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?10)
         ON CONFLICT (context_id) DO NOTHING",
    )?;
    for n in 1.. {
        let context_id = with_suffix(&c.context_id, n);
        let inserted = stmt.execute(params![
            context_id,
            c.source_vm.name,
            c.source_vm.id,
            c.vcenter_host,
            c.datacenter,
            c.ossea_config_id,
            c.target_network,
            source_vm,
            status.as_str(),
            now,
        ]);
        match inserted {
            Ok(1) => {
                return Ok(Ok(ReplicationContext {
                    context_id,
                    vm_name: c.source_vm.name.clone(),
                    vmware_vm_id: c.source_vm.id.clone(),
                    vcenter_host: c.vcenter_host.clone(),
                    datacenter: c.datacenter.clone(),
                    ossea_config_id: c.ossea_config_id,
                    target_network: c.target_network.clone(),
                    source_vm: c.source_vm.clone(),
                    current_status: status,
                    current_job_id: None,
                    last_successful_job_id: None,
                    last_change_id: None,
                    last_change_ids: Default::default(),
                    active_operation: None,
                    active_operation_job_id: None,
                    last_error: None,
                    created_at: c.now,
                    updated_at: c.now,
                    last_status_change: c.now,
                }));
            }
            // The id is taken by another VM's context: try the next suffix.
            Ok(_) => continue,
            Err(e) if is_unique_violation(&e) => {
                let existing = context_id_by_identity(tx, &c.vcenter_host, &c.source_vm.id)?;
                return match existing {
                    Some(id) => Ok(Err(id)),
                    None => Err(e.into()),
                };
            }
            Err(e) => return Err(e.into()),
        }
    }
    unreachable!("the suffix loop only ends by returning")
}

#[async_trait]
impl ContextStore for SqliteStore {
    async fn insert_context(&self, ctx: NewContext, status: Status) -> Result<InsertContext> {
        // A duplicate is refused from a read snapshot, without taking the
        // write lock; the insert below still decides any race (unique index).
        let existing = self
            .db
            .read(|c| context_id_by_identity(c, &ctx.vcenter_host, &ctx.source_vm.id))?;
        if let Some(context_id) = existing {
            return Ok(InsertContext::Exists { context_id });
        }
        let inserted = self.db.write(|tx| insert_context_tx(tx, &ctx, status))?;
        Ok(match inserted {
            Ok(c) => InsertContext::Inserted(Box::new(c)),
            Err(context_id) => InsertContext::Exists { context_id },
        })
    }

    async fn insert_contexts(
        &self,
        ctxs: Vec<NewContext>,
        status: Status,
    ) -> Result<Vec<InsertContext>> {
        let mut out = Vec::with_capacity(ctxs.len());
        for chunk in ctxs.chunks(BULK_CHUNK) {
            let results = self.db.write(|tx| {
                chunk
                    .iter()
                    .map(|c| insert_context_tx(tx, c, status))
                    .collect::<Result<Vec<_>, _>>()
            })?;
            out.extend(results.into_iter().map(|r| match r {
                Ok(c) => InsertContext::Inserted(Box::new(c)),
                Err(context_id) => InsertContext::Exists { context_id },
            }));
        }
        Ok(out)
    }

    async fn insert_context_with_job(
        &self,
        ctx: NewContext,
        status: Status,
        job: NewJob,
        lock: Option<LockRequest>,
    ) -> Result<InsertContextWithJob> {
        Ok(self
            .db
            .write(|tx| match insert_context_tx(tx, &ctx, status)? {
                Ok(mut c) => {
                    let j = insert_job_tx(tx, &c.context_id, &job, Status::Discovered)?;
                    c.current_job_id = Some(j.job_id.clone());
                    if let Some(lock) = &lock {
                        lock_tx(tx, &c.context_id, lock)?;
                        c.active_operation = Operation::parse(&lock.operation);
                        c.active_operation_job_id = Some(lock.owner.clone());
                    }
                    Ok(InsertContextWithJob::Inserted(Box::new(c), Box::new(j)))
                }
                Err(context_id) => Ok(InsertContextWithJob::Exists { context_id }),
            })?)
    }

    async fn delete_context(
        &self,
        context_id: &str,
        expected: Status,
        lock_owner: Option<&str>,
    ) -> Result<DeleteContext> {
        let result = self.db.write(|tx| {
            let jobs: i64 = tx
                .prepare_cached("SELECT COUNT(*) FROM replication_jobs WHERE context_id = ?1")?
                .query_row(params![context_id], |r| r.get(0))?;
            let deleted = tx
                .prepare_cached(
                    "DELETE FROM vm_replication_contexts
                     WHERE context_id = ?1 AND current_status = ?2
                       AND (active_operation IS NULL OR active_operation_job_id = ?3)
                       AND NOT EXISTS (SELECT 1 FROM replication_jobs
                                       WHERE context_id = ?1 AND status IN ('pending', 'running'))",
                )?
                .execute(params![context_id, expected.as_str(), lock_owner])?;
            if deleted == 0 {
                return Err(DbError::Conflict);
            }
            Ok(from_sql_u64(jobs))
        });
        Ok(or_conflict(
            result,
            |jobs_deleted| DeleteContext::Deleted { jobs_deleted },
            DeleteContext::Conflict,
        )?)
    }

    async fn get_context(&self, context_id: &str) -> Result<Option<ReplicationContext>> {
        Ok(self.db.read(|tx| context_by_id(tx, context_id))?)
    }

    async fn find_contexts(&self, r: &ContextRef) -> Result<Vec<ReplicationContext>> {
        Ok(self.db.read(|tx| match r {
            ContextRef::ContextId(id) => Ok(context_by_id(tx, id)?.into_iter().collect()),
            ContextRef::Vm(identity) => {
                let mut stmt = tx.prepare_cached(select_context!(
                    "WHERE vcenter_host = ?1 AND vmware_vm_id = ?2"
                ))?;
                let rows = stmt.query(params![identity.vcenter_host, identity.vmware_vm_id])?;
                collect(rows, context_from_row)
            }
            ContextRef::VmwareVmId(id) => {
                let mut stmt = tx.prepare_cached(select_context!(
                    "WHERE vmware_vm_id = ?1 ORDER BY context_id LIMIT 1000"
                ))?;
                collect(stmt.query(params![id])?, context_from_row)
            }
            ContextRef::VmName(name) => {
                let mut stmt = tx.prepare_cached(select_context!(
                    "WHERE vm_name = ?1 ORDER BY context_id LIMIT 1000"
                ))?;
                collect(stmt.query(params![name])?, context_from_row)
            }
        })?)
    }

    async fn list_contexts(&self, f: &ContextFilter) -> Result<Vec<ReplicationContext>> {
        let (limit, offset) = (page_limit(f.limit), page_offset(f.offset));
        // Keyset: every id sorts after "", so the first page and a deep one
        // run the same index range scan.
        let after = f.after.as_deref().unwrap_or("");
        Ok(self.db.read(|tx| match f.status {
            Some(status) => {
                let mut stmt = tx.prepare_cached(select_context!(
                    "WHERE current_status = ?1 AND context_id > ?2
                     ORDER BY context_id LIMIT ?3 OFFSET ?4"
                ))?;
                collect(
                    stmt.query(params![status.as_str(), after, limit, offset])?,
                    context_from_row,
                )
            }
            None => {
                let mut stmt = tx.prepare_cached(select_context!(
                    "WHERE context_id > ?1 ORDER BY context_id LIMIT ?2 OFFSET ?3"
                ))?;
                collect(stmt.query(params![after, limit, offset])?, context_from_row)
            }
        })?)
    }
}
