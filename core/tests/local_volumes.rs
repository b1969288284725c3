//! The local volume daemon against the real file system.

use migratekit_core::adapters::LocalVolumes;
use migratekit_core::ports::{Volume, VolumeDaemon};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

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

// --- Crash safety (module docs of `local_volumes`) -------------------------

/// The file names of the volume files in `dir`.
fn volume_files(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("vol-") && n.ends_with(".raw"))
        .collect()
}

/// Every volume file is listed as a volume, every listed volume has its
/// file, and a new volume can be created (the state is not wedged).
async fn consistent(dir: &Path) -> Vec<Volume> {
    let d = LocalVolumes::open(dir).unwrap();
    let listed = d.list_volumes().await.unwrap();
    let ids: BTreeSet<String> = listed
        .iter()
        .map(|v| format!("{}.raw", v.volume_id))
        .collect();
    assert_eq!(ids.len(), listed.len(), "ids are unique: {listed:?}");
    assert_eq!(ids, volume_files(dir), "files and state agree");
    let fresh = d.create_volume("mk-after-crash", 4096).await.unwrap();
    assert!(!ids.contains(&format!("{}.raw", fresh.volume_id)));
    d.delete_volume(&fresh.volume_id).await.unwrap();
    listed
}

#[tokio::test]
async fn a_volume_file_without_its_state_entry_is_adopted_and_creation_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = LocalVolumes::open(dir.path()).unwrap();
    let v1 = d.create_volume("mk-a", 1 << 20).await.unwrap();
    // What an older version killed between the file and volumes.json left:
    // the next id's file, and no entry for it.
    let orphan = dir.path().join("vol-000002.raw");
    std::fs::write(&orphan, b"user data").unwrap();

    let v3 = d.create_volume("mk-b", 1 << 20).await.unwrap();
    assert_eq!(
        v3.volume_id, "vol-000003",
        "the orphan's id is not reissued"
    );
    assert_eq!(
        std::fs::read(&orphan).unwrap(),
        b"user data",
        "never touched"
    );
    let listed = d.list_volumes().await.unwrap();
    let adopted = listed
        .iter()
        .find(|v| v.volume_id == "vol-000002")
        .expect("the orphan is listed");
    assert_eq!(adopted.name, "recovered-vol-000002");
    assert_eq!(adopted.size_bytes, 9);
    assert_eq!(adopted.attached_to, None);
    assert!(listed.iter().any(|v| v.volume_id == v1.volume_id));

    // A second handle, and a restart, agree; the adopted volume can be deleted.
    let again = LocalVolumes::open(dir.path()).unwrap();
    assert_eq!(again.list_volumes().await.unwrap(), listed);
    again.delete_volume("vol-000002").await.unwrap();
    assert!(!orphan.exists());
    consistent(dir.path()).await;
}

#[tokio::test]
async fn a_torn_state_file_is_set_aside_and_the_volumes_are_rebuilt_from_their_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = LocalVolumes::open(dir.path()).unwrap();
    let a = d.create_volume("mk-a", 1 << 20).await.unwrap();
    let b = d.create_volume("mk-b", 2 << 20).await.unwrap();
    let state = dir.path().join("volumes.json");
    let bytes = std::fs::read(&state).unwrap();
    std::fs::write(&state, &bytes[..bytes.len() / 2]).unwrap();

    let listed = consistent(dir.path()).await;
    let size_of = |id: &str| {
        listed
            .iter()
            .find(|v| v.volume_id == id)
            .unwrap()
            .size_bytes
    };
    assert_eq!(
        (size_of(&a.volume_id), size_of(&b.volume_id)),
        (1 << 20, 2 << 20)
    );
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("volumes.json.corrupt-"))
        .collect();
    assert_eq!(kept.len(), 1, "the torn file is kept for the operator");
    assert_eq!(
        std::fs::read(dir.path().join(&kept[0])).unwrap(),
        &bytes[..bytes.len() / 2]
    );
}

/// Run as a child by the crash tests (`--ignored --exact`): with
/// `MK_LV_CHILD_DIR` set, creates one volume (`MK_LV_CHILD_LOOP` unset) or
/// creates volumes until it is killed.
#[tokio::test]
#[ignore = "a child process of the crash tests"]
async fn child_creating_volumes() {
    let Some(dir) = std::env::var_os("MK_LV_CHILD_DIR") else {
        return;
    };
    let d = LocalVolumes::open(PathBuf::from(dir)).unwrap();
    if std::env::var_os("MK_LV_CHILD_LOOP").is_none() {
        d.create_volume("mk-child", 1 << 20).await.unwrap();
        return;
    }
    for i in 0.. {
        let v = d
            .create_volume(&format!("mk-loop-{i}"), 1 << 16)
            .await
            .unwrap();
        if i % 3 == 0 {
            d.delete_volume(&v.volume_id).await.unwrap();
        }
        println!("created {}", v.volume_id);
    }
}

fn child(dir: &Path) -> Command {
    let mut c = Command::new(std::env::current_exe().unwrap());
    c.args([
        "child_creating_volumes",
        "--exact",
        "--ignored",
        "--nocapture",
    ])
    .env("MK_LV_CHILD_DIR", dir)
    .env_remove("MIGRATEKIT_CRASH_AT")
    .env_remove("MK_LV_CHILD_LOOP")
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    c
}

#[tokio::test]
async fn a_process_killed_at_each_point_of_a_creation_leaves_a_state_that_recovers() {
    for (step, adopted) in [("reserve-id", false), ("create-file", true)] {
        let dir = tempfile::tempdir().unwrap();
        let before = LocalVolumes::open(dir.path()).unwrap();
        before.create_volume("mk-first", 1 << 20).await.unwrap();
        let out = child(dir.path())
            .env("MIGRATEKIT_CRASH_AT", format!("local_volumes:{step}:after"))
            .output()
            .unwrap();
        assert!(
            out.status.signal().is_some(),
            "{step}: the child was killed, not finished: {out:?}"
        );
        let listed = consistent(dir.path()).await;
        let child_volume = listed.iter().find(|v| v.name == "mk-child");
        assert_eq!(child_volume.is_some(), adopted, "{step}: {listed:?}");
        if let Some(v) = child_volume {
            // Adopted under the name it was created with, fully sized, so a
            // re-run of the caller's step finds it by name.
            assert_eq!(v.size_bytes, 1 << 20);
            let file = dir.path().join(format!("{}.raw", v.volume_id));
            assert_eq!(std::fs::metadata(file).unwrap().len(), 1 << 20);
        }
    }
}

#[tokio::test]
async fn kill_9_at_random_moments_of_a_create_and_delete_loop_never_wedges_the_state() {
    let dir = tempfile::tempdir().unwrap();
    for round in 0..6u64 {
        let mut c = child(dir.path())
            .env("MK_LV_CHILD_LOOP", "1")
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(c.stdout.take().unwrap()).lines();
        // Let it get going, then SIGKILL it at a moment that varies per round.
        lines.next().unwrap().unwrap();
        std::thread::sleep(Duration::from_millis(5 + round * 7));
        c.kill().unwrap();
        let status = c.wait().unwrap();
        assert_eq!(status.signal(), Some(9), "round {round}");
        consistent(dir.path()).await;
    }
}

// --- Volume ids are checked (module docs of `local_volumes`) ---------------

#[tokio::test]
async fn hostile_volume_ids_are_unknown_volumes_and_touch_nothing() {
    let root = tempfile::tempdir().unwrap();
    let vols = root.path().join("vols");
    let d = LocalVolumes::open(&vols).unwrap();
    let v = d.create_volume("mk-real", 1 << 20).await.unwrap();
    // Sentinels where a path built from the id would land.
    let sentinels: Vec<PathBuf> = ["x", "x.raw", ".raw", "..raw", "abs.raw", "vols.raw"]
        .iter()
        .map(|n| root.path().join(n))
        .chain([vols.join(".raw"), vols.join("vol-.raw")])
        .collect();
    for s in &sentinels {
        std::fs::write(s, b"keep").unwrap();
    }
    let before = d.list_volumes().await.unwrap();
    let state_before = std::fs::read(vols.join("volumes.json")).unwrap();
    let abs = root.path().join("abs").to_string_lossy().into_owned();
    let long = "vol-".to_owned() + &"1".repeat(4096);
    let hostile = [
        "../x",
        "..",
        "../",
        ".",
        "",
        "/",
        abs.as_str(),
        "vol-000001\0",
        "vol-000001/../../x",
        "vol-1/..",
        "vol-",
        "vol-12a",
        "vol--1",
        "VOL-000001",
        " vol-000001",
        "vol-000001 ",
        "vol-000001.raw",
        "vol-123456789012345678901",
        long.as_str(),
        "\0",
        "vol-٣",
    ];
    for id in hostile {
        let shown = id.escape_debug().to_string();
        let errs = [
            d.delete_volume(id).await.err(),
            d.get_volume(id).await.err(),
            d.attach_volume(id, "oma").await.err(),
            d.detach_volume(id).await.err(),
        ];
        for e in errs {
            let e = e.unwrap_or_else(|| panic!("{shown:.60}: accepted"));
            assert!(e.message.starts_with("no volume "), "{shown:.60}: {e}");
        }
        for s in &sentinels {
            assert_eq!(
                std::fs::read(s).unwrap(),
                b"keep",
                "{shown:.60}: {}",
                s.display()
            );
        }
    }
    assert_eq!(d.list_volumes().await.unwrap(), before);
    assert_eq!(
        std::fs::read(vols.join("volumes.json")).unwrap(),
        state_before,
        "the state was not rewritten"
    );
    // The real volume and the contract for missing (well-formed) ids stand.
    assert!(d.get_volume(&v.volume_id).await.unwrap().is_some());
    assert_eq!(d.get_volume("vol-999999").await.unwrap(), None);
    d.delete_volume("vol-999999").await.unwrap();
    d.detach_volume("vol-999999").await.unwrap();
}
