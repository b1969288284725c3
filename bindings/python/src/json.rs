//! JSON values across the boundary, through Python's own `json` module so
//! Python sees plain dicts, lists, strings and numbers.

use pyo3::prelude::*;
use serde_json::Value;

/// A JSON value as a Python object.
pub fn to_py<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (v.to_string(),))
}

/// A Python object (dicts, lists, str, int, float, bool, None) as JSON text.
pub fn to_json(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    obj.py()
        .import("json")?
        .call_method1("dumps", (obj,))?
        .extract()
}
