//! The step names of every multi-step operation, as the job log records
//! them and the crash points name them, in the order of the README's "The
//! steps of each operation": for tests that check a job log or crash at a
//! step — the core's, the crash matrix and the property test.

/// A job start with a volume daemon.
pub const START_STEPS: [&str; 4] = [
    "create-job",
    "create-volumes",
    "attach-volumes-to-appliance",
    "create-nbd-exports",
];

/// `test_failover` (the test VM on clones).
pub const TEST_FAILOVER_STEPS: [&str; 7] = [
    "validate",
    "create-test-clones",
    "create-test-vm",
    "attach-clones-to-test-vm",
    "power-on-test-vm",
    "record-failover-job",
    "vm-context-status-update",
];

/// `cleanup_test_failover`.
pub const CLEANUP_STEPS: [&str; 7] = [
    "resolve-failover-job",
    "power-off-test-vm",
    "detach-test-vm-volumes",
    "delete-test-vm",
    "delete-test-clones",
    "mark-failover-job-cleaned",
    "vm-context-status-update",
];

/// `live_failover`.
pub const LIVE_FAILOVER_STEPS: [&str; 8] = [
    "validate",
    "remove-nbd-exports",
    "detach-volumes-from-appliance",
    "create-vm",
    "attach-volumes-to-vm",
    "power-on-vm",
    "record-failover-job",
    "vm-context-status-update",
];

/// `rollback_live_failover`.
pub const ROLLBACK_STEPS: [&str; 8] = [
    "resolve-failover-job",
    "power-off-live-vm",
    "detach-live-vm-volumes",
    "delete-live-vm",
    "reattach-volumes-to-appliance",
    "recreate-nbd-exports",
    "mark-failover-job-rolled-back",
    "vm-context-status-update",
];

/// `complete_migration`.
pub const COMPLETE_STEPS: [&str; 4] = [
    "resolve-failover-job",
    "hand-over-volumes",
    "mark-failover-job-completed",
    "vm-context-status-update",
];

/// `abort_operation` of a test failover: the cleanup's steps, the failover
/// job marked aborted.
pub const ABORT_STEPS: [&str; 7] = marked_aborted(CLEANUP_STEPS);

/// `abort_operation` of a live failover: the rollback's steps, the failover
/// job marked aborted.
pub const ABORT_LIVE_STEPS: [&str; 8] = marked_aborted(ROLLBACK_STEPS);

/// An undo's steps with the failover job marked `aborted` (the last step
/// but one, before the context's status update).
const fn marked_aborted<const N: usize>(mut steps: [&'static str; N]) -> [&'static str; N] {
    steps[N - 2] = "mark-failover-job-aborted";
    steps
}

/// `delete_job`.
pub const DELETE_JOB_STEPS: [&str; 5] = [
    "list-volumes",
    "remove-nbd-exports",
    "detach-volumes",
    "delete-volumes",
    "delete-records",
];

/// `remove_from_management`.
pub const REMOVE_STEPS: [&str; 5] = DELETE_JOB_STEPS;

/// `reconcile` (with `apply`).
pub const RECONCILE_STEPS: [&str; 3] = ["read-state", "recreate-exports", "remove-orphans"];
