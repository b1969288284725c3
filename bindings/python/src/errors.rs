//! The one mapping from core errors to Python exceptions. The classes live
//! in the pure-Python module `migratekit.errors`, so that they pickle across
//! processes with their typed fields; this module instantiates them.

use migratekit_core::{Error, ErrorCode};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyType};

/// The class of each code in `migratekit.errors`.
fn class_name(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::AlreadyManaged => "AlreadyManagedError",
        ErrorCode::ReplicationActive => "ReplicationActiveError",
        ErrorCode::InvalidTransition => "InvalidTransitionError",
        ErrorCode::NotFound => "NotFoundError",
        ErrorCode::Ambiguous => "AmbiguousError",
        ErrorCode::Validation => "ValidationError",
        ErrorCode::OperationInProgress => "OperationInProgressError",
        ErrorCode::Storage => "StorageError",
        ErrorCode::IncompatibleSchema => "IncompatibleSchemaError",
        ErrorCode::Adapter => "AdapterError",
        ErrorCode::Internal => "InternalError",
    }
}

fn errors_module(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    static MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    MODULE
        .get_or_try_init(py, || Ok(py.import("migratekit.errors")?.unbind()))
        .map(|m| m.bind(py))
}

/// A core error as the exception of its code (with `code`, `message`,
/// `details`, `fields` and every typed field as an attribute), caused by
/// `cause` — the Python exception a port raised — when there is one.
pub fn to_pyerr(e: &Error, cause: Option<PyErr>) -> PyErr {
    Python::attach(|py| {
        let build = || -> PyResult<PyErr> {
            let body = e.to_body();
            let cls = errors_module(py)?
                .getattr(class_name(e.code()))?
                .cast_into::<PyType>()?;
            let fields = PyDict::new(py);
            for (k, v) in &body.fields {
                fields.set_item(k, crate::convert::to_py(py, v)?)?;
            }
            let kwargs = PyDict::new(py);
            kwargs.set_item("code", body.code.as_str())?;
            kwargs.set_item("details", &body.details)?;
            kwargs.set_item("fields", fields)?;
            let exc = cls.call((body.error.as_str(),), Some(&kwargs))?;
            let err = PyErr::from_value(exc);
            if cause.is_some() {
                err.set_cause(py, cause);
            }
            Ok(err)
        };
        build().unwrap_or_else(|failed| failed)
    })
}

/// The error of a call on a closed manager (`migratekit.errors.ClosedError`).
pub fn closed() -> PyErr {
    Python::attach(|py| {
        let build = || -> PyResult<PyErr> {
            let cls = errors_module(py)?.getattr("ClosedError")?;
            Ok(PyErr::from_value(
                cls.call1(("this Manager is closed: open another one",))?,
            ))
        };
        build().unwrap_or_else(|failed| failed)
    })
}
