// Generated from migratekit_core::registry::Op by tests/header.rs; do not edit.
// `MK_BLESS=1 cargo test -p migratekit-ffi --test header` regenerates it.

//! One typed entry point per operation of the core's registry:
//! `mk_manager_<op>(manager, body, body_len, cancel, out)`, running `<op>`
//! with the JSON `body` (under the token `cancel`, or none) and putting the
//! JSON answer in `*out`. Ownership, safety and
//! thread-safety are the same for all of them and written once, in the
//! header's "Operation entry points" (`cbindgen.toml`); `mk_manager_call`
//! runs the same operations by name.

// The `# Safety` section every one would repeat is the header's shared one.
#![allow(clippy::missing_safety_doc)]

use crate::bytes::mk_bytes_t;
use crate::cancel::mk_cancel_t;
use crate::error::mk_error_t;
use crate::manager::{call, mk_manager_t};
use migratekit_core::registry::Op;
use std::os::raw::c_char;

/// `create_migration`: Adds a VM to management (`start_replication: false`) or starts
/// replication (absent or `true`), with duplicate protection. Body: the
/// create_migration request; answer: the context-only or the job response.
///
/// Ownership and safety: "Operation entry points" above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_create_migration(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    let op = Op::CreateMigration;
    // SAFETY: the caller's guarantees ("Operation entry points"), forwarded.
    unsafe { call(manager, op, body, body_len, cancel, out) }
}

/// `add_to_management`: Adds a VM to management without replicating it. Body:
/// `{source_vm, vcenter_host, ...}`.
///
/// Ownership and safety: "Operation entry points" above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_add_to_management(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    let op = Op::AddToManagement;
    // SAFETY: the caller's guarantees ("Operation entry points"), forwarded.
    unsafe { call(manager, op, body, body_len, cancel, out) }
}

/// `add_to_management_bulk`: Adds many VMs: body `{"vms": [...]}`; answer: one result per VM.
///
/// Ownership and safety: "Operation entry points" above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_add_to_management_bulk(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    let op = Op::AddToManagementBulk;
    // SAFETY: the caller's guarantees ("Operation entry points"), forwarded.
    unsafe { call(manager, op, body, body_len, cancel, out) }
}

/// `get_context`: One context: body `{"context_id"}`, `{"vm": {"vcenter_host",
/// "vmware_vm_id"}}`, `{"vmware_vm_id"}` or `{"vm_name"}`.
///
/// Ownership and safety: "Operation entry points" above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_get_context(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    let op = Op::GetContext;
    // SAFETY: the caller's guarantees ("Operation entry points"), forwarded.
    unsafe { call(manager, op, body, body_len, cancel, out) }
}

/// `list_contexts`: A page of contexts: body `{"status"?, "limit"?, "offset"?}`.
///
/// Ownership and safety: "Operation entry points" above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_list_contexts(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    let op = Op::ListContexts;
    // SAFETY: the caller's guarantees ("Operation entry points"), forwarded.
    unsafe { call(manager, op, body, body_len, cancel, out) }
}

/// `get_job`: One replication job: body `{"job_id"}`.
///
/// Ownership and safety: "Operation entry points" above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_get_job(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    let op = Op::GetJob;
    // SAFETY: the caller's guarantees ("Operation entry points"), forwarded.
    unsafe { call(manager, op, body, body_len, cancel, out) }
}

/// `list_jobs`: A page of jobs, newest first: body `{"context_id"?, "status"?,
/// "limit"?, "offset"?}`.
///
/// Ownership and safety: "Operation entry points" above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_list_jobs(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    let op = Op::ListJobs;
    // SAFETY: the caller's guarantees ("Operation entry points"), forwarded.
    unsafe { call(manager, op, body, body_len, cancel, out) }
}

/// `update_job_progress`: The host reports progress: body `{"job_id", "progress_percent",
/// "bytes_transferred"?, "total_bytes"?, "disks"?: {"<disk_id>":
/// {"bytes_transferred", "total_bytes"?}}}` (each disk one of the job's).
///
/// Ownership and safety: "Operation entry points" above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_update_job_progress(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    let op = Op::UpdateJobProgress;
    // SAFETY: the caller's guarantees ("Operation entry points"), forwarded.
    unsafe { call(manager, op, body, body_len, cancel, out) }
}

/// `complete_job`: The host reports a job done: body `{"job_id", "change_ids":
/// {"<disk_id>": "<change id>"}}` (one CBT change id per disk), or
/// `{"job_id", "change_id"}` for a VM with one disk (or none).
///
/// Ownership and safety: "Operation entry points" above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_complete_job(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    let op = Op::CompleteJob;
    // SAFETY: the caller's guarantees ("Operation entry points"), forwarded.
    unsafe { call(manager, op, body, body_len, cancel, out) }
}

/// `fail_job`: The host reports a job failed: body `{"job_id", "error"}`.
///
/// Ownership and safety: "Operation entry points" above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_fail_job(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    let op = Op::FailJob;
    // SAFETY: the caller's guarantees ("Operation entry points"), forwarded.
    unsafe { call(manager, op, body, body_len, cancel, out) }
}

/// `cancel_job`: Cancels a job: body `{"job_id"}`.
///
/// Ownership and safety: "Operation entry points" above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_cancel_job(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    let op = Op::CancelJob;
    // SAFETY: the caller's guarantees ("Operation entry points"), forwarded.
    unsafe { call(manager, op, body, body_len, cancel, out) }
}

/// `remove_from_management`: Removes a VM from management, cascading (body: a context reference as
/// for `get_context`).
///
/// Ownership and safety: "Operation entry points" above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_remove_from_management(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    let op = Op::RemoveFromManagement;
    // SAFETY: the caller's guarantees ("Operation entry points"), forwarded.
    unsafe { call(manager, op, body, body_len, cancel, out) }
}

/// `delete_job`: Deletes a finished job with the volumes it created: body `{"job_id"}`.
///
/// Ownership and safety: "Operation entry points" above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_delete_job(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    let op = Op::DeleteJob;
    // SAFETY: the caller's guarantees ("Operation entry points"), forwarded.
    unsafe { call(manager, op, body, body_len, cancel, out) }
}

/// `test_failover`: Boots a test VM on the replicated volumes: body `{"context_id"}`.
///
/// Ownership and safety: "Operation entry points" above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_test_failover(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    let op = Op::TestFailover;
    // SAFETY: the caller's guarantees ("Operation entry points"), forwarded.
    unsafe { call(manager, op, body, body_len, cancel, out) }
}

/// `cleanup_test_failover`: Cleans a test failover up: body `{"context_id"}` or `{"vm_id"}` or
/// `{"vm_name"}`, optionally `"failover_job_id"`.
///
/// Ownership and safety: "Operation entry points" above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_cleanup_test_failover(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    let op = Op::CleanupTestFailover;
    // SAFETY: the caller's guarantees ("Operation entry points"), forwarded.
    unsafe { call(manager, op, body, body_len, cancel, out) }
}

/// `live_failover`: Cuts over: body `{"context_id"}`.
///
/// Ownership and safety: "Operation entry points" above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_live_failover(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    let op = Op::LiveFailover;
    // SAFETY: the caller's guarantees ("Operation entry points"), forwarded.
    unsafe { call(manager, op, body, body_len, cancel, out) }
}

/// `rollback_live_failover`: Undoes a live failover (body as for `cleanup_test_failover`).
///
/// Ownership and safety: "Operation entry points" above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_rollback_live_failover(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    let op = Op::RollbackLiveFailover;
    // SAFETY: the caller's guarantees ("Operation entry points"), forwarded.
    unsafe { call(manager, op, body, body_len, cancel, out) }
}

/// `complete_migration`: Finalises a live failover: body `{"context_id"}`.
///
/// Ownership and safety: "Operation entry points" above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_complete_migration(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    let op = Op::CompleteMigration;
    // SAFETY: the caller's guarantees ("Operation entry points"), forwarded.
    unsafe { call(manager, op, body, body_len, cancel, out) }
}

/// `abort_operation`: Abandons a test or live failover that failed part-way, undoing what it
/// did: body `{"context_id"}`.
///
/// Ownership and safety: "Operation entry points" above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_abort_operation(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    let op = Op::AbortOperation;
    // SAFETY: the caller's guarantees ("Operation entry points"), forwarded.
    unsafe { call(manager, op, body, body_len, cancel, out) }
}

/// `list_volumes`: The volumes recorded on a context (body: a context reference).
///
/// Ownership and safety: "Operation entry points" above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_list_volumes(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    let op = Op::ListVolumes;
    // SAFETY: the caller's guarantees ("Operation entry points"), forwarded.
    unsafe { call(manager, op, body, body_len, cancel, out) }
}

/// `list_failover_jobs`: A context's failover jobs, newest first (body: a context reference).
///
/// Ownership and safety: "Operation entry points" above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_list_failover_jobs(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    let op = Op::ListFailoverJobs;
    // SAFETY: the caller's guarantees ("Operation entry points"), forwarded.
    unsafe { call(manager, op, body, body_len, cancel, out) }
}

/// `reconcile`: Compares records with the volume daemon and the exporter: body `{}`.
///
/// Ownership and safety: "Operation entry points" above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_reconcile(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    let op = Op::Reconcile;
    // SAFETY: the caller's guarantees ("Operation entry points"), forwarded.
    unsafe { call(manager, op, body, body_len, cancel, out) }
}

/// `create_schedule`: Creates a replication schedule: body `{"name", "cron_expression",
/// "timezone"?, "enabled"?, "max_concurrent_jobs"?}`.
///
/// Ownership and safety: "Operation entry points" above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_create_schedule(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    let op = Op::CreateSchedule;
    // SAFETY: the caller's guarantees ("Operation entry points"), forwarded.
    unsafe { call(manager, op, body, body_len, cancel, out) }
}

/// `list_schedules`: Every schedule: body `{}`.
///
/// Ownership and safety: "Operation entry points" above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_list_schedules(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    let op = Op::ListSchedules;
    // SAFETY: the caller's guarantees ("Operation entry points"), forwarded.
    unsafe { call(manager, op, body, body_len, cancel, out) }
}

/// `set_schedule_enabled`: Enables or disables a schedule: body `{"schedule_id", "enabled"}`.
///
/// Ownership and safety: "Operation entry points" above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_set_schedule_enabled(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    let op = Op::SetScheduleEnabled;
    // SAFETY: the caller's guarantees ("Operation entry points"), forwarded.
    unsafe { call(manager, op, body, body_len, cancel, out) }
}

/// `create_group`: Creates a group of contexts: body `{"name", "description"?,
/// "schedule_id"?}`.
///
/// Ownership and safety: "Operation entry points" above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_create_group(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    let op = Op::CreateGroup;
    // SAFETY: the caller's guarantees ("Operation entry points"), forwarded.
    unsafe { call(manager, op, body, body_len, cancel, out) }
}

/// `get_group`: A group with its members: body `{"group_id"}`.
///
/// Ownership and safety: "Operation entry points" above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_get_group(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    let op = Op::GetGroup;
    // SAFETY: the caller's guarantees ("Operation entry points"), forwarded.
    unsafe { call(manager, op, body, body_len, cancel, out) }
}

/// `list_groups`: Every group: body `{}`.
///
/// Ownership and safety: "Operation entry points" above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_list_groups(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    let op = Op::ListGroups;
    // SAFETY: the caller's guarantees ("Operation entry points"), forwarded.
    unsafe { call(manager, op, body, body_len, cancel, out) }
}

/// `attach_schedule`: Attaches a schedule to a group: body `{"group_id", "schedule_id"}`
/// (`"schedule_id": null` detaches).
///
/// Ownership and safety: "Operation entry points" above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_attach_schedule(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    let op = Op::AttachSchedule;
    // SAFETY: the caller's guarantees ("Operation entry points"), forwarded.
    unsafe { call(manager, op, body, body_len, cancel, out) }
}

/// `add_to_group`: Puts a context in a group: body `{"group_id", "context_id",
/// "priority"?}` (lower runs first).
///
/// Ownership and safety: "Operation entry points" above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_add_to_group(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    let op = Op::AddToGroup;
    // SAFETY: the caller's guarantees ("Operation entry points"), forwarded.
    unsafe { call(manager, op, body, body_len, cancel, out) }
}

/// `remove_from_group`: Takes a context out of its group: body `{"context_id"}`.
///
/// Ownership and safety: "Operation entry points" above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_remove_from_group(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    let op = Op::RemoveFromGroup;
    // SAFETY: the caller's guarantees ("Operation entry points"), forwarded.
    unsafe { call(manager, op, body, body_len, cancel, out) }
}

/// `run_due_schedules`: Runs every schedule due at `now`: body `{"now"?: RFC 3339}` (default:
/// the clock's now); answer: what each run did.
///
/// Ownership and safety: "Operation entry points" above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_run_due_schedules(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    let op = Op::RunDueSchedules;
    // SAFETY: the caller's guarantees ("Operation entry points"), forwarded.
    unsafe { call(manager, op, body, body_len, cancel, out) }
}

/// `list_schedule_executions`: Schedule executions, newest first: body `{"schedule_id"?, "limit"?}`.
///
/// Ownership and safety: "Operation entry points" above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_list_schedule_executions(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    let op = Op::ListScheduleExecutions;
    // SAFETY: the caller's guarantees ("Operation entry points"), forwarded.
    unsafe { call(manager, op, body, body_len, cancel, out) }
}

/// `log_job`: One log job with its steps and events: body `{"job_id"}`.
///
/// Ownership and safety: "Operation entry points" above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_log_job(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    let op = Op::LogJob;
    // SAFETY: the caller's guarantees ("Operation entry points"), forwarded.
    unsafe { call(manager, op, body, body_len, cancel, out) }
}

/// `log_jobs`: Log jobs, newest first: body `{"context_id"?, "status"?,
/// "operation"?, "limit"?, "offset"?}`.
///
/// Ownership and safety: "Operation entry points" above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_log_jobs(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    let op = Op::LogJobs;
    // SAFETY: the caller's guarantees ("Operation entry points"), forwarded.
    unsafe { call(manager, op, body, body_len, cancel, out) }
}

/// `prune_job_log`: Deletes log jobs finished before `before`: body `{"before": RFC 3339}`.
///
/// Ownership and safety: "Operation entry points" above.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mk_manager_prune_job_log(
    manager: *const mk_manager_t,
    body: *const c_char,
    body_len: usize,
    cancel: *const mk_cancel_t,
    out: *mut mk_bytes_t,
) -> *mut mk_error_t {
    let op = Op::PruneJobLog;
    // SAFETY: the caller's guarantees ("Operation entry points"), forwarded.
    unsafe { call(manager, op, body, body_len, cancel, out) }
}

/// The signature every `mk_manager_<op>` shares.
pub type EntryPoint = unsafe extern "C" fn(
    *const mk_manager_t,
    *const c_char,
    usize,
    *const mk_cancel_t,
    *mut mk_bytes_t,
) -> *mut mk_error_t;

/// The entry point of `op`; `None` only while this file is stale (an
/// operation added to the registry and not generated yet).
pub fn entry_point(op: Op) -> Option<EntryPoint> {
    #[allow(unreachable_patterns)]
    match op {
        Op::CreateMigration => Some(mk_manager_create_migration),
        Op::AddToManagement => Some(mk_manager_add_to_management),
        Op::AddToManagementBulk => Some(mk_manager_add_to_management_bulk),
        Op::GetContext => Some(mk_manager_get_context),
        Op::ListContexts => Some(mk_manager_list_contexts),
        Op::GetJob => Some(mk_manager_get_job),
        Op::ListJobs => Some(mk_manager_list_jobs),
        Op::UpdateJobProgress => Some(mk_manager_update_job_progress),
        Op::CompleteJob => Some(mk_manager_complete_job),
        Op::FailJob => Some(mk_manager_fail_job),
        Op::CancelJob => Some(mk_manager_cancel_job),
        Op::RemoveFromManagement => Some(mk_manager_remove_from_management),
        Op::DeleteJob => Some(mk_manager_delete_job),
        Op::TestFailover => Some(mk_manager_test_failover),
        Op::CleanupTestFailover => Some(mk_manager_cleanup_test_failover),
        Op::LiveFailover => Some(mk_manager_live_failover),
        Op::RollbackLiveFailover => Some(mk_manager_rollback_live_failover),
        Op::CompleteMigration => Some(mk_manager_complete_migration),
        Op::AbortOperation => Some(mk_manager_abort_operation),
        Op::ListVolumes => Some(mk_manager_list_volumes),
        Op::ListFailoverJobs => Some(mk_manager_list_failover_jobs),
        Op::Reconcile => Some(mk_manager_reconcile),
        Op::CreateSchedule => Some(mk_manager_create_schedule),
        Op::ListSchedules => Some(mk_manager_list_schedules),
        Op::SetScheduleEnabled => Some(mk_manager_set_schedule_enabled),
        Op::CreateGroup => Some(mk_manager_create_group),
        Op::GetGroup => Some(mk_manager_get_group),
        Op::ListGroups => Some(mk_manager_list_groups),
        Op::AttachSchedule => Some(mk_manager_attach_schedule),
        Op::AddToGroup => Some(mk_manager_add_to_group),
        Op::RemoveFromGroup => Some(mk_manager_remove_from_group),
        Op::RunDueSchedules => Some(mk_manager_run_due_schedules),
        Op::ListScheduleExecutions => Some(mk_manager_list_schedule_executions),
        Op::LogJob => Some(mk_manager_log_job),
        Op::LogJobs => Some(mk_manager_log_jobs),
        Op::PruneJobLog => Some(mk_manager_prune_job_log),
        _ => None,
    }
}
