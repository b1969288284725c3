//! DESIGN §3: duplicate protection holds across OS processes sharing one
//! SQLite file.

use migratekit_core::Manager;
use migratekit_core::model::{ContextRef, JobFilter, VmIdentity};
use std::process::Command;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const CHILDREN: usize = 6;

/// Runs `CHILDREN` processes doing `mode` on one VM at the same instant;
/// returns each child's answer.
fn race(db: &std::path::Path, mode: &str, vm: &str) -> Vec<serde_json::Value> {
    // Every child sleeps until this instant, so all of them have opened the
    // database and fire together.
    let start_at = (SystemTime::now().duration_since(UNIX_EPOCH).unwrap()
        + Duration::from_millis(1500))
    .as_millis()
    .to_string();
    let spawned: Vec<_> = (0..CHILDREN)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_race-child"))
                .args([db.to_str().unwrap(), mode, vm, &start_at])
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    spawned
        .into_iter()
        .map(|c| {
            let out = c.wait_with_output().unwrap();
            assert!(out.status.success(), "child failed: {out:?}");
            serde_json::from_slice(&out.stdout).unwrap()
        })
        .collect()
}

fn tally(answers: &[serde_json::Value]) -> (usize, Vec<String>) {
    let ok = answers.iter().filter(|a| a["ok"] == true).count();
    let codes = answers
        .iter()
        .filter_map(|a| a["code"].as_str().map(str::to_owned))
        .collect();
    (ok, codes)
}

#[test]
fn processes_adding_one_vm_give_one_context() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shared.db");
    Manager::open(&db).unwrap(); // create the schema once, as a deployment would
    let answers = race(&db, "add", "vm-race");
    let (ok, codes) = tally(&answers);
    assert_eq!(ok, 1, "{answers:?}");
    assert_eq!(codes, vec!["already_managed".to_owned(); CHILDREN - 1]);
}

#[test]
fn processes_starting_one_vm_give_one_active_job() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shared.db");
    let m = Manager::open(&db).unwrap();
    let answers = race(&db, "start", "vm-race");
    let (ok, codes) = tally(&answers);
    assert_eq!(ok, 1, "{answers:?}");
    assert_eq!(codes, vec!["replication_active".to_owned(); CHILDREN - 1]);
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let ctx = rt
        .block_on(m.get_context(&ContextRef::Vm(VmIdentity {
            vcenter_host: "vc01".into(),
            vmware_vm_id: "vm-race".into(),
        })))
        .unwrap();
    let jobs = rt
        .block_on(m.list_jobs(&JobFilter {
            context_id: Some(ctx.context_id),
            ..Default::default()
        }))
        .unwrap();
    assert_eq!(jobs.items.len(), 1);
}

#[test]
fn processes_opening_a_new_file_at_once_all_migrate_it_safely() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fresh.db");
    // No schema yet: every child races to create it, then to add the VM.
    let answers = race(&db, "add", "vm-fresh");
    let (ok, codes) = tally(&answers);
    assert_eq!(ok, 1, "{answers:?}");
    assert_eq!(codes, vec!["already_managed".to_owned(); CHILDREN - 1]);
}
