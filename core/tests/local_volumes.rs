//! The local volume daemon against the real file system.

use migratekit_core::adapters::LocalVolumes;
use migratekit_core::ports::VolumeDaemon;
use std::os::unix::fs::MetadataExt;

#[tokio::test]
async fn volumes_are_sparse_files_and_attach_returns_their_path() {
    let dir = tempfile::tempdir().unwrap();
    let d = LocalVolumes::open(dir.path().join("vols")).unwrap();
    let v = d
        .create_volume("mk-ctx-1-disk-2000", 10 << 30)
        .await
        .unwrap();
    let file = dir.path().join("vols").join(format!("{}.raw", v.volume_id));
    let meta = std::fs::metadata(&file).unwrap();
    assert_eq!(meta.len(), 10 << 30);
    assert!(
        meta.blocks() * 512 < 1 << 20,
        "sparse: {} blocks",
        meta.blocks()
    );

    let path = d.attach_volume(&v.volume_id, "oma").await.unwrap();
    assert_eq!(std::path::Path::new(&path), file);
    assert_eq!(
        d.attach_volume(&v.volume_id, "oma").await.unwrap(),
        path,
        "idempotent"
    );
    let err = d.attach_volume(&v.volume_id, "test-vm").await.unwrap_err();
    assert!(err.message.contains("attached to oma"), "{err}");
    assert!(
        d.delete_volume(&v.volume_id).await.is_err(),
        "attached volumes are not deleted"
    );

    d.detach_volume(&v.volume_id).await.unwrap();
    d.detach_volume(&v.volume_id).await.unwrap();
    d.delete_volume(&v.volume_id).await.unwrap();
    d.delete_volume(&v.volume_id).await.unwrap();
    assert!(!file.exists());
    assert!(d.list_volumes().await.unwrap().is_empty());
}

#[tokio::test]
async fn state_survives_a_restart_and_is_shared_by_two_instances() {
    let dir = tempfile::tempdir().unwrap();
    let a = LocalVolumes::open(dir.path()).unwrap();
    let v = a.create_volume("mk-x", 1 << 20).await.unwrap();
    a.attach_volume(&v.volume_id, "oma").await.unwrap();
    let b = LocalVolumes::open(dir.path()).unwrap();
    let seen = b.get_volume(&v.volume_id).await.unwrap().unwrap();
    assert_eq!(seen.attached_to.as_deref(), Some("oma"));
    b.detach_volume(&v.volume_id).await.unwrap();
    assert_eq!(
        a.get_volume(&v.volume_id)
            .await
            .unwrap()
            .unwrap()
            .attached_to,
        None
    );
    let w = b.create_volume("mk-y", 1).await.unwrap();
    assert_ne!(w.volume_id, v.volume_id);
    drop((a, b));
    let c = LocalVolumes::open(dir.path()).unwrap();
    assert_eq!(c.list_volumes().await.unwrap().len(), 2);
}
