//! Speed of the hot paths as ratios against raw rusqlite doing the same
//! writes in the same run (README "Performance").
//!
//! * `add_to_management`: one VM, vs a raw insert of the same rows (the
//!   context, its log job, log step and log event) in one transaction.
//! * `start_replication`: a new VM (context + job), vs the same rows raw.
//! * `bulk_10k`: 10,000 VMs in one call, vs one raw batched transaction.
//! * `scale`: add_to_management with 1,000 vs 1,000,000 contexts stored.
//!
//! After the groups run, the ratios are printed from criterion's estimates.

use criterion::{BatchSize, Criterion, criterion_group};
use migratekit_core::Manager;
use migratekit_core::model::{
    AddToManagementRequest, CreateMigrationRequest, SourceDisk, SourceVm,
};
use rusqlite::{Connection, params};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

static SEQ: AtomicU64 = AtomicU64::new(0);

fn next() -> u64 {
    SEQ.fetch_add(1, Ordering::Relaxed)
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

/// A raw connection on a migratekit database, with the same pragmas.
fn raw(path: &Path) -> Connection {
    drop(Manager::open(path).unwrap());
    let c = Connection::open(path).unwrap();
    c.pragma_update(None, "journal_mode", "WAL").unwrap();
    c.pragma_update(None, "synchronous", "NORMAL").unwrap();
    c
}

fn raw_context(tx: &rusqlite::Transaction<'_>, n: u64, vc: &str) {
    let now = "2026-01-01T00:00:00.000000Z";
    let v = vm(n);
    tx.prepare_cached(
        "INSERT INTO vm_replication_contexts (context_id, vm_name, vmware_vm_id, vcenter_host,
             datacenter, ossea_config_id, target_network, source_vm, current_status,
             created_at, updated_at, last_status_change)
         VALUES (?1, ?2, ?3, ?4, 'DC', 1, '', ?5, 'discovered', ?6, ?6, ?6)",
    )
    .unwrap()
    .execute(params![
        format!("ctx-bench-{n}-20260101-000000"),
        v.name,
        v.id,
        vc,
        serde_json::to_string(&v).unwrap(),
        now
    ])
    .unwrap();
}

fn raw_log(tx: &rusqlite::Transaction<'_>, n: u64, op: &str) {
    let now = "2026-01-01T00:00:00.000000Z";
    let job = format!("op-{n}");
    tx.prepare_cached(
        "INSERT INTO log_jobs (job_id, operation, context_id, status, started_at, finished_at)
         VALUES (?1, ?2, ?3, 'completed', ?4, ?4)",
    )
    .unwrap()
    .execute(params![job, op, format!("ctx-bench-{n}"), now])
    .unwrap();
    tx.prepare_cached(
        "INSERT INTO log_steps (job_id, seq, name, status, started_at, finished_at)
         VALUES (?1, 1, 'create-context', 'completed', ?2, ?2)",
    )
    .unwrap()
    .execute(params![job, now])
    .unwrap();
    tx.prepare_cached(
        "INSERT INTO log_events (job_id, seq, at, level, target, message)
         VALUES (?1, 1, ?2, 'INFO', 'migratekit_core', ?3)",
    )
    .unwrap()
    .execute(params![
        job,
        now,
        format!("VM added to management context_id=ctx-bench-{n}")
    ])
    .unwrap();
}

fn single(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let rt = runtime();
    let mut g = c.benchmark_group("add_to_management");
    let mut conn = raw(&dir.path().join("raw.db"));
    g.bench_function("raw_rusqlite", |b| {
        b.iter(|| {
            let n = next();
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .unwrap();
            raw_context(&tx, n, "vc01");
            raw_log(&tx, n, "add_to_management");
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

    let mut g = c.benchmark_group("start_replication");
    g.bench_function("raw_rusqlite", |b| {
        b.iter(|| {
            let n = next();
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).unwrap();
            raw_context(&tx, n, "vc01");
            tx.prepare_cached(
                "INSERT INTO replication_jobs (job_id, context_id, replication_type, status,
                     previous_status, change_id, previous_change_id, snapshot_id,
                     schedule_execution_id, vm_group_id, scheduled_by, started_at, updated_at)
                 VALUES (?1, ?2, 'initial', 'pending', 'discovered', '', '', '', '', '', '', ?3, ?3)",
            )
            .unwrap()
            .execute(params![format!("job-{n}"), format!("ctx-bench-{n}-20260101-000000"), "2026-01-01T00:00:00.000000Z"])
            .unwrap();
            raw_log(&tx, n, "start_replication");
            tx.commit().unwrap();
        })
    });
    g.bench_function("migratekit", |b| {
        b.iter(|| {
            let mut r = CreateMigrationRequest::new(vm(next()));
            r.vcenter_host = "vc01".into();
            rt.block_on(m.create_migration(r)).unwrap()
        })
    });
    g.finish();
}

fn bulk(c: &mut Criterion) {
    const N: u64 = 10_000;
    let dir = tempfile::tempdir().unwrap();
    let rt = runtime();
    let mut g = c.benchmark_group("bulk_10k");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    let mut conn = raw(&dir.path().join("raw.db"));
    g.bench_function("raw_rusqlite", |b| {
        b.iter(|| {
            let base = SEQ.fetch_add(N, Ordering::Relaxed);
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .unwrap();
            for n in base..base + N {
                raw_context(&tx, n, "vc01");
            }
            raw_log(&tx, base, "add_to_management_bulk");
            tx.commit().unwrap();
        })
    });
    let m = Manager::open(dir.path().join("mk.db")).unwrap();
    g.bench_function("migratekit", |b| {
        b.iter_batched(
            || {
                let base = SEQ.fetch_add(N, Ordering::Relaxed);
                (base..base + N).map(add_request).collect::<Vec<_>>()
            },
            |vms| rt.block_on(m.add_to_management_bulk(vms, None)).unwrap(),
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

fn scale(c: &mut Criterion) {
    let rt = runtime();
    let mut g = c.benchmark_group("scale");
    let mut dirs = Vec::new();
    for stored in [1_000u64, 1_000_000] {
        let dir = tempfile::tempdir().unwrap();
        let m = Manager::open(dir.path().join("mk.db")).unwrap();
        let mut base = 0;
        while base < stored {
            let chunk = (stored - base).min(50_000);
            let vms = (base..base + chunk)
                .map(|n| AddToManagementRequest {
                    vcenter_host: "seed".into(),
                    ..add_request(n)
                })
                .collect();
            rt.block_on(m.add_to_management_bulk(vms, None)).unwrap();
            base += chunk;
        }
        g.bench_function(format!("add_to_management_with_{stored}_stored"), |b| {
            b.iter(|| {
                rt.block_on(m.add_to_management(add_request(next())))
                    .unwrap()
            })
        });
        dirs.push(dir);
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(5));
    targets = single, bulk, scale
}

/// Mean time of a benchmark from criterion's saved estimates, in ns.
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
    v["mean"]["point_estimate"].as_f64()
}

fn report() {
    println!("\nRatios (this run):");
    let pairs = [
        (
            "add_to_management",
            "raw_rusqlite",
            "migratekit",
            "throughput vs raw (target >= 0.5)",
        ),
        (
            "start_replication",
            "raw_rusqlite",
            "migratekit",
            "throughput vs raw (target >= 0.5)",
        ),
        (
            "bulk_10k",
            "raw_rusqlite",
            "migratekit",
            "throughput vs raw (target >= 0.5)",
        ),
        (
            "scale",
            "add_to_management_with_1000_stored",
            "add_to_management_with_1000000_stored",
            "1,000 / 1,000,000 stored (target >= 0.5, i.e. within 2x)",
        ),
    ];
    for (group, base, ours, what) in pairs {
        if let (Some(b), Some(o)) = (mean_ns(group, base), mean_ns(group, ours)) {
            println!(
                "  {group:<18} {:>10.1} µs vs {:>10.1} µs  ratio {:.2}  {what}",
                b / 1e3,
                o / 1e3,
                b / o
            );
        }
    }
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    report();
}
