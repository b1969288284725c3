//! The PostgreSQL store under concurrency, as ratios against raw
//! tokio-postgres doing the same inserts in the same run (README
//! "Performance").
//!
//! * `pg_add_to_management`: one VM per call, with 1, 4 and 16 concurrent
//!   callers on one manager, and 16 callers over 4 managers (4 pools, as 4
//!   nodes in one process would); raw: the same callers, each on a
//!   connection of its own, inserting the context row and its log job, step
//!   and event rows in one transaction.
//! * `pg_start_replication`: a new VM (context + job), the same way.
//!
//! The server: `MIGRATEKIT_BENCH_PG_URL`, else `MIGRATEKIT_TEST_PG_URL`, else a
//! throwaway cluster started by `scripts/pg-cluster.sh` and stopped at the
//! end: commits are written before they are acknowledged but not fsynced,
//! like the SQLite benchmarks' `synchronous=NORMAL`, so the ratios measure
//! the library rather than the disk (`PG_CLUSTER_DURABLE=1` in the
//! environment fsyncs every commit). Without PostgreSQL installed the
//! benchmark says so and does nothing.

use criterion::{Criterion, criterion_group};
use migratekit_core::Manager;
use migratekit_core::model::{
    AddToManagementRequest, CreateMigrationRequest, SourceDisk, SourceVm,
};
use migratekit_core::testkit::postgres::TestSchema;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio_postgres::{Client, NoTls, Statement};

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

fn start_request(n: u64) -> CreateMigrationRequest {
    let mut r = CreateMigrationRequest::new(vm(n));
    r.vcenter_host = "vc01".into();
    r
}

/// The benchmark's server, and the cluster to stop when it started one.
struct Server {
    url: String,
    own: Option<PathBuf>,
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/pg-cluster.sh")
}

impl Server {
    fn find() -> Option<Server> {
        for var in ["MIGRATEKIT_BENCH_PG_URL", "MIGRATEKIT_TEST_PG_URL"] {
            if let Ok(url) = std::env::var(var)
                && !url.is_empty()
            {
                return Some(Server { url, own: None });
            }
        }
        let dir = std::env::temp_dir().join(format!("mk-bench-pg-{}", std::process::id()));
        let out = Command::new("bash")
            .arg(script())
            .arg("start")
            .arg(&dir)
            .output()
            .ok()?;
        if !out.status.success() {
            eprintln!(
                "PostgreSQL benchmarks skipped: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            );
            return None;
        }
        Some(Server {
            url: String::from_utf8_lossy(&out.stdout).trim().to_owned(),
            own: Some(dir),
        })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(dir) = &self.own {
            let _ = Command::new("bash")
                .arg(script())
                .arg("stop")
                .arg(dir)
                .status();
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// Runs `iters` calls of `op` spread over `callers` concurrent tasks; the
/// wall time they took.
async fn concurrently<F, Fut>(callers: usize, iters: u64, op: F) -> Duration
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(callers);
    for c in 0..callers {
        let share = iters / callers as u64 + u64::from((c as u64) < iters % callers as u64);
        let calls: Vec<Fut> = (0..share).map(|_| op(c)).collect();
        tasks.push(tokio::spawn(async move {
            for call in calls {
                call.await;
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    started.elapsed()
}

/// A raw connection with the benchmark's statements prepared.
struct Raw {
    client: tokio::sync::Mutex<Client>,
    context: Statement,
    job: Statement,
    log_job: Statement,
    log_step: Statement,
    log_event: Statement,
}

impl Raw {
    async fn connect(url: &str) -> Raw {
        let (client, conn) = tokio_postgres::connect(url, NoTls).await.unwrap();
        tokio::spawn(conn);
        let context = client
            .prepare(
                "INSERT INTO vm_replication_contexts (context_id, vm_name, vmware_vm_id,
                     vcenter_host, datacenter, ossea_config_id, target_network, source_vm,
                     current_status, created_at, updated_at, last_status_change)
                 VALUES ($1, $2, $3, 'vc01', 'DC', 1, '', $4, $5, now(), now(), now())",
            )
            .await
            .unwrap();
        let job = client
            .prepare(
                "INSERT INTO replication_jobs (job_id, context_id, replication_type, status,
                     previous_status, change_id, previous_change_id, snapshot_id,
                     schedule_execution_id, vm_group_id, scheduled_by, started_at, updated_at)
                 VALUES ($1, $2, 'initial', 'pending', 'discovered', '', '', '', '', '', '',
                         now(), now())",
            )
            .await
            .unwrap();
        let log_job = client
            .prepare(
                "INSERT INTO log_jobs (job_id, operation, context_id, status, started_at,
                     finished_at)
                 VALUES ($1, $2, $3, 'completed', now(), now())",
            )
            .await
            .unwrap();
        let log_step = client
            .prepare(
                "INSERT INTO log_steps (job_id, seq, name, status, started_at, finished_at)
                 VALUES ($1, 1, 'create-context', 'completed', now(), now())",
            )
            .await
            .unwrap();
        let log_event = client
            .prepare(
                "INSERT INTO log_events (job_id, seq, at, level, target, message)
                 VALUES ($1, 1, now(), 'INFO', 'migratekit_core', $2)",
            )
            .await
            .unwrap();
        Raw {
            client: tokio::sync::Mutex::new(client),
            context,
            job,
            log_job,
            log_step,
            log_event,
        }
    }

    /// The rows of one add (`with_job`: of one start) in one transaction.
    async fn insert(&self, n: u64, with_job: bool) {
        let mut client = self.client.lock().await;
        let tx = client.transaction().await.unwrap();
        let v = vm(n);
        let ctx = format!("ctx-bench-{n}-20260101-000000");
        let status = if with_job {
            "replicating"
        } else {
            "discovered"
        };
        tx.execute(
            &self.context,
            &[
                &ctx,
                &v.name,
                &v.id,
                &tokio_postgres::types::Json(&v),
                &status,
            ],
        )
        .await
        .unwrap();
        if with_job {
            tx.execute(&self.job, &[&format!("job-{n}"), &ctx])
                .await
                .unwrap();
        }
        let op = format!("op-{n}");
        let operation = if with_job {
            "start_replication"
        } else {
            "add_to_management"
        };
        tx.execute(&self.log_job, &[&op, &operation, &ctx])
            .await
            .unwrap();
        tx.execute(&self.log_step, &[&op]).await.unwrap();
        tx.execute(
            &self.log_event,
            &[&op, &format!("VM added to management context_id={ctx}")],
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
    }
}

const CALLERS: [usize; 3] = [1, 4, 16];
const MANAGERS: usize = 4;

fn pg(c: &mut Criterion) {
    let Some(server) = Server::find() else {
        return;
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let schema = TestSchema::create(&server.url).unwrap();
    let managers: Vec<Manager> = (0..MANAGERS)
        .map(|_| Manager::builder().postgres(schema.url()).build().unwrap())
        .collect();
    let raws: Vec<Arc<Raw>> = rt.block_on(async {
        let mut raws = Vec::new();
        for _ in 0..*CALLERS.iter().max().unwrap() {
            raws.push(Arc::new(Raw::connect(schema.url()).await));
        }
        raws
    });

    for (group, with_job) in [
        ("pg_add_to_management", false),
        ("pg_start_replication", true),
    ] {
        let mut g = c.benchmark_group(group);
        for callers in CALLERS {
            g.bench_function(format!("raw_{callers}"), |b| {
                b.iter_custom(|iters| {
                    rt.block_on(concurrently(callers, iters, |c| {
                        let raw = raws[c].clone();
                        async move { raw.insert(next(), with_job).await }
                    }))
                })
            });
            g.bench_function(format!("migratekit_{callers}"), |b| {
                b.iter_custom(|iters| {
                    rt.block_on(concurrently(callers, iters, |_| {
                        let m = managers[0].clone();
                        async move {
                            if with_job {
                                m.create_migration(start_request(next())).await.unwrap();
                            } else {
                                m.add_to_management(add_request(next())).await.unwrap();
                            }
                        }
                    }))
                })
            });
        }
        let callers = *CALLERS.iter().max().unwrap();
        g.bench_function(
            format!("migratekit_{callers}_on_{MANAGERS}_managers"),
            |b| {
                b.iter_custom(|iters| {
                    rt.block_on(concurrently(callers, iters, |c| {
                        let m = managers[c % MANAGERS].clone();
                        async move {
                            if with_job {
                                m.create_migration(start_request(next())).await.unwrap();
                            } else {
                                m.add_to_management(add_request(next())).await.unwrap();
                            }
                        }
                    }))
                })
            },
        );
        g.finish();
    }
    drop(managers);
    drop(raws);
    drop(schema);
    drop(server);
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(5));
    targets = pg
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

/// The README table rows: time per call (wall time / calls, so concurrency
/// shows as throughput) and raw / migratekit (higher is better).
fn report() {
    println!("\nRatios (this run; time per call = wall time / calls):");
    println!("| benchmark | callers | raw tokio-postgres | migratekit | ratio |");
    println!("|---|---|---|---|---|");
    for group in ["pg_add_to_management", "pg_start_replication"] {
        let max = *CALLERS.iter().max().unwrap();
        let rows = CALLERS
            .iter()
            .map(|n| (n.to_string(), format!("raw_{n}"), format!("migratekit_{n}")))
            .chain([(
                format!("{max} on {MANAGERS} managers"),
                format!("raw_{max}"),
                format!("migratekit_{max}_on_{MANAGERS}_managers"),
            )]);
        for (callers, raw, ours) in rows {
            if let (Some(b), Some(o)) = (mean_ns(group, &raw), mean_ns(group, &ours)) {
                println!(
                    "| `{}` | {callers} | {:.1} µs | {:.1} µs | **{:.2}** |",
                    group.trim_start_matches("pg_"),
                    b / 1e3,
                    o / 1e3,
                    b / o
                );
            }
        }
    }
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    report();
}
