//! Several control-plane nodes for real (DESIGN §3, §4, §6): four OS
//! processes, each its own manager and pool of connections, on one
//! PostgreSQL database and one shared world of volumes, exports and VMs
//! (the rig), racing the same operations on the same VMs and groups; and a
//! node killed (SIGKILL) mid-operation, resumed by another after the lease.
//! Skipped without `MIGRATEKIT_TEST_PG_URL`, failed without it when
//! `MIGRATEKIT_REQUIRE_PG` is set.

use chrono::{TimeZone, Utc};
use migratekit_core::model::{
    AddToGroupRequest, ContextFilter, ContextRef, CreateGroupRequest, CreateMigrationResponse,
    CreateScheduleRequest, FailoverStatus, JobFilter, JobStatus, Status, VmIdentity,
};
use migratekit_core::ports::{ManualClock, NbdExporter, VolumeDaemon};
use migratekit_core::testkit::postgres::{TestSchema, test_server_url};
use migratekit_core::{ErrorCode, Manager};
use migratekit_tests::rig;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const NODES: usize = 4;

/// A shared database (a schema of its own) and the rig's directory.
struct Cluster {
    schema: TestSchema,
    dir: tempfile::TempDir,
}

impl Cluster {
    fn new() -> Option<Cluster> {
        let server = test_server_url()?;
        Some(Cluster {
            schema: TestSchema::create(&server).unwrap(),
            dir: tempfile::tempdir().unwrap(),
        })
    }

    fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// A manager of the test's own (another node) over the same database and
    /// world.
    fn manager(&self) -> Manager {
        self.builder().build().unwrap()
    }

    fn builder(&self) -> migratekit_core::ManagerBuilder {
        rig::with_ports(Manager::builder().postgres(self.schema.url()), self.dir())
    }

    /// A node process doing `mode` with `arg` at `start_at`.
    fn spawn(&self, mode: &str, arg: &str, start_at: &str, env: &[(&str, String)]) -> Child {
        let mut c = Command::new(env!("CARGO_BIN_EXE_node-child"));
        c.args([
            self.schema.url(),
            self.dir().to_str().unwrap(),
            mode,
            arg,
            start_at,
        ])
        .stdout(Stdio::piped());
        for (k, v) in env {
            c.env(k, v);
        }
        c.spawn().unwrap()
    }

    /// One node per entry of `args`, all doing `mode` at the same instant;
    /// each node's answer.
    fn race(&self, mode: &str, args: &[String]) -> Vec<serde_json::Value> {
        // Every node waits for this instant, so all of them have connected
        // and migrated and fire together.
        let start_at = (SystemTime::now().duration_since(UNIX_EPOCH).unwrap()
            + Duration::from_millis(2500))
        .as_millis()
        .to_string();
        let children: Vec<_> = args
            .iter()
            .map(|a| self.spawn(mode, a, &start_at, &[]))
            .collect();
        children
            .into_iter()
            .map(|c| {
                let out = c.wait_with_output().unwrap();
                assert!(out.status.success(), "node failed: {out:?}");
                serde_json::from_slice(&out.stdout).unwrap()
            })
            .collect()
    }
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn tally(answers: &[serde_json::Value]) -> (usize, Vec<String>) {
    let ok = answers.iter().filter(|a| a["ok"] == true).count();
    let mut codes: Vec<String> = answers
        .iter()
        .filter_map(|a| a["code"].as_str().map(str::to_owned))
        .collect();
    codes.sort();
    (ok, codes)
}

fn vm(id: &str) -> ContextRef {
    ContextRef::Vm(VmIdentity {
        vcenter_host: "vc01".into(),
        vmware_vm_id: id.into(),
    })
}

async fn all_contexts(m: &Manager) -> Vec<migratekit_core::model::ReplicationContext> {
    m.list_contexts(&ContextFilter {
        limit: Some(10_000),
        ..Default::default()
    })
    .await
    .unwrap()
    .items
}

async fn all_jobs(m: &Manager) -> Vec<migratekit_core::model::ReplicationJob> {
    m.list_jobs(&JobFilter {
        limit: Some(10_000),
        ..Default::default()
    })
    .await
    .unwrap()
    .items
}

#[test]
fn four_nodes_adding_one_vm_give_one_context() {
    let Some(c) = Cluster::new() else { return };
    drop(c.manager()); // the schema, created once as a deployment would
    let answers = c.race("add", &vec!["vm-race".to_owned(); NODES]);
    let (ok, codes) = tally(&answers);
    assert_eq!(ok, 1, "{answers:?}");
    assert_eq!(codes, vec!["already_managed".to_owned(); NODES - 1]);
    assert_eq!(rt().block_on(all_contexts(&c.manager())).len(), 1);
}

#[test]
fn four_nodes_starting_one_new_vm_give_one_context_one_active_job_and_one_set_of_volumes() {
    let Some(c) = Cluster::new() else { return };
    // No schema yet either: the nodes race to migrate it, then to start.
    let answers = c.race("start", &vec!["vm-race".to_owned(); NODES]);
    let (ok, codes) = tally(&answers);
    assert_eq!(ok, 1, "{answers:?}");
    assert!(
        codes
            .iter()
            .all(|c| c == "replication_active" || c == "operation_in_progress"),
        "{answers:?}"
    );
    let m = c.manager();
    let rt = rt();
    assert_eq!(rt.block_on(all_contexts(&m)).len(), 1);
    let jobs = rt.block_on(all_jobs(&m));
    assert_eq!(jobs.len(), 1, "{jobs:?}");
    assert!(matches!(
        jobs[0].status,
        JobStatus::Pending | JobStatus::Running
    ));
    let volumes = rt.block_on(rig::volumes(c.dir()).list_volumes()).unwrap();
    assert_eq!(volumes.len(), 2, "one volume per disk: {volumes:?}");
    let exports = rt.block_on(rig::exporter(c.dir()).list_exports()).unwrap();
    assert_eq!(exports.len(), 2, "{exports:?}");
}

/// Every node adds, then starts, the same 25 VMs in the same order, so they
/// collide on every one: each VM ends with one context and one active job.
#[test]
fn four_nodes_adding_and_starting_the_same_vms_give_one_context_and_one_job_each() {
    const VMS: usize = 25;
    let Some(c) = Cluster::new() else { return };
    drop(c.manager());
    let answers = c.race("add_many", &vec![VMS.to_string(); NODES]);
    for i in 0..VMS {
        let oks = answers.iter().filter(|a| a["codes"][i] == "ok").count();
        assert_eq!(oks, 1, "vm-{i}: {answers:?}");
        assert!(
            answers
                .iter()
                .all(|a| a["codes"][i] == "ok" || a["codes"][i] == "already_managed"),
            "vm-{i}: {answers:?}"
        );
    }
    let answers = c.race("start_many", &vec![VMS.to_string(); NODES]);
    for i in 0..VMS {
        let oks = answers.iter().filter(|a| a["codes"][i] == "ok").count();
        assert_eq!(oks, 1, "vm-{i}: {answers:?}");
    }
    let m = c.manager();
    let rt = rt();
    let contexts = rt.block_on(all_contexts(&m));
    assert_eq!(contexts.len(), VMS);
    assert!(
        contexts
            .iter()
            .all(|x| x.current_status == Status::Replicating && x.active_operation.is_none()),
        "{contexts:?}"
    );
    let jobs = rt.block_on(all_jobs(&m));
    assert_eq!(jobs.len(), VMS, "one job per VM");
    let volumes = rt.block_on(rig::volumes(c.dir()).list_volumes()).unwrap();
    assert_eq!(volumes.len(), 2 * VMS, "no volume leaked or doubled");
}

/// A VM replicated once, through the test's own node.
fn replicated(c: &Cluster, id: &str) -> String {
    let m = c.manager();
    rt().block_on(async {
        let mut r = rig::two_disk_vm(id);
        r.vcenter_host = "vc01".into();
        let CreateMigrationResponse::JobStarted(j) = m.create_migration(r).await.unwrap() else {
            panic!()
        };
        rig::complete_each_disk(&m, &j.job_id, "cbt").await.unwrap();
        j.context_id
    })
}

#[test]
fn four_nodes_test_failing_over_one_vm_give_one_test_vm() {
    let Some(c) = Cluster::new() else { return };
    let ctx = replicated(&c, "vm-test");
    let answers = c.race("test_failover", &vec!["vm-test".to_owned(); NODES]);
    let (ok, codes) = tally(&answers);
    assert_eq!(ok, 1, "{answers:?}");
    assert!(
        codes
            .iter()
            .all(|c| c == "operation_in_progress" || c == "invalid_transition"),
        "{answers:?}"
    );
    assert_eq!(rig::cloud(c.dir()).vms().len(), 1, "one test VM");
    let m = c.manager();
    let rt = rt();
    let x = rt
        .block_on(m.get_context(&ContextRef::ContextId(ctx.clone())))
        .unwrap();
    assert_eq!(x.current_status, Status::FailedOverTest);
    assert_eq!(x.active_operation, None);
    let failovers = rt.block_on(m.list_failover_jobs(&vm("vm-test"))).unwrap();
    assert_eq!(failovers.len(), 1, "{failovers:?}");
    let volumes = rt.block_on(rig::volumes(c.dir()).list_volumes()).unwrap();
    assert_eq!(
        volumes.len(),
        4,
        "two replicas and one clone of each: {volumes:?}"
    );
}

/// DESIGN §4 schedules: nodes calling `run_due_schedules` at once (each a
/// little later within the same second, as real timers would) start each
/// group once per cron time and never more than `max_concurrent_jobs`.
#[test]
fn four_nodes_running_due_schedules_at_once_start_each_group_once_per_cron_time() {
    const MAX: u32 = 2;
    let Some(c) = Cluster::new() else { return };
    // Created two hours before the cron time.
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2025, 9, 20, 10, 0, 0).unwrap(),
    ));
    let m = c.builder().clock(clock).build().unwrap();
    let rt = rt();
    let groups: Vec<String> = rt.block_on(async {
        let s = m
            .create_schedule(&CreateScheduleRequest {
                name: "noon".into(),
                cron_expression: "0 12 * * *".into(),
                timezone: "UTC".into(),
                enabled: true,
                max_concurrent_jobs: MAX,
            })
            .await
            .unwrap();
        let mut groups = Vec::new();
        for g in 0..2 {
            let group = m
                .create_group(&CreateGroupRequest {
                    name: format!("g{g}"),
                    description: String::new(),
                    schedule_id: Some(s.schedule_id.clone()),
                })
                .await
                .unwrap();
            for i in 0..4 {
                let mut r = rig::two_disk_vm(&format!("vm-{g}-{i}"));
                r.vcenter_host = "vc01".into();
                r.start_replication = Some(false);
                let CreateMigrationResponse::ContextCreated(x) =
                    m.create_migration(r).await.unwrap()
                else {
                    panic!()
                };
                m.add_to_group(&AddToGroupRequest {
                    group_id: group.group_id.clone(),
                    context_id: x.context_id,
                    priority: i,
                })
                .await
                .unwrap();
            }
            groups.push(group.group_id);
        }
        groups
    });
    let cron_time = Utc.with_ymd_and_hms(2025, 9, 20, 12, 0, 0).unwrap();
    let nows: Vec<String> = (0..NODES as i64)
        .map(|i| (cron_time + chrono::Duration::milliseconds(97 + 131 * i)).to_rfc3339())
        .collect();
    let answers = c.race("schedule", &nows);
    assert!(answers.iter().all(|a| a["ok"] == true), "{answers:?}");
    let ran: Vec<&serde_json::Value> = answers
        .iter()
        .flat_map(|a| a["executions"].as_array().unwrap())
        .collect();
    assert_eq!(ran.len(), 2, "each group once: {answers:?}");
    let executions = rt.block_on(m.list_schedule_executions(None, None)).unwrap();
    assert_eq!(executions.len(), 2, "{executions:?}");
    for g in &groups {
        let e: Vec<_> = executions.iter().filter(|e| &e.group_id == g).collect();
        assert_eq!(e.len(), 1, "group {g}: {executions:?}");
        assert_eq!(e[0].due_at, cron_time);
        assert_eq!(e[0].jobs_started, MAX);
    }
    let jobs = rt.block_on(all_jobs(&m));
    assert_eq!(jobs.len(), 2 * MAX as usize, "{jobs:?}");

    // A second wave later in the same minute finds the cron time done.
    let nows: Vec<String> = (0..NODES as i64)
        .map(|i| (cron_time + chrono::Duration::milliseconds(30_000 + 7 * i)).to_rfc3339())
        .collect();
    let answers = c.race("schedule", &nows);
    assert!(
        answers
            .iter()
            .all(|a| a["executions"].as_array().is_some_and(|e| e.is_empty())),
        "{answers:?}"
    );
}

/// DESIGN §2 lock rules across nodes: a node killed (SIGKILL) in the middle
/// of a test failover holds the context's lock until its lease runs out;
/// meanwhile another node is refused with `operation_in_progress`; after
/// it, the other node resumes the same operation and finishes it — one test
/// VM, one clone per disk, one failover job, nothing leaked, no lock left.
#[test]
fn a_node_killed_mid_failover_is_resumed_by_another_after_the_lease() {
    let Some(c) = Cluster::new() else { return };
    let ctx = replicated(&c, "vm-kill");
    let lease = Duration::from_secs(3);
    let ready = c.dir().join("ready");
    let mut doomed = c.spawn(
        "test_failover",
        "vm-kill",
        "0",
        &[
            ("MK_LEASE_MS", lease.as_millis().to_string()),
            ("MK_DELAY_POWER_ON_MS", "60000".into()),
            ("MK_READY_FILE", ready.display().to_string()),
        ],
    );
    // Killed once its test VM exists and it waits on the power-on.
    let deadline = Instant::now() + Duration::from_secs(60);
    while rig::cloud(c.dir()).vms().is_empty() {
        assert!(Instant::now() < deadline, "the node never created its VM");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    doomed.kill().unwrap(); // SIGKILL: no unwinding, no clean-up
    let status = doomed.wait().unwrap();
    assert!(!status.success());

    let m = c.builder().operation_lease(lease).build().unwrap();
    let rt = rt();
    let held = rt
        .block_on(m.get_context(&ContextRef::ContextId(ctx.clone())))
        .unwrap();
    assert!(held.active_operation.is_some(), "{held:?}");
    let refused = rt.block_on(m.test_failover(&vm("vm-kill"))).unwrap_err();
    assert_eq!(
        refused.code(),
        ErrorCode::OperationInProgress,
        "{refused:?}"
    );

    std::thread::sleep(lease + Duration::from_millis(500));
    let done = rt.block_on(m.test_failover(&vm("vm-kill"))).unwrap();
    assert_eq!(done.status, Status::FailedOverTest);
    let x = rt
        .block_on(m.get_context(&ContextRef::ContextId(ctx)))
        .unwrap();
    assert_eq!(x.current_status, Status::FailedOverTest);
    assert_eq!(x.active_operation, None, "no lock left");
    assert_eq!(
        rig::cloud(c.dir()).vms().len(),
        1,
        "the VM was found again, not doubled"
    );
    let volumes = rt.block_on(rig::volumes(c.dir()).list_volumes()).unwrap();
    assert_eq!(volumes.len(), 4, "one clone per disk: {volumes:?}");
    let failovers = rt.block_on(m.list_failover_jobs(&vm("vm-kill"))).unwrap();
    assert_eq!(failovers.len(), 1, "{failovers:?}");
    assert_eq!(failovers[0].status, FailoverStatus::Active);
}
