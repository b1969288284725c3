//! Change ids per disk: VMware CBT keeps one change id per disk, so the
//! completion takes one per disk, the context keeps each disk's, and an
//! incremental hands every disk its own (a disk added since gets none: a full
//! copy). One test per rule, named after it.

mod common;

use migratekit_test_macros::backends;

use common::fakes::*;
use common::*;
use migratekit_core::model::{
    CompleteJobRequest, DiskChangeIds, DiskProgress, JobStarted, ReplicationJob, ReplicationType,
    SourceDisk, Status, UpdateJobProgressRequest,
};
use migratekit_core::{ErrorCode, Manager, json};
use serde_json::{Value, json};
use std::collections::BTreeMap;

fn ids(pairs: &[(&str, &str)]) -> DiskChangeIds {
    pairs
        .iter()
        .map(|(d, c)| ((*d).to_owned(), (*c).to_owned()))
        .collect()
}

/// The change ids of the first sync of the two-disk VM.
const FIRST_SYNC: &[(&str, &str)] = &[("disk-2000", "a/1"), ("disk-2001", "b/1")];

/// No change id yet for either disk: each is copied whole.
const NONE_YET: &[(&str, &str)] = &[("disk-2000", ""), ("disk-2001", "")];

/// Completes a job with one change id per disk.
async fn complete_ids(
    f: &Fx,
    job_id: &str,
    change_ids: DiskChangeIds,
) -> migratekit_core::Result<ReplicationJob> {
    f.m.complete_job(&CompleteJobRequest {
        job_id: job_id.into(),
        change_ids: Some(change_ids),
        ..Default::default()
    })
    .await
}

/// Completes a job with a single change id (empty: none at all).
async fn complete_single(
    m: &Manager,
    job_id: &str,
    change_id: &str,
) -> migratekit_core::Result<ReplicationJob> {
    m.complete_job(&CompleteJobRequest {
        job_id: job_id.into(),
        change_id: change_id.into(),
        ..Default::default()
    })
    .await
}

/// The two-disk VM `vm-1` synced once with [`FIRST_SYNC`]; its first job.
async fn synced_once(f: &Fx) -> JobStarted {
    let j = start_two(f, "vm-1").await;
    complete_ids(f, &j.job_id, ids(FIRST_SYNC)).await.unwrap();
    j
}

/// A two-disk job just started, and its record as it was then.
async fn fresh_job(f: &Fx) -> (JobStarted, ReplicationJob) {
    let j = start_two(f, "vm-1").await;
    let record = f.m.get_job(&j.job_id).await.unwrap();
    (j, record)
}

/// `update_job_progress` through the JSON surface.
async fn progress_json(f: &Fx, body: Value) -> migratekit_core::Result<Value> {
    json::call(&f.m, "update_job_progress", &body).await
}

/// Rule 1: `complete_job` takes one change id per disk.
#[backends]
async fn complete_job_takes_one_change_id_per_disk() {
    let f = fx();
    let j = start_two(&f, "vm-1").await;
    let per_disk = ids(&[("disk-2000", "52 aa-cbt/1"), ("disk-2001", "52 bb-cbt/1")]);
    let done = complete_ids(&f, &j.job_id, per_disk.clone()).await.unwrap();
    assert_eq!(done.new_change_ids, per_disk);
    assert_eq!(done.new_change_id, None, "no single id for several disks");
    let now = ctx(&f.m, &j.context_id).await;
    assert_eq!(now.current_status, Status::ReadyForFailover);
}

/// Rule 1: a single `change_id` stays valid for a one-disk VM (everywhere).
#[backends]
async fn a_single_change_id_stays_valid_for_a_one_disk_vm() {
    let e = env();
    let (c, j) = start(&e.manager, "vm-1").await.unwrap();
    let done = complete_single(&e.manager, &j, "cbt-1").await.unwrap();
    assert_eq!(done.new_change_id.as_deref(), Some("cbt-1"));
    assert_eq!(done.new_change_ids, ids(&[("disk-2000", "cbt-1")]));
    let now = ctx(&e.manager, &c).await;
    assert_eq!(now.last_change_id.as_deref(), Some("cbt-1"));
    assert_eq!(now.last_change_ids, ids(&[("disk-2000", "cbt-1")]));
    // And through the JSON surface, the same.
    let (_, j2) = start(&e.manager, "vm-1").await.unwrap();
    let body = json!({"job_id": j2, "change_id": "cbt-2"});
    let answer = json::call(&e.manager, "complete_job", &body).await.unwrap();
    assert_eq!(answer["new_change_id"], "cbt-2");
    assert_eq!(answer["new_change_ids"], json!({"disk-2000": "cbt-2"}));
    assert_eq!(answer["previous_change_ids"], json!({"disk-2000": "cbt-1"}));
}

/// Rule 1: a single `change_id` for a VM with several disks is refused
/// (one disk's id would start another disk's copy) and changes nothing; an
/// empty one (no change id at all) stays valid and means a full copy next.
#[backends]
async fn a_single_change_id_for_several_disks_is_refused_and_changes_nothing() {
    let f = fx();
    let j = start_two(&f, "vm-1").await;
    let state = || async {
        let job = f.m.get_job(&j.job_id).await.unwrap();
        (ctx(&f.m, &j.context_id).await, job)
    };
    let logged = || async { f.m.log_jobs(&Default::default()).await.unwrap().items.len() };
    let (before, logged_before) = (state().await, logged().await);
    let err = complete_single(&f.m, &j.job_id, "cbt-1").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    assert_eq!(field(&err), "change_id");
    assert!(err.details().contains("change_ids"), "{}", err.details());
    assert_eq!(before, state().await, "nothing written");
    assert_eq!(logged().await, logged_before, "not even a log job");

    let done = complete_single(&f.m, &j.job_id, "").await.unwrap();
    assert!(done.new_change_ids.is_empty());
    let next = start_two(&f, "vm-1").await;
    assert_eq!(next.previous_change_ids, ids(NONE_YET));
    let next = f.m.get_job(&next.job_id).await.unwrap();
    assert_eq!(next.replication_type, ReplicationType::Initial);
}

/// Rule 1: change ids for a disk the VM does not have are a `validation`
/// error naming the disk; nothing is written.
#[backends]
async fn change_ids_for_a_disk_the_vm_does_not_have_are_refused_naming_the_disk() {
    let f = fx();
    let (j, before) = fresh_job(&f).await;
    let with_unknown = ids(&[
        ("disk-2000", "a/1"),
        ("disk-2001", "b/1"),
        ("disk-9", "c/1"),
    ]);
    let err = complete_ids(&f, &j.job_id, with_unknown).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    assert_eq!(field(&err), "change_ids");
    assert!(err.details().contains("'disk-9'"), "{}", err.details());
    assert_eq!(f.m.get_job(&j.job_id).await.unwrap(), before);
    let now = ctx(&f.m, &j.context_id).await;
    assert_eq!(now.current_status, Status::Replicating);
}

/// Rule 1: an empty change id, one id given to two disks, or a disk named
/// twice in the JSON text are `validation` errors; so is giving both
/// `change_id` and `change_ids`. Nothing is written.
#[backends]
async fn empty_or_duplicate_change_ids_are_refused() {
    let f = fx();
    let (j, before) = fresh_job(&f).await;
    for (what, bad) in [
        ("empty", ids(&[("disk-2000", ""), ("disk-2001", "b/1")])),
        ("blank", ids(&[("disk-2000", "  "), ("disk-2001", "b/1")])),
        (
            "one id for two disks",
            ids(&[("disk-2000", "same/1"), ("disk-2001", "same/1")]),
        ),
    ] {
        let err = complete_ids(&f, &j.job_id, bad).await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::Validation, "{what}");
        assert_eq!(field(&err), "change_ids", "{what}");
    }
    let both = CompleteJobRequest {
        job_id: j.job_id.clone(),
        change_id: "x".into(),
        change_ids: Some(ids(FIRST_SYNC)),
    };
    let err = f.m.complete_job(&both).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    let text = format!(
        r#"{{"job_id": "{}", "change_ids": {{"disk-2000": "a/1", "disk-2001": "b/1", "disk-2000": "c/1"}}}}"#,
        j.job_id
    );
    let dup = json::call_str(&f.m, "complete_job", &text)
        .await
        .unwrap_err();
    assert_eq!(dup.code(), ErrorCode::Validation);
    assert!(dup.details().contains("duplicate key"), "{}", dup.details());
    assert_eq!(f.m.get_job(&j.job_id).await.unwrap(), before);
}

/// Rule 2: the context keeps each disk's last change id; `last_change_id`
/// stays readable (the one-disk value; `null` for several disks).
#[backends]
async fn the_context_keeps_each_disks_last_change_id() {
    let f = fx();
    let j = synced_once(&f).await;
    let c = ctx(&f.m, &j.context_id).await;
    assert_eq!(c.last_change_ids, ids(FIRST_SYNC));
    assert_eq!(c.last_change_id, None);
    // Survives reopening.
    let c = ctx(&f.second_manager().unwrap(), &j.context_id).await;
    assert_eq!(c.last_change_ids.len(), 2);
    // A later completion replaces them whole.
    let j2 = start_two(&f, "vm-1").await;
    complete_ids(&f, &j2.job_id, ids(&[("disk-2001", "b/2")]))
        .await
        .unwrap();
    assert_eq!(
        ctx(&f.m, &j.context_id).await.last_change_ids,
        ids(&[("disk-2001", "b/2")]),
        "a disk not named has no change id: its next copy is whole"
    );
}

/// Rule 3: an incremental hands each disk its own previous change id, in
/// the `JobStarted` answer and on the job.
#[backends]
async fn an_incremental_hands_each_disk_its_previous_change_id() {
    let f = fx();
    let j = start_two(&f, "vm-1").await;
    assert_eq!(
        j.previous_change_ids,
        ids(NONE_YET),
        "an initial job copies every disk whole"
    );
    complete_ids(&f, &j.job_id, ids(FIRST_SYNC)).await.unwrap();
    let j2 = start_two(&f, "vm-1").await;
    assert_eq!(j2.previous_change_ids, ids(FIRST_SYNC));
    let job = f.m.get_job(&j2.job_id).await.unwrap();
    assert_eq!(job.replication_type, ReplicationType::Incremental);
    assert_eq!(job.previous_change_ids, ids(FIRST_SYNC));
    assert_eq!(job.previous_change_id, "", "no single id for several disks");
    let answer = serde_json::to_value(&j2).unwrap();
    assert_eq!(
        answer["previous_change_ids"],
        json!({"disk-2000": "a/1", "disk-2001": "b/1"})
    );
    // One id for several disks cannot be forced on the start either.
    let second_sync = ids(&[("disk-2000", "a/2"), ("disk-2001", "b/2")]);
    complete_ids(&f, &j2.job_id, second_sync).await.unwrap();
    let mut forced = two_disk_request("vm-1");
    forced.previous_change_id = "a/2".into();
    let err = f.m.create_migration(forced).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    assert_eq!(field(&err), "previous_change_id");
}

/// Rule 3: a disk added to the VM since the last sync gets an empty
/// previous change id (a full copy) and a new volume; the others keep theirs.
#[backends]
async fn a_disk_added_since_the_last_sync_gets_an_empty_previous_change_id_and_a_new_volume() {
    let f = fx();
    let j = synced_once(&f).await;
    let mut grown = two_disk_request("vm-1");
    grown.source_vm.disks.push(SourceDisk {
        id: "disk-2002".into(),
        label: "Hard disk 3".into(),
        size_gb: 5,
        datastore: "ds1".into(),
        unit_number: 2,
    });
    let j2 = started(&f.m, grown).await;
    let new_disk_copied_whole = ids(&[
        ("disk-2000", "a/1"),
        ("disk-2001", "b/1"),
        ("disk-2002", ""),
    ]);
    assert_eq!(j2.previous_change_ids, new_disk_copied_whole);
    assert_eq!(j2.created_volumes, 1, "a new volume for the new disk only");
    let c = ctx(&f.m, &j.context_id).await;
    assert_eq!(c.source_vm.disks.len(), 3, "the context records the disk");
    let volumes = f.m.list_volumes(&by_id(&c.context_id)).await.unwrap();
    assert_eq!(volumes.len(), 3);
    assert!(volumes.iter().any(|v| v.disk_id == "disk-2002"));
    // Its completion gives the new disk its first change id.
    let all_three = ids(&[
        ("disk-2000", "a/2"),
        ("disk-2001", "b/2"),
        ("disk-2002", "c/1"),
    ]);
    complete_ids(&f, &j2.job_id, all_three).await.unwrap();
    assert_eq!(ctx(&f.m, &j.context_id).await.last_change_ids.len(), 3);
}

/// Rule 3: a disk removed from the VM keeps its volume (recorded on the
/// context) until the host says otherwise; it gets no previous change id and
/// a completion may not name it.
#[backends]
async fn a_removed_disk_keeps_its_volume_and_gets_no_change_id() {
    let f = fx();
    let j = synced_once(&f).await;
    let shrunk = request("vm-1", "vm-1", Some(true));
    let j2 = started(&f.m, shrunk).await;
    assert_eq!(j2.previous_change_ids, ids(&[("disk-2000", "a/1")]));
    let job = f.m.get_job(&j2.job_id).await.unwrap();
    assert_eq!(job.previous_change_id, "a/1", "one disk: the single id too");
    let volumes = f.m.list_volumes(&by_id(&j.context_id)).await.unwrap();
    assert_eq!(volumes.len(), 2, "the removed disk's volume is kept");
    let err = complete_ids(&f, &j2.job_id, ids(&[("disk-2001", "b/2")]))
        .await
        .unwrap_err();
    assert!(err.details().contains("'disk-2001'"), "{}", err.details());
    complete(&f.m, &j2.job_id, "a/2").await;
    let c = ctx(&f.m, &j.context_id).await;
    assert_eq!(c.last_change_ids, ids(&[("disk-2000", "a/2")]));
    assert_eq!(c.last_change_id.as_deref(), Some("a/2"));
}

/// One disk's progress.
fn disk(bytes_transferred: u64, total_bytes: Option<u64>) -> DiskProgress {
    DiskProgress {
        bytes_transferred,
        total_bytes,
    }
}

/// Rule 4: `update_job_progress` takes per-disk bytes, stores them (merged:
/// a disk not named keeps what it had, a missing total keeps the known one)
/// and returns them on the job.
#[backends]
async fn update_job_progress_takes_per_disk_bytes() {
    let f = fx();
    let j = start_two(&f, "vm-1").await;
    let both = UpdateJobProgressRequest {
        job_id: j.job_id.clone(),
        progress_percent: 10.0,
        bytes_transferred: 300,
        total_bytes: Some(3000),
        disks: BTreeMap::from([
            ("disk-2000".to_owned(), disk(100, Some(1000))),
            ("disk-2001".to_owned(), disk(200, Some(2000))),
        ]),
    };
    let first = f.m.update_job_progress(&both).await.unwrap();
    assert_eq!(first.disk_progress.len(), 2);
    let answer = progress_json(
        &f,
        json!({"job_id": j.job_id, "progress_percent": 20.0, "bytes_transferred": 600,
                "disks": {"disk-2000": {"bytes_transferred": 400}}}),
    )
    .await
    .unwrap();
    assert_eq!(
        answer["disk_progress"],
        json!({"disk-2000": {"bytes_transferred": 400, "total_bytes": 1000},
               "disk-2001": {"bytes_transferred": 200, "total_bytes": 2000}})
    );
    let stored = f.m.get_job(&j.job_id).await.unwrap();
    assert_eq!(stored.disk_progress["disk-2000"], disk(400, Some(1000)));
}

/// Rule 4: per-disk bytes are validated: known disks only, each count at
/// most `i64::MAX`; nothing is written.
#[backends]
async fn per_disk_progress_for_unknown_disks_or_too_large_counts_is_refused() {
    let f = fx();
    let (j, before) = fresh_job(&f).await;
    let at = |disks: Value| json!({"job_id": j.job_id, "progress_percent": 5.0, "disks": disks});
    let big = i64::MAX as u64 + 1;
    for (disks, named) in [
        (json!({"disk-9": {"bytes_transferred": 1}}), "disks"),
        (
            json!({"disk-2000": {"bytes_transferred": big}}),
            "disks.disk-2000.bytes_transferred",
        ),
        (
            json!({"disk-2000": {"bytes_transferred": 1, "total_bytes": big}}),
            "disks.disk-2000.total_bytes",
        ),
    ] {
        let err = progress_json(&f, at(disks.clone())).await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::Validation, "{disks}");
        assert_eq!(field(&err), named, "{disks}");
    }
    let unknown_field = json!({"disk-2000": {"bytes_transferred": 1, "bogus": 2}});
    let err = progress_json(&f, at(unknown_field)).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation, "unknown fields refused");
    assert_eq!(f.m.get_job(&j.job_id).await.unwrap(), before);
    // At the limit, accepted.
    let max = json!({"disk-2001": {"bytes_transferred": i64::MAX, "total_bytes": i64::MAX}});
    let at_max = progress_json(&f, at(max)).await.unwrap();
    assert_eq!(
        at_max["disk_progress"]["disk-2001"]["bytes_transferred"],
        i64::MAX
    );
}

/// Rule 3: a start whose request names no disk keeps the disks recorded on
/// the context (and hands them their ids); it does not make the context
/// forget them.
#[backends]
async fn a_start_that_names_no_disk_keeps_the_contexts_disks() {
    let f = fx();
    let j = synced_once(&f).await;
    let mut bare = two_disk_request("vm-1");
    bare.source_vm.disks.clear();
    let j2 = started(&f.m, bare).await;
    assert_eq!(j2.previous_change_ids, ids(FIRST_SYNC));
    assert_eq!(ctx(&f.m, &j.context_id).await.source_vm.disks.len(), 2);
}
