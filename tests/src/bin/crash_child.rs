//! A child process for the crash matrix: `crash-child <dir> <operation>
//! <subject>` runs one operation on the rig in `dir`; the parent arms a
//! crash point with `MIGRATEKIT_CRASH_AT`, so the process aborts mid-way.
//! The subject is a context id, a job id (`delete_job`), a VM id
//! (`start_replication`) or a count of VMs (`add_to_management_bulk`).

use migratekit_core::model::{ContextRef, FailoverTarget, JobRef};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, dir, op, subject] = args.as_slice() else {
        eprintln!("usage: crash-child <dir> <operation> <subject>");
        std::process::exit(2);
    };
    let m = migratekit_tests::rig::builder(std::path::Path::new(dir))
        .build()
        .expect("open rig");
    let rt = migratekit_tests::rig::runtime();
    let by_id = ContextRef::ContextId(subject.clone());
    let target = FailoverTarget {
        context_id: Some(subject.clone()),
        ..Default::default()
    };
    let r: Result<(), migratekit_core::Error> = rt.block_on(async {
        match op.as_str() {
            "test_failover" => m.test_failover(&by_id).await.map(drop),
            "cleanup_test_failover" => m.cleanup_test_failover(&target).await.map(drop),
            "live_failover" => m.live_failover(&by_id).await.map(drop),
            "rollback_live_failover" => m.rollback_live_failover(&target).await.map(drop),
            "complete_migration" => m.complete_migration(&by_id).await.map(drop),
            "abort_operation" => m.abort_operation(&by_id).await.map(drop),
            "remove_from_management" => m.remove_from_management(&by_id).await.map(drop),
            "delete_job" => m
                .delete_job(&JobRef {
                    job_id: subject.clone(),
                })
                .await
                .map(drop),
            "start_replication" => m
                .create_migration(migratekit_tests::rig::two_disk_vm(subject))
                .await
                .map(drop),
            "add_to_management_bulk" => {
                let n: usize = subject.parse().expect("a count");
                m.add_to_management_bulk(migratekit_tests::rig::bulk_vms(n), None)
                    .await
                    .map(drop)
            }
            other => {
                eprintln!("unknown operation {other}");
                std::process::exit(2);
            }
        }
    });
    match r {
        Ok(()) => println!("completed"),
        Err(e) => {
            println!("{}", serde_json::to_string(&e.to_body()).unwrap());
            std::process::exit(1);
        }
    }
}
