//! DESIGN §8: bad input gets a typed `validation` error and writes nothing;
//! odd but valid text is stored and returned verbatim.

mod common;

use migratekit_test_macros::backends;

use common::*;
use migratekit_core::model::{
    AddToManagementRequest, BulkItemResult, ContextFilter, ContextRef, FailoverTarget, JobFilter,
    UpdateJobProgressRequest, VmIdentity,
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
        let c = created(&e.manager, r).await;
        assert_eq!(c.vm_name, *name);
        let stored = ctx(&e.manager, &c.context_id).await;
        assert_eq!(stored.vm_name, *name);
        assert_eq!(stored.source_vm.name, *name);
        assert_eq!(stored.vmware_vm_id, format!("vm-'{i}\";--"));
        assert_eq!(stored.datacenter, format!("DC';--{i}"));
        let found = by_name(&e.manager, name).await.unwrap();
        assert_eq!(found.context_id, c.context_id);
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
    let err = by_name(&e.manager, "web").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Ambiguous);
    assert_eq!(err.to_body().fields["matches"].as_array().unwrap().len(), 2);
    let err = by_name(&e.manager, "nope").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
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

/// The context of `vmware_vm_id` in vCenter `host`.
fn by_identity(host: &str, vmware_vm_id: &str) -> ContextRef {
    ContextRef::Vm(VmIdentity {
        vcenter_host: host.into(),
        vmware_vm_id: vmware_vm_id.into(),
    })
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

        let again = add_request(host, id, "again");
        let err = e.manager.add_to_management(again).await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::AlreadyManaged, "{host:?} {id:?}");

        for lookup in [by_identity(host, id), ContextRef::VmwareVmId(id.into())] {
            let found = e.manager.get_context(&lookup).await.unwrap();
            assert_eq!(found.context_id, first, "{lookup:?}");
        }
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
    assert_eq!(started(&e.manager, r).await.context_id, first);
    assert_eq!(count_contexts(&e.manager).await, 1);

    // A new VM added with an upper-case host is stored lowercased.
    let nine = add_request(" VC02.Example.Local ", " vm-9 ", "nine");
    let c = e.manager.add_to_management(nine).await.unwrap();
    let stored = ctx(&e.manager, &c.context_id).await;
    assert_eq!(stored.vcenter_host, "vc02.example.local");
    assert_eq!(stored.vmware_vm_id, "vm-9");
    assert_eq!(c.vmware_vm_id, "vm-9");
}

/// The invisible characters a pasted identity brings along, by name.
const INVISIBLE: &[(&str, char)] = &[
    ("zero width space", '\u{200B}'),
    ("byte order mark", '\u{FEFF}'),
    ("word joiner", '\u{2060}'),
    ("zero width joiner", '\u{200D}'),
    ("soft hyphen", '\u{00AD}'),
    ("right-to-left override", '\u{202E}'),
    ("left-to-right isolate", '\u{2066}'),
    ("language tag", '\u{E0001}'),
    ("variation selector 16", '\u{FE0F}'),
    ("bell (a control character)", '\u{0007}'),
    ("next line (whitespace)", '\u{0085}'),
    ("line separator (whitespace)", '\u{2028}'),
];

/// Zero-width and other invisible characters in an identity are refused,
/// naming the field, on every path; nothing is written.
#[backends]
async fn invisible_characters_in_an_identity_are_refused_naming_the_field() {
    let e = env();
    let m = &e.manager;
    for &(what, c) in INVISIBLE {
        // A prefix, as the bug report had it; inside for the characters
        // that are also whitespace (a surrounding one is trimmed).
        let id = if c.is_whitespace() {
            format!("vm{c}-1")
        } else {
            format!("{c}vm-1")
        };
        let host = format!("vc01{c}.example.local");
        for start in [Some(false), Some(true), None] {
            let bad_id = request(&id, "web", start);
            assert_eq!(
                field_of(m.create_migration(bad_id).await),
                "source_vm.id",
                "{what}"
            );
            let mut bad_host = request("vm-1", "web", start);
            bad_host.vcenter_host = host.clone();
            assert_eq!(
                field_of(m.create_migration(bad_host).await),
                "vcenter_host",
                "{what}"
            );
        }
        let bad_id = add_request("vc01", &id, "web");
        assert_eq!(
            field_of(m.add_to_management(bad_id).await),
            "source_vm.id",
            "{what}"
        );

        let bulk = vec![
            add_request("vc01", &id, "web"),
            add_request(&host, "vm-2", "web"),
        ];
        let answer = m.add_to_management_bulk(bulk, None).await.unwrap();
        assert_eq!(answer.invalid, 2, "{what}: {answer:?}");
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
        assert_eq!(fields, ["source_vm.id", "vcenter_host"], "{what}");

        let lookups = [
            (by_identity(&host, "vm-1"), "vcenter_host"),
            (ContextRef::VmwareVmId(id.clone()), "vmware_vm_id"),
        ];
        for (lookup, field) in lookups {
            assert_eq!(field_of(m.get_context(&lookup).await), field, "{what}");
        }
        let cleanup = FailoverTarget {
            vm_id: Some(id.clone()),
            ..Default::default()
        };
        assert_eq!(field_of(m.cleanup_test_failover(&cleanup).await), "vm_id");
    }
    assert_eq!(count_contexts(m).await, 0);
    assert_eq!(count_jobs(m).await, 0);
}

/// One limit per field kind: a name the add accepts, every look-up accepts.
#[backends]
async fn a_name_accepted_by_add_is_accepted_by_every_lookup() {
    let e = env();
    let long = "n".repeat(validate::MAX_NAME_BYTES);
    let c = created(&e.manager, request("vm-1", &long, Some(false))).await;
    let found = by_name(&e.manager, &long).await.unwrap();
    assert_eq!(found.context_id, c.context_id);
    let cleanup = FailoverTarget {
        vm_name: Some(long.clone()),
        ..Default::default()
    };
    let err = e.manager.cleanup_test_failover(&cleanup).await.unwrap_err();
    assert_ne!(err.code(), ErrorCode::Validation, "{err:?}");

    let longer = "n".repeat(validate::MAX_NAME_BYTES + 1);
    let too_long = request("vm-2", &longer, Some(false));
    let refused = e.manager.create_migration(too_long).await;
    assert_eq!(field_of(refused), "source_vm.name");
    assert_eq!(field_of(by_name(&e.manager, &longer).await), "vm_name");
    assert_eq!(count_contexts(&e.manager).await, 1);
}

/// Byte counts are stored as SQLite integers: above `i64::MAX` is refused,
/// not clamped.
#[backends]
async fn byte_counts_above_i64_max_are_refused_and_change_nothing() {
    let e = env();
    let (_, job) = start(&e.manager, "vm-1").await.unwrap();
    let progress = |bytes: u64, total: Option<u64>| UpdateJobProgressRequest {
        job_id: job.clone(),
        progress_percent: 10.0,
        bytes_transferred: bytes,
        total_bytes: total,
        ..Default::default()
    };
    let big = (i64::MAX as u64) + 1;
    for (bytes, total, field) in [
        (u64::MAX, None, "bytes_transferred"),
        (big, None, "bytes_transferred"),
        (1, Some(u64::MAX), "total_bytes"),
        (1, Some(big), "total_bytes"),
    ] {
        let refused = e.manager.update_job_progress(&progress(bytes, total)).await;
        assert_eq!(field_of(refused), field);
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

    let max = i64::MAX as u64;
    let at_max = progress(max, Some(max));
    let stored = e.manager.update_job_progress(&at_max).await.unwrap();
    assert_eq!(stored.bytes_transferred, max);
}

/// List filters are checked like ids: no NUL, no megabyte values.
#[backends]
async fn list_filters_are_validated_like_ids() {
    let e = env();
    let m = &e.manager;
    add(m, "vm-1").await;
    let huge = "x".repeat(1 << 20);
    for bad in ["ctx\u{0}1".to_owned(), huge.clone()] {
        let some = Some(bad.clone());
        let jobs_of_context = JobFilter {
            context_id: some.clone(),
            ..Default::default()
        };
        assert_eq!(field_of(m.list_jobs(&jobs_of_context).await), "context_id");
        let log_of_context = LogFilter {
            context_id: some.clone(),
            ..Default::default()
        };
        let log_of_operation = LogFilter {
            operation: some,
            ..Default::default()
        };
        assert_eq!(field_of(m.log_jobs(&log_of_context).await), "context_id");
        assert_eq!(field_of(m.log_jobs(&log_of_operation).await), "operation");
        let executions = m.list_schedule_executions(Some(&bad), None).await;
        assert_eq!(field_of(executions), "schedule_id");
        for (op, body) in [
            ("list_jobs", json!({"context_id": bad})),
            ("log_jobs", json!({"operation": bad})),
            ("list_schedule_executions", json!({"schedule_id": bad})),
        ] {
            let err = json::call(m, op, &body).await.unwrap_err();
            assert_eq!(err.code(), ErrorCode::Validation, "{op}");
        }
    }
    for offset in [u64::MAX, i64::MAX as u64 + 1] {
        let page = ContextFilter {
            offset,
            ..Default::default()
        };
        assert_eq!(field_of(m.list_contexts(&page).await), "offset");
    }
}

/// The manual clock's `advance_clock` takes any `i64`: out of range is a
/// `validation` error and the clock stays where it was.
#[backends]
async fn advancing_the_manual_clock_out_of_range_is_a_validation_error() {
    let e = env();
    let before = e.clock.now();
    for seconds in [i64::MAX, i64::MIN, i64::MAX / 1000, -(i64::MAX / 1000)] {
        let refused = e.clock.advance_seconds(seconds);
        assert_eq!(field_of(refused), "seconds", "{seconds}");
        assert_eq!(e.clock.now(), before);
    }
    e.clock.advance_seconds(60).unwrap();
    assert_eq!(e.clock.now(), before + chrono::Duration::seconds(60));
}
