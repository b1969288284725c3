//! Session-4 attacks on what landed today: schedule runs surviving the
//! death of their process, volume ids the store records for another
//! context, and the JSON text surface against the value surface.

use async_trait::async_trait;
use chrono::{Duration, Utc};
use migratekit_core::model::{
    ContextRef, CreateGroupRequest, CreateMigrationResponse, CreateScheduleRequest, FailoverTarget,
    ScheduleExecution,
};
use migratekit_core::ports::volumes::Volume;
use migratekit_core::ports::{GroupStore, PortResult, VolumeDaemon};
use migratekit_core::sqlite::{Database, SqliteStore};
use migratekit_core::testkit::{FakeCloud, FakeExporter, FakeVolumes};
use migratekit_core::{ErrorCode, Manager, json};
use std::sync::{Arc, Mutex};

fn rt() -> tokio::runtime::Runtime {
    migratekit_tests::rig::runtime()
}

// ---------------------------------------------------------------- schedules

/// A runner whose lease ended and whose run another process took over must
/// learn it at its next renewal (and stop), or both would start members and
/// the group would exceed `max_concurrent_jobs`.
#[test]
fn a_schedule_run_taken_over_is_no_longer_renewed_by_its_first_runner() {
    let dir = migratekit_tests::model::TempDir::new();
    let db = dir.path().join("mk.db");
    let m = Manager::builder().sqlite(&db).build().unwrap();
    let store = SqliteStore::new(Database::open(&db).unwrap());
    rt().block_on(takeover_renewal(&m, &store));
}

/// [`a_schedule_run_taken_over_is_no_longer_renewed_by_its_first_runner`]
/// on PostgreSQL (skipped without a test server).
#[test]
fn a_schedule_run_taken_over_is_no_longer_renewed_by_its_first_runner_on_postgres() {
    let Some(server) = migratekit_core::testkit::postgres::test_server_url() else {
        return;
    };
    let schema = migratekit_core::testkit::postgres::TestSchema::create(&server).unwrap();
    let m = Manager::builder().postgres(schema.url()).build().unwrap();
    let store = migratekit_core::postgres::PostgresStore::new(
        migratekit_core::postgres::Database::connect(schema.url()).unwrap(),
    );
    rt().block_on(takeover_renewal(&m, &store));
}

async fn takeover_renewal(m: &Manager, store: &dyn GroupStore) {
    {
        let s = m
            .create_schedule(&CreateScheduleRequest {
                name: "nightly".into(),
                cron_expression: "0 2 * * *".into(),
                timezone: "UTC".into(),
                enabled: true,
                max_concurrent_jobs: 2,
            })
            .await
            .unwrap();
        let g = m
            .create_group(&CreateGroupRequest {
                name: "g".into(),
                description: String::new(),
                schedule_id: Some(s.schedule_id.clone()),
            })
            .await
            .unwrap();
        let t0 = Utc::now();
        let run = ScheduleExecution::new("exec-a", &s.schedule_id, &g.group_id, t0, t0);
        let a_until = t0 + Duration::seconds(60);
        let a_until =
            a_until - Duration::nanoseconds(a_until.timestamp_subsec_nanos() as i64 % 1000);
        let id = store
            .claim_schedule_execution(&run, a_until, t0)
            .await
            .unwrap();
        assert_eq!(id.as_deref(), Some("exec-a"));
        // Another process, once A's lease passed, takes it over.
        let later = t0 + Duration::seconds(61);
        let mut b_run = run.clone();
        b_run.execution_id = "exec-b".into();
        b_run.started_at = later;
        let b_until = later + Duration::seconds(60);
        let b_until =
            b_until - Duration::nanoseconds(b_until.timestamp_subsec_nanos() as i64 % 1000);
        let taken = store
            .claim_schedule_execution(&b_run, b_until, later)
            .await
            .unwrap();
        assert_eq!(taken.as_deref(), Some("exec-a"), "same execution id");
        // A third at the same moment does not win too.
        let third = store
            .claim_schedule_execution(&b_run, b_until, later)
            .await
            .unwrap();
        assert_eq!(third, None, "only one takeover wins");
        // A wakes up and renews with the lease it held: not its run any more.
        let a_renews = store
            .renew_schedule_execution("exec-a", a_until, later + Duration::seconds(120))
            .await
            .unwrap();
        assert!(
            !a_renews,
            "the first runner's renewal must fail after a takeover"
        );
        // B still holds it.
        assert!(
            store
                .renew_schedule_execution("exec-a", b_until, later + Duration::seconds(90))
                .await
                .unwrap()
        );
    }
}

// ---------------------------------------------------------------- volumes

/// A volume daemon whose `clone_volume` answers an id it gave before (the
/// id set by the test), as a broken daemon repeating ids would.
struct RepeatingClones {
    inner: FakeVolumes,
    clone_answer: Mutex<Option<String>>,
    create_answer: Mutex<Option<String>>,
}

#[async_trait]
impl VolumeDaemon for RepeatingClones {
    async fn create_volume(&self, name: &str, size_bytes: u64) -> PortResult<Volume> {
        // Only the second disk's volume is answered with the forced id.
        let forced = self.create_answer.lock().unwrap().clone();
        let forced = forced.filter(|_| name.ends_with("disk-1"));
        match forced {
            Some(id) => Ok(self.inner.get_volume(&id).await?.expect("forced id exists")),
            None => self.inner.create_volume(name, size_bytes).await,
        }
    }
    async fn clone_volume(&self, source: &str, name: &str) -> PortResult<Volume> {
        let forced = self.clone_answer.lock().unwrap().clone();
        match forced {
            Some(id) => Ok(self.inner.get_volume(&id).await?.expect("forced id exists")),
            None => self.inner.clone_volume(source, name).await,
        }
    }
    async fn attach_volume(&self, volume_id: &str, instance_id: &str) -> PortResult<String> {
        self.inner.attach_volume(volume_id, instance_id).await
    }
    async fn detach_volume(&self, volume_id: &str) -> PortResult<()> {
        self.inner.detach_volume(volume_id).await
    }
    async fn delete_volume(&self, volume_id: &str) -> PortResult<()> {
        self.inner.delete_volume(volume_id).await
    }
    async fn get_volume(&self, volume_id: &str) -> PortResult<Option<Volume>> {
        self.inner.get_volume(volume_id).await
    }
    async fn list_volumes(&self) -> PortResult<Vec<Volume>> {
        self.inner.list_volumes().await
    }
}

async fn replicated(m: &Manager, vm: &str) -> String {
    let r = m
        .create_migration(migratekit_tests::rig::two_disk_vm(vm))
        .await
        .unwrap();
    let CreateMigrationResponse::JobStarted(job) = r else {
        panic!("a job starts")
    };
    migratekit_tests::rig::complete_each_disk(m, &job.job_id, "cbt")
        .await
        .unwrap();
    job.context_id
}

/// A test failover whose daemon answers another context's replica id as a
/// clone must be refused: that replica is neither attached to this test VM
/// nor deleted by the cleanup.
#[test]
fn a_clone_id_recorded_for_another_context_is_refused_and_never_deleted() {
    let dir = migratekit_tests::model::TempDir::new();
    rt().block_on(async {
        let daemon = Arc::new(RepeatingClones {
            inner: FakeVolumes::new(),
            clone_answer: Mutex::new(None),
            create_answer: Mutex::new(None),
        });
        let m = Manager::builder()
            .sqlite(dir.path().join("mk.db"))
            .volume_daemon(daemon.clone())
            .target_cloud(Arc::new(FakeCloud::new()))
            .nbd_exporter(Arc::new(FakeExporter::new()))
            .build()
            .unwrap();
        let a = replicated(&m, "vm-a").await;
        let b = replicated(&m, "vm-b").await;
        let b_vols = m
            .list_volumes(&ContextRef::ContextId(b.clone()))
            .await
            .unwrap();
        *daemon.clone_answer.lock().unwrap() = Some(b_vols[0].volume_id.clone());
        let r = m.test_failover(&ContextRef::ContextId(a.clone())).await;
        // Every way out of the failed test failover: its cleanup (refused
        // from the state it left) and the abort (which deletes its clones).
        let _ = m
            .cleanup_test_failover(&FailoverTarget {
                context_id: Some(a.clone()),
                ..Default::default()
            })
            .await;
        m.abort_operation(&ContextRef::ContextId(a.clone()))
            .await
            .expect("the abort of a refused test failover succeeds");
        for v in &b_vols {
            let now = daemon.get_volume(&v.volume_id).await.unwrap();
            let now = now.unwrap_or_else(|| {
                panic!("vm-b's replica {} was deleted by vm-a's abort", v.volume_id)
            });
            assert_eq!(
                now.attached_to.as_deref(),
                Some("oma-appliance"),
                "still on the appliance"
            );
        }
        let e = r.expect_err("a clone id of another context is refused");
        assert_eq!(e.code(), ErrorCode::Adapter);
    });
}

/// The same with the clone answering this context's own replica id: the
/// replica must never be attached to (and written by) the test VM.
#[test]
fn a_clone_id_equal_to_its_own_replica_is_refused() {
    let dir = migratekit_tests::model::TempDir::new();
    rt().block_on(async {
        let daemon = Arc::new(RepeatingClones {
            inner: FakeVolumes::new(),
            clone_answer: Mutex::new(None),
            create_answer: Mutex::new(None),
        });
        let m = Manager::builder()
            .sqlite(dir.path().join("mk.db"))
            .volume_daemon(daemon.clone())
            .target_cloud(Arc::new(FakeCloud::new()))
            .nbd_exporter(Arc::new(FakeExporter::new()))
            .build()
            .unwrap();
        let a = replicated(&m, "vm-a").await;
        let vols = m
            .list_volumes(&ContextRef::ContextId(a.clone()))
            .await
            .unwrap();
        *daemon.clone_answer.lock().unwrap() = Some(vols[0].volume_id.clone());
        let r = m.test_failover(&ContextRef::ContextId(a.clone())).await;
        let e = r.expect_err("a clone id equal to a replica is refused");
        assert_eq!(e.code(), ErrorCode::Adapter);
    });
}

// ---------------------------------------------------------------- JSON text

async fn both(
    m: &Manager,
    op: &str,
    text: &str,
) -> (
    Result<String, ErrorCode>,
    Option<Result<serde_json::Value, ErrorCode>>,
) {
    let t = json::call_str(m, op, text).await.map_err(|e| e.code());
    let v = match serde_json::from_str::<serde_json::Value>(text) {
        Ok(v) => Some(json::call(m, op, &v).await.map_err(|e| e.code())),
        Err(_) => None,
    };
    (t, v)
}

/// Hostile bodies get a `validation` error from the text surface — no
/// panic, no stack overflow — and, where the text parses as a value, the
/// same answer kind as the value surface.
#[test]
fn hostile_text_bodies_get_a_validation_error_without_a_crash() {
    let dir = migratekit_tests::model::TempDir::new();
    // A small stack, as a binding's calling thread may have.
    let path = dir.path().join("mk.db");
    std::thread::Builder::new()
        .stack_size(
            std::env::var("MK_STACK_KB")
                .map(|k| k.parse::<usize>().unwrap() * 1024)
                .unwrap_or(2 << 20),
        )
        .spawn(move || {
            rt().block_on(async {
                let m = Manager::builder().sqlite(&path).build().unwrap();
                let deep_arr = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
                let deep_obj = format!(
                    "{{\"job_id\":{}1{}}}",
                    "{\"a\":".repeat(100_000),
                    "}".repeat(100_000)
                );
                let unclosed = "[".repeat(100_000);
                let bodies: Vec<(&str, String)> = vec![
                    ("deep array", deep_arr),
                    ("deep object", deep_obj),
                    ("unclosed", unclosed),
                    ("bom", "\u{feff}{\"job_id\":\"a\"}".into()),
                    ("trailing garbage", r#"{"job_id":"a"} x"#.into()),
                    ("two values", r#"{"job_id":"a"}{"job_id":"b"}"#.into()),
                    ("nul", "{\"job_id\":\"a\"}\0".into()),
                    ("lone high surrogate", r#"{"job_id":"\ud800"}"#.into()),
                    ("lone low surrogate", r#"{"job_id":"\udc00x"}"#.into()),
                    (
                        "huge number",
                        format!("{{\"job_id\":{}}}", "9".repeat(10_000)),
                    ),
                    ("huge exponent", r#"{"job_id":1e999999}"#.into()),
                    ("empty", String::new()),
                    ("array body", "[]".into()),
                ];
                for (what, body) in &bodies {
                    let (t, v) = both(&m, "get_job", body).await;
                    assert_eq!(t, Err(ErrorCode::Validation), "{what}: text surface");
                    if let Some(v) = v {
                        assert_eq!(
                            v.map(|_| ()),
                            Err(ErrorCode::Validation),
                            "{what}: value surface"
                        );
                    }
                }
                // Duplicate keys: a value keeps the last (so only the text
                // surface can see them); the text surface refuses them.
                for body in [
                    r#"{"job_id":"a","job_id":"b"}"#,
                    r#"{"job_id":"a","job\u005fid":"b"}"#,
                    r#"{"job_id":"a","x":{"k":1,"\u006b":2}}"#,
                ] {
                    let t = json::call_str(&m, "get_job", body)
                        .await
                        .map_err(|e| e.code());
                    assert_eq!(t.err(), Some(ErrorCode::Validation), "{body}");
                }
                // 50 MB body: a string too long to be an id, read and refused.
                let big = format!("{{\"job_id\":\"{}\"}}", "x".repeat(50 << 20));
                let (t, v) = both(&m, "get_job", &big).await;
                assert!(t.is_err(), "50 MB id answers an error");
                assert_eq!(t.err(), v.unwrap().err(), "50 MB: same error both surfaces");
                // A 100k-deep value built in memory (no parser limit in
                // the way) for the value surface: refused, no overflow.
                let deep_value = || {
                    let mut deep = serde_json::Value::Null;
                    for _ in 0..100_000 {
                        deep = serde_json::Value::Array(vec![deep]);
                    }
                    deep
                };
                let deep = deep_value();
                // Built by hand: `json!` serializes an embedded value
                // recursively.
                let object = |fields: Vec<(&str, serde_json::Value)>| {
                    let map: serde_json::Map<String, serde_json::Value> =
                        fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
                    serde_json::Value::Object(map)
                };
                for body in [
                    object(vec![("job_id", "j".into()), ("x", deep_value())]),
                    object(vec![("job_id", deep_value())]),
                ] {
                    let v = json::call(&m, "get_job", &body).await.map_err(|e| e.code());
                    assert_eq!(
                        v.err(),
                        Some(ErrorCode::Validation),
                        "deep value in an unknown field"
                    );
                    std::mem::forget(body);
                }
                let v = json::call(&m, "get_job", &deep).await.map_err(|e| e.code());
                assert_eq!(
                    v.err(),
                    Some(ErrorCode::Validation),
                    "deep value as the body"
                );
                // Dropping it recursively would overflow this test's stack.
                std::mem::forget(deep);
                // Deep nesting in a field the request ignores.
                let ignored = format!(
                    "{{\"job_id\":\"j\",\"x\":{}{}}}",
                    "[".repeat(100_000),
                    "]".repeat(100_000)
                );
                let (t, _) = both(&m, "get_job", &ignored).await;
                assert_eq!(t.err(), Some(ErrorCode::Validation), "deep ignored field");
            });
        })
        .unwrap()
        .join()
        .expect("no panic or stack overflow");
}

// ------------------------------------------------ schedules across processes

fn child_run_due(
    dir: &std::path::Path,
    now: chrono::DateTime<Utc>,
    offset_min: i64,
    crash: Option<&str>,
) -> std::process::Child {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_break-child"));
    cmd.arg(dir)
        .arg("op")
        .arg("run_due_schedules")
        .arg(serde_json::json!({ "now": now }).to_string())
        .env("MK_CLOCK_OFFSET_MIN", offset_min.to_string())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null());
    match crash {
        Some(c) => cmd.env("MIGRATEKIT_CRASH_AT", c),
        None => cmd.env_remove("MIGRATEKIT_CRASH_AT"),
    };
    cmd.spawn().expect("spawn break-child")
}

fn runs_of(out: std::process::Output) -> Vec<ScheduleExecution> {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    serde_json::from_slice(&out.stdout).expect("executions")
}

/// A process killed mid-run (after its first member's job was created)
/// leaves the run unfinished: a call inside its lease leaves it alone, two
/// processes calling after the lease end take it over once between them
/// (same execution id), the group never exceeds `max_concurrent_jobs`, and
/// no member is started twice.
#[test]
fn a_schedule_run_killed_mid_run_is_taken_over_once_within_the_limit() {
    use migratekit_core::model::{AddToGroupRequest, JobFilter};
    let dir = migratekit_tests::model::TempDir::new();
    let created = Utc::now();
    let (group_id, contexts) = rt().block_on(async {
        let m = migratekit_tests::rig::builder(dir.path()).build().unwrap();
        let s = m
            .create_schedule(&CreateScheduleRequest {
                name: "every-minute".into(),
                cron_expression: "* * * * *".into(),
                timezone: "UTC".into(),
                enabled: true,
                max_concurrent_jobs: 2,
            })
            .await
            .unwrap();
        let g = m
            .create_group(&CreateGroupRequest {
                name: "g".into(),
                description: String::new(),
                schedule_id: Some(s.schedule_id.clone()),
            })
            .await
            .unwrap();
        let mut contexts = Vec::new();
        for i in 0..4 {
            let mut req = migratekit_tests::rig::two_disk_vm(&format!("vm-s-{i}"));
            req.start_replication = Some(false);
            let CreateMigrationResponse::ContextCreated(c) = m.create_migration(req).await.unwrap()
            else {
                panic!("added only")
            };
            m.add_to_group(&AddToGroupRequest {
                group_id: g.group_id.clone(),
                context_id: c.context_id.clone(),
                priority: i,
            })
            .await
            .unwrap();
            contexts.push(c.context_id);
        }
        (g.group_id, contexts)
    });
    // A fixed cron time for every call: five minutes after the setup.
    let now = created + Duration::minutes(5);
    let killed = child_run_due(
        dir.path(),
        now,
        0,
        Some("start_replication:create-job:after"),
    )
    .wait_with_output()
    .unwrap();
    assert!(!killed.status.success(), "the first runner dies mid-run");
    let check = |label: &str| {
        rt().block_on(async {
            let m = migratekit_tests::rig::builder(dir.path()).build().unwrap();
            let jobs = m.list_jobs(&JobFilter::default()).await.unwrap().items;
            let active = jobs.iter().filter(|j| j.status.is_active()).count();
            assert!(
                active <= 2,
                "{label}: {active} jobs active over the limit of 2"
            );
            for c in &contexts {
                let n = jobs.iter().filter(|j| &j.context_id == c).count();
                assert!(n <= 1, "{label}: {c} started {n} times");
            }
            let runs = m.list_schedule_executions(None, None).await.unwrap();
            assert_eq!(runs.len(), 1, "{label}: one execution: {runs:?}");
            assert!(runs.iter().all(|r| r.group_id == group_id));
            (jobs.len(), runs[0].execution_id.clone())
        })
    };
    let (jobs_after_kill, first_id) = check("after the kill");
    assert_eq!(jobs_after_kill, 1, "the killed run started one member");
    // Inside the lease: nobody takes it over.
    let early = runs_of(
        child_run_due(dir.path(), now, 0, None)
            .wait_with_output()
            .unwrap(),
    );
    assert!(early.is_empty(), "taken over inside the lease: {early:?}");
    // After it: two processes at once, one wins.
    let a = child_run_due(dir.path(), now, 2, None);
    let b = child_run_due(dir.path(), now, 2, None);
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    let won: Vec<ScheduleExecution> = runs_of(a).into_iter().chain(runs_of(b)).collect();
    assert_eq!(won.len(), 1, "exactly one takeover: {won:?}");
    assert_eq!(won[0].execution_id, first_id, "same execution id");
    let (jobs, _) = check("after the takeover");
    assert_eq!(jobs, 2, "the takeover fills the group up to its limit");
    // Finished: a later call (same cron time) does nothing.
    let late = runs_of(
        child_run_due(dir.path(), now, 4, None)
            .wait_with_output()
            .unwrap(),
    );
    assert!(late.is_empty(), "a finished run runs again: {late:?}");
}

/// A volume daemon (the rig's local volumes) that runs a hook once, at the
/// first volume it creates: another process acting while this one stalls.
struct StallOnce {
    inner: migratekit_core::adapters::LocalVolumes,
    hook: Mutex<Option<Box<dyn FnOnce() + Send>>>,
}

#[async_trait]
impl VolumeDaemon for StallOnce {
    async fn create_volume(&self, name: &str, size_bytes: u64) -> PortResult<Volume> {
        let hook = self.hook.lock().unwrap().take();
        if let Some(hook) = hook {
            hook();
        }
        self.inner.create_volume(name, size_bytes).await
    }
    async fn clone_volume(&self, source: &str, name: &str) -> PortResult<Volume> {
        self.inner.clone_volume(source, name).await
    }
    async fn attach_volume(&self, volume_id: &str, instance_id: &str) -> PortResult<String> {
        self.inner.attach_volume(volume_id, instance_id).await
    }
    async fn detach_volume(&self, volume_id: &str) -> PortResult<()> {
        self.inner.detach_volume(volume_id).await
    }
    async fn delete_volume(&self, volume_id: &str) -> PortResult<()> {
        self.inner.delete_volume(volume_id).await
    }
    async fn get_volume(&self, volume_id: &str) -> PortResult<Option<Volume>> {
        self.inner.get_volume(volume_id).await
    }
    async fn list_volumes(&self) -> PortResult<Vec<Volume>> {
        self.inner.list_volumes().await
    }
}

/// A runner stalled in a port call past its lease, whose run another
/// process took over meanwhile, stops at its next member (its renewal
/// fails) instead of starting members over the group's limit.
#[test]
fn a_runner_stalled_past_its_lease_stops_after_a_takeover() {
    use migratekit_core::model::{AddToGroupRequest, JobFilter};
    use migratekit_core::ports::ManualClock;
    let dir = migratekit_tests::model::TempDir::new();
    let t0 = Utc::now();
    let now = t0 + Duration::minutes(5);
    let clock_a = Arc::new(ManualClock::new(t0));
    let path = dir.path().to_owned();
    let daemon = Arc::new(StallOnce {
        inner: migratekit_tests::rig::volumes(dir.path()),
        hook: Mutex::new(None),
    });
    let store = migratekit_core::Manager::builder().sqlite(dir.path().join("mk.db"));
    let m = migratekit_tests::rig::with_ports(store, dir.path())
        .volume_daemon(daemon.clone())
        .clock(clock_a.clone())
        .operation_lease(std::time::Duration::from_secs(60))
        .build()
        .unwrap();
    let (runs_a, runs_b) = rt().block_on(async {
        let s = m
            .create_schedule(&CreateScheduleRequest {
                name: "every-minute".into(),
                cron_expression: "* * * * *".into(),
                timezone: "UTC".into(),
                enabled: true,
                max_concurrent_jobs: 2,
            })
            .await
            .unwrap();
        let g = m
            .create_group(&CreateGroupRequest {
                name: "g".into(),
                description: String::new(),
                schedule_id: Some(s.schedule_id.clone()),
            })
            .await
            .unwrap();
        for i in 0..4 {
            let mut req = migratekit_tests::rig::two_disk_vm(&format!("vm-t-{i}"));
            req.start_replication = Some(false);
            let CreateMigrationResponse::ContextCreated(c) = m.create_migration(req).await.unwrap()
            else {
                panic!("added only")
            };
            m.add_to_group(&AddToGroupRequest {
                group_id: g.group_id.clone(),
                context_id: c.context_id.clone(),
                priority: i,
            })
            .await
            .unwrap();
        }
        // While A provisions its first member: A stalls two minutes and B
        // (its clock there too) takes the same cron time over, and is still
        // provisioning its own first member when A goes on.
        let (b_started_tx, b_started) = std::sync::mpsc::channel::<()>();
        let (release_b, b_released) = std::sync::mpsc::channel::<()>();
        let b_released = Mutex::new(Some(b_released));
        let stalled = clock_a.clone();
        let b_thread: Arc<Mutex<Option<std::thread::JoinHandle<Vec<ScheduleExecution>>>>> =
            Arc::new(Mutex::new(None));
        let b_slot = b_thread.clone();
        *daemon.hook.lock().unwrap() = Some(Box::new(move || {
            stalled.advance(Duration::minutes(2));
            let b_released = b_released.lock().unwrap().take().unwrap();
            let handle = std::thread::spawn(move || {
                let b_daemon = Arc::new(StallOnce {
                    inner: migratekit_tests::rig::volumes(&path),
                    hook: Mutex::new(Some(Box::new(move || {
                        b_started_tx.send(()).unwrap();
                        b_released.recv().unwrap();
                    }))),
                });
                let b = migratekit_tests::rig::builder(&path)
                    .volume_daemon(b_daemon)
                    .clock(Arc::new(ManualClock::new(t0 + Duration::minutes(2))))
                    .build()
                    .unwrap();
                rt().block_on(b.run_due_schedules(Some(now))).unwrap()
            });
            b_started.recv().unwrap();
            *b_slot.lock().unwrap() = Some(handle);
        }));
        let a = m.run_due_schedules(Some(now)).await.unwrap();
        release_b.send(()).unwrap();
        let b = b_thread.lock().unwrap().take().unwrap().join().unwrap();
        (a, b)
    });
    rt().block_on(async {
        let jobs = m.list_jobs(&JobFilter::default()).await.unwrap().items;
        let active = jobs.iter().filter(|j| j.status.is_active()).count();
        assert!(
            active <= 2,
            "{active} jobs active over the limit of 2: {jobs:#?}"
        );
        let runs = m.list_schedule_executions(None, None).await.unwrap();
        assert_eq!(runs.len(), 1, "{runs:?}");
    });
    assert_eq!(runs_b.len(), 1, "B took the run over");
    assert!(runs_a.is_empty(), "A learnt it lost the run: {runs_a:?}");
}

/// An operation lease so long its end is past the year 9999 (an operator's
/// "never take over") read as already passed in the store (its text sorts
/// before any year 2026): another process took a running schedule run
/// over at once. Such a lease is refused; the longest one taken holds.
#[test]
fn a_lease_ending_after_the_year_9999_is_refused_and_the_longest_taken_holds_the_run() {
    let dir = migratekit_tests::model::TempDir::new();
    for huge in [
        std::time::Duration::from_secs(10_000 * 366 * 86_400),
        std::time::Duration::MAX,
    ] {
        let e = Manager::builder()
            .sqlite(dir.path().join("refused.db"))
            .operation_lease(huge)
            .build()
            .err()
            .expect("refused");
        assert_eq!(e.code(), ErrorCode::Validation);
    }
    use migratekit_core::model::AddToGroupRequest;
    let dir = migratekit_tests::model::TempDir::new();
    let t0 = Utc::now();
    let now = t0 + Duration::minutes(5);
    let path = dir.path().to_owned();
    let daemon = Arc::new(StallOnce {
        inner: migratekit_tests::rig::volumes(dir.path()),
        hook: Mutex::new(None),
    });
    let store = migratekit_core::Manager::builder().sqlite(dir.path().join("mk.db"));
    let m = migratekit_tests::rig::with_ports(store, dir.path())
        .volume_daemon(daemon.clone())
        .operation_lease(migratekit_core::MAX_OPERATION_LEASE)
        .build()
        .unwrap();
    let b_runs = Arc::new(Mutex::new(None));
    rt().block_on(async {
        let s = m
            .create_schedule(&CreateScheduleRequest {
                name: "every-minute".into(),
                cron_expression: "* * * * *".into(),
                timezone: "UTC".into(),
                enabled: true,
                max_concurrent_jobs: 5,
            })
            .await
            .unwrap();
        let g = m
            .create_group(&CreateGroupRequest {
                name: "g".into(),
                description: String::new(),
                schedule_id: Some(s.schedule_id.clone()),
            })
            .await
            .unwrap();
        for i in 0..2 {
            let mut req = migratekit_tests::rig::two_disk_vm(&format!("vm-l-{i}"));
            req.start_replication = Some(false);
            let CreateMigrationResponse::ContextCreated(c) = m.create_migration(req).await.unwrap()
            else {
                panic!("added only")
            };
            m.add_to_group(&AddToGroupRequest {
                group_id: g.group_id.clone(),
                context_id: c.context_id.clone(),
                priority: i,
            })
            .await
            .unwrap();
        }
        let out = b_runs.clone();
        *daemon.hook.lock().unwrap() = Some(Box::new(move || {
            let runs = std::thread::spawn(move || {
                let b = migratekit_tests::rig::builder(&path).build().unwrap();
                rt().block_on(b.run_due_schedules(Some(now)))
                    .map_err(|e| e.to_string())
            })
            .join()
            .unwrap();
            *out.lock().unwrap() = Some(runs);
        }));
        let a = m.run_due_schedules(Some(now)).await.unwrap();
        assert_eq!(a.len(), 1, "A ran it");
    });
    let b = b_runs.lock().unwrap().take().expect("B ran during A's run");
    assert_eq!(
        b.map(|r| r.len()),
        Ok(0),
        "B took over a run whose lease had not ended"
    );
}

/// A volume daemon answering, for a new context's replica, the id of a
/// volume handed over to a migrated VM: refused (adapter error), and the
/// migrated VM's disk survives the new context's removal.
#[test]
fn a_created_volume_id_handed_over_to_a_migrated_vm_is_refused_and_never_deleted() {
    let dir = migratekit_tests::model::TempDir::new();
    rt().block_on(async {
        let daemon = Arc::new(RepeatingClones {
            inner: FakeVolumes::new(),
            clone_answer: Mutex::new(None),
            create_answer: Mutex::new(None),
        });
        let m = Manager::builder()
            .sqlite(dir.path().join("mk.db"))
            .volume_daemon(daemon.clone())
            .target_cloud(Arc::new(FakeCloud::new()))
            .nbd_exporter(Arc::new(FakeExporter::new()))
            .build()
            .unwrap();
        let a = replicated(&m, "vm-a").await;
        let a_vols = m
            .list_volumes(&ContextRef::ContextId(a.clone()))
            .await
            .unwrap();
        m.live_failover(&ContextRef::ContextId(a.clone()))
            .await
            .unwrap();
        m.complete_migration(&ContextRef::ContextId(a.clone()))
            .await
            .unwrap();
        // The migrated VM's context goes; its disks stay the VM's.
        m.remove_from_management(&ContextRef::ContextId(a.clone()))
            .await
            .unwrap();
        *daemon.create_answer.lock().unwrap() = Some(a_vols[0].volume_id.clone());
        let r = m
            .create_migration(migratekit_tests::rig::two_disk_vm("vm-c"))
            .await;
        *daemon.create_answer.lock().unwrap() = None;
        let c_ref = ContextRef::Vm(migratekit_core::model::VmIdentity {
            vcenter_host: migratekit_tests::rig::two_disk_vm("vm-c").vcenter_host,
            vmware_vm_id: "vm-c".into(),
        });
        let c_vols = m.list_volumes(&c_ref).await.unwrap_or_default();
        assert!(
            c_vols.iter().all(|v| v.volume_id != a_vols[0].volume_id),
            "vm-c recorded the migrated vm-a's disk as its replica"
        );
        let _ = m.abort_operation(&c_ref).await;
        let _ = m.remove_from_management(&c_ref).await;
        for v in &a_vols {
            assert!(
                daemon.get_volume(&v.volume_id).await.unwrap().is_some(),
                "the migrated vm-a's disk {} was deleted",
                v.volume_id
            );
        }
        let e = r.expect_err("refused");
        assert_eq!(e.code(), ErrorCode::Adapter, "{e}");
    });
}

/// A volume daemon answering, for a context's second disk, the id it gave
/// for the context's first disk: refused (the second disk's data would be
/// replicated into the first disk's replica), no record names it twice.
#[test]
fn a_created_volume_id_of_the_same_contexts_other_disk_is_refused() {
    let dir = migratekit_tests::model::TempDir::new();
    other_disk(Manager::builder().sqlite(dir.path().join("mk.db")));
}

/// [`a_created_volume_id_of_the_same_contexts_other_disk_is_refused`] on
/// PostgreSQL (skipped without a test server).
#[test]
fn a_created_volume_id_of_the_same_contexts_other_disk_is_refused_on_postgres() {
    let Some(server) = migratekit_core::testkit::postgres::test_server_url() else {
        return;
    };
    let schema = migratekit_core::testkit::postgres::TestSchema::create(&server).unwrap();
    other_disk(Manager::builder().postgres(schema.url()));
}

fn other_disk(store: migratekit_core::ManagerBuilder) {
    rt().block_on(async {
        let daemon = Arc::new(RepeatingClones {
            inner: FakeVolumes::new(),
            clone_answer: Mutex::new(None),
            create_answer: Mutex::new(None),
        });
        let m = store
            .volume_daemon(daemon.clone())
            .target_cloud(Arc::new(FakeCloud::new()))
            .nbd_exporter(Arc::new(FakeExporter::new()))
            .build()
            .unwrap();
        // The daemon's first id is the first disk's.
        *daemon.create_answer.lock().unwrap() = Some("fakevol-1".into());
        let r = m
            .create_migration(migratekit_tests::rig::two_disk_vm("vm-d"))
            .await;
        let d = ContextRef::Vm(migratekit_core::model::VmIdentity {
            vcenter_host: migratekit_tests::rig::two_disk_vm("vm-d").vcenter_host,
            vmware_vm_id: "vm-d".into(),
        });
        let vols = m.list_volumes(&d).await.unwrap();
        let mut ids: Vec<&str> = vols.iter().map(|v| v.volume_id.as_str()).collect();
        ids.dedup();
        assert_eq!(ids.len(), vols.len(), "one volume for two disks: {vols:#?}");
        let job = match &r {
            Ok(CreateMigrationResponse::JobStarted(j)) => Some(m.get_job(&j.job_id).await.unwrap()),
            _ => None,
        };
        let e = r
            .err()
            .unwrap_or_else(|| panic!("refused; the job: {job:#?}, volumes {vols:#?}"));
        assert_eq!(e.code(), ErrorCode::Adapter, "{e}");
    });
}
