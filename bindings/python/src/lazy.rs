//! [`JsonObject`]: an answer's JSON object, read-only, whose values become
//! Python objects only when read.
//!
//! A typed record (`migratekit.ReplicationContext`, …) reads a handful of
//! its fields, so building every dict and string of the answer up front
//! (~50 objects for a context) was a third of the binding's per-call cost.
//! A `JsonObject` shares the answer (`Arc<Value>`) and is a read-only
//! `collections.abc.Mapping`: nested objects are `JsonObject`s again, arrays
//! are lists, scalars are Python scalars; `to_dict()` converts it whole.

use crate::convert;
use pyo3::exceptions::{PyKeyError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use serde_json::{Map, Value};
use std::sync::Arc;

/// One object of an answer: the answer and where the object sits in it
/// (a JSON pointer).
#[pyclass(module = "migratekit._migratekit", frozen, mapping)]
pub struct JsonObject {
    root: Arc<Value>,
    pointer: String,
}

/// An answer as Python objects, its objects lazy.
pub fn answer<'py>(py: Python<'py>, value: Value) -> PyResult<Bound<'py, PyAny>> {
    let root = Arc::new(value);
    lazy(py, &root, String::new(), &root)
}

fn lazy<'py>(
    py: Python<'py>,
    root: &Arc<Value>,
    pointer: String,
    v: &Value,
) -> PyResult<Bound<'py, PyAny>> {
    match v {
        Value::Object(_) => Ok(Bound::new(
            py,
            JsonObject {
                root: root.clone(),
                pointer,
            },
        )?
        .into_any()),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for (i, item) in items.iter().enumerate() {
                list.append(lazy(py, root, format!("{pointer}/{i}"), item)?)?;
            }
            Ok(list.into_any())
        }
        scalar => convert::to_py(py, scalar),
    }
}

/// A key as a JSON pointer segment (RFC 6901: `~` → `~0`, `/` → `~1`).
fn segment(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

impl JsonObject {
    fn map(&self) -> &Map<String, Value> {
        static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
        self.root
            .pointer(&self.pointer)
            .and_then(Value::as_object)
            .unwrap_or_else(|| EMPTY.get_or_init(Map::new))
    }

    fn value(&self) -> &Value {
        self.root.pointer(&self.pointer).unwrap_or(&Value::Null)
    }
}

#[pymethods]
impl JsonObject {
    fn __getitem__<'py>(&self, py: Python<'py>, key: &str) -> PyResult<Bound<'py, PyAny>> {
        match self.map().get(key) {
            Some(v) => lazy(
                py,
                &self.root,
                format!("{}/{}", self.pointer, segment(key)),
                v,
            ),
            None => Err(PyKeyError::new_err(key.to_owned())),
        }
    }

    #[pyo3(signature = (key, default=None))]
    fn get<'py>(
        &self,
        py: Python<'py>,
        key: &str,
        default: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        match self.map().get(key) {
            Some(v) => lazy(
                py,
                &self.root,
                format!("{}/{}", self.pointer, segment(key)),
                v,
            ),
            None => Ok(default.unwrap_or_else(|| py.None().into_bound(py))),
        }
    }

    fn __contains__(&self, key: &Bound<'_, PyAny>) -> bool {
        key.extract::<String>()
            .is_ok_and(|k| self.map().contains_key(&k))
    }

    fn __len__(&self) -> usize {
        self.map().len()
    }

    fn keys(&self) -> Vec<String> {
        self.map().keys().cloned().collect()
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        PyList::new(py, self.map().keys())?
            .try_iter()
            .map(Bound::into_any)
    }

    fn values<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        self.map().keys().map(|k| self.__getitem__(py, k)).collect()
    }

    fn items<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyTuple>>> {
        self.map()
            .keys()
            .map(|k| {
                PyTuple::new(
                    py,
                    [k.into_pyobject(py)?.into_any(), self.__getitem__(py, k)?],
                )
            })
            .collect()
    }

    /// The object as plain dicts, lists and scalars (a fresh copy).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        Ok(convert::to_py(py, self.value())?.cast_into::<PyDict>()?)
    }

    fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        if let Ok(other) = other.cast::<JsonObject>() {
            return Ok(self.value() == other.get().value());
        }
        if other.cast::<PyDict>().is_ok() {
            return self.to_dict(py)?.eq(other);
        }
        Ok(false)
    }

    fn __hash__(&self) -> PyResult<isize> {
        Err(PyTypeError::new_err("unhashable type: 'JsonObject'"))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(self.to_dict(py)?.repr()?.to_string())
    }

    /// Pickles as the plain dict it holds.
    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyDict>,))> {
        Ok((py.get_type::<PyDict>().into_any(), (self.to_dict(py)?,)))
    }
}
