//! The errors of the surface: [`MkError`] for every call of the manager,
//! [`PortError`] for a host's port.

use migratekit_core::{Error, ErrorCode};
use std::fmt;

/// Every error of a [`crate::Manager`] call: one variant per stable code
/// (`code`), each with the body's message (`summary`), `details`, its typed
/// fields, and `body` — the contract's JSON error body as every surface
/// renders it (`{"error", "code", "details", ...typed fields}`), to relay as
/// it is.
#[derive(Debug, Clone, PartialEq, uniffi::Error)]
pub enum MkError {
    /// Add to management for a VM that already has a context.
    AlreadyManaged {
        /// `already_managed`.
        code: ErrorCode,
        /// The message (`VM already exists in management`).
        summary: String,
        /// The details, naming the VM and its context.
        details: String,
        /// The body, as JSON text.
        body: String,
        /// Name of the VM in the request.
        vm_name: String,
        /// vCenter id of the VM.
        vmware_vm_id: String,
        /// The context that manages it.
        existing_context_id: String,
    },
    /// Start replication while a job is active.
    ReplicationActive {
        /// `replication_active`.
        code: ErrorCode,
        /// The message.
        summary: String,
        /// The details.
        details: String,
        /// The body, as JSON text.
        body: String,
        /// The VM's context.
        context_id: String,
        /// The active job.
        job_id: String,
    },
    /// The lifecycle table forbids the operation in the current status.
    InvalidTransition {
        /// `invalid_transition`.
        code: ErrorCode,
        /// The message.
        summary: String,
        /// The details.
        details: String,
        /// The body, as JSON text.
        body: String,
        /// The context (or job) the operation addressed.
        subject: String,
        /// Its status.
        status: String,
        /// The refused operation.
        operation: String,
    },
    /// No such context, job or log entry.
    NotFound {
        /// `not_found`.
        code: ErrorCode,
        /// The message.
        summary: String,
        /// The details.
        details: String,
        /// The body, as JSON text.
        body: String,
        /// `context`, `job`, `log_job`, `failover_job`.
        kind: String,
        /// What was looked up.
        id: String,
    },
    /// A VM name or id matches several contexts.
    Ambiguous {
        /// `ambiguous`.
        code: ErrorCode,
        /// The message.
        summary: String,
        /// The details.
        details: String,
        /// The body, as JSON text.
        body: String,
        /// The name or id that matched.
        id: String,
        /// The matching context ids.
        matches: Vec<String>,
    },
    /// Bad input: missing, empty, too long, wrong type, unknown field.
    Validation {
        /// `validation`.
        code: ErrorCode,
        /// The message.
        summary: String,
        /// The details (`field: reason`).
        details: String,
        /// The body, as JSON text.
        body: String,
        /// The offending field (dotted path), or empty for the whole body.
        field: String,
        /// Why it was refused.
        reason: String,
    },
    /// Another operation holds the context's lock.
    OperationInProgress {
        /// `operation_in_progress`.
        code: ErrorCode,
        /// The message.
        summary: String,
        /// The details.
        details: String,
        /// The body, as JSON text.
        body: String,
        /// The locked context.
        context_id: String,
        /// The operation holding the lock.
        operation: String,
        /// Its log job.
        job_id: String,
    },
    /// The store failed (I/O, corrupt file, lock timeout).
    Storage {
        /// `storage`.
        code: ErrorCode,
        /// The message.
        summary: String,
        /// The store's own words.
        details: String,
        /// The body, as JSON text.
        body: String,
    },
    /// The database was written by a newer migratekit.
    IncompatibleSchema {
        /// `incompatible_schema`.
        code: ErrorCode,
        /// The message.
        summary: String,
        /// The details.
        details: String,
        /// The body, as JSON text.
        body: String,
        /// `user_version` of the file.
        found: u32,
        /// Newest version this build knows.
        supported: u32,
    },
    /// A port (volume daemon, NBD exporter, target cloud) failed.
    Adapter {
        /// `adapter`.
        code: ErrorCode,
        /// The message.
        summary: String,
        /// The port's own words.
        details: String,
        /// The body, as JSON text.
        body: String,
        /// The operation that was running.
        operation: String,
        /// The step whose port call failed.
        step: String,
    },
    /// A broken invariant (or a panic), reported instead of a crash.
    Internal {
        /// `internal`.
        code: ErrorCode,
        /// The message.
        summary: String,
        /// What broke.
        details: String,
        /// The body, as JSON text.
        body: String,
    },
}

impl From<Error> for MkError {
    fn from(e: Error) -> Self {
        let code = e.code();
        let summary = e.to_string();
        let details = e.details();
        // `ErrorBody` is a map of strings and JSON values: it always serialises.
        let body = serde_json::to_string(&e.to_body()).unwrap_or_default();
        match e {
            Error::AlreadyManaged {
                vm_name,
                vmware_vm_id,
                existing_context_id,
            } => MkError::AlreadyManaged {
                code,
                summary,
                details,
                body,
                vm_name,
                vmware_vm_id,
                existing_context_id,
            },
            Error::ReplicationActive { context_id, job_id } => MkError::ReplicationActive {
                code,
                summary,
                details,
                body,
                context_id,
                job_id,
            },
            Error::InvalidTransition {
                subject,
                status,
                operation,
            } => MkError::InvalidTransition {
                code,
                summary,
                details,
                body,
                subject,
                status,
                operation,
            },
            Error::NotFound { kind, id } => MkError::NotFound {
                code,
                summary,
                details,
                body,
                kind: kind.to_owned(),
                id,
            },
            Error::Ambiguous { id, matches } => MkError::Ambiguous {
                code,
                summary,
                details,
                body,
                id,
                matches,
            },
            Error::Validation { field, reason } => MkError::Validation {
                code,
                summary,
                details,
                body,
                field,
                reason,
            },
            Error::OperationInProgress {
                context_id,
                operation,
                job_id,
            } => MkError::OperationInProgress {
                code,
                summary,
                details,
                body,
                context_id,
                operation,
                job_id,
            },
            Error::Storage { .. } => MkError::Storage {
                code,
                summary,
                details,
                body,
            },
            Error::IncompatibleSchema { found, supported } => MkError::IncompatibleSchema {
                code,
                summary,
                details,
                body,
                found,
                supported,
            },
            Error::Adapter {
                operation, step, ..
            } => MkError::Adapter {
                code,
                summary,
                details,
                body,
                operation,
                step,
            },
            Error::Internal { .. } => MkError::Internal {
                code,
                summary,
                details,
                body,
            },
        }
    }
}

impl MkError {
    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        match self {
            MkError::AlreadyManaged { code, .. }
            | MkError::ReplicationActive { code, .. }
            | MkError::InvalidTransition { code, .. }
            | MkError::NotFound { code, .. }
            | MkError::Ambiguous { code, .. }
            | MkError::Validation { code, .. }
            | MkError::OperationInProgress { code, .. }
            | MkError::Storage { code, .. }
            | MkError::IncompatibleSchema { code, .. }
            | MkError::Adapter { code, .. }
            | MkError::Internal { code, .. } => *code,
        }
    }

    /// The contract's JSON error body.
    pub fn body(&self) -> &str {
        match self {
            MkError::AlreadyManaged { body, .. }
            | MkError::ReplicationActive { body, .. }
            | MkError::InvalidTransition { body, .. }
            | MkError::NotFound { body, .. }
            | MkError::Ambiguous { body, .. }
            | MkError::Validation { body, .. }
            | MkError::OperationInProgress { body, .. }
            | MkError::Storage { body, .. }
            | MkError::IncompatibleSchema { body, .. }
            | MkError::Adapter { body, .. }
            | MkError::Internal { body, .. } => body,
        }
    }

    /// An `internal` error: a call that panicked, or a runtime misuse.
    pub(crate) fn internal(details: impl Into<String>) -> Self {
        Error::Internal {
            details: details.into(),
        }
        .into()
    }
}

impl fmt::Display for MkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.body())
    }
}

impl std::error::Error for MkError {}

/// What a host's port answers when a call fails. Its `details` become the
/// `details` of the `adapter` error the operation fails with (which names
/// the operation and the step).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Error)]
pub enum PortError {
    /// The port could not do what it was asked.
    Failed {
        /// The port's own words.
        details: String,
    },
}

impl PortError {
    /// A failure with `details`.
    pub fn failed(details: impl Into<String>) -> Self {
        PortError::Failed {
            details: details.into(),
        }
    }

    /// The port's words.
    pub fn details(&self) -> &str {
        match self {
            PortError::Failed { details } => details,
        }
    }
}

impl fmt::Display for PortError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.details())
    }
}

impl std::error::Error for PortError {}

/// Anything else a host's port raised — an exception of another type in
/// Python, an error of another type or a recovered panic in Go — arrives as
/// an unexpected callback error; it becomes a port failure like any other.
impl From<uniffi::UnexpectedUniFFICallbackError> for PortError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        let reason = if e.reason.is_empty() {
            "the port failed with an error that is not a PortError".to_owned()
        } else {
            e.reason
        };
        PortError::failed(reason)
    }
}
