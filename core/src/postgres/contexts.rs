//! Contexts in PostgreSQL: insertion under the unique identity index (one
//! transaction per context, or per chunk of a bulk insert), look-ups, and the
//! compare-and-set deletion.

use super::connection::Session;
use super::error::PgError;
use super::jobs::insert_job_tx;
use super::locks::lock_tx;
use super::rows::{
    collect, context_by_id, context_from_row, page_limit, page_offset, select_context,
};
use super::store::{PostgresStore, or_conflict};
use crate::error::Result;
use crate::lifecycle::Operation;
use crate::model::ids::with_suffix;
use crate::model::{ContextFilter, ContextRef, ReplicationContext, Status};
use crate::ports::store::{
    ContextStore, DeleteContext, InsertContext, InsertContextWithJob, LockRequest, NewContext,
    NewJob,
};
use async_trait::async_trait;
use tokio_postgres::types::Json;

/// Contexts inserted per transaction by [`ContextStore::insert_contexts`].
const BULK_CHUNK: usize = 1000;

/// Inserts a context in `status` (pointing at the job `current_job_id`
/// when it is inserted with one); `Err(existing id)` when the identity is
/// taken. `ON CONFLICT DO NOTHING` waits for a concurrent insert of the same
/// identity or id to end, so the look-up after it sees the winner.
pub(super) async fn insert_context_tx(
    tx: &Session,
    c: &NewContext,
    status: Status,
    current_job_id: Option<&str>,
) -> Result<Result<ReplicationContext, String>, PgError> {
    let source_vm = Json(&c.source_vm);
    for n in 1.. {
        let context_id = with_suffix(&c.context_id, n);
        let inserted = tx
            .execute(
                "INSERT INTO vm_replication_contexts (context_id, vm_name, vmware_vm_id,
                     vcenter_host, datacenter, ossea_config_id, target_network, source_vm,
                     current_status, created_at, updated_at, last_status_change,
                     current_job_id)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $10, $11)
                 ON CONFLICT DO NOTHING",
                &[
                    &context_id,
                    &c.source_vm.name,
                    &c.source_vm.id,
                    &c.vcenter_host,
                    &c.datacenter,
                    &c.ossea_config_id,
                    &c.target_network,
                    &source_vm,
                    &status.as_str(),
                    &c.now,
                    &current_job_id,
                ],
            )
            .await?;
        if inserted == 1 {
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
                current_job_id: current_job_id.map(str::to_owned),
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
        // The VM is managed already, or only the id is taken (another VM's
        // context this second): then the next suffix.
        let existing = tx
            .query_opt(
                "SELECT context_id FROM vm_replication_contexts
                 WHERE vcenter_host = $1 AND vmware_vm_id = $2",
                &[&c.vcenter_host, &c.source_vm.id],
            )
            .await?;
        if let Some(row) = existing {
            return Ok(Err(row.try_get(0)?));
        }
    }
    unreachable!("the suffix loop only ends by returning")
}

fn inserted(r: Result<ReplicationContext, String>) -> InsertContext {
    match r {
        Ok(c) => InsertContext::Inserted(Box::new(c)),
        Err(context_id) => InsertContext::Exists { context_id },
    }
}

#[async_trait]
impl ContextStore for PostgresStore {
    async fn insert_context(&self, ctx: NewContext, status: Status) -> Result<InsertContext> {
        let ctx = &ctx;
        // One insert (and a look-up when the identity is taken): each
        // statement commits on its own.
        let r = self
            .db
            .autocommit(|s| async move { insert_context_tx(&s, ctx, status, None).await })
            .await?;
        Ok(inserted(r))
    }

    async fn insert_contexts(
        &self,
        ctxs: Vec<NewContext>,
        status: Status,
    ) -> Result<Vec<InsertContext>> {
        let mut out = Vec::with_capacity(ctxs.len());
        for chunk in ctxs.chunks(BULK_CHUNK) {
            let results = self
                .db
                .write(|tx| async move {
                    let mut results = Vec::with_capacity(chunk.len());
                    for c in chunk {
                        results.push(insert_context_tx(&tx, c, status, None).await?);
                    }
                    Ok(results)
                })
                .await?;
            out.extend(results.into_iter().map(inserted));
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
        let (ctx, job, lock) = (&ctx, &job, lock.as_ref());
        Ok(self
            .db
            .write(|tx| async move {
                // The context points at its job from the start: one
                // statement fewer (the job's insert corrects it in the rare
                // case its id needs a suffix).
                match insert_context_tx(&tx, ctx, status, Some(&job.job_id)).await? {
                    Ok(mut c) => {
                        let j = insert_job_tx(&tx, &c.context_id, job, Status::Discovered, true)
                            .await?;
                        c.current_job_id = Some(j.job_id.clone());
                        if let Some(lock) = lock {
                            lock_tx(&tx, &c.context_id, lock).await?;
                            c.active_operation = Operation::parse(&lock.operation);
                            c.active_operation_job_id = Some(lock.owner.clone());
                        }
                        Ok(InsertContextWithJob::Inserted(Box::new(c), Box::new(j)))
                    }
                    Err(context_id) => Ok(InsertContextWithJob::Exists { context_id }),
                }
            })
            .await?)
    }

    async fn delete_context(
        &self,
        context_id: &str,
        expected: Status,
        lock_owner: Option<&str>,
    ) -> Result<DeleteContext> {
        let result = self
            .db
            .autocommit(|tx| async move {
                // One statement: the count of jobs deleted with the context
                // and the compare-and-set read one snapshot; a job start
                // racing it changes the context's row, which the delete
                // re-checks after waiting for it.
                let deleted = tx
                    .query_opt(
                        "WITH jobs AS (SELECT COUNT(*) AS n FROM replication_jobs
                                       WHERE context_id = $1)
                         DELETE FROM vm_replication_contexts
                         WHERE context_id = $1 AND current_status = $2
                           AND (active_operation IS NULL OR active_operation_job_id = $3::text)
                           AND NOT EXISTS (SELECT 1 FROM replication_jobs
                                           WHERE context_id = $1
                                             AND status IN ('pending', 'running'))
                         RETURNING (SELECT n FROM jobs)",
                        &[&context_id, &expected.as_str(), &lock_owner],
                    )
                    .await?;
                match deleted {
                    Some(row) => Ok(super::rows::from_sql_u64(row.try_get(0)?)),
                    None => Err(PgError::Conflict),
                }
            })
            .await;
        Ok(or_conflict(
            result,
            |jobs_deleted| DeleteContext::Deleted { jobs_deleted },
            DeleteContext::Conflict,
        )?)
    }

    async fn get_context(&self, context_id: &str) -> Result<Option<ReplicationContext>> {
        Ok(self
            .db
            .read(|s| async move { context_by_id(&s, context_id).await })
            .await?)
    }

    async fn find_contexts(&self, r: &ContextRef) -> Result<Vec<ReplicationContext>> {
        Ok(self
            .db
            .read(|s| async move {
                match r {
                    ContextRef::ContextId(id) => {
                        Ok(context_by_id(&s, id).await?.into_iter().collect())
                    }
                    ContextRef::Vm(identity) => collect(
                        &s.query(
                            select_context!("WHERE vcenter_host = $1 AND vmware_vm_id = $2"),
                            &[&identity.vcenter_host, &identity.vmware_vm_id],
                        )
                        .await?,
                        context_from_row,
                    ),
                    ContextRef::VmwareVmId(id) => collect(
                        &s.query(
                            select_context!(
                                "WHERE vmware_vm_id = $1 ORDER BY context_id LIMIT 1000"
                            ),
                            &[id],
                        )
                        .await?,
                        context_from_row,
                    ),
                    ContextRef::VmName(name) => collect(
                        &s.query(
                            select_context!("WHERE vm_name = $1 ORDER BY context_id LIMIT 1000"),
                            &[name],
                        )
                        .await?,
                        context_from_row,
                    ),
                }
            })
            .await?)
    }

    async fn list_contexts(&self, f: &ContextFilter) -> Result<Vec<ReplicationContext>> {
        let (limit, offset) = (page_limit(f.limit), page_offset(f.offset));
        let status = f.status.map(Status::as_str);
        // Keyset: every id sorts after "" (the ids' collation is "C"), so the
        // first page and a deep one run the same index range scan.
        let after = f.after.as_deref().unwrap_or("");
        Ok(self
            .db
            .read(|s| async move {
                let rows = match status {
                    Some(status) => {
                        s.query(
                            select_context!(
                                "WHERE current_status = $1 AND context_id > $2
                                 ORDER BY context_id LIMIT $3 OFFSET $4"
                            ),
                            &[&status, &after, &limit, &offset],
                        )
                        .await?
                    }
                    None => {
                        s.query(
                            select_context!(
                                "WHERE context_id > $1 ORDER BY context_id LIMIT $2 OFFSET $3"
                            ),
                            &[&after, &limit, &offset],
                        )
                        .await?
                    }
                };
                collect(&rows, context_from_row)
            })
            .await?)
    }
}
