//! The one mapping from core errors to Python exceptions.

use migratekit_core::{Error, ErrorCode};
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::PyDict;

pyo3::create_exception!(
    _migratekit,
    MigrateKitError,
    PyException,
    "Every migratekit error: `code`, `details`, `fields` and the typed fields as attributes."
);
pyo3::create_exception!(
    _migratekit,
    AlreadyManagedError,
    MigrateKitError,
    "`already_managed`: the VM already has a context (`existing_context_id`)."
);
pyo3::create_exception!(
    _migratekit,
    ReplicationActiveError,
    MigrateKitError,
    "`replication_active`: a job is active (`context_id`, `job_id`)."
);
pyo3::create_exception!(
    _migratekit,
    InvalidTransitionError,
    MigrateKitError,
    "`invalid_transition`: the lifecycle forbids it (`status`, `operation`)."
);
pyo3::create_exception!(
    _migratekit,
    NotFoundError,
    MigrateKitError,
    "`not_found` (`kind`, `id`)."
);
pyo3::create_exception!(
    _migratekit,
    AmbiguousError,
    MigrateKitError,
    "`ambiguous`: several contexts match (`matches`)."
);
pyo3::create_exception!(
    _migratekit,
    ValidationError,
    MigrateKitError,
    "`validation`: bad input (`field`)."
);
pyo3::create_exception!(
    _migratekit,
    OperationInProgressError,
    MigrateKitError,
    "`operation_in_progress` (`context_id`, `operation`, `job_id`)."
);
pyo3::create_exception!(
    _migratekit,
    StorageError,
    MigrateKitError,
    "`storage`: the store failed."
);
pyo3::create_exception!(
    _migratekit,
    IncompatibleSchemaError,
    StorageError,
    "`incompatible_schema`: the database is newer (`found`, `supported`)."
);
pyo3::create_exception!(
    _migratekit,
    AdapterError,
    MigrateKitError,
    "`adapter`: a port failed (`operation`, `step`)."
);
pyo3::create_exception!(
    _migratekit,
    InternalError,
    MigrateKitError,
    "`internal`: a broken invariant."
);

/// A core error as the Python exception of its code, with `code`, `details`,
/// `fields` (a dict) and every field as an attribute.
pub fn to_pyerr(e: &Error) -> PyErr {
    let body = e.to_body();
    let message = body.error.clone();
    let err = match e.code() {
        ErrorCode::AlreadyManaged => AlreadyManagedError::new_err(message),
        ErrorCode::ReplicationActive => ReplicationActiveError::new_err(message),
        ErrorCode::InvalidTransition => InvalidTransitionError::new_err(message),
        ErrorCode::NotFound => NotFoundError::new_err(message),
        ErrorCode::Ambiguous => AmbiguousError::new_err(message),
        ErrorCode::Validation => ValidationError::new_err(message),
        ErrorCode::OperationInProgress => OperationInProgressError::new_err(message),
        ErrorCode::Storage => StorageError::new_err(message),
        ErrorCode::IncompatibleSchema => IncompatibleSchemaError::new_err(message),
        ErrorCode::Adapter => AdapterError::new_err(message),
        ErrorCode::Internal => InternalError::new_err(message),
    };
    Python::attach(|py| {
        let value = err.value(py);
        let fields = PyDict::new(py);
        let set = || -> PyResult<()> {
            value.setattr("code", body.code.as_str())?;
            value.setattr("details", &body.details)?;
            for (k, v) in &body.fields {
                let v = crate::json::to_py(py, v)?;
                fields.set_item(k, &v)?;
                value.setattr(k.as_str(), v)?;
            }
            value.setattr("fields", &fields)
        };
        if let Err(e) = set() {
            return e;
        }
        err
    })
}

/// Registers the exceptions on the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("MigrateKitError", py.get_type::<MigrateKitError>())?;
    m.add("AlreadyManagedError", py.get_type::<AlreadyManagedError>())?;
    m.add(
        "ReplicationActiveError",
        py.get_type::<ReplicationActiveError>(),
    )?;
    m.add(
        "InvalidTransitionError",
        py.get_type::<InvalidTransitionError>(),
    )?;
    m.add("NotFoundError", py.get_type::<NotFoundError>())?;
    m.add("AmbiguousError", py.get_type::<AmbiguousError>())?;
    m.add("ValidationError", py.get_type::<ValidationError>())?;
    m.add(
        "OperationInProgressError",
        py.get_type::<OperationInProgressError>(),
    )?;
    m.add("StorageError", py.get_type::<StorageError>())?;
    m.add(
        "IncompatibleSchemaError",
        py.get_type::<IncompatibleSchemaError>(),
    )?;
    m.add("AdapterError", py.get_type::<AdapterError>())?;
    m.add("InternalError", py.get_type::<InternalError>())?;
    Ok(())
}
