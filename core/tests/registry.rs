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

/// Bodies every operation's parser refuses, each in its own way (wrong type
/// at the top, a wrong field type, an unknown field, a number too big).
const REFUSED_BODIES: &[&str] = &[
    "\"bad\"",
    "[]",
    "{\"no_such_field\": 1}",
    "{\"context_id\": 7}",
    "{\"limit\": -1}",
    "{\"limit\": 18446744073709551616}",
    "{\"source_vm\": {\"id\": \"vm-1\"}}",
];

#[tokio::test]
async fn a_text_body_is_refused_with_the_same_error_as_the_same_value_body() {
    let env = common::env();
    for name in Op::NAMES {
        for text in REFUSED_BODIES {
            let value: serde_json::Value = serde_json::from_str(text).unwrap();
            let from_value = json::call(&env.manager, name, &value).await;
            let from_text = json::call_str(&env.manager, name, text).await;
            match (from_value, from_text) {
                (Err(v), Err(t)) => {
                    assert_eq!(v.to_string(), t.to_string(), "{name} {text}");
                    assert_eq!(v.details(), t.details(), "{name} {text}");
                }
                (v, t) => assert_eq!(
                    v.is_ok(),
                    t.is_ok(),
                    "{name} {text}: value body {v:?}, text body {t:?}"
                ),
            }
        }
    }
}

#[tokio::test]
async fn a_text_body_is_answered_as_the_same_value_body() {
    let env = common::env();
    let vm = json!({"source_vm": {"id": "vm-1", "name": "web", "path": "/dc/vm/web",
        "cpus": 2, "memory_mb": 1024, "disks": [{"id": "disk-2000", "size_gb": 10}]}});
    let added = json::call_str(&env.manager, "add_to_management", &vm.to_string())
        .await
        .unwrap();
    let added: serde_json::Value = serde_json::from_str(&added).unwrap();
    let id = json!({"context_id": added["context_id"]});
    for (name, body) in [
        ("get_context", &id),
        ("list_contexts", &json!({"limit": 5})),
    ] {
        let from_value = json::call(&env.manager, name, body).await.unwrap();
        let from_text = json::call_str(&env.manager, name, &body.to_string())
            .await
            .unwrap();
        assert_eq!(
            from_value,
            serde_json::from_str::<serde_json::Value>(&from_text).unwrap(),
            "{name}"
        );
    }
}

#[tokio::test]
async fn a_text_body_naming_a_key_twice_is_refused_even_when_one_is_escaped() {
    let env = common::env();
    for text in [
        r#"{"limit": 1, "limit": 2}"#,
        r#"{"limit": 1, "\u006cimit": 2}"#,
        r#"{"status": "discovered", "after": "a", "\u0061fter": "b"}"#,
    ] {
        let err = json::call_str(&env.manager, "list_contexts", text)
            .await
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::Validation, "{text}");
        assert!(err.details().contains("duplicate key"), "{text}: {err}");
    }
}
