//! The lifecycle of a replication context (DESIGN §2) as one table of data.
//!
//! Services ask [`check`] before every status change; the README's state
//! diagram is [`mermaid_diagram`] of the same table, and a test keeps the two
//! equal.

use crate::error::Error;
use crate::model::Status;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Every operation that reads or changes a context's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    /// `create_migration` with `start_replication: false`.
    AddToManagement,
    /// `create_migration` that starts a job.
    StartReplication,
    /// The host reports the job done.
    CompleteJob,
    /// The host reports the job failed.
    FailJob,
    /// The job is cancelled.
    CancelJob,
    /// Boot a test VM on the replicated volumes.
    TestFailover,
    /// Remove the test VM and give the volumes back to replication.
    CleanupTestFailover,
    /// Cut over to the target cloud.
    LiveFailover,
    /// Undo a live failover.
    RollbackLiveFailover,
    /// Finalise a live failover.
    CompleteMigration,
    /// Delete the context and everything it owns.
    RemoveFromManagement,
    /// Delete a finished job with the volumes it created.
    DeleteJob,
}

impl Operation {
    /// Every operation of the table.
    pub const ALL: [Operation; 12] = [
        Operation::AddToManagement,
        Operation::StartReplication,
        Operation::CompleteJob,
        Operation::FailJob,
        Operation::CancelJob,
        Operation::TestFailover,
        Operation::CleanupTestFailover,
        Operation::LiveFailover,
        Operation::RollbackLiveFailover,
        Operation::CompleteMigration,
        Operation::RemoveFromManagement,
        Operation::DeleteJob,
    ];

    /// Parses a wire name.
    pub fn parse(s: &str) -> Option<Operation> {
        Operation::ALL.into_iter().find(|o| o.as_str() == s)
    }

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::AddToManagement => "add_to_management",
            Operation::StartReplication => "start_replication",
            Operation::CompleteJob => "complete_job",
            Operation::FailJob => "fail_job",
            Operation::CancelJob => "cancel_job",
            Operation::TestFailover => "test_failover",
            Operation::CleanupTestFailover => "cleanup_test_failover",
            Operation::LiveFailover => "live_failover",
            Operation::RollbackLiveFailover => "rollback_live_failover",
            Operation::CompleteMigration => "complete_migration",
            Operation::RemoveFromManagement => "remove_from_management",
            Operation::DeleteJob => "delete_job",
        }
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a transition leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// To this status.
    To(Status),
    /// Back to the status the context had before the job started.
    StatusBeforeJob,
    /// The context is deleted.
    Deleted,
}

/// One row: `op` is allowed from `from` (`None`: no context yet) and leads to `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    /// Status before; `None` means the VM has no context.
    pub from: Option<Status>,
    /// The operation.
    pub op: Operation,
    /// Where it leads.
    pub to: Target,
}

const fn row(from: Option<Status>, op: Operation, to: Target) -> Transition {
    Transition { from, op, to }
}

use Operation as O;
use Status as S;
use Target::{Deleted, StatusBeforeJob, To};

/// The whole table. Any pair not listed is an `invalid_transition`.
pub const TRANSITIONS: &[Transition] = &[
    row(None, O::AddToManagement, To(S::Discovered)),
    row(None, O::StartReplication, To(S::Replicating)),
    row(Some(S::Discovered), O::StartReplication, To(S::Replicating)),
    row(
        Some(S::ReadyForFailover),
        O::StartReplication,
        To(S::Replicating),
    ),
    row(Some(S::Failed), O::StartReplication, To(S::Replicating)),
    row(
        Some(S::Replicating),
        O::CompleteJob,
        To(S::ReadyForFailover),
    ),
    row(Some(S::Replicating), O::FailJob, To(S::Failed)),
    row(Some(S::Replicating), O::CancelJob, StatusBeforeJob),
    row(
        Some(S::ReadyForFailover),
        O::TestFailover,
        To(S::FailedOverTest),
    ),
    row(
        Some(S::FailedOverTest),
        O::CleanupTestFailover,
        To(S::ReadyForFailover),
    ),
    row(
        Some(S::ReadyForFailover),
        O::LiveFailover,
        To(S::FailedOverLive),
    ),
    row(
        Some(S::FailedOverLive),
        O::RollbackLiveFailover,
        To(S::ReadyForFailover),
    ),
    row(
        Some(S::FailedOverLive),
        O::CompleteMigration,
        To(S::Completed),
    ),
    row(Some(S::Discovered), O::RemoveFromManagement, Deleted),
    row(Some(S::ReadyForFailover), O::RemoveFromManagement, Deleted),
    row(Some(S::Failed), O::RemoveFromManagement, Deleted),
    row(Some(S::Completed), O::RemoveFromManagement, Deleted),
    // Deleting a job that created volumes forgets the sync they held; one
    // that created none leaves the status as it was.
    row(Some(S::Discovered), O::DeleteJob, To(S::Discovered)),
    row(Some(S::ReadyForFailover), O::DeleteJob, To(S::Discovered)),
    row(Some(S::Failed), O::DeleteJob, To(S::Discovered)),
];

/// Where `op` leads from `from`, or `None` when the table forbids it.
pub fn target(from: Option<Status>, op: Operation) -> Option<Target> {
    TRANSITIONS
        .iter()
        .find(|t| t.from == from && t.op == op)
        .map(|t| t.to)
}

/// Like [`target`], with the refusal as an `invalid_transition` error naming
/// `subject` (the context id), its status and the operation.
pub fn check(subject: &str, from: Status, op: Operation) -> Result<Target, Error> {
    target(Some(from), op).ok_or_else(|| Error::InvalidTransition {
        subject: subject.to_owned(),
        status: from.as_str().to_owned(),
        operation: op.as_str().to_owned(),
    })
}

/// The statuses from which `op` is allowed.
pub fn allowed_from(op: Operation) -> impl Iterator<Item = Status> {
    TRANSITIONS
        .iter()
        .filter(move |t| t.op == op)
        .filter_map(|t| t.from)
}

/// The table as a Mermaid `stateDiagram-v2`, as shown in the README.
pub fn mermaid_diagram() -> String {
    let mut out = String::from("stateDiagram-v2\n");
    for t in TRANSITIONS {
        let from = t.from.map_or("[*]", Status::as_str);
        let to = match t.to {
            To(s) => s.as_str(),
            Deleted => "[*]",
            // Drawn as the return edges to the statuses a job can start from.
            StatusBeforeJob => {
                for back in allowed_from(O::StartReplication) {
                    out.push_str(&format!(
                        "    {from} --> {back}: {} (back)\n",
                        t.op.as_str()
                    ));
                }
                continue;
            }
        };
        out.push_str(&format!("    {from} --> {to}: {}\n", t.op.as_str()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pair_appears_at_most_once() {
        for (i, a) in TRANSITIONS.iter().enumerate() {
            for b in &TRANSITIONS[i + 1..] {
                assert!(!(a.from == b.from && a.op == b.op), "{a:?} twice");
            }
        }
    }

    #[test]
    fn forbidden_pair_names_status_and_operation() {
        let e = check("ctx-a", Status::Discovered, Operation::TestFailover).unwrap_err();
        let body = e.to_body();
        assert_eq!(body.code, crate::ErrorCode::InvalidTransition);
        assert_eq!(body.fields["status"], "discovered");
        assert_eq!(body.fields["operation"], "test_failover");
    }
}
