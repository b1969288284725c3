//! The hot path's rules, as counts and outcomes rather than times (the
//! times are in benches/): what an operation costs the store, group commit,
//! keyset pages, the job log beside the commit path, durability.

mod common;

use migratekit_test_macros::backends;

use common::*;
use migratekit_core::model::{
    AddToManagementRequest, CompleteJobRequest, ContextFilter, ContextRef, FailoverTarget,
    JobFilter, ReplicationContext, Status, cursor,
};
use migratekit_core::open::OpenOptions;
use migratekit_core::ports::{Clock, LogFilter, NbdExporter};
use migratekit_core::sqlite::{Database, SqliteJobLog, SqliteStore};
use migratekit_core::testkit::{FakeCloud, FakeExporter, FakeVolumes};
use migratekit_core::{Durability, ErrorCode, Manager};
use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A manager on a database whose write counters the test reads.
fn counted(e: &Env) -> (Manager, Database) {
    let db = Database::open(e.dir.path().join("counted.db")).unwrap();
    let m = Manager::builder()
        .store(Arc::new(SqliteStore::new(db.clone())))
        .job_log(Arc::new(SqliteJobLog::new(db.clone())))
        .clock(e.clock.clone())
        .build()
        .unwrap();
    (m, db)
}

fn add_request(id: &str) -> AddToManagementRequest {
    AddToManagementRequest {
        source_vm: vm(id, id),
        ossea_config_id: 1,
        target_network: String::new(),
        vcenter_host: "vc01".into(),
        datacenter: "DC".into(),
    }
}

#[tokio::test]
async fn a_refused_duplicate_takes_no_write() {
    let e = env();
    let (m, db) = counted(&e);
    m.add_to_management(add_request("vm-1")).await.unwrap();
    let before = db.write_stats().writes;
    for _ in 0..10 {
        let err = m.add_to_management(add_request("vm-1")).await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::AlreadyManaged);
    }
    assert_eq!(db.write_stats().writes, before, "refusals wrote nothing");
}

#[tokio::test]
async fn start_replication_with_nothing_to_provision_is_one_write() {
    let e = env();
    let (m, db) = counted(&e);
    let before = db.write_stats().writes;
    start(&m, "vm-1").await.unwrap();
    assert_eq!(db.write_stats().writes - before, 1, "a new VM's start");
    let c = add(&m, "vm-2").await;
    let before = db.write_stats().writes;
    start(&m, "vm-2").await.unwrap();
    assert_eq!(
        db.write_stats().writes - before,
        1,
        "a managed VM's start ({c})"
    );
}

#[test]
fn concurrent_adds_through_one_manager_share_commits_and_each_gets_its_own_answer() {
    let e = env();
    let (m, db) = counted(&e);
    let before = db.write_stats();
    // 8 threads: each adds 40 VMs of its own and, every fourth, one VM all
    // threads share (exactly one thread wins each shared VM).
    let answers: Vec<(String, bool)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|t| {
                let m = m.clone();
                s.spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .unwrap();
                    let mut out = Vec::new();
                    for i in 0..40 {
                        let id = if i % 4 == 0 {
                            format!("shared-{i}")
                        } else {
                            format!("vm-{t}-{i}")
                        };
                        let r = rt.block_on(m.add_to_management(add_request(&id)));
                        match r {
                            Ok(c) => {
                                assert_eq!(c.vmware_vm_id, id, "its own answer");
                                out.push((id, true));
                            }
                            Err(e) => {
                                assert_eq!(e.code(), ErrorCode::AlreadyManaged, "{e}");
                                out.push((id, false));
                            }
                        }
                    }
                    out
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    let added: Vec<&String> = answers
        .iter()
        .filter(|(_, ok)| *ok)
        .map(|(id, _)| id)
        .collect();
    let unique: HashSet<&String> = added.iter().copied().collect();
    assert_eq!(added.len(), unique.len(), "no VM added twice");
    assert_eq!(
        added.len(),
        8 * 30 + 10,
        "every own VM and each shared VM once"
    );
    let after = db.write_stats();
    assert!(
        after.commits - before.commits < after.writes - before.writes,
        "threads adding at once shared commits: {before:?} → {after:?}"
    );
}

/// One page of `limit` contexts after the cursor `after`.
fn context_page(limit: u32, after: Option<String>) -> ContextFilter {
    ContextFilter {
        limit: Some(limit),
        after,
        ..Default::default()
    }
}

/// One page of `limit` jobs after the cursor `after`.
fn job_page(limit: Option<u32>, after: Option<String>) -> JobFilter {
    JobFilter {
        limit,
        after,
        ..Default::default()
    }
}

/// One page of `limit` log jobs after the cursor `after`.
fn log_page(limit: Option<u32>, after: Option<String>) -> LogFilter {
    LogFilter {
        limit,
        after,
        ..Default::default()
    }
}

/// Every page of a listing by cursor, and the ids in order.
async fn by_cursor<T>(
    mut list: impl AsyncFnMut(Option<String>) -> migratekit_core::model::Page<T>,
    id: impl Fn(&T) -> String,
) -> Vec<String> {
    let mut ids = Vec::new();
    let mut after = None;
    loop {
        let page = list(after).await;
        assert_eq!(page.next_offset, None.or(page.next_offset), "cursor pages");
        ids.extend(page.items.iter().map(&id));
        match page.next_cursor {
            Some(c) => after = Some(c),
            None => return ids,
        }
    }
}

#[backends]
async fn pages_by_cursor_list_every_context_once_in_id_order() {
    let e = env();
    for i in 0..250 {
        add(&e.manager, &format!("vm-{i:03}")).await;
    }
    let m = &e.manager;
    let context_id = |c: &ReplicationContext| c.context_id.clone();
    let all = async |after| m.list_contexts(&context_page(100, after)).await.unwrap();
    let ids = by_cursor(all, context_id).await;
    assert_eq!(ids.len(), 250);
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(ids, sorted, "in id order, each once");
    let discovered = async |after| {
        let filter = ContextFilter {
            status: Some(Status::Discovered),
            ..context_page(7, after)
        };
        m.list_contexts(&filter).await.unwrap()
    };
    let discovered = by_cursor(discovered, context_id).await;
    assert_eq!(discovered, ids, "with a status filter too");
}

#[backends]
async fn pages_by_cursor_list_every_job_and_log_job_once_newest_first_even_at_one_instant() {
    // The manual clock stands still: every job starts at the same instant,
    // so the order among them is the order they were recorded in.
    let e = env();
    let mut jobs = Vec::new();
    for i in 0..25 {
        jobs.push(start(&e.manager, &format!("vm-{i:02}")).await.unwrap().1);
    }
    let m = &e.manager;
    let pages = async |after| m.list_jobs(&job_page(Some(4), after)).await.unwrap();
    let listed = by_cursor(pages, |j| j.job_id.clone()).await;
    jobs.reverse();
    assert_eq!(listed, jobs, "newest first, each once");
    let pages = async |after| m.log_jobs(&log_page(Some(3), after)).await.unwrap();
    let log = by_cursor(pages, |j| j.job_id.clone()).await;
    let all = m.log_jobs(&log_page(Some(1000), None)).await.unwrap();
    let expected: Vec<String> = all.items.iter().map(|j| j.job_id.clone()).collect();
    assert_eq!(log.len(), 25);
    assert_eq!(log, expected, "the same order as one big page");
}

#[backends]
async fn a_cursor_this_library_did_not_give_is_a_validation_error_naming_after() {
    let e = env();
    start(&e.manager, "vm-1").await.unwrap();
    let m = &e.manager;
    let bad_jobs = ["", "no-slash", "not-a-time/job-1", "2025-09-20T12:34:56Z/"];
    for after in bad_jobs {
        let cursor = Some(after.to_owned());
        let jobs = m.list_jobs(&job_page(None, cursor.clone())).await;
        assert_eq!(field_of(jobs), "after", "{after:?}");
        let err = m.log_jobs(&log_page(None, cursor)).await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::Validation, "{after:?}");
    }
    for after in ["", "ctx\u{0}", &"x".repeat(600)] {
        let contexts = ContextFilter {
            after: Some(after.to_owned()),
            ..Default::default()
        };
        let err = m.list_contexts(&contexts).await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::Validation, "{after:?}");
    }
    // A well-formed cursor past the end is an empty last page.
    let page = m
        .list_jobs(&JobFilter {
            after: Some(cursor::after_started(
                e.clock.now() - chrono::Duration::days(1),
                "job-x",
            )),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(page.items.is_empty() && page.next_cursor.is_none());
}

#[test]
fn the_job_log_reaches_the_file_by_itself_without_a_state_write_or_a_flush() {
    let e = env();
    let rt = runtime();
    rt.block_on(add(&e.manager, "vm-1"));
    // Nothing else happens: the flusher writes the log job on its own.
    let raw = rusqlite::Connection::open(e.db_path()).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let done: i64 = raw
            .query_row(
                "SELECT COUNT(*) FROM log_jobs WHERE status = 'completed'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        if done == 1 {
            break;
        }
        assert!(Instant::now() < deadline, "the log was never written");
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[tokio::test]
async fn durability_full_is_chosen_by_builder_and_by_open_options() {
    let e = env();
    let db = Database::open_with(e.dir.path().join("full.db"), Durability::Full).unwrap();
    assert_eq!(db.durability(), Durability::Full);
    let m = Manager::builder()
        .sqlite(e.dir.path().join("full2.db"))
        .durability(Durability::Full)
        .build()
        .unwrap();
    add(&m, "vm-1").await;
    let opts = OpenOptions::from_json(
        serde_json::json!({"path": e.dir.path().join("x.db"), "durability": "full"}),
        "config",
    )
    .unwrap();
    assert_eq!(opts.durability, Durability::Full);
    let err = OpenOptions::from_json(
        serde_json::json!({"path": "x.db", "durability": "fsync-always"}),
        "config",
    )
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
}

/// A manager over SQLite and the testkit's fakes, with its database.
fn with_fakes(e: &Env) -> (Manager, Database, Arc<FakeExporter>) {
    let db = Database::open(e.dir.path().join("fakes.db")).unwrap();
    let exporter = Arc::new(FakeExporter::new());
    let m = Manager::builder()
        .store(Arc::new(SqliteStore::new(db.clone())))
        .job_log(Arc::new(SqliteJobLog::new(db.clone())))
        .clock(e.clock.clone())
        .volume_daemon(Arc::new(FakeVolumes::new()))
        .nbd_exporter(exporter.clone())
        .target_cloud(Arc::new(FakeCloud::new()))
        .build()
        .unwrap();
    (m, db, exporter)
}

/// A VM of `id` replicated once: its context id.
async fn replicated(m: &Manager, id: &str) -> String {
    let (c, job) = start(m, id).await.unwrap();
    m.complete_job(&CompleteJobRequest {
        job_id: job,
        change_id: "cbt-1".into(),
        change_ids: None,
    })
    .await
    .unwrap();
    c
}

#[tokio::test]
async fn an_incremental_start_with_everything_in_place_is_one_write_without_a_lock() {
    let e = env();
    let (m, db, exporter) = with_fakes(&e);
    let c = replicated(&m, "vm-1").await;
    let before = db.write_stats().writes;
    let (_, job) = start(&m, "vm-1").await.unwrap();
    assert_eq!(db.write_stats().writes - before, 1);
    let job = m.get_job(&job).await.unwrap();
    assert_eq!((job.created_volumes, job.mounted_volumes), (0, 1));
    assert_eq!(ctx(&m, &c).await.active_operation, None);
    complete(&m, &job.job_id, "cbt-2").await;

    // An export gone since (the daemon restarted): the start provisions it
    // again under its lock, as before.
    let export = exporter.list_exports().await.unwrap().remove(0);
    exporter.remove_export(&export.name).await.unwrap();
    let before = db.write_stats().writes;
    let (_, job) = start(&m, "vm-1").await.unwrap();
    assert!(
        db.write_stats().writes - before > 1,
        "provisioned under a lock"
    );
    assert_eq!(
        exporter.list_exports().await.unwrap().len(),
        1,
        "export back"
    );
    assert_eq!(m.get_job(&job).await.unwrap().mounted_volumes, 1);
    assert_eq!(ctx(&m, &c).await.active_operation, None, "lock released");
}

#[tokio::test]
async fn a_failover_pair_costs_the_same_writes_however_many_came_before() {
    let e = env();
    let (m, db, _) = with_fakes(&e);
    let c = replicated(&m, "vm-1").await;
    let pair = async || {
        let before = db.write_stats().writes;
        m.test_failover(&ContextRef::ContextId(c.clone()))
            .await
            .unwrap();
        m.cleanup_test_failover(&FailoverTarget {
            context_id: Some(c.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
        db.write_stats().writes - before
    };
    let first = pair().await;
    for _ in 0..30 {
        assert_eq!(pair().await, first, "the same writes each time");
    }
    assert!(
        first <= 9,
        "a test failover and its cleanup take {first} writes (9 when measured)"
    );
}

#[backends]
async fn pruning_the_job_log_right_after_an_operation_prunes_it_too() {
    let e = env();
    add(&e.manager, "vm-1").await;
    let pruned = e
        .manager
        .prune_job_log(e.clock.now() + chrono::Duration::days(1))
        .await
        .unwrap();
    assert_eq!(
        pruned, 1,
        "the add's log job, still queued when the prune came"
    );
}
