//! The local volume daemon against the real file system.

use migratekit_core::adapters::LocalVolumes;
use migratekit_core::adapters::local_volumes::CloneMode;
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

/// The ids of the volume files (`.raw` and `.qcow2`) in `dir`; no id has
/// two files and no half-made clone (`.clone-part`) is left.
fn volume_files(dir: &Path) -> BTreeSet<String> {
    let names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("vol-"))
        .collect();
    let parts: Vec<_> = names
        .iter()
        .filter(|n| n.ends_with(".clone-part"))
        .collect();
    assert!(parts.is_empty(), "half-made clones left: {parts:?}");
    let ids: Vec<String> = names
        .iter()
        .filter_map(|n| n.strip_suffix(".raw").or_else(|| n.strip_suffix(".qcow2")))
        .map(str::to_owned)
        .collect();
    let unique: BTreeSet<String> = ids.iter().cloned().collect();
    assert_eq!(unique.len(), ids.len(), "one file per id: {names:?}");
    unique
}

/// Every volume file is listed as a volume, every listed volume has its
/// file, and a new volume can be created (the state is not wedged).
async fn consistent(dir: &Path) -> Vec<Volume> {
    let d = LocalVolumes::open(dir).unwrap();
    let listed = d.list_volumes().await.unwrap();
    let ids: BTreeSet<String> = listed.iter().map(|v| v.volume_id.clone()).collect();
    assert_eq!(ids.len(), listed.len(), "ids are unique: {listed:?}");
    assert_eq!(ids, volume_files(dir), "files and state agree");
    let fresh = d.create_volume("mk-after-crash", 4096).await.unwrap();
    assert!(!ids.contains(&fresh.volume_id));
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
    let d = LocalVolumes::open_with(PathBuf::from(dir), CloneMode::Overlay).unwrap();
    if let Ok(source) = std::env::var("MK_LV_CHILD_CLONE") {
        d.clone_volume(&source, "mk-child-clone").await.unwrap();
        return;
    }
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

/// Runs `child` with a crash point after `step`: it must die there.
fn killed_after(step: &str, child: &mut Command) {
    let crash_at = format!("local_volumes:{step}:after");
    let out = child.env("MIGRATEKIT_CRASH_AT", crash_at).output().unwrap();
    assert!(
        out.status.signal().is_some(),
        "{step}: the child was killed, not finished: {out:?}"
    );
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
    .env_remove("MK_LV_CHILD_CLONE")
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
        killed_after(step, &mut child(dir.path()));
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
            d.clone_volume(id, "mk-clone").await.err(),
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
    let e = d.clone_volume("vol-999999", "mk-clone").await.unwrap_err();
    assert!(e.message.starts_with("no volume "), "{e}");
}

// --- Clones (module docs of `local_volumes`) --------------------------------

/// qemu-img is needed for overlay clones.
fn require_qemu_img() {
    let ok = Command::new("qemu-img")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(ok, "qemu-img is needed: apt-get install qemu-utils");
}

/// `qemu-img info` of `file` as JSON (`-U`: without taking its locks).
fn qemu_img_info(file: &Path) -> serde_json::Value {
    let out = Command::new("qemu-img")
        .args(["info", "-U", "--output=json"])
        .arg(file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Whether `dir`'s file system makes reflinks (checked with `cp`, not with
/// the code under test).
fn reflinks_in(dir: &Path) -> bool {
    let (a, b) = (dir.join("reflink-probe-a"), dir.join("reflink-probe-b"));
    std::fs::write(&a, b"probe").unwrap();
    let ok = Command::new("cp")
        .arg("--reflink=always")
        .args([&a, &b])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let _ = std::fs::remove_file(&a);
    let _ = std::fs::remove_file(&b);
    ok
}

#[tokio::test]
async fn an_overlay_clone_is_a_qcow2_volume_of_its_own_backed_by_its_source() {
    require_qemu_img();
    let dir = tempfile::tempdir().unwrap();
    let d = LocalVolumes::open_with(dir.path(), CloneMode::Overlay).unwrap();
    let src = d.create_volume("mk-replica", 8 << 20).await.unwrap();
    let src_file = dir.path().join(format!("{}.raw", src.volume_id));
    d.attach_volume(&src.volume_id, "oma").await.unwrap();

    let c = d
        .clone_volume(&src.volume_id, "mk-test-clone")
        .await
        .unwrap();
    assert_ne!(c.volume_id, src.volume_id);
    assert_eq!((c.name.as_str(), c.size_bytes), ("mk-test-clone", 8 << 20));
    let clone_file = dir.path().join(format!("{}.qcow2", c.volume_id));
    let info = qemu_img_info(&clone_file);
    assert_eq!(info["format"], "qcow2");
    assert_eq!(info["virtual-size"], 8 << 20);
    assert_eq!(info["backing-filename"], src_file.to_str().unwrap());
    assert_eq!(info["backing-filename-format"], "raw");
    assert!(
        !dir.path().join(format!("{}.raw", c.volume_id)).exists(),
        "one file per clone"
    );

    // A volume of its own: get, list, attach, detach; the state survives a restart.
    assert_eq!(d.get_volume(&c.volume_id).await.unwrap(), Some(c.clone()));
    assert_eq!(d.list_volumes().await.unwrap().len(), 2);
    let d = LocalVolumes::open(dir.path()).unwrap();
    let device = d.attach_volume(&c.volume_id, "test-vm").await.unwrap();
    assert_eq!(
        Path::new(&device),
        clone_file,
        "the test VM gets the overlay"
    );
    let seen = d.get_volume(&c.volume_id).await.unwrap().unwrap();
    assert_eq!(seen.device_path.as_deref(), Some(device.as_str()));

    // The source cannot be deleted under its clone, attached or not.
    d.detach_volume(&src.volume_id).await.unwrap();
    let e = d.delete_volume(&src.volume_id).await.unwrap_err();
    assert!(e.message.contains("overlay clones"), "{e}");
    assert!(e.message.contains(&c.volume_id), "{e}");
    assert!(src_file.exists());

    // Deleting the clone removes its file only.
    d.detach_volume(&c.volume_id).await.unwrap();
    d.delete_volume(&c.volume_id).await.unwrap();
    assert!(!clone_file.exists());
    assert_eq!(std::fs::metadata(&src_file).unwrap().len(), 8 << 20);
    assert_eq!(d.get_volume(&c.volume_id).await.unwrap(), None);
    d.delete_volume(&src.volume_id).await.unwrap();
    let state = std::fs::read_to_string(dir.path().join("volumes.json")).unwrap();
    assert!(!state.contains("overlays"), "nothing left over: {state}");
    consistent(dir.path()).await;
}

#[tokio::test]
async fn a_clone_of_an_overlay_clone_is_an_overlay_on_it_and_holds_it() {
    require_qemu_img();
    let dir = tempfile::tempdir().unwrap();
    let d = LocalVolumes::open(dir.path()).unwrap(); // Auto
    let src = d.create_volume("mk-replica", 1 << 20).await.unwrap();
    let a = d
        .with_clone_mode(CloneMode::Overlay)
        .clone_volume(&src.volume_id, "mk-a")
        .await;
    let a = a.unwrap();
    let d = LocalVolumes::open(dir.path()).unwrap();
    let b = d.clone_volume(&a.volume_id, "mk-b").await.unwrap();
    let b_file = dir.path().join(format!("{}.qcow2", b.volume_id));
    let info = qemu_img_info(&b_file);
    assert_eq!(info["backing-filename-format"], "qcow2");
    assert!(d.delete_volume(&a.volume_id).await.is_err());
    let forced = LocalVolumes::open_with(dir.path(), CloneMode::Reflink).unwrap();
    let e = forced.clone_volume(&a.volume_id, "mk-c").await.unwrap_err();
    assert!(e.message.contains("overlay only"), "{e}");
    d.delete_volume(&b.volume_id).await.unwrap();
    d.delete_volume(&a.volume_id).await.unwrap();
    d.delete_volume(&src.volume_id).await.unwrap();
    assert!(consistent(dir.path()).await.is_empty());
}

#[tokio::test]
async fn cloning_without_qemu_img_or_with_a_hung_one_fails_clearly_and_leaks_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let src = LocalVolumes::open(dir.path())
        .unwrap()
        .create_volume("mk-replica", 1 << 20)
        .await
        .unwrap();
    let missing = LocalVolumes::open_with(dir.path(), CloneMode::Overlay)
        .unwrap()
        .with_qemu_img("/nonexistent/qemu-img", Duration::from_secs(5));
    let e = missing
        .clone_volume(&src.volume_id, "mk-clone")
        .await
        .unwrap_err();
    assert!(e.message.contains("not found"), "{e}");
    assert!(e.message.contains("qemu-utils"), "{e}");

    let hung = dir.path().join("hung-qemu-img");
    std::fs::write(&hung, "#!/bin/sh\nexec sleep 30\n").unwrap();
    std::fs::set_permissions(&hung, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let slow = LocalVolumes::open_with(dir.path(), CloneMode::Overlay)
        .unwrap()
        .with_qemu_img(&hung, Duration::from_millis(300));
    let started = std::time::Instant::now();
    let e = slow
        .clone_volume(&src.volume_id, "mk-clone")
        .await
        .unwrap_err();
    assert!(e.message.contains("did not finish"), "{e}");
    assert!(started.elapsed() < Duration::from_secs(10));

    let failing = dir.path().join("failing-qemu-img");
    std::fs::write(&failing, "#!/bin/sh\necho 'no space' >&2\nexit 1\n").unwrap();
    std::fs::set_permissions(
        &failing,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    let e = LocalVolumes::open_with(dir.path(), CloneMode::Overlay)
        .unwrap()
        .with_qemu_img(&failing, Duration::from_secs(5))
        .clone_volume(&src.volume_id, "mk-clone")
        .await
        .unwrap_err();
    assert!(e.message.contains("no space"), "{e}");

    let listed = consistent(dir.path()).await;
    assert_eq!(listed.len(), 1, "no clone recorded: {listed:?}");
}

#[tokio::test]
async fn reflink_clones_where_the_file_system_has_them_else_a_clear_refusal() {
    let dir = tempfile::tempdir().unwrap();
    let d = LocalVolumes::open_with(dir.path(), CloneMode::Reflink).unwrap();
    let src = d.create_volume("mk-replica", 1 << 20).await.unwrap();
    let src_file = dir.path().join(format!("{}.raw", src.volume_id));
    std::fs::write(&src_file, vec![0x11u8; 1 << 20]).unwrap();
    if !reflinks_in(dir.path()) {
        let e = d.clone_volume(&src.volume_id, "mk-c").await.unwrap_err();
        assert!(e.message.contains("reflink"), "{e}");
        println!(
            "note: {} has no reflinks; the reflink clone is not exercised here",
            dir.path().display()
        );
        assert_eq!(consistent(dir.path()).await.len(), 1);
        return;
    }
    let c = d.clone_volume(&src.volume_id, "mk-c").await.unwrap();
    let c_file = dir.path().join(format!("{}.raw", c.volume_id));
    assert_eq!(std::fs::read(&c_file).unwrap(), vec![0x11u8; 1 << 20]);
    // Independent both ways: a true point-in-time copy.
    std::fs::write(&src_file, vec![0x22u8; 1 << 20]).unwrap();
    assert_eq!(std::fs::read(&c_file).unwrap(), vec![0x11u8; 1 << 20]);
    d.delete_volume(&src.volume_id).await.unwrap();
    assert_eq!(std::fs::read(&c_file).unwrap(), vec![0x11u8; 1 << 20]);
    d.delete_volume(&c.volume_id).await.unwrap();
}

#[tokio::test]
async fn orphan_qcow2_files_are_adopted_with_their_backing_and_never_deleted() {
    require_qemu_img();
    let dir = tempfile::tempdir().unwrap();
    let d = LocalVolumes::open(dir.path()).unwrap();
    let src = d.create_volume("mk-replica", 1 << 20).await.unwrap();
    let src_file = dir.path().join(format!("{}.raw", src.volume_id));
    // Overlays put there by hand: one on the volume, one on nothing.
    for (name, backing) in [
        ("vol-000007.qcow2", Some(&src_file)),
        ("vol-000009.qcow2", None),
    ] {
        let mut c = Command::new("qemu-img");
        c.args(["create", "-q", "-f", "qcow2"]);
        if let Some(b) = backing {
            c.args(["-F", "raw", "-b"]).arg(b);
        }
        let ok = c.arg(dir.path().join(name)).arg("2M").status().unwrap();
        assert!(ok.success());
    }
    let listed = consistent(dir.path()).await;
    let seven = listed.iter().find(|v| v.volume_id == "vol-000007").unwrap();
    assert_eq!(
        (seven.name.as_str(), seven.size_bytes),
        ("recovered-vol-000007", 2 << 20)
    );
    let next = d.create_volume("mk-next", 1).await.unwrap();
    assert_eq!(
        next.volume_id, "vol-000011",
        "past the orphans (consistent() used 10)"
    );
    assert!(
        d.delete_volume(&src.volume_id).await.is_err(),
        "the adopted overlay reads through it"
    );
    let device = d.attach_volume("vol-000009", "x").await.unwrap();
    assert!(device.ends_with("vol-000009.qcow2"), "{device}");
    d.detach_volume("vol-000009").await.unwrap();
    d.delete_volume("vol-000009").await.unwrap();
    d.delete_volume("vol-000007").await.unwrap();
    d.delete_volume(&src.volume_id).await.unwrap();
    consistent(dir.path()).await;
}

#[tokio::test]
async fn a_process_killed_at_each_point_of_a_clone_leaves_a_state_that_recovers() {
    require_qemu_img();
    for (step, adopted) in [
        ("clone-reserve-id", false),
        ("clone-part-file", false),
        ("clone-file", true),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let before = LocalVolumes::open(dir.path()).unwrap();
        let src = before.create_volume("mk-replica", 1 << 20).await.unwrap();
        let src_file = dir.path().join(format!("{}.raw", src.volume_id));
        std::fs::write(&src_file, vec![0x5au8; 1 << 20]).unwrap();
        killed_after(
            step,
            child(dir.path()).env("MK_LV_CHILD_CLONE", &src.volume_id),
        );
        let parts = dir.path().join("vol-000002.clone-part").exists();
        assert_eq!(
            parts,
            step == "clone-part-file",
            "{step}: the part file is there to recover"
        );

        // consistent(): files and state agree, no part file left, and the
        // next id is fresh (the reserved vol-000002 is never reissued).
        let listed = consistent(dir.path()).await;
        let clone = listed.iter().find(|v| v.name == "mk-child-clone");
        assert_eq!(clone.is_some(), adopted, "{step}: {listed:?}");
        let d = LocalVolumes::open(dir.path()).unwrap();
        let next = d.create_volume("mk-next", 1).await.unwrap();
        assert_eq!(
            next.volume_id, "vol-000004",
            "{step}: vol-000002 and -03 stay used"
        );
        assert_eq!(std::fs::read(&src_file).unwrap(), vec![0x5au8; 1 << 20]);
        if let Some(c) = clone {
            assert_eq!(c.volume_id, "vol-000002");
            assert_eq!(c.size_bytes, 1 << 20);
            let device = d.attach_volume(&c.volume_id, "test-vm").await.unwrap();
            assert!(device.ends_with("vol-000002.qcow2"), "{device}");
            assert!(
                d.delete_volume(&src.volume_id).await.is_err(),
                "{step}: the adopted overlay holds its source"
            );
        }
    }
}
