//! The qemu-storage-daemon exporter when its daemon misbehaves (module docs
//! of `adapters::qsd`): a stopped daemon turns calls into errors within the
//! timeout and blocks nobody; a killed daemon the exporter started comes
//! back with its exports, seen by a real NBD client; an external daemon's
//! death is reported, not papered over. Every daemon here is started by the
//! test (or its exporter) and signalled by its own pid.

use migratekit_core::adapters::{LocalVolumes, QsdConfig, QsdExporter};
use migratekit_core::ports::{NbdExporter, PortResult, VolumeDaemon};
use migratekit_tests::qemu::{Qsd, alive, free_port, nbd_info, require_qemu, signal, wait_gone};
use std::future::Future;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(1);

/// `fut`'s result, failing the test if it takes longer than `bound`.
async fn within<T>(bound: Duration, what: &str, fut: impl Future<Output = T>) -> T {
    let t0 = Instant::now();
    let r = tokio::time::timeout(bound, fut)
        .await
        .unwrap_or_else(|_| panic!("{what}: still blocked after {bound:?}"));
    eprintln!("{what}: {:?}", t0.elapsed());
    r
}

/// Two attached 64 MiB volumes in `dir/vols`: their device paths.
async fn devices(dir: &Path, n: usize) -> Vec<String> {
    let volumes = LocalVolumes::open(dir.join("vols")).unwrap();
    let mut out = Vec::new();
    for i in 0..n {
        let v = volumes
            .create_volume(&format!("mk-{i}"), 64 << 20)
            .await
            .unwrap();
        out.push(volumes.attach_volume(&v.volume_id, "oma").await.unwrap());
    }
    out
}

fn names(exports: PortResult<Vec<migratekit_core::ports::NbdExport>>) -> Vec<String> {
    let mut n: Vec<String> = exports.unwrap().into_iter().map(|e| e.name).collect();
    n.sort();
    n
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopped_daemon_fails_calls_within_the_timeout_blocks_no_one_and_works_after_sigcont() {
    let dir = tempfile::tempdir().unwrap();
    let (qsd, exporter) =
        Qsd::start_with(QsdConfig::new(dir.path().join("qsd")).with_timeout(TIMEOUT)).await;
    let exporter = Arc::new(exporter);
    let dev = devices(dir.path(), 3).await;
    exporter
        .create_export("migration-vol-a", &dev[0])
        .await
        .unwrap();
    let pid = qsd.pid().unwrap();

    signal(pid, "STOP");
    let bound = TIMEOUT * 3;
    let e = within(
        bound,
        "create_export",
        exporter.create_export("migration-vol-b", &dev[1]),
    )
    .await
    .unwrap_err();
    assert!(e.message.contains("no answer"), "{e}");
    within(bound, "list_exports", exporter.list_exports())
        .await
        .unwrap_err();

    // Several VMs' calls at once: each fails within the bound, none waits
    // behind another forever.
    let t0 = Instant::now();
    let mut calls = Vec::new();
    for i in 0..6 {
        let x = exporter.clone();
        let dev = dev[2].clone();
        calls.push(tokio::spawn(async move {
            let r = match i % 3 {
                0 => x.list_exports().await.map(|_| ()),
                1 => x.create_export("migration-vol-c", &dev).await.map(|_| ()),
                _ => x.remove_export("migration-vol-x").await,
            };
            (i, r, t0.elapsed())
        }));
    }
    for c in calls {
        let (i, r, took) = within(bound * 2, "concurrent call", c).await.unwrap();
        assert!(r.is_err(), "call {i} succeeded against a stopped daemon");
        assert!(took < bound * 2, "call {i} took {took:?}");
    }
    assert!(alive(pid), "a stopped daemon is not replaced");
    assert_eq!(qsd.pid(), Some(pid), "no second daemon");

    signal(pid, "CONT");
    // The next calls get whole, matching replies (no stale half-exchange).
    assert_eq!(
        names(within(bound, "list after SIGCONT", exporter.list_exports()).await),
        ["migration-vol-a"]
    );
    exporter
        .create_export("migration-vol-b", &dev[1])
        .await
        .unwrap();
    assert_eq!(
        names(exporter.list_exports().await),
        ["migration-vol-a", "migration-vol-b"]
    );
    assert!(qsd.nbd_sees("migration-vol-a") && qsd.nbd_sees("migration-vol-b"));
    exporter.remove_export("migration-vol-b").await.unwrap();
    assert!(!qsd.nbd_sees("migration-vol-b"));
    exporter.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_killed_daemon_the_exporter_started_comes_back_with_its_exports() {
    let dir = tempfile::tempdir().unwrap();
    let (qsd, exporter) =
        Qsd::start_with(QsdConfig::new(dir.path().join("qsd")).with_timeout(TIMEOUT * 2)).await;
    let dev = devices(dir.path(), 3).await;
    let port = qsd.config.port;
    for (i, d) in dev.iter().enumerate() {
        exporter
            .create_export(&format!("migration-vol-{i}"), d)
            .await
            .unwrap();
    }
    exporter.remove_export("migration-vol-2").await.unwrap();

    let first = qsd.pid().unwrap();
    signal(first, "KILL");
    wait_gone(first).await;
    assert!(
        nbd_info(port, "migration-vol-0").is_none(),
        "gone with the daemon"
    );

    // The next call restarts it and recreates what it served (not what was
    // removed).
    assert_eq!(
        names(exporter.list_exports().await),
        ["migration-vol-0", "migration-vol-1"]
    );
    let second = qsd.pid().unwrap();
    assert_ne!(second, first);
    for name in ["migration-vol-0", "migration-vol-1"] {
        let info = nbd_info(port, name).unwrap_or_else(|| panic!("{name} served again"));
        assert_eq!(info["virtual-size"], 64 << 20);
    }
    assert!(nbd_info(port, "migration-vol-2").is_none());

    // Killed again while the library is down: a restarted library knows the
    // exports from the state dir.
    drop(exporter);
    signal(second, "KILL");
    wait_gone(second).await;
    let exporter = QsdExporter::start(qsd.config.clone()).await.unwrap();
    assert_ne!(qsd.pid(), Some(second));
    assert!(nbd_info(port, "migration-vol-0").is_some());
    assert!(nbd_info(port, "migration-vol-1").is_some());

    // A call that creates after a kill: restarted, both old and new served.
    let third = qsd.pid().unwrap();
    signal(third, "KILL");
    wait_gone(third).await;
    exporter
        .create_export("migration-vol-2", &dev[2])
        .await
        .unwrap();
    for name in ["migration-vol-0", "migration-vol-1", "migration-vol-2"] {
        assert!(nbd_info(port, name).is_some(), "{name}");
    }
    exporter.shutdown().await.unwrap();
    assert!(
        exporter.list_exports().await.is_err(),
        "no restart after a shutdown"
    );
}

#[tokio::test]
async fn the_death_of_a_daemon_started_by_someone_else_is_reported_not_restarted() {
    require_qemu();
    let dir = tempfile::tempdir().unwrap();
    let state_dir = dir.path().join("qsd");
    std::fs::create_dir_all(&state_dir).unwrap();
    let state_dir = std::fs::canonicalize(state_dir).unwrap();
    let port = free_port();
    let pid_file = dir.path().join("external.pid");
    let ok = Command::new("qemu-storage-daemon")
        .arg("--daemonize")
        .arg("--pidfile")
        .arg(&pid_file)
        .arg("--chardev")
        .arg(format!(
            "socket,id=ext,path={},server=on,wait=off",
            state_dir.join("qmp.sock").display()
        ))
        .arg("--monitor")
        .arg("chardev=ext")
        .arg("--nbd-server")
        .arg(format!(
            "addr.type=inet,addr.host=127.0.0.1,addr.port={port}"
        ))
        .status()
        .unwrap()
        .success();
    assert!(ok, "external daemon started");
    let pid: u32 = std::fs::read_to_string(&pid_file)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let mut config = QsdConfig::new(&state_dir).with_timeout(TIMEOUT);
    config.port = port;
    let exporter = QsdExporter::start(config).await.unwrap();
    let dev = devices(dir.path(), 1).await;
    exporter
        .create_export("migration-vol-e", &dev[0])
        .await
        .unwrap();
    assert!(nbd_info(port, "migration-vol-e").is_some());

    signal(pid, "KILL");
    wait_gone(pid).await;
    let e = within(TIMEOUT * 3, "call after the death", exporter.list_exports())
        .await
        .unwrap_err();
    assert!(e.message.contains("not started by migratekit"), "{e}");
    assert!(
        exporter
            .create_export("migration-vol-f", &dev[0])
            .await
            .is_err()
    );
    assert_eq!(exporter.pid(), None, "no daemon of ours was started");
    assert!(nbd_info(port, "migration-vol-e").is_none());
}
