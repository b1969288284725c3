//! The C ABI from Rust: ownership, bad pointers and bytes, errors, host ports,
//! and arbitrary bytes at every JSON entry point.

use migratekit::*;
use migratekit_core::ports::{TargetCloud, VmSpec};
use migratekit_core::registry::Op;
use migratekit_core::testkit::FakeCloud;
use proptest::prelude::*;
use std::os::raw::{c_char, c_void};
use std::ptr::{null, null_mut};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

fn empty() -> mk_bytes_t {
    mk_bytes_t {
        data: null_mut(),
        len: 0,
    }
}

fn take(b: &mut mk_bytes_t) -> String {
    let s = if b.data.is_null() {
        String::new()
    } else {
        // SAFETY: filled by the library.
        String::from_utf8(unsafe { std::slice::from_raw_parts(b.data, b.len) }.to_vec()).unwrap()
    };
    // SAFETY: filled by the library.
    unsafe { mk_bytes_delete(b) };
    s
}

/// (code, body) of an error, which is freed.
fn error(err: *mut mk_error_t) -> (String, serde_json::Value) {
    assert!(!err.is_null(), "expected an error");
    let (mut code, mut body) = (empty(), empty());
    // SAFETY: a live error.
    unsafe {
        mk_error_code(err, &mut code);
        mk_error_body(err, &mut body);
        mk_error_delete(err);
    }
    (
        take(&mut code),
        serde_json::from_str(&take(&mut body)).unwrap(),
    )
}

struct Open {
    m: *mut mk_manager_t,
    _dir: tempfile::TempDir,
}

impl Drop for Open {
    fn drop(&mut self) {
        // SAFETY: opened below, deleted once.
        unsafe { mk_manager_delete(self.m) };
    }
}

fn open_with(extra: &str, cloud: *mut mk_port_t) -> Open {
    let dir = tempfile::tempdir().unwrap();
    let config = format!(
        r#"{{"path": {:?}, "fakes": true, "now": "2025-09-20T12:34:56Z"{extra}}}"#,
        dir.path().join("mk.db")
    );
    let mut m = null_mut();
    // SAFETY: valid pointers.
    let err = unsafe {
        mk_manager_open_with_ports(
            config.as_ptr().cast(),
            config.len(),
            null_mut(),
            null_mut(),
            cloud,
            &mut m,
        )
    };
    assert!(err.is_null(), "{:?}", error(err));
    Open { m, _dir: dir }
}

fn call(
    m: *const mk_manager_t,
    op: &str,
    body: &str,
) -> Result<serde_json::Value, (String, serde_json::Value)> {
    call_with(m, op, body, null())
}

fn call_with(
    m: *const mk_manager_t,
    op: &str,
    body: &str,
    cancel: *const mk_cancel_t,
) -> Result<serde_json::Value, (String, serde_json::Value)> {
    let mut out = empty();
    // SAFETY: valid pointers.
    let err = unsafe {
        mk_manager_call(
            m,
            op.as_ptr().cast(),
            op.len(),
            body.as_ptr().cast(),
            body.len(),
            cancel,
            &mut out,
        )
    };
    if err.is_null() {
        Ok(serde_json::from_str(&take(&mut out)).unwrap())
    } else {
        assert!(out.data.is_null(), "out must stay untouched on failure");
        Err(error(err))
    }
}

const ADD: &str = r#"{"source_vm": {"id": "vm-1", "name": "web", "disks": [{"id": "d", "size_gb": 1}]}, "start_replication": false}"#;

#[test]
fn a_typed_function_per_operation_answers_the_json_contract() {
    let o = open_with("", null_mut());
    let mut out = empty();
    // SAFETY: valid pointers.
    let err = unsafe {
        mk_manager_create_migration(o.m, ADD.as_ptr().cast(), ADD.len(), null(), &mut out)
    };
    assert!(err.is_null());
    let answer: serde_json::Value = serde_json::from_str(&take(&mut out)).unwrap();
    assert_eq!(answer["context_id"], "ctx-web-20250920-123456");
    assert_eq!(answer["message"], "VM added to management successfully");
    let (code, body) = call(o.m, "create_migration", ADD).unwrap_err();
    assert_eq!(code, "already_managed");
    assert_eq!(body["existing_context_id"], "ctx-web-20250920-123456");
    assert_eq!(body["error"], "VM already exists in management");
}

#[test]
fn bad_pointers_bytes_and_json_are_validation_errors_and_leave_out_untouched() {
    let o = open_with("", null_mut());
    let sentinel = std::ptr::dangling_mut::<u8>();
    let cases: Vec<(*const c_char, usize)> = vec![
        (null(), 5),
        (b"\xff\xfe{}".as_ptr().cast(), 4),
        (b"{not json".as_ptr().cast(), 9),
        (b"[1,2]".as_ptr().cast(), 5),
    ];
    for (ptr, len) in cases {
        let mut out = mk_bytes_t {
            data: sentinel,
            len: 7,
        };
        // SAFETY: the pointers are valid for their lengths (or NULL).
        let err = unsafe { mk_manager_create_migration(o.m, ptr, len, null(), &mut out) };
        assert_eq!(error(err).0, "validation");
        assert_eq!((out.data, out.len), (sentinel, 7), "out untouched");
    }
    // NULL with length 0 is the empty string: an empty body, which lacks source_vm.
    let mut out = empty();
    // SAFETY: NULL with length 0 is allowed.
    let err = unsafe { mk_manager_create_migration(o.m, null(), 0, null(), &mut out) };
    assert_eq!(error(err).0, "validation");
    // NULL manager, NULL out.
    // SAFETY: the library checks for NULL.
    let err = unsafe { mk_manager_get_context(null(), null(), 0, null(), &mut out) };
    assert_eq!(error(err).0, "validation");
    // SAFETY: the library checks for NULL.
    let err = unsafe { mk_manager_get_context(o.m, null(), 0, null(), null_mut()) };
    assert_eq!(error(err).0, "validation");
    // A failed open leaves *out untouched.
    let mut m = std::ptr::dangling_mut::<mk_manager_t>();
    // SAFETY: valid pointers.
    let err = unsafe { mk_manager_open(b"{}".as_ptr().cast(), 2, &mut m) };
    assert_eq!(error(err).0, "validation");
    assert_eq!(m, std::ptr::dangling_mut::<mk_manager_t>());
}

#[test]
fn deleting_null_and_empty_things_is_harmless() {
    let mut b = empty();
    // SAFETY: NULL and empty values are documented as no-ops.
    unsafe {
        mk_bytes_delete(null_mut());
        mk_bytes_delete(&mut b);
        mk_error_delete(null_mut());
        mk_manager_delete(null_mut());
        mk_port_delete(null_mut());
        mk_cancel_delete(null_mut());
        mk_cancel_cancel(null());
        assert!(!mk_cancel_is_cancelled(null()));
    }
}

static FINALIZED: AtomicUsize = AtomicUsize::new(0);

/// What a host port in "C" lives on: a testkit FakeCloud, the tokens it
/// was handed, and the method during which it cancels its call.
#[derive(Default)]
struct Host {
    cloud: FakeCloud,
    tokens: Mutex<Vec<(String, usize)>>,
    cancel_in: Option<&'static str>,
}

fn host_port(host: Host) -> *mut mk_port_t {
    let env = Box::into_raw(Box::new(host)) as *mut c_void;
    // SAFETY: a callback and finalizer valid from any thread.
    unsafe { mk_port_new(Some(cloud_callback), env, Some(cloud_finalizer)) }
}

/// A host port in "C": dispatches to the testkit FakeCloud of the `Host`
/// behind `env`.
unsafe extern "C" fn cloud_callback(
    env: *mut c_void,
    method: *const c_char,
    method_len: usize,
    args: *const c_char,
    args_len: usize,
    cancel: *const mk_cancel_t,
    result: *mut mk_bytes_t,
) -> *mut mk_error_t {
    // SAFETY: `env` is the Host this test boxed; strings are valid for their lengths.
    let (host, method, args) = unsafe {
        (
            &*(env as *const Host),
            std::str::from_utf8(std::slice::from_raw_parts(method.cast::<u8>(), method_len))
                .unwrap(),
            std::str::from_utf8(std::slice::from_raw_parts(args.cast::<u8>(), args_len)).unwrap(),
        )
    };
    let cloud = &host.cloud;
    host.tokens
        .lock()
        .unwrap()
        .push((method.to_owned(), cancel as usize));
    if host.cancel_in == Some(method) {
        // SAFETY: the token handed to this callback, live for its duration.
        unsafe { mk_cancel_cancel(cancel) };
    }
    let args: Vec<serde_json::Value> = serde_json::from_str(args).unwrap();
    let s = |i: usize| args[i].as_str().unwrap().to_owned();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let answer: Result<serde_json::Value, String> = rt.block_on(async {
        let r = match method {
            "create_vm" => {
                let spec: VmSpec = serde_json::from_value(args[0].clone()).unwrap();
                if spec.name.contains("refuse") {
                    return Err("quota exceeded".to_owned());
                }
                cloud
                    .create_vm(&spec)
                    .await
                    .map(|v| serde_json::to_value(v).unwrap())
            }
            "power_on" => cloud.power_on(&s(0)).await.map(|_| serde_json::Value::Null),
            "power_off" => cloud
                .power_off(&s(0))
                .await
                .map(|_| serde_json::Value::Null),
            "delete_vm" => cloud
                .delete_vm(&s(0))
                .await
                .map(|_| serde_json::Value::Null),
            "get_vm" => cloud
                .get_vm(&s(0))
                .await
                .map(|v| serde_json::to_value(v).unwrap()),
            "find_vm_by_name" => cloud
                .find_vm_by_name(&s(0))
                .await
                .map(|v| serde_json::to_value(v).unwrap()),
            other => panic!("unexpected {other}"),
        };
        r.map_err(|e| e.message)
    });
    match answer {
        Ok(v) => {
            let text = v.to_string();
            // SAFETY: `result` is the library's buffer for this call.
            unsafe { mk_bytes_new(result, text.as_ptr().cast(), text.len()) }
        }
        // SAFETY: a valid message.
        Err(msg) => unsafe { mk_error_new(msg.as_ptr().cast(), msg.len()) },
    }
}

unsafe extern "C" fn cloud_finalizer(env: *mut c_void) {
    // SAFETY: the Host boxed by the test, released once.
    drop(unsafe { Box::from_raw(env as *mut Host) });
    FINALIZED.fetch_add(1, Ordering::SeqCst);
}

#[test]
fn host_ports_run_failovers_report_errors_and_are_finalized_once() {
    let before = FINALIZED.load(Ordering::SeqCst);
    let port = host_port(Host::default());
    {
        let o = open_with("", port);
        let job = call(
            o.m,
            "create_migration",
            r#"{"source_vm": {"id": "vm-1", "name": "web", "disks": [{"id": "d", "size_gb": 1}]}}"#,
        )
        .unwrap();
        call(
            o.m,
            "complete_job",
            &format!(r#"{{"job_id": {}, "change_id": "c"}}"#, job["job_id"]),
        )
        .unwrap();
        let ctx = job["context_id"].as_str().unwrap();
        let r = call(
            o.m,
            "test_failover",
            &format!(r#"{{"context_id": "{ctx}"}}"#),
        )
        .unwrap();
        assert_eq!(r["status"], "failed_over_test");
        call(
            o.m,
            "cleanup_test_failover",
            &format!(r#"{{"context_id": "{ctx}"}}"#),
        )
        .unwrap();

        let other = call(o.m, "create_migration", r#"{"source_vm": {"id": "vm-2", "name": "refuse", "disks": [{"id": "d", "size_gb": 1}]}}"#).unwrap();
        call(
            o.m,
            "complete_job",
            &format!(r#"{{"job_id": {}, "change_id": "c"}}"#, other["job_id"]),
        )
        .unwrap();
        let (code, body) = call(
            o.m,
            "test_failover",
            &format!(r#"{{"context_id": {}}}"#, other["context_id"]),
        )
        .unwrap_err();
        assert_eq!(code, "adapter");
        assert_eq!(body["step"], "create-test-vm");
        assert!(body["details"].as_str().unwrap().contains("quota exceeded"));
        assert_eq!(
            FINALIZED.load(Ordering::SeqCst),
            before,
            "alive while the manager is"
        );
    }
    assert_eq!(
        FINALIZED.load(Ordering::SeqCst),
        before + 1,
        "finalized once with the manager"
    );
}

#[test]
fn a_port_without_a_callback_is_refused_and_finalized_at_once() {
    let before = FINALIZED.load(Ordering::SeqCst);
    let env = Box::into_raw(Box::<Host>::default()) as *mut c_void;
    // SAFETY: NULL callback is documented.
    let port = unsafe { mk_port_new(None, env, Some(cloud_finalizer)) };
    assert!(port.is_null());
    assert_eq!(FINALIZED.load(Ordering::SeqCst), before + 1);
}

fn operations() -> Vec<String> {
    let mut out = empty();
    // SAFETY: a valid out pointer.
    assert!(unsafe { mk_manager_operations(&mut out) }.is_null());
    serde_json::from_str(&take(&mut out)).unwrap()
}

/// Every typed per-operation function of the ABI: one per operation of the
/// core's registry.
fn entries() -> Vec<(&'static str, EntryPoint)> {
    Op::ALL
        .iter()
        .map(|&op| (op.as_str(), entry_point(op).expect("src/ops.rs is fresh")))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    /// Arbitrary bytes at every JSON entry point: no panic escapes, nothing
    /// crashes, and every rejection is a typed error (never `internal`).
    #[test]
    fn arbitrary_bytes_at_every_entry_point_give_typed_errors(
        body in prop::collection::vec(any::<u8>(), 0..256),
        json_body in "\\{(\"[a-z_]{1,12}\": (\"[ -~]{0,12}\"|[0-9]{1,4}|null|true|\\{\\}|\\[\\]), ){0,3}\"source_vm\": \\{\"id\": \"[ -~]{0,6}\", \"name\": \"[ -~]{0,6}\"\\}\\}",
    ) {
        let o = open_with("", null_mut());
        for (name, entry) in entries() {
            for bytes in [&body[..], json_body.as_bytes()] {
                let mut out = empty();
                // SAFETY: valid pointers and lengths.
                let err = unsafe { entry(o.m, bytes.as_ptr().cast(), bytes.len(), null(), &mut out) };
                if err.is_null() {
                    take(&mut out);
                } else {
                    let (code, _) = error(err);
                    prop_assert!(code != "internal", "{name}: internal error for {bytes:?}");
                }
            }
        }
        for op in operations() {
            for bytes in [&body[..], json_body.as_bytes()] {
                let mut out = empty();
                // SAFETY: valid pointers and lengths.
                let err = unsafe {
                    mk_manager_call(o.m, op.as_ptr().cast(), op.len(), bytes.as_ptr().cast(), bytes.len(), null(), &mut out)
                };
                if err.is_null() {
                    take(&mut out);
                } else {
                    let (code, _) = error(err);
                    prop_assert!(code != "internal", "{op}: internal error for {bytes:?}");
                }
            }
        }
        let mut m = null_mut();
        // SAFETY: valid pointers.
        let err = unsafe { mk_manager_open(body.as_ptr().cast(), body.len(), &mut m) };
        prop_assert!(m.is_null());
        prop_assert_eq!(error(err).0, "validation");
    }
}

#[test]
fn advancing_the_clock_out_of_range_is_a_validation_error_not_a_panic() {
    let o = open_with("", null_mut());
    for seconds in [i64::MAX, i64::MIN] {
        // SAFETY: a live manager.
        let err = unsafe { mk_manager_advance_clock(o.m, seconds) };
        let (code, body) = error(err);
        assert_eq!(code, "validation", "{body}");
        assert_eq!(body["field"], "seconds");
    }
    // SAFETY: a live manager.
    assert!(unsafe { mk_manager_advance_clock(o.m, 60) }.is_null());
}

/// A replicated VM on `o`; its context id.
fn ready(o: &Open) -> String {
    let job = call(
        o.m,
        "create_migration",
        r#"{"source_vm": {"id": "vm-1", "name": "web", "disks": [{"id": "d", "size_gb": 1}]}}"#,
    )
    .unwrap();
    call(
        o.m,
        "complete_job",
        &format!(r#"{{"job_id": {}, "change_id": "c"}}"#, job["job_id"]),
    )
    .unwrap();
    job["context_id"].as_str().unwrap().to_owned()
}

#[test]
fn a_cancelled_call_stops_before_its_next_step_and_a_rerun_resumes_it() {
    let host = Host {
        cancel_in: Some("create_vm"),
        ..Host::default()
    };
    let port = host_port(host);
    let o = open_with("", port);
    let ctx = ready(&o);
    let cancel = mk_cancel_new();
    let body = format!(r#"{{"context_id": "{ctx}"}}"#);
    let (code, err) = call_with(o.m, "test_failover", &body, cancel).unwrap_err();
    assert_eq!(code, "adapter", "{err}");
    assert_ne!(err["step"], "create-test-vm", "the step that ran finished");
    assert!(
        err["details"]
            .as_str()
            .unwrap()
            .contains("cancelled by the caller"),
        "{err}"
    );
    // SAFETY: a live token.
    assert!(unsafe { mk_cancel_is_cancelled(cancel) });
    let c = call(o.m, "get_context", &body).unwrap();
    assert_eq!(c["current_status"], "ready_for_failover");
    assert!(c["last_error"].as_str().unwrap().contains("cancelled"));
    // The same operation, run again without the token, resumes and finishes.
    let r = call(o.m, "test_failover", &body).unwrap();
    assert_eq!(r["status"], "failed_over_test");
    assert!(
        r["skipped_steps"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("create-test-vm"))
    );
    // SAFETY: the caller's token, deleted once.
    unsafe { mk_cancel_delete(cancel) };
}

#[test]
fn a_port_receives_the_token_of_the_call_that_reached_it() {
    let host = Box::into_raw(Box::new(Host::default()));
    // SAFETY: a callback and finalizer valid from any thread; `host` stays
    // alive until the manager finalizes the port.
    let port = unsafe { mk_port_new(Some(cloud_callback), host.cast(), Some(cloud_finalizer)) };
    let o = open_with("", port);
    let ctx = ready(&o);
    let cancel = mk_cancel_new();
    let body = format!(r#"{{"context_id": "{ctx}"}}"#);
    call_with(o.m, "test_failover", &body, cancel).unwrap();
    call(o.m, "cleanup_test_failover", &body).unwrap();
    // SAFETY: the manager still holds the port, so `host` is alive.
    let tokens = unsafe { &*host }.tokens.lock().unwrap().clone();
    let create = tokens.iter().find(|(m, _)| m == "create_vm").unwrap();
    assert_eq!(create.1, cancel as usize, "the test failover's token");
    let delete = tokens.iter().find(|(m, _)| m == "delete_vm").unwrap();
    assert_eq!(delete.1, 0, "the cleanup had no token");
    // SAFETY: the caller's token, deleted once.
    unsafe { mk_cancel_delete(cancel) };
}

unsafe extern "C" fn record_progress(env: *mut c_void, done: usize, total: usize) {
    // SAFETY: the Vec the test passed as `env`, on its own thread.
    unsafe { &mut *(env as *mut Vec<(usize, usize)>) }.push((done, total));
}

#[test]
fn bulk_add_reports_progress_and_a_malformed_vm_is_one_invalid_result_at_its_index() {
    let o = open_with("", null_mut());
    let mut vms: Vec<serde_json::Value> = (0..1200)
        .map(|i| serde_json::json!({"source_vm": {"id": format!("vm-{i}"), "name": format!("bulk-{i}")}}))
        .collect();
    vms[7] = serde_json::json!({"source_vm": {"id": "vm-7", "name": "x", "cpus": "many"}});
    vms[9] = serde_json::json!({"source_vm": {"id": "", "name": "empty"}});
    let body = serde_json::json!({ "vms": vms }).to_string();
    let mut seen: Vec<(usize, usize)> = Vec::new();
    let mut out = empty();
    // SAFETY: valid pointers; `seen` outlives the call.
    let err = unsafe {
        mk_manager_add_to_management_bulk_with_progress(
            o.m,
            body.as_ptr().cast(),
            body.len(),
            null(),
            Some(record_progress),
            (&mut seen as *mut Vec<(usize, usize)>).cast(),
            &mut out,
        )
    };
    assert!(err.is_null(), "{:?}", error(err));
    let answer: serde_json::Value = serde_json::from_str(&take(&mut out)).unwrap();
    assert_eq!(
        (answer["added"].as_u64(), answer["invalid"].as_u64()),
        (Some(1198), Some(2))
    );
    let results = answer["results"].as_array().unwrap();
    assert_eq!(results.len(), 1200);
    for (i, r) in results.iter().enumerate() {
        assert_eq!(r["index"], i, "results in request order");
    }
    assert_eq!(results[7]["result"], "invalid");
    assert_eq!(results[7]["error"]["field"], "vms[7]");
    assert_eq!(results[9]["result"], "invalid");
    assert_eq!(results[9]["error"]["field"], "source_vm.id");
    assert_eq!(seen.last(), Some(&(1200, 1200)));
    assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0));
    // The plain entry point answers alike.
    let again = call(o.m, "add_to_management_bulk", &body).unwrap();
    assert_eq!(again["results"][7]["result"], "invalid");
    assert_eq!(again["already_managed"], 1198);
}

#[test]
fn the_benchmark_hook_times_the_typed_call() {
    let o = open_with("", null_mut());
    let added = call(o.m, "create_migration", ADD).unwrap();
    let body = format!(r#"{{"context_id": {}}}"#, added["context_id"]);
    let (op, mut seconds) = ("get_context", -1.0);
    // SAFETY: valid pointers.
    let err = unsafe {
        mk_manager_time_typed_calls(
            o.m,
            op.as_ptr().cast(),
            op.len(),
            body.as_ptr().cast(),
            body.len(),
            10,
            &mut seconds,
        )
    };
    assert!(err.is_null(), "{:?}", error(err));
    assert!(seconds > 0.0);
    let op = "test_failover";
    // SAFETY: valid pointers.
    let err = unsafe {
        mk_manager_time_typed_calls(
            o.m,
            op.as_ptr().cast(),
            op.len(),
            body.as_ptr().cast(),
            body.len(),
            10,
            &mut seconds,
        )
    };
    assert_eq!(error(err).0, "validation");
}
