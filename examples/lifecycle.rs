//! The main job: a whole migration lifecycle on the embedded defaults.
//!
//! Adds a vCenter's worth of VMs to management in SQLite, replicates some of
//! them (target volumes as local sparse files, exported over NBD by
//! qemu-storage-daemon) with progress bars — one fails and is retried — then
//! takes one VM through test failover, cleanup, live failover and completion,
//! and prints a timeline of statuses and steps.
//!
//! `cargo run --release -p migratekit-examples --example lifecycle -- [--state-dir DIR] [--vms N] [--replicate N] [--nbd-port PORT]`

use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use migratekit_core::adapters::{LocalVolumes, QsdConfig, QsdExporter};
use migratekit_core::model::{
    AddToManagementRequest, BulkProgress, CompleteJobRequest, ContextFilter, ContextRef,
    CreateMigrationRequest, CreateMigrationResponse, FailJobRequest, FailoverTarget, SourceDisk,
    SourceVm, Status, UpdateJobProgressRequest,
};
use migratekit_core::ports::{LogFilter, LogJob, NbdExporter};
use migratekit_core::testkit::{FakeCloud, FakeExporter};
use migratekit_core::{Manager, Result};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

struct Args {
    state_dir: PathBuf,
    vms: usize,
    replicate: usize,
    nbd_port: u16,
}

fn args() -> Args {
    let mut a = Args {
        state_dir: PathBuf::from("target/migratekit-lifecycle"),
        vms: 500,
        replicate: 5,
        nbd_port: 0,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--state-dir" => a.state_dir = value.into(),
            "--vms" => a.vms = value.parse().expect("--vms N"),
            "--replicate" => a.replicate = value.parse().expect("--replicate N"),
            "--nbd-port" => a.nbd_port = value.parse().expect("--nbd-port PORT (0: any free)"),
            other => panic!("unknown flag {other}"),
        }
    }
    a.replicate = a.replicate.clamp(1, a.vms.max(1));
    a
}

fn discovered_vm(i: usize) -> AddToManagementRequest {
    let name = format!("app-{i:04}");
    let mut vm = SourceVm::new(format!("vm-{}", 1000 + i), name.clone());
    vm.path = format!("/DatabanxDC/vm/{name}");
    vm.cpus = 2 + (i % 3) as u32 * 2;
    vm.memory_mb = 4096;
    vm.os_type = if i.is_multiple_of(4) {
        "windows"
    } else {
        "linux"
    }
    .into();
    vm.power_state = "poweredOn".into();
    vm.disks = vec![SourceDisk {
        id: "disk-2000".into(),
        label: "Hard disk 1".into(),
        size_gb: 40 + (i % 5) as u64 * 20,
        datastore: "ds1".into(),
        unit_number: 0,
    }];
    AddToManagementRequest {
        source_vm: vm,
        ossea_config_id: 1,
        target_network: "prod-net".into(),
        vcenter_host: "vc01.example.local".into(),
        datacenter: "DatabanxDC".into(),
    }
}

fn start_request(i: usize) -> CreateMigrationRequest {
    let vm = discovered_vm(i);
    let mut r = CreateMigrationRequest::new(vm.source_vm);
    r.vcenter_host = vm.vcenter_host;
    r.target_network = vm.target_network;
    r
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(10809)
}

fn print_log(job: &LogJob) {
    let took = job
        .finished_at
        .map(|f| format!("{} ms", (f - job.started_at).num_milliseconds()))
        .unwrap_or_else(|| "running".into());
    println!(
        "    {} {:<24} {:<9} ({took})",
        job.started_at.format("%H:%M:%S%.3f"),
        job.operation,
        job.status.as_str(),
    );
    for step in &job.steps {
        let note = match step.status.as_str() {
            "failed" => step.error.as_deref().unwrap_or(""),
            _ => "",
        };
        println!(
            "        {:>2}. {:<32} {:<9} {note}",
            step.seq,
            step.name,
            step.status.as_str()
        );
        for e in &step.events {
            println!("              {:<5} {}", e.level, e.message);
        }
    }
}

#[tokio::main]
async fn main() -> Result<()> {
    let a = args();
    let _ = std::fs::remove_dir_all(&a.state_dir);
    std::fs::create_dir_all(&a.state_dir).expect("state dir");
    let db = a.state_dir.join("migratekit.db");
    println!("migratekit lifecycle — state in {}", a.state_dir.display());

    let volumes = LocalVolumes::open(a.state_dir.join("volumes")).expect("volumes dir");
    println!("  volumes:  sparse files in {}", volumes.dir().display());
    let mut qsd_config = QsdConfig::new(a.state_dir.join("qsd"));
    qsd_config.port = if a.nbd_port == 0 {
        free_port()
    } else {
        a.nbd_port
    };
    let (exporter, qsd): (Arc<dyn NbdExporter>, Option<Arc<QsdExporter>>) =
        match QsdExporter::start(qsd_config.clone()).await {
            Ok(q) => {
                let q = Arc::new(q);
                println!(
                    "  exports:  qemu-storage-daemon (pid {}) on nbd://127.0.0.1:{}/",
                    q.pid().unwrap_or(0),
                    qsd_config.port
                );
                (q.clone(), Some(q))
            }
            Err(e) => {
                println!("  exports:  qemu-storage-daemon unavailable ({e});");
                println!("            using the testkit's in-memory exporter instead");
                println!(
                    "            (apt-get install qemu-utils qemu-system-common for real NBD exports)"
                );
                (Arc::new(FakeExporter::new()), None)
            }
        };
    let cloud = Arc::new(FakeCloud::persistent(a.state_dir.join("cloud.json")).expect("cloud"));
    println!("  cloud:    simulated (testkit FakeCloud) — hosts plug in their TargetCloud");
    let m = Manager::builder()
        .sqlite(&db)
        .volume_daemon(Arc::new(volumes))
        .nbd_exporter(exporter.clone())
        .target_cloud(cloud.clone())
        .build()?;
    let result = run(&m, &a).await;
    if let Some(q) = qsd {
        let _ = q.shutdown().await;
    }
    result
}

async fn run(m: &Manager, a: &Args) -> Result<()> {
    // 1. Add a whole vCenter to management.
    let bar = ProgressBar::new(a.vms as u64).with_style(
        ProgressStyle::with_template("  add to management [{bar:40}] {pos}/{len} VMs")
            .expect("template")
            .progress_chars("=> "),
    );
    let progress = |p: BulkProgress| bar.set_position(p.done as u64);
    let vms: Vec<_> = (0..a.vms).map(discovered_vm).collect();
    let added = m.add_to_management_bulk(vms, Some(&progress)).await?;
    bar.finish();
    println!(
        "\n1. added {} VMs to management ({} already managed, {} invalid)",
        added.added, added.already_managed, added.invalid
    );
    let mut again = start_request(0);
    again.start_replication = Some(false);
    if let Err(e) = m.create_migration(again).await {
        println!(
            "   a second 'Add to Management' is refused: {} — {}",
            e.code().as_str(),
            e.details()
        );
    }

    // 2. Replicate some of them; the host reports progress.
    println!("\n2. replicating {} VMs", a.replicate);
    let multi = MultiProgress::new();
    let style = ProgressStyle::with_template("   {prefix:<10} [{bar:40}] {pos:>3}% {msg}")
        .expect("template")
        .progress_chars("=> ");
    let mut jobs = Vec::new();
    for i in 0..a.replicate {
        let CreateMigrationResponse::JobStarted(j) = m.create_migration(start_request(i)).await?
        else {
            unreachable!("start_replication defaults to true")
        };
        let bar = multi.add(ProgressBar::new(100).with_style(style.clone()));
        bar.set_prefix(format!("app-{i:04}"));
        jobs.push((j, bar));
    }
    if let Err(e) = m.create_migration(start_request(0)).await {
        println!(
            "   starting app-0000 again while it replicates is refused: {}",
            e.code().as_str()
        );
    }
    for pct in (0..=100u32).step_by(5) {
        for (j, bar) in &jobs {
            m.update_job_progress(&UpdateJobProgressRequest {
                job_id: j.job_id.clone(),
                progress_percent: f64::from(pct),
                bytes_transferred: u64::from(pct) << 24,
                total_bytes: Some(100 << 24),
                ..Default::default()
            })
            .await?;
            bar.set_position(u64::from(pct));
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // The last one fails (when there are several) and is retried.
    for (n, (j, bar)) in jobs.iter().enumerate() {
        if n + 1 == jobs.len() && jobs.len() > 1 {
            m.fail_job(&FailJobRequest {
                job_id: j.job_id.clone(),
                error: "NBD stream interrupted: source snapshot removed".into(),
            })
            .await?;
            bar.abandon_with_message("failed");
        } else {
            let change_id = format!("52 3c 1f 00-cbt/{n}");
            m.complete_job(&CompleteJobRequest {
                job_id: j.job_id.clone(),
                change_id,
                ..Default::default()
            })
            .await?;
            bar.finish_with_message("completed");
        }
    }
    for (j, _) in &jobs {
        println!(
            "   {}  job {}  volumes created {}  attached {}",
            j.context_id, j.job_id, j.created_volumes, j.mounted_volumes
        );
    }
    if jobs.len() > 1 {
        let CreateMigrationResponse::JobStarted(j) =
            m.create_migration(start_request(jobs.len() - 1)).await?
        else {
            unreachable!()
        };
        m.complete_job(&CompleteJobRequest {
            job_id: j.job_id,
            change_id: "52 3c 1f 00-cbt/retry".into(),
            ..Default::default()
        })
        .await?;
        println!(
            "   retried app-{:04} after its failure: completed",
            jobs.len() - 1
        );
    }

    // 3. One VM all the way: test failover, cleanup, live failover, completion.
    let ctx = jobs[0].0.context_id.clone();
    let by_id = ContextRef::ContextId(ctx.clone());
    let target = FailoverTarget {
        context_id: Some(ctx.clone()),
        ..Default::default()
    };
    println!("\n3. {ctx}");
    let status = |s: Status| println!("   → {s}");
    status(m.test_failover(&by_id).await?.status);
    status(m.cleanup_test_failover(&target).await?.status);
    status(m.live_failover(&by_id).await?.status);
    status(m.complete_migration(&by_id).await?.status);

    // 4. Report.
    println!("\n4. contexts by status:");
    for status in Status::ALL {
        let page = m
            .list_contexts(&ContextFilter {
                status: Some(status),
                limit: Some(10_000),
                ..Default::default()
            })
            .await?;
        if !page.items.is_empty() {
            println!("   {:<20} {}", status.as_str(), page.items.len());
        }
    }
    println!("\n5. timeline of {ctx}:");
    let log = m
        .log_jobs(&LogFilter {
            context_id: Some(ctx.clone()),
            ..Default::default()
        })
        .await?;
    for entry in log.items.iter().rev() {
        print_log(&m.log_job(&entry.job_id).await?);
    }
    Ok(())
}
