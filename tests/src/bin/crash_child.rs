//! A child process for the crash matrix: `crash-child <dir> <operation>
//! <context_id>` runs one operation on the rig in `dir`; the parent arms a
//! crash point with `MIGRATEKIT_CRASH_AT`, so the process aborts mid-way.

use migratekit_core::model::{ContextRef, FailoverTarget};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, dir, op, context_id] = args.as_slice() else {
        eprintln!(
            "usage: crash-child <dir> <test_failover|cleanup_test_failover|live_failover|rollback_live_failover> <context_id>"
        );
        std::process::exit(2);
    };
    let m = migratekit_tests::rig::builder(std::path::Path::new(dir))
        .build()
        .expect("open rig");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let by_id = ContextRef::ContextId(context_id.clone());
    let target = FailoverTarget {
        context_id: Some(context_id.clone()),
        ..Default::default()
    };
    let r = rt.block_on(async {
        match op.as_str() {
            "test_failover" => m.test_failover(&by_id).await,
            "cleanup_test_failover" => m.cleanup_test_failover(&target).await,
            "live_failover" => m.live_failover(&by_id).await,
            "rollback_live_failover" => m.rollback_live_failover(&target).await,
            other => {
                eprintln!("unknown operation {other}");
                std::process::exit(2);
            }
        }
    });
    match r {
        Ok(_) => println!("completed"),
        Err(e) => {
            println!("{}", serde_json::to_string(&e.to_body()).unwrap());
            std::process::exit(1);
        }
    }
}
