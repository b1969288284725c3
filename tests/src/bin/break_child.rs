//! A child process for `tests/tests/break_it.rs`.
//!
//! * `break-child <dir> op <operation> <json-body>` runs one operation through
//!   `migratekit_core::json::call` on the rig in `dir` (crash points armed by
//!   the parent through `MIGRATEKIT_CRASH_AT`) and prints the answer or the
//!   error body; exit 0 on success, 1 on an error.
//! * `break-child <dir> loop <seed> <iterations> <vm-count>` runs a random
//!   sequence of operations over `vm-count` VMs, printing one line per call;
//!   the parent races several of these or SIGKILLs one at a random moment.
//!   Every run uses `MK_CLOCK_OFFSET_MIN` minutes added to the system clock
//!   when set (so a parent can run "later" than a killed child's leases).

use migratekit_core::json;
use migratekit_core::model::{
    ContextFilter, ContextRef, CreateMigrationResponse, FailoverTarget, JobFilter, JobRef,
};
use migratekit_core::ports::ManualClock;
use std::path::Path;
use std::sync::Arc;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: break-child <dir> op|loop ...");
        std::process::exit(2);
    }
    let dir = Path::new(&args[1]);
    let mut b = migratekit_tests::rig::builder(dir);
    if let Ok(off) = std::env::var("MK_CLOCK_OFFSET_MIN") {
        let off: i64 = off.parse().expect("minutes");
        b = b.clock(Arc::new(ManualClock::new(
            chrono::Utc::now() + chrono::Duration::minutes(off),
        )));
    }
    let m = match b.build() {
        Ok(m) => m,
        Err(e) => {
            println!("OPEN-ERR {}", serde_json::to_string(&e.to_body()).unwrap());
            std::process::exit(3);
        }
    };
    let rt = migratekit_tests::rig::runtime();
    match args[2].as_str() {
        "op" => {
            let body: serde_json::Value = serde_json::from_str(&args[4]).expect("json body");
            match rt.block_on(json::call(&m, &args[3], &body)) {
                Ok(v) => {
                    println!("{v}");
                }
                Err(e) => {
                    println!("{}", serde_json::to_string(&e.to_body()).unwrap());
                    std::process::exit(1);
                }
            }
        }
        "loop" => {
            let seed: u64 = args[3].parse().unwrap();
            let n: usize = args[4].parse().unwrap();
            let vms: u64 = args[5].parse().unwrap();
            let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
            rt.block_on(async {
                for _ in 0..n {
                    let vm = format!("vm-race-{}", rng.below(vms));
                    let op = rng.below(13);
                    let r = one(&m, op, &vm, &mut rng).await;
                    match r {
                        Ok(s) => println!("ok {op} {vm} {s}"),
                        Err(e) => println!("err {op} {vm} {}", e.code().as_str()),
                    }
                }
            });
        }
        other => {
            eprintln!("unknown mode {other}");
            std::process::exit(2);
        }
    }
}

async fn ctx_of(m: &migratekit_core::Manager, vm: &str) -> Option<String> {
    m.get_context(&ContextRef::Vm(migratekit_core::model::VmIdentity {
        vcenter_host: "vc01.example.local".into(),
        vmware_vm_id: vm.into(),
    }))
    .await
    .ok()
    .map(|c| c.context_id)
}

/// The context's first job that is (`active`) or is not active.
async fn job_of(
    m: &migratekit_core::Manager,
    ctx: &Option<String>,
    active: bool,
) -> migratekit_core::Result<Option<JobRef>> {
    let of_context = JobFilter {
        context_id: ctx.clone(),
        ..Default::default()
    };
    let jobs = m.list_jobs(&of_context).await?.items;
    let found = jobs.into_iter().find(|j| j.status.is_active() == active);
    Ok(found.map(|j| JobRef { job_id: j.job_id }))
}

async fn one(
    m: &migratekit_core::Manager,
    op: u64,
    vm: &str,
    rng: &mut Rng,
) -> migratekit_core::Result<String> {
    let mut req = migratekit_tests::rig::two_disk_vm(vm);
    // Identity variants: the same VM spelled differently.
    req.vcenter_host = match rng.below(3) {
        0 => "vc01.example.local".into(),
        1 => "VC01.Example.Local".into(),
        _ => " vc01.example.local ".into(),
    };
    let ctx = ctx_of(m, vm).await;
    let by_ctx = |c: &Option<String>| ContextRef::ContextId(c.clone().unwrap_or_default());
    match op {
        0 => {
            req.start_replication = Some(false);
            m.create_migration(req).await.map(|_| "added".into())
        }
        1 | 2 => m.create_migration(req).await.map(|r| match r {
            CreateMigrationResponse::JobStarted(j) => j.job_id,
            CreateMigrationResponse::ContextCreated(c) => c.context_id,
        }),
        3 => match job_of(m, &ctx, true).await? {
            Some(job) => {
                let tag = format!("cbt-{}", rng.below(1000));
                let done = migratekit_tests::rig::complete_each_disk(m, &job.job_id, &tag);
                done.await.map(|_| "completed".into())
            }
            None => Ok("no-active-job".into()),
        },
        4 => match job_of(m, &ctx, true).await? {
            Some(job) => m.cancel_job(&job).await.map(|_| "cancelled".into()),
            None => Ok("no-active-job".into()),
        },
        5 => m
            .test_failover(&by_ctx(&ctx))
            .await
            .map(|r| r.failover_job_id),
        6 => m
            .cleanup_test_failover(&FailoverTarget {
                context_id: ctx.clone(),
                ..Default::default()
            })
            .await
            .map(|r| r.failover_job_id),
        7 => m
            .remove_from_management(&by_ctx(&ctx))
            .await
            .map(|_| "removed".into()),
        8 => match job_of(m, &ctx, false).await? {
            Some(job) => {
                let deleted = m.delete_job(&job).await;
                deleted.map(|d| format!("deleted {}", d.volumes_deleted.len()))
            }
            None => Ok("no-finished-job".into()),
        },
        9 => m
            .run_due_schedules(None)
            .await
            .map(|e| format!("{} executions", e.len())),
        10 => m
            .add_to_management_bulk(
                (0..3)
                    .map(|i| {
                        let mut r = migratekit_tests::rig::two_disk_vm(&format!("vm-race-{i}"));
                        r.vcenter_host = "VC01.EXAMPLE.LOCAL".into();
                        migratekit_core::model::AddToManagementRequest::from(&r)
                    })
                    .collect(),
                None,
            )
            .await
            .map(|b| format!("{:?}", b.results.len())),
        11 => m
            .abort_operation(&by_ctx(&ctx))
            .await
            .map(|r| r.failover_job_id),
        _ => m
            .list_contexts(&ContextFilter::default())
            .await
            .map(|p| format!("{} contexts", p.items.len())),
    }
}
