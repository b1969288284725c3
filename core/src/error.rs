//! The public error: one enum, one stable code per variant, one JSON body.
//!
//! Adapters keep their own detailed errors (for example `sqlite::DbError`) and
//! map them into this type in one `From` each.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

/// Stable error codes. The strings are part of the contract: never renamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Add to management for a VM that already has a context.
    AlreadyManaged,
    /// Start replication while a job is active.
    ReplicationActive,
    /// The lifecycle table forbids the operation in the current status.
    InvalidTransition,
    /// The addressed context, job or log entry does not exist.
    NotFound,
    /// A name or id matched more than one context.
    Ambiguous,
    /// Bad input: missing, empty, too long, wrong type, unknown field.
    Validation,
    /// Another multi-step operation holds the context's lock.
    OperationInProgress,
    /// The store failed (I/O, corruption, lock timeout).
    Storage,
    /// The database was written by a newer migratekit.
    IncompatibleSchema,
    /// A port (volume daemon, NBD exporter, target cloud) failed.
    Adapter,
    /// A bug: an invariant did not hold. Reported, never panicked.
    Internal,
}

impl ErrorCode {
    /// Every code, in the order of the README table.
    pub const ALL: [ErrorCode; 11] = [
        ErrorCode::AlreadyManaged,
        ErrorCode::ReplicationActive,
        ErrorCode::InvalidTransition,
        ErrorCode::NotFound,
        ErrorCode::Ambiguous,
        ErrorCode::Validation,
        ErrorCode::OperationInProgress,
        ErrorCode::Storage,
        ErrorCode::IncompatibleSchema,
        ErrorCode::Adapter,
        ErrorCode::Internal,
    ];

    /// The wire string.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::AlreadyManaged => "already_managed",
            ErrorCode::ReplicationActive => "replication_active",
            ErrorCode::InvalidTransition => "invalid_transition",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Ambiguous => "ambiguous",
            ErrorCode::Validation => "validation",
            ErrorCode::OperationInProgress => "operation_in_progress",
            ErrorCode::Storage => "storage",
            ErrorCode::IncompatibleSchema => "incompatible_schema",
            ErrorCode::Adapter => "adapter",
            ErrorCode::Internal => "internal",
        }
    }

    /// When a caller sees it.
    pub fn meaning(self) -> &'static str {
        match self {
            ErrorCode::AlreadyManaged => {
                "add to management (`start_replication: false`) for a VM that already has a context; carries `existing_context_id`"
            }
            ErrorCode::ReplicationActive => {
                "start replication while a job is active; carries `context_id` and the active `job_id`"
            }
            ErrorCode::InvalidTransition => {
                "the lifecycle table forbids the operation in the current status; carries `status` and `operation`"
            }
            ErrorCode::NotFound => "no such context, job or log entry; carries `kind` and `id`",
            ErrorCode::Ambiguous => {
                "a VM name or id matches several contexts; carries `matches` (the context ids)"
            }
            ErrorCode::Validation => {
                "bad input (missing, empty, too long, NUL byte, wrong type, unknown field); carries `field`"
            }
            ErrorCode::OperationInProgress => {
                "another operation holds the context's lock; carries `context_id`, `operation`, `job_id`"
            }
            ErrorCode::Storage => "the store failed (I/O, corrupt file, lock timeout)",
            ErrorCode::IncompatibleSchema => {
                "the database was written by a newer migratekit; carries `found` and `supported`"
            }
            ErrorCode::Adapter => {
                "a port (volume daemon, NBD exporter, target cloud) failed; carries `operation` and `step`"
            }
            ErrorCode::Internal => "a broken invariant, reported instead of a panic",
        }
    }
}

/// Every error of the library. `code()` is stable; the message is for people.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// See [`ErrorCode::AlreadyManaged`].
    #[error("VM already exists in management")]
    AlreadyManaged {
        /// Name of the VM in the request.
        vm_name: String,
        /// vCenter id of the VM.
        vmware_vm_id: String,
        /// The context that manages it.
        existing_context_id: String,
    },
    /// See [`ErrorCode::ReplicationActive`].
    #[error("replication already active for this VM")]
    ReplicationActive {
        /// The VM's context.
        context_id: String,
        /// The active job.
        job_id: String,
    },
    /// See [`ErrorCode::InvalidTransition`].
    #[error("cannot {operation} from status '{status}'")]
    InvalidTransition {
        /// The context (or job) the operation addressed.
        subject: String,
        /// Its status.
        status: String,
        /// The refused operation.
        operation: String,
    },
    /// See [`ErrorCode::NotFound`].
    #[error("{kind} not found")]
    NotFound {
        /// `context`, `job`, `log_job`.
        kind: &'static str,
        /// What was looked up.
        id: String,
    },
    /// See [`ErrorCode::Ambiguous`].
    #[error("'{id}' matches more than one context")]
    Ambiguous {
        /// The name or id that matched.
        id: String,
        /// The matching context ids.
        matches: Vec<String>,
    },
    /// See [`ErrorCode::Validation`].
    #[error("invalid request")]
    Validation {
        /// The offending field (dotted path), or empty for the whole body.
        field: String,
        /// Why it was refused.
        reason: String,
    },
    /// See [`ErrorCode::OperationInProgress`].
    #[error("another operation is in progress on this context")]
    OperationInProgress {
        /// The locked context.
        context_id: String,
        /// The operation holding the lock.
        operation: String,
        /// Its log job.
        job_id: String,
    },
    /// See [`ErrorCode::Storage`].
    #[error("storage error")]
    Storage {
        /// The store's own message.
        details: String,
    },
    /// See [`ErrorCode::IncompatibleSchema`].
    #[error("database schema is newer than this migratekit")]
    IncompatibleSchema {
        /// `user_version` of the file.
        found: u32,
        /// Newest version this build knows.
        supported: u32,
    },
    /// See [`ErrorCode::Adapter`].
    #[error("{operation} failed at step {step}")]
    Adapter {
        /// The operation that was running.
        operation: String,
        /// The step whose port call failed.
        step: String,
        /// The port's own message.
        details: String,
    },
    /// See [`ErrorCode::Internal`].
    #[error("internal error")]
    Internal {
        /// What broke.
        details: String,
    },
}

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::AlreadyManaged { .. } => ErrorCode::AlreadyManaged,
            Error::ReplicationActive { .. } => ErrorCode::ReplicationActive,
            Error::InvalidTransition { .. } => ErrorCode::InvalidTransition,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::Ambiguous { .. } => ErrorCode::Ambiguous,
            Error::Validation { .. } => ErrorCode::Validation,
            Error::OperationInProgress { .. } => ErrorCode::OperationInProgress,
            Error::Storage { .. } => ErrorCode::Storage,
            Error::IncompatibleSchema { .. } => ErrorCode::IncompatibleSchema,
            Error::Adapter { .. } => ErrorCode::Adapter,
            Error::Internal { .. } => ErrorCode::Internal,
        }
    }

    /// Shorthand for a validation error.
    pub fn validation(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::Validation {
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// The `details` text of the error body.
    pub fn details(&self) -> String {
        match self {
            Error::AlreadyManaged {
                vm_name,
                vmware_vm_id,
                existing_context_id,
            } => format!(
                "VM '{vm_name}' ({vmware_vm_id}) is already managed with context ID: {existing_context_id}"
            ),
            Error::ReplicationActive { context_id, job_id } => {
                format!("context {context_id} has active job {job_id}")
            }
            Error::InvalidTransition {
                subject,
                status,
                operation,
            } => format!("{subject} is '{status}'; {operation} is not allowed from there"),
            Error::NotFound { kind, id } => format!("no {kind} '{id}'"),
            Error::Ambiguous { id, matches } => {
                format!("'{id}' matches contexts: {}", matches.join(", "))
            }
            Error::Validation { field, reason } if field.is_empty() => reason.clone(),
            Error::Validation { field, reason } => format!("{field}: {reason}"),
            Error::OperationInProgress {
                context_id,
                operation,
                job_id,
            } => format!("context {context_id} is locked by {operation} (log job {job_id})"),
            Error::Storage { details } | Error::Internal { details } => details.clone(),
            Error::IncompatibleSchema { found, supported } => format!(
                "the database has schema version {found}; this build supports up to {supported}: open it with a newer migratekit"
            ),
            Error::Adapter { details, .. } => details.clone(),
        }
    }

    /// The typed fields beside `error`, `code` and `details`.
    fn fields(&self) -> Map<String, Value> {
        let fields = match self {
            Error::AlreadyManaged {
                existing_context_id,
                vmware_vm_id,
                ..
            } => json!({"existing_context_id": existing_context_id, "vmware_vm_id": vmware_vm_id}),
            Error::ReplicationActive { context_id, job_id } => {
                json!({"context_id": context_id, "job_id": job_id})
            }
            Error::InvalidTransition {
                subject,
                status,
                operation,
            } => json!({"subject": subject, "status": status, "operation": operation}),
            Error::NotFound { kind, id } => json!({"kind": kind, "id": id}),
            Error::Ambiguous { id, matches } => json!({"id": id, "matches": matches}),
            Error::Validation { field, .. } => json!({ "field": field }),
            Error::OperationInProgress {
                context_id,
                operation,
                job_id,
            } => json!({"context_id": context_id, "operation": operation, "job_id": job_id}),
            Error::IncompatibleSchema { found, supported } => {
                json!({"found": found, "supported": supported})
            }
            Error::Adapter {
                operation, step, ..
            } => json!({"operation": operation, "step": step}),
            Error::Storage { .. } | Error::Internal { .. } => json!({}),
        };
        match fields {
            Value::Object(m) => m,
            _ => Map::new(), // never: each arm above is an object
        }
    }

    /// The JSON error body every surface returns.
    pub fn to_body(&self) -> ErrorBody {
        ErrorBody {
            error: self.to_string(),
            code: self.code(),
            details: self.details(),
            fields: self.fields(),
        }
    }
}

/// `{"error": <message>, "code": <stable code>, "details": <text>, ...typed fields}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ErrorBody {
    /// Human message.
    pub error: String,
    /// Stable code.
    pub code: ErrorCode,
    /// Longer text naming the objects involved.
    pub details: String,
    /// Typed fields (`existing_context_id`, `job_id`, …).
    #[serde(flatten)]
    pub fields: Map<String, Value>,
}

impl From<&Error> for ErrorBody {
    fn from(e: &Error) -> Self {
        e.to_body()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn already_managed_body_has_the_exact_message_details_and_id() {
        let e = Error::AlreadyManaged {
            vm_name: "test-vm".into(),
            vmware_vm_id: "vm-123".into(),
            existing_context_id: "ctx-test-vm-existing".into(),
        };
        let v = serde_json::to_value(e.to_body()).unwrap();
        assert_eq!(v["error"], "VM already exists in management");
        assert_eq!(v["code"], "already_managed");
        assert_eq!(
            v["details"],
            "VM 'test-vm' (vm-123) is already managed with context ID: ctx-test-vm-existing"
        );
        assert_eq!(v["existing_context_id"], "ctx-test-vm-existing");
    }

    #[test]
    fn codes_serialise_to_their_wire_strings() {
        for c in ErrorCode::ALL {
            assert_eq!(serde_json::to_value(c).unwrap(), c.as_str());
        }
    }
}
