//! DESIGN §8: bad input gets a typed `validation` error and writes nothing;
//! odd but valid text is stored and returned verbatim.

mod common;

use migratekit_test_macros::backends;

use common::*;
use migratekit_core::model::{
    AddToManagementRequest, BulkItemResult, ContextFilter, ContextRef, CreateMigrationResponse,
    FailoverTarget, JobFilter, UpdateJobProgressRequest, VmIdentity,
};
use migratekit_core::ports::{Clock, LogFilter};
use migratekit_core::validate;
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

#[backends]
async fn the_full_contract_request_is_accepted() {
    let e = env();
    let answer = json::call(&e.manager, "create_migration", &base())
        .await
        .unwrap();
    assert_eq!(answer["current_status"], "discovered");
}

#[backends]
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

#[backends]
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

#[backends]
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

#[backends]
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

fn field_of(err: &migratekit_core::Error) -> String {
    match err {
        migratekit_core::Error::Validation { field, .. } => field.clone(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

fn add_request(vcenter: &str, id: &str, name: &str) -> AddToManagementRequest {
    AddToManagementRequest {
        source_vm: vm(id, name),
        ossea_config_id: 1,
        target_network: String::new(),
        vcenter_host: vcenter.into(),
        datacenter: "DatabanxDC".into(),
    }
}

/// DESIGN §3 identity: case of the vCenter host and surrounding whitespace
/// do not make a second VM, on any path that takes an identity.
#[backends]
async fn identity_variants_are_one_vm_on_every_path() {
    let e = env();
    let first = add(&e.manager, "vm-1").await; // vc01.example.local / vm-1
    assert_eq!(
        ctx(&e.manager, &first).await.vcenter_host,
        "vc01.example.local"
    );

    let variants = [
        ("VC01.Example.LOCAL", "vm-1"),
        ("  vc01.example.local\t", "vm-1"),
        ("vc01.example.local", " vm-1 "),
        ("Vc01.EXAMPLE.local ", "\u{3000}vm-1\n"),
    ];
    for (host, id) in variants {
        let mut r = request(id, "again", Some(false));
        r.vcenter_host = host.into();
        let err = e.manager.create_migration(r).await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::AlreadyManaged, "{host:?} {id:?}");
        assert_eq!(err.to_body().fields["existing_context_id"], first.as_str());

        let err = e
            .manager
            .add_to_management(add_request(host, id, "again"))
            .await
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::AlreadyManaged, "{host:?} {id:?}");

        let found = e
            .manager
            .get_context(&ContextRef::Vm(VmIdentity {
                vcenter_host: host.into(),
                vmware_vm_id: id.into(),
            }))
            .await
            .unwrap();
        assert_eq!(found.context_id, first);
        let found = e
            .manager
            .get_context(&ContextRef::VmwareVmId(id.into()))
            .await
            .unwrap();
        assert_eq!(found.context_id, first);
    }

    let bulk: Vec<_> = variants
        .iter()
        .map(|(h, i)| add_request(h, i, "bulk"))
        .collect();
    let answer = e.manager.add_to_management_bulk(bulk, None).await.unwrap();
    assert_eq!(answer.already_managed, variants.len(), "{answer:?}");

    // Starting replication with a variant reuses the one context.
    let mut r = request(" vm-1", "again", Some(true));
    r.vcenter_host = "VC01.EXAMPLE.LOCAL".into();
    let CreateMigrationResponse::JobStarted(job) = e.manager.create_migration(r).await.unwrap()
    else {
        panic!()
    };
    assert_eq!(job.context_id, first);
    assert_eq!(count_contexts(&e.manager).await, 1);

    // A new VM added with an upper-case host is stored lowercased.
    let c = e
        .manager
        .add_to_management(add_request(" VC02.Example.Local ", " vm-9 ", "nine"))
        .await
        .unwrap();
    let stored = ctx(&e.manager, &c.context_id).await;
    assert_eq!(stored.vcenter_host, "vc02.example.local");
    assert_eq!(stored.vmware_vm_id, "vm-9");
    assert_eq!(c.vmware_vm_id, "vm-9");
}

/// Zero-width and other invisible characters in an identity are refused,
/// naming the field, on every path; nothing is written.
#[backends]
async fn invisible_characters_in_an_identity_are_refused_naming_the_field() {
    let e = env();
    let invisible = [
        '\u{200B}',
        '\u{FEFF}',
        '\u{2060}',
        '\u{200D}',
        '\u{00AD}',
        '\u{202E}',
        '\u{2066}',
        '\u{E0001}',
        '\u{FE0F}',
        '\u{0007}',
        '\u{0085}',
        '\u{2028}',
    ];
    for c in invisible {
        // A prefix, as the bug report had it; inside for the characters
        // that are also whitespace (a surrounding one is trimmed).
        let id = if c.is_whitespace() {
            format!("vm{c}-1")
        } else {
            format!("{c}vm-1")
        };
        let host = format!("vc01{c}.example.local");
        for start in [Some(false), Some(true), None] {
            let err = e
                .manager
                .create_migration(request(&id, "web", start))
                .await
                .unwrap_err();
            assert_eq!(field_of(&err), "source_vm.id", "U+{:04X}", c as u32);
            let mut r = request("vm-1", "web", start);
            r.vcenter_host = host.clone();
            let err = e.manager.create_migration(r).await.unwrap_err();
            assert_eq!(field_of(&err), "vcenter_host", "U+{:04X}", c as u32);
        }
        let err = e
            .manager
            .add_to_management(add_request("vc01", &id, "web"))
            .await
            .unwrap_err();
        assert_eq!(field_of(&err), "source_vm.id");

        let answer = e
            .manager
            .add_to_management_bulk(
                vec![
                    add_request("vc01", &id, "web"),
                    add_request(&host, "vm-2", "web"),
                ],
                None,
            )
            .await
            .unwrap();
        assert_eq!(answer.invalid, 2, "{answer:?}");
        let fields: Vec<String> = answer
            .results
            .iter()
            .map(|r| match r {
                BulkItemResult::Invalid { error, .. } => {
                    assert_eq!(error.code, ErrorCode::Validation);
                    error.fields["field"].as_str().unwrap().to_owned()
                }
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(fields, ["source_vm.id", "vcenter_host"]);

        let err = e
            .manager
            .get_context(&ContextRef::Vm(VmIdentity {
                vcenter_host: host.clone(),
                vmware_vm_id: "vm-1".into(),
            }))
            .await
            .unwrap_err();
        assert_eq!(field_of(&err), "vcenter_host");
        let err = e
            .manager
            .get_context(&ContextRef::VmwareVmId(id.clone()))
            .await
            .unwrap_err();
        assert_eq!(field_of(&err), "vmware_vm_id");
        let err = e
            .manager
            .cleanup_test_failover(&FailoverTarget {
                vm_id: Some(id.clone()),
                ..Default::default()
            })
            .await
            .unwrap_err();
        assert_eq!(field_of(&err), "vm_id");
    }
    assert_eq!(count_contexts(&e.manager).await, 0);
    assert_eq!(count_jobs(&e.manager).await, 0);
}

/// One limit per field kind: a name the add accepts, every look-up accepts.
#[backends]
async fn a_name_accepted_by_add_is_accepted_by_every_lookup() {
    let e = env();
    let long = "n".repeat(validate::MAX_NAME_BYTES);
    let CreateMigrationResponse::ContextCreated(c) = e
        .manager
        .create_migration(request("vm-1", &long, Some(false)))
        .await
        .unwrap()
    else {
        panic!()
    };
    let found = e
        .manager
        .get_context(&ContextRef::VmName(long.clone()))
        .await
        .unwrap();
    assert_eq!(found.context_id, c.context_id);
    let err = e
        .manager
        .cleanup_test_failover(&FailoverTarget {
            vm_name: Some(long.clone()),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_ne!(err.code(), ErrorCode::Validation, "{err:?}");

    let longer = "n".repeat(validate::MAX_NAME_BYTES + 1);
    let err = e
        .manager
        .create_migration(request("vm-2", &longer, Some(false)))
        .await
        .unwrap_err();
    assert_eq!(field_of(&err), "source_vm.name");
    let err = e
        .manager
        .get_context(&ContextRef::VmName(longer))
        .await
        .unwrap_err();
    assert_eq!(field_of(&err), "vm_name");
    assert_eq!(count_contexts(&e.manager).await, 1);
}

/// Byte counts are stored as SQLite integers: above `i64::MAX` is refused,
/// not clamped.
#[backends]
async fn byte_counts_above_i64_max_are_refused_and_change_nothing() {
    let e = env();
    let (_, job) = start(&e.manager, "vm-1").await.unwrap();
    let big = (i64::MAX as u64) + 1;
    for (bytes, total, field) in [
        (u64::MAX, None, "bytes_transferred"),
        (big, None, "bytes_transferred"),
        (1, Some(u64::MAX), "total_bytes"),
        (1, Some(big), "total_bytes"),
    ] {
        let err = e
            .manager
            .update_job_progress(&UpdateJobProgressRequest {
                job_id: job.clone(),
                progress_percent: 10.0,
                bytes_transferred: bytes,
                total_bytes: total,
                ..Default::default()
            })
            .await
            .unwrap_err();
        assert_eq!(field_of(&err), field);
        let body = json::call(
            &e.manager,
            "update_job_progress",
            &json!({"job_id": job, "progress_percent": 10.0,
                    "bytes_transferred": bytes, "total_bytes": total}),
        )
        .await
        .unwrap_err();
        assert_eq!(body.code(), ErrorCode::Validation);
    }
    let stored = e.manager.get_job(&job).await.unwrap();
    assert_eq!(stored.bytes_transferred, 0);
    assert_eq!(stored.progress_percent, 0.0);

    let at_max = e
        .manager
        .update_job_progress(&UpdateJobProgressRequest {
            job_id: job.clone(),
            progress_percent: 10.0,
            bytes_transferred: i64::MAX as u64,
            total_bytes: Some(i64::MAX as u64),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(at_max.bytes_transferred, i64::MAX as u64);
}

/// List filters are checked like ids: no NUL, no megabyte values.
#[backends]
async fn list_filters_are_validated_like_ids() {
    let e = env();
    add(&e.manager, "vm-1").await;
    let huge = "x".repeat(1 << 20);
    for bad in ["ctx\u{0}1".to_owned(), huge.clone()] {
        let err = e
            .manager
            .list_jobs(&JobFilter {
                context_id: Some(bad.clone()),
                ..Default::default()
            })
            .await
            .unwrap_err();
        assert_eq!(field_of(&err), "context_id");
        let err = e
            .manager
            .log_jobs(&LogFilter {
                context_id: Some(bad.clone()),
                ..Default::default()
            })
            .await
            .unwrap_err();
        assert_eq!(field_of(&err), "context_id");
        let err = e
            .manager
            .log_jobs(&LogFilter {
                operation: Some(bad.clone()),
                ..Default::default()
            })
            .await
            .unwrap_err();
        assert_eq!(field_of(&err), "operation");
        let err = e
            .manager
            .list_schedule_executions(Some(&bad), None)
            .await
            .unwrap_err();
        assert_eq!(field_of(&err), "schedule_id");
        for (op, body) in [
            ("list_jobs", json!({"context_id": bad})),
            ("log_jobs", json!({"operation": bad})),
            ("list_schedule_executions", json!({"schedule_id": bad})),
        ] {
            let err = json::call(&e.manager, op, &body).await.unwrap_err();
            assert_eq!(err.code(), ErrorCode::Validation, "{op}");
        }
    }
    for filter in [
        ContextFilter {
            offset: u64::MAX,
            ..Default::default()
        },
        ContextFilter {
            offset: i64::MAX as u64 + 1,
            ..Default::default()
        },
    ] {
        let err = e.manager.list_contexts(&filter).await.unwrap_err();
        assert_eq!(field_of(&err), "offset");
    }
}

/// The manual clock's `advance_clock` takes any `i64`: out of range is a
/// `validation` error and the clock stays where it was.
#[backends]
async fn advancing_the_manual_clock_out_of_range_is_a_validation_error() {
    let e = env();
    let before = e.clock.now();
    for seconds in [i64::MAX, i64::MIN, i64::MAX / 1000, -(i64::MAX / 1000)] {
        let err = e.clock.advance_seconds(seconds).unwrap_err();
        assert_eq!(field_of(&err), "seconds", "{seconds}");
        assert_eq!(e.clock.now(), before);
    }
    e.clock.advance_seconds(60).unwrap();
    assert_eq!(e.clock.now(), before + chrono::Duration::seconds(60));
}
