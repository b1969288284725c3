//! A child process for `tests/tests/break_hot_path.rs` (issue 11's hot path:
//! group commit, background job log and checkpoints).
//!
//! * `hot-child <db> add <prefix> <threads> <per-thread>`: `threads` OS
//!   threads start replication of distinct VMs (`<prefix>-<t>-<i>`; context
//!   and job in one write), printing `ok <vm> <context_id> <job_id>` as soon
//!   as each call answers, so a parent that SIGKILLs this process knows
//!   every write that was answered.
//! * `hot-child <db> steady <prefix> <threads> <millis>`: adds distinct VMs
//!   for `millis` and prints `done <ok> <errors> <max-latency-ms>`.
//! * `hot-child <db> cycles <n>`: opens and drops a manager `n` times (one
//!   write each) and prints `threads <before> <after>` from /proc/self/task.

use migratekit_core::Manager;
use migratekit_core::model::{CreateMigrationRequest, CreateMigrationResponse, SourceVm};
use std::io::Write;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let db = &args[1];
    match args[2].as_str() {
        "add" => add(db, &args[3], parse(&args[4]), parse(&args[5])),
        "steady" => steady(db, &args[3], parse(&args[4]), parse(&args[5])),
        "cycles" => cycles(db, parse(&args[3])),
        other => {
            eprintln!("unknown mode {other}");
            std::process::exit(2);
        }
    }
}

fn parse(s: &str) -> usize {
    s.parse().expect("a number")
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

fn start(vm: &str) -> CreateMigrationRequest {
    let mut r = CreateMigrationRequest::new(SourceVm::new(vm, vm));
    r.vcenter_host = "vc01".into();
    r
}

fn add(db: &str, prefix: &str, threads: usize, per_thread: usize) {
    let m = Manager::open(db).expect("open");
    std::thread::scope(|s| {
        for t in 0..threads {
            let m = m.clone();
            s.spawn(move || {
                let rt = rt();
                for i in 0..per_thread {
                    let vm = format!("{prefix}-{t}-{i}");
                    let line = match rt.block_on(m.create_migration(start(&vm))) {
                        Ok(CreateMigrationResponse::JobStarted(j)) => {
                            format!("ok {vm} {} {}\n", j.context_id, j.job_id)
                        }
                        Ok(other) => format!("odd {vm} {other:?}\n"),
                        Err(e) => format!("err {vm} {}\n", e.code().as_str()),
                    };
                    // One write per line: a line is out before the next call.
                    let mut out = std::io::stdout().lock();
                    out.write_all(line.as_bytes()).expect("stdout");
                    out.flush().expect("stdout");
                }
            });
        }
    });
}

fn steady(db: &str, prefix: &str, threads: usize, millis: usize) {
    let m = Manager::open(db).expect("open");
    let until = Instant::now() + Duration::from_millis(millis as u64);
    let results: Vec<(usize, usize, Duration, Vec<String>)> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..threads)
            .map(|t| {
                let m = m.clone();
                s.spawn(move || {
                    let rt = rt();
                    let (mut ok, mut err, mut worst, mut codes) = (0, 0, Duration::ZERO, vec![]);
                    let mut i = 0;
                    while Instant::now() < until {
                        let vm = format!("{prefix}-{t}-{i}");
                        i += 1;
                        let began = Instant::now();
                        let r = rt.block_on(m.create_migration(start(&vm)));
                        worst = worst.max(began.elapsed());
                        match r {
                            Ok(_) => ok += 1,
                            Err(e) => {
                                err += 1;
                                codes.push(format!("{}:{}", e.code().as_str(), e));
                            }
                        }
                    }
                    (ok, err, worst, codes)
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().expect("thread")).collect()
    });
    let ok: usize = results.iter().map(|r| r.0).sum();
    let err: usize = results.iter().map(|r| r.1).sum();
    let worst = results.iter().map(|r| r.2).max().unwrap_or_default();
    for (_, _, _, codes) in &results {
        for c in codes.iter().take(3) {
            println!("error {c}");
        }
    }
    println!("done {ok} {err} {}", worst.as_millis());
}

fn task_count() -> usize {
    std::fs::read_dir("/proc/self/task").expect("/proc").count()
}

fn cycles(db: &str, n: usize) {
    let rt = rt();
    // One manager first, so lazily started process-wide threads exist.
    drop(Manager::open(db).expect("open"));
    std::thread::sleep(Duration::from_millis(500));
    let before = task_count();
    for i in 0..n {
        let m = Manager::open(db).expect("open");
        rt.block_on(m.create_migration(start(&format!("vm-cycle-{i}"))))
            .expect("start");
        drop(m);
    }
    // Let threads told to stop notice it.
    let deadline = Instant::now() + Duration::from_secs(3);
    while task_count() > before && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    println!("threads {before} {}", task_count());
}
