//! Ports implemented in another language, over one JSON call.
//!
//! A binding (the Python module, the C ABI) hands the host's object or
//! callback over as a [`JsonPortCall`] transport: one call by method name
//! (`create_volume`, `clone_volume`, …) with the arguments as a JSON array,
//! answering JSON. [`JsonPort`] implements [`VolumeDaemon`], [`NbdExporter`]
//! and [`TargetCloud`] over it — it packs every method's arguments and decodes
//! every answer, once for all bindings — so a binding supplies its transport
//! and nothing else.
//!
//! Host code may block (a Python method, a C or Go callback), so a blocking
//! transport ([`BlockingJsonPortCall`], wrapped by [`JsonPort::blocking`])
//! runs on a process-wide pool of at most [`PORT_THREADS`] threads, never
//! on the runtime: a port that sleeps blocks only its own call, and idle
//! pool threads retire after a while. A port may call back into the
//! manager; a port call made from inside such a callback runs inline on the
//! pool thread already serving it, so nesting never waits for a free thread.
//!
//! A blocking transport receives the [`CancelToken`] of the call that
//! reached the port (see [`crate::cancel`]), so the host can tell which of
//! its calls a port call serves and stop a long one when it is cancelled.
//!
//! The wire shape, which the Python protocols and the C header document:
//! arguments in the trait's order (`create_vm` takes the [`VmSpec`] object),
//! answers as the port types' JSON (`null` for methods without a result, and
//! an empty answer is read as `null`).

use super::{
    NbdExport, NbdExporter, PortError, PortResult, TargetCloud, TargetVm, VmSpec, Volume,
    VolumeDaemon,
};
use crate::cancel::{self, CancelToken};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::cell::Cell;
use std::collections::VecDeque;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::time::Duration;

/// The transport of a port implemented by the host: one call by method name
/// with its arguments as a JSON array, answering the method's JSON result.
#[async_trait::async_trait]
pub trait JsonPortCall: Send + Sync {
    /// Calls `method` with `args` (a JSON array). A failure is the host's
    /// own words; they become the `details` of an `adapter` error.
    async fn call(&self, method: &str, args: Value) -> PortResult<Value>;
}

/// A transport that blocks the calling thread (a Python method, a C
/// callback). [`JsonPort::blocking`] runs it on the port pool.
pub trait BlockingJsonPortCall: Send + Sync + 'static {
    /// Calls `method` with `args` (a JSON array) and waits for the answer.
    /// Runs on a pool thread, possibly concurrently with other calls;
    /// `cancel` is the token of the surface call that reached the port, if
    /// it has one.
    fn call_blocking(
        &self,
        method: &str,
        args: Value,
        cancel: Option<&Arc<CancelToken>>,
    ) -> PortResult<Value>;
}

/// The most threads the port pool runs at once; further calls wait for one.
///
/// Every call on the pool has a host thread blocked waiting for it, so the
/// pool never holds more threads than the hosts have calls in flight; the
/// cap is only a backstop against runaway fan-out (tokio's own for blocking
/// work). A small cap was a way to hang the whole process: a port waiting
/// for a manager call made from another host thread (a Go port handing work
/// to a goroutine) queued that call's port calls behind itself once every
/// pool thread did the same, and one manager's hung ports stalled every
/// other manager's (the uniffi surface's break tests).
pub const PORT_THREADS: usize = 512;

/// How long an idle pool thread waits for work before it retires.
const KEEP_ALIVE: Duration = Duration::from_secs(10);

/// A port implemented by the host, as every port trait the core knows.
#[derive(Clone)]
pub struct JsonPort {
    transport: Arc<dyn JsonPortCall>,
}

impl JsonPort {
    /// A port over an async transport.
    pub fn new(transport: impl JsonPortCall + 'static) -> Self {
        JsonPort {
            transport: Arc::new(transport),
        }
    }

    /// A port over a blocking transport, whose calls run on the port pool.
    pub fn blocking(transport: impl BlockingJsonPortCall) -> Self {
        JsonPort::new(OnPool(Arc::new(transport)))
    }

    /// Reads a host's answer given as JSON text: empty is `null`; anything
    /// else that is not JSON is an error naming `method`.
    pub fn parse_answer(method: &str, text: &str) -> PortResult<Value> {
        if text.is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_str(text).map_err(|e| unexpected(method, e))
    }

    async fn call<T: DeserializeOwned>(&self, method: &str, args: Value) -> PortResult<T> {
        let answer = self.transport.call(method, args).await?;
        serde_json::from_value(answer).map_err(|e| unexpected(method, e))
    }

    /// A method without a result: whatever the host answers is accepted.
    async fn call_unit(&self, method: &str, args: Value) -> PortResult<()> {
        self.transport.call(method, args).await.map(drop)
    }
}

/// A host's answer naming what it created with an empty id: recorded, it
/// would address nothing (an export `migration-vol-`, a VM no later step
/// finds), so it is the port's failure.
fn named(method: &str, what: &str, id: &str) -> PortResult<()> {
    if id.is_empty() {
        return Err(PortError::new(format!("{method} returned an empty {what}")));
    }
    Ok(())
}

fn unexpected(method: &str, e: serde_json::Error) -> PortError {
    PortError::new(format!("{method} returned an unexpected value: {e}"))
}

#[async_trait::async_trait]
impl VolumeDaemon for JsonPort {
    async fn create_volume(&self, name: &str, size_bytes: u64) -> PortResult<Volume> {
        let v: Volume = self
            .call("create_volume", json!([name, size_bytes]))
            .await?;
        named("create_volume", "volume_id", &v.volume_id)?;
        Ok(v)
    }
    async fn clone_volume(&self, source_volume_id: &str, name: &str) -> PortResult<Volume> {
        let v: Volume = self
            .call("clone_volume", json!([source_volume_id, name]))
            .await?;
        named("clone_volume", "volume_id", &v.volume_id)?;
        Ok(v)
    }
    async fn attach_volume(&self, volume_id: &str, instance_id: &str) -> PortResult<String> {
        let path: String = self
            .call("attach_volume", json!([volume_id, instance_id]))
            .await?;
        named("attach_volume", "device path", &path)?;
        Ok(path)
    }
    async fn detach_volume(&self, volume_id: &str) -> PortResult<()> {
        self.call_unit("detach_volume", json!([volume_id])).await
    }
    async fn delete_volume(&self, volume_id: &str) -> PortResult<()> {
        self.call_unit("delete_volume", json!([volume_id])).await
    }
    async fn get_volume(&self, volume_id: &str) -> PortResult<Option<Volume>> {
        self.call("get_volume", json!([volume_id])).await
    }
    async fn list_volumes(&self) -> PortResult<Vec<Volume>> {
        self.call("list_volumes", json!([])).await
    }
}

#[async_trait::async_trait]
impl NbdExporter for JsonPort {
    async fn create_export(&self, name: &str, device_path: &str) -> PortResult<NbdExport> {
        let e: NbdExport = self
            .call("create_export", json!([name, device_path]))
            .await?;
        named("create_export", "name", &e.name)?;
        Ok(e)
    }
    async fn remove_export(&self, name: &str) -> PortResult<()> {
        self.call_unit("remove_export", json!([name])).await
    }
    async fn list_exports(&self) -> PortResult<Vec<NbdExport>> {
        self.call("list_exports", json!([])).await
    }
}

#[async_trait::async_trait]
impl TargetCloud for JsonPort {
    async fn create_vm(&self, spec: &VmSpec) -> PortResult<TargetVm> {
        let vm: TargetVm = self.call("create_vm", json!([spec])).await?;
        named("create_vm", "vm_id", &vm.vm_id)?;
        Ok(vm)
    }
    async fn power_on(&self, vm_id: &str) -> PortResult<()> {
        self.call_unit("power_on", json!([vm_id])).await
    }
    async fn power_off(&self, vm_id: &str) -> PortResult<()> {
        self.call_unit("power_off", json!([vm_id])).await
    }
    async fn delete_vm(&self, vm_id: &str) -> PortResult<()> {
        self.call_unit("delete_vm", json!([vm_id])).await
    }
    async fn get_vm(&self, vm_id: &str) -> PortResult<Option<TargetVm>> {
        self.call("get_vm", json!([vm_id])).await
    }
    async fn find_vm_by_name(&self, name: &str) -> PortResult<Option<TargetVm>> {
        self.call("find_vm_by_name", json!([name])).await
    }
}

/// A blocking transport on the port pool.
struct OnPool<T>(Arc<T>);

#[async_trait::async_trait]
impl<T: BlockingJsonPortCall> JsonPortCall for OnPool<T> {
    async fn call(&self, method: &str, args: Value) -> PortResult<Value> {
        let token = cancel::current();
        if ON_POOL_THREAD.get() {
            // A port calling back into the manager: this thread serves that
            // call and waits for this one anyway, so it runs it itself.
            return guarded(&*self.0, method, args, token.as_ref());
        }
        let transport = self.0.clone();
        let owned = method.to_owned();
        let (tx, rx) = tokio::sync::oneshot::channel();
        pool().run(Box::new(move || {
            let _ = tx.send(guarded(&*transport, &owned, args, token.as_ref()));
        }))?;
        rx.await
            .map_err(|_| PortError::new(format!("{method}: the port call was lost")))?
    }
}

/// One call, with a panic in the host's code (or ours) turned into an error.
fn guarded<T: BlockingJsonPortCall>(
    t: &T,
    method: &str,
    args: Value,
    cancel: Option<&Arc<CancelToken>>,
) -> PortResult<Value> {
    catch_unwind(AssertUnwindSafe(|| t.call_blocking(method, args, cancel))).unwrap_or_else(|_| {
        Err(PortError::new(format!(
            "{method}: the port callback panicked"
        )))
    })
}

thread_local! {
    static ON_POOL_THREAD: Cell<bool> = const { Cell::new(false) };
}

type Job = Box<dyn FnOnce() + Send>;

/// At most [`PORT_THREADS`] threads taking jobs from one queue; a thread is
/// started only when no idle one is waiting, and retires after
/// [`KEEP_ALIVE`] without work.
struct Pool {
    state: Mutex<PoolState>,
    work: Condvar,
}

#[derive(Default)]
struct PoolState {
    queue: VecDeque<Job>,
    threads: usize,
    idle: usize,
}

fn pool() -> &'static Arc<Pool> {
    static POOL: OnceLock<Arc<Pool>> = OnceLock::new();
    POOL.get_or_init(|| {
        Arc::new(Pool {
            state: Mutex::new(PoolState::default()),
            work: Condvar::new(),
        })
    })
}

impl Pool {
    fn lock(&self) -> std::sync::MutexGuard<'_, PoolState> {
        // Jobs run outside the lock and catch their panics: poison is harmless.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn run(self: &Arc<Self>, job: Job) -> PortResult<()> {
        let mut s = self.lock();
        s.queue.push_back(job);
        if s.idle >= s.queue.len() {
            self.work.notify_one();
            return Ok(());
        }
        if s.threads >= PORT_THREADS {
            return Ok(());
        }
        s.threads += 1;
        drop(s);
        let me = self.clone();
        match std::thread::Builder::new()
            .name("migratekit-port".into())
            .spawn(move || me.serve())
        {
            Ok(_) => Ok(()),
            Err(e) => {
                let mut s = self.lock();
                s.threads -= 1;
                if s.threads == 0 {
                    // Nobody would ever take it: hand the job back (its
                    // answer channel closes) and fail the call.
                    s.queue.pop_back();
                    return Err(PortError::new(format!("cannot start a port thread: {e}")));
                }
                Ok(())
            }
        }
    }

    fn serve(&self) {
        ON_POOL_THREAD.set(true);
        let mut s = self.lock();
        loop {
            if let Some(job) = s.queue.pop_front() {
                drop(s);
                job();
                s = self.lock();
                continue;
            }
            s.idle += 1;
            let (next, timeout) = self
                .work
                .wait_timeout(s, KEEP_ALIVE)
                .unwrap_or_else(|p| p.into_inner());
            s = next;
            s.idle -= 1;
            if timeout.timed_out() && s.queue.is_empty() {
                s.threads -= 1;
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A transport answering from a closure.
    struct Host<F>(F);

    impl<F> BlockingJsonPortCall for Host<F>
    where
        F: Fn(&str, Value) -> PortResult<Value> + Send + Sync + 'static,
    {
        fn call_blocking(
            &self,
            method: &str,
            args: Value,
            _: Option<&Arc<CancelToken>>,
        ) -> PortResult<Value> {
            (self.0)(method, args)
        }
    }

    fn rt() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
    }

    #[test]
    fn arguments_are_packed_in_order_and_answers_decoded() {
        let port = JsonPort::blocking(Host(|method: &str, args: Value| {
            Ok(match method {
                "clone_volume" => {
                    assert_eq!(args, json!(["vol-1", "web-test"]));
                    json!({"volume_id": "vol-2", "name": "web-test", "size_bytes": 5})
                }
                "create_vm" => {
                    assert_eq!(args[0]["name"], "web");
                    json!({"vm_id": "i-1", "name": "web", "power_state": "off"})
                }
                "get_vm" | "get_volume" => Value::Null,
                "power_on" => json!({"anything": "goes"}),
                other => panic!("unexpected {other}"),
            })
        }));
        let rt = rt();
        let v = rt.block_on(port.clone_volume("vol-1", "web-test")).unwrap();
        assert_eq!((v.volume_id.as_str(), v.size_bytes), ("vol-2", 5));
        let spec = VmSpec {
            name: "web".into(),
            cpus: 1,
            memory_mb: 512,
            network: String::new(),
            os_type: "linux".into(),
        };
        assert_eq!(rt.block_on(port.create_vm(&spec)).unwrap().vm_id, "i-1");
        assert_eq!(rt.block_on(port.get_vm("i-1")).unwrap(), None);
        assert_eq!(rt.block_on(port.get_volume("vol-9")).unwrap(), None);
        rt.block_on(port.power_on("i-1")).unwrap();
    }

    #[test]
    fn a_wrong_answer_an_error_and_a_panic_are_port_errors() {
        let port = JsonPort::blocking(Host(|method: &str, _| match method {
            "list_volumes" => Ok(json!({"oops": true})),
            "list_exports" => Err(PortError::new("list_exports: no daemon")),
            _ => panic!("boom"),
        }));
        let rt = rt();
        let e = rt.block_on(port.list_volumes()).unwrap_err();
        assert!(
            e.message
                .starts_with("list_volumes returned an unexpected value")
        );
        let e = rt.block_on(port.list_exports()).unwrap_err();
        assert_eq!(e.message, "list_exports: no daemon");
        let e = rt.block_on(port.power_off("i-1")).unwrap_err();
        assert_eq!(e.message, "power_off: the port callback panicked");
        assert_eq!(JsonPort::parse_answer("m", "").unwrap(), Value::Null);
        assert!(JsonPort::parse_answer("m", "{").is_err());
    }

    /// A transport that reports the token it was handed.
    struct Witness(Mutex<Vec<Option<usize>>>);

    impl BlockingJsonPortCall for Arc<Witness> {
        fn call_blocking(
            &self,
            _: &str,
            _: Value,
            cancel: Option<&Arc<CancelToken>>,
        ) -> PortResult<Value> {
            let seen = cancel.map(|t| Arc::as_ptr(t) as usize);
            self.0.lock().unwrap().push(seen);
            Ok(Value::Null)
        }
    }

    #[test]
    fn the_port_receives_the_token_of_the_call_that_reached_it() {
        let witness = Arc::new(Witness(Mutex::new(Vec::new())));
        let port = JsonPort::blocking(witness.clone());
        let rt = rt();
        let token = CancelToken::new();
        rt.block_on(cancel::scope(token.clone(), port.power_on("i-1")))
            .unwrap();
        rt.block_on(port.power_off("i-1")).unwrap();
        let seen = witness.0.lock().unwrap().clone();
        assert_eq!(seen, vec![Some(Arc::as_ptr(&token) as usize), None]);
    }

    #[test]
    fn calls_share_a_bounded_pool_and_nested_calls_run_inline() {
        static RUNNING: AtomicUsize = AtomicUsize::new(0);
        static MOST: AtomicUsize = AtomicUsize::new(0);
        let port = JsonPort::blocking(Host(|_: &str, _| {
            let now = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
            MOST.fetch_max(now, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(20));
            RUNNING.fetch_sub(1, Ordering::SeqCst);
            Ok(Value::Null)
        }));
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .build()
            .unwrap();
        rt.block_on(async {
            let calls = (0..32).map(|_| {
                let p = port.clone();
                tokio::spawn(async move { p.delete_vm("i-1").await })
            });
            for c in calls.collect::<Vec<_>>() {
                c.await.unwrap().unwrap();
            }
        });
        assert!(MOST.load(Ordering::SeqCst) <= PORT_THREADS);
        assert!(MOST.load(Ordering::SeqCst) > 1, "calls ran side by side");

        // A port whose call makes another port call (as a host calling back
        // into the manager does) finishes even with every pool thread busy.
        let inner = port.clone();
        let handle = rt.handle().clone();
        let outer = JsonPort::blocking(Host(move |_: &str, _| {
            handle
                .block_on(inner.power_off("i-1"))
                .map(|()| Value::Null)
        }));
        rt.block_on(async {
            let calls = (0..16).map(|_| {
                let p = outer.clone();
                tokio::spawn(async move { p.power_on("i-1").await })
            });
            for c in calls.collect::<Vec<_>>() {
                c.await.unwrap().unwrap();
            }
        });
    }

    #[test]
    fn a_port_waiting_on_a_port_call_made_from_another_thread_does_not_deadlock() {
        // Sixteen ports at once (more than the pool once allowed), each
        // waiting for a call that another thread makes: that call is not
        // nested on the pool thread, so it needs a pool thread of its own.
        let inner = JsonPort::blocking(Host(|_: &str, _| Ok(Value::Null)));
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .build()
            .unwrap();
        let handle = rt.handle().clone();
        let gate = Arc::new(std::sync::Barrier::new(16));
        let outer = JsonPort::blocking(Host(move |_: &str, _| {
            gate.wait(); // every outer call holds a pool thread
            let (inner, handle) = (inner.clone(), handle.clone());
            std::thread::spawn(move || handle.block_on(inner.power_off("i-1")))
                .join()
                .unwrap()
                .map(|()| Value::Null)
        }));
        rt.block_on(async {
            let calls = (0..16).map(|_| {
                let p = outer.clone();
                tokio::spawn(async move { p.power_on("i-1").await })
            });
            for c in calls.collect::<Vec<_>>() {
                c.await.unwrap().unwrap();
            }
        });
    }
}
