//! Contexts: one per VM under management, unique by identity (vCenter host
//! and VMware VM id).

use super::jobs::NewJob;
use super::locks::LockRequest;
use crate::error::Result;
use crate::model::{
    ContextFilter, ContextRef, ReplicationContext, ReplicationJob, SourceVm, Status,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// A context to insert.
#[derive(Debug, Clone)]
pub struct NewContext {
    /// Preferred id; the store appends `-2`, `-3`, … while it is taken.
    pub context_id: String,
    /// vCenter host.
    pub vcenter_host: String,
    /// Datacenter.
    pub datacenter: String,
    /// Target cloud configuration id.
    pub ossea_config_id: i64,
    /// Network for failed-over VMs.
    pub target_network: String,
    /// The VM (its `id` and `name` fill `vmware_vm_id` and `vm_name`).
    pub source_vm: SourceVm,
    /// Creation time.
    pub now: DateTime<Utc>,
}

/// Result of inserting a context.
#[derive(Debug, Clone)]
pub enum InsertContext {
    /// Inserted.
    Inserted(Box<ReplicationContext>),
    /// The identity is taken by this context; nothing was written.
    Exists {
        /// The context holding the identity.
        context_id: String,
    },
}

/// Result of inserting a context together with its first job.
#[derive(Debug, Clone)]
pub enum InsertContextWithJob {
    /// Both inserted, in one transaction.
    Inserted(Box<ReplicationContext>, Box<ReplicationJob>),
    /// The identity is taken; nothing was written.
    Exists {
        /// The context holding the identity.
        context_id: String,
    },
}

/// Result of deleting a context.
#[derive(Debug, Clone)]
pub enum DeleteContext {
    /// Deleted with its jobs.
    Deleted {
        /// Jobs deleted with it.
        jobs_deleted: u64,
    },
    /// Not in the expected status, locked by an operation, or gone: nothing written.
    Conflict,
}

/// Persistence of contexts: insertion under a unique identity, look-ups and
/// deletion.
#[async_trait]
pub trait ContextStore: Send + Sync {
    /// Inserts a context in `status` unless its identity is taken.
    async fn insert_context(&self, ctx: NewContext, status: Status) -> Result<InsertContext>;

    /// Inserts many contexts in `status` in as few transactions as the store
    /// likes; one result per input, in order. A repeated identity inside the
    /// batch is `Exists` for every occurrence after the first.
    async fn insert_contexts(
        &self,
        ctxs: Vec<NewContext>,
        status: Status,
    ) -> Result<Vec<InsertContext>>;

    /// Inserts a context in `status` and its first job in one transaction,
    /// holding `lock` when given.
    async fn insert_context_with_job(
        &self,
        ctx: NewContext,
        status: Status,
        job: NewJob,
        lock: Option<LockRequest>,
    ) -> Result<InsertContextWithJob>;

    /// Compare-and-set: deletes the context and everything recorded on it if
    /// it is in `expected`, has no active job, and holds no operation lock
    /// other than `lock_owner` (a log job id).
    async fn delete_context(
        &self,
        context_id: &str,
        expected: Status,
        lock_owner: Option<&str>,
    ) -> Result<DeleteContext>;

    /// One context by id.
    async fn get_context(&self, context_id: &str) -> Result<Option<ReplicationContext>>;

    /// Every context `r` names (at most one for ids and identities).
    async fn find_contexts(&self, r: &ContextRef) -> Result<Vec<ReplicationContext>>;

    /// A page of contexts, ordered by `context_id`.
    async fn list_contexts(&self, filter: &ContextFilter) -> Result<Vec<ReplicationContext>>;
}
