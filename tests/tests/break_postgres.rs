//! Attacks on the PostgreSQL store the way operators and their
//! infrastructure would make them (issue 12): nodes killed mid-operation,
//! a server stopped, frozen, flapping or out of connection slots, many
//! nodes racing on the same VMs and groups, hostile URLs and names, a
//! newer or half-migrated schema, nodes migrating an empty database at once.
//!
//! Every test needs a PostgreSQL server ([`test_server_url`]: it fails
//! instead of skipping where the test command requires PostgreSQL). Tests
//! that stop or freeze a server start a throwaway cluster of their own with
//! `scripts/pg-cluster.sh` and stop it by its data directory at the end.

use migratekit_core::testkit::postgres::{TestSchema, test_server_url};
use migratekit_core::{ErrorCode, Manager};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

// ---------------------------------------------------------------- helpers

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Runs `f` on a runtime of its own (tokio-postgres needs one).
fn block<T>(f: impl std::future::Future<Output = T>) -> T {
    migratekit_tests::rig::runtime().block_on(f)
}

/// Runs `sql` (statements without parameters) on `url` with a connection
/// of its own.
fn sql(url: &str, sql: &str) {
    let url = url.to_owned();
    let sql = sql.to_owned();
    std::thread::spawn(move || {
        block(async {
            let (client, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
                .await
                .expect("connect");
            tokio::spawn(conn);
            client.batch_execute(&sql).await.expect(&sql);
        })
    })
    .join()
    .unwrap()
}

/// The rows of one query on `url`.
fn rows(url: &str, query: &str) -> Vec<tokio_postgres::Row> {
    let url = url.to_owned();
    let query = query.to_owned();
    std::thread::spawn(move || {
        block(async {
            let (client, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
                .await
                .expect("connect");
            tokio::spawn(conn);
            client.query(&query, &[]).await.expect(&query)
        })
    })
    .join()
    .unwrap()
}

/// One count.
fn count(url: &str, query: &str) -> i64 {
    let url = url.to_owned();
    let query = query.to_owned();
    std::thread::spawn(move || {
        block(async {
            let (client, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
                .await
                .expect("connect");
            tokio::spawn(conn);
            client.query_one(&query, &[]).await.expect(&query).get(0)
        })
    })
    .join()
    .unwrap()
}

/// A schema of its own on the test server, and the rig's directory.
struct Db {
    schema: TestSchema,
    dir: tempfile::TempDir,
}

impl Db {
    fn new(server: &str) -> Db {
        Db {
            schema: TestSchema::create(server).expect("test schema"),
            dir: tempfile::tempdir().unwrap(),
        }
    }
    fn url(&self) -> &str {
        self.schema.url()
    }
    fn manager(&self, lease: Duration) -> Manager {
        migratekit_tests::rig::with_ports(Manager::builder().postgres(self.url()), self.dir.path())
            .operation_lease(lease)
            .build()
            .expect("open")
    }
}

async fn call(m: &Manager, op: &str, body: Value) -> migratekit_core::Result<Value> {
    migratekit_core::json::call(m, op, &body).await
}

fn vm(id: &str) -> Value {
    json!({"id": id, "name": format!("web-{id}"), "cpus": 2, "memory_mb": 2048,
           "disks": [{"id": "disk-0", "size_gb": 1}, {"id": "disk-1", "size_gb": 2}]})
}

fn start_body(id: &str) -> Value {
    json!({"source_vm": vm(id), "vcenter_host": "vc01"})
}

fn add_body(id: &str) -> Value {
    json!({"source_vm": vm(id), "vcenter_host": "vc01", "start_replication": false})
}

fn by_vm(id: &str) -> Value {
    json!({"vm": {"vcenter_host": "vc01", "vmware_vm_id": id}})
}

/// A VM replicated once: `ready_for_failover`. Its context id.
async fn ready_vm(m: &Manager, id: &str) -> String {
    let job = call(m, "create_migration", start_body(id)).await.unwrap();
    let job_id = job["job_id"].as_str().unwrap().to_owned();
    migratekit_tests::rig::complete_each_disk(m, &job_id, "cbt")
        .await
        .unwrap();
    job["context_id"].as_str().unwrap().to_owned()
}

fn code_of(v: &Value) -> &str {
    v["code"].as_str().unwrap_or("ok")
}

/// Node processes: `pg-break-child` each with a manager of its own.
fn node(url: &str, dir: &Path, op: &str, body: &Value, env: &[(&str, String)]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_pg-break-child"));
    c.args([url, dir.to_str().unwrap(), op, &body.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        c.env(k, v);
    }
    c
}

/// The answer a node printed (`{"ok": …}` or an error body), and whether it
/// exited normally.
fn answer(out: std::process::Output) -> (Value, bool) {
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().last().unwrap_or("null");
    let v = serde_json::from_str(line).unwrap_or(Value::Null);
    (v, out.status.success())
}

/// Runs `ops` as one node process each, all firing at the same instant.
fn race(url: &str, dir: &Path, ops: &[(&str, Value)], lease_ms: u64) -> Vec<Value> {
    let at = SystemTime::now().duration_since(UNIX_EPOCH).unwrap() + Duration::from_millis(2500);
    let children: Vec<_> = ops
        .iter()
        .map(|(op, body)| {
            node(
                url,
                dir,
                op,
                body,
                &[
                    ("MK_START_AT", at.as_millis().to_string()),
                    ("MK_LEASE_MS", lease_ms.to_string()),
                ],
            )
            .spawn()
            .expect("spawn a node")
        })
        .collect();
    children
        .into_iter()
        .map(|c| {
            let out = c.wait_with_output().unwrap();
            let (v, ok) = answer(out);
            assert!(ok, "a node died: {v}");
            v
        })
        .collect()
}

/// The store's own invariants, read back with SQL: one context per VM, at
/// most one active job per context, a `replicating` context has exactly its
/// one active job and no other context has one.
fn assert_consistent(url: &str) {
    let dup = count(
        url,
        "SELECT count(*) FROM (SELECT 1 FROM vm_replication_contexts \
         GROUP BY vcenter_host, vmware_vm_id HAVING count(*) > 1) d",
    );
    assert_eq!(dup, 0, "two contexts for one VM");
    let bad = count(
        url,
        "SELECT count(*) FROM vm_replication_contexts c WHERE \
         (c.current_status = 'replicating') <> EXISTS (SELECT 1 FROM replication_jobs j \
          WHERE j.context_id = c.context_id AND j.status IN ('pending', 'running'))",
    );
    assert_eq!(
        bad, 0,
        "a context's status disagrees with its active job (half-written)"
    );
    let pointer = count(
        url,
        "SELECT count(*) FROM vm_replication_contexts c WHERE c.current_status = 'replicating' \
         AND NOT EXISTS (SELECT 1 FROM replication_jobs j WHERE j.job_id = c.current_job_id \
         AND j.status IN ('pending', 'running'))",
    );
    assert_eq!(pointer, 0, "current_job_id is not the active job");
}

/// Records of volumes against the volume files the daemon holds: nothing
/// leaked (a volume the daemon has and no record names) and nothing lost.
fn assert_no_leaked_volumes(db: &Db) {
    use migratekit_core::ports::VolumeDaemon;
    let volumes = migratekit_tests::rig::volumes(db.dir.path());
    let on_disk: std::collections::BTreeSet<String> = block(volumes.list_volumes())
        .unwrap()
        .into_iter()
        .map(|v| v.volume_id)
        .collect();
    let recorded: std::collections::BTreeSet<String> = rows(
        db.url(),
        "SELECT volume_id FROM volumes UNION SELECT volume_id FROM handed_over_volumes",
    )
    .iter()
    .map(|r| r.get::<_, String>(0))
    .collect();
    // Test clones are recorded on their failover job.
    let clones: std::collections::BTreeSet<String> = rows(
        db.url(),
        "SELECT c->>'volume_id' FROM failover_jobs, jsonb_array_elements(clones) c \
         WHERE status IN ('in_progress', 'active')",
    )
    .iter()
    .filter_map(|r| r.get::<_, Option<String>>(0))
    .collect();
    let leaked: Vec<_> = on_disk
        .iter()
        .filter(|v| !recorded.contains(*v) && !clones.contains(*v))
        .collect();
    assert!(leaked.is_empty(), "volumes leaked: {leaked:?}");
    let lost: Vec<_> = recorded.difference(&on_disk).collect();
    assert!(
        lost.is_empty(),
        "records of volumes that do not exist: {lost:?}"
    );
}

/// A throwaway cluster of this test's own (it stops, freezes or restarts
/// it), stopped and deleted when dropped.
struct Cluster {
    dir: tempfile::TempDir,
    url: String,
}

impl Cluster {
    fn script(&self, args: &[&str]) -> String {
        let out = Command::new(repo().join("scripts/pg-cluster.sh"))
            .args(args)
            .arg(self.dir.path())
            .output()
            .expect("scripts/pg-cluster.sh");
        assert!(
            out.status.success(),
            "pg-cluster.sh {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    fn start() -> Cluster {
        let mut c = Cluster {
            dir: tempfile::tempdir().unwrap(),
            url: String::new(),
        };
        c.url = c.script(&["start"]);
        c
    }

    /// `pg_ctl stop -m immediate`: like a crash of the server.
    fn halt(&self) {
        self.script(&["halt"]);
    }

    fn resume(&self) {
        self.script(&["start"]);
    }

    /// The postmaster and every process it started (the backends).
    fn pids(&self) -> Vec<u32> {
        let data = std::fs::read_to_string(self.dir.path().join("data")).unwrap();
        let pidfile = Path::new(data.trim()).join("db/postmaster.pid");
        let Ok(text) = std::fs::read_to_string(pidfile) else {
            return Vec::new();
        };
        let master: u32 = text.lines().next().unwrap().trim().parse().unwrap();
        let mut pids = vec![master];
        for entry in std::fs::read_dir("/proc").unwrap().flatten() {
            let Some(pid) = entry
                .file_name()
                .to_str()
                .and_then(|s| s.parse::<u32>().ok())
            else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
                continue;
            };
            // `pid (comm) state ppid …`: comm may hold spaces, the last ')' ends it.
            let after = &stat[stat.rfind(')').map_or(0, |i| i + 1)..];
            let ppid: Option<u32> = after.split_whitespace().nth(1).and_then(|s| s.parse().ok());
            if ppid == Some(master) {
                pids.push(pid);
            }
        }
        pids
    }

    fn signal(&self, sig: &str) {
        for pid in self.pids() {
            let _ = Command::new("kill")
                .args([&format!("-{sig}"), &pid.to_string()])
                .status();
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.signal("CONT");
        let _ = Command::new(repo().join("scripts/pg-cluster.sh"))
            .arg("stop")
            .arg(self.dir.path())
            .output();
    }
}

/// `url` with `connect_timeout` (seconds) added.
fn with_param(url: &str, param: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}{param}")
}

/// A fresh open of `url`, timed.
fn open_timed(url: &str) -> (migratekit_core::Result<Manager>, Duration) {
    let t = Instant::now();
    let r = Manager::builder().postgres(url).build();
    (r, t.elapsed())
}

// ------------------------------------------------------- hostile input

#[test]
fn bad_urls_are_storage_errors_in_bounded_time_that_never_show_the_password() {
    let Some(server) = test_server_url() else {
        return;
    };
    // host:port of the test server, for URLs that reach it with bad names.
    let hostport = server
        .split('@')
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap()
        .to_owned();
    let huge = "a".repeat(1 << 20);
    let cases: Vec<(String, &str)> = vec![
        (String::new(), "postgresql://"),
        ("mysql://u:S3cretPw@127.0.0.1/db".into(), "postgresql://"),
        ("postgresql://u:S3cretPw@127.0.0.1:99999/db".into(), "URL"),
        (
            "postgresql://u:S3cretPw@127.0.0.1:notaport/db".into(),
            "URL",
        ),
        (
            "postgresql://u:S3cretPw@no-such-host.invalid:5432/db".into(),
            "host",
        ),
        ("postgresql://u:S3cretPw@127.0.0.1:1/db".into(), "refused"),
        ("postgresql://u:S3cretPw@[::1]:1/db".into(), "postgres"),
        (
            "host=/nonexistent/dir port=5432 user=u password=S3cretPw dbname=d".into(),
            "refused",
        ),
        (
            "host=127.0.0.1 port=1 user=u password=S3cretPw dbname=d".into(),
            "refused",
        ),
        (
            format!(
                "postgresql://migratekit:S3cretPw@{hostport}/mk%22%3B%20DROP%20SCHEMA%20public%20CASCADE%3B%20--"
            ),
            "create the database",
        ),
        (
            format!(
                "postgresql://x%27%3B%20DROP%20ROLE%20migratekit%3B%20--:S3cretPw@{hostport}/migratekit"
            ),
            "user",
        ),
        (
            format!("postgresql://migratekit:S3cretPw@{hostport}/migratekit?sslmode=require"),
            "TLS",
        ),
        (
            format!("postgresql://migratekit:S3cretPw@{hostport}/migratekit?bogus=1"),
            "URL",
        ),
        (
            format!(
                "postgresql://migratekit:S3cretPw@{hostport}/migratekit?options=-csearch_path%3Dno%22%3Bschema"
            ),
            "search_path",
        ),
        (
            format!("postgresql://u:S3cretPw@127.0.0.1:1/{huge}"),
            "postgres",
        ),
        (
            format!("postgresql://u:S3cretPw@{huge}:5432/db"),
            "postgres",
        ),
        (
            "postgresql://u:S3cretPw@127.0.0.1:1/d\0b".into(),
            "postgres",
        ),
    ];
    for (url, hint) in cases {
        let (r, took) = open_timed(&url);
        let shown: String = url.chars().take(80).collect();
        let e = r.err().unwrap_or_else(|| panic!("{shown}: opened"));
        assert_eq!(e.code(), ErrorCode::Storage, "{shown}: {e:?}");
        let body = serde_json::to_string(&e.to_body()).unwrap();
        assert!(
            !body.contains("S3cretPw"),
            "{shown}: password shown: {body}"
        );
        assert!(
            body.to_lowercase().contains(&hint.to_lowercase()),
            "{shown}: the message does not say what to fix ({hint}): {body}"
        );
        assert!(
            body.len() < 4096,
            "{shown}: a message of {} bytes",
            body.len()
        );
        assert!(took < Duration::from_secs(20), "{shown}: took {took:?}");
    }
    // Nothing of it reached the server as SQL.
    assert_eq!(
        count(
            &server,
            "SELECT count(*) FROM pg_roles WHERE rolname = 'migratekit'"
        ),
        1
    );
    assert_eq!(
        count(
            &server,
            "SELECT count(*) FROM pg_namespace WHERE nspname = 'public'"
        ),
        1
    );
}

#[test]
fn names_with_sql_in_them_are_stored_as_data_never_run() {
    let Some(server) = test_server_url() else {
        return;
    };
    let db = Db::new(&server);
    let m = db.manager(Duration::from_secs(60));
    let hostile = "vm'); DROP TABLE vm_replication_contexts; --";
    let name = "x\"; DELETE FROM replication_jobs; --";
    block(async {
        let body = json!({"source_vm": {"id": hostile, "name": name,
            "disks": [{"id": "d'--", "size_gb": 1}]},
            "vcenter_host": "vc'; --", "start_replication": false});
        let ctx = call(&m, "create_migration", body).await.unwrap();
        let got = call(
            &m,
            "get_context",
            json!({"vm": {"vcenter_host": "vc'; --", "vmware_vm_id": hostile}}),
        )
        .await
        .unwrap();
        assert_eq!(got["context_id"], ctx["context_id"]);
        assert_eq!(got["vm_name"], name);
        let listed = call(&m, "get_context", json!({"vm_name": name}))
            .await
            .unwrap();
        assert_eq!(listed["context_id"], ctx["context_id"]);
    });
    assert_eq!(
        count(db.url(), "SELECT count(*) FROM vm_replication_contexts"),
        1
    );
}

#[test]
fn a_database_of_a_newer_schema_is_refused_with_incompatible_schema_saying_to_upgrade() {
    let Some(server) = test_server_url() else {
        return;
    };
    let db = Db::new(&server);
    drop(db.manager(Duration::from_secs(60)));
    let ours = migratekit_core::postgres::schema::VERSION;
    sql(
        db.url(),
        &format!(
            "UPDATE migratekit_schema_version SET version = {}",
            ours + 7
        ),
    );
    let e = Manager::builder()
        .postgres(db.url())
        .build()
        .err()
        .expect("opened");
    assert_eq!(e.code(), ErrorCode::IncompatibleSchema, "{e:?}");
    let body = e.to_body();
    let body = serde_json::to_value(body).unwrap();
    assert_eq!(body["found"], ours + 7);
    assert_eq!(body["supported"], ours);
    assert!(
        body["details"]
            .as_str()
            .unwrap()
            .contains("newer migratekit"),
        "{body}"
    );
    // Untouched: still the newer version, nothing migrated down.
    assert_eq!(
        count(
            db.url(),
            "SELECT version::bigint FROM migratekit_schema_version"
        ),
        i64::from(ours + 7)
    );
}

#[test]
fn a_corrupt_schema_version_is_a_storage_error_that_changes_nothing() {
    let Some(server) = test_server_url() else {
        return;
    };
    let db = Db::new(&server);
    let m = db.manager(Duration::from_secs(60));
    block(call(&m, "create_migration", add_body("vm-keep"))).unwrap();
    drop(m);
    sql(
        db.url(),
        "UPDATE migratekit_schema_version SET version = -3",
    );
    let e = Manager::builder()
        .postgres(db.url())
        .build()
        .err()
        .expect("opened");
    assert!(
        matches!(e.code(), ErrorCode::Storage | ErrorCode::IncompatibleSchema),
        "{e:?}"
    );
    let details = e.details();
    assert!(
        details.contains("schema") && details.contains("version"),
        "the message does not say the version record is wrong: {details}"
    );
    assert_eq!(
        count(db.url(), "SELECT count(*) FROM vm_replication_contexts"),
        1
    );
}

// ------------------------------------------------------- migrations

#[test]
fn eight_nodes_opening_an_empty_database_at_once_migrate_it_once() {
    let Some(server) = test_server_url() else {
        return;
    };
    let db = Db::new(&server);
    let ops: Vec<(&str, Value)> = (0..8)
        .map(|i| ("create_migration", add_body(&format!("vm-{i}"))))
        .collect();
    // The nodes fire at once, but each migrates while it opens: spawn them
    // all before any has opened.
    let answers = race(db.url(), db.dir.path(), &ops, 60_000);
    for a in &answers {
        assert!(a.get("ok").is_some(), "a node failed: {a}");
    }
    assert_eq!(
        count(db.url(), "SELECT count(*) FROM migratekit_schema_version"),
        1
    );
    assert_eq!(
        count(
            db.url(),
            "SELECT version::bigint FROM migratekit_schema_version"
        ),
        i64::from(migratekit_core::postgres::schema::VERSION)
    );
    assert_eq!(
        count(db.url(), "SELECT count(*) FROM vm_replication_contexts"),
        8
    );
}

#[test]
fn a_node_killed_mid_migration_leaves_nothing_and_the_waiting_nodes_migrate() {
    let Some(server) = test_server_url() else {
        return;
    };
    let db = Db::new(&server);
    let url = db.url().to_owned();
    // A node half-way through migrating: the lock taken, some tables made.
    let (tx_ready, rx_ready) = std::sync::mpsc::channel();
    let (tx_kill, rx_kill) = std::sync::mpsc::channel::<()>();
    let holder = std::thread::spawn(move || {
        block(async {
            let (client, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
                .await
                .unwrap();
            let driver = tokio::spawn(conn);
            client
                .batch_execute(
                    "BEGIN; SELECT pg_advisory_xact_lock(1835758435, hashtext(current_schema()));
                     CREATE TABLE IF NOT EXISTS migratekit_schema_version (
                         singleton BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
                         version INTEGER NOT NULL);
                     CREATE TABLE vm_replication_contexts (context_id TEXT PRIMARY KEY);",
                )
                .await
                .unwrap();
            tx_ready.send(()).unwrap();
            rx_kill.recv().unwrap();
            // Killed: the socket closes with the transaction open.
            drop(client);
            driver.abort();
        })
    });
    rx_ready.recv().unwrap();
    let openers: Vec<_> = (0..4)
        .map(|_| {
            let url = db.url().to_owned();
            std::thread::spawn(move || open_timed(&url))
        })
        .collect();
    std::thread::sleep(Duration::from_millis(800));
    tx_kill.send(()).unwrap();
    holder.join().unwrap();
    for o in openers {
        let (r, took) = o.join().unwrap();
        let m = r.expect("a waiting node opens once the killed one's migration rolled back");
        assert!(took < Duration::from_secs(30), "{took:?}");
        drop(m);
    }
    let m = db.manager(Duration::from_secs(60));
    block(call(&m, "create_migration", start_body("vm-after"))).unwrap();
    assert_eq!(
        count(db.url(), "SELECT count(*) FROM replication_jobs"),
        1,
        "the schema is whole"
    );
}

#[test]
fn a_node_stuck_mid_migration_fails_the_others_open_in_bounded_time() {
    let Some(server) = test_server_url() else {
        return;
    };
    let db = Db::new(&server);
    let url = db.url().to_owned();
    let (tx_ready, rx_ready) = std::sync::mpsc::channel();
    let (tx_done, rx_done) = std::sync::mpsc::channel::<()>();
    // A node frozen (SIGSTOP, a paused VM) while it holds the migration
    // lock: its connection stays open, the server never learns it is gone.
    let holder = std::thread::spawn(move || {
        block(async {
            let (client, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
                .await
                .unwrap();
            let driver = tokio::spawn(conn);
            client
                .batch_execute(
                    "BEGIN; SELECT pg_advisory_xact_lock(1835758435, hashtext(current_schema()))",
                )
                .await
                .unwrap();
            tx_ready.send(()).unwrap();
            let _ = rx_done.recv_timeout(Duration::from_secs(180));
            drop(client);
            driver.abort();
        })
    });
    rx_ready.recv().unwrap();
    let (r, took) = open_timed(db.url());
    tx_done.send(()).unwrap();
    holder.join().unwrap();
    let e = r
        .err()
        .expect("opened while another node holds the migration lock");
    assert_eq!(e.code(), ErrorCode::Storage, "{e:?}");
    assert!(took < Duration::from_secs(90), "open took {took:?}");
    assert!(
        e.details().contains("migrat"),
        "the message does not say another node is migrating: {}",
        e.details()
    );
    // Once the stuck node is gone, the open succeeds.
    drop(db.manager(Duration::from_secs(60)));
}

// ------------------------------------------------------- many nodes racing

#[test]
fn eight_nodes_adding_and_starting_one_vm_leave_one_context_and_one_active_job() {
    let Some(server) = test_server_url() else {
        return;
    };
    let db = Db::new(&server);
    drop(db.manager(Duration::from_secs(60)));
    for round in 0..3 {
        let id = format!("vm-race-{round}");
        let ops: Vec<(&str, Value)> = (0..8)
            .map(|i| {
                if i % 2 == 0 {
                    ("create_migration", add_body(&id))
                } else {
                    ("create_migration", start_body(&id))
                }
            })
            .collect();
        let answers = race(db.url(), db.dir.path(), &ops, 60_000);
        let mut started = 0;
        for a in &answers {
            match code_of(a) {
                "ok" => {
                    if a["ok"].get("job_id").is_some() {
                        started += 1;
                    }
                }
                "already_managed" | "replication_active" | "operation_in_progress" => {}
                other => panic!("round {round}: unexpected answer {other}: {a}"),
            }
        }
        assert_eq!(started, 1, "round {round}: {answers:?}");
        assert_eq!(
            count(
                db.url(),
                &format!(
                    "SELECT count(*) FROM vm_replication_contexts WHERE vmware_vm_id = '{id}'"
                )
            ),
            1
        );
        assert_eq!(
            count(
                db.url(),
                "SELECT count(*) FROM replication_jobs WHERE status IN ('pending', 'running')"
            ),
            round + 1
        );
    }
    assert_consistent(db.url());
    assert_no_leaked_volumes(&db);
}

#[test]
fn eight_nodes_failing_over_one_vm_make_one_test_vm() {
    let Some(server) = test_server_url() else {
        return;
    };
    let db = Db::new(&server);
    let m = db.manager(Duration::from_secs(60));
    let ctx = block(ready_vm(&m, "vm-tf"));
    let ops: Vec<(&str, Value)> = (0..8)
        .map(|_| ("test_failover", json!({"context_id": ctx})))
        .collect();
    let answers = race(db.url(), db.dir.path(), &ops, 60_000);
    let ok = answers.iter().filter(|a| code_of(a) == "ok").count();
    for a in &answers {
        assert!(
            matches!(
                code_of(a),
                "ok" | "operation_in_progress" | "invalid_transition"
            ),
            "{a}"
        );
    }
    assert_eq!(ok, 1, "{answers:?}");
    assert_eq!(migratekit_tests::rig::cloud(db.dir.path()).vms().len(), 1);
    assert_eq!(count(db.url(), "SELECT count(*) FROM failover_jobs"), 1);
    let c = block(call(&m, "get_context", json!({"context_id": ctx}))).unwrap();
    assert_eq!(c["current_status"], "failed_over_test");
    assert!(c["active_operation"].is_null(), "{c}");
    // And eight cleanups at once undo it once.
    let ops: Vec<(&str, Value)> = (0..8)
        .map(|_| ("cleanup_test_failover", json!({"context_id": ctx})))
        .collect();
    let answers = race(db.url(), db.dir.path(), &ops, 60_000);
    assert_eq!(
        answers.iter().filter(|a| code_of(a) == "ok").count(),
        1,
        "{answers:?}"
    );
    assert!(migratekit_tests::rig::cloud(db.dir.path()).vms().is_empty());
    assert_no_leaked_volumes(&db);
}

/// Two groups of three on one nightly schedule.
async fn nightly(m: &Manager) -> Vec<String> {
    let s = call(
        m,
        "create_schedule",
        json!({"name": "nightly", "cron_expression": "0 2 * * *", "max_concurrent_jobs": 5}),
    )
    .await
    .unwrap();
    let mut contexts = Vec::new();
    for g in ["web", "db"] {
        let group = call(
            m,
            "create_group",
            json!({"name": g, "schedule_id": s["schedule_id"]}),
        )
        .await
        .unwrap();
        for i in 0..3 {
            let c = call(m, "create_migration", add_body(&format!("vm-{g}-{i}")))
                .await
                .unwrap();
            call(
                m,
                "add_to_group",
                json!({"group_id": group["group_id"], "context_id": c["context_id"]}),
            )
            .await
            .unwrap();
            contexts.push(c["context_id"].as_str().unwrap().to_owned());
        }
    }
    contexts
}

#[test]
fn eight_nodes_running_due_schedules_start_each_group_once_per_cron_time() {
    let Some(server) = test_server_url() else {
        return;
    };
    let db = Db::new(&server);
    let m = Manager::builder()
        .postgres(db.url())
        .clock(std::sync::Arc::new(
            migratekit_core::ports::ManualClock::new("2025-09-20T12:00:00Z".parse().unwrap()),
        ))
        .build()
        .unwrap();
    block(nightly(&m));
    // Each node's own idea of now, all within the same cron period.
    let nows = [
        "2025-09-21T02:00:00Z",
        "2025-09-21T02:00:01Z",
        "2025-09-21T02:00:30Z",
        "2025-09-21T02:05:00Z",
        "2025-09-21T03:00:00Z",
        "2025-09-21T12:00:00Z",
        "2025-09-21T02:00:00Z",
        "2025-09-22T01:59:59Z",
    ];
    let ops: Vec<(&str, Value)> = nows
        .iter()
        .map(|n| ("run_due_schedules", json!({"now": n})))
        .collect();
    let answers = race(db.url(), db.dir.path(), &ops, 60_000);
    for a in &answers {
        assert!(a.get("ok").is_some(), "{a}");
    }
    assert_eq!(
        count(db.url(), "SELECT count(*) FROM schedule_executions"),
        2
    );
    assert_eq!(count(db.url(), "SELECT count(*) FROM replication_jobs"), 6);
    assert_eq!(
        count(
            db.url(),
            "SELECT count(DISTINCT context_id) FROM replication_jobs WHERE schedule_execution_id <> ''"
        ),
        6
    );
    assert_consistent(db.url());
    assert_no_leaked_volumes(&db);
}

// ------------------------------------------------------- nodes killed mid-operation

/// A node that dies at `crash_at` running `op`; its answer never comes.
fn killed_node(db: &Db, op: &str, body: &Value, crash_at: &str, lease_ms: u64) {
    let out = node(
        db.url(),
        db.dir.path(),
        op,
        body,
        &[
            ("MIGRATEKIT_CRASH_AT", crash_at.to_owned()),
            ("MK_LEASE_MS", lease_ms.to_string()),
        ],
    )
    .output()
    .unwrap();
    assert!(
        !out.status.success(),
        "the node was to die at {crash_at}: {}",
        String::from_utf8_lossy(&out.stdout)
    );
}

const LEASE_MS: u64 = 1500;

#[test]
fn a_node_killed_mid_start_replication_is_resumed_by_another_after_the_lease() {
    let Some(server) = test_server_url() else {
        return;
    };
    let db = Db::new(&server);
    drop(db.manager(Duration::from_millis(LEASE_MS)));
    for step in [
        "create-volumes",
        "attach-volumes-to-appliance",
        "create-nbd-exports",
    ] {
        let id = format!("vm-{step}");
        killed_node(
            &db,
            "create_migration",
            &start_body(&id),
            &format!("start_replication:{step}:after"),
            LEASE_MS,
        );
        let m = db.manager(Duration::from_millis(LEASE_MS));
        // Within the lease the dead node still holds the VM.
        let early = block(call(&m, "create_migration", start_body(&id)));
        if let Err(e) = &early {
            assert!(
                matches!(
                    e.code(),
                    ErrorCode::OperationInProgress | ErrorCode::ReplicationActive
                ),
                "{step}: {e:?}"
            );
        }
        std::thread::sleep(Duration::from_millis(LEASE_MS + 300));
        let again = block(call(&m, "create_migration", start_body(&id)));
        match &again {
            Ok(_) => {}
            Err(e) => assert_eq!(e.code(), ErrorCode::ReplicationActive, "{step}: {e:?}"),
        }
        let ctx = block(call(&m, "get_context", by_vm(&id))).unwrap();
        assert_eq!(ctx["current_status"], "replicating", "{step}: {ctx}");
        assert!(
            ctx["active_operation"].is_null(),
            "{step}: still locked: {ctx}"
        );
        let vols = block(call(
            &m,
            "list_volumes",
            json!({"context_id": ctx["context_id"]}),
        ))
        .unwrap();
        assert_eq!(vols.as_array().unwrap().len(), 2, "{step}: {vols}");
        assert_consistent(db.url());
        assert_no_leaked_volumes(&db);
        // The job runs to completion as any other.
        let job = ctx["current_job_id"].as_str().unwrap().to_owned();
        block(migratekit_tests::rig::complete_each_disk(&m, &job, "cbt")).unwrap();
    }
    let exports = migratekit_tests::rig::exporter(db.dir.path());
    use migratekit_core::ports::NbdExporter;
    assert_eq!(block(exports.list_exports()).unwrap().len(), 6);
}

#[test]
fn a_node_killed_mid_test_failover_is_resumed_by_another_after_the_lease() {
    let Some(server) = test_server_url() else {
        return;
    };
    let db = Db::new(&server);
    let m = db.manager(Duration::from_millis(LEASE_MS));
    for step in [
        "create-test-clones",
        "create-test-vm",
        "power-on-test-vm",
        "record-failover-job",
    ] {
        let ctx = block(ready_vm(&m, &format!("vm-{step}")));
        let target = json!({"context_id": ctx});
        killed_node(
            &db,
            "test_failover",
            &target,
            &format!("test_failover:{step}:after"),
            LEASE_MS,
        );
        let early = block(call(&m, "test_failover", target.clone())).unwrap_err();
        assert_eq!(
            early.code(),
            ErrorCode::OperationInProgress,
            "{step}: {early:?}"
        );
        std::thread::sleep(Duration::from_millis(LEASE_MS + 300));
        block(call(&m, "test_failover", target.clone()))
            .unwrap_or_else(|e| panic!("{step}: not resumed: {e:?}"));
        let vms = migratekit_tests::rig::cloud(db.dir.path()).vms();
        assert_eq!(vms.len(), 1, "{step}: {vms:?}");
        assert_eq!(
            count(
                db.url(),
                &format!("SELECT count(*) FROM failover_jobs WHERE context_id = '{ctx}'")
            ),
            1
        );
        assert_no_leaked_volumes(&db);
        block(call(&m, "cleanup_test_failover", target)).unwrap();
        assert!(migratekit_tests::rig::cloud(db.dir.path()).vms().is_empty());
        assert_no_leaked_volumes(&db);
    }
}

#[test]
fn a_node_sigkilled_mid_power_on_is_resumed_by_another_after_the_lease() {
    let Some(server) = test_server_url() else {
        return;
    };
    let db = Db::new(&server);
    let m = db.manager(Duration::from_millis(LEASE_MS));
    let ctx = block(ready_vm(&m, "vm-sigkill"));
    let target = json!({"context_id": ctx});
    let mut child = node(
        db.url(),
        db.dir.path(),
        "test_failover",
        &target,
        &[
            ("MK_LEASE_MS", LEASE_MS.to_string()),
            ("MK_DELAY_POWER_ON_MS", "20000".into()),
        ],
    )
    .spawn()
    .unwrap();
    // Killed once the test VM exists: power-on is under way.
    let t = Instant::now();
    while migratekit_tests::rig::cloud(db.dir.path()).vms().is_empty() {
        assert!(
            t.elapsed() < Duration::from_secs(30),
            "the node never made the VM"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    let _ = Command::new("kill")
        .args(["-KILL", &child.id().to_string()])
        .status();
    let _ = child.wait();
    std::thread::sleep(Duration::from_millis(LEASE_MS + 300));
    block(call(&m, "test_failover", target.clone())).unwrap();
    assert_eq!(migratekit_tests::rig::cloud(db.dir.path()).vms().len(), 1);
    let c = block(call(&m, "get_context", target.clone())).unwrap();
    assert_eq!(c["current_status"], "failed_over_test");
    assert_no_leaked_volumes(&db);
}

#[test]
fn a_node_killed_mid_cleanup_is_resumed_by_another_after_the_lease() {
    let Some(server) = test_server_url() else {
        return;
    };
    let db = Db::new(&server);
    let m = db.manager(Duration::from_millis(LEASE_MS));
    for step in [
        "power-off-test-vm",
        "delete-test-vm",
        "delete-test-clones",
        "mark-failover-job-cleaned",
    ] {
        let ctx = block(ready_vm(&m, &format!("vm-{step}")));
        let target = json!({"context_id": ctx});
        block(call(&m, "test_failover", target.clone())).unwrap();
        killed_node(
            &db,
            "cleanup_test_failover",
            &target,
            &format!("cleanup_test_failover:{step}:after"),
            LEASE_MS,
        );
        std::thread::sleep(Duration::from_millis(LEASE_MS + 300));
        block(call(&m, "cleanup_test_failover", target.clone()))
            .unwrap_or_else(|e| panic!("{step}: not resumed: {e:?}"));
        let c = block(call(&m, "get_context", target)).unwrap();
        assert_eq!(c["current_status"], "ready_for_failover", "{step}");
        assert!(c["active_operation"].is_null(), "{step}: {c}");
        assert!(
            migratekit_tests::rig::cloud(db.dir.path()).vms().is_empty(),
            "{step}"
        );
        assert_no_leaked_volumes(&db);
    }
}

#[test]
fn a_node_killed_mid_run_due_schedules_loses_no_scheduled_start() {
    let Some(server) = test_server_url() else {
        return;
    };
    let db = Db::new(&server);
    let m = Manager::builder()
        .postgres(db.url())
        .clock(std::sync::Arc::new(
            migratekit_core::ports::ManualClock::new("2025-09-20T12:00:00Z".parse().unwrap()),
        ))
        .build()
        .unwrap();
    block(nightly(&m));
    // The node records the 02:00 execution of `web`, then dies before it
    // starts any of its members.
    killed_node(
        &db,
        "run_due_schedules",
        &json!({"now": "2025-09-21T02:00:05Z"}),
        "run_due_schedules:run nightly for web:before",
        LEASE_MS,
    );
    std::thread::sleep(Duration::from_millis(LEASE_MS + 300));
    // Another node's scheduler ticks a minute later.
    let other = db.manager(Duration::from_millis(LEASE_MS));
    block(call(
        &other,
        "run_due_schedules",
        json!({"now": "2025-09-21T02:01:00Z"}),
    ))
    .unwrap();
    let started = count(
        db.url(),
        "SELECT count(*) FROM replication_jobs j JOIN vm_replication_contexts c USING (context_id) \
         WHERE c.vmware_vm_id LIKE 'vm-web-%'",
    );
    assert_eq!(
        started, 3,
        "the web group's 02:00 run was recorded by a node that died and never ran"
    );
    assert_eq!(
        count(db.url(), "SELECT count(*) FROM replication_jobs"),
        6,
        "every member of both groups started once"
    );
}

// ------------------------------------------------------- the server misbehaves

#[test]
fn a_server_with_no_free_connection_slot_is_storage_saying_so_and_calls_never_half_write() {
    let Some(server) = test_server_url() else {
        return;
    };
    let db = Db::new(&server);
    drop(db.manager(Duration::from_secs(60)));
    let role = format!("mk_break_{}_{}", std::process::id(), fastrand_u32());
    let schema = db.schema.name().to_owned();
    sql(
        &server,
        &format!(
            "CREATE ROLE {role} LOGIN CONNECTION LIMIT 0; \
             GRANT USAGE ON SCHEMA {schema} TO {role}; \
             GRANT ALL ON ALL TABLES IN SCHEMA {schema} TO {role}; \
             GRANT ALL ON ALL SEQUENCES IN SCHEMA {schema} TO {role}"
        ),
    );
    let as_role = db.url().replacen("migratekit@", &format!("{role}@"), 1);
    let result = std::panic::catch_unwind(|| {
        let (r, took) = open_timed(&as_role);
        let e = r.err().expect("opened without a connection slot");
        assert_eq!(e.code(), ErrorCode::Storage, "{e:?}");
        assert!(e.details().contains("connection"), "{}", e.details());
        assert!(took < Duration::from_secs(15), "{took:?}");
        // Two slots for a pool of sixteen: twelve callers at once.
        sql(&server, &format!("ALTER ROLE {role} CONNECTION LIMIT 2"));
        let m = std::sync::Arc::new(Manager::builder().postgres(&as_role).build().expect("open"));
        let outcomes = block(async {
            let calls = (0..12).map(|i| {
                let m = m.clone();
                async move { call(&m, "create_migration", add_body(&format!("vm-slot-{i}"))).await }
            });
            futures_join_all(calls.collect()).await
        });
        let mut ok = 0;
        for o in &outcomes {
            match o {
                Ok(_) => ok += 1,
                Err(e) => {
                    assert_eq!(e.code(), ErrorCode::Storage, "{e:?}");
                    assert!(e.details().contains("connection"), "{}", e.details());
                }
            }
        }
        assert_eq!(
            ok, 12,
            "callers beyond the server's slots failed instead of waiting: {outcomes:?}"
        );
        assert_eq!(
            count(db.url(), "SELECT count(*) FROM vm_replication_contexts"),
            ok as i64
        );
    });
    sql(&server, &format!("DROP OWNED BY {role}; DROP ROLE {role}"));
    if let Err(p) = result {
        std::panic::resume_unwind(p);
    }
}

fn fastrand_u32() -> u32 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .subsec_nanos()
}

/// Every future to completion, concurrently (no futures crate here).
async fn futures_join_all<F>(fs: Vec<F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let mut set = Vec::new();
    for f in fs {
        set.push(tokio::spawn(f));
    }
    let mut out = Vec::new();
    for h in set {
        out.push(h.await.unwrap());
    }
    out
}

#[test]
fn a_frozen_server_fails_calls_with_storage_in_bounded_time_and_the_manager_recovers() {
    if test_server_url().is_none() {
        return;
    }
    let cluster = Cluster::start();
    let url = with_param(&cluster.url, "connect_timeout=2");
    let dir = tempfile::tempdir().unwrap();
    let m = migratekit_tests::rig::with_ports(Manager::builder().postgres(&url), dir.path())
        .build()
        .unwrap();
    block(call(&m, "create_migration", add_body("vm-before"))).unwrap();
    cluster.signal("STOP");
    // The open runs apart: should it hang, the server is still let go.
    let (tx, rx) = std::sync::mpsc::channel();
    let opener_url = url.clone();
    std::thread::spawn(move || {
        let (r, took) = open_timed(&opener_url);
        let _ = tx.send((r.err(), took));
    });
    let t = Instant::now();
    let call_result = block(async {
        tokio::time::timeout(
            Duration::from_secs(120),
            call(&m, "create_migration", add_body("vm-frozen")),
        )
        .await
    });
    let call_took = t.elapsed();
    let open_result = rx.recv_timeout(Duration::from_secs(30));
    cluster.signal("CONT");
    let r = call_result.expect("a call on a frozen server hung for two minutes");
    let Err(e) = r else {
        panic!("a call succeeded on a frozen server")
    };
    assert_eq!(e.code(), ErrorCode::Storage, "{e:?}");
    assert!(call_took < Duration::from_secs(60), "{call_took:?}");
    let (open_err, open_took) = open_result.expect("opening a frozen server hung for 30 s");
    let e = open_err.expect("opened a frozen server");
    assert_eq!(e.code(), ErrorCode::Storage, "{e:?}");
    assert!(
        open_took < Duration::from_secs(15),
        "open took {open_took:?}"
    );
    // Back: the same manager works again by itself.
    let t = Instant::now();
    loop {
        match block(call(&m, "create_migration", add_body("vm-frozen"))) {
            Ok(_) => break,
            Err(e) if e.code() == ErrorCode::AlreadyManaged => break,
            Err(e) => {
                assert_eq!(e.code(), ErrorCode::Storage, "{e:?}");
                assert!(
                    t.elapsed() < Duration::from_secs(20),
                    "not recovered: {e:?}"
                );
                std::thread::sleep(Duration::from_millis(200));
            }
        }
    }
    block(call(&m, "create_migration", start_body("vm-frozen"))).unwrap();
    assert_consistent(&cluster.url);
}

#[test]
fn a_flapping_server_fails_calls_with_storage_leaves_nothing_half_written_and_is_recovered_from() {
    if test_server_url().is_none() {
        return;
    }
    let cluster = Cluster::start();
    let dir = tempfile::tempdir().unwrap();
    let lease = Duration::from_millis(LEASE_MS);
    let open = || {
        migratekit_tests::rig::with_ports(Manager::builder().postgres(&cluster.url), dir.path())
            .operation_lease(lease)
            .build()
            .unwrap()
    };
    // Two nodes in this process, each with its own pool.
    let nodes = [std::sync::Arc::new(open()), std::sync::Arc::new(open())];
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let errors = std::sync::Arc::new(std::sync::Mutex::new(Vec::<(String, Duration)>::new()));
    let workers: Vec<_> = (0..4)
        .map(|w| {
            let m = nodes[w % 2].clone();
            let stop = stop.clone();
            let errors = errors.clone();
            std::thread::spawn(move || {
                block(async {
                    let mut round = 0;
                    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                        let id = format!("vm-flap-{}", round % 6);
                        round += 1;
                        let t = Instant::now();
                        let r = tokio::time::timeout(Duration::from_secs(90), async {
                            let job = call(&m, "create_migration", start_body(&id)).await?;
                            let job_id = job["job_id"].as_str().unwrap().to_owned();
                            migratekit_tests::rig::complete_each_disk(
                                &m,
                                &job_id,
                                &format!("c{round}"),
                            )
                            .await?;
                            Ok::<_, migratekit_core::Error>(())
                        })
                        .await
                        .expect("a call hung for 90 s on a flapping server");
                        if let Err(e) = r {
                            match e.code() {
                                ErrorCode::ReplicationActive
                                | ErrorCode::OperationInProgress
                                | ErrorCode::InvalidTransition => {}
                                _ => errors.lock().unwrap().push((format!("{e:?}"), t.elapsed())),
                            }
                        }
                    }
                })
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(2));
    for _ in 0..3 {
        cluster.halt();
        std::thread::sleep(Duration::from_millis(700));
        cluster.resume();
        std::thread::sleep(Duration::from_millis(1500));
    }
    std::thread::sleep(Duration::from_secs(3));
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for w in workers {
        w.join().unwrap();
    }
    let errors = errors.lock().unwrap().clone();
    for (e, took) in &errors {
        assert!(
            e.contains("Storage"),
            "a flap surfaced as something else: {e}"
        );
        assert!(*took < Duration::from_secs(45), "{took:?}: {e}");
    }
    assert!(!errors.is_empty(), "the server never went away under load");
    assert_consistent(&cluster.url);
    // Recovered by itself: every VM can be replicated again, and starts the
    // flaps cut short are resumed once their lease ran out.
    std::thread::sleep(lease + Duration::from_millis(300));
    let m = &nodes[0];
    for i in 0..6 {
        let id = format!("vm-flap-{i}");
        let mut r = block(call(m, "create_migration", start_body(&id)));
        if let Err(e) = &r
            && e.code() == ErrorCode::ReplicationActive
        {
            let ctx = block(call(m, "get_context", by_vm(&id))).unwrap();
            let job = ctx["current_job_id"].as_str().unwrap().to_owned();
            block(migratekit_tests::rig::complete_each_disk(m, &job, "final")).unwrap();
            r = block(call(m, "create_migration", start_body(&id)));
        }
        r.unwrap_or_else(|e| panic!("{id} not recovered: {e:?}"));
    }
    assert_consistent(&cluster.url);
    // Volumes against records (the cluster's default schema).
    use migratekit_core::ports::VolumeDaemon;
    let volumes = migratekit_tests::rig::volumes(dir.path());
    let on_disk = block(volumes.list_volumes()).unwrap().len() as i64;
    assert_eq!(
        on_disk,
        count(&cluster.url, "SELECT count(*) FROM volumes"),
        "volumes leaked"
    );
    assert_eq!(on_disk, 12);
}
