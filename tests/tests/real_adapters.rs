//! The bundled adapters against the real thing: qemu-storage-daemon exports
//! checked with a real NBD client, local volume files, SQLite — through the
//! whole lifecycle.

use migratekit_core::Manager;
use migratekit_core::adapters::{LocalVolumes, QsdExporter};
use migratekit_core::model::{
    ContextRef, CreateMigrationRequest, CreateMigrationResponse, FailoverTarget, SourceDisk,
    SourceVm, Status,
};
use migratekit_core::ports::{NbdExporter, VolumeDaemon};
use migratekit_core::testkit::FakeCloud;
use migratekit_tests::qemu::{Qsd, alive, nbd_info};
use std::sync::Arc;

#[tokio::test]
async fn qsd_exports_appear_and_vanish_for_a_real_nbd_client_and_survive_a_library_restart() {
    let dir = tempfile::tempdir().unwrap();
    let (qsd, exporter) = Qsd::start(dir.path()).await;
    let volumes = LocalVolumes::open(dir.path().join("vols")).unwrap();
    let v = volumes.create_volume("mk-test", 64 << 20).await.unwrap();
    let device = volumes.attach_volume(&v.volume_id, "oma").await.unwrap();
    let name = format!("migration-vol-{}", v.volume_id);

    assert!(!qsd.nbd_sees(&name));
    let e = exporter.create_export(&name, &device).await.unwrap();
    assert_eq!((e.host.as_str(), e.port), ("127.0.0.1", qsd.config.port));
    let info = nbd_info(qsd.config.port, &name).expect("export visible");
    assert_eq!(info["virtual-size"], 64 << 20);
    assert_eq!(
        exporter.create_export(&name, &device).await.unwrap().name,
        name,
        "idempotent"
    );
    let listed = exporter.list_exports().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].device_path, device);

    // The library restarts: it reconnects to the same daemon and its exports.
    let pid = qsd.pid().unwrap();
    drop(exporter);
    let exporter = QsdExporter::start(qsd.config.clone()).await.unwrap();
    assert_eq!(qsd.pid(), Some(pid), "no second daemon");
    assert_eq!(exporter.list_exports().await.unwrap().len(), 1);
    assert!(qsd.nbd_sees(&name));

    exporter.remove_export(&name).await.unwrap();
    assert!(!qsd.nbd_sees(&name), "gone after removal");
    exporter.remove_export(&name).await.unwrap();
    assert!(exporter.list_exports().await.unwrap().is_empty());
    // The same name can be exported again (its node was released).
    exporter.create_export(&name, &device).await.unwrap();
    assert!(qsd.nbd_sees(&name));

    exporter.shutdown().await.unwrap();
    for _ in 0..100 {
        if !alive(pid) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(!alive(pid), "the daemon stopped");
}

#[tokio::test]
async fn the_whole_lifecycle_on_sqlite_local_volumes_and_qsd_exports() {
    let dir = tempfile::tempdir().unwrap();
    let (qsd, exporter) = Qsd::start(dir.path()).await;
    let exporter = Arc::new(exporter);
    let volumes = Arc::new(LocalVolumes::open(dir.path().join("vols")).unwrap());
    let cloud = Arc::new(FakeCloud::new());
    let m = Manager::builder()
        .sqlite(dir.path().join("mk.db"))
        .volume_daemon(volumes.clone())
        .nbd_exporter(exporter.clone())
        .target_cloud(cloud.clone())
        .build()
        .unwrap();

    let mut vm = SourceVm::new("vm-42", "db-01");
    vm.cpus = 4;
    vm.memory_mb = 8192;
    for (i, gb) in [1u64, 2].into_iter().enumerate() {
        vm.disks.push(SourceDisk {
            id: format!("disk-200{i}"),
            label: format!("Hard disk {}", i + 1),
            size_gb: gb,
            datastore: "ds1".into(),
            unit_number: i as u32,
        });
    }
    let mut req = CreateMigrationRequest::new(vm);
    req.start_replication = Some(false);
    let CreateMigrationResponse::ContextCreated(c) = m.create_migration(req.clone()).await.unwrap()
    else {
        panic!()
    };
    let by_id = ContextRef::ContextId(c.context_id.clone());
    let exports_seen = |expected: bool| {
        let m = m.clone();
        let by_id = by_id.clone();
        let port = qsd.config.port;
        async move {
            let vols = m.list_volumes(&by_id).await.unwrap();
            assert_eq!(vols.len(), 2);
            for v in vols {
                assert_eq!(
                    nbd_info(port, &v.export_name).is_some(),
                    expected,
                    "{}",
                    v.export_name
                );
            }
        }
    };

    req.start_replication = None;
    let CreateMigrationResponse::JobStarted(j) = m.create_migration(req.clone()).await.unwrap()
    else {
        panic!()
    };
    assert_eq!((j.created_volumes, j.mounted_volumes), (2, 2));
    exports_seen(true).await;
    let info = nbd_info(
        qsd.config.port,
        &m.list_volumes(&by_id).await.unwrap()[1].export_name,
    )
    .unwrap();
    assert_eq!(info["virtual-size"], 2u64 << 30);
    migratekit_tests::rig::complete_each_disk(&m, &j.job_id, "cbt-1")
        .await
        .unwrap();

    let t = m.test_failover(&by_id).await.unwrap();
    assert_eq!(t.status, Status::FailedOverTest);
    // The test VM runs on clones: the replica stays exported, and the
    // clones are files of their own (qcow2 overlays here, without reflinks).
    exports_seen(true).await;
    let job = m.list_failover_jobs(&by_id).await.unwrap().remove(0);
    assert_eq!(job.clones.len(), 2);
    for clone in &job.clones {
        let v = volumes.get_volume(&clone.volume_id).await.unwrap().unwrap();
        assert_eq!(v.attached_to, t.destination_vm_id);
    }
    let target = FailoverTarget {
        context_id: Some(c.context_id.clone()),
        ..Default::default()
    };
    assert_eq!(
        m.cleanup_test_failover(&target).await.unwrap().status,
        Status::ReadyForFailover
    );
    exports_seen(true).await;

    // An incremental sync reuses the volumes and their exports.
    let CreateMigrationResponse::JobStarted(j2) = m.create_migration(req.clone()).await.unwrap()
    else {
        panic!()
    };
    assert_eq!(j2.created_volumes, 0);
    migratekit_tests::rig::complete_each_disk(&m, &j2.job_id, "cbt-2")
        .await
        .unwrap();
    exports_seen(true).await;

    // A missing export is recreated by reconcile.
    let first = m.list_volumes(&by_id).await.unwrap().remove(0);
    exporter.remove_export(&first.export_name).await.unwrap();
    let apply = migratekit_core::ReconcileRequest {
        apply: true,
        grace_seconds: Some(0),
    };
    let report = m.reconcile(&apply).await.unwrap();
    assert_eq!(report.repaired.len(), 1, "{report:?}");
    exports_seen(true).await;

    assert_eq!(
        m.live_failover(&by_id).await.unwrap().status,
        Status::FailedOverLive
    );
    exports_seen(false).await;
    assert_eq!(
        m.complete_migration(&by_id).await.unwrap().status,
        Status::Completed
    );
    assert_eq!(cloud.vms().len(), 1);

    // A second VM, removed from management: nothing of it stays behind.
    let mut other = CreateMigrationRequest::new(SourceVm::new("vm-43", "web-01"));
    other.source_vm.disks.push(SourceDisk {
        id: "disk-2000".into(),
        label: String::new(),
        size_gb: 1,
        datastore: String::new(),
        unit_number: 0,
    });
    let CreateMigrationResponse::JobStarted(o) = m.create_migration(other).await.unwrap() else {
        panic!()
    };
    m.fail_job(&migratekit_core::model::FailJobRequest {
        job_id: o.job_id,
        error: "x".into(),
    })
    .await
    .unwrap();
    let other_volume = m
        .list_volumes(&ContextRef::ContextId(o.context_id.clone()))
        .await
        .unwrap()
        .remove(0);
    assert!(qsd.nbd_sees(&other_volume.export_name));
    m.remove_from_management(&ContextRef::ContextId(o.context_id))
        .await
        .unwrap();
    assert!(!qsd.nbd_sees(&other_volume.export_name));
    assert!(
        !dir.path()
            .join("vols")
            .join(format!("{}.raw", other_volume.volume_id))
            .exists()
    );
    assert_eq!(
        volumes.list_volumes().await.unwrap().len(),
        2,
        "only the migrated VM's volumes remain"
    );
    assert!(exporter.list_exports().await.unwrap().is_empty());

    // The completed context is removed as records only: its volumes stay.
    m.remove_from_management(&by_id).await.unwrap();
    assert_eq!(volumes.list_volumes().await.unwrap().len(), 2);
    exporter.shutdown().await.unwrap();
}
