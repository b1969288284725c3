//! The state-machine property test (see `PROPTEST.md`): random sequences of
//! every operation over four VM identities, with random port faults, store
//! faults, delays, reopens, lease expiry and — in the crash test — child
//! processes killed at a random step of a multi-step operation, checked
//! against a model after every step.
//!
//! * `MK_PROPTEST_CASES` — sequences of the fault test (default 300);
//!   `MK_PROPTEST_CRASH_CASES` — of the crash test (default 40).
//! * `MK_PROPTEST_SEED` — the run's base seed (default fixed), so every run
//!   of the same build draws the same sequences.
//! * `MK_PROPTEST_REPLAY=<sequence seed>` — runs only that sequence (the
//!   seed a failure prints), shrinks it and prints the minimal sequence.
//! * `MK_PROPTEST_KEEP_GOING=1` — does not stop at the first failure: runs
//!   every sequence and reports one minimal sequence per broken invariant.

use migratekit_core::model::ReplicationType;
use migratekit_tests::model::{
    Config, Failure, Op, Stats, Violation, replay, run_seed, sequence_seed, shrink,
};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

const DEFAULT_SEED: u64 = 0x6D69_6772_6174_656B; // "migratek"

fn env_u64(name: &str) -> Option<u64> {
    let v = std::env::var(name).ok()?;
    let v = v.trim();
    match v.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => v.parse().ok(),
    }
}

fn child() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_sm-child"))
}

/// Percent of VMs drawn with no disk (`MK_PROPTEST_DISKLESS`, default 10).
fn diskless() -> u32 {
    env_u64("MK_PROPTEST_DISKLESS").map_or(10, |v| v.min(100) as u32)
}

fn fault_config() -> Config {
    Config {
        steps: (20, 40),
        fault_pct: 12,
        crash_pct: 0,
        diskless_pct: diskless(),
        child: None,
    }
}

fn crash_config() -> Config {
    Config {
        steps: (15, 30),
        fault_pct: 8,
        crash_pct: 12,
        diskless_pct: diskless(),
        child: Some(child()),
    }
}

fn report(f: &Failure, cfg: &Config, name: &str) -> String {
    let minimal = shrink(f.seed, &f.trace, f.violation.rule, cfg, 250);
    let again = replay(f.seed, &minimal, cfg).err();
    let mut s = format!(
        "{name}: sequence seed {seed:#x} (replay: MK_PROPTEST_REPLAY={seed:#x} cargo test -p migratekit-tests --test state_machine {name} -- --ignored --nocapture)\n  {v}\n  full sequence ({} steps), minimal sequence ({} steps):\n",
        f.trace.len(),
        minimal.len(),
        seed = f.seed,
        v = f.violation,
    );
    for (i, op) in minimal.iter().enumerate() {
        s.push_str(&format!("    {i:>2}: {op:?}\n"));
    }
    if let Some(v) = again {
        s.push_str(&format!("  minimal sequence breaks: {v}\n"));
    }
    s
}

fn property(name: &str, cfg: Config, cases_var: &str, default_cases: u64) {
    let started = Instant::now();
    if let Some(seed) = env_u64("MK_PROPTEST_REPLAY") {
        let (stats, failure) = run_seed(seed, &cfg);
        if let Some(f) = failure {
            panic!("{}", report(&f, &cfg, name));
        }
        eprintln!("{name}: sequence {seed:#x} passed: {stats:?}");
        return;
    }
    let base = env_u64("MK_PROPTEST_SEED").unwrap_or(DEFAULT_SEED);
    let cases = env_u64(cases_var).unwrap_or(default_cases);
    let keep_going = std::env::var("MK_PROPTEST_KEEP_GOING").is_ok_and(|v| v == "1");
    let mut total = Stats::default();
    let mut classes: BTreeMap<&'static str, (usize, Failure)> = BTreeMap::new();
    for i in 0..cases {
        let seed = sequence_seed(base, i);
        let (stats, failure) = run_seed(seed, &cfg);
        total.add(&stats);
        if let Some(f) = failure {
            if !keep_going {
                eprintln!(
                    "{name}: base seed {base:#x}, {} sequences before the failure",
                    i + 1
                );
                panic!("{}", report(&f, &cfg, name));
            }
            let e = classes.entry(f.violation.rule).or_insert((0, f));
            e.0 += 1;
        }
    }
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "{name}: base seed {base:#x}: {} sequences, {} steps, {} faults armed, {} crashes, {} invariant checks ({:.1} per step) in {secs:.1}s",
        total.sequences,
        total.steps,
        total.faults,
        total.crashes,
        total.checks,
        total.checks as f64 / total.steps.max(1) as f64,
    );
    if !classes.is_empty() {
        let mut out = String::new();
        for (rule, (n, f)) in &classes {
            out.push_str(&format!("== {rule}: {n} sequences\n"));
            out.push_str(&report(f, &cfg, name));
        }
        panic!("{} broken invariants:\n{out}", classes.len());
    }
}

/// Random sequences with port faults, store faults, delays, reopens and
/// lease expiry; no crash children (fast: the CI default).
#[test]
#[ignore = "fails on main: see PROPTEST.md, failure classes"]
fn random_sequences_with_faults_keep_every_invariant() {
    property(
        "random_sequences_with_faults_keep_every_invariant",
        fault_config(),
        "MK_PROPTEST_CASES",
        300,
    );
}

/// Random sequences where some multi-step operations run in a child process
/// killed at a random step, before or after its effect; then the world is
/// reopened and the sequence goes on.
#[test]
#[ignore = "fails on main: see PROPTEST.md, failure classes"]
fn random_sequences_with_crashes_keep_every_invariant() {
    property(
        "random_sequences_with_crashes_keep_every_invariant",
        crash_config(),
        "MK_PROPTEST_CRASH_CASES",
        40,
    );
}

/// The harness itself on a sequence with no faults: the happy lifecycle of
/// DESIGN §2 for every VM must pass on main (a guard against a model bug).
#[test]
fn the_model_accepts_the_happy_lifecycle() {
    let cfg = fault_config();
    let mut ops = Vec::new();
    for s in 0..4 {
        ops.extend([
            Op::Add(s),
            Op::AddViaCreate(s),
            Op::Start(s, None),
            Op::Progress(s, 50),
            Op::Start(s, None),
            Op::Complete(s),
            Op::Start(s, Some(ReplicationType::Incremental)),
            Op::Cancel(s),
            Op::TestFailover(s),
            Op::Cleanup(s),
            Op::Start(s, None),
            Op::Fail(s),
            Op::Start(s, None),
            Op::Complete(s),
            Op::Live(s),
            Op::Rollback(s),
            Op::Live(s),
            Op::CompleteMigration(s),
            Op::Reopen,
        ]);
    }
    ops.push(Op::Bulk(0b1111, true));
    // A seed whose VMs all have disks.
    let seed = (0..)
        .find(|s| migratekit_tests::model::vms(*s, 10).iter().all(|v| v.disks > 0))
        .unwrap();
    if let Err(v) = replay(seed, &ops, &cfg) {
        panic!("{v}");
    }
}

fn regression(seed: u64, ops: &[Op], crash: bool) -> Result<Stats, Violation> {
    let cfg = if crash { crash_config() } else { fault_config() };
    replay(seed, ops, &cfg)
}

fn must_pass(seed: u64, ops: &[Op], crash: bool) {
    if let Err(v) = regression(seed, ops, crash) {
        panic!("{v}\nsequence: {ops:#?}");
    }
}
