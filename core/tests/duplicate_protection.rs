//! DESIGN §3: conditional duplicate protection, also under concurrency.

mod common;

use migratekit_test_macros::backends;

use common::*;
use migratekit_core::model::{
    CreateMigrationRequest, CreateMigrationResponse, JobFilter, JobStatus, Status,
};
use migratekit_core::{ErrorCode, Manager};

#[backends]
async fn start_replication_false_never_creates_a_job() {
    let e = env();
    let r = e
        .manager
        .create_migration(request("vm-1", "web", Some(false)))
        .await
        .unwrap();
    let CreateMigrationResponse::ContextCreated(c) = r else {
        panic!("{r:?}")
    };
    assert_eq!(c.current_status, Status::Discovered);
    assert_eq!(c.message, "VM added to management successfully");
    assert_eq!(c.vm_name, "web");
    assert_eq!(c.vmware_vm_id, "vm-1");
    assert_eq!(count_jobs(&e.manager).await, 0);
    // A duplicate add does not create one either.
    e.manager
        .create_migration(request("vm-1", "web", Some(false)))
        .await
        .unwrap_err();
    assert_eq!(count_jobs(&e.manager).await, 0);
}

#[backends]
async fn start_replication_absent_means_true_and_creates_a_job() {
    let e = env();
    let body = serde_json::json!({"source_vm": {"id": "vm-1", "name": "web"}});
    let req = serde_json::from_value(body).unwrap();
    let r = e.manager.create_migration(req).await.unwrap();
    let CreateMigrationResponse::JobStarted(j) = r else {
        panic!("{r:?}")
    };
    assert_eq!(j.status, Status::Replicating);
    assert_eq!(j.message, "Migration workflow started");
    assert_eq!(j.progress_percent, 0.0);
    let job = e.manager.get_job(&j.job_id).await.unwrap();
    assert_eq!(job.status, JobStatus::Pending);
    assert_eq!(job.context_id, j.context_id);
}

#[backends]
async fn add_then_start_replication_reuses_the_context() {
    let e = env();
    let c = add(&e.manager, "vm-1").await;
    let (c2, job) = start(&e.manager, "vm-1").await.unwrap();
    assert_eq!(c2, c);
    let ctx = ctx(&e.manager, &c).await;
    assert_eq!(ctx.current_status, Status::Replicating);
    assert_eq!(ctx.current_job_id.as_deref(), Some(job.as_str()));
    assert_eq!(count_contexts(&e.manager).await, 1);
}

#[backends]
async fn start_while_a_job_is_active_is_replication_active_with_the_job_id() {
    let e = env();
    let (c, job) = start(&e.manager, "vm-1").await.unwrap();
    let err = start(&e.manager, "vm-1").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::ReplicationActive);
    let body = err.to_body();
    assert_eq!(body.fields["context_id"], c.as_str());
    assert_eq!(body.fields["job_id"], job.as_str());
    assert_eq!(count_jobs(&e.manager).await, 1);
}

#[backends]
async fn start_after_completion_starts_an_incremental_job() {
    let e = env();
    let (c, job) = start(&e.manager, "vm-1").await.unwrap();
    complete(&e.manager, &job, "52 3c 1f-cbt/7").await;
    let (c2, job2) = start(&e.manager, "vm-1").await.unwrap();
    assert_eq!(c2, c);
    assert_ne!(job2, job);
    let j2 = e.manager.get_job(&job2).await.unwrap();
    assert_eq!(j2.replication_type.as_str(), "incremental");
    assert_eq!(j2.previous_change_id, "52 3c 1f-cbt/7");
    assert_eq!(j2.previous_status, Status::ReadyForFailover);
}

#[backends]
async fn incremental_without_a_previous_sync_is_a_validation_error() {
    let e = env();
    let mut r = request("vm-1", "web", Some(true));
    r.replication_type = Some(migratekit_core::model::ReplicationType::Incremental);
    let err = e.manager.create_migration(r).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    assert_eq!(count_contexts(&e.manager).await, 0);
}

#[backends]
async fn duplicate_add_is_already_managed_with_the_exact_message_and_context() {
    let e = env();
    let c = add(&e.manager, "vm-123").await;
    let mut r = request("vm-123", "test-vm", Some(false));
    r.source_vm.name = "test-vm".into();
    let err = e.manager.create_migration(r).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::AlreadyManaged);
    let body = serde_json::to_value(err.to_body()).unwrap();
    assert_eq!(body["error"], "VM already exists in management");
    assert_eq!(body["code"], "already_managed");
    assert_eq!(
        body["details"],
        format!("VM 'test-vm' (vm-123) is already managed with context ID: {c}")
    );
    assert_eq!(body["existing_context_id"], c.as_str());
}

#[backends]
async fn the_same_moref_in_two_vcenters_is_two_vms() {
    let e = env();
    let mut a = request("vm-123", "web", Some(false));
    a.vcenter_host = "vc-a.local".into();
    let mut b = a.clone();
    b.vcenter_host = "vc-b.local".into();
    let ca = e.manager.create_migration(a).await.unwrap();
    let cb = e.manager.create_migration(b).await.unwrap();
    let (CreateMigrationResponse::ContextCreated(ca), CreateMigrationResponse::ContextCreated(cb)) =
        (ca, cb)
    else {
        panic!()
    };
    assert_ne!(
        ca.context_id, cb.context_id,
        "same name, same second: a suffix, not an error"
    );
    assert_eq!(count_contexts(&e.manager).await, 2);
}

/// Eight threads send `r` at once, thread `i` through `managers[i]`: how
/// many succeeded, and the codes of the others.
fn eight_at_once(managers: Vec<Manager>, r: CreateMigrationRequest) -> (usize, Vec<ErrorCode>) {
    let results = race(8, move |i| {
        runtime().block_on(managers[i].create_migration(r.clone()))
    });
    let ok = results.iter().filter(|r| r.is_ok()).count();
    let errs = results
        .iter()
        .filter_map(|r| r.as_ref().err().map(|e| e.code()))
        .collect();
    (ok, errs)
}

/// Eight managers on the database of `e`, each with a connection of its own.
fn eight_connections(e: &Env) -> Vec<Manager> {
    (0..8).map(|_| e.reopen()).collect()
}

#[backends]
fn eight_threads_adding_one_vm_through_one_manager_give_one_context() {
    let e = env();
    let one = vec![e.manager.clone(); 8];
    let outcome = eight_at_once(one, request("vm-1", "web", Some(false)));
    assert_eq!(outcome, (1, vec![ErrorCode::AlreadyManaged; 7]));
    assert_eq!(runtime().block_on(count_contexts(&e.manager)), 1);
}

#[backends]
fn eight_threads_adding_one_vm_through_eight_connections_give_one_context() {
    let e = env();
    let outcome = eight_at_once(eight_connections(&e), request("vm-1", "web", Some(false)));
    assert_eq!(outcome, (1, vec![ErrorCode::AlreadyManaged; 7]));
    assert_eq!(runtime().block_on(count_contexts(&e.manager)), 1);
}

#[backends]
fn eight_threads_starting_one_vm_give_one_active_job() {
    let e = env();
    let c = runtime().block_on(add(&e.manager, "vm-1"));
    let outcome = eight_at_once(eight_connections(&e), request("vm-1", "vm-1", Some(true)));
    assert_eq!(outcome, (1, vec![ErrorCode::ReplicationActive; 7]));
    let of_context = JobFilter {
        context_id: Some(c),
        ..Default::default()
    };
    let jobs = runtime()
        .block_on(e.manager.list_jobs(&of_context))
        .unwrap();
    assert_eq!(jobs.items.len(), 1);
}

#[backends]
fn eight_threads_starting_a_vm_without_context_give_one_context_and_one_job() {
    let e = env();
    let outcome = eight_at_once(eight_connections(&e), request("vm-1", "vm-1", None));
    assert_eq!(outcome, (1, vec![ErrorCode::ReplicationActive; 7]));
    assert_eq!(runtime().block_on(count_contexts(&e.manager)), 1);
    assert_eq!(runtime().block_on(count_jobs(&e.manager)), 1);
}
