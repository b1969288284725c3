//! Helpers shared by the core's integration tests.
#![allow(dead_code, missing_docs)]

pub mod backend;
pub mod fakes;

use backend::TestDb;
use chrono::{TimeZone, Utc};
use migratekit_core::model::{
    CompleteJobRequest, ContextCreated, ContextRef, CreateMigrationRequest,
    CreateMigrationResponse, FailJobRequest, JobRef, JobStarted, ReplicationContext,
    ReplicationJob, SourceDisk, SourceNetwork, SourceVm,
};
use migratekit_core::ports::{LogFilter, LogJob, ManualClock};
use migratekit_core::{Error, Manager, ReconcileRequest};
use std::fmt::Debug;
use std::sync::{Arc, Barrier};
use tempfile::TempDir;

/// A manager on a fresh database of the current backend, with a manual
/// clock. Fields drop in order: the manager before its database.
pub struct Env {
    pub manager: Manager,
    pub clock: Arc<ManualClock>,
    pub db: TestDb,
    pub dir: TempDir,
}

impl Env {
    /// The SQLite file (SQLite-only tests).
    pub fn db_path(&self) -> std::path::PathBuf {
        self.db.sqlite_path()
    }

    /// A builder over the same database and clock (a second node).
    pub fn builder(&self) -> migratekit_core::ManagerBuilder {
        self.db.builder().clock(self.clock.clone())
    }

    /// A second manager (its own connections) on the same database.
    pub fn reopen(&self) -> Manager {
        self.builder().build().unwrap()
    }
}

/// A manual clock standing at the tests' fixed start.
pub fn start_clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2025, 9, 20, 12, 34, 56).unwrap(),
    ))
}

pub fn env() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let clock = start_clock();
    let db = TestDb::new(dir.path());
    let manager = db.builder().clock(clock.clone()).build().unwrap();
    Env {
        manager,
        clock,
        db,
        dir,
    }
}

pub fn vm(id: &str, name: &str) -> SourceVm {
    SourceVm {
        id: id.into(),
        name: name.into(),
        path: format!("/DatabanxDC/vm/{name}"),
        cpus: 2,
        memory_mb: 4096,
        os_type: "linux".into(),
        power_state: "poweredOn".into(),
        disks: vec![SourceDisk {
            id: "disk-2000".into(),
            label: "Hard disk 1".into(),
            size_gb: 100,
            datastore: "ds1".into(),
            unit_number: 0,
        }],
        networks: vec![SourceNetwork {
            label: "VM Network".into(),
            mac_address: "00:50:56:aa:bb:cc".into(),
        }],
    }
}

pub fn request(id: &str, name: &str, start: Option<bool>) -> CreateMigrationRequest {
    let mut r = CreateMigrationRequest::new(vm(id, name));
    r.start_replication = start;
    r.vcenter_host = "vc01.example.local".into();
    r.datacenter = "DatabanxDC".into();
    r.ossea_config_id = 1;
    r
}

/// `create_migration` of `r`, which must add the VM without a job.
pub async fn created(m: &Manager, r: CreateMigrationRequest) -> ContextCreated {
    match m.create_migration(r).await.unwrap() {
        CreateMigrationResponse::ContextCreated(c) => c,
        other => panic!("expected a context, got {other:?}"),
    }
}

/// `create_migration` of `r`, which must start a job.
pub async fn started(m: &Manager, r: CreateMigrationRequest) -> JobStarted {
    match m.create_migration(r).await.unwrap() {
        CreateMigrationResponse::JobStarted(j) => j,
        other => panic!("expected a job, got {other:?}"),
    }
}

/// Adds to management; returns the context id.
pub async fn add(m: &Manager, id: &str) -> String {
    created(m, request(id, id, Some(false))).await.context_id
}

/// Starts replication; returns (context id, job id).
pub async fn start(m: &Manager, id: &str) -> Result<(String, String), Error> {
    match m.create_migration(request(id, id, Some(true))).await? {
        CreateMigrationResponse::JobStarted(j) => Ok((j.context_id, j.job_id)),
        other => panic!("expected a job, got {other:?}"),
    }
}

/// A reference to the job `job_id`.
pub fn job_ref(job_id: &str) -> JobRef {
    JobRef {
        job_id: job_id.into(),
    }
}

/// Fails a job with `error` (the host's report of a broken copy).
pub async fn fail(m: &Manager, job_id: &str, error: &str) -> Result<ReplicationJob, Error> {
    let request = FailJobRequest {
        job_id: job_id.into(),
        error: error.into(),
    };
    m.fail_job(&request).await
}

/// Completes a job with `change_id`: as the single change id of a VM with
/// one disk (or none); as `<change_id>-<disk id>` for each disk of a VM with
/// several (CBT keeps one change id per disk).
pub async fn complete(m: &Manager, job_id: &str, change_id: &str) {
    let job = m.get_job(job_id).await.unwrap();
    let request = if job.previous_change_ids.len() > 1 && !change_id.is_empty() {
        CompleteJobRequest {
            job_id: job_id.into(),
            change_ids: Some(
                job.previous_change_ids
                    .keys()
                    .map(|d| (d.clone(), format!("{change_id}-{d}")))
                    .collect(),
            ),
            ..Default::default()
        }
    } else {
        CompleteJobRequest {
            job_id: job_id.into(),
            change_id: change_id.into(),
            ..Default::default()
        }
    };
    m.complete_job(&request).await.unwrap();
}

pub async fn ctx(m: &Manager, context_id: &str) -> ReplicationContext {
    m.get_context(&ContextRef::ContextId(context_id.into()))
        .await
        .unwrap()
}

/// The context named `name`, looked up by name.
pub async fn by_name(m: &Manager, name: &str) -> Result<ReplicationContext, Error> {
    m.get_context(&ContextRef::VmName(name.into())).await
}

/// The field a `validation` error names; any other error fails the test.
pub fn field(err: &Error) -> &str {
    match err {
        Error::Validation { field, .. } => field,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

/// The field named by the `validation` error that `result` must be.
pub fn field_of<T: Debug>(result: Result<T, Error>) -> String {
    field(&result.unwrap_err()).to_owned()
}

/// The job log of one context, newest first.
pub async fn context_log(m: &Manager, context_id: &str) -> Vec<LogJob> {
    let filter = LogFilter {
        context_id: Some(context_id.into()),
        ..Default::default()
    };
    m.log_jobs(&filter).await.unwrap().items
}

/// A reconcile that carries its plan out now, with no grace period.
pub fn apply_now() -> ReconcileRequest {
    ReconcileRequest {
        apply: true,
        grace_seconds: Some(0),
    }
}

/// A runtime for a test that runs managers on threads of its own.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Runs `f` on `n` OS threads released together; returns their results.
pub fn race<T: Send + 'static>(n: usize, f: impl Fn(usize) -> T + Send + Sync + 'static) -> Vec<T> {
    let barrier = Arc::new(Barrier::new(n));
    let f = Arc::new(f);
    let handles: Vec<_> = (0..n)
        .map(|i| {
            let (b, f) = (barrier.clone(), f.clone());
            std::thread::spawn(move || {
                b.wait();
                f(i)
            })
        })
        .collect();
    handles.into_iter().map(|h| h.join().unwrap()).collect()
}

pub async fn count_contexts(m: &Manager) -> usize {
    m.list_contexts(&Default::default())
        .await
        .unwrap()
        .items
        .len()
}

pub async fn count_jobs(m: &Manager) -> usize {
    m.list_jobs(&Default::default()).await.unwrap().items.len()
}
