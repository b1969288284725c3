//! The [`Manager`] object: one blocking method per registry operation.

use crate::pages::{ContextPage, JobPage, LogJobPage};
use crate::ports::{self, BulkProgressListener, NbdExporter, TargetCloud, VolumeDaemon};
use crate::wire::{Answer, Request};
use crate::{MkError, OpenOptions, UtcTime};
use migratekit_core::model::{
    AddToGroupRequest, AddToManagementRequest, BulkAddResponse, BulkProgress, CompleteJobRequest,
    ContextCreated, ContextFilter, ContextRef, CreateGroupRequest, CreateMigrationRequest,
    CreateMigrationResponse, CreateScheduleRequest, FailJobRequest, FailoverJob, FailoverResult,
    FailoverTarget, GroupDetails, GroupMember, JobDeleted, JobFilter, JobRef, ReconcileReport,
    ReconcileRequest, Removed, ReplicationContext, ReplicationJob, Schedule, ScheduleExecution,
    UpdateJobProgressRequest, VmGroup, VolumeRecord,
};
use migratekit_core::open::{Embedded, HostPorts};
use migratekit_core::ports::{LogFilter, LogJob};
use migratekit_core::{Error, json};
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A migratekit manager on one SQLite file: every operation of the
/// registry as a blocking method, safe to call from many threads at once.
#[derive(uniffi::Object)]
pub struct Manager {
    embedded: Embedded,
}

/// What a panic carried, for the `internal` error that reports it.
fn panic_text(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}

/// Runs `f`; a panic becomes an `internal` error, never an unwind into the
/// host (uniffi would turn it into a panic of the Go caller).
fn guarded<T>(what: &str, f: impl FnOnce() -> Result<T, MkError>) -> Result<T, MkError> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|p| {
        Err(MkError::internal(format!(
            "{what} panicked: {}",
            panic_text(&*p)
        )))
    })
}

impl Manager {
    fn open_embedded(options: OpenOptions, host: HostPorts) -> Result<Arc<Self>, MkError> {
        guarded("open", || {
            let embedded = Embedded::open(options.into(), host)?;
            Ok(Arc::new(Manager { embedded }))
        })
    }

    /// The core manager.
    fn core(&self) -> &migratekit_core::Manager {
        self.embedded.manager()
    }

    /// Runs an operation of the core manager to completion on the calling
    /// thread.
    fn run<T>(
        &self,
        what: &str,
        operation: impl Future<Output = migratekit_core::Result<T>>,
    ) -> Result<T, MkError> {
        guarded(what, || Ok(self.embedded.block_on(operation)?))
    }

    /// Runs a typed request through the typed method of its operation:
    /// what a host does with [`crate::parse_request`]'s answer.
    pub fn execute(&self, request: Request) -> Result<Answer, MkError> {
        Ok(match request {
            Request::CreateMigration { request } => Answer::CreateMigration {
                answer: self.create_migration(request)?,
            },
            Request::AddToManagement { request } => Answer::AddToManagement {
                answer: self.add_to_management(request)?,
            },
            Request::AddToManagementBulk { vms } => Answer::AddToManagementBulk {
                answer: self.add_to_management_bulk(vms, None)?,
            },
            Request::GetContext { reference } => Answer::GetContext {
                answer: self.get_context(reference)?,
            },
            Request::ListContexts { filter } => Answer::ListContexts {
                answer: self.list_contexts(filter)?,
            },
            Request::GetJob { job_id } => Answer::GetJob {
                answer: self.get_job(job_id)?,
            },
            Request::ListJobs { filter } => Answer::ListJobs {
                answer: self.list_jobs(filter)?,
            },
            Request::UpdateJobProgress { request } => Answer::UpdateJobProgress {
                answer: self.update_job_progress(request)?,
            },
            Request::CompleteJob { request } => Answer::CompleteJob {
                answer: self.complete_job(request)?,
            },
            Request::FailJob { request } => Answer::FailJob {
                answer: self.fail_job(request)?,
            },
            Request::CancelJob { job_id } => Answer::CancelJob {
                answer: self.cancel_job(job_id)?,
            },
            Request::RemoveFromManagement { reference } => Answer::RemoveFromManagement {
                answer: self.remove_from_management(reference)?,
            },
            Request::DeleteJob { job_id } => Answer::DeleteJob {
                answer: self.delete_job(job_id)?,
            },
            Request::TestFailover { reference } => Answer::TestFailover {
                answer: self.test_failover(reference)?,
            },
            Request::CleanupTestFailover { target } => Answer::CleanupTestFailover {
                answer: self.cleanup_test_failover(target)?,
            },
            Request::LiveFailover { reference } => Answer::LiveFailover {
                answer: self.live_failover(reference)?,
            },
            Request::RollbackLiveFailover { target } => Answer::RollbackLiveFailover {
                answer: self.rollback_live_failover(target)?,
            },
            Request::CompleteMigration { reference } => Answer::CompleteMigration {
                answer: self.complete_migration(reference)?,
            },
            Request::AbortOperation { reference } => Answer::AbortOperation {
                answer: self.abort_operation(reference)?,
            },
            Request::ListVolumes { reference } => Answer::ListVolumes {
                answer: self.list_volumes(reference)?,
            },
            Request::ListFailoverJobs { reference } => Answer::ListFailoverJobs {
                answer: self.list_failover_jobs(reference)?,
            },
            Request::Reconcile { request } => Answer::Reconcile {
                answer: self.reconcile(request)?,
            },
            Request::CreateSchedule { request } => Answer::CreateSchedule {
                answer: self.create_schedule(request)?,
            },
            Request::ListSchedules => Answer::ListSchedules {
                answer: self.list_schedules()?,
            },
            Request::SetScheduleEnabled {
                schedule_id,
                enabled,
            } => Answer::SetScheduleEnabled {
                answer: self.set_schedule_enabled(schedule_id, enabled)?,
            },
            Request::CreateGroup { request } => Answer::CreateGroup {
                answer: self.create_group(request)?,
            },
            Request::GetGroup { group_id } => Answer::GetGroup {
                answer: self.get_group(group_id)?,
            },
            Request::ListGroups => Answer::ListGroups {
                answer: self.list_groups()?,
            },
            Request::AttachSchedule {
                group_id,
                schedule_id,
            } => Answer::AttachSchedule {
                answer: self.attach_schedule(group_id, schedule_id)?,
            },
            Request::AddToGroup { request } => Answer::AddToGroup {
                answer: self.add_to_group(request)?,
            },
            Request::RemoveFromGroup { context_id } => {
                self.remove_from_group(context_id.clone())?;
                Answer::RemoveFromGroup { context_id }
            }
            Request::RunDueSchedules { now } => Answer::RunDueSchedules {
                answer: self.run_due_schedules(now)?,
            },
            Request::ListScheduleExecutions { schedule_id, limit } => {
                Answer::ListScheduleExecutions {
                    answer: self.list_schedule_executions(schedule_id, limit)?,
                }
            }
            Request::LogJob { job_id } => Answer::LogJob {
                answer: self.log_job(job_id)?,
            },
            Request::LogJobs { filter } => Answer::LogJobs {
                answer: self.log_jobs(filter)?,
            },
            Request::PruneJobLog { before } => Answer::PruneJobLog {
                pruned: self.prune_job_log(before)?,
            },
        })
    }
}

#[uniffi::export]
impl Manager {
    /// Opens (creating and migrating when needed) the manager on
    /// `options.path`, with the bundled adapters or fakes the options name.
    #[uniffi::constructor]
    pub fn open(options: OpenOptions) -> Result<Arc<Self>, MkError> {
        Self::open_embedded(options, HostPorts::default())
    }

    /// [`Manager::open`] with the host's own ports: each one given replaces
    /// the bundled adapter or fake.
    #[uniffi::constructor(default(volume_daemon = None, nbd_exporter = None, target_cloud = None))]
    pub fn open_with_ports(
        options: OpenOptions,
        volume_daemon: Option<Arc<dyn VolumeDaemon>>,
        nbd_exporter: Option<Arc<dyn NbdExporter>>,
        target_cloud: Option<Arc<dyn TargetCloud>>,
    ) -> Result<Arc<Self>, MkError> {
        let host = HostPorts {
            volumes: volume_daemon.map(|p| Arc::new(ports::volume_daemon(p)) as _),
            exporter: nbd_exporter.map(|p| Arc::new(ports::nbd_exporter(p)) as _),
            cloud: target_cloud.map(|p| Arc::new(ports::target_cloud(p)) as _),
        };
        Self::open_embedded(options, host)
    }

    /// Runs any operation by wire name with its JSON body (empty is `{}`);
    /// answers the JSON answer body.
    pub fn call(&self, operation: String, body: String) -> Result<String, MkError> {
        self.run("call", async {
            json::call_str(self.core(), &operation, &body).await
        })
    }

    /// Moves the manual clock (managers opened with `now` only).
    pub fn advance_clock(&self, seconds: i64) -> Result<(), MkError> {
        guarded("advance_clock", || match &self.embedded.opened.clock {
            Some(c) => Ok(c.advance_seconds(seconds)?),
            None => Err(Error::validation(
                "now",
                "this manager uses the system clock; open it with `now` to move time",
            )
            .into()),
        })
    }

    /// Runs `operation` with `body` `iterations` times inside the library
    /// through its typed method (the body is read once, the answer is not
    /// written as JSON): the per-call baseline a binding's overhead is
    /// measured against.
    pub fn time_calls(
        &self,
        operation: String,
        body: String,
        iterations: u32,
    ) -> Result<Duration, MkError> {
        let request = crate::parse_request(operation, body)?;
        let start = Instant::now();
        for _ in 0..iterations {
            self.execute(request.clone())?;
        }
        Ok(start.elapsed())
    }

    /// Makes every job-log record written so far durable.
    pub fn flush_job_log(&self) -> Result<(), MkError> {
        self.run("flush_job_log", self.core().flush_job_log())
    }

    /// `create_migration`: adds a VM to management (`start_replication:
    /// false`) or starts replication (absent or `true`), with duplicate
    /// protection.
    pub fn create_migration(
        &self,
        request: CreateMigrationRequest,
    ) -> Result<CreateMigrationResponse, MkError> {
        self.run("create_migration", self.core().create_migration(request))
    }

    /// Adds a VM to management without replicating it.
    pub fn add_to_management(
        &self,
        request: AddToManagementRequest,
    ) -> Result<ContextCreated, MkError> {
        self.run("add_to_management", self.core().add_to_management(request))
    }

    /// Adds many VMs at once: one result per VM, and `progress` after each
    /// batch.
    #[uniffi::method(default(progress = None))]
    pub fn add_to_management_bulk(
        &self,
        vms: Vec<AddToManagementRequest>,
        progress: Option<Arc<dyn BulkProgressListener>>,
    ) -> Result<BulkAddResponse, MkError> {
        let report = move |p: BulkProgress| {
            let Some(listener) = &progress else {
                return;
            };
            // The core reports from inside the operation, on a thread that
            // drives the runtime: a listener calling back into the manager
            // would block on the runtime from within it (a panic, reported
            // as an internal error). On a thread of its own it may.
            let heard = std::thread::scope(|s| {
                match std::thread::Builder::new().spawn_scoped(s, || listener.on_progress(p)) {
                    Ok(thread) => thread.join(),
                    // No thread to be had: heard here (a nested call fails).
                    Err(_) => Ok(listener.on_progress(p)),
                }
            });
            match heard {
                Ok(Ok(())) => {}
                // A listener's failure is the host's problem, never the call's.
                Ok(Err(e)) => tracing::warn!(error = %e, "bulk progress listener failed"),
                Err(_) => tracing::warn!("bulk progress listener panicked"),
            }
        };
        self.run("add_to_management_bulk", async {
            self.core().add_to_management_bulk(vms, Some(&report)).await
        })
    }

    /// One context, by id, by vCenter + `vmware_vm_id`, or by name.
    pub fn get_context(&self, reference: ContextRef) -> Result<ReplicationContext, MkError> {
        self.run("get_context", async {
            self.core().get_context(&reference).await
        })
    }

    /// A page of contexts.
    pub fn list_contexts(&self, filter: ContextFilter) -> Result<ContextPage, MkError> {
        self.run("list_contexts", async {
            self.core().list_contexts(&filter).await.map(Into::into)
        })
    }

    /// One replication job.
    pub fn get_job(&self, job_id: String) -> Result<ReplicationJob, MkError> {
        self.run("get_job", async { self.core().get_job(&job_id).await })
    }

    /// A page of jobs, newest first.
    pub fn list_jobs(&self, filter: JobFilter) -> Result<JobPage, MkError> {
        self.run("list_jobs", async {
            self.core().list_jobs(&filter).await.map(Into::into)
        })
    }

    /// The host reports a job's progress (per disk where it knows it).
    pub fn update_job_progress(
        &self,
        request: UpdateJobProgressRequest,
    ) -> Result<ReplicationJob, MkError> {
        self.run("update_job_progress", async {
            self.core().update_job_progress(&request).await
        })
    }

    /// The host reports a job done, with one CBT change id per disk.
    pub fn complete_job(&self, request: CompleteJobRequest) -> Result<ReplicationJob, MkError> {
        self.run("complete_job", async {
            self.core().complete_job(&request).await
        })
    }

    /// The host reports a job failed.
    pub fn fail_job(&self, request: FailJobRequest) -> Result<ReplicationJob, MkError> {
        self.run("fail_job", async { self.core().fail_job(&request).await })
    }

    /// Cancels a job; the context returns to its status before the job.
    pub fn cancel_job(&self, job_id: String) -> Result<ReplicationJob, MkError> {
        self.run("cancel_job", async {
            self.core().cancel_job(&JobRef { job_id }).await
        })
    }

    /// Removes a VM from management, cascading (the job log is kept).
    pub fn remove_from_management(&self, reference: ContextRef) -> Result<Removed, MkError> {
        self.run("remove_from_management", async {
            self.core().remove_from_management(&reference).await
        })
    }

    /// Deletes a finished job with the volumes and exports it created.
    pub fn delete_job(&self, job_id: String) -> Result<JobDeleted, MkError> {
        self.run("delete_job", async {
            self.core().delete_job(&JobRef { job_id }).await
        })
    }

    /// Boots a test VM on clones of the replicated volumes.
    pub fn test_failover(&self, reference: ContextRef) -> Result<FailoverResult, MkError> {
        self.run("test_failover", async {
            self.core().test_failover(&reference).await
        })
    }

    /// Removes the test VM and its clones.
    pub fn cleanup_test_failover(&self, target: FailoverTarget) -> Result<FailoverResult, MkError> {
        self.run("cleanup_test_failover", async {
            self.core().cleanup_test_failover(&target).await
        })
    }

    /// Cuts over to the target cloud.
    pub fn live_failover(&self, reference: ContextRef) -> Result<FailoverResult, MkError> {
        self.run("live_failover", async {
            self.core().live_failover(&reference).await
        })
    }

    /// Undoes a live failover.
    pub fn rollback_live_failover(
        &self,
        target: FailoverTarget,
    ) -> Result<FailoverResult, MkError> {
        self.run("rollback_live_failover", async {
            self.core().rollback_live_failover(&target).await
        })
    }

    /// Finalises a live failover.
    pub fn complete_migration(&self, reference: ContextRef) -> Result<FailoverResult, MkError> {
        self.run("complete_migration", async {
            self.core().complete_migration(&reference).await
        })
    }

    /// Abandons a test or live failover that failed part-way, undoing it.
    pub fn abort_operation(&self, reference: ContextRef) -> Result<FailoverResult, MkError> {
        self.run("abort_operation", async {
            self.core().abort_operation(&reference).await
        })
    }

    /// The volumes recorded on a context.
    pub fn list_volumes(&self, reference: ContextRef) -> Result<Vec<VolumeRecord>, MkError> {
        self.run("list_volumes", async {
            self.core().list_volumes(&reference).await
        })
    }

    /// A context's failover jobs, newest first.
    pub fn list_failover_jobs(&self, reference: ContextRef) -> Result<Vec<FailoverJob>, MkError> {
        self.run("list_failover_jobs", async {
            self.core().list_failover_jobs(&reference).await
        })
    }

    /// Compares the records with the volume daemon and the exporter; a plan,
    /// carried out only with `apply`.
    pub fn reconcile(&self, request: ReconcileRequest) -> Result<ReconcileReport, MkError> {
        self.run("reconcile", async { self.core().reconcile(&request).await })
    }

    /// Creates a replication schedule.
    pub fn create_schedule(&self, request: CreateScheduleRequest) -> Result<Schedule, MkError> {
        self.run("create_schedule", async {
            self.core().create_schedule(&request).await
        })
    }

    /// Every schedule.
    pub fn list_schedules(&self) -> Result<Vec<Schedule>, MkError> {
        self.run("list_schedules", self.core().list_schedules())
    }

    /// Enables or disables a schedule.
    pub fn set_schedule_enabled(
        &self,
        schedule_id: String,
        enabled: bool,
    ) -> Result<Schedule, MkError> {
        self.run("set_schedule_enabled", async {
            self.core()
                .set_schedule_enabled(&schedule_id, enabled)
                .await
        })
    }

    /// Creates a group of contexts.
    pub fn create_group(&self, request: CreateGroupRequest) -> Result<VmGroup, MkError> {
        self.run("create_group", async {
            self.core().create_group(&request).await
        })
    }

    /// A group with its members.
    pub fn get_group(&self, group_id: String) -> Result<GroupDetails, MkError> {
        self.run("get_group", async {
            self.core().get_group(&group_id).await
        })
    }

    /// Every group.
    pub fn list_groups(&self) -> Result<Vec<VmGroup>, MkError> {
        self.run("list_groups", self.core().list_groups())
    }

    /// Attaches a schedule to a group (`None` detaches).
    pub fn attach_schedule(
        &self,
        group_id: String,
        schedule_id: Option<String>,
    ) -> Result<VmGroup, MkError> {
        self.run("attach_schedule", async {
            self.core()
                .attach_schedule(&group_id, schedule_id.as_deref())
                .await
        })
    }

    /// Puts a context in a group, with a priority (lower runs first).
    pub fn add_to_group(&self, request: AddToGroupRequest) -> Result<GroupMember, MkError> {
        self.run("add_to_group", async {
            self.core().add_to_group(&request).await
        })
    }

    /// Takes a context out of its group.
    pub fn remove_from_group(&self, context_id: String) -> Result<(), MkError> {
        self.run("remove_from_group", async {
            self.core().remove_from_group(&context_id).await
        })
    }

    /// Runs every schedule due at `now` (default: the clock's now).
    pub fn run_due_schedules(
        &self,
        now: Option<UtcTime>,
    ) -> Result<Vec<ScheduleExecution>, MkError> {
        self.run("run_due_schedules", self.core().run_due_schedules(now))
    }

    /// Schedule executions, newest first.
    pub fn list_schedule_executions(
        &self,
        schedule_id: Option<String>,
        limit: Option<u32>,
    ) -> Result<Vec<ScheduleExecution>, MkError> {
        self.run("list_schedule_executions", async {
            self.core()
                .list_schedule_executions(schedule_id.as_deref(), limit)
                .await
        })
    }

    /// One log job with its steps and events.
    pub fn log_job(&self, job_id: String) -> Result<LogJob, MkError> {
        self.run("log_job", async { self.core().log_job(&job_id).await })
    }

    /// Log jobs, newest first.
    pub fn log_jobs(&self, filter: LogFilter) -> Result<LogJobPage, MkError> {
        self.run("log_jobs", async {
            self.core().log_jobs(&filter).await.map(Into::into)
        })
    }

    /// Deletes log jobs finished before `before`; answers how many.
    pub fn prune_job_log(&self, before: UtcTime) -> Result<u64, MkError> {
        self.run("prune_job_log", self.core().prune_job_log(before))
    }
}
