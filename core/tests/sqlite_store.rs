//! The SQLite store: versioned schema, durability, pragmas.

mod common;

use common::*;
use migratekit_core::model::{ContextRef, Status, VmIdentity};
use migratekit_core::sqlite::schema;
use migratekit_core::{ErrorCode, Manager};

#[tokio::test]
async fn data_survives_reopening() {
    let e = env();
    let c = add(&e.manager, "vm-1").await;
    let (_, job) = start(&e.manager, "vm-2").await.unwrap();
    drop(e.manager);
    let m = Manager::open(e.dir.path().join("mk.db")).unwrap();
    assert_eq!(ctx(&m, &c).await.current_status, Status::Discovered);
    assert_eq!(m.get_job(&job).await.unwrap().job_id, job);
    let log = m.log_jobs(&Default::default()).await.unwrap();
    assert_eq!(log.items.len(), 2, "the job log was flushed at close");
}

#[tokio::test]
async fn a_database_from_a_newer_version_is_refused_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", schema::VERSION + 1)
        .unwrap();
    drop(conn);
    let err = Manager::open(&path).err().expect("refused");
    assert_eq!(err.code(), ErrorCode::IncompatibleSchema);
    let body = err.to_body();
    assert_eq!(body.fields["found"], schema::VERSION + 1);
    assert_eq!(body.fields["supported"], schema::VERSION);
    assert!(
        body.details.contains("newer migratekit"),
        "{}",
        body.details
    );
    // Nothing was changed in the file.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let v: u32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, schema::VERSION + 1);
    let tables: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 0);
}

#[tokio::test]
async fn a_fresh_database_is_at_the_current_version_in_wal_mode() {
    let e = env();
    let conn = rusqlite::Connection::open(e.db_path()).unwrap();
    let v: u32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, schema::VERSION);
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[tokio::test]
async fn the_store_enforces_one_active_job_per_context_even_against_raw_writes() {
    let e = env();
    let (c, _) = start(&e.manager, "vm-1").await.unwrap();
    let conn = rusqlite::Connection::open(e.db_path()).unwrap();
    let err = conn
        .execute(
            "INSERT INTO replication_jobs (job_id, context_id, replication_type, status,
                 previous_status, change_id, previous_change_id, snapshot_id,
                 schedule_execution_id, vm_group_id, scheduled_by, started_at, updated_at)
             VALUES ('job-x', ?1, 'initial', 'running', 'discovered', '', '', '', '', '', '', 't', 't')",
            [&c],
        )
        .unwrap_err();
    assert!(err.to_string().contains("UNIQUE"), "{err}");
}

#[tokio::test]
async fn a_file_that_is_not_a_database_is_a_storage_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("garbage.db");
    std::fs::write(&path, vec![0x42u8; 8192]).unwrap();
    let err = Manager::open(&path).err().expect("refused");
    assert_eq!(err.code(), ErrorCode::Storage);
}

fn schema_of(path: &std::path::Path) -> Vec<(String, String)> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[tokio::test]
async fn upgrading_a_version_1_database_gives_the_schema_of_a_fresh_one_and_keeps_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("v1.db");
    {
        let conn = rusqlite::Connection::open(&old).unwrap();
        conn.execute_batch(schema::FROZEN_V1).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute(
            "INSERT INTO vm_replication_contexts (context_id, vm_name, vmware_vm_id, vcenter_host,
                 datacenter, ossea_config_id, target_network, source_vm, current_status,
                 created_at, updated_at, last_status_change)
             VALUES ('ctx-old', 'old', 'vm-1', '', '', 0, '', '{\"id\":\"vm-1\",\"name\":\"old\"}',
                     'discovered', '2025-01-01T00:00:00.000000Z', '2025-01-01T00:00:00.000000Z',
                     '2025-01-01T00:00:00.000000Z')",
            [],
        )
        .unwrap();
    }
    let m = Manager::open(&old).unwrap();
    assert_eq!(ctx(&m, "ctx-old").await.vm_name, "old");
    drop(m);
    let fresh = dir.path().join("fresh.db");
    drop(Manager::open(&fresh).unwrap());
    assert_eq!(schema_of(&old), schema_of(&fresh));
}

/// Migration 5 puts stored identities in normal form (trimmed, host
/// lowercased) where that collides with no other context, and leaves a row
/// whose normal form another context holds exactly as it was.
#[tokio::test]
async fn upgrading_normalises_stored_identities_without_merging_or_deleting() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("v1.db");
    // Each context's identity as stored by version 1, and after the upgrade.
    let rows = [
        (
            "ctx-a",
            ("VC01.Example.Local", "vm-1"),
            ("vc01.example.local", "vm-1"),
        ),
        ("ctx-b", (" vc02\t", " vm-2 "), ("vc02", "vm-2")),
        ("ctx-c", ("vc03", "vm-3"), ("vc03", "vm-3")),
        ("ctx-d", ("VC03", "vm-3"), ("VC03", "vm-3")), // ctx-c holds the normal form
        ("ctx-e", ("VC04", "vm-4"), ("vc04", "vm-4")),
        ("ctx-f", ("Vc04", "vm-4"), ("Vc04", "vm-4")), // ctx-e holds it
    ];
    {
        let conn = rusqlite::Connection::open(&old).unwrap();
        conn.execute_batch(schema::FROZEN_V1).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        for (ctx, (host, id), _) in rows {
            conn.execute(
                "INSERT INTO vm_replication_contexts (context_id, vm_name, vmware_vm_id,
                     vcenter_host, datacenter, ossea_config_id, target_network, source_vm,
                     current_status, created_at, updated_at, last_status_change)
                 VALUES (?1, ?1, ?2, ?3, '', 0, '', json_object('id', ?2, 'name', ?1),
                         'discovered', '2025-01-01T00:00:00.000000Z',
                         '2025-01-01T00:00:00.000000Z', '2025-01-01T00:00:00.000000Z')",
                rusqlite::params![ctx, id, host],
            )
            .unwrap();
        }
    }
    let m = Manager::open(&old).unwrap();
    for (c, _, (host, id)) in rows {
        let upgraded = ctx(&m, c).await;
        let identity = (
            upgraded.vcenter_host.as_str(),
            upgraded.vmware_vm_id.as_str(),
        );
        assert_eq!(identity, (host, id), "{c}");
    }
    assert_eq!(
        count_contexts(&m).await,
        rows.len(),
        "nothing merged or deleted"
    );
    // Variants of a normalised identity find it.
    let variant = ContextRef::Vm(VmIdentity {
        vcenter_host: "VC01.EXAMPLE.LOCAL".into(),
        vmware_vm_id: "vm-1".into(),
    });
    let found = m.get_context(&variant).await.unwrap();
    assert_eq!(found.context_id, "ctx-a");
}

/// Migration 6: a database of schema 5 (one change id per context) upgrades:
/// each context's `last_change_id` is carried over to each of its disks
/// (what the host was handed for every disk before), a job's previous change
/// id to each disk of its VM, and the upgraded contexts and jobs work on.
#[tokio::test]
async fn upgrading_a_version_5_database_carries_the_change_id_over_to_each_disk() {
    use migratekit_core::model::{CompleteJobRequest, CreateMigrationRequest, ReplicationType};
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("v5.db");
    let vm = |id: &str, disks: &[&str]| {
        let mut v = migratekit_core::model::SourceVm::new(id, id);
        for (i, d) in disks.iter().enumerate() {
            v.disks.push(migratekit_core::model::SourceDisk {
                id: (*d).into(),
                label: String::new(),
                size_gb: 1,
                datastore: String::new(),
                unit_number: i as u32,
            });
        }
        v
    };
    let contexts = [
        (
            "ctx-two",
            vm("vm-two", &["disk-1", "disk-2"]),
            "ready_for_failover",
            Some("cbt-7"),
            None,
        ),
        (
            "ctx-one",
            vm("vm-one", &["disk-1"]),
            "replicating",
            Some("cbt-3"),
            Some("job-one"),
        ),
        ("ctx-none", vm("vm-none", &[]), "discovered", None, None),
        (
            "ctx-empty",
            vm("vm-empty", &["disk-1"]),
            "ready_for_failover",
            Some(""),
            None,
        ),
    ];
    {
        let conn = rusqlite::Connection::open(&old).unwrap();
        conn.execute_batch(&schema::released(5)).unwrap();
        conn.pragma_update(None, "user_version", 5).unwrap();
        let at = "2025-01-01T00:00:00.000000Z";
        for (c, v, status, change, job) in &contexts {
            conn.execute(
                "INSERT INTO vm_replication_contexts (context_id, vm_name, vmware_vm_id,
                     vcenter_host, datacenter, ossea_config_id, target_network, source_vm,
                     current_status, current_job_id, last_change_id, created_at, updated_at,
                     last_status_change)
                 VALUES (?1, ?2, ?2, '', '', 0, '', ?3, ?4, ?5, ?6, ?7, ?7, ?7)",
                rusqlite::params![
                    c,
                    v.id,
                    serde_json::to_string(v).unwrap(),
                    status,
                    job,
                    change,
                    at
                ],
            )
            .unwrap();
        }
        conn.execute(
            "INSERT INTO replication_jobs (job_id, context_id, replication_type, status,
                 previous_status, change_id, previous_change_id, snapshot_id,
                 schedule_execution_id, vm_group_id, scheduled_by, started_at, updated_at)
             VALUES ('job-one', 'ctx-one', 'incremental', 'running', 'ready_for_failover',
                     '', 'cbt-3', '', '', '', '', ?1, ?1)",
            [at],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO replication_jobs (job_id, context_id, replication_type, status,
                 previous_status, change_id, previous_change_id, new_change_id, snapshot_id,
                 schedule_execution_id, vm_group_id, scheduled_by, started_at, updated_at)
             VALUES ('job-two', 'ctx-two', 'initial', 'completed', 'discovered',
                     '', '', 'cbt-7', '', '', '', '', ?1, ?1)",
            [at],
        )
        .unwrap();
    }
    let m = Manager::open(&old).unwrap();
    let two = ctx(&m, "ctx-two").await;
    assert_eq!(
        two.last_change_id.as_deref(),
        Some("cbt-7"),
        "still readable"
    );
    assert_eq!(
        two.last_change_ids,
        [("disk-1", "cbt-7"), ("disk-2", "cbt-7")]
            .map(|(d, c)| (d.to_owned(), c.to_owned()))
            .into()
    );
    assert_eq!(
        ctx(&m, "ctx-one").await.last_change_ids,
        [("disk-1".to_owned(), "cbt-3".to_owned())].into()
    );
    assert!(ctx(&m, "ctx-none").await.last_change_ids.is_empty());
    assert!(
        ctx(&m, "ctx-empty").await.last_change_ids.is_empty(),
        "an empty change id is none"
    );
    let done = m.get_job("job-two").await.unwrap();
    assert_eq!(done.new_change_ids.len(), 2);
    assert_eq!(
        done.previous_change_ids.values().collect::<Vec<_>>(),
        ["", ""],
        "an initial job copied its disks whole"
    );

    // The running job knows its disk, and completes as before.
    let running = m.get_job("job-one").await.unwrap();
    assert_eq!(
        running.previous_change_ids,
        [("disk-1".to_owned(), "cbt-3".to_owned())].into()
    );
    m.complete_job(&CompleteJobRequest {
        job_id: "job-one".into(),
        change_id: "cbt-4".into(),
        ..Default::default()
    })
    .await
    .unwrap();
    assert_eq!(
        ctx(&m, "ctx-one").await.last_change_ids,
        [("disk-1".to_owned(), "cbt-4".to_owned())].into()
    );

    // The next incremental of the two-disk VM hands each disk the id the
    // host was handed for every disk before.
    let mut r = CreateMigrationRequest::new(two.source_vm.clone());
    r.start_replication = Some(true);
    let migratekit_core::model::CreateMigrationResponse::JobStarted(j) =
        m.create_migration(r).await.unwrap()
    else {
        panic!()
    };
    assert_eq!(j.previous_change_ids, two.last_change_ids);
    assert_eq!(
        m.get_job(&j.job_id).await.unwrap().replication_type,
        ReplicationType::Incremental
    );
    drop(m);
    let conn = rusqlite::Connection::open(&old).unwrap();
    let v: u32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, schema::VERSION);
    const { assert!(schema::VERSION >= 6) };
}
