//! DESIGN §4 `reconcile`: a plan by default; on apply, missing exports
//! recreated, provable orphans of ours removed, the rest reported.

mod common;

use migratekit_test_macros::backends;

use common::fakes::*;

use migratekit_core::ReconcileRequest;
use migratekit_core::ports::{NbdExporter, VolumeDaemon};

#[backends]
async fn reconcile_plans_by_default_and_on_apply_recreates_missing_exports_removes_our_orphans_and_reports_the_rest()
 {
    let (f, c) = replicated().await;
    let vols = f.m.list_volumes(&by_id(&c)).await.unwrap();
    f.exporter
        .remove_export(&vols[0].export_name)
        .await
        .unwrap();
    let orphan = f
        .volumes
        .create_volume("mk-ctx-gone-disk-1", 1 << 30)
        .await
        .unwrap();
    f.exporter
        .create_export("migration-vol-vol-unknown", "/dev/fake/x")
        .await
        .unwrap();
    f.volumes.create_volume("someone-elses", 1).await.unwrap();
    f.volumes.detach_volume(&vols[1].volume_id).await.unwrap();
    f.volumes.delete_volume(&vols[1].volume_id).await.unwrap();

    let before_volumes = f.volumes.list_volumes().await.unwrap();
    let before_exports = f.exporter.list_exports().await.unwrap();
    let plan = f.m.reconcile(&ReconcileRequest::default()).await.unwrap();
    assert!(!plan.applied);
    assert_eq!(plan.planned_repairs.len(), 1, "{plan:?}");
    assert!(
        plan.planned_removals.is_empty(),
        "within the grace period: {plan:?}"
    );
    assert!(plan.repaired.is_empty() && plan.removed.is_empty());
    assert_eq!(
        f.volumes.list_volumes().await.unwrap(),
        before_volumes,
        "a plan changes nothing"
    );
    assert_eq!(f.exporter.list_exports().await.unwrap(), before_exports);

    let apply = ReconcileRequest {
        apply: true,
        grace_seconds: Some(0),
    };
    let report = f.m.reconcile(&apply).await.unwrap();
    assert!(report.applied);
    assert_eq!(report.planned_removals.len(), 2, "{report:?}");
    assert_eq!(report.contexts_checked, 1);
    assert_eq!(report.repaired.len(), 1, "{report:?}");
    assert!(report.repaired[0].contains(&vols[0].export_name));
    assert_eq!(report.removed.len(), 2, "{report:?}");
    assert!(report.removed.iter().any(|r| r.contains(&orphan.volume_id)));
    assert!(
        report
            .reported
            .iter()
            .any(|r| r.contains(&vols[1].volume_id)),
        "{report:?}"
    );
    let on_daemon = f.volumes.list_volumes().await.unwrap();
    let names: Vec<&str> = on_daemon.iter().map(|v| v.name.as_str()).collect();
    assert!(names.contains(&"someone-elses"), "not ours: left alone");
    assert!(
        f.exporter
            .list_exports()
            .await
            .unwrap()
            .iter()
            .any(|e| e.name == vols[0].export_name)
    );
}
