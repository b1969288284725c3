//! A control-plane node for `tests/tests/break_postgres.rs`: one manager of
//! its own (its own pool) on a PostgreSQL database, the rig's ports in a
//! directory shared with its siblings, one operation through the JSON
//! surface.
//!
//! `pg-break-child <url> <dir> <operation> <json body>`: prints the answer,
//! or the error body, as one JSON line. `MK_LEASE_MS` sets the operation
//! lease; `MK_START_AT` (unix ms) makes every sibling fire at once;
//! `MK_READY_FILE` is written once the manager is open;
//! `MK_DELAY_POWER_ON_MS` slows the cloud's power-on so a test can kill the
//! node mid-operation; `MIGRATEKIT_CRASH_AT` aborts it at a step.

use migratekit_core::Manager;
use migratekit_core::testkit::FakeCloud;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, url, dir, op, body] = args.as_slice() else {
        eprintln!("usage: pg-break-child <url> <dir> <operation> <json body>");
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
    let body: serde_json::Value = serde_json::from_str(body).expect("a JSON body");
    let line = match b.build() {
        Err(e) => serde_json::to_value(e.to_body()).unwrap(),
        Ok(m) => {
            if let Some(ready) = std::env::var_os("MK_READY_FILE") {
                std::fs::write(ready, b"ready").unwrap();
            }
            if let Ok(at) = std::env::var("MK_START_AT") {
                let at = Duration::from_millis(at.parse().expect("MK_START_AT"));
                let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
                if let Some(wait) = at.checked_sub(now) {
                    std::thread::sleep(wait);
                }
            }
            let rt = migratekit_tests::rig::runtime();
            let answer = if op == "open" {
                Ok(serde_json::json!({}))
            } else {
                rt.block_on(migratekit_core::json::call(&m, op, &body))
            };
            match answer {
                Ok(v) => serde_json::json!({"ok": v}),
                Err(e) => serde_json::to_value(e.to_body()).unwrap(),
            }
        }
    };
    println!("{line}");
}
