//! Runs every shared scenario file through the Rust surface, on SQLite and
//! on PostgreSQL.

use std::path::PathBuf;

fn scenario_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

#[tokio::test]
async fn every_scenario_file_passes() {
    let files = scenario_files();
    assert!(files.len() >= 8, "scenario files missing: {files:?}");
    let mut failures = Vec::new();
    for path in files {
        let scenario = migratekit_tests::scenario::load(&path).unwrap();
        let dir = tempfile::tempdir().unwrap();
        if let Err(e) = migratekit_tests::scenario::run(&scenario, dir.path()).await {
            failures.push(format!(
                "{}: {e}",
                path.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The same files on PostgreSQL, each on a schema of its own.
#[tokio::test]
async fn every_scenario_file_passes_on_postgres() {
    use migratekit_core::testkit::postgres::{TestSchema, test_server_url};
    let Some(server) = test_server_url() else {
        return;
    };
    let files = scenario_files();
    let mut failures = Vec::new();
    for path in files {
        let scenario = migratekit_tests::scenario::load(&path).unwrap();
        let schema = TestSchema::create(&server).unwrap();
        let store = migratekit_core::Manager::builder().postgres(schema.url());
        if let Err(e) = migratekit_tests::scenario::run_on(&scenario, store).await {
            failures.push(format!(
                "{}: {e}",
                path.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_matcher_follows_the_documented_rules() {
    use migratekit_tests::scenario::matches;
    use serde_json::json;
    assert!(matches(&json!({"a": 1}), Some(&json!({"a": 1.0, "b": 2}))).is_ok());
    assert!(matches(&json!({"a": "<any>"}), Some(&json!({"a": null}))).is_err());
    assert!(matches(&json!({"a": "<absent>"}), Some(&json!({"b": 1}))).is_ok());
    assert!(matches(&json!([1]), Some(&json!([1, 2]))).is_err());
    assert!(matches(&json!({"a": {"b": "x"}}), Some(&json!({"a": {"b": "y"}}))).is_err());
}
