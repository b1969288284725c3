//! [`Manager`]: the public Rust surface. One method per operation of DESIGN §4.

use crate::error::{Error, Result};
use crate::model::cursor;
use crate::model::{
    AddToGroupRequest, AddToManagementRequest, BulkAddResponse, BulkProgress, CompleteJobRequest,
    ContextCreated, ContextFilter, ContextRef, CreateGroupRequest, CreateMigrationRequest,
    CreateMigrationResponse, CreateScheduleRequest, FailJobRequest, FailoverJob, FailoverResult,
    FailoverTarget, GroupDetails, GroupMember, JobFilter, JobRef, Page, Removed,
    ReplicationContext, ReplicationJob, Schedule, ScheduleExecution, UpdateJobProgressRequest,
    VmGroup, VolumeRecord,
};
use crate::ports::{
    Clock, JobLog, LogFilter, LogJob, NbdExporter, Store, SystemClock, TargetCloud, VolumeDaemon,
};
use crate::services::cascade::{Cascade, JobDeleted};
use crate::services::failover::Failover;
use crate::services::management::Management;
use crate::services::page;
use crate::services::reconcile::{self, ReconcileReport, ReconcileRequest};
use crate::services::replication::Replication;
use crate::services::schedules::Schedules;
use crate::services::{Ports, validate};
use crate::sqlite::{Database, Durability, SqliteJobLog, SqliteStore};
use chrono::{DateTime, Utc};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// The control plane. Cheap to clone; every clone shares the same ports.
#[derive(Clone)]
pub struct Manager {
    ports: Ports,
    management: Management,
    replication: Replication,
    failover: Failover,
    cascade: Cascade,
    schedules: Schedules,
}

/// The instance id of the appliance when the builder is given none.
pub const DEFAULT_APPLIANCE_ID: &str = "oma-appliance";
/// The longest operation lease the builder takes: 100 years.
pub const MAX_OPERATION_LEASE: Duration = Duration::from_secs(100 * 366 * 86_400);

/// The operation lease when the builder is given none.
pub const DEFAULT_OPERATION_LEASE: Duration = Duration::from_secs(60);

/// Builds a [`Manager`] over the ports you choose; SQLite by default.
#[derive(Default)]
#[must_use]
pub struct ManagerBuilder {
    sqlite_path: Option<PathBuf>,
    postgres_url: Option<String>,
    durability: Durability,
    store: Option<Arc<dyn Store>>,
    log: Option<Arc<dyn JobLog>>,
    clock: Option<Arc<dyn Clock>>,
    volumes: Option<Arc<dyn VolumeDaemon>>,
    exporter: Option<Arc<dyn NbdExporter>>,
    cloud: Option<Arc<dyn TargetCloud>>,
    appliance_id: Option<String>,
    lease: Option<Duration>,
}

impl ManagerBuilder {
    /// Store and job log in the SQLite file at `path` (created if missing).
    pub fn sqlite(mut self, path: impl Into<PathBuf>) -> Self {
        self.sqlite_path = Some(path.into());
        self
    }

    /// Store and job log in the PostgreSQL database at `url`
    /// (`postgresql://user:password@host:port/database`; the schema is
    /// created or migrated on build), shared by every node pointed at it.
    /// Needs the cargo feature `postgres`. The store's connections live on
    /// a thread of its own, so any runtime may call it.
    pub fn postgres(mut self, url: impl Into<String>) -> Self {
        self.postgres_url = Some(url.into());
        self
    }

    /// How durable the SQLite store's commits are (default
    /// [`Durability::Normal`]: survives the process being killed;
    /// [`Durability::Full`]: also a power loss, at one fsync per commit).
    pub fn durability(mut self, durability: Durability) -> Self {
        self.durability = durability;
        self
    }

    /// A store of your own (replaces the SQLite store).
    pub fn store(mut self, store: Arc<dyn Store>) -> Self {
        self.store = Some(store);
        self
    }

    /// A job log of your own (replaces the SQLite job log).
    pub fn job_log(mut self, log: Arc<dyn JobLog>) -> Self {
        self.log = Some(log);
        self
    }

    /// A clock of your own (default: the system clock).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// The volume daemon (without one, jobs provision no volumes).
    pub fn volume_daemon(mut self, volumes: Arc<dyn VolumeDaemon>) -> Self {
        self.volumes = Some(volumes);
        self
    }

    /// The NBD exporter (without one, volumes are not exported).
    pub fn nbd_exporter(mut self, exporter: Arc<dyn NbdExporter>) -> Self {
        self.exporter = Some(exporter);
        self
    }

    /// The target cloud (failovers need one).
    pub fn target_cloud(mut self, cloud: Arc<dyn TargetCloud>) -> Self {
        self.cloud = Some(cloud);
        self
    }

    /// The appliance's instance id in the volume daemon (default
    /// [`DEFAULT_APPLIANCE_ID`]).
    pub fn appliance_id(mut self, id: impl Into<String>) -> Self {
        self.appliance_id = Some(id.into());
        self
    }

    /// How long an operation's lock outlives its last step (default
    /// [`DEFAULT_OPERATION_LEASE`]); after a crash, the same operation can
    /// resume once it has passed.
    pub fn operation_lease(mut self, lease: Duration) -> Self {
        self.lease = Some(lease);
        self
    }

    /// Opens what needs opening and builds the manager.
    pub fn build(self) -> Result<Manager> {
        if self.lease.is_some_and(|l| l > MAX_OPERATION_LEASE) {
            return Err(Error::validation(
                "operation_lease",
                "longer than 100 years: a lease must end at a time the stores can compare \
                 (lease ends past the year 9999 would read as already passed)",
            ));
        }
        let (default_store, default_log) = if self.store.is_some() && self.log.is_some() {
            (None, None)
        } else {
            match (&self.sqlite_path, &self.postgres_url) {
                (Some(_), Some(_)) => {
                    return Err(Error::validation(
                        "database_url",
                        "both a SQLite path and a PostgreSQL URL given: choose one",
                    ));
                }
                (Some(path), None) => {
                    let db = Database::open_with(path, self.durability)?;
                    (
                        Some(Arc::new(SqliteStore::new(db.clone())) as Arc<dyn Store>),
                        Some(Arc::new(SqliteJobLog::new(db)) as Arc<dyn JobLog>),
                    )
                }
                (None, Some(url)) => open_postgres(url)?,
                (None, None) => (None, None),
            }
        };
        let store = match (self.store, default_store) {
            (Some(s), _) | (None, Some(s)) => s,
            (None, None) => {
                return Err(Error::validation(
                    "store",
                    "no store configured: call sqlite(path), postgres(url) or store(..)",
                ));
            }
        };
        let log = match (self.log, default_log) {
            (Some(l), _) | (None, Some(l)) => l,
            (None, None) => {
                return Err(Error::validation(
                    "job_log",
                    "no job log configured: call sqlite(path), postgres(url) or job_log(..)",
                ));
            }
        };
        let ports = Ports {
            store,
            log,
            clock: self.clock.unwrap_or_else(|| Arc::new(SystemClock)),
            volumes: self.volumes,
            exporter: self.exporter,
            cloud: self.cloud,
            appliance_id: self
                .appliance_id
                .unwrap_or_else(|| DEFAULT_APPLIANCE_ID.to_owned()),
            lease: self.lease.unwrap_or(DEFAULT_OPERATION_LEASE),
        };
        Ok(Manager {
            management: Management::new(ports.clone()),
            replication: Replication::new(ports.clone()),
            failover: Failover::new(ports.clone()),
            cascade: Cascade::new(ports.clone()),
            schedules: Schedules::new(ports.clone(), Replication::new(ports.clone())),
            ports,
        })
    }
}

/// A store and job log opened by the builder (each `None` when not opened).
type Opened = (Option<Arc<dyn Store>>, Option<Arc<dyn JobLog>>);

/// The PostgreSQL store and job log at `url`.
#[cfg(feature = "postgres")]
fn open_postgres(url: &str) -> Result<Opened> {
    use crate::postgres::{Database, PostgresJobLog, PostgresStore};
    let db = Database::connect(url)?;
    Ok((
        Some(Arc::new(PostgresStore::new(db.clone()))),
        Some(Arc::new(PostgresJobLog::new(db))),
    ))
}

#[cfg(not(feature = "postgres"))]
fn open_postgres(_url: &str) -> Result<Opened> {
    Err(Error::validation(
        "database_url",
        "this build has no PostgreSQL support (cargo feature `postgres` of migratekit-core)",
    ))
}

/// `r` with its identity in normal form (DESIGN §3), validated.
fn context_ref(r: &ContextRef) -> Result<ContextRef> {
    let mut r = r.clone();
    validate::normalize_context_ref(&mut r)?;
    Ok(r)
}

/// `t` with its `vm_id` in normal form, validated.
fn failover_target(t: &FailoverTarget) -> Result<FailoverTarget> {
    let mut t = t.clone();
    validate::normalize_failover_target(&mut t)?;
    Ok(t)
}

impl Manager {
    /// A builder.
    pub fn builder() -> ManagerBuilder {
        ManagerBuilder::default()
    }

    /// A manager on the SQLite file at `path` with every default.
    pub fn open(path: impl Into<PathBuf>) -> Result<Manager> {
        Manager::builder().sqlite(path).build()
    }

    /// `create_migration`: add to management (`start_replication: false`) or
    /// start replication (absent or `true`), with duplicate protection.
    pub async fn create_migration(
        &self,
        mut request: CreateMigrationRequest,
    ) -> Result<CreateMigrationResponse> {
        validate::normalize_create_migration(&mut request)?;
        if request.starts_replication() {
            let started = self.replication.start_replication(&request).await?;
            Ok(CreateMigrationResponse::JobStarted(started))
        } else {
            let created = self
                .management
                .add_to_management(AddToManagementRequest::from(&request))
                .await?;
            Ok(CreateMigrationResponse::ContextCreated(created))
        }
    }

    /// Adds a VM to management without replicating it.
    pub async fn add_to_management(
        &self,
        mut request: AddToManagementRequest,
    ) -> Result<ContextCreated> {
        validate::normalize_add_to_management(&mut request)?;
        self.management.add_to_management(request).await
    }

    /// Adds many VMs at once (a whole vCenter): one result per VM, and
    /// `progress` after each batch.
    pub async fn add_to_management_bulk(
        &self,
        mut vms: Vec<AddToManagementRequest>,
        progress: Option<&(dyn Fn(BulkProgress) + Send + Sync)>,
    ) -> Result<BulkAddResponse> {
        // Normalised here; each VM is validated on its own by the service
        // (an invalid VM is an `invalid` result, not an error of the call).
        vms.iter_mut().for_each(validate::normalize_identity);
        self.management.add_to_management_bulk(vms, progress).await
    }

    /// One context, by id, by vCenter + `vmware_vm_id`, or by name.
    pub async fn get_context(&self, r: &ContextRef) -> Result<ReplicationContext> {
        self.management.get_context(&context_ref(r)?).await
    }

    /// A page of contexts ordered by `context_id`.
    pub async fn list_contexts(&self, filter: &ContextFilter) -> Result<Page<ReplicationContext>> {
        validate::context_filter(filter)?;
        self.management.list_contexts(filter).await
    }

    /// One job.
    pub async fn get_job(&self, job_id: &str) -> Result<ReplicationJob> {
        self.replication.get_job(job_id).await
    }

    /// A page of jobs, newest first.
    pub async fn list_jobs(&self, filter: &JobFilter) -> Result<Page<ReplicationJob>> {
        validate::job_filter(filter)?;
        self.replication.list_jobs(filter).await
    }

    /// The host reports progress of a job.
    pub async fn update_job_progress(
        &self,
        r: &UpdateJobProgressRequest,
    ) -> Result<ReplicationJob> {
        validate::update_job_progress(r)?;
        self.replication.update_job_progress(r).await
    }

    /// The host reports a job done.
    pub async fn complete_job(&self, r: &CompleteJobRequest) -> Result<ReplicationJob> {
        self.replication
            .complete_job(&r.job_id, &r.change_id, r.change_ids.as_ref())
            .await
    }

    /// The host reports a job failed.
    pub async fn fail_job(&self, r: &FailJobRequest) -> Result<ReplicationJob> {
        self.replication.fail_job(&r.job_id, &r.error).await
    }

    /// Cancels a job; the context returns to its status before the job.
    pub async fn cancel_job(&self, r: &JobRef) -> Result<ReplicationJob> {
        self.replication.cancel_job(&r.job_id).await
    }

    /// Removes a VM from management, cascading to its exports, volumes
    /// (unless the migration completed), jobs and failover records. The job
    /// log is kept. Refused while a job is active or an operation holds the
    /// context, and while a failover is in place.
    pub async fn remove_from_management(&self, r: &ContextRef) -> Result<Removed> {
        self.cascade.remove_from_management(&context_ref(r)?).await
    }

    /// Deletes a finished job with the volumes and exports it created.
    pub async fn delete_job(&self, r: &JobRef) -> Result<JobDeleted> {
        self.cascade.delete_job(&r.job_id).await
    }

    /// Boots a test VM on the replicated volumes.
    pub async fn test_failover(&self, r: &ContextRef) -> Result<FailoverResult> {
        self.failover.test_failover(&context_ref(r)?).await
    }

    /// Removes the test VM and returns the volumes to replication. Addressed
    /// by `context_id`, or by `vm_id` / `vm_name` for compatibility.
    pub async fn cleanup_test_failover(&self, t: &FailoverTarget) -> Result<FailoverResult> {
        self.failover
            .cleanup_test_failover(&failover_target(t)?)
            .await
    }

    /// Cuts over to the target cloud.
    pub async fn live_failover(&self, r: &ContextRef) -> Result<FailoverResult> {
        self.failover.live_failover(&context_ref(r)?).await
    }

    /// Undoes a live failover.
    pub async fn rollback_live_failover(&self, t: &FailoverTarget) -> Result<FailoverResult> {
        self.failover
            .rollback_live_failover(&failover_target(t)?)
            .await
    }

    /// Abandons a test or live failover that failed part-way: undoes what
    /// it did and frees the context in the status it kept.
    pub async fn abort_operation(&self, r: &ContextRef) -> Result<FailoverResult> {
        self.failover.abort_operation(&context_ref(r)?).await
    }

    /// Finalises a live failover.
    pub async fn complete_migration(&self, r: &ContextRef) -> Result<FailoverResult> {
        self.failover.complete_migration(&context_ref(r)?).await
    }

    /// The volumes recorded on a context.
    pub async fn list_volumes(&self, r: &ContextRef) -> Result<Vec<VolumeRecord>> {
        let ctx = self.ports.resolve_context(&context_ref(r)?).await?;
        self.ports.store.context_volumes(&ctx.context_id).await
    }

    /// A context's failover jobs, newest first.
    pub async fn list_failover_jobs(&self, r: &ContextRef) -> Result<Vec<FailoverJob>> {
        let ctx = self.ports.resolve_context(&context_ref(r)?).await?;
        self.ports.store.failover_jobs(&ctx.context_id).await
    }

    /// Compares the records with the volume daemon and the exporter and
    /// returns the plan; with `apply`, recreates missing exports and removes
    /// provable orphans of ours past the grace period. Everything else is
    /// reported, never touched.
    pub async fn reconcile(&self, req: &ReconcileRequest) -> Result<ReconcileReport> {
        reconcile::reconcile(&self.ports, req).await
    }

    /// Creates a replication schedule (5-field cron expression, time zone,
    /// enabled, `max_concurrent_jobs`).
    pub async fn create_schedule(&self, r: &CreateScheduleRequest) -> Result<Schedule> {
        self.schedules.create_schedule(r).await
    }

    /// Every schedule.
    pub async fn list_schedules(&self) -> Result<Vec<Schedule>> {
        self.schedules.list_schedules().await
    }

    /// Enables or disables a schedule.
    pub async fn set_schedule_enabled(&self, schedule_id: &str, enabled: bool) -> Result<Schedule> {
        self.schedules
            .set_schedule_enabled(schedule_id, enabled)
            .await
    }

    /// Creates a group of contexts.
    pub async fn create_group(&self, r: &CreateGroupRequest) -> Result<VmGroup> {
        self.schedules.create_group(r).await
    }

    /// A group with its members.
    pub async fn get_group(&self, group_id: &str) -> Result<GroupDetails> {
        self.schedules.get_group(group_id).await
    }

    /// Every group.
    pub async fn list_groups(&self) -> Result<Vec<VmGroup>> {
        self.schedules.list_groups().await
    }

    /// Attaches a schedule to a group (`None` detaches it).
    pub async fn attach_schedule(
        &self,
        group_id: &str,
        schedule_id: Option<&str>,
    ) -> Result<VmGroup> {
        self.schedules.attach_schedule(group_id, schedule_id).await
    }

    /// Puts a context in a group, with a priority (lower runs first).
    pub async fn add_to_group(&self, r: &AddToGroupRequest) -> Result<GroupMember> {
        self.schedules.add_to_group(r).await
    }

    /// Takes a context out of its group.
    pub async fn remove_from_group(&self, context_id: &str) -> Result<()> {
        self.schedules.remove_from_group(context_id).await
    }

    /// Runs every schedule due at `now` (default: the clock's now); returns
    /// what each run did.
    pub async fn run_due_schedules(
        &self,
        now: Option<DateTime<Utc>>,
    ) -> Result<Vec<ScheduleExecution>> {
        self.schedules.run_due_schedules(now).await
    }

    /// Schedule executions, newest first.
    pub async fn list_schedule_executions(
        &self,
        schedule_id: Option<&str>,
        limit: Option<u32>,
    ) -> Result<Vec<ScheduleExecution>> {
        self.schedules
            .list_schedule_executions(schedule_id, limit)
            .await
    }

    /// One log job with its steps and events.
    pub async fn log_job(&self, job_id: &str) -> Result<LogJob> {
        validate::id("job_id", job_id)?;
        self.ports
            .log
            .get_job(job_id)
            .await?
            .ok_or_else(|| Error::NotFound {
                kind: "log_job",
                id: job_id.to_owned(),
            })
    }

    /// Log jobs, newest first (by context, status, operation).
    pub async fn log_jobs(&self, filter: &LogFilter) -> Result<Page<LogJob>> {
        validate::log_filter(filter)?;
        let items = self.ports.log.list_jobs(filter).await?;
        Ok(page(
            items,
            (filter.offset, filter.limit, filter.after.as_deref()),
            |j| cursor::after_started(j.started_at, &j.job_id),
        ))
    }

    /// Deletes log jobs that finished before `before`.
    pub async fn prune_job_log(&self, before: DateTime<Utc>) -> Result<u64> {
        self.ports.log.prune(before).await
    }

    /// Makes every job-log record written so far durable.
    pub async fn flush_job_log(&self) -> Result<()> {
        self.ports.log.flush().await
    }
}
