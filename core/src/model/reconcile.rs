//! `reconcile`'s request and report (DESIGN §4): a plan by default, changes
//! only on `apply`.

use serde::{Deserialize, Serialize};

/// The grace period when the request names none: 15 minutes.
pub const DEFAULT_GRACE_SECONDS: u64 = 900;

/// What `reconcile` is asked to do.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct ReconcileRequest {
    /// Carry the plan out (default: only return it).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub apply: bool,
    /// How long (seconds) a resource must have been seen orphaned before
    /// `apply` removes it; default [`DEFAULT_GRACE_SECONDS`]. `0` removes
    /// orphans at first sight.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub grace_seconds: Option<u64>,
}

/// What `reconcile` found, planned and (with `apply`) did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReconcileReport {
    /// Whether the plan was carried out.
    pub applied: bool,
    /// Contexts compared.
    pub contexts_checked: usize,
    /// Differences it would repair (a missing export it can recreate).
    pub planned_repairs: Vec<String>,
    /// Provable orphans of ours it would remove (past the grace period).
    pub planned_removals: Vec<String>,
    /// Differences repaired (with `apply`).
    pub repaired: Vec<String>,
    /// Orphans removed (with `apply`).
    pub removed: Vec<String>,
    /// Differences left for a person (a recorded volume that is gone, a
    /// volume attached where it should not be, an orphan still within its
    /// grace period or attached to something).
    pub reported: Vec<String>,
    /// The log job of the run.
    pub log_job_id: String,
}
