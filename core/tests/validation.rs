//! DESIGN §8: bad input gets a typed `validation` error and writes nothing;
//! odd but valid text is stored and returned verbatim.

mod common;

use common::*;
use migratekit_core::model::{ContextRef, CreateMigrationResponse};
use migratekit_core::{ErrorCode, json};
use serde_json::{Value, json};

fn base() -> Value {
    json!({
        "source_vm": {"id": "vm-123", "name": "test-vm", "path": "/DatabanxDC/vm/test-vm",
                      "cpus": 2, "memory_mb": 4096, "os_type": "linux", "power_state": "poweredOn",
                      "disks": [{"id": "disk-2000", "label": "Hard disk 1", "size_gb": 100,
                                 "datastore": "ds1", "unit_number": 0}],
                      "networks": [{"label": "VM Network", "mac_address": "00:50:56:aa:bb:cc"}]},
        "ossea_config_id": 1, "start_replication": false, "replication_type": "initial",
        "target_network": "", "vcenter_host": "vc01.example.local", "datacenter": "DatabanxDC",
        "change_id": "", "previous_change_id": "", "snapshot_id": "",
        "schedule_execution_id": "", "vm_group_id": "", "scheduled_by": ""
    })
}

fn with(path: &[&str], value: Value) -> Value {
    let mut b = base();
    let mut at = &mut b;
    for p in &path[..path.len() - 1] {
        at = if let Ok(i) = p.parse::<usize>() {
            &mut at[i]
        } else {
            &mut at[*p]
        };
    }
    at[path[path.len() - 1]] = value;
    b
}

fn without(path: &[&str]) -> Value {
    let mut b = base();
    let mut at = &mut b;
    for p in &path[..path.len() - 1] {
        at = &mut at[*p];
    }
    at.as_object_mut().unwrap().remove(path[path.len() - 1]);
    b
}

#[tokio::test]
async fn the_full_contract_request_is_accepted() {
    let e = env();
    let answer = json::call(&e.manager, "create_migration", &base())
        .await
        .unwrap();
    assert_eq!(answer["current_status"], "discovered");
}

#[tokio::test]
async fn bad_input_is_a_validation_error_and_writes_nothing() {
    let e = env();
    let huge = "x".repeat(1 << 20);
    let cases: Vec<(&str, Value)> = vec![
        ("missing source_vm", without(&["source_vm"])),
        ("missing vm id", without(&["source_vm", "id"])),
        ("missing vm name", without(&["source_vm", "name"])),
        ("empty vm id", with(&["source_vm", "id"], json!(""))),
        ("blank vm id", with(&["source_vm", "id"], json!("   "))),
        ("empty vm name", with(&["source_vm", "name"], json!(""))),
        (
            "empty disk id",
            with(&["source_vm", "disks", "0", "id"], json!("")),
        ),
        (
            "zero-size disk",
            with(&["source_vm", "disks", "0", "size_gb"], json!(0)),
        ),
        ("cpus as text", with(&["source_vm", "cpus"], json!("two"))),
        (
            "negative memory",
            with(&["source_vm", "memory_mb"], json!(-1)),
        ),
        (
            "start_replication as text",
            with(&["start_replication"], json!("no")),
        ),
        (
            "unknown replication type",
            with(&["replication_type"], json!("full")),
        ),
        (
            "ossea_config_id as text",
            with(&["ossea_config_id"], json!("1")),
        ),
        (
            "negative ossea_config_id",
            with(&["ossea_config_id"], json!(-5)),
        ),
        (
            "disks not a list",
            with(&["source_vm", "disks"], json!({"id": "d"})),
        ),
        ("unknown top-level field", with(&["priority"], json!(1))),
        (
            "unknown source_vm field",
            with(&["source_vm", "uuid"], json!("x")),
        ),
        (
            "unknown disk field",
            with(&["source_vm", "disks", "0", "thin"], json!(true)),
        ),
        ("1 MiB name", with(&["source_vm", "name"], json!(huge))),
        ("1 MiB id", with(&["source_vm", "id"], json!(huge))),
        (
            "NUL in name",
            with(&["source_vm", "name"], json!("web\u{0}01")),
        ),
        ("NUL in id", with(&["source_vm", "id"], json!("vm-\u{0}1"))),
        ("NUL in vcenter", with(&["vcenter_host"], json!("vc\u{0}"))),
        ("body not an object", json!([1, 2, 3])),
        ("null body", Value::Null),
    ];
    for (what, body) in cases {
        for start in [false, true] {
            let mut body = body.clone();
            if let Some(o) = body
                .as_object_mut()
                .filter(|_| !what.starts_with("start_replication"))
            {
                o.insert("start_replication".into(), json!(start));
            }
            let err = json::call(&e.manager, "create_migration", &body)
                .await
                .unwrap_err();
            assert_eq!(err.code(), ErrorCode::Validation, "{what}: {err:?}");
        }
    }
    assert_eq!(count_contexts(&e.manager).await, 0);
    assert_eq!(count_jobs(&e.manager).await, 0);
    e.manager.flush_job_log().await.unwrap();
    let log = e.manager.log_jobs(&Default::default()).await.unwrap();
    assert!(log.items.is_empty(), "rejected before any log job opened");
}

#[tokio::test]
async fn malformed_json_text_is_a_validation_error() {
    let e = env();
    for text in ["{", "not json", "{\"source_vm\": }", "\u{feff}{}"] {
        let err = json::call_str(&e.manager, "create_migration", text)
            .await
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::Validation, "{text}");
    }
    let err = json::call_str(&e.manager, "drop_table", "{}")
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
}

#[tokio::test]
async fn quotes_semicolons_dashes_and_non_ascii_are_stored_verbatim() {
    let e = env();
    let names = [
        "Robert'); DROP TABLE vm_replication_contexts;--",
        "\"quoted\" 'single'",
        "web -- comment; 1=1",
        "データベース-サーバ",
        "zé 🚀 ñ",
    ];
    for (i, name) in names.iter().enumerate() {
        let mut r = request(&format!("vm-'{i}\";--"), name, Some(false));
        r.datacenter = format!("DC';--{i}");
        let CreateMigrationResponse::ContextCreated(c) =
            e.manager.create_migration(r).await.unwrap()
        else {
            panic!()
        };
        assert_eq!(c.vm_name, *name);
        let stored = ctx(&e.manager, &c.context_id).await;
        assert_eq!(stored.vm_name, *name);
        assert_eq!(stored.source_vm.name, *name);
        assert_eq!(stored.vmware_vm_id, format!("vm-'{i}\";--"));
        assert_eq!(stored.datacenter, format!("DC';--{i}"));
        let by_name = e
            .manager
            .get_context(&ContextRef::VmName(name.to_string()))
            .await
            .unwrap();
        assert_eq!(by_name.context_id, c.context_id);
    }
    assert_eq!(count_contexts(&e.manager).await, names.len());
}

#[tokio::test]
async fn lookups_by_name_are_ambiguous_when_two_contexts_match() {
    let e = env();
    let mut a = request("vm-1", "web", Some(false));
    a.vcenter_host = "a".into();
    let mut b = request("vm-2", "web", Some(false));
    b.vcenter_host = "b".into();
    e.manager.create_migration(a).await.unwrap();
    e.manager.create_migration(b).await.unwrap();
    let err = e
        .manager
        .get_context(&ContextRef::VmName("web".into()))
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Ambiguous);
    assert_eq!(err.to_body().fields["matches"].as_array().unwrap().len(), 2);
    let err = e
        .manager
        .get_context(&ContextRef::VmName("nope".into()))
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
}
