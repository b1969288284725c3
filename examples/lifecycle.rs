//! The main job: adds a batch of VMs to management in a SQLite file, starts
//! replication on some, reports their progress, completes them (one fails and
//! is retried), then prints each replicated context's status and job log.
//!
//! `cargo run --release -p migratekit-examples --example lifecycle -- [--db PATH] [--vms N] [--replicate N]`

use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use migratekit_core::model::{
    AddToManagementRequest, BulkProgress, CompleteJobRequest, ContextFilter, ContextRef,
    CreateMigrationRequest, CreateMigrationResponse, FailJobRequest, SourceDisk, SourceVm, Status,
    UpdateJobProgressRequest,
};
use migratekit_core::ports::{LogFilter, LogJob};
use migratekit_core::{Manager, Result};
use std::path::PathBuf;
use std::time::Duration;

struct Args {
    db: PathBuf,
    vms: usize,
    replicate: usize,
}

fn args() -> Args {
    let mut a = Args {
        db: PathBuf::from("target/migratekit-lifecycle.db"),
        vms: 500,
        replicate: 5,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--db" => a.db = value.into(),
            "--vms" => a.vms = value.parse().expect("--vms N"),
            "--replicate" => a.replicate = value.parse().expect("--replicate N"),
            other => panic!("unknown flag {other}"),
        }
    }
    a.replicate = a.replicate.min(a.vms);
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

fn print_log(job: &LogJob) {
    let took = job
        .finished_at
        .map(|f| format!("{} ms", (f - job.started_at).num_milliseconds()))
        .unwrap_or_else(|| "running".into());
    println!(
        "    {} {:<24} {:<9} {}  ({took})",
        job.started_at.format("%H:%M:%S%.3f"),
        job.operation,
        job.status.as_str(),
        job.job_id
    );
    for step in &job.steps {
        println!(
            "        {}. {:<22} {:<9} {}",
            step.seq,
            step.name,
            step.status.as_str(),
            step.error.as_deref().unwrap_or("")
        );
        for e in &step.events {
            println!("             {:<5} {}", e.level, e.message);
        }
    }
}

#[tokio::main]
async fn main() -> Result<()> {
    let a = args();
    for suffix in ["", "-wal", "-shm"] {
        let mut p = a.db.clone().into_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
    if let Some(dir) = a.db.parent() {
        std::fs::create_dir_all(dir).ok();
    }
    let m = Manager::open(&a.db)?;
    println!("migratekit lifecycle — database {}", a.db.display());

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
        "  added {} VMs ({} already managed, {} invalid)",
        added.added, added.already_managed, added.invalid
    );

    // A second "Add to Management" click on the same VM is refused.
    let mut again = CreateMigrationRequest::new(discovered_vm(0).source_vm);
    again.vcenter_host = "vc01.example.local".into();
    again.start_replication = Some(false);
    if let Err(e) = m.create_migration(again).await {
        println!(
            "  duplicate add refused: {} — {}",
            e.code().as_str(),
            e.details()
        );
    }

    // 2. Replicate some of them.
    let multi = MultiProgress::new();
    let style = ProgressStyle::with_template("  {prefix:<10} [{bar:40}] {pos:>3}% {msg}")
        .expect("template")
        .progress_chars("=> ");
    let mut jobs = Vec::new();
    for i in 0..a.replicate {
        let mut r = CreateMigrationRequest::new(discovered_vm(i).source_vm);
        r.vcenter_host = "vc01.example.local".into();
        let CreateMigrationResponse::JobStarted(j) = m.create_migration(r).await? else {
            unreachable!("start_replication defaults to true")
        };
        let bar = multi.add(ProgressBar::new(100).with_style(style.clone()));
        bar.set_prefix(format!("app-{i:04}"));
        jobs.push((j, bar));
    }
    for pct in (0..=100u32).step_by(5) {
        for (j, bar) in &jobs {
            m.update_job_progress(&UpdateJobProgressRequest {
                job_id: j.job_id.clone(),
                progress_percent: f64::from(pct),
                bytes_transferred: u64::from(pct) << 24,
                total_bytes: Some(100 << 24),
            })
            .await?;
            bar.set_position(u64::from(pct));
        }
        tokio::time::sleep(Duration::from_millis(15)).await;
    }
    // 3. The host reports the results: the last one fails, then is retried.
    for (n, (j, bar)) in jobs.iter().enumerate() {
        if n + 1 == jobs.len() && jobs.len() > 1 {
            m.fail_job(&FailJobRequest {
                job_id: j.job_id.clone(),
                error: "NBD stream interrupted at 100%: source snapshot removed".into(),
            })
            .await?;
            bar.abandon_with_message("failed");
        } else {
            m.complete_job(&CompleteJobRequest {
                job_id: j.job_id.clone(),
                change_id: format!("52 3c 1f 00-cbt/{n}"),
            })
            .await?;
            bar.finish_with_message("completed");
        }
    }
    if let Some((last, _)) = jobs.last().filter(|_| jobs.len() > 1) {
        let ctx = m
            .get_context(&ContextRef::ContextId(last.context_id.clone()))
            .await?;
        let mut retry = CreateMigrationRequest::new(ctx.source_vm.clone());
        retry.vcenter_host = ctx.vcenter_host.clone();
        let CreateMigrationResponse::JobStarted(j) = m.create_migration(retry).await? else {
            unreachable!()
        };
        m.complete_job(&CompleteJobRequest {
            job_id: j.job_id,
            change_id: "52 3c 1f 00-cbt/retry".into(),
        })
        .await?;
        println!("  retried {} after its failure: completed", ctx.vm_name);
    }

    // 4. Report.
    println!("\nContexts by status:");
    for status in Status::ALL {
        let page = m
            .list_contexts(&ContextFilter {
                status: Some(status),
                limit: Some(10_000),
                offset: 0,
            })
            .await?;
        if !page.items.is_empty() {
            println!("  {:<20} {}", status.as_str(), page.items.len());
        }
    }
    println!("\nReplicated VMs and their job logs:");
    for (j, _) in &jobs {
        let ctx = m
            .get_context(&ContextRef::ContextId(j.context_id.clone()))
            .await?;
        println!(
            "\n  {}  {}  status={}  last_change_id={}  last_error={}",
            ctx.context_id,
            ctx.vm_name,
            ctx.current_status,
            ctx.last_change_id.as_deref().unwrap_or("-"),
            ctx.last_error.as_deref().unwrap_or("-")
        );
        let log = m
            .log_jobs(&LogFilter {
                context_id: Some(ctx.context_id.clone()),
                ..Default::default()
            })
            .await?;
        for entry in log.items.iter().rev() {
            print_log(&m.log_job(&entry.job_id).await?);
        }
    }
    Ok(())
}
