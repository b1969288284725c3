//! A control-plane node for the PostgreSQL multi-node tests.
//!
//! `node-child <url> <dir> <mode> <arg> <start_at_unix_ms>`: a manager of
//! its own (its own pool of connections) on the PostgreSQL database at
//! `<url>`, with the rig's ports in `<dir>` (local volume files, file-backed
//! exporter and cloud: every node sees the same world). It waits until the
//! given instant so every node fires at once, runs one operation and prints
//! `{"ok": true, ...}` or the error body.
//!
//! Modes: `add` / `start` run one `create_migration` for the VM `<arg>`;
//! `add_many` / `start_many` do so for `<arg>` VMs `vm-0` … in turn and
//! print each answer's code; `test_failover` fails the VM `<arg>` over for a
//! test; `schedule` runs `run_due_schedules` with `now` = `<arg>`.
//! `MK_LEASE_MS` sets the operation lease; `MK_DELAY_POWER_ON_MS` makes the
//! cloud's power-on that slow (so a test can kill the node mid-operation);
//! `MK_READY_FILE` is created once the node is about to run.

use chrono::{DateTime, Utc};
use migratekit_core::model::{ContextRef, CreateMigrationRequest, VmIdentity};
use migratekit_core::testkit::FakeCloud;
use migratekit_core::{Error, Manager};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn wait_until(start_at: &str) {
    let start_at = Duration::from_millis(start_at.parse().expect("start_at"));
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    if let Some(wait) = start_at.checked_sub(now) {
        std::thread::sleep(wait);
    }
}

fn request(vm: &str, start: bool) -> CreateMigrationRequest {
    let mut r = migratekit_tests::rig::two_disk_vm(vm);
    r.vcenter_host = "vc01".into();
    r.start_replication = Some(start);
    r
}

fn answer(r: Result<serde_json::Value, Error>) -> serde_json::Value {
    match r {
        Ok(v) => v,
        Err(e) => serde_json::to_value(e.to_body()).unwrap(),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, url, dir, mode, arg, start_at] = args.as_slice() else {
        eprintln!("usage: node-child <url> <dir> <mode> <arg> <start_at_unix_ms>");
        std::process::exit(2);
    };
    let dir = Path::new(dir);
    let mut b = migratekit_tests::rig::with_ports(Manager::builder().postgres(url), dir);
    if let Ok(ms) = std::env::var("MK_LEASE_MS") {
        b = b.operation_lease(Duration::from_millis(ms.parse().expect("MK_LEASE_MS")));
    }
    if let Ok(ms) = std::env::var("MK_DELAY_POWER_ON_MS") {
        let cloud = FakeCloud::persistent(dir.join("cloud.json")).expect("cloud");
        let by = Duration::from_millis(ms.parse().expect("MK_DELAY_POWER_ON_MS"));
        cloud.faults().delay("power_on", by);
        b = b.target_cloud(Arc::new(cloud));
    }
    let m = b.build().expect("open the database");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    if let Some(ready) = std::env::var_os("MK_READY_FILE") {
        std::fs::write(ready, b"ready").unwrap();
    }
    wait_until(start_at);
    let line = rt.block_on(async {
        match mode.as_str() {
            "add" | "start" => answer(
                m.create_migration(request(arg, mode == "start"))
                    .await
                    .map(|_| serde_json::json!({"ok": true})),
            ),
            "add_many" | "start_many" => {
                let n: usize = arg.parse().expect("a count");
                let mut codes = Vec::with_capacity(n);
                for i in 0..n {
                    let r = m
                        .create_migration(request(&format!("vm-{i}"), mode == "start_many"))
                        .await;
                    codes.push(match r {
                        Ok(_) => "ok".to_owned(),
                        Err(e) => e.code().as_str().to_owned(),
                    });
                }
                serde_json::json!({"ok": true, "codes": codes})
            }
            "test_failover" => {
                let vm = ContextRef::Vm(VmIdentity {
                    vcenter_host: "vc01".into(),
                    vmware_vm_id: arg.clone(),
                });
                answer(
                    m.test_failover(&vm)
                        .await
                        .map(|r| serde_json::json!({"ok": true, "result": r})),
                )
            }
            "schedule" => {
                let now: DateTime<Utc> = arg.parse().expect("now as RFC 3339");
                answer(
                    m.run_due_schedules(Some(now))
                        .await
                        .map(|runs| serde_json::json!({"ok": true, "executions": runs})),
                )
            }
            other => {
                eprintln!("unknown mode {other}");
                std::process::exit(2);
            }
        }
    });
    println!("{line}");
}
