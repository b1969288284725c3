//! The operation registry: every operation of the surfaces (DESIGN §4, §7)
//! by its wire name, in one table.
//!
//! [`Op`] is parsed once from a name ([`Op::parse`]) and then matched on.
//! It drives [`crate::json::call`]'s dispatch, the list of names the
//! bindings expose (`mk_manager_operations`, `migratekit.OPERATIONS`, Go's
//! `Operations()`), the C ABI's `mk_manager_<op>` entry points (generated
//! from this table into `bindings/ffi/src/ops.rs`, with each variant's doc
//! as the function's doc in the header), and the tests that every operation
//! is reachable on every surface.
//!
//! [`crate::lifecycle::Operation`] is a different thing: the twelve
//! operations that change a context's status, the rows of the lifecycle
//! table.

use crate::error::Error;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Declares [`Op`] and its table from one list: each variant's doc is the
/// operation's documentation (body and answer), its literal the wire name.
macro_rules! registry {
    ($( $(#[doc = $doc:literal])+ $variant:ident = $name:literal, )+) => {
        /// Every operation of the surfaces, by wire name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum Op {
            $(
                $(#[doc = $doc])+
                #[serde(rename = $name)]
                $variant,
            )+
        }

        impl Op {
            /// Every operation, in registry order.
            pub const ALL: &'static [Op] = &[$(Op::$variant),+];

            /// Every wire name, in registry order.
            pub const NAMES: &'static [&'static str] = &[$($name),+];

            /// Parses a wire name; `None` for a name no surface knows.
            pub fn parse(name: &str) -> Option<Op> {
                match name {
                    $($name => Some(Op::$variant),)+
                    _ => None,
                }
            }

            /// The wire name (`create_migration`, ...).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Op::$variant => $name,)+
                }
            }

            /// The operation's documentation: what it does, its body and its
            /// answer (one line per doc line, each starting with a space).
            pub const fn doc(self) -> &'static str {
                match self {
                    $(Op::$variant => concat!($($doc, "\n"),+),)+
                }
            }
        }
    };
}

registry! {
    /// Adds a VM to management (`start_replication: false`) or starts
    /// replication (absent or `true`), with duplicate protection. Body: the
    /// create_migration request; answer: the context-only or the job response.
    CreateMigration = "create_migration",
    /// Adds a VM to management without replicating it. Body:
    /// `{source_vm, vcenter_host, ...}`.
    AddToManagement = "add_to_management",
    /// Adds many VMs: body `{"vms": [...]}`; answer: one result per VM.
    AddToManagementBulk = "add_to_management_bulk",
    /// One context: body `{"context_id"}`, `{"vm": {"vcenter_host",
    /// "vmware_vm_id"}}`, `{"vmware_vm_id"}` or `{"vm_name"}`.
    GetContext = "get_context",
    /// A page of contexts: body `{"status"?, "limit"?, "offset"?}`.
    ListContexts = "list_contexts",
    /// One replication job: body `{"job_id"}`.
    GetJob = "get_job",
    /// A page of jobs, newest first: body `{"context_id"?, "status"?,
    /// "limit"?, "offset"?}`.
    ListJobs = "list_jobs",
    /// The host reports progress: body `{"job_id", "progress_percent",
    /// "bytes_transferred"?, "total_bytes"?, "disks"?: {"<disk_id>":
    /// {"bytes_transferred", "total_bytes"?}}}` (each disk one of the job's).
    UpdateJobProgress = "update_job_progress",
    /// The host reports a job done: body `{"job_id", "change_ids":
    /// {"<disk_id>": "<change id>"}}` (one CBT change id per disk), or
    /// `{"job_id", "change_id"}` for a VM with one disk (or none).
    CompleteJob = "complete_job",
    /// The host reports a job failed: body `{"job_id", "error"}`.
    FailJob = "fail_job",
    /// Cancels a job: body `{"job_id"}`.
    CancelJob = "cancel_job",
    /// Removes a VM from management, cascading (body: a context reference as
    /// for `get_context`).
    RemoveFromManagement = "remove_from_management",
    /// Deletes a finished job with the volumes it created: body `{"job_id"}`.
    DeleteJob = "delete_job",
    /// Boots a test VM on the replicated volumes: body `{"context_id"}`.
    TestFailover = "test_failover",
    /// Cleans a test failover up: body `{"context_id"}` or `{"vm_id"}` or
    /// `{"vm_name"}`, optionally `"failover_job_id"`.
    CleanupTestFailover = "cleanup_test_failover",
    /// Cuts over: body `{"context_id"}`.
    LiveFailover = "live_failover",
    /// Undoes a live failover (body as for `cleanup_test_failover`).
    RollbackLiveFailover = "rollback_live_failover",
    /// Finalises a live failover: body `{"context_id"}`.
    CompleteMigration = "complete_migration",
    /// Abandons a test or live failover that failed part-way, undoing what it
    /// did: body `{"context_id"}`.
    AbortOperation = "abort_operation",
    /// The volumes recorded on a context (body: a context reference).
    ListVolumes = "list_volumes",
    /// A context's failover jobs, newest first (body: a context reference).
    ListFailoverJobs = "list_failover_jobs",
    /// Compares records with the volume daemon and the exporter: body `{}`.
    Reconcile = "reconcile",
    /// Creates a replication schedule: body `{"name", "cron_expression",
    /// "timezone"?, "enabled"?, "max_concurrent_jobs"?}`.
    CreateSchedule = "create_schedule",
    /// Every schedule: body `{}`.
    ListSchedules = "list_schedules",
    /// Enables or disables a schedule: body `{"schedule_id", "enabled"}`.
    SetScheduleEnabled = "set_schedule_enabled",
    /// Creates a group of contexts: body `{"name", "description"?,
    /// "schedule_id"?}`.
    CreateGroup = "create_group",
    /// A group with its members: body `{"group_id"}`.
    GetGroup = "get_group",
    /// Every group: body `{}`.
    ListGroups = "list_groups",
    /// Attaches a schedule to a group: body `{"group_id", "schedule_id"}`
    /// (`"schedule_id": null` detaches).
    AttachSchedule = "attach_schedule",
    /// Puts a context in a group: body `{"group_id", "context_id",
    /// "priority"?}` (lower runs first).
    AddToGroup = "add_to_group",
    /// Takes a context out of its group: body `{"context_id"}`.
    RemoveFromGroup = "remove_from_group",
    /// Runs every schedule due at `now`: body `{"now"?: RFC 3339}` (default:
    /// the clock's now); answer: what each run did.
    RunDueSchedules = "run_due_schedules",
    /// Schedule executions, newest first: body `{"schedule_id"?, "limit"?}`.
    ListScheduleExecutions = "list_schedule_executions",
    /// One log job with its steps and events: body `{"job_id"}`.
    LogJob = "log_job",
    /// Log jobs, newest first: body `{"context_id"?, "status"?,
    /// "operation"?, "limit"?, "offset"?}`.
    LogJobs = "log_jobs",
    /// Deletes log jobs finished before `before`: body `{"before": RFC 3339}`.
    PruneJobLog = "prune_job_log",
}

impl Op {
    /// Parses a wire name; an unknown one is a `validation` error on the
    /// field `operation` that lists the known names.
    pub fn from_name(name: &str) -> Result<Op, Error> {
        Op::parse(name).ok_or_else(|| {
            Error::validation(
                "operation",
                format!(
                    "unknown operation '{name}'; known: {}",
                    Op::NAMES.join(", ")
                ),
            )
        })
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Op {
    type Err = Error;

    fn from_str(s: &str) -> Result<Op, Error> {
        Op::from_name(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lifecycle::Operation;

    #[test]
    fn every_name_parses_back_to_its_operation_and_names_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for &op in Op::ALL {
            assert_eq!(Op::parse(op.as_str()), Some(op));
            assert_eq!(op.to_string(), op.as_str());
            assert!(seen.insert(op.as_str()), "{op} twice");
            assert_eq!(
                serde_json::to_value(op).unwrap(),
                serde_json::json!(op.as_str())
            );
            assert!(!op.doc().trim().is_empty(), "{op} has no doc");
        }
        assert_eq!(Op::NAMES.len(), Op::ALL.len());
        assert_eq!(Op::parse("nope"), None);
        assert_eq!(
            "nope".parse::<Op>().unwrap_err().code(),
            crate::ErrorCode::Validation
        );
    }

    #[test]
    fn every_lifecycle_operation_but_start_replication_is_a_registry_operation() {
        // `start_replication` is `create_migration` that starts a job.
        for op in Operation::ALL {
            if op != Operation::StartReplication {
                assert!(Op::parse(op.as_str()).is_some(), "{op}");
            }
        }
    }
}
