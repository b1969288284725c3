//! DESIGN §2: every allowed row lands where the table says; every other pair
//! is `invalid_transition` and changes nothing; every change is stamped.

mod common;

use migratekit_test_macros::backends;

use chrono::Duration;
use common::*;
use migratekit_core::lifecycle::{self, Operation, TRANSITIONS, Target};
use migratekit_core::model::{
    CompleteJobRequest, ContextRef, JobRef, JobStatus, Status, UpdateJobProgressRequest,
};
use migratekit_core::{ErrorCode, Manager};

/// Brings a fresh VM `id` to `status` through the public operations.
async fn reach(m: &Manager, id: &str, status: Status) -> String {
    let context_id = add(m, id).await;
    match status {
        Status::Discovered => {}
        Status::Replicating => {
            start(m, id).await.unwrap();
        }
        Status::ReadyForFailover => {
            let (_, job) = start(m, id).await.unwrap();
            complete(m, &job, "cbt-1").await;
        }
        Status::Failed => {
            let (_, job) = start(m, id).await.unwrap();
            fail(m, &job, "disk read error").await.unwrap();
        }
        other => panic!("{other} is reached by the failover operations"),
    }
    assert_eq!(ctx(m, &context_id).await.current_status, status);
    context_id
}

/// The statuses a context rests in between operations without a failover.
const RESTING: [Status; 3] = [Status::Discovered, Status::ReadyForFailover, Status::Failed];

/// One VM in each resting status: (VM id, context id, status).
async fn one_in_each_resting_status(m: &Manager) -> Vec<(String, String, Status)> {
    let mut vms = Vec::new();
    for (i, status) in RESTING.into_iter().enumerate() {
        let id = format!("vm-{i}");
        let c = reach(m, &id, status).await;
        vms.push((id, c, status));
    }
    vms
}

#[backends]
async fn add_to_management_creates_a_discovered_context() {
    let e = env();
    let c = add(&e.manager, "vm-1").await;
    assert_eq!(ctx(&e.manager, &c).await.current_status, Status::Discovered);
}

#[backends]
async fn start_replication_without_a_context_creates_it_replicating() {
    let e = env();
    let (c, _) = start(&e.manager, "vm-1").await.unwrap();
    let now = ctx(&e.manager, &c).await;
    assert_eq!(now.current_status, Status::Replicating);
}

#[backends]
async fn start_replication_is_allowed_from_discovered_ready_and_failed() {
    let e = env();
    for (id, c, from) in one_in_each_resting_status(&e.manager).await {
        let (c2, _) = start(&e.manager, &id).await.unwrap();
        assert_eq!(c2, c, "{from}: the context is reused");
        let now = ctx(&e.manager, &c).await;
        assert_eq!(now.current_status, Status::Replicating, "{from}");
    }
}

#[backends]
async fn job_completes_to_ready_for_failover_and_fails_to_failed() {
    let e = env();
    let (c1, j1) = start(&e.manager, "vm-1").await.unwrap();
    complete(&e.manager, &j1, "cbt-1").await;
    let done = ctx(&e.manager, &c1).await;
    assert_eq!(done.current_status, Status::ReadyForFailover);
    assert_eq!(done.last_change_id.as_deref(), Some("cbt-1"));
    assert_eq!(done.last_successful_job_id.as_deref(), Some(j1.as_str()));
    assert_eq!(done.current_job_id, None);

    let (c2, j2) = start(&e.manager, "vm-2").await.unwrap();
    let failed = fail(&e.manager, &j2, "NBD stream broke").await.unwrap();
    assert_eq!(failed.status, JobStatus::Failed);
    let c = ctx(&e.manager, &c2).await;
    assert_eq!(c.current_status, Status::Failed);
    assert_eq!(c.last_error.as_deref(), Some("NBD stream broke"));
}

#[backends]
async fn job_cancelled_returns_to_the_status_before_the_job() {
    let e = env();
    for (id, c, from) in one_in_each_resting_status(&e.manager).await {
        let (_, job) = start(&e.manager, &id).await.unwrap();
        let cancelled = e.manager.cancel_job(&JobRef { job_id: job }).await.unwrap();
        assert_eq!(cancelled.status, JobStatus::Cancelled);
        assert_eq!(ctx(&e.manager, &c).await.current_status, from);
    }
}

#[backends]
async fn remove_from_management_is_allowed_from_discovered_ready_and_failed() {
    let e = env();
    for (_, c, from) in one_in_each_resting_status(&e.manager).await {
        let by_id = ContextRef::ContextId(c.clone());
        let removed = e.manager.remove_from_management(&by_id).await.unwrap();
        assert_eq!(removed.context_id, c, "{from}");
        let gone = e.manager.get_context(&by_id).await.unwrap_err();
        assert_eq!(gone.code(), ErrorCode::NotFound, "{from}");
    }
    let jobs = count_jobs(&e.manager).await;
    assert_eq!(jobs, 0, "jobs cascade with their context");
}

#[backends]
async fn remove_while_replicating_is_invalid_transition_and_changes_nothing() {
    let e = env();
    let c = reach(&e.manager, "vm-1", Status::Replicating).await;
    let before = ctx(&e.manager, &c).await;
    let by_id = ContextRef::ContextId(c.clone());
    let err = e.manager.remove_from_management(&by_id).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidTransition);
    let body = err.to_body();
    assert_eq!(body.fields["status"], "replicating");
    assert_eq!(body.fields["operation"], "remove_from_management");
    assert_eq!(ctx(&e.manager, &c).await, before);
    assert_eq!(count_jobs(&e.manager).await, 1);
}

#[backends]
async fn job_operations_on_a_finished_job_are_invalid_transition_and_change_nothing() {
    let e = env();
    let m = &e.manager;
    let (c, job) = start(m, "vm-1").await.unwrap();
    complete(m, &job, "cbt-1").await;
    let ctx_before = ctx(m, &c).await;
    let job_before = m.get_job(&job).await.unwrap();

    let job_ref = JobRef {
        job_id: job.clone(),
    };
    let late_completion = CompleteJobRequest {
        job_id: job.clone(),
        change_id: "x".into(),
        ..Default::default()
    };
    let late_progress = UpdateJobProgressRequest {
        job_id: job.clone(),
        progress_percent: 50.0,
        bytes_transferred: 1,
        total_bytes: None,
        ..Default::default()
    };
    let attempts = [
        ("complete_job", m.complete_job(&late_completion).await),
        ("fail_job", fail(m, &job, "late").await),
        ("cancel_job", m.cancel_job(&job_ref).await),
        (
            "update_job_progress",
            m.update_job_progress(&late_progress).await,
        ),
    ];
    for (op, attempt) in attempts {
        let err = attempt.unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidTransition, "{op}: {err:?}");
        assert_eq!(err.to_body().fields["status"], "completed", "{op}");
    }
    assert_eq!(ctx(m, &c).await, ctx_before);
    assert_eq!(m.get_job(&job).await.unwrap(), job_before);
}

#[backends]
async fn every_forbidden_pair_of_the_table_is_refused_by_the_lifecycle_check() {
    // The pairs the services cannot reach yet are still refused by the table.
    for from in Status::ALL {
        for op in Operation::ALL {
            let listed = TRANSITIONS
                .iter()
                .any(|t| t.from == Some(from) && t.op == op);
            let checked = lifecycle::check("ctx", from, op);
            assert_eq!(checked.is_ok(), listed, "{from} {op}");
            if let Err(e) = checked {
                assert_eq!(e.code(), ErrorCode::InvalidTransition);
            }
        }
    }
    assert_eq!(lifecycle::target(None, Operation::CancelJob), None);
    assert_eq!(
        lifecycle::check("c", Status::Replicating, Operation::CancelJob).unwrap(),
        Target::StatusBeforeJob
    );
}

/// When the context `c` last changed status.
async fn stamped(m: &Manager, c: &str) -> chrono::DateTime<chrono::Utc> {
    ctx(m, c).await.last_status_change
}

#[backends]
async fn every_status_change_stamps_last_status_change() {
    let e = env();
    let c = add(&e.manager, "vm-1").await;
    let t0 = stamped(&e.manager, &c).await;
    e.clock.advance(Duration::seconds(10));
    let (_, job) = start(&e.manager, "vm-1").await.unwrap();
    let t1 = stamped(&e.manager, &c).await;
    assert_eq!(t1, t0 + Duration::seconds(10));
    e.clock.advance(Duration::seconds(10));
    let progress = UpdateJobProgressRequest {
        job_id: job.clone(),
        progress_percent: 40.0,
        bytes_transferred: 4,
        total_bytes: Some(10),
        ..Default::default()
    };
    e.manager.update_job_progress(&progress).await.unwrap();
    assert_eq!(
        stamped(&e.manager, &c).await,
        t1,
        "progress is no status change"
    );
    e.clock.advance(Duration::seconds(10));
    complete(&e.manager, &job, "cbt-1").await;
    assert_eq!(stamped(&e.manager, &c).await, t1 + Duration::seconds(20));
}

#[backends]
async fn a_completed_job_clears_the_last_error_of_an_earlier_failure() {
    let e = env();
    let c = reach(&e.manager, "vm-1", Status::Failed).await;
    assert!(ctx(&e.manager, &c).await.last_error.is_some());
    let (_, job) = start(&e.manager, "vm-1").await.unwrap();
    complete(&e.manager, &job, "cbt-2").await;
    assert_eq!(ctx(&e.manager, &c).await.last_error, None);
}
