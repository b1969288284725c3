//! PostgreSQL restarted under load (DESIGN §8: no partial write): a
//! throwaway cluster of the test's own (`scripts/pg-cluster.sh`) is stopped
//! like a crash (`pg_ctl stop -m immediate`) while six callers add VMs and
//! start replications through one manager, and started again. While it is
//! down every call fails with `storage`; nothing is half-written (a start is
//! a context with its job, or nothing); once it is back the same manager
//! works again by itself, job log included.
//! Skipped without `MIGRATEKIT_TEST_PG_URL` (which says PostgreSQL is
//! installed), failed without it when `MIGRATEKIT_REQUIRE_PG` is set.

use migratekit_core::model::{ContextRef, CreateMigrationRequest, SourceVm, Status, VmIdentity};
use migratekit_core::testkit::postgres::test_server_url;
use migratekit_core::{ErrorCode, Manager};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A cluster of this test's own, stopped and deleted on drop.
struct OwnCluster {
    dir: tempfile::TempDir,
    url: String,
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/pg-cluster.sh")
}

fn run(args: &[&str]) -> String {
    let out = Command::new("bash")
        .arg(script())
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pg-cluster.sh {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

impl OwnCluster {
    fn start() -> Option<OwnCluster> {
        test_server_url()?;
        let dir = tempfile::tempdir().unwrap();
        let url = run(&["start", dir.path().to_str().unwrap()]);
        Some(OwnCluster { dir, url })
    }

    fn dir(&self) -> &str {
        self.dir.path().to_str().unwrap()
    }

    /// Stops the server like a crash; its data stays.
    fn crash(&self) {
        run(&["halt", self.dir(), "immediate"]);
    }

    /// Starts it again on the same port (after crash recovery).
    fn restart(&self) {
        assert_eq!(run(&["start", self.dir()]), self.url);
    }
}

impl Drop for OwnCluster {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(script())
            .args(["stop", self.dir()])
            .status();
    }
}

/// One call's outcome: which VM, whether it started replication, in which
/// phase it began, and its error code.
struct Call {
    vm: String,
    start: bool,
    phase: u8,
    code: Option<ErrorCode>,
}

const UP: u8 = 0;
const DOWN: u8 = 1;
const BACK: u8 = 2;

fn request(id: &str, start: bool) -> CreateMigrationRequest {
    let mut r = CreateMigrationRequest::new(SourceVm::new(id, id));
    r.vcenter_host = "vc01".into();
    r.start_replication = Some(start);
    r
}

#[test]
fn a_server_restarted_under_load_fails_calls_with_storage_and_the_manager_recovers() {
    let Some(cluster) = OwnCluster::start() else {
        return;
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let m = Manager::builder().postgres(&cluster.url).build().unwrap();
    let phase = Arc::new(AtomicU8::new(UP));
    let stop = Arc::new(AtomicBool::new(false));
    let calls = Arc::new(Mutex::new(Vec::<Call>::new()));
    let callers: Vec<_> = (0..6)
        .map(|t| {
            let (m, phase, stop, calls) = (m.clone(), phase.clone(), stop.clone(), calls.clone());
            rt.spawn(async move {
                let mut n = 0;
                while !stop.load(Ordering::Acquire) {
                    n += 1;
                    let (vm, start) = (format!("vm-{t}-{n}"), n % 2 == 0);
                    let began = phase.load(Ordering::Acquire);
                    let code = m
                        .create_migration(request(&vm, start))
                        .await
                        .err()
                        .map(|e| e.code());
                    calls.lock().unwrap().push(Call {
                        vm,
                        start,
                        phase: began,
                        code,
                    });
                    if code.is_some() {
                        tokio::time::sleep(Duration::from_millis(20)).await;
                    }
                }
            })
        })
        .collect();

    std::thread::sleep(Duration::from_millis(800));
    phase.store(DOWN, Ordering::Release);
    cluster.crash();
    std::thread::sleep(Duration::from_millis(1500));
    cluster.restart();
    phase.store(BACK, Ordering::Release);
    // Until every caller made a few successful calls again (bounded).
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        std::thread::sleep(Duration::from_millis(200));
        let c = calls.lock().unwrap();
        let recovered = (0..6).all(|t| {
            c.iter()
                .filter(|x| {
                    x.phase == BACK && x.code.is_none() && x.vm.starts_with(&format!("vm-{t}-"))
                })
                .count()
                >= 5
        });
        if recovered {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the manager did not recover by itself"
        );
    }
    stop.store(true, Ordering::Release);
    for c in callers {
        rt.block_on(c).unwrap();
    }
    let calls = std::mem::take(&mut *calls.lock().unwrap());

    // Before the crash every call succeeded (but the one each caller had in
    // flight when it came); while down they failed, only ever with `storage`.
    let up_failed = calls
        .iter()
        .filter(|c| c.phase == UP && c.code.is_some())
        .count();
    assert!(up_failed <= 6, "{up_failed} calls failed before the crash");
    assert!(
        calls.iter().filter(|c| c.phase == UP).count() > 6 * 5,
        "load before the crash"
    );
    let failed: Vec<_> = calls.iter().filter_map(|c| c.code).collect();
    assert!(
        calls.iter().any(|c| c.phase == DOWN && c.code.is_some()),
        "calls failed while the server was down"
    );
    assert!(
        failed.iter().all(|c| *c == ErrorCode::Storage),
        "only storage errors: {failed:?}"
    );

    // Nothing half-written: each VM is whole or absent, and every success
    // is there.
    rt.block_on(async {
        for c in &calls {
            let found = m
                .get_context(&ContextRef::Vm(VmIdentity {
                    vcenter_host: "vc01".into(),
                    vmware_vm_id: c.vm.clone(),
                }))
                .await;
            let ctx = match found {
                Ok(ctx) => ctx,
                Err(e) => {
                    assert_eq!(e.code(), ErrorCode::NotFound, "{}: {e:?}", c.vm);
                    assert!(c.code.is_some(), "{}: succeeded but is not stored", c.vm);
                    continue;
                }
            };
            if c.start {
                assert_eq!(ctx.current_status, Status::Replicating, "{}", c.vm);
                let job = ctx.current_job_id.clone().expect("a job with the context");
                let job = m.get_job(&job).await.unwrap();
                assert_eq!(job.context_id, ctx.context_id);
            } else {
                assert_eq!(ctx.current_status, Status::Discovered, "{}", c.vm);
                assert_eq!(ctx.current_job_id, None);
            }
        }
        // The job log caught up with what waited during the outage.
        let deadline = Instant::now() + Duration::from_secs(30);
        while let Err(e) = m.flush_job_log().await {
            assert!(Instant::now() < deadline, "job log never recovered: {e:?}");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        assert!(
            !m.log_jobs(&Default::default())
                .await
                .unwrap()
                .items
                .is_empty()
        );
    });
    drop(m);
}
