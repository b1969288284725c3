//! The crash child of the state-machine test: `sm-child <dir> <now> <call>`
//! opens the world in `dir` with a manual clock at `now` (RFC 3339), runs
//! the call (JSON of `migratekit_tests::model::Call`) and prints its outcome
//! as JSON. The parent arms `MIGRATEKIT_CRASH_AT`, so it usually aborts
//! mid-way.

use migratekit_tests::model::{Call, exec, open_world};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, dir, now, call] = args.as_slice() else {
        eprintln!("usage: sm-child <dir> <now> <call-json>");
        std::process::exit(2);
    };
    let now = chrono::DateTime::parse_from_rfc3339(now)
        .expect("now")
        .with_timezone(&chrono::Utc);
    let call: Call = serde_json::from_str(call).expect("call");
    let world = open_world(std::path::Path::new(dir), now);
    let rt = migratekit_tests::rig::runtime();
    let out = rt.block_on(exec(&world.manager, &call));
    println!("{}", serde_json::to_string(&out).expect("outcome"));
}
