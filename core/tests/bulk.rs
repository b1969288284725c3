//! DESIGN §4 Bulk: one result per VM, progress reports, thousands per call.

mod common;

use migratekit_test_macros::backends;

use common::*;
use migratekit_core::ErrorCode;
use migratekit_core::model::{AddToManagementRequest, BulkItemResult, BulkProgress};
use std::sync::Mutex;

fn item(i: usize) -> AddToManagementRequest {
    AddToManagementRequest {
        source_vm: vm(&format!("vm-{i}"), &format!("bulk-{i}")),
        ossea_config_id: 1,
        target_network: String::new(),
        vcenter_host: "vc01.example.local".into(),
        datacenter: "DC".into(),
    }
}

#[backends]
async fn bulk_add_gives_one_result_per_vm_in_order_with_progress() {
    let e = env();
    add(&e.manager, "vm-7").await; // managed before the call
    let mut vms: Vec<_> = (0..5000).map(item).collect();
    vms[42].source_vm.id.clear(); // invalid
    vms[43].source_vm.name = "x\0y".into(); // invalid
    vms.push(item(100)); // repeated inside the call
    let reports = Mutex::new(Vec::<BulkProgress>::new());
    let progress = |p: BulkProgress| reports.lock().unwrap().push(p);
    let r = e
        .manager
        .add_to_management_bulk(vms, Some(&progress))
        .await
        .unwrap();

    assert_eq!(r.results.len(), 5001);
    assert_eq!(
        (r.added, r.already_managed, r.invalid),
        (5001 - 2 - 2, 2, 2)
    );
    for (i, res) in r.results.iter().enumerate() {
        let index = match res {
            BulkItemResult::Added { index, .. }
            | BulkItemResult::AlreadyManaged { index, .. }
            | BulkItemResult::Invalid { index, .. }
            | BulkItemResult::Failed { index, .. } => *index,
        };
        assert_eq!(index, i);
    }
    match &r.results[7] {
        BulkItemResult::AlreadyManaged {
            existing_context_id,
            ..
        } => {
            assert_eq!(
                ctx(&e.manager, existing_context_id).await.vmware_vm_id,
                "vm-7"
            )
        }
        other => panic!("{other:?}"),
    }
    match &r.results[42] {
        BulkItemResult::Invalid { error, .. } => assert_eq!(error.code, ErrorCode::Validation),
        other => panic!("{other:?}"),
    }
    let BulkItemResult::Added {
        context_id: first, ..
    } = &r.results[100]
    else {
        panic!()
    };
    let BulkItemResult::AlreadyManaged {
        existing_context_id,
        ..
    } = &r.results[5000]
    else {
        panic!()
    };
    assert_eq!(first, existing_context_id);

    let reports = reports.into_inner().unwrap();
    assert!(
        reports.windows(2).all(|w| w[0].done < w[1].done),
        "{reports:?}"
    );
    assert_eq!(
        reports.last().copied(),
        Some(BulkProgress {
            done: 5001,
            total: 5001
        })
    );
    assert_eq!(
        e.manager
            .list_contexts(&migratekit_core::model::ContextFilter {
                limit: Some(10_000),
                ..Default::default()
            })
            .await
            .unwrap()
            .items
            .len(),
        4998
    );
    assert_eq!(
        count_jobs(&e.manager).await,
        0,
        "bulk add never creates a job"
    );
}

#[backends]
async fn list_contexts_pages_and_filters_by_status() {
    let e = env();
    e.manager
        .add_to_management_bulk((0..250).map(item).collect(), None)
        .await
        .unwrap();
    start(&e.manager, "vm-3").await.unwrap(); // now replicating, no longer discovered
    let mut seen = 0;
    let mut offset = 0;
    loop {
        let page = e
            .manager
            .list_contexts(&migratekit_core::model::ContextFilter {
                status: Some(migratekit_core::model::Status::Discovered),
                limit: Some(100),
                offset,
                after: None,
            })
            .await
            .unwrap();
        seen += page.items.len();
        match page.next_offset {
            Some(o) => offset = o,
            None => break,
        }
    }
    assert_eq!(seen, 249);
}

#[backends]
async fn a_batch_the_store_cannot_write_fails_per_vm_and_a_rerun_completes_the_call() {
    use common::fakes::fx;
    let f = fx();
    f.store.faults().fail_nth("insert_contexts", 2); // the second batch of 1,000
    let vms: Vec<_> = (0..2500).map(item).collect();
    let r = f.m.add_to_management_bulk(vms.clone(), None).await.unwrap();
    assert_eq!(r.results.len(), 2500, "per-VM results always");
    assert_eq!((r.added, r.failed), (1500, 1000));
    for (i, res) in r.results.iter().enumerate() {
        match res {
            BulkItemResult::Failed { index, error, .. } => {
                assert!((1000..2000).contains(index), "{i}");
                assert_eq!(error.code, ErrorCode::Storage);
            }
            BulkItemResult::Added { index, .. } => assert!(!(1000..2000).contains(index)),
            other => panic!("{other:?}"),
        }
    }
    let again = f.m.add_to_management_bulk(vms, None).await.unwrap();
    assert_eq!(
        (again.added, again.already_managed, again.failed),
        (1000, 1500, 0)
    );
    let all =
        f.m.list_contexts(&migratekit_core::model::ContextFilter {
            limit: Some(10_000),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(all.items.len(), 2500);
}

/// A caller that cancels (Go's context, Ctrl-C in Python) stops a bulk add
/// between batches: an `adapter` error saying how far it got, every batch
/// written before kept, and the same call run again completes it, reporting
/// those VMs already managed.
#[backends]
async fn a_cancelled_bulk_add_stops_between_batches_and_a_rerun_completes_it() {
    use migratekit_core::cancel::{self, CancelToken};
    let e = env();
    let vms: Vec<_> = (0..2500).map(item).collect();
    let token = CancelToken::new();
    let cancel_after_first_batch = |_: BulkProgress| token.cancel();
    let err = cancel::scope(
        token.clone(),
        e.manager
            .add_to_management_bulk(vms.clone(), Some(&cancel_after_first_batch)),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Adapter, "{err:?}");
    assert!(
        err.details().contains("after 1000 of 2500"),
        "{}",
        err.details()
    );
    let kept = e.manager.list_contexts(&Default::default()).await.unwrap();
    assert_eq!(kept.items.len(), 100, "a page of what was written");
    let all = e
        .manager
        .list_contexts(&migratekit_core::model::ContextFilter {
            limit: Some(10_000),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(all.items.len(), 1000);

    let r = e.manager.add_to_management_bulk(vms, None).await.unwrap();
    assert_eq!((r.added, r.already_managed, r.invalid), (1500, 1000, 0));
}
