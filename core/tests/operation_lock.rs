//! DESIGN §2: a multi-step operation holds its context's lock; another
//! operation on the context is refused, across managers on one database.

mod common;

use migratekit_test_macros::backends;

use common::fakes::*;

use common::*;
use migratekit_core::{ErrorCode, ReconcileRequest};

#[backends]
async fn operations_are_refused_while_another_holds_the_context() {
    let (f, c) = replicated().await;
    let running = test_failover_holding(&f, &c).await;
    for err in [
        f.m.remove_from_management(&by_id(&c)).await.unwrap_err(),
        f.m.live_failover(&by_id(&c)).await.unwrap_err(),
    ] {
        assert_eq!(err.code(), ErrorCode::OperationInProgress, "{err:?}");
        assert_eq!(err.to_body().fields["operation"], "test_failover");
    }
    running.await.unwrap().unwrap();
}

#[backends]
fn two_test_failovers_at_once_one_runs_the_other_is_refused() {
    let f = fx();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let c = rt.block_on(ready(&f, "vm-1"));
    f.cloud
        .faults()
        .delay("create_vm", std::time::Duration::from_millis(200));
    let managers = [f.m.clone(), f.second_manager().unwrap()];
    let h = rt.handle().clone();
    let results = race(2, move |i| {
        h.block_on(managers[i].test_failover(&by_id(&c)))
    });
    let ok = results.iter().filter(|r| r.is_ok()).count();
    let refused: Vec<_> = results
        .iter()
        .filter_map(|r| r.as_ref().err().map(|e| e.code()))
        .collect();
    assert_eq!(ok, 1, "{results:?}");
    assert_eq!(refused, [ErrorCode::OperationInProgress]);
    assert_eq!(f.cloud.vms().len(), 1);
}

#[test]
fn manager_futures_are_send() {
    fn send<T: Send>(_: &T) {}
    let f = fx();
    let r = by_id("x");
    send(&f.m.test_failover(&r));
    send(&f.m.cleanup_test_failover(&target("x")));
    send(&f.m.remove_from_management(&r));
    send(&f.m.create_migration(request("a", "a", None)));
    send(&f.m.reconcile(&ReconcileRequest::default()));
}
