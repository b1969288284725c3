//! The hot paths of the performance issue, each as a ratio against a
//! baseline measured in the same run (README "Performance"):
//!
//! * `add_one_thread`: add_to_management vs a hand-written Python + stdlib
//!   sqlite3 host doing the same add (`benches/peer/python_host.py`, run as a
//!   subprocess that times itself) and vs raw rusqlite inserting one context
//!   row per transaction with the same pragmas.
//! * `add_threads`: 8 threads adding distinct VMs through one manager (group
//!   commit) and through 8 managers on one file, vs one thread.
//! * `duplicate_refused`: a refused duplicate vs the same Python host.
//! * `list_contexts`: a page of 100 deep in 1,000,000 contexts (by cursor)
//!   vs the first page.
//! * `failover_pair`: test failover + cleanup on a context with 1,000
//!   earlier failovers vs on a fresh one (the testkit's zero-latency ports).
//! * `durability`: add_to_management with `synchronous=FULL` vs `NORMAL`.
//! * `json_surface`: `get_context` through the core's JSON dispatch (value
//!   body and answer, as the Python binding uses it; text, as the C ABI, Go
//!   and uniffi use it) vs the typed call: the floor under every binding.
//!
//! `MK_BENCH_QUICK=1` skips the slow set-ups (1M contexts, 1,000 failovers).

use criterion::{Criterion, criterion_group};
use migratekit_core::model::{
    AddToManagementRequest, ContextFilter, ContextRef, CreateMigrationRequest,
    CreateMigrationResponse, FailoverTarget, SourceDisk, SourceVm,
};
use migratekit_core::sqlite::{Database, SqliteJobLog, SqliteStore};
use migratekit_core::testkit::{FakeCloud, FakeExporter, FakeVolumes};
use migratekit_core::{Durability, Manager};
use rusqlite::{Connection, params};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

static SEQ: AtomicU64 = AtomicU64::new(0);

fn next() -> u64 {
    SEQ.fetch_add(1, Ordering::Relaxed)
}

fn quick() -> bool {
    std::env::var_os("MK_BENCH_QUICK").is_some()
}

fn vm(n: u64) -> SourceVm {
    let mut vm = SourceVm::new(format!("vm-{n}"), format!("bench-{n}"));
    vm.path = format!("/DC/vm/bench-{n}");
    vm.cpus = 2;
    vm.memory_mb = 4096;
    vm.os_type = "linux".into();
    vm.power_state = "poweredOn".into();
    vm.disks = vec![SourceDisk {
        id: "disk-2000".into(),
        label: "Hard disk 1".into(),
        size_gb: 100,
        datastore: "ds1".into(),
        unit_number: 0,
    }];
    vm
}

fn add_request(n: u64) -> AddToManagementRequest {
    AddToManagementRequest {
        source_vm: vm(n),
        ossea_config_id: 1,
        target_network: String::new(),
        vcenter_host: "vc01".into(),
        datacenter: "DC".into(),
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Runs the Python peer for `iters` operations; the time it reports.
fn python(db: &Path, mode: &str, iters: u64) -> Duration {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("peer/python_host.py");
    let mut cmd = Command::new("python3");
    cmd.arg(script).arg(db).arg(mode).arg(iters.to_string());
    if mode == "add" {
        cmd.arg(SEQ.fetch_add(iters, Ordering::Relaxed).to_string());
    }
    let out = cmd.output().expect("python3 runs the peer");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ns: u64 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    Duration::from_nanos(ns)
}

fn add_one_thread(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let rt = runtime();
    let mut g = c.benchmark_group("add_one_thread");
    let py = dir.path().join("python.db");
    g.bench_function("python_sqlite3", |b| {
        b.iter_custom(|n| python(&py, "add", n))
    });
    let raw_path = dir.path().join("raw.db");
    drop(Manager::open(&raw_path).unwrap());
    let mut conn = Connection::open(&raw_path).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.pragma_update(None, "synchronous", "NORMAL").unwrap();
    g.bench_function("raw_rusqlite_row", |b| {
        b.iter(|| {
            let n = next();
            let v = vm(n);
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .unwrap();
            tx.prepare_cached(
                "INSERT INTO vm_replication_contexts (context_id, vm_name, vmware_vm_id,
                     vcenter_host, datacenter, ossea_config_id, target_network, source_vm,
                     current_status, created_at, updated_at, last_status_change)
                 VALUES (?1, ?2, ?3, 'vc01', 'DC', 1, '', ?4, 'discovered', ?5, ?5, ?5)",
            )
            .unwrap()
            .execute(params![
                format!("ctx-bench-{n}-20260101-000000"),
                v.name,
                v.id,
                serde_json::to_string(&v).unwrap(),
                chrono::Utc::now().to_rfc3339(),
            ])
            .unwrap();
            tx.commit().unwrap();
        })
    });
    let m = Manager::open(dir.path().join("mk.db")).unwrap();
    g.bench_function("migratekit", |b| {
        b.iter(|| {
            rt.block_on(m.add_to_management(add_request(next())))
                .unwrap()
        })
    });
    g.finish();
}

/// Adds `iters` distinct VMs from `threads` threads, each through
/// `managers[i % managers.len()]`; the wall time.
fn add_from_threads(managers: &[Manager], threads: u64, iters: u64) -> Duration {
    let base = SEQ.fetch_add(iters, Ordering::Relaxed);
    let started = Instant::now();
    std::thread::scope(|s| {
        for t in 0..threads {
            let m = &managers[t as usize % managers.len()];
            s.spawn(move || {
                let rt = runtime();
                let mut n = base + t;
                while n < base + iters {
                    rt.block_on(m.add_to_management(add_request(n))).unwrap();
                    n += threads;
                }
            });
        }
    });
    started.elapsed()
}

fn add_threads(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut g = c.benchmark_group("add_threads");
    let one = [Manager::open(dir.path().join("one.db")).unwrap()];
    g.bench_function("one_thread", |b| {
        b.iter_custom(|n| add_from_threads(&one, 1, n))
    });
    g.bench_function("eight_threads_one_manager", |b| {
        b.iter_custom(|n| add_from_threads(&one, 8, n))
    });
    let eight: Vec<Manager> = (0..8)
        .map(|_| Manager::open(dir.path().join("eight.db")).unwrap())
        .collect();
    g.bench_function("eight_managers_one_file", |b| {
        b.iter_custom(|n| add_from_threads(&eight, 8, n))
    });
    // With an fsync per commit (FULL), a commit is worth sharing.
    let full = [Manager::builder()
        .sqlite(dir.path().join("full.db"))
        .durability(Durability::Full)
        .build()
        .unwrap()];
    g.bench_function("one_thread_full", |b| {
        b.iter_custom(|n| add_from_threads(&full, 1, n))
    });
    g.bench_function("eight_threads_full", |b| {
        b.iter_custom(|n| add_from_threads(&full, 8, n))
    });
    g.finish();
}

fn duplicate_refused(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let rt = runtime();
    let mut g = c.benchmark_group("duplicate_refused");
    let py = dir.path().join("python.db");
    g.bench_function("python_sqlite3", |b| {
        b.iter_custom(|n| python(&py, "duplicate", n))
    });
    let m = Manager::open(dir.path().join("mk.db")).unwrap();
    rt.block_on(m.add_to_management(add_request(0))).unwrap();
    g.bench_function("migratekit", |b| {
        b.iter(|| {
            rt.block_on(m.add_to_management(add_request(0)))
                .unwrap_err()
        })
    });
    g.finish();
}

fn list_contexts(c: &mut Criterion) {
    if quick() {
        return;
    }
    const STORED: u64 = 1_000_000;
    let dir = tempfile::tempdir().unwrap();
    let rt = runtime();
    let m = Manager::open(dir.path().join("mk.db")).unwrap();
    let mut base = 0;
    while base < STORED {
        let vms = (base..base + 50_000)
            .map(|n| AddToManagementRequest {
                vcenter_host: "seed".into(),
                ..add_request(n)
            })
            .collect();
        rt.block_on(m.add_to_management_bulk(vms, None)).unwrap();
        base += 50_000;
    }
    let page = |after: Option<String>| ContextFilter {
        limit: Some(100),
        after,
        ..Default::default()
    };
    // The cursor after the 500,000th context, found once by offset.
    let deep = rt
        .block_on(m.list_contexts(&ContextFilter {
            limit: Some(100),
            offset: 499_900,
            ..Default::default()
        }))
        .unwrap()
        .next_cursor
        .expect("a cursor mid-way");
    let mut g = c.benchmark_group("list_contexts");
    g.bench_function("first_page", |b| {
        b.iter(|| rt.block_on(m.list_contexts(&page(None))).unwrap())
    });
    g.bench_function("page_at_500k", |b| {
        b.iter(|| {
            rt.block_on(m.list_contexts(&page(Some(deep.clone()))))
                .unwrap()
        })
    });
    g.finish();
}

/// A manager over SQLite and the testkit's zero-latency fakes.
fn with_fakes(path: PathBuf) -> Manager {
    let db = Database::open(path).unwrap();
    Manager::builder()
        .store(Arc::new(SqliteStore::new(db.clone())))
        .job_log(Arc::new(SqliteJobLog::new(db)))
        .volume_daemon(Arc::new(FakeVolumes::new()))
        .nbd_exporter(Arc::new(FakeExporter::new()))
        .target_cloud(Arc::new(FakeCloud::new()))
        .build()
        .unwrap()
}

/// A VM replicated once, ready for failover: its context id.
fn replicated(rt: &tokio::runtime::Runtime, m: &Manager) -> String {
    let n = next();
    let CreateMigrationResponse::JobStarted(j) = rt
        .block_on(m.create_migration(CreateMigrationRequest::new(vm(n))))
        .unwrap()
    else {
        panic!("a job")
    };
    rt.block_on(m.complete_job(&migratekit_core::model::CompleteJobRequest {
        job_id: j.job_id,
        change_id: "cbt-1".into(),
        change_ids: None,
    }))
    .unwrap();
    j.context_id
}

fn failover_pair(rt: &tokio::runtime::Runtime, m: &Manager, context_id: &str) {
    let r = ContextRef::ContextId(context_id.to_owned());
    rt.block_on(m.test_failover(&r)).unwrap();
    let t = FailoverTarget {
        context_id: Some(context_id.to_owned()),
        ..Default::default()
    };
    rt.block_on(m.cleanup_test_failover(&t)).unwrap();
}

fn failovers(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let rt = runtime();
    let m = with_fakes(dir.path().join("mk.db"));
    let fresh = replicated(&rt, &m);
    let busy = replicated(&rt, &m);
    let history = if quick() { 10 } else { 1_000 };
    for _ in 0..history {
        failover_pair(&rt, &m, &busy);
    }
    let mut g = c.benchmark_group("failover_pair");
    g.bench_function("fresh_context", |b| {
        b.iter(|| failover_pair(&rt, &m, &fresh))
    });
    g.bench_function("after_1000_failovers", |b| {
        b.iter(|| failover_pair(&rt, &m, &busy))
    });
    g.finish();
}

fn durability(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let rt = runtime();
    let mut g = c.benchmark_group("durability");
    for (name, d) in [("normal", Durability::Normal), ("full", Durability::Full)] {
        let m = Manager::builder()
            .sqlite(dir.path().join(format!("{name}.db")))
            .durability(d)
            .build()
            .unwrap();
        g.bench_function(name, |b| {
            b.iter(|| {
                rt.block_on(m.add_to_management(add_request(next())))
                    .unwrap()
            })
        });
    }
    g.finish();
}

fn json_surface(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let rt = runtime();
    let m = Manager::builder()
        .sqlite(dir.path().join("json.db"))
        .build()
        .unwrap();
    let added = rt.block_on(m.add_to_management(add_request(0))).unwrap();
    let by_id = ContextRef::ContextId(added.context_id.clone());
    let value = serde_json::json!({"context_id": added.context_id});
    let text = value.to_string();
    let op = migratekit_core::registry::Op::GetContext;
    let mut g = c.benchmark_group("json_surface");
    g.bench_function("typed", |b| {
        b.iter(|| rt.block_on(m.get_context(&by_id)).unwrap())
    });
    g.bench_function("value", |b| {
        b.iter(|| {
            rt.block_on(migratekit_core::json::call_op(&m, op, &value))
                .unwrap()
        })
    });
    g.bench_function("text", |b| {
        b.iter(|| {
            rt.block_on(migratekit_core::json::call_op_str(&m, op, &text))
                .unwrap()
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(4));
    targets = add_one_thread, add_threads, duplicate_refused, list_contexts, failovers, durability, json_surface
}

/// Time per iteration of a benchmark from criterion's saved estimates, in
/// ns: the slope of its linear sampling where it has one, else the mean.
fn mean_ns(group: &str, bench: &str) -> Option<f64> {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"),
        Into::into,
    );
    let path = target
        .join("criterion")
        .join(group)
        .join(bench)
        .join("new/estimates.json");
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    v["slope"]["point_estimate"]
        .as_f64()
        .or_else(|| v["mean"]["point_estimate"].as_f64())
}

/// The README's table rows: what, baseline, ours, ratio (baseline time /
/// our time: higher is better) and the goal.
fn report() {
    let rows = [
        (
            "add_one_thread",
            "python_sqlite3",
            "migratekit",
            "`add_to_management`, 1 thread vs Python + sqlite3 host",
            "≥ 0.9",
        ),
        (
            "add_one_thread",
            "raw_rusqlite_row",
            "migratekit",
            "`add_to_management`, 1 thread vs raw rusqlite (one context row per transaction)",
            "≥ 0.8",
        ),
        (
            "add_threads",
            "one_thread",
            "eight_threads_one_manager",
            "8 threads, one manager vs 1 thread (throughput ×)",
            "≥ 3",
        ),
        (
            "add_threads",
            "one_thread",
            "eight_managers_one_file",
            "8 managers on one file vs 1 thread (throughput ×)",
            "report",
        ),
        (
            "add_threads",
            "one_thread_full",
            "eight_threads_full",
            "8 threads vs 1 thread, `synchronous=FULL` (throughput ×)",
            "report",
        ),
        (
            "duplicate_refused",
            "python_sqlite3",
            "migratekit",
            "duplicate refused vs Python + sqlite3 host",
            "≥ 1",
        ),
        (
            "list_contexts",
            "first_page",
            "page_at_500k",
            "`list_contexts` page of 100 at 500k of 1M (cursor) vs first page",
            "≥ 0.83 (≤ 1.2×)",
        ),
        (
            "failover_pair",
            "fresh_context",
            "after_1000_failovers",
            "test failover + cleanup after 1,000 failovers vs fresh",
            "≥ 0.9",
        ),
        (
            "durability",
            "normal",
            "full",
            "`synchronous=FULL` vs `NORMAL` (cost of FULL)",
            "report",
        ),
        (
            "json_surface",
            "typed",
            "value",
            "`get_context` through `json::call_op` (values) vs the typed call",
            "report",
        ),
        (
            "json_surface",
            "typed",
            "text",
            "`get_context` through `json::call_op_str` (text, C ABI/Go/uniffi) vs the typed call",
            "report",
        ),
    ];
    println!("\n| path | baseline | migratekit | ratio | goal |\n|---|---|---|---|---|");
    for (group, base, ours, what, goal) in rows {
        let (Some(b), Some(o)) = (mean_ns(group, base), mean_ns(group, ours)) else {
            continue;
        };
        let per = |ns: f64| {
            if group == "add_threads" {
                format!("{:.1}k/s", 1e6 / ns)
            } else if ns > 1e6 {
                format!("{:.2} ms", ns / 1e6)
            } else {
                format!("{:.1} µs", ns / 1e3)
            }
        };
        println!(
            "| {what} | {} | {} | **{:.2}** | {goal} |",
            per(b),
            per(o),
            b / o
        );
    }
    if let Some(pair) = mean_ns("failover_pair", "fresh_context") {
        println!("\nfailover pairs/s (fresh context): {:.0}", 1e9 / pair);
    }
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    report();
}
