//! Clones of local volumes against the real thing: qcow2 overlays made by
//! qemu-img, written and read with a real `qemu-io` through the device
//! path a test VM gets, while the source's bytes stay as they were; and a
//! clone made while qemu-storage-daemon exports its source.

use migratekit_core::adapters::LocalVolumes;
use migratekit_core::adapters::local_volumes::CloneMode;
use migratekit_core::ports::{NbdExporter, VolumeDaemon};
use migratekit_tests::qemu::{Qsd, have, require_qemu};
use std::path::Path;
use std::process::{Command, Stdio};

const MIB: u64 = 1 << 20;

/// Runs `qemu-io -f <format> -c <command> <file>`; whether it succeeded
/// (a failed `read -P` pattern check is a failure).
fn qemu_io(format: &str, file: &Path, command: &str) -> bool {
    let out = Command::new("qemu-io")
        .args(["-f", format, "-c", command])
        .arg(file)
        .output()
        .expect("qemu-io runs");
    let text = String::from_utf8_lossy(&out.stdout);
    out.status.success() && !text.contains("verification failed")
}

fn require_qemu_io() {
    require_qemu();
    assert!(
        have("qemu-io"),
        "qemu-io is needed: apt-get install qemu-utils"
    );
}

/// A source volume of `size` bytes filled with `byte`, and its file.
async fn filled_source(d: &LocalVolumes, size: u64, byte: u8) -> (String, std::path::PathBuf) {
    let v = d.create_volume("mk-replica", size).await.unwrap();
    let file = d.dir().join(format!("{}.raw", v.volume_id));
    std::fs::write(&file, vec![byte; size as usize]).unwrap();
    (v.volume_id, file)
}

#[tokio::test]
async fn a_test_vm_writes_its_overlay_clone_and_the_replica_never_changes() {
    require_qemu_io();
    let dir = tempfile::tempdir().unwrap();
    let d = LocalVolumes::open_with(dir.path(), CloneMode::Overlay).unwrap();
    let (src, src_file) = filled_source(&d, 4 * MIB, 0x11).await;
    d.attach_volume(&src, "oma").await.unwrap();
    let before = std::fs::read(&src_file).unwrap();

    let clone = d.clone_volume(&src, "mk-test-disk-2000").await.unwrap();
    let device = d.attach_volume(&clone.volume_id, "test-vm").await.unwrap();
    let device = Path::new(&device);
    assert_eq!(
        device.extension().unwrap(),
        "qcow2",
        "the test VM gets the overlay"
    );
    assert!(
        qemu_io("qcow2", device, "read -P 0x11 0 4M"),
        "the clone starts as the source"
    );

    // The test VM writes its disk.
    assert!(qemu_io("qcow2", device, "write -P 0xab 0 1M"));
    assert_eq!(
        std::fs::read(&src_file).unwrap(),
        before,
        "the replica is unchanged"
    );
    assert!(
        qemu_io("qcow2", device, "read -P 0xab 0 1M"),
        "the clone reads its write"
    );
    assert!(!qemu_io("qcow2", device, "read -P 0x11 0 1M"));
    assert!(
        qemu_io("qcow2", device, "read -P 0x11 1M 3M"),
        "the rest from the source"
    );

    // The source changes after the clone: blocks the clone wrote keep its
    // data. Blocks it has not written read through to the source as it is
    // now — an overlay's backing is live (module docs: migratekit writes no
    // replica while its test VM runs); a reflink clone (below) is a true
    // point-in-time copy.
    std::fs::write(&src_file, vec![0x22u8; 4 * MIB as usize]).unwrap();
    assert!(qemu_io("qcow2", device, "read -P 0xab 0 1M"));
    assert!(qemu_io("qcow2", device, "read -P 0x22 1M 3M"));

    // The replica cannot be deleted under its clone.
    d.detach_volume(&src).await.unwrap();
    let e = d.delete_volume(&src).await.unwrap_err();
    assert!(e.message.contains("overlay clones"), "{e}");

    // Cleanup throws the clone away; the replica is intact.
    d.detach_volume(&clone.volume_id).await.unwrap();
    d.delete_volume(&clone.volume_id).await.unwrap();
    assert!(!device.exists(), "the clone's file is gone");
    assert_eq!(
        std::fs::read(&src_file).unwrap(),
        vec![0x22u8; 4 * MIB as usize]
    );
    assert!(qemu_io("raw", &src_file, "read -P 0x22 0 4M"));
    let ids: Vec<String> = d
        .list_volumes()
        .await
        .unwrap()
        .into_iter()
        .map(|v| v.volume_id)
        .collect();
    assert_eq!(ids, std::slice::from_ref(&src));
    d.delete_volume(&src).await.unwrap();
}

#[tokio::test]
async fn a_reflink_clone_is_written_as_raw_and_is_a_true_point_in_time_copy() {
    require_qemu_io();
    let dir = tempfile::tempdir().unwrap();
    let probe = (dir.path().join("probe-a"), dir.path().join("probe-b"));
    std::fs::write(&probe.0, b"probe").unwrap();
    let reflinks = Command::new("cp")
        .arg("--reflink=always")
        .args([&probe.0, &probe.1])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !reflinks {
        println!(
            "note: {} has no reflinks (cp --reflink=always fails); the reflink case is skipped, \
             overlays are what this machine tests",
            dir.path().display()
        );
        return;
    }
    let d = LocalVolumes::open_with(dir.path(), CloneMode::Reflink).unwrap();
    let (src, src_file) = filled_source(&d, 4 * MIB, 0x11).await;
    let before = std::fs::read(&src_file).unwrap();
    let clone = d.clone_volume(&src, "mk-test-disk").await.unwrap();
    let device = d.attach_volume(&clone.volume_id, "test-vm").await.unwrap();
    let device = Path::new(&device);
    assert_eq!(device.extension().unwrap(), "raw");
    assert!(qemu_io("raw", device, "write -P 0xab 0 1M"));
    assert_eq!(std::fs::read(&src_file).unwrap(), before);
    assert!(qemu_io("raw", device, "read -P 0xab 0 1M"));
    std::fs::write(&src_file, vec![0x22u8; 4 * MIB as usize]).unwrap();
    assert!(
        qemu_io("raw", device, "read -P 0x11 1M 3M"),
        "point in time"
    );
    // Independent of its source: the source can go first.
    d.delete_volume(&src).await.unwrap();
    assert!(qemu_io("raw", device, "read -P 0xab 0 1M"));
    d.detach_volume(&clone.volume_id).await.unwrap();
    d.delete_volume(&clone.volume_id).await.unwrap();
    assert!(!device.exists());
}

#[tokio::test]
async fn a_replica_exported_by_qemu_storage_daemon_is_cloned_without_touching_the_export() {
    require_qemu_io();
    let dir = tempfile::tempdir().unwrap();
    let (qsd, exporter) = Qsd::start(dir.path()).await;
    let d = LocalVolumes::open(dir.path().join("vols")).unwrap(); // Auto
    let (src, src_file) = filled_source(&d, 4 * MIB, 0x11).await;
    let device = d.attach_volume(&src, "oma").await.unwrap();
    let name = format!("migration-vol-{src}");
    exporter.create_export(&name, &device).await.unwrap();

    // qemu-storage-daemon holds the replica open for writing; the clone is
    // made all the same (qemu-img does not open the backing file).
    let clone = d.clone_volume(&src, "mk-test-disk").await.unwrap();
    let clone_device = d.attach_volume(&clone.volume_id, "test-vm").await.unwrap();
    assert!(qsd.nbd_sees(&name), "the replica stays exported");
    if clone_device.ends_with(".qcow2") {
        let out = Command::new("qemu-img")
            .args(["info", "-U", "--output=json", &clone_device])
            .output()
            .unwrap();
        let info: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(info["backing-filename"], src_file.to_str().unwrap());
    }
    exporter.remove_export(&name).await.unwrap();
    exporter.shutdown().await.unwrap();
    drop(qsd);

    let format = if clone_device.ends_with(".qcow2") {
        "qcow2"
    } else {
        "raw"
    };
    let clone_device = Path::new(&clone_device);
    assert!(qemu_io(format, clone_device, "read -P 0x11 0 4M"));
    assert!(qemu_io(format, clone_device, "write -P 0xcd 0 64k"));
    assert!(
        qemu_io("raw", &src_file, "read -P 0x11 0 4M"),
        "the replica is unchanged"
    );
    d.detach_volume(&clone.volume_id).await.unwrap();
    d.delete_volume(&clone.volume_id).await.unwrap();
    assert!(!clone_device.exists());
}
