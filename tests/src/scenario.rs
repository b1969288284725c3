//! Runs a scenario file: a sequence of operations through the JSON surface
//! with expected answers and errors. The Python and Go suites implement the
//! same few rules, so the three surfaces cannot drift.

use chrono::{DateTime, Utc};
use migratekit_core::ports::ManualClock;
use migratekit_core::testkit::{FakeCloud, FakeExporter, FakeVolumes};
use migratekit_core::{Manager, ManagerBuilder};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// One scenario file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// What the scenario shows.
    pub description: String,
    /// The clock's start (RFC 3339); it moves only by `advance_clock`.
    pub now: DateTime<Utc>,
    /// The operations, in order.
    pub steps: Vec<Step>,
}

/// One operation and what it must answer.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// An operation of `migratekit_core::json::OPERATIONS`, or `advance_clock`.
    pub op: String,
    /// The request body.
    #[serde(default)]
    pub request: Value,
    /// The answer must contain these fields (see [`matches()`]).
    pub expect: Option<Value>,
    /// The call must fail with an error body containing these fields.
    pub expect_error: Option<Value>,
    /// Saves answer fields under names: `{"ctx": "context_id"}`; a dotted path
    /// reaches into nested objects and arrays (`items.0.job_id`).
    #[serde(default)]
    pub save: HashMap<String, String>,
}

/// Reads a scenario file.
pub fn load(path: &Path) -> Result<Scenario, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Replaces `"$name"` values with the saved value and `${name}` inside
/// strings with its text.
pub fn substitute(v: &Value, saved: &HashMap<String, Value>) -> Value {
    match v {
        Value::String(s) => {
            if let Some(name) = s.strip_prefix('$').filter(|n| saved.contains_key(*n)) {
                return saved[name].clone();
            }
            let mut out = s.clone();
            for (name, value) in saved {
                let text = value
                    .as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| value.to_string());
                out = out.replace(&format!("${{{name}}}"), &text);
            }
            Value::String(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(|x| substitute(x, saved)).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, x)| (k.clone(), substitute(x, saved)))
                .collect::<Map<_, _>>(),
        ),
        other => other.clone(),
    }
}

/// Whether `actual` satisfies `expected`: objects match when every expected
/// key matches (other keys are ignored), arrays element by element with equal
/// length, `"<any>"` matches any present non-null value, `"<absent>"` a
/// missing or null one, and numbers compare as numbers.
pub fn matches(expected: &Value, actual: Option<&Value>) -> Result<(), String> {
    match (expected, actual) {
        (Value::String(s), a) if s == "<absent>" => match a {
            None | Some(Value::Null) => Ok(()),
            Some(a) => Err(format!("expected absent, got {a}")),
        },
        (_, None) => Err(format!("missing, expected {expected}")),
        (Value::String(s), Some(a)) if s == "<any>" => {
            if a.is_null() {
                Err("expected a value, got null".into())
            } else {
                Ok(())
            }
        }
        (Value::Object(e), Some(Value::Object(a))) => {
            for (k, ev) in e {
                matches(ev, a.get(k)).map_err(|m| format!(".{k}: {m}"))?;
            }
            Ok(())
        }
        (Value::Array(e), Some(Value::Array(a))) => {
            if e.len() != a.len() {
                return Err(format!("expected {} items, got {}", e.len(), a.len()));
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                matches(ev, Some(av)).map_err(|m| format!("[{i}]: {m}"))?;
            }
            Ok(())
        }
        (Value::Number(e), Some(Value::Number(a))) if e.as_f64() == a.as_f64() => Ok(()),
        (e, Some(a)) if e == a => Ok(()),
        (e, Some(a)) => Err(format!("expected {e}, got {a}")),
    }
}

/// The value at a dotted path.
pub fn at_path<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.')
        .try_fold(v, |v, part| match part.parse::<usize>() {
            Ok(i) => v.get(i),
            Err(_) => v.get(part),
        })
}

/// Runs `scenario` on a fresh SQLite database in `dir`.
pub async fn run(scenario: &Scenario, dir: &Path) -> Result<(), String> {
    run_on(scenario, Manager::builder().sqlite(dir.join("scenario.db"))).await
}

/// Runs `scenario` on a manager built from `store` (a builder with its
/// store chosen, on a fresh database) and the testkit's fakes.
pub async fn run_on(scenario: &Scenario, store: ManagerBuilder) -> Result<(), String> {
    let clock = Arc::new(ManualClock::new(scenario.now));
    let m = store
        .clock(clock.clone())
        .volume_daemon(Arc::new(FakeVolumes::new()))
        .nbd_exporter(Arc::new(FakeExporter::new()))
        .target_cloud(Arc::new(FakeCloud::new()))
        .build()
        .map_err(|e| e.to_string())?;
    let mut saved = HashMap::new();
    for (i, step) in scenario.steps.iter().enumerate() {
        let request = substitute(&step.request, &saved);
        let context = |m: String| format!("step {i} ({}): {m}", step.op);
        if step.op == "advance_clock" {
            let secs = request["seconds"]
                .as_i64()
                .ok_or_else(|| context("seconds".into()))?;
            clock
                .advance_seconds(secs)
                .map_err(|e| context(format!("unexpected error {:?}", e.to_body())))?;
            continue;
        }
        let answer = migratekit_core::json::call(&m, &step.op, &request).await;
        let body = match (&answer, &step.expect_error) {
            (Ok(v), None) => v.clone(),
            (Err(e), Some(_)) => serde_json::to_value(e.to_body()).map_err(|e| e.to_string())?,
            (Ok(v), Some(_)) => return Err(context(format!("expected an error, got {v}"))),
            (Err(e), None) => return Err(context(format!("unexpected error {:?}", e.to_body()))),
        };
        if let Some(expected) = step.expect.as_ref().or(step.expect_error.as_ref()) {
            matches(&substitute(expected, &saved), Some(&body)).map_err(context)?;
        }
        for (name, path) in &step.save {
            let v = at_path(&body, path).ok_or_else(|| context(format!("no {path} to save")))?;
            saved.insert(name.clone(), v.clone());
        }
    }
    Ok(())
}
