//! The PostgreSQL store itself: versioned schema migrated once by nodes
//! starting together, a newer schema refused, what a bad URL or an
//! unreachable server answers, the invariants held by the database against
//! raw writes, and the job log never stopping state writes. (The rules are
//! the `#[backends]` tests of the other files, run on both stores.)
//! Skipped without `MIGRATEKIT_TEST_PG_URL`, failed without it when
//! `MIGRATEKIT_REQUIRE_PG` is set.

mod common;

use common::*;
use migratekit_core::model::Status;
use migratekit_core::postgres::{Database, schema};
use migratekit_core::testkit::postgres::{TestSchema, test_server_url};
use migratekit_core::{ErrorCode, Manager};
use tokio_postgres::{Client, NoTls};

/// A raw connection to `url` (the test's own runtime drives it).
async fn raw(url: &str) -> Client {
    let (client, conn) = tokio_postgres::connect(url, NoTls).await.unwrap();
    tokio::spawn(conn);
    client
}

/// A fresh schema on the test server, or `None` when the test is skipped.
fn schema() -> Option<TestSchema> {
    test_server_url().map(|s| TestSchema::create(&s).unwrap())
}

fn open_err(url: &str) -> migratekit_core::Error {
    Manager::builder()
        .postgres(url)
        .build()
        .err()
        .expect("refused")
}

#[tokio::test]
async fn a_fresh_database_is_at_the_current_version() {
    let Some(s) = schema() else { return };
    drop(Manager::builder().postgres(s.url()).build().unwrap());
    let c = raw(s.url()).await;
    let v: i32 = c
        .query_one("SELECT version FROM migratekit_schema_version", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(v as u32, schema::VERSION);
}

#[tokio::test]
async fn a_database_of_a_newer_version_is_refused_and_left_untouched() {
    let Some(s) = schema() else { return };
    let c = raw(s.url()).await;
    c.batch_execute(
        "CREATE TABLE migratekit_schema_version (singleton BOOLEAN PRIMARY KEY, version INTEGER)",
    )
    .await
    .unwrap();
    let newer = schema::VERSION as i32 + 1;
    c.execute(
        "INSERT INTO migratekit_schema_version VALUES (TRUE, $1)",
        &[&newer],
    )
    .await
    .unwrap();
    let err = open_err(s.url());
    assert_eq!(err.code(), ErrorCode::IncompatibleSchema, "{err:?}");
    let body = err.to_body();
    assert_eq!(body.fields["found"], schema::VERSION + 1);
    assert_eq!(body.fields["supported"], schema::VERSION);
    let tables: i64 = c
        .query_one(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = $1",
            &[&s.name()],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(tables, 1, "nothing but the version table");
}

#[test]
fn a_bad_url_is_a_storage_error_that_shows_the_expected_form() {
    for url in [
        "postgresql://mk@127.0.0.1:notaport/db",
        "not a url at all",
        "",
    ] {
        let err = open_err(url);
        assert_eq!(err.code(), ErrorCode::Storage, "{url}: {err:?}");
        let details = err.to_body().details;
        assert!(
            details.contains("postgresql://user"),
            "{url}: says what a URL looks like: {details}"
        );
    }
}

#[test]
fn a_url_that_requires_tls_is_refused_saying_why() {
    let err = open_err("postgresql://mk@127.0.0.1:5432/mk?sslmode=require");
    assert_eq!(err.code(), ErrorCode::Storage, "{err:?}");
    assert!(err.to_body().details.contains("without TLS"), "{err:?}");
}

#[test]
fn a_refused_connection_is_a_storage_error_naming_the_server_never_the_password() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    }; // closed again: nothing listens there
    let err = open_err(&format!(
        "postgresql://mk:s3cret@127.0.0.1:{port}/migratekit"
    ));
    assert_eq!(err.code(), ErrorCode::Storage, "{err:?}");
    let details = err.to_body().details;
    assert!(details.contains("connection refused"), "{details}");
    assert!(details.contains(&format!("127.0.0.1:{port}")), "{details}");
    assert!(details.contains("is the server running"), "{details}");
    assert!(!details.contains("s3cret"), "{details}");
}

#[test]
fn a_missing_database_is_a_storage_error_that_says_to_create_it() {
    let Some(server) = test_server_url() else {
        return;
    };
    let mut config: tokio_postgres::Config = server.parse().unwrap();
    config.dbname("mk_no_such_database");
    let url = match (config.get_hosts().first(), config.get_ports().first()) {
        (Some(tokio_postgres::config::Host::Tcp(h)), Some(p)) => format!(
            "postgresql://{}@{h}:{p}/mk_no_such_database",
            config.get_user().unwrap_or("postgres")
        ),
        _ => return,
    };
    let err = open_err(&url);
    assert_eq!(err.code(), ErrorCode::Storage, "{err:?}");
    let details = err.to_body().details;
    assert!(details.contains("does not exist"), "{details}");
    assert!(details.contains("create the database"), "{details}");
}

#[test]
fn a_search_path_naming_no_schema_is_a_storage_error_that_says_so() {
    let Some(server) = test_server_url() else {
        return;
    };
    let sep = if server.contains('?') { '&' } else { '?' };
    let err = open_err(&format!(
        "{server}{sep}options=-csearch_path%3Dmk_no_such_schema"
    ));
    assert_eq!(err.code(), ErrorCode::Storage, "{err:?}");
    let details = err.to_body().details;
    assert!(details.contains("search_path"), "{details}");
}

#[test]
fn nodes_starting_at_once_on_a_new_database_migrate_it_once() {
    let Some(s) = schema() else { return };
    let barrier = std::sync::Barrier::new(8);
    let results: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|_| {
                scope.spawn(|| {
                    barrier.wait();
                    Database::connect(s.url()).map(drop)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let version: i32 = rt.block_on(async {
        raw(s.url())
            .await
            .query_one("SELECT version FROM migratekit_schema_version", &[])
            .await
            .unwrap()
            .get(0)
    });
    assert_eq!(version as u32, schema::VERSION);
}

#[tokio::test]
async fn the_database_keeps_one_active_job_per_context_against_raw_writes() {
    let Some(s) = schema() else { return };
    let m = Manager::builder().postgres(s.url()).build().unwrap();
    let (c, _) = start(&m, "vm-1").await.unwrap();
    let err = raw(s.url())
        .await
        .execute(
            "INSERT INTO replication_jobs (job_id, context_id, replication_type, status,
                 previous_status, change_id, previous_change_id, snapshot_id,
                 schedule_execution_id, vm_group_id, scheduled_by, started_at, updated_at)
             VALUES ('job-x', $1, 'initial', 'running', 'discovered', '', '', '', '', '', '',
                     now(), now())",
            &[&c],
        )
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("one_active_job_per_context")
            || err.as_db_error().unwrap().constraint() == Some("one_active_job_per_context"),
        "{err:?}"
    );
}

#[tokio::test]
async fn the_database_keeps_one_context_per_vm_identity_against_raw_writes() {
    let Some(s) = schema() else { return };
    let m = Manager::builder().postgres(s.url()).build().unwrap();
    add(&m, "vm-1").await;
    let err = raw(s.url())
        .await
        .execute(
            "INSERT INTO vm_replication_contexts (context_id, vm_name, vmware_vm_id,
                 vcenter_host, datacenter, ossea_config_id, target_network, source_vm,
                 current_status, created_at, updated_at, last_status_change)
             VALUES ('ctx-other', 'x', 'vm-1', 'vc01.example.local', '', 0, '', '{}',
                     'discovered', now(), now(), now())",
            &[],
        )
        .await
        .unwrap_err();
    assert_eq!(
        err.as_db_error().unwrap().constraint(),
        Some("vm_identity"),
        "{err:?}"
    );
}

#[tokio::test]
async fn the_database_keeps_one_open_failover_per_context_against_raw_writes() {
    let Some(s) = schema() else { return };
    let m = Manager::builder().postgres(s.url()).build().unwrap();
    let c = add(&m, "vm-1").await;
    let c2 = raw(s.url()).await;
    let insert = "INSERT INTO failover_jobs (failover_job_id, context_id, kind, status,
                      destination_vm_name, log_job_id, created_at, updated_at)
                  VALUES ($1, $2, 'test', 'in_progress', 'vm', 'op-1', now(), now())";
    c2.execute(insert, &[&"f-1", &c]).await.unwrap();
    let err = c2.execute(insert, &[&"f-2", &c]).await.unwrap_err();
    assert_eq!(
        err.as_db_error().unwrap().constraint(),
        Some("one_open_failover_per_context"),
        "{err:?}"
    );
}

#[tokio::test]
async fn data_and_the_job_log_survive_reopening() {
    let Some(s) = schema() else { return };
    let m = Manager::builder().postgres(s.url()).build().unwrap();
    let c = add(&m, "vm-1").await;
    let (_, job) = start(&m, "vm-2").await.unwrap();
    drop(m);
    let m = Manager::builder().postgres(s.url()).build().unwrap();
    assert_eq!(ctx(&m, &c).await.current_status, Status::Discovered);
    assert_eq!(m.get_job(&job).await.unwrap().job_id, job);
    let log = m.log_jobs(&Default::default()).await.unwrap();
    assert_eq!(log.items.len(), 2, "the job log was flushed at close");
}

/// The job log is written off the store's commits: a log that cannot be
/// written (here a trigger refuses its rows) fails no state write, reports
/// its own failure, and writes what waited once it is repaired.
#[tokio::test]
async fn a_job_log_that_cannot_be_written_never_stops_state_writes() {
    let Some(s) = schema() else { return };
    let m = Manager::builder().postgres(s.url()).build().unwrap();
    let c = raw(s.url()).await;
    c.batch_execute(
        "CREATE FUNCTION damaged() RETURNS trigger LANGUAGE plpgsql AS
             $$ BEGIN RAISE EXCEPTION 'damaged job log page'; END $$;
         CREATE TRIGGER damaged_steps BEFORE INSERT ON log_steps
             FOR EACH ROW EXECUTE FUNCTION damaged();",
    )
    .await
    .unwrap();
    let added = add(&m, "vm-1").await;
    let (started, _) = start(&m, "vm-2").await.unwrap();
    assert_eq!(ctx(&m, &started).await.current_status, Status::Replicating);
    let err = m.flush_job_log().await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Storage, "{err:?}");
    assert!(m.log_jobs(&Default::default()).await.is_ok());

    c.batch_execute("DROP TRIGGER damaged_steps ON log_steps")
        .await
        .unwrap();
    m.flush_job_log().await.unwrap();
    let log = m
        .log_jobs(&migratekit_core::ports::LogFilter {
            context_id: Some(added.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(log.items.len(), 1, "{log:?}");
    let job = m.log_job(&log.items[0].job_id).await.unwrap();
    assert!(!job.steps.is_empty());
}

/// The store's connections live on a thread of its own: a caller's runtime
/// needs no IO or time driver, as with SQLite.
#[test]
fn a_runtime_without_io_or_time_drivers_can_use_the_store() {
    let Some(s) = schema() else { return };
    let m = Manager::builder().postgres(s.url()).build().unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let c = rt.block_on(add(&m, "vm-1"));
    let (_, job) = rt.block_on(start(&m, "vm-2")).unwrap();
    assert_eq!(rt.block_on(ctx(&m, &c)).current_status, Status::Discovered);
    assert_eq!(rt.block_on(m.get_job(&job)).unwrap().job_id, job);
}
