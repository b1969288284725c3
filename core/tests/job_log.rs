//! DESIGN §5: every operation opens a log job with ordered steps; `tracing`
//! events inside a step are stored with it; queries by job and by context.

mod common;

use migratekit_test_macros::backends;

use chrono::Duration;
use common::*;
use migratekit_core::joblog::{JobTracker, StepError};
use migratekit_core::model::ContextRef;
use migratekit_core::ports::{LogFilter, LogStatus};
use migratekit_core::{Error, ErrorCode};

#[backends]
async fn every_operation_opens_a_log_job_for_its_context() {
    let e = env();
    let c = add(&e.manager, "vm-1").await;
    let (_, job) = start(&e.manager, "vm-1").await.unwrap();
    complete(&e.manager, &job, "cbt-1").await;
    let log = context_log(&e.manager, &c).await;
    let ops: Vec<&str> = log.iter().map(|j| j.operation.as_str()).collect();
    assert_eq!(
        ops,
        ["complete_job", "start_replication", "add_to_management"],
        "newest first"
    );
    assert!(log.iter().all(|j| j.status == LogStatus::Completed));
}

#[backends]
async fn steps_are_ordered_and_tracing_events_inside_a_step_are_stored_with_it() {
    let e = env();
    let c = add(&e.manager, "vm-1").await;
    let log = context_log(&e.manager, &c).await;
    let job = e.manager.log_job(&log[0].job_id).await.unwrap();
    assert_eq!(job.operation, "add_to_management");
    assert_eq!(
        job.parent_job_id, None,
        "a top-level operation has no parent"
    );
    assert_eq!(job.steps.len(), 1);
    let step = &job.steps[0];
    assert_eq!(
        (step.seq, step.name.as_str(), step.status),
        (1, "create-context", LogStatus::Completed)
    );
    assert_eq!(step.events.len(), 1);
    assert_eq!(step.events[0].level, "INFO");
    assert!(
        step.events[0].message.contains("VM added to management"),
        "{:?}",
        step.events[0]
    );
    assert!(step.events[0].message.contains(&c));
}

#[backends]
async fn run_step_records_failures_and_events_of_host_code() {
    let e = env();
    let (_, log) = e.db.open();
    let t = JobTracker::start(log.clone(), e.clock.clone(), "custom", Some("ctx-1"));
    let id = t.job_id().to_owned();
    t.run_step("first", async {
        tracing::info!(volume = "vol-1", "attached");
        tracing::debug!("not persisted");
        Ok::<(), StepError>(())
    })
    .await
    .unwrap();
    e.clock.advance(Duration::seconds(1));
    t.skip_step("second", "already done");
    let failed: Result<(), Error> = t
        .run_step("third", async {
            tracing::warn!("about to fail");
            Err::<(), StepError>(Error::validation("x", "boom").into())
        })
        .await;
    t.finish(None, failed).unwrap_err();

    let job = log.get_job(&id).await.unwrap().unwrap();
    assert_eq!(job.status, LogStatus::Failed);
    assert_eq!(job.context_id.as_deref(), Some("ctx-1"));
    let steps: Vec<(u32, &str, LogStatus)> = job
        .steps
        .iter()
        .map(|s| (s.seq, s.name.as_str(), s.status))
        .collect();
    assert_eq!(
        steps,
        [
            (1, "first", LogStatus::Completed),
            (2, "second", LogStatus::Skipped),
            (3, "third", LogStatus::Failed)
        ]
    );
    assert_eq!(job.steps[0].events.len(), 1);
    assert_eq!(job.steps[0].events[0].message, "attached volume=vol-1");
    assert_eq!(job.steps[2].events[0].level, "WARN");
    assert!(
        job.steps[2]
            .error
            .as_deref()
            .unwrap()
            .contains("validation")
    );
}

#[backends]
async fn a_failed_operation_is_a_failed_log_job_with_the_error() {
    let e = env();
    add(&e.manager, "vm-1").await;
    let err = e
        .manager
        .create_migration(request("vm-1", "vm-1", Some(false)))
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::AlreadyManaged);
    let failed = e
        .manager
        .log_jobs(&LogFilter {
            status: Some(LogStatus::Failed),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(failed.items.len(), 1);
    assert!(
        failed.items[0]
            .error
            .as_deref()
            .unwrap()
            .contains("already_managed")
    );
}

#[backends]
async fn the_log_outlives_removed_contexts_and_old_entries_can_be_pruned() {
    let e = env();
    let (c, job) = start(&e.manager, "vm-1").await.unwrap();
    fail(&e.manager, &job, "x").await.unwrap();
    let by_id = ContextRef::ContextId(c.clone());
    e.manager.remove_from_management(&by_id).await.unwrap();
    assert_eq!(context_log(&e.manager, &c).await.len(), 3);

    e.clock.advance(Duration::days(30));
    add(&e.manager, "vm-2").await;
    let pruned = e
        .manager
        .prune_job_log(e.clock.now() - Duration::days(1))
        .await
        .unwrap();
    assert_eq!(pruned, 3);
    assert!(context_log(&e.manager, &c).await.is_empty());
    assert_eq!(
        e.manager
            .log_jobs(&Default::default())
            .await
            .unwrap()
            .items
            .len(),
        1
    );
}

use migratekit_core::ports::Clock;

/// Bug: the job log rode in the store's write transaction, so a job log that
/// could not be written (a damaged page, a full table, …) failed every state
/// write. Log writes now have a savepoint of their own.
#[tokio::test]
async fn a_job_log_that_cannot_be_written_never_stops_state_writes() {
    let e = env();
    let conn = rusqlite::Connection::open(e.db_path()).unwrap();
    conn.execute_batch(
        "CREATE TRIGGER damaged_steps BEFORE INSERT ON log_steps
             BEGIN SELECT RAISE(ABORT, 'damaged job log page'); END;
         CREATE TRIGGER damaged_jobs BEFORE INSERT ON log_jobs
             BEGIN SELECT RAISE(ABORT, 'damaged job log page'); END;",
    )
    .unwrap();

    let added = add(&e.manager, "vm-1").await;
    let (started, job) = start(&e.manager, "vm-2").await.unwrap();
    assert_eq!(
        ctx(&e.manager, &added).await.current_status.as_str(),
        "discovered"
    );
    assert_eq!(
        ctx(&e.manager, &started).await.current_status.as_str(),
        "replicating"
    );
    assert_eq!(e.manager.get_job(&job).await.unwrap().context_id, started);
    // The state is on disk, not only in this process.
    let again = e.reopen();
    assert_eq!(count_contexts(&again).await, 2);
    drop(again);

    // The log reports its own failure, and queries still answer.
    let err = e.manager.flush_job_log().await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Storage, "{err:?}");
    assert!(e.manager.log_jobs(&Default::default()).await.is_ok());

    // Repaired: the records kept waiting and are written now.
    conn.execute_batch("DROP TRIGGER damaged_steps; DROP TRIGGER damaged_jobs;")
        .unwrap();
    e.manager.flush_job_log().await.unwrap();
    let log = context_log(&e.manager, &started).await;
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0].operation, "start_replication");
    let job = e.manager.log_job(&log[0].job_id).await.unwrap();
    assert!(!job.steps.is_empty());
}

/// A dropped log table is the same: state writes go on.
#[tokio::test]
async fn a_missing_log_table_never_stops_state_writes() {
    let e = env();
    let conn = rusqlite::Connection::open(e.db_path()).unwrap();
    conn.execute_batch("ALTER TABLE log_events RENAME TO log_events_gone;")
        .unwrap();
    let added = add(&e.manager, "vm-1").await;
    let (started, _) = start(&e.manager, "vm-2").await.unwrap();
    assert_eq!(count_contexts(&e.reopen()).await, 2);
    assert_eq!(ctx(&e.manager, &started).await.context_id, started);
    assert_eq!(ctx(&e.manager, &added).await.context_id, added);
}
