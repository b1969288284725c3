//! Opening a manager from plain options — the path, the bundled adapters to
//! use, the host's own ports — shared by the bindings so every surface opens
//! alike, and [`Embedded`]: the opened manager with the runtime a blocking
//! surface runs it on.

use crate::adapters::{LocalVolumes, QsdConfig, QsdExporter};
use crate::error::{Error, Result};
use crate::manager::Manager;
use crate::model::{
    AddToManagementRequest, BulkAddResponse, BulkItemResult, BulkProgress, ContextFilter,
    ContextRef,
};
use crate::ports::{ManualClock, NbdExporter, PortError, TargetCloud, VolumeDaemon};
use crate::registry::Op;
use crate::sqlite::Durability;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// How to open a manager (the JSON config of the C ABI, the keyword
/// arguments of the Python `Manager.open`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenOptions {
    /// The SQLite file (empty when `database_url` is given).
    #[serde(default)]
    pub path: PathBuf,
    /// A PostgreSQL database instead of a SQLite file
    /// (`postgresql://user:password@host:port/database`), shared by every
    /// node opened on it; needs the `postgres` feature.
    #[serde(default)]
    pub database_url: Option<String>,
    /// Volumes as sparse files in this directory (`LocalVolumes`).
    #[serde(default)]
    pub volumes_dir: Option<PathBuf>,
    /// NBD exports by a qemu-storage-daemon with its state in this directory.
    #[serde(default)]
    pub qsd_dir: Option<PathBuf>,
    /// Its NBD port (default 10809).
    #[serde(default)]
    pub nbd_port: Option<u16>,
    /// The testkit's in-memory fakes for every port not given otherwise
    /// (needs the `testkit` feature).
    #[serde(default)]
    pub fakes: bool,
    /// A manual clock standing at this time.
    #[serde(default)]
    pub now: Option<DateTime<Utc>>,
    /// The appliance's instance id.
    #[serde(default)]
    pub appliance_id: Option<String>,
    /// The operation lease, in seconds.
    #[serde(default)]
    pub operation_lease_seconds: Option<f64>,
    /// How durable commits are: `"normal"` (default) or `"full"`.
    #[serde(default)]
    pub durability: Durability,
}

impl OpenOptions {
    /// The options from their JSON object (the C ABI's config, the Python
    /// `Manager.open` keyword arguments); anything unknown or mistyped is a
    /// `validation` error naming `field`.
    pub fn from_json(value: serde_json::Value, field: &str) -> Result<Self> {
        serde_json::from_value(value).map_err(|e| Error::validation(field, e.to_string()))
    }
}

/// The host's own ports; each replaces the bundled adapter or fake.
#[derive(Default)]
pub struct HostPorts {
    /// Volume daemon.
    pub volumes: Option<Arc<dyn VolumeDaemon>>,
    /// NBD exporter.
    pub exporter: Option<Arc<dyn NbdExporter>>,
    /// Target cloud.
    pub cloud: Option<Arc<dyn TargetCloud>>,
}

/// An opened manager and what a binding needs beside it.
pub struct Opened {
    /// The manager.
    pub manager: Manager,
    /// The manual clock, when `now` was given.
    pub clock: Option<Arc<ManualClock>>,
    /// The qemu-storage-daemon exporter, when `qsd_dir` was given.
    pub qsd: Option<Arc<QsdExporter>>,
}

/// An opened manager with the runtime its calls run on: what a blocking
/// surface (the Python module, the C ABI) keeps. The one place the bindings'
/// runtime is built — one worker thread; calls run on the caller's thread in
/// [`Embedded::block_on`], host ports on the port pool of
/// [`crate::ports::json_port`].
pub struct Embedded {
    /// The manager and what comes with it. Dropped before the runtime.
    pub opened: Opened,
    runtime: tokio::runtime::Runtime,
}

impl Embedded {
    /// Builds the runtime and opens the manager on it (see [`open`]).
    pub fn open(opts: OpenOptions, host: HostPorts) -> Result<Self> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("migratekit-rt")
            .enable_all()
            .build()
            .map_err(|e| Error::Internal {
                details: format!("cannot start the runtime: {e}"),
            })?;
        let opened = runtime.block_on(open(opts, host))?;
        Ok(Embedded { opened, runtime })
    }

    /// The manager.
    pub fn manager(&self) -> &Manager {
        &self.opened.manager
    }

    /// Runs `f` to completion on the calling thread, within the runtime.
    /// Not from inside async code.
    pub fn block_on<F: std::future::Future>(&self, f: F) -> F::Output {
        self.runtime.block_on(f)
    }

    /// `add_to_management_bulk` over the VMs as JSON values — or the error
    /// a surface met reading one — each read on its own: a VM that is not a
    /// well-formed request is an `invalid` result at its index, like one the
    /// service refuses, never a failure of the whole call (DESIGN §4).
    /// `progress` counts every VM.
    pub async fn add_to_management_bulk_values(
        &self,
        vms: Vec<Result<serde_json::Value>>,
        progress: Option<&(dyn Fn(BulkProgress) + Send + Sync)>,
    ) -> Result<BulkAddResponse> {
        let total = vms.len();
        let mut unreadable = Vec::new();
        let mut readable = Vec::with_capacity(total);
        let mut positions = Vec::with_capacity(total);
        for (index, vm) in vms.into_iter().enumerate() {
            let vm = vm.and_then(|vm| {
                AddToManagementRequest::deserialize(vm)
                    .map_err(|e| Error::validation(format!("vms[{index}]"), e.to_string()))
            });
            match vm {
                Ok(vm) => {
                    positions.push(index);
                    readable.push(vm);
                }
                Err(e) => unreadable.push(BulkItemResult::Invalid {
                    index,
                    error: e.to_body(),
                }),
            }
        }
        let skipped = unreadable.len();
        let counted = |p: BulkProgress| {
            if let Some(report) = progress {
                report(BulkProgress {
                    done: p.done + skipped,
                    total,
                });
            }
        };
        let mut answer = self
            .manager()
            .add_to_management_bulk(readable, progress.map(|_| &counted as _))
            .await?;
        for r in &mut answer.results {
            let (BulkItemResult::Added { index, .. }
            | BulkItemResult::AlreadyManaged { index, .. }
            | BulkItemResult::Invalid { index, .. }
            | BulkItemResult::Failed { index, .. }) = r;
            *index = positions[*index];
        }
        if skipped > 0 {
            answer.invalid += skipped;
            answer.results.extend(unreadable);
            answer.results.sort_by_key(bulk_index);
            if positions.is_empty() {
                counted(BulkProgress { done: 0, total: 0 });
            }
        }
        Ok(answer)
    }

    /// Runs `op` with `body` `iterations` times through the typed Rust call
    /// (`Manager::get_context`, `Manager::list_contexts`; the body parsed
    /// once, the answer never serialised) and returns the time taken: the
    /// baseline of the bindings' per-call overhead benchmarks.
    pub async fn time_typed_calls(
        &self,
        op: Op,
        body: &serde_json::Value,
        iterations: u32,
    ) -> Result<Duration> {
        let m = self.manager();
        let start = std::time::Instant::now();
        match op {
            Op::GetContext => {
                let r: ContextRef = crate::json::parse(body)?;
                for _ in 0..iterations {
                    std::hint::black_box(m.get_context(&r).await?);
                }
            }
            Op::ListContexts => {
                let f: ContextFilter = crate::json::parse(body)?;
                for _ in 0..iterations {
                    std::hint::black_box(m.list_contexts(&f).await?);
                }
            }
            other => {
                return Err(Error::validation(
                    "operation",
                    format!("no typed benchmark for {other}"),
                ));
            }
        }
        Ok(start.elapsed())
    }
}

fn bulk_index(r: &BulkItemResult) -> usize {
    match r {
        BulkItemResult::Added { index, .. }
        | BulkItemResult::AlreadyManaged { index, .. }
        | BulkItemResult::Invalid { index, .. }
        | BulkItemResult::Failed { index, .. } => *index,
    }
}

fn adapter(step: &str, e: PortError) -> Error {
    Error::Adapter {
        operation: "open".into(),
        step: step.into(),
        details: e.message,
    }
}

#[cfg(feature = "testkit")]
fn fakes() -> HostPorts {
    use crate::testkit::{FakeCloud, FakeExporter, FakeVolumes};
    HostPorts {
        volumes: Some(Arc::new(FakeVolumes::new())),
        exporter: Some(Arc::new(FakeExporter::new())),
        cloud: Some(Arc::new(FakeCloud::new())),
    }
}

#[cfg(not(feature = "testkit"))]
fn fakes() -> HostPorts {
    HostPorts::default()
}

/// Opens a manager: host ports first, then the bundled adapters the options
/// name, then (with `fakes`) the testkit's fakes.
pub async fn open(opts: OpenOptions, host: HostPorts) -> Result<Opened> {
    if opts.fakes && cfg!(not(feature = "testkit")) {
        return Err(Error::validation("fakes", "this build has no testkit"));
    }
    let fake = if opts.fakes {
        fakes()
    } else {
        HostPorts::default()
    };
    let mut b = match (&opts.database_url, opts.path.as_os_str().is_empty()) {
        (None, false) => Manager::builder()
            .sqlite(&opts.path)
            .durability(opts.durability),
        (Some(url), true) => Manager::builder().postgres(url),
        (Some(_), false) => {
            return Err(Error::validation(
                "database_url",
                "give either path (SQLite) or database_url (PostgreSQL), not both",
            ));
        }
        (None, true) => {
            return Err(Error::validation(
                "path",
                "a SQLite path or a PostgreSQL database_url is required",
            ));
        }
    };
    let clock = opts.now.map(|t| Arc::new(ManualClock::new(t)));
    if let Some(c) = &clock {
        b = b.clock(c.clone());
    }
    let volumes = match (host.volumes, &opts.volumes_dir) {
        (Some(v), _) => Some(v),
        (None, Some(dir)) => Some(Arc::new(
            LocalVolumes::open(dir).map_err(|e| adapter("volumes_dir", e.into()))?,
        ) as Arc<dyn VolumeDaemon>),
        (None, None) => fake.volumes,
    };
    let mut qsd = None;
    let exporter = match (host.exporter, &opts.qsd_dir) {
        (Some(e), _) => Some(e),
        (None, Some(dir)) => {
            let mut config = QsdConfig::new(dir);
            if let Some(p) = opts.nbd_port {
                config.port = p;
            }
            let q = Arc::new(
                QsdExporter::start(config)
                    .await
                    .map_err(|e| adapter("qsd_dir", e))?,
            );
            qsd = Some(q.clone());
            Some(q as Arc<dyn NbdExporter>)
        }
        (None, None) => fake.exporter,
    };
    if let Some(v) = volumes {
        b = b.volume_daemon(v);
    }
    if let Some(e) = exporter {
        b = b.nbd_exporter(e);
    }
    if let Some(c) = host.cloud.or(fake.cloud) {
        b = b.target_cloud(c);
    }
    if let Some(id) = opts.appliance_id {
        b = b.appliance_id(id);
    }
    if let Some(secs) = opts.operation_lease_seconds {
        let lease = Duration::try_from_secs_f64(secs).map_err(|_| {
            Error::validation("operation_lease_seconds", "must be a positive number")
        })?;
        b = b.operation_lease(lease);
    }
    Ok(Opened {
        manager: b.build()?,
        clock,
        qsd,
    })
}
