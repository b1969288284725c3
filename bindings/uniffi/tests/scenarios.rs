//! The shared scenario files (`tests/scenarios/*.json`) through the typed
//! surface: each step's body is read into a typed request
//! (`parse_request`), run by the typed `Manager` method of its operation, and
//! its typed answer written back as JSON (`answer_json`) — which must match
//! what the scenario expects of the JSON surface.

// `MkError` is large by design (every typed field by value; see the crate).
#![allow(clippy::result_large_err)]

use migratekit_tests::scenario::{at_path, load, matches, substitute};
use migratekit_uniffi::{Manager, MkError, OpenOptions, answer_json, parse_request};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn scenario_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

/// The answer's JSON, or the error body's.
fn run_typed(m: &Manager, op: &str, request: &Value) -> Result<Value, Value> {
    let answer = parse_request(op.into(), request.to_string())
        .and_then(|r| m.execute(r))
        .and_then(answer_json)
        .map_err(|e: MkError| serde_json::from_str::<Value>(e.body()).unwrap())?;
    Ok(serde_json::from_str(&answer).unwrap())
}

fn run(path: &Path, dir: &Path) -> Result<(), String> {
    let scenario = load(path)?;
    let m = Manager::open(OpenOptions {
        path: dir.join("scenario.db").to_string_lossy().into_owned(),
        fakes: true,
        now: Some(scenario.now),
        ..OpenOptions::default()
    })
    .map_err(|e| e.to_string())?;
    let mut saved = HashMap::new();
    for (i, step) in scenario.steps.iter().enumerate() {
        let request = substitute(&step.request, &saved);
        let context = |m: String| format!("step {i} ({}): {m}", step.op);
        if step.op == "advance_clock" {
            let secs = request["seconds"]
                .as_i64()
                .ok_or_else(|| context("seconds".into()))?;
            m.advance_clock(secs).map_err(|e| context(e.to_string()))?;
            continue;
        }
        let request = if request.is_null() {
            serde_json::json!({})
        } else {
            request
        };
        let body = match (run_typed(&m, &step.op, &request), &step.expect_error) {
            (Ok(v), None) => v,
            (Err(e), Some(_)) => e,
            (Ok(v), Some(_)) => return Err(context(format!("expected an error, got {v}"))),
            (Err(e), None) => return Err(context(format!("unexpected error {e}"))),
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

#[test]
fn every_scenario_file_passes_through_the_typed_methods() {
    let files = scenario_files();
    assert!(files.len() >= 9, "scenario files missing: {files:?}");
    let mut failures = Vec::new();
    for path in files {
        let dir = tempfile::tempdir().unwrap();
        if let Err(e) = run(&path, dir.path()) {
            failures.push(format!(
                "{}: {e}",
                path.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
