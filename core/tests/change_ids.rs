//! Change ids per disk: VMware CBT keeps one change id per disk, so the
//! completion takes one per disk, the context keeps each disk's, and an
//! incremental hands every disk its own (a disk added since gets none: a full
//! copy). One test per rule, named after it.

mod common;

use migratekit_test_macros::backends;

use common::fakes::*;
use common::*;
use migratekit_core::model::{
    CompleteJobRequest, CreateMigrationResponse, DiskChangeIds, DiskProgress, JobStarted,
    ReplicationType, SourceDisk, Status, UpdateJobProgressRequest,
};
use migratekit_core::{ErrorCode, json};
use serde_json::json;
use std::collections::BTreeMap;

fn ids(pairs: &[(&str, &str)]) -> DiskChangeIds {
    pairs
        .iter()
        .map(|(d, c)| ((*d).to_owned(), (*c).to_owned()))
        .collect()
}

async fn start_two(f: &Fx, id: &str) -> JobStarted {
    match f.m.create_migration(two_disk_request(id)).await.unwrap() {
        CreateMigrationResponse::JobStarted(j) => j,
        other => panic!("expected a job, got {other:?}"),
    }
}

fn field_of(e: &migratekit_core::Error) -> String {
    e.to_body().fields["field"]
        .as_str()
        .unwrap_or("")
        .to_owned()
}

async fn complete_ids(
    f: &Fx,
    job_id: &str,
    change_ids: DiskChangeIds,
) -> migratekit_core::Result<migratekit_core::model::ReplicationJob> {
    f.m.complete_job(&CompleteJobRequest {
        job_id: job_id.into(),
        change_ids: Some(change_ids),
        ..Default::default()
    })
    .await
}

/// Rule 1: `complete_job` takes one change id per disk.
#[backends]
async fn complete_job_takes_one_change_id_per_disk() {
    let f = fx();
    let j = start_two(&f, "vm-1").await;
    let done = complete_ids(
        &f,
        &j.job_id,
        ids(&[("disk-2000", "52 aa-cbt/1"), ("disk-2001", "52 bb-cbt/1")]),
    )
    .await
    .unwrap();
    assert_eq!(
        done.new_change_ids,
        ids(&[("disk-2000", "52 aa-cbt/1"), ("disk-2001", "52 bb-cbt/1")])
    );
    assert_eq!(done.new_change_id, None, "no single id for several disks");
    assert_eq!(
        ctx(&f.m, &j.context_id).await.current_status,
        Status::ReadyForFailover
    );
}

/// Rule 1: a single `change_id` stays valid for a one-disk VM (everywhere).
#[backends]
async fn a_single_change_id_stays_valid_for_a_one_disk_vm() {
    let e = env();
    let (c, j) = start(&e.manager, "vm-1").await.unwrap();
    let done = e
        .manager
        .complete_job(&CompleteJobRequest {
            job_id: j.clone(),
            change_id: "cbt-1".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(done.new_change_id.as_deref(), Some("cbt-1"));
    assert_eq!(done.new_change_ids, ids(&[("disk-2000", "cbt-1")]));
    let now = ctx(&e.manager, &c).await;
    assert_eq!(now.last_change_id.as_deref(), Some("cbt-1"));
    assert_eq!(now.last_change_ids, ids(&[("disk-2000", "cbt-1")]));
    // And through the JSON surface, the same.
    let (_, j2) = start(&e.manager, "vm-1").await.unwrap();
    let answer = json::call(
        &e.manager,
        "complete_job",
        &json!({"job_id": j2, "change_id": "cbt-2"}),
    )
    .await
    .unwrap();
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
    let before = (
        ctx(&f.m, &j.context_id).await,
        f.m.get_job(&j.job_id).await.unwrap(),
    );
    let logged = f.m.log_jobs(&Default::default()).await.unwrap().items.len();
    let err =
        f.m.complete_job(&CompleteJobRequest {
            job_id: j.job_id.clone(),
            change_id: "cbt-1".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    assert_eq!(field_of(&err), "change_id");
    assert!(err.details().contains("change_ids"), "{}", err.details());
    let after = (
        ctx(&f.m, &j.context_id).await,
        f.m.get_job(&j.job_id).await.unwrap(),
    );
    assert_eq!(before, after, "nothing written");
    assert_eq!(
        f.m.log_jobs(&Default::default()).await.unwrap().items.len(),
        logged,
        "not even a log job"
    );

    let done =
        f.m.complete_job(&CompleteJobRequest {
            job_id: j.job_id.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(done.new_change_ids.is_empty());
    let next = start_two(&f, "vm-1").await;
    assert_eq!(
        next.previous_change_ids,
        ids(&[("disk-2000", ""), ("disk-2001", "")])
    );
    let next = f.m.get_job(&next.job_id).await.unwrap();
    assert_eq!(next.replication_type, ReplicationType::Initial);
}

/// Rule 1: change ids for a disk the VM does not have are a `validation`
/// error naming the disk; nothing is written.
#[backends]
async fn change_ids_for_a_disk_the_vm_does_not_have_are_refused_naming_the_disk() {
    let f = fx();
    let j = start_two(&f, "vm-1").await;
    let before = f.m.get_job(&j.job_id).await.unwrap();
    let err = complete_ids(
        &f,
        &j.job_id,
        ids(&[
            ("disk-2000", "a/1"),
            ("disk-2001", "b/1"),
            ("disk-9", "c/1"),
        ]),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    assert_eq!(field_of(&err), "change_ids");
    assert!(err.details().contains("'disk-9'"), "{}", err.details());
    assert_eq!(f.m.get_job(&j.job_id).await.unwrap(), before);
    assert_eq!(
        ctx(&f.m, &j.context_id).await.current_status,
        Status::Replicating
    );
}

/// Rule 1: an empty change id, one id given to two disks, or a disk named
/// twice in the JSON text are `validation` errors; so is giving both
/// `change_id` and `change_ids`. Nothing is written.
#[backends]
async fn empty_or_duplicate_change_ids_are_refused() {
    let f = fx();
    let j = start_two(&f, "vm-1").await;
    let before = f.m.get_job(&j.job_id).await.unwrap();
    for bad in [
        ids(&[("disk-2000", ""), ("disk-2001", "b/1")]),
        ids(&[("disk-2000", "  "), ("disk-2001", "b/1")]),
        ids(&[("disk-2000", "same/1"), ("disk-2001", "same/1")]),
    ] {
        let err = complete_ids(&f, &j.job_id, bad.clone()).await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::Validation, "{bad:?}");
        assert_eq!(field_of(&err), "change_ids", "{bad:?}");
    }
    let both =
        f.m.complete_job(&CompleteJobRequest {
            job_id: j.job_id.clone(),
            change_id: "x".into(),
            change_ids: Some(ids(&[("disk-2000", "a/1"), ("disk-2001", "b/1")])),
        })
        .await
        .unwrap_err();
    assert_eq!(both.code(), ErrorCode::Validation);
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
    let j = start_two(&f, "vm-1").await;
    complete_ids(
        &f,
        &j.job_id,
        ids(&[("disk-2000", "a/1"), ("disk-2001", "b/1")]),
    )
    .await
    .unwrap();
    let c = ctx(&f.m, &j.context_id).await;
    assert_eq!(
        c.last_change_ids,
        ids(&[("disk-2000", "a/1"), ("disk-2001", "b/1")])
    );
    assert_eq!(c.last_change_id, None);
    // Survives reopening.
    let c = ctx(&f.e.reopen(), &j.context_id).await;
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
        ids(&[("disk-2000", ""), ("disk-2001", "")]),
        "an initial job copies every disk whole"
    );
    complete_ids(
        &f,
        &j.job_id,
        ids(&[("disk-2000", "a/1"), ("disk-2001", "b/1")]),
    )
    .await
    .unwrap();
    let j2 = start_two(&f, "vm-1").await;
    let expected = ids(&[("disk-2000", "a/1"), ("disk-2001", "b/1")]);
    assert_eq!(j2.previous_change_ids, expected);
    let job = f.m.get_job(&j2.job_id).await.unwrap();
    assert_eq!(job.replication_type, ReplicationType::Incremental);
    assert_eq!(job.previous_change_ids, expected);
    assert_eq!(job.previous_change_id, "", "no single id for several disks");
    let answer = serde_json::to_value(&j2).unwrap();
    assert_eq!(
        answer["previous_change_ids"],
        json!({"disk-2000": "a/1", "disk-2001": "b/1"})
    );
    // One id for several disks cannot be forced on the start either.
    complete_ids(
        &f,
        &j2.job_id,
        ids(&[("disk-2000", "a/2"), ("disk-2001", "b/2")]),
    )
    .await
    .unwrap();
    let mut forced = two_disk_request("vm-1");
    forced.previous_change_id = "a/2".into();
    let err = f.m.create_migration(forced).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    assert_eq!(field_of(&err), "previous_change_id");
}

/// Rule 3: a disk added to the VM since the last sync gets an empty
/// previous change id (a full copy) and a new volume; the others keep theirs.
#[backends]
async fn a_disk_added_since_the_last_sync_gets_an_empty_previous_change_id_and_a_new_volume() {
    let f = fx();
    let j = start_two(&f, "vm-1").await;
    complete_ids(
        &f,
        &j.job_id,
        ids(&[("disk-2000", "a/1"), ("disk-2001", "b/1")]),
    )
    .await
    .unwrap();
    let mut grown = two_disk_request("vm-1");
    grown.source_vm.disks.push(SourceDisk {
        id: "disk-2002".into(),
        label: "Hard disk 3".into(),
        size_gb: 5,
        datastore: "ds1".into(),
        unit_number: 2,
    });
    let CreateMigrationResponse::JobStarted(j2) = f.m.create_migration(grown).await.unwrap() else {
        panic!()
    };
    assert_eq!(
        j2.previous_change_ids,
        ids(&[
            ("disk-2000", "a/1"),
            ("disk-2001", "b/1"),
            ("disk-2002", "")
        ])
    );
    assert_eq!(j2.created_volumes, 1, "a new volume for the new disk only");
    let c = ctx(&f.m, &j.context_id).await;
    assert_eq!(c.source_vm.disks.len(), 3, "the context records the disk");
    let volumes = f.m.list_volumes(&by_id(&c.context_id)).await.unwrap();
    assert_eq!(volumes.len(), 3);
    assert!(volumes.iter().any(|v| v.disk_id == "disk-2002"));
    // Its completion gives the new disk its first change id.
    complete_ids(
        &f,
        &j2.job_id,
        ids(&[
            ("disk-2000", "a/2"),
            ("disk-2001", "b/2"),
            ("disk-2002", "c/1"),
        ]),
    )
    .await
    .unwrap();
    assert_eq!(ctx(&f.m, &j.context_id).await.last_change_ids.len(), 3);
}

/// Rule 3: a disk removed from the VM keeps its volume (recorded on the
/// context) until the host says otherwise; it gets no previous change id and
/// a completion may not name it.
#[backends]
async fn a_removed_disk_keeps_its_volume_and_gets_no_change_id() {
    let f = fx();
    let j = start_two(&f, "vm-1").await;
    complete_ids(
        &f,
        &j.job_id,
        ids(&[("disk-2000", "a/1"), ("disk-2001", "b/1")]),
    )
    .await
    .unwrap();
    let shrunk = request("vm-1", "vm-1", Some(true));
    let CreateMigrationResponse::JobStarted(j2) = f.m.create_migration(shrunk).await.unwrap()
    else {
        panic!()
    };
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

/// Rule 4: `update_job_progress` takes per-disk bytes, stores them (merged:
/// a disk not named keeps what it had, a missing total keeps the known one)
/// and returns them on the job.
#[backends]
async fn update_job_progress_takes_per_disk_bytes() {
    let f = fx();
    let j = start_two(&f, "vm-1").await;
    let first =
        f.m.update_job_progress(&UpdateJobProgressRequest {
            job_id: j.job_id.clone(),
            progress_percent: 10.0,
            bytes_transferred: 300,
            total_bytes: Some(3000),
            disks: BTreeMap::from([
                (
                    "disk-2000".to_owned(),
                    DiskProgress {
                        bytes_transferred: 100,
                        total_bytes: Some(1000),
                    },
                ),
                (
                    "disk-2001".to_owned(),
                    DiskProgress {
                        bytes_transferred: 200,
                        total_bytes: Some(2000),
                    },
                ),
            ]),
        })
        .await
        .unwrap();
    assert_eq!(first.disk_progress.len(), 2);
    let answer = json::call(
        &f.m,
        "update_job_progress",
        &json!({"job_id": j.job_id, "progress_percent": 20.0, "bytes_transferred": 600,
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
    assert_eq!(
        stored.disk_progress["disk-2000"],
        DiskProgress {
            bytes_transferred: 400,
            total_bytes: Some(1000)
        }
    );
}

/// Rule 4: per-disk bytes are validated: known disks only, each count at
/// most `i64::MAX`; nothing is written.
#[backends]
async fn per_disk_progress_for_unknown_disks_or_too_large_counts_is_refused() {
    let f = fx();
    let j = start_two(&f, "vm-1").await;
    let before = f.m.get_job(&j.job_id).await.unwrap();
    let big = i64::MAX as u64 + 1;
    for (disks, field) in [
        (
            json!({"disk-9": {"bytes_transferred": 1}}),
            "disks".to_owned(),
        ),
        (
            json!({"disk-2000": {"bytes_transferred": big}}),
            "disks.disk-2000.bytes_transferred".to_owned(),
        ),
        (
            json!({"disk-2000": {"bytes_transferred": 1, "total_bytes": big}}),
            "disks.disk-2000.total_bytes".to_owned(),
        ),
    ] {
        let err = json::call(
            &f.m,
            "update_job_progress",
            &json!({"job_id": j.job_id, "progress_percent": 5.0, "disks": disks}),
        )
        .await
        .unwrap_err();
        assert_eq!(err.code(), ErrorCode::Validation, "{disks}");
        assert_eq!(field_of(&err), field, "{disks}");
    }
    let err = json::call(
        &f.m,
        "update_job_progress",
        &json!({"job_id": j.job_id, "progress_percent": 5.0,
                "disks": {"disk-2000": {"bytes_transferred": 1, "bogus": 2}}}),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation, "unknown fields refused");
    assert_eq!(f.m.get_job(&j.job_id).await.unwrap(), before);
    // At the limit, accepted.
    let at_max = json::call(
        &f.m,
        "update_job_progress",
        &json!({"job_id": j.job_id, "progress_percent": 5.0,
                "disks": {"disk-2001": {"bytes_transferred": i64::MAX, "total_bytes": i64::MAX}}}),
    )
    .await
    .unwrap();
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
    let j = start_two(&f, "vm-1").await;
    complete_ids(
        &f,
        &j.job_id,
        ids(&[("disk-2000", "a/1"), ("disk-2001", "b/1")]),
    )
    .await
    .unwrap();
    let mut bare = two_disk_request("vm-1");
    bare.source_vm.disks.clear();
    let CreateMigrationResponse::JobStarted(j2) = f.m.create_migration(bare).await.unwrap() else {
        panic!()
    };
    assert_eq!(
        j2.previous_change_ids,
        ids(&[("disk-2000", "a/1"), ("disk-2001", "b/1")])
    );
    assert_eq!(ctx(&f.m, &j.context_id).await.source_vm.disks.len(), 2);
}
