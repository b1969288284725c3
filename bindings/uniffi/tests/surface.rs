//! The exported surface: every registry operation is a `Manager` method of
//! the built library, and bad input gets the contract's typed errors.

use migratekit_core::ErrorCode;
use migratekit_core::registry::Op;
use migratekit_uniffi::{MkError, parse_request};
use std::path::PathBuf;

/// The cdylib the generators read: built with this test (one rustc run makes
/// the crate's rlib and cdylib), next to the test binary in `deps/`.
fn cdylib() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.with_file_name(format!(
        "{}migratekit_uniffi{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    ))
}

#[test]
fn every_registry_operation_is_a_method_of_the_exported_manager() {
    // The interface as every generator reads it: the metadata in the cdylib.
    let lib = std::fs::read(cdylib()).expect("the cdylib is built with the tests");
    let metadata = uniffi_bindgen::macro_metadata::extract_from_bytes(&lib).unwrap();
    let methods: Vec<&str> = metadata
        .iter()
        .filter_map(|m| match m {
            uniffi_meta::Metadata::Method(m) if m.self_name == "Manager" => Some(m.name.as_str()),
            _ => None,
        })
        .collect();
    let missing: Vec<&str> = Op::NAMES
        .iter()
        .copied()
        .filter(|op| !methods.contains(op))
        .collect();
    assert!(
        missing.is_empty(),
        "operations without a Manager method: {missing:?}"
    );
    assert_eq!(migratekit_uniffi::operations(), Op::NAMES);
}

#[test]
fn every_registry_operation_parses_to_a_request_of_that_operation() {
    for &op in Op::ALL {
        // Any body: what matters is that the operation is known and the
        // answer (a request or a validation error) is typed.
        match parse_request(op.as_str().into(), "{\"no_such_field\": 1}".into()) {
            Ok(r) => assert_eq!(r.op(), op),
            Err(e) => assert_eq!(e.code(), ErrorCode::Validation, "{op}: {e}"),
        }
    }
}

#[test]
fn every_core_error_becomes_the_variant_of_its_code_with_the_same_body() {
    use migratekit_core::Error;
    let errors = [
        Error::AlreadyManaged {
            vm_name: "web".into(),
            vmware_vm_id: "vm-1".into(),
            existing_context_id: "ctx-web".into(),
        },
        Error::ReplicationActive {
            context_id: "ctx-web".into(),
            job_id: "job-1".into(),
        },
        Error::InvalidTransition {
            subject: "ctx-web".into(),
            status: "discovered".into(),
            operation: "test_failover".into(),
        },
        Error::NotFound {
            kind: "job",
            id: "job-9".into(),
        },
        Error::Ambiguous {
            id: "web".into(),
            matches: vec!["ctx-a".into(), "ctx-b".into()],
        },
        Error::validation("source_vm.id", "must not be empty"),
        Error::OperationInProgress {
            context_id: "ctx-web".into(),
            operation: "test_failover".into(),
            job_id: "op-1".into(),
        },
        Error::Storage {
            details: "disk full".into(),
        },
        Error::IncompatibleSchema {
            found: 9,
            supported: 6,
        },
        Error::Adapter {
            operation: "test_failover".into(),
            step: "power-on-test-vm".into(),
            details: "no capacity".into(),
        },
        Error::Internal {
            details: "broken".into(),
        },
    ];
    let codes: Vec<ErrorCode> = errors.iter().map(Error::code).collect();
    assert_eq!(codes, ErrorCode::ALL, "one error of every code, in order");
    for e in errors {
        let mk = MkError::from(e.clone());
        assert_eq!(mk.code(), e.code());
        let body: serde_json::Value = serde_json::from_str(mk.body()).unwrap();
        assert_eq!(body, serde_json::to_value(e.to_body()).unwrap());
    }
    let MkError::AlreadyManaged {
        existing_context_id,
        summary,
        ..
    } = MkError::from(Error::AlreadyManaged {
        vm_name: "web".into(),
        vmware_vm_id: "vm-1".into(),
        existing_context_id: "ctx-web".into(),
    })
    else {
        panic!("wrong variant");
    };
    assert_eq!(existing_context_id, "ctx-web");
    assert_eq!(summary, "VM already exists in management");
}

fn validation_field(op: &str, body: &str) -> String {
    match parse_request(op.into(), body.into()) {
        Err(MkError::Validation { field, .. }) => field,
        other => panic!("{op} {body}: expected a validation error, got {other:?}"),
    }
}

#[test]
fn bad_bodies_are_the_same_validation_errors_as_on_every_surface() {
    assert_eq!(validation_field("no_such_op", "{}"), "operation");
    assert_eq!(validation_field("get_job", "{"), "");
    assert_eq!(validation_field("get_job", ""), "");
    assert_eq!(validation_field("list_schedules", "{\"x\": 1}"), "");
    assert_eq!(
        validation_field(
            "complete_job",
            r#"{"job_id": "j", "change_ids": {"disk-1": "a", "disk-1": "b"}}"#
        ),
        ""
    );
    assert!(parse_request("list_schedules".into(), "  ".into()).is_ok());
    assert!(parse_request("run_due_schedules".into(), "{}".into()).is_ok());
}
