//! A child process for the multi-process duplicate-protection tests.
//!
//! `race-child <db> <add|start> <vmware_vm_id> <start_at_unix_ms>`: opens the
//! database, waits until the given instant so every child fires at once, runs
//! one `create_migration`, and prints `{"ok": true}` or the error body.

use migratekit_core::Manager;
use migratekit_core::model::{CreateMigrationRequest, SourceVm};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, db, mode, vm_id, start_at] = args.as_slice() else {
        eprintln!("usage: race-child <db> <add|start> <vmware_vm_id> <start_at_unix_ms>");
        std::process::exit(2);
    };
    let manager = Manager::open(db).expect("open database");
    let start_at = Duration::from_millis(start_at.parse().expect("start_at"));
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    if let Some(wait) = start_at.checked_sub(now) {
        std::thread::sleep(wait);
    }
    let mut req = CreateMigrationRequest::new(SourceVm::new(vm_id.as_str(), vm_id.as_str()));
    req.vcenter_host = "vc01".into();
    req.start_replication = Some(mode == "start");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let line = match rt.block_on(manager.create_migration(req)) {
        Ok(_) => serde_json::json!({"ok": true}),
        Err(e) => serde_json::to_value(e.to_body()).unwrap(),
    };
    println!("{line}");
}
