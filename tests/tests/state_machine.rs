//! The state-machine property test (see `PROPTEST.md`): random sequences of
//! every operation over four VM identities, with random port faults, store
//! faults, delays, reopens, lease expiry and — in the crash test — child
//! processes killed at a random step of a multi-step operation, checked
//! against a model after every step.
//!
//! * `MK_PROPTEST_CASES` — sequences of the fault test (default 300);
//!   `MK_PROPTEST_CRASH_CASES` — of the crash test (default 150).
//! * `MK_PROPTEST_SEED` — the run's base seed (default fixed), so every run
//!   of the same build draws the same sequences.
//! * `MK_PROPTEST_REPLAY=<sequence seed>` — runs only that sequence (the
//!   seed a failure prints), shrinks it and prints the minimal sequence.
//! * `MK_PROPTEST_KEEP_GOING=1` — does not stop at the first failure: runs
//!   every sequence and reports one minimal sequence per broken invariant.

use migratekit_core::model::ReplicationType;
use migratekit_tests::model::{
    Config, Failure, Op, Stats, replay, run_seed, sequence_seed, shrink,
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

fn pct(var: &str, default: u32) -> u32 {
    env_u64(var).map_or(default, |v| v.min(100) as u32)
}

fn fault_config() -> Config {
    Config {
        steps: (20, 40),
        fault_pct: pct("MK_PROPTEST_FAULT_PCT", 12),
        crash_pct: 0,
        diskless_pct: diskless(),
        child: None,
    }
}

fn crash_config() -> Config {
    Config {
        steps: (15, 30),
        fault_pct: pct("MK_PROPTEST_FAULT_PCT", 8),
        crash_pct: pct("MK_PROPTEST_CRASH_PCT", 12),
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
fn random_sequences_with_faults_keep_every_invariant() {
    let name = "random_sequences_with_faults_keep_every_invariant";
    property(name, fault_config(), "MK_PROPTEST_CASES", 300);
}

/// Random sequences where some multi-step operations run in a child process
/// killed at a random step, before or after its effect; then the world is
/// reopened and the sequence goes on.
#[test]
fn random_sequences_with_crashes_keep_every_invariant() {
    let name = "random_sequences_with_crashes_keep_every_invariant";
    property(name, crash_config(), "MK_PROPTEST_CRASH_CASES", 150);
}

/// proptest's own generator and shrinker over the same harness: op lists
/// drawn without looking at the model (so mostly refusals and shallow
/// statuses, a check on the model's refusal side), shrunk by proptest.
/// `PROPTEST_CASES` sets the count (default 64).
mod proptest_driven {
    use super::*;
    use migratekit_tests::model::{PORT_METHODS, STORE_METHODS};
    use proptest::prelude::*;

    fn op() -> impl Strategy<Value = Op> {
        let s = 0..4usize;
        prop_oneof![
            2 => s.clone().prop_map(Op::Add),
            1 => s.clone().prop_map(Op::AddViaCreate),
            6 => (s.clone(), prop_oneof![
                Just(None),
                Just(Some(ReplicationType::Initial)),
                Just(Some(ReplicationType::Incremental)),
            ]).prop_map(|(s, t)| Op::Start(s, t)),
            1 => (s.clone(), 0..=100u8).prop_map(|(s, p)| Op::Progress(s, p)),
            6 => s.clone().prop_map(Op::Complete),
            1 => s.clone().prop_map(Op::Fail),
            1 => s.clone().prop_map(Op::Cancel),
            4 => s.clone().prop_map(Op::TestFailover),
            3 => s.clone().prop_map(Op::Cleanup),
            4 => s.clone().prop_map(Op::Live),
            2 => s.clone().prop_map(Op::Rollback),
            2 => s.clone().prop_map(Op::CompleteMigration),
            1 => s.clone().prop_map(Op::Abort),
            2 => (s.clone(), 0..4usize).prop_map(|(s, n)| Op::DeleteJob(s, n)),
            2 => s.clone().prop_map(Op::Remove),
            1 => Just(Op::Reconcile),
            1 => (0..16u8, any::<bool>()).prop_map(|(m, i)| Op::Bulk(m, i)),
            1 => Just(Op::Reopen),
            1 => Just(Op::AdvanceLease),
            1 => (prop::sample::select(PORT_METHODS.clone()), 1..3usize)
                .prop_map(|(m, n)| Op::PortFault(m.to_owned(), n)),
            1 => (prop::sample::select(STORE_METHODS.clone()), 1..3usize)
                .prop_map(|(m, n)| Op::StoreFault(m.to_owned(), n)),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 64,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]
        #[test]
        fn proptest_op_lists_keep_every_invariant(
            seed in 0..1_000u64,
            ops in prop::collection::vec(op(), 5..40),
        ) {
            if let Err(v) = replay(seed, &ops, &fault_config()) {
                return Err(TestCaseError::fail(v.to_string()));
            }
        }
    }
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
        .find(|s| {
            migratekit_tests::model::vms(*s, 10)
                .iter()
                .all(|v| v.disks > 0)
        })
        .unwrap();
    if let Err(v) = replay(seed, &ops, &cfg) {
        panic!("{v}");
    }
}

fn must_pass(seed: u64, ops: &[Op], crash: bool) {
    let cfg = if crash {
        crash_config()
    } else {
        fault_config()
    };
    if let Err(v) = replay(seed, ops, &cfg) {
        panic!("{v}\nsequence: {ops:#?}");
    }
}

/// A seed whose VMs have these disk counts.
fn seed_with(disks: [usize; 4]) -> u64 {
    (0..)
        .find(|s| {
            let v = migratekit_tests::model::vms(*s, 10);
            (0..4).all(|i| v[i].disks == disks[i])
        })
        .unwrap()
}

fn ready(s: usize) -> Vec<Op> {
    vec![Op::Start(s, None), Op::Complete(s)]
}

fn then(mut a: Vec<Op>, b: impl IntoIterator<Item = Op>) -> Vec<Op> {
    a.extend(b);
    a
}

/// `ops` keep every invariant, every VM with one disk.
fn must_pass_one_disk_each(ops: &[Op], crash: bool) {
    must_pass(seed_with([1, 1, 1, 1]), ops, crash);
}

/// VM 0 replicated, then `op` killed at its step `step` (after the step's
/// effect), the lease let pass, and `op` run again: every invariant holds.
fn survives_a_crash_then_a_resume(op: Op, step: usize) {
    let crash = Op::Crash(Box::new(op.clone()), step, true);
    must_pass_one_disk_each(&then(ready(0), [crash, Op::AdvanceLease, op]), true);
}

/// VM 0 replicated, then `op` run with the first call of the store's
/// `method` failing, and run again: every invariant holds.
fn survives_a_store_fault_then_a_rerun(method: &str, op: Op) {
    let fault = Op::StoreFault(method.into(), 1);
    must_pass_one_disk_each(&then(ready(0), [fault, op.clone(), op]), false);
}

// ------------------------------------------------------------ regressions
//
// Each is the minimal sequence of a failure class the property tests found
// (or a known bug they reproduce), named after the rule it breaks.

/// DESIGN §4: nothing — removal, `reconcile`, a later job — ever touches a
/// completed migration's volumes. Found: reconcile after removing a
/// completed context deletes them as orphans.
#[test]
fn migrated_volumes_untouched_by_reconcile_after_removal() {
    let ops = then(
        ready(0),
        [
            Op::Live(0),
            Op::CompleteMigration(0),
            Op::Remove(0),
            Op::Reconcile,
        ],
    );
    must_pass_one_disk_each(&ops, false);
}

/// DESIGN §2: an operation refused before it had any effect releases the
/// lock. Found: a test failover of a context with no volumes is refused at
/// `validate` and leaves the context locked by `test_failover`.
#[test]
fn refusal_at_validate_changes_nothing() {
    let ops = then(ready(2), [Op::TestFailover(2)]);
    must_pass(seed_with([1, 1, 0, 1]), &ops, false);
}

/// Same, for live failover.
#[test]
fn refusal_at_validate_changes_nothing_live() {
    let ops = then(ready(2), [Op::Live(2)]);
    must_pass(seed_with([1, 1, 0, 1]), &ops, false);
}

/// DESIGN §4: exactly one failover job per failover, however often it is
/// resumed. A test failover whose final status update fails is resumed.
#[test]
fn one_active_failover_per_context_after_a_resume() {
    survives_a_store_fault_then_a_rerun("finish_operation", Op::TestFailover(0));
}

/// Same, live failover killed right after recording its failover job.
#[test]
fn one_active_failover_per_context_after_a_crash() {
    survives_a_crash_then_a_resume(Op::Live(0), 6);
}

/// DESIGN §2: no rule leaves a context locked with nothing left to resume.
/// `delete_job` killed after deleting the job's records, then resumed.
#[test]
fn delete_job_resumed_after_a_crash_finishes() {
    survives_a_crash_then_a_resume(Op::DeleteJob(0, 0), 3);
}

/// DESIGN §4 cleanup: a failed final status update is a warning, and the
/// context is not left locked.
#[test]
fn success_holds_no_lock_when_cleanup_status_update_fails() {
    let ops = then(
        ready(0),
        [
            Op::TestFailover(0),
            Op::StoreFault("finish_operation".into(), 1),
            Op::Cleanup(0),
        ],
    );
    must_pass_one_disk_each(&ops, false);
}

/// `delete_job` killed right after deleting the volumes (their records go
/// with them), then resumed: the context must still end `discovered` — its
/// volumes are gone.
#[test]
fn delete_job_resumed_after_its_volumes_went_reaches_table_target() {
    survives_a_crash_then_a_resume(Op::DeleteJob(0, 0), 2);
}

/// DESIGN §2: `ready_for_failover` means the target volumes are consistent.
/// A job whose provisioning was killed before it created the volumes can
/// still be completed: the context is `ready_for_failover` with no volume.
#[test]
fn replicated_context_has_every_volume_after_a_killed_start() {
    let ops = vec![
        Op::Crash(Box::new(Op::Start(0, None)), 1, false),
        Op::Complete(0),
    ];
    must_pass_one_disk_each(&ops, true);
}

/// Same class without a crash: `delete_job` whose final status update fails
/// (store fault) has already deleted the job's records; running it again is
/// `not_found` and the context stays locked by `delete_job`.
#[test]
fn delete_job_resumed_after_a_failed_status_update_finishes() {
    survives_a_store_fault_then_a_rerun("finish_operation", Op::DeleteJob(0, 0));
}

/// Same class without a crash: `delete_job` fails at `delete-records`
/// (store fault) after deleting the volumes and their records; run again,
/// it succeeds but leaves `ready_for_failover` with no volumes.
#[test]
fn delete_job_resumed_after_a_failed_record_deletion_reaches_table_target() {
    survives_a_store_fault_then_a_rerun("finish_job_deletion", Op::DeleteJob(0, 0));
}
