//! A child process for the multi-process tests.
//!
//! `race-child <db> <mode> <arg> <start_at_unix_ms>`: opens the database,
//! waits until the given instant so every child fires at once, runs one
//! operation and prints `{"ok": true, ...}` or the error body.
//!
//! Modes: `add` / `start` run one `create_migration` for the VM `<arg>`;
//! `open` only opens the database (the instant is ignored: opening is the
//! race); `schedule` runs `run_due_schedules` with `now` = `<arg>` (RFC 3339)
//! and prints the executions it ran; `adds` adds VMs `<arg>-0`, `<arg>-1`, …
//! until killed, printing `<n> <unix_ms>` as each add returns.

use chrono::{DateTime, Utc};
use migratekit_core::Manager;
use migratekit_core::model::{CreateMigrationRequest, SourceVm};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn wait_until(start_at: &str) {
    let start_at = Duration::from_millis(start_at.parse().expect("start_at"));
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    if let Some(wait) = start_at.checked_sub(now) {
        std::thread::sleep(wait);
    }
}

fn unix_ms() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis()
}

fn adds_until_killed(manager: &Manager, prefix: &str) -> ! {
    use std::io::Write;
    let rt = migratekit_tests::rig::runtime();
    let mut out = std::io::stdout().lock();
    for n in 0.. {
        let id = format!("{prefix}-{n}");
        let mut req = CreateMigrationRequest::new(SourceVm::new(id.as_str(), id.as_str()));
        req.vcenter_host = "vc01".into();
        req.start_replication = Some(false);
        rt.block_on(manager.create_migration(req)).expect("add");
        writeln!(out, "{n} {}", unix_ms()).unwrap();
        out.flush().unwrap();
    }
    unreachable!()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, db, mode, arg, start_at] = args.as_slice() else {
        eprintln!("usage: race-child <db> <add|start|open|schedule> <arg> <start_at_unix_ms>");
        std::process::exit(2);
    };
    if mode == "open" {
        wait_until(start_at);
        let line = match Manager::open(db) {
            Ok(_) => serde_json::json!({"ok": true}),
            Err(e) => serde_json::to_value(e.to_body()).unwrap(),
        };
        println!("{line}");
        return;
    }
    let manager = Manager::open(db).expect("open database");
    wait_until(start_at);
    if mode == "adds" {
        adds_until_killed(&manager, arg);
    }
    let rt = migratekit_tests::rig::runtime();
    let line = if mode == "schedule" {
        let now: DateTime<Utc> = arg.parse().expect("now as RFC 3339");
        match rt.block_on(manager.run_due_schedules(Some(now))) {
            Ok(runs) => serde_json::json!({"ok": true, "executions": runs}),
            Err(e) => serde_json::to_value(e.to_body()).unwrap(),
        }
    } else {
        let mut req = CreateMigrationRequest::new(SourceVm::new(arg.as_str(), arg.as_str()));
        req.vcenter_host = "vc01".into();
        req.start_replication = Some(mode == "start");
        match rt.block_on(manager.create_migration(req)) {
            Ok(_) => serde_json::json!({"ok": true}),
            Err(e) => serde_json::to_value(e.to_body()).unwrap(),
        }
    };
    println!("{line}");
}
