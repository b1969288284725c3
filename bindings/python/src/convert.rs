//! Python objects to JSON values and back, walked directly (no JSON text in
//! between, which was most of the binding's per-call cost).
//!
//! Anything that is not JSON-shaped — bytes, sets, NaN and infinities,
//! integers beyond 64 bits, non-string keys, arbitrary objects — is refused
//! with a `validation` error naming the field path where it was found
//! (`source_vm.disks[0].size_gb`), never a `TypeError` from a serializer.

use migratekit_core::Error;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

/// A path into a request, for error messages: `source_vm.disks[0].size_gb`.
#[derive(Clone, Copy)]
pub enum Path<'a> {
    /// The whole value, named by what it is (`""` for a request body).
    Root(&'a str),
    /// A key of an object.
    Key(&'a Path<'a>, &'a str),
    /// An element of an array.
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    fn render(&self, out: &mut String) {
        match self {
            Path::Root(name) => out.push_str(name),
            Path::Key(parent, key) => {
                parent.render(out);
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Path::Index(parent, i) => {
                parent.render(out);
                out.push_str(&format!("[{i}]"));
            }
        }
    }

    fn refuse(&self, reason: impl Into<String>) -> Error {
        let mut field = String::new();
        self.render(&mut field);
        Error::validation(field, reason)
    }
}

/// The deepest nesting converted. A dict or list that contains itself, or
/// one nested deeper than any request is, would otherwise recurse until the
/// native stack overflows and kills the interpreter; the core's own JSON
/// reader stops at the same depth (serde_json's limit).
pub const MAX_DEPTH: usize = 128;

/// The JSON value of a Python object: `None`, `bool`, `int` (64 bits),
/// finite `float`, `str`, `list`/`tuple`, `dict` with `str` keys, nested
/// at most [`MAX_DEPTH`] deep.
pub fn to_json(obj: &Bound<'_, PyAny>, path: Path<'_>) -> Result<Value, Error> {
    nested(obj, path, 0)
}

fn nested(obj: &Bound<'_, PyAny>, path: Path<'_>, depth: usize) -> Result<Value, Error> {
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return s
            .to_cow()
            .map(|s| Value::String(s.into_owned()))
            .map_err(|_| path.refuse("a str that is not valid Unicode (lone surrogates)"));
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(i) = obj.cast::<PyInt>() {
        if let Ok(v) = i.extract::<i64>() {
            return Ok(Value::from(v));
        }
        return i
            .extract::<u64>()
            .map(Value::from)
            .map_err(|_| path.refuse(format!("the integer {i} does not fit in 64 bits")));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        let v = f.value();
        return Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| path.refuse(format!("{v} is not a JSON number")));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        too_deep(depth, &path)?;
        let mut map = Map::with_capacity(d.len());
        for (k, v) in d.iter() {
            let Ok(key) = k.cast::<PyString>() else {
                return Err(path.refuse(format!(
                    "a key of type {} (JSON keys are str)",
                    type_name(&k)
                )));
            };
            let key = key
                .to_cow()
                .map_err(|_| path.refuse("a key that is not valid Unicode"))?;
            let value = nested(&v, Path::Key(&path, &key), depth + 1)?;
            map.insert(key.into_owned(), value);
        }
        return Ok(Value::Object(map));
    }
    if let Ok(l) = obj.cast::<PyList>() {
        too_deep(depth, &path)?;
        return l
            .iter()
            .enumerate()
            .map(|(i, v)| nested(&v, Path::Index(&path, i), depth + 1))
            .collect::<Result<_, _>>()
            .map(Value::Array);
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        too_deep(depth, &path)?;
        return t
            .iter()
            .enumerate()
            .map(|(i, v)| nested(&v, Path::Index(&path, i), depth + 1))
            .collect::<Result<_, _>>()
            .map(Value::Array);
    }
    Err(path.refuse(format!(
        "a {} is not JSON-shaped: use dict, list, str, int, float, bool or None{}",
        type_name(obj),
        hint(obj)
    )))
}

fn too_deep(depth: usize, path: &Path<'_>) -> Result<(), Error> {
    if depth >= MAX_DEPTH {
        return Err(path.refuse(format!(
            "nested deeper than {MAX_DEPTH} levels (does it contain itself?)"
        )));
    }
    Ok(())
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".into())
}

fn hint(obj: &Bound<'_, PyAny>) -> &'static str {
    match type_name(obj).as_str() {
        "bytes" | "bytearray" => " (decode bytes to str)",
        "set" | "frozenset" => " (a set has no order: pass a list)",
        "datetime" | "date" => " (pass an RFC 3339 string: dt.isoformat())",
        "Decimal" => " (pass an int or a float)",
        _ => "",
    }
}

/// A JSON value as Python objects: dicts, lists, str, int, float, bool, None.
pub fn to_py<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, item) in map {
                dict.set_item(PyString::new(py, k), to_py(py, item)?)?;
            }
            dict.into_any()
        }
    })
}
