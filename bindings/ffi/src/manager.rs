//! `mk_manager_t`: open, call operations, close.

use crate::bytes::{self, mk_bytes_t, put};
use crate::cancel::{self, mk_cancel_t};
use crate::error::{self, mk_error_t};
use crate::ports::{self, mk_port_t};
use migratekit_core::Error;
use migratekit_core::cancel::CancelToken;
use migratekit_core::json as core_json;
use migratekit_core::model::BulkProgress;
use migratekit_core::open::{Embedded, HostPorts, OpenOptions};
use migratekit_core::ports::{NbdExporter, TargetCloud, VolumeDaemon};
use migratekit_core::registry::Op;
use serde_json::Value;
use std::future::Future;
use std::os::raw::{c_char, c_void};
use std::sync::Arc;

/// A manager: the SQLite store and job log, the ports chosen at open, and
/// the runtime its calls run on.
pub struct mk_manager_t {
    embedded: Embedded,
}

/// Opens (creating and migrating) a manager from a JSON config:
/// `{"path": "mk.db", "volumes_dir"?: dir, "qsd_dir"?: dir, "nbd_port"?: n,
/// "fakes"?: bool, "now"?: RFC 3339, "appliance_id"?: id,
/// "operation_lease_seconds"?: n}`; `"database_url":
/// "postgresql://user:password@host:port/database"` instead of `path` opens
/// the PostgreSQL store, shared by every node opened on that database.
///
/// Ownership: `config` is borrowed. On success `*out` receives a manager the
/// caller frees with `mk_manager_delete`; on failure `*out` is untouched and
/// the caller owns the returned error.
///
/// # Safety
/// Unless NULL, `config` must point to `config_len` readable bytes; `out`
/// must be valid for writes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_open(
    config: *const c_char,
    config_len: usize,
    out: *mut *mut mk_manager_t,
) -> *mut mk_error_t {
    // SAFETY: forwarded from the caller's guarantees; no ports to hand over.
    unsafe {
        mk_manager_open_with_ports(
            config,
            config_len,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            out,
        )
    }
}

/// Like `mk_manager_open`, with host-implemented ports (each may be NULL:
/// then the config decides).
///
/// Ownership: the library takes every non-NULL port, on success and on
/// failure alike (a port it does not keep is finalized). The rest as for
/// `mk_manager_open`.
///
/// # Safety
/// As for `mk_manager_open`; each non-NULL port must be live and not used by
/// the caller afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_open_with_ports(
    config: *const c_char,
    config_len: usize,
    volume_daemon: *mut mk_port_t,
    nbd_exporter: *mut mk_port_t,
    target_cloud: *mut mk_port_t,
    out: *mut *mut mk_manager_t,
) -> *mut mk_error_t {
    // SAFETY: the caller gives these ports up.
    let host = unsafe {
        HostPorts {
            volumes: ports::take(volume_daemon).map(|p| Arc::new(p) as Arc<dyn VolumeDaemon>),
            exporter: ports::take(nbd_exporter).map(|p| Arc::new(p) as Arc<dyn NbdExporter>),
            cloud: ports::take(target_cloud).map(|p| Arc::new(p) as Arc<dyn TargetCloud>),
        }
    };
    error::guard(move || {
        if out.is_null() {
            return Err(Error::validation("out", "NULL"));
        }
        // SAFETY: the caller guarantees `config_len` readable bytes.
        let text = unsafe { bytes::text(config, config_len, "config") }?;
        let options: OpenOptions =
            serde_json::from_str(text).map_err(|e| Error::validation("config", e.to_string()))?;
        let m = Box::new(mk_manager_t {
            embedded: Embedded::open(options, host)?,
        });
        // SAFETY: checked non-NULL; the caller guarantees it is writable.
        unsafe { out.write(Box::into_raw(m)) };
        Ok(())
    })
}

/// Frees a manager. A qemu-storage-daemon it started keeps running (its
/// exports outlive the library); stop it first with
/// `mk_manager_shutdown_exporter`. NULL does nothing.
///
/// # Safety
/// Unless NULL, `manager` must be live, not in use by another thread, and
/// not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_delete(manager: *mut mk_manager_t) {
    if !manager.is_null() {
        // SAFETY: a live manager from `mk_manager_open*`, deleted once.
        let m = unsafe { Box::from_raw(manager) };
        error::quietly(move || drop(m));
    }
}

fn manager_ref<'a>(manager: *const mk_manager_t) -> Result<&'a mk_manager_t, Error> {
    if manager.is_null() {
        return Err(Error::validation("manager", "NULL"));
    }
    // SAFETY: non-NULL; callers guarantee a live manager for the call.
    Ok(unsafe { &*manager })
}

/// Runs any operation by name (see `mk_manager_operations`) with a JSON
/// body, under `cancel` (may be NULL). Ownership and safety as for every
/// operation entry point (the header's "Operation entry points"); an
/// unknown name is a "validation" error.
///
/// # Safety
/// `manager` must be a live manager; unless NULL, `operation` and `body`
/// must point to their lengths in readable bytes and `cancel` must be a live
/// token; `out` must be valid for writes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_call(
    manager: *const mk_manager_t,
    operation: *const c_char,
    operation_len: usize,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    error::guard(|| {
        // SAFETY: the caller guarantees `operation_len` readable bytes.
        let op = unsafe { bytes::text(operation, operation_len, "operation") }?;
        let op = Op::from_name(op)?;
        // SAFETY: forwarded.
        unsafe { run(manager, op, body, body_len, cancel, out) }
    })
}

/// The body of every `mk_manager_<op>` entry point (`ops.rs`): runs the
/// registry operation `op`, its name parsed already.
///
/// # Safety
/// As for the exported callers.
pub(crate) unsafe fn call(
    manager: *const mk_manager_t,
    op: Op,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    // SAFETY: forwarded.
    error::guard(|| unsafe { run(manager, op, body, body_len, cancel, out) })
}

/// Checks the pointers, reads the body, runs `op` under the caller's token
/// and puts the JSON answer in `*out`.
///
/// # Safety
/// As for the exported callers.
unsafe fn run(
    manager: *const mk_manager_t,
    op: Op,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> Result<(), Error> {
    let m = manager_ref(manager)?;
    if out.is_null() {
        return Err(Error::validation("out", "NULL"));
    }
    // SAFETY: the caller guarantees `body_len` readable bytes.
    let body = unsafe { bytes::text(body, body_len, "body") }?;
    // SAFETY: the caller guarantees a live token or NULL.
    let token = unsafe { cancel::shared(cancel) };
    let answer = if op == Op::AddToManagementBulk {
        let vms = bulk_vms(body)?;
        let answer = m.block_on(token, || {
            m.embedded.add_to_management_bulk_values(vms, None)
        })?;
        serde_json::to_string(&answer).map_err(internal)?
    } else {
        m.block_on(token, || {
            core_json::call_op_str(m.embedded.manager(), op, body)
        })?
    };
    // SAFETY: checked non-NULL; the caller guarantees it is writable.
    unsafe { put(out, answer.into_bytes()) };
    Ok(())
}

impl mk_manager_t {
    /// Runs the future `call` makes on the manager's runtime, under `token`
    /// when there is one. The future is made here and pinned where it
    /// stands: the JSON dispatch's future is ~30 KB, and moving it into
    /// `block_on` cost more than the rest of a call.
    fn block_on<F: Future>(
        &self,
        token: Option<Arc<CancelToken>>,
        call: impl FnOnce() -> F,
    ) -> F::Output {
        match token {
            Some(token) => {
                let future = std::pin::pin!(migratekit_core::cancel::scope(token, call()));
                self.embedded.block_on(future)
            }
            None => {
                let future = std::pin::pin!(call());
                self.embedded.block_on(future)
            }
        }
    }
}

fn internal(e: impl std::fmt::Display) -> Error {
    Error::Internal {
        details: e.to_string(),
    }
}

/// The VMs of an `add_to_management_bulk` body (`{"vms": [...]}`), each
/// left as JSON so that one malformed VM is an `invalid` result of its own.
fn bulk_vms(body: &str) -> Result<Vec<Result<Value, Error>>, Error> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Body {
        vms: Vec<Value>,
    }
    let body: Body =
        serde_json::from_str(body).map_err(|e| Error::validation("", e.to_string()))?;
    Ok(body.vms.into_iter().map(Ok).collect())
}

/// Reports bulk progress: `done` of `total` VMs handled so far. Called on
/// the thread that made the call, after each batch.
pub type mk_progress_callback_t =
    Option<unsafe extern "C" fn(env: *mut c_void, done: usize, total: usize)>;

/// `add_to_management_bulk` with progress: body `{"vms": [...]}`; answer one
/// result per VM (a VM that is not a well-formed request is an `invalid`
/// result at its index, as it is through `mk_manager_add_to_management_bulk`).
/// `progress` (may be NULL) is called with `env` after each batch, on the
/// calling thread, before this function returns.
///
/// Ownership and safety as for every operation entry point; `env` is the
/// caller's and only handed back to `progress`.
///
/// # Safety
/// As for `mk_manager_call`; `progress`, unless NULL, must be callable with
/// `env` on the calling thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_add_to_management_bulk_with_progress(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    progress: mk_progress_callback_t,
    env: *mut c_void,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    struct Env(*mut c_void);
    // SAFETY: the host's `env`, handed back to its callback on the calling
    // thread only (the core reports progress from the future being polled by
    // `block_on` here); the library never dereferences it.
    unsafe impl Send for Env {}
    // SAFETY: as above.
    unsafe impl Sync for Env {}
    impl Env {
        fn get(&self) -> *mut c_void {
            self.0
        }
    }
    let env = Env(env);
    error::guard(|| {
        let m = manager_ref(manager)?;
        if out.is_null() {
            return Err(Error::validation("out", "NULL"));
        }
        // SAFETY: the caller guarantees `body_len` readable bytes.
        let vms = bulk_vms(unsafe { bytes::text(body, body_len, "body") }?)?;
        // SAFETY: the caller guarantees a live token or NULL.
        let token = unsafe { cancel::shared(cancel) };
        let report = |p: BulkProgress| {
            if let Some(f) = progress {
                // SAFETY: the caller's callback with its own `env`.
                unsafe { f(env.get(), p.done, p.total) };
            }
        };
        let answer = m.block_on(token, || {
            m.embedded.add_to_management_bulk_values(vms, Some(&report))
        })?;
        let answer = serde_json::to_vec(&answer).map_err(internal)?;
        // SAFETY: checked non-NULL; the caller guarantees it is writable.
        unsafe { put(out, answer) };
        Ok(())
    })
}

/// Every operation `mk_manager_call` knows, as a JSON array of names: the
/// core's operation registry, each with its `mk_manager_<name>`.
///
/// Ownership: `*out` receives a buffer the caller frees with `mk_bytes_delete`.
///
/// # Safety
/// `out` must be valid for writes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_operations(out: *mut mk_bytes_t) -> *mut mk_error_t {
    error::guard(|| {
        if out.is_null() {
            return Err(Error::validation("out", "NULL"));
        }
        let names = serde_json::to_vec(Op::NAMES).map_err(|e| Error::Internal {
            details: e.to_string(),
        })?;
        // SAFETY: checked non-NULL; the caller guarantees it is writable.
        unsafe { put(out, names) };
        Ok(())
    })
}

/// Moves the manual clock of a manager opened with `"now"` by `seconds`.
///
/// # Safety
/// `manager` must be a live manager.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_advance_clock(
    manager: *const mk_manager_t,
    seconds: i64,
) -> *mut mk_error_t {
    error::guard(|| {
        let m = manager_ref(manager)?;
        let clock = m.embedded.opened.clock.as_ref().ok_or_else(|| {
            Error::validation(
                "now",
                "this manager uses the system clock; open it with \"now\" to move time",
            )
        })?;
        clock.advance_seconds(seconds)
    })
}

/// Stops the qemu-storage-daemon the manager started (`"qsd_dir"`); its
/// exports go with it. Without one, does nothing.
///
/// # Safety
/// `manager` must be a live manager.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_shutdown_exporter(
    manager: *const mk_manager_t,
) -> *mut mk_error_t {
    error::guard(|| {
        let m = manager_ref(manager)?;
        if let Some(q) = &m.embedded.opened.qsd {
            m.embedded
                .block_on(q.shutdown())
                .map_err(|e| Error::Adapter {
                    operation: "shutdown_exporter".into(),
                    step: "quit".into(),
                    details: e.message,
                })?;
        }
        Ok(())
    })
}

/// Benchmark support: runs `operation` (`get_context` or `list_contexts`)
/// with `body` `iterations` times as the typed Rust call (the body parsed
/// once, the answer never serialised) and stores the seconds taken in
/// `*seconds`: the baseline of the bindings' per-call overhead benchmarks.
///
/// # Safety
/// As for `mk_manager_call`; `seconds` must be valid for writes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_time_typed_calls(
    manager: *const mk_manager_t,
    operation: *const c_char,
    operation_len: usize,
    body: *const c_char,
    body_len: usize,
    iterations: u32,
    seconds: *mut f64,
) -> *mut mk_error_t {
    error::guard(|| {
        let m = manager_ref(manager)?;
        if seconds.is_null() {
            return Err(Error::validation("seconds", "NULL"));
        }
        // SAFETY: the caller guarantees the lengths.
        let (op, body) = unsafe {
            (
                bytes::text(operation, operation_len, "operation")?,
                bytes::text(body, body_len, "body")?,
            )
        };
        let op = Op::from_name(op)?;
        let body: Value =
            serde_json::from_str(body).map_err(|e| Error::validation("body", e.to_string()))?;
        let took = m
            .embedded
            .block_on(m.embedded.time_typed_calls(op, &body, iterations))?;
        // SAFETY: checked non-NULL; the caller guarantees it is writable.
        unsafe { seconds.write(took.as_secs_f64()) };
        Ok(())
    })
}
