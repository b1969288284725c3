//! Every operation of the registry is reachable on the Rust surfaces: a
//! `Manager` method of the same name (DESIGN §7: "methods named after the
//! operations") and `json::call` by name. The bindings' suites check the C,
//! Python and Go surfaces against the same list.

mod common;

use migratekit_core::registry::Op;
use migratekit_core::{Error, ErrorCode, json};
use serde_json::json;

/// `Manager`'s methods, from its source: the registry has no reflection to
/// lean on, and the method names are the contract.
const MANAGER_SOURCE: &str = include_str!("../src/manager.rs");

#[test]
fn every_operation_is_a_manager_method_of_the_same_name() {
    let missing: Vec<&str> = Op::NAMES
        .iter()
        .copied()
        .filter(|name| !MANAGER_SOURCE.contains(&format!("pub async fn {name}(")))
        .collect();
    assert!(missing.is_empty(), "no Manager method for {missing:?}");
}

/// The field of a `validation` error.
fn field(err: &Error) -> &str {
    match err {
        Error::Validation { field, .. } => field,
        other => panic!("not a validation error: {other}"),
    }
}

#[tokio::test]
async fn every_operation_is_dispatched_by_json_call_and_a_bad_body_is_a_validation_error() {
    let env = common::env();
    assert_eq!(json::OPERATIONS, Op::NAMES);
    for name in Op::NAMES {
        // A JSON string is no operation's body: the operation is found (the
        // error is not about the name) and its body refused.
        let err: Error = json::call(&env.manager, name, &json!("bad"))
            .await
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::Validation, "{name}: {err}");
        assert_ne!(field(&err), "operation", "{name}: {err}");
        let err = json::call_str(&env.manager, name, "\"bad\"")
            .await
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::Validation, "{name}: {err}");
        assert_ne!(field(&err), "operation", "{name}: {err}");
    }
    let err = json::call(&env.manager, "no_such_operation", &json!({}))
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    assert_eq!(field(&err), "operation");
}
