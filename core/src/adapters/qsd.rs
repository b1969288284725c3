//! The NBD exporter over qemu-storage-daemon (QSD), driven through its QMP
//! socket: `blockdev-add` + `block-export-add` to publish, `block-export-del`
//! + `blockdev-del` to withdraw.
//!
//! [`QsdExporter::start`] uses the QSD already listening on the state
//! directory's QMP socket, or starts one (daemonized, with a pid file) — so
//! exports outlive a restart of the library, which reconnects to them. Stop
//! it with [`QsdExporter::shutdown`].
//!
//! # Timeouts
//!
//! Every QMP exchange is bounded by [`QsdConfig::timeout`] (10 s by
//! default): connecting (socket, greeting, capabilities), each command, the
//! wait for an export's removal, starting the daemon — and waiting for the
//! one QMP connection, which calls share. A stopped or hung daemon therefore
//! turns every call into an error within about twice the timeout instead of
//! blocking it (and every other VM's call) forever. A connection that failed
//! or timed out mid-exchange (or whose call was cancelled) is dropped, never
//! reused mid-response; the next call connects afresh.
//!
//! # Restart
//!
//! The exports the caller asked for — name and device path — are kept in
//! `exports.json` in the state directory (written atomically under a file
//! lock: temp file, fsync, rename, fsync of the directory). An export is
//! recorded before it is added to the daemon and forgotten before it is
//! withdrawn, so the record always covers what should be served, wherever a
//! process is killed. The record also says whether migratekit started the
//! daemon (recorded before it spawns one).
//!
//! When the daemon is gone (its socket refuses, its pid is dead) and
//! migratekit started it, the next call — or the next
//! [`QsdExporter::start`], in this or a restarted process — starts a new one
//! and recreates every recorded export before it goes on; an export that
//! cannot be recreated (its device vanished) is logged and left for
//! reconcile. A daemon that is alive but does not answer (stopped, hung) is
//! never replaced: calls fail with a timeout until it answers again. When the
//! daemon was started by someone else, its death is a [`PortError`] saying
//! so, and it is not restarted. After [`QsdExporter::shutdown`], calls on
//! that exporter fail; a later `start` brings the daemon and its recorded
//! exports back.

use super::state_file::StateFile;
use crate::ports::{NbdExport, NbdExporter, PortError, PortResult};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::sync::{Mutex, MutexGuard};

use qmp::Qmp;

/// The default bound on one QMP exchange.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// Where and how QSD runs.
#[derive(Debug, Clone)]
pub struct QsdConfig {
    /// The `qemu-storage-daemon` binary.
    pub binary: PathBuf,
    /// Holds `qmp.sock`, `qsd.pid` and `exports.json`.
    pub state_dir: PathBuf,
    /// NBD listen address.
    pub host: String,
    /// NBD listen port.
    pub port: u16,
    /// Bound on each QMP exchange, on waiting for the QMP connection, and on
    /// starting the daemon ([`DEFAULT_TIMEOUT`]).
    pub timeout: Duration,
}

impl QsdConfig {
    /// QSD on 127.0.0.1:10809 with its socket and pid file in `state_dir`.
    pub fn new(state_dir: impl Into<PathBuf>) -> Self {
        QsdConfig {
            binary: PathBuf::from("qemu-storage-daemon"),
            state_dir: state_dir.into(),
            host: "127.0.0.1".into(),
            port: 10809,
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// The same, with another bound on QMP exchanges.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
}

/// The QMP client: one connection, every exchange bounded.
mod qmp {
    use crate::ports::{PortError, PortResult};
    use serde_json::{Value, json};
    use std::future::Future;
    use std::path::Path;
    use std::time::Duration;
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    use tokio::net::UnixStream;
    use tokio::net::unix::{OwnedReadHalf, OwnedWriteHalf};
    use tokio::time::Instant;

    /// `fut`, or an error naming `what` once `timeout` has passed.
    pub async fn bounded<T>(
        timeout: Duration,
        what: &str,
        fut: impl Future<Output = std::io::Result<T>>,
    ) -> PortResult<T> {
        match tokio::time::timeout(timeout, fut).await {
            Ok(r) => r.map_err(PortError::from),
            Err(_) => Err(PortError::new(format!(
                "qemu-storage-daemon: no answer to {what} within {timeout:?}"
            ))),
        }
    }

    pub struct Qmp {
        reader: BufReader<OwnedReadHalf>,
        writer: OwnedWriteHalf,
        timeout: Duration,
        /// False while an exchange is under way and after one failed: such a
        /// connection may hold half a reply and is dropped, not reused.
        clean: bool,
        /// The daemon closed the connection (it died or restarted).
        gone: bool,
    }

    impl Qmp {
        pub async fn connect(socket: &Path, timeout: Duration) -> PortResult<Qmp> {
            // A daemon that was stopped leaves its listen backlog full for a
            // moment after it resumes: a connect answers EAGAIN, which is
            // retried until the timeout rather than failed.
            let connect = async {
                loop {
                    match UnixStream::connect(socket).await {
                        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                            tokio::time::sleep(Duration::from_millis(10)).await;
                        }
                        other => return other,
                    }
                }
            };
            let stream = bounded(timeout, "connect", connect).await?;
            let (r, w) = stream.into_split();
            let mut qmp = Qmp {
                reader: BufReader::new(r),
                writer: w,
                timeout,
                clean: false,
                gone: false,
            };
            let deadline = Instant::now() + timeout;
            let greeting = qmp.read(deadline, "the greeting").await?;
            if greeting.get("QMP").is_none() {
                return Err(PortError::new(format!("not a QMP greeting: {greeting}")));
            }
            qmp.execute("qmp_capabilities", json!({})).await?;
            Ok(qmp)
        }

        /// Whether the connection can carry another exchange.
        pub fn reusable(&self) -> bool {
            self.clean && !self.gone
        }

        /// Whether the daemon closed the connection.
        pub fn gone(&self) -> bool {
            self.gone
        }

        async fn read(&mut self, deadline: Instant, what: &str) -> PortResult<Value> {
            let mut line = String::new();
            let left = deadline.saturating_duration_since(Instant::now());
            let n = bounded(left.max(Duration::from_millis(1)), what, async {
                self.reader.read_line(&mut line).await
            })
            .await
            .inspect_err(|e| self.gone |= closed(e))?;
            if n == 0 {
                self.gone = true;
                return Err(PortError::new("qemu-storage-daemon closed the QMP socket"));
            }
            serde_json::from_str(&line).map_err(|e| PortError::new(format!("bad QMP reply: {e}")))
        }

        /// Runs a command; events that arrive meanwhile are skipped. The
        /// whole exchange is bounded by the timeout.
        pub async fn execute(&mut self, command: &str, arguments: Value) -> PortResult<Value> {
            self.clean = false;
            let deadline = Instant::now() + self.timeout;
            let mut msg = serde_json::to_vec(&json!({"execute": command, "arguments": arguments}))
                .map_err(|e| PortError::new(e.to_string()))?;
            msg.push(b'\n');
            bounded(self.timeout, command, self.writer.write_all(&msg))
                .await
                .inspect_err(|e| self.gone |= closed(e))?;
            loop {
                let reply = self.read(deadline, command).await?;
                if let Some(r) = reply.get("return") {
                    self.clean = true;
                    return Ok(r.clone());
                }
                if let Some(e) = reply.get("error") {
                    self.clean = true;
                    return Err(PortError::new(format!(
                        "{command}: {}",
                        e.get("desc").and_then(Value::as_str).unwrap_or("QMP error")
                    )));
                }
            }
        }
    }

    /// Whether an I/O error means the peer went away.
    fn closed(e: &PortError) -> bool {
        ["Broken pipe", "Connection reset", "closed the QMP socket"]
            .iter()
            .any(|m| e.message.contains(m))
    }
}

/// The exporter's record in `exports.json` (module docs).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Record {
    /// Migratekit started the daemon of this state directory.
    #[serde(default)]
    started_here: bool,
    /// The exports that should be served.
    #[serde(default)]
    exports: Vec<Wanted>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Wanted {
    name: String,
    device_path: String,
}

/// NBD exports served by qemu-storage-daemon.
pub struct QsdExporter {
    config: QsdConfig,
    qmp: Mutex<Option<Qmp>>,
    record: StateFile<Record>,
    shut_down: AtomicBool,
}

impl std::fmt::Debug for QsdExporter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QsdExporter")
            .field("config", &self.config)
            .finish()
    }
}

/// The QSD node name of an export (node names are short and start with a letter).
fn node_name(export: &str) -> String {
    format!("mk{}", crate::model::names::short_hash(export))
}

/// The connection, taken out of the exporter's slot for one call. It goes
/// back only when the call left it between exchanges; a call that failed
/// mid-exchange or was cancelled drops it.
struct Session<'a> {
    slot: MutexGuard<'a, Option<Qmp>>,
    qmp: Option<Qmp>,
}

impl Session<'_> {
    fn qmp(&mut self) -> PortResult<&mut Qmp> {
        self.qmp
            .as_mut()
            .ok_or_else(|| PortError::new("no QMP connection"))
    }

    /// Whether the daemon closed the connection during the call.
    fn gone(&self) -> bool {
        self.qmp.as_ref().is_some_and(Qmp::gone)
    }
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        if let Some(q) = self.qmp.take().filter(Qmp::reusable) {
            *self.slot = Some(q);
        }
    }
}

impl QsdExporter {
    /// Connects to the QSD of `config.state_dir`, starting one if none runs
    /// (and then recreating the recorded exports, module docs).
    pub async fn start(mut config: QsdConfig) -> PortResult<QsdExporter> {
        std::fs::create_dir_all(&config.state_dir)?;
        // The daemon runs in `/`: every path it is given must be absolute.
        config.state_dir = std::fs::canonicalize(&config.state_dir)?;
        let record = StateFile::at(config.state_dir.join("exports.json"))?;
        let exporter = QsdExporter {
            config,
            qmp: Mutex::new(None),
            record,
            shut_down: AtomicBool::new(false),
        };
        let qmp = match Qmp::connect(&exporter.socket(), exporter.config.timeout).await {
            Ok(q) => q,
            Err(e) if exporter.daemon_alive() => return Err(e),
            Err(_) => exporter.restart().await?,
        };
        *exporter.qmp.lock().await = Some(qmp);
        Ok(exporter)
    }

    fn socket(&self) -> PathBuf {
        self.config.state_dir.join("qmp.sock")
    }

    fn pid_file(&self) -> PathBuf {
        self.config.state_dir.join("qsd.pid")
    }

    /// The pid of the daemon, from its pid file.
    pub fn pid(&self) -> Option<u32> {
        std::fs::read_to_string(self.pid_file())
            .ok()?
            .trim()
            .parse()
            .ok()
    }

    /// Whether the pid file names a live (not zombie) QSD serving our socket.
    fn daemon_alive(&self) -> bool {
        let Some(pid) = self.pid() else {
            return false;
        };
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let state = stat.rsplit_once(") ").map(|(_, rest)| rest.chars().next());
        if matches!(state, None | Some(Some('Z' | 'X'))) {
            return false;
        }
        let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
        let socket = self.socket();
        let socket = socket.to_string_lossy();
        String::from_utf8_lossy(&cmdline).contains(socket.as_ref())
    }

    /// Starts a daemon (recorded first as started here), connects, and
    /// recreates the recorded exports.
    async fn restart(&self) -> PortResult<Qmp> {
        let record = self.record.update(|r: &mut Record| {
            r.started_here = true;
            Ok::<_, PortError>(r.clone())
        })?;
        self.spawn().await?;
        let mut q = Qmp::connect(&self.socket(), self.config.timeout).await?;
        for w in &record.exports {
            match self.create(&mut q, &w.name, &w.device_path).await {
                Ok(_) => {
                    tracing::info!(export = %w.name, "export recreated after a daemon restart")
                }
                Err(e) => {
                    if !q.reusable() {
                        return Err(e);
                    }
                    tracing::warn!(export = %w.name, error = %e, "export not recreated");
                }
            }
        }
        Ok(q)
    }

    /// Runs `qemu-storage-daemon --daemonize`, bounded by the timeout.
    async fn spawn(&self) -> PortResult<()> {
        let c = &self.config;
        let _ = std::fs::remove_file(self.socket());
        let mut child = std::process::Command::new(&c.binary)
            .arg("--daemonize")
            .arg("--pidfile")
            .arg(self.pid_file())
            .arg("--chardev")
            .arg(format!(
                "socket,id=mkqmp,path={},server=on,wait=off",
                self.socket().display()
            ))
            .arg("--monitor")
            .arg("chardev=mkqmp")
            .arg("--nbd-server")
            .arg(format!(
                "addr.type=inet,addr.host={},addr.port={}",
                c.host, c.port
            ))
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .map_err(|e| PortError::new(format!("cannot run {}: {e}", c.binary.display())))?;
        // The launcher exits once the daemon listens (or failed).
        let deadline = tokio::time::Instant::now() + c.timeout;
        let status = loop {
            if let Some(status) = child.try_wait()? {
                break status;
            }
            if tokio::time::Instant::now() >= deadline {
                let _ = child.kill();
                let _ = child.wait();
                return Err(PortError::new(format!(
                    "qemu-storage-daemon did not start within {:?}",
                    c.timeout
                )));
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        };
        if !status.success() {
            let mut err = String::new();
            if let Some(mut e) = child.stderr.take() {
                let _ = std::io::Read::read_to_string(&mut e, &mut err);
            }
            return Err(PortError::new(format!(
                "qemu-storage-daemon failed to start: {}",
                err.trim()
            )));
        }
        tracing::info!(pid = ?self.pid(), "qemu-storage-daemon started");
        Ok(())
    }

    /// The QMP connection for one call: waits for it at most the timeout,
    /// connects when there is none, and restarts a daemon migratekit started
    /// that is gone.
    async fn session(&self) -> PortResult<Session<'_>> {
        if self.shut_down.load(Ordering::Acquire) {
            return Err(PortError::new(
                "the qemu-storage-daemon exporter was shut down",
            ));
        }
        let t = self.config.timeout;
        let mut slot = tokio::time::timeout(t, self.qmp.lock())
            .await
            .map_err(|_| {
                PortError::new(format!(
                    "qemu-storage-daemon busy: another call held its QMP connection for over {t:?}"
                ))
            })?;
        let qmp = match slot.take() {
            Some(q) => q,
            None => self.connect_or_restart().await?,
        };
        Ok(Session {
            slot,
            qmp: Some(qmp),
        })
    }

    async fn connect_or_restart(&self) -> PortResult<Qmp> {
        let e = match Qmp::connect(&self.socket(), self.config.timeout).await {
            Ok(q) => return Ok(q),
            Err(e) => e,
        };
        if self.daemon_alive() {
            // Stopped or hung: never start a second one beside it.
            return Err(e);
        }
        if !self.record.read()?.started_here {
            return Err(PortError::new(format!(
                "qemu-storage-daemon at {} is not running and was not started by migratekit: \
                 restart it ({})",
                self.socket().display(),
                e.message
            )));
        }
        tracing::warn!(error = %e, "qemu-storage-daemon is gone: restarting it");
        self.restart().await
    }

    /// Stops the daemon (every export goes with it; the record stays, so a
    /// later [`QsdExporter::start`] brings them back). Calls on this exporter
    /// fail afterwards.
    pub async fn shutdown(&self) -> PortResult<()> {
        let mut s = self.session().await?;
        self.shut_down.store(true, Ordering::Release);
        let quit = s.qmp()?.execute("quit", json!({})).await;
        s.qmp = None;
        quit.map(|_| ())
    }

    async fn exports(&self, q: &mut Qmp) -> PortResult<Vec<NbdExport>> {
        let exports = q.execute("query-block-exports", json!({})).await?;
        let nodes = q
            .execute("query-named-block-nodes", json!({"flat": true}))
            .await?;
        let file_of = |node: &str| {
            nodes
                .as_array()
                .into_iter()
                .flatten()
                .find(|n| n["node-name"] == node)
                .and_then(|n| n["file"].as_str())
                .unwrap_or("")
                .to_owned()
        };
        Ok(exports
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["type"] == "nbd" && e["shutting-down"] != true)
            .map(|e| NbdExport {
                name: e["id"].as_str().unwrap_or("").to_owned(),
                host: self.config.host.clone(),
                port: self.config.port,
                device_path: file_of(e["node-name"].as_str().unwrap_or("")),
            })
            .collect())
    }

    /// Records `name` → `device_path` as wanted (replacing what it had).
    fn remember(&self, name: &str, device_path: &str) -> PortResult<()> {
        self.record.update(|r: &mut Record| {
            r.exports.retain(|w| w.name != name);
            r.exports.push(Wanted {
                name: name.to_owned(),
                device_path: device_path.to_owned(),
            });
            Ok(())
        })
    }

    fn forget(&self, name: &str) -> PortResult<()> {
        self.record.update(|r: &mut Record| {
            r.exports.retain(|w| w.name != name);
            Ok(())
        })
    }
}

impl QsdExporter {
    /// The live export `name`, if the daemon serves it.
    async fn find(&self, q: &mut Qmp, name: &str) -> PortResult<Option<NbdExport>> {
        Ok(self.exports(q).await?.into_iter().find(|e| e.name == name))
    }

    async fn create(&self, q: &mut Qmp, name: &str, device_path: &str) -> PortResult<NbdExport> {
        match self.find(q, name).await? {
            Some(e) => Ok(e),
            None => self.add(q, name, device_path).await,
        }
    }

    /// `blockdev-add` + `block-export-add`.
    async fn add(&self, q: &mut Qmp, name: &str, device_path: &str) -> PortResult<NbdExport> {
        let node = node_name(name);
        let device_path = std::path::absolute(device_path)?;
        let device_path = device_path.to_string_lossy();
        let driver = if Path::new(device_path.as_ref()).starts_with("/dev") {
            "host_device"
        } else {
            "file"
        };
        let added = q
            .execute(
                "blockdev-add",
                json!({"driver": "raw", "node-name": node,
                       "file": {"driver": driver, "filename": device_path}}),
            )
            .await;
        // A node left by an interrupted run is reused.
        if let Err(e) = added.as_ref()
            && !e.message.contains("Duplicate")
        {
            return Err(e.clone());
        }
        q.execute(
            "block-export-add",
            json!({"type": "nbd", "id": name, "node-name": node, "name": name, "writable": true}),
        )
        .await?;
        Ok(NbdExport {
            name: name.to_owned(),
            host: self.config.host.clone(),
            port: self.config.port,
            device_path: device_path.into_owned(),
        })
    }

    /// Publishes and records (module docs: recorded before it is added).
    async fn create_recorded(
        &self,
        q: &mut Qmp,
        name: &str,
        device_path: &str,
    ) -> PortResult<NbdExport> {
        if let Some(e) = self.find(q, name).await? {
            self.remember(name, &e.device_path)?;
            return Ok(e);
        }
        let absolute = std::path::absolute(device_path)?;
        self.remember(name, &absolute.to_string_lossy())?;
        let created = self.add(q, name, device_path).await;
        if created.is_err() && q.reusable() {
            // The daemon refused it: it is not wanted at a restart either.
            self.forget(name)?;
        }
        created
    }

    async fn remove(&self, q: &mut Qmp, name: &str) -> PortResult<()> {
        let listed = |v: &Value| v.as_array().into_iter().flatten().any(|e| e["id"] == name);
        if listed(&q.execute("query-block-exports", json!({})).await?) {
            q.execute("block-export-del", json!({"id": name, "mode": "hard"}))
                .await?;
            // Deletion completes asynchronously: wait (bounded) until it is gone.
            let deadline = tokio::time::Instant::now() + self.config.timeout;
            while listed(&q.execute("query-block-exports", json!({})).await?) {
                if tokio::time::Instant::now() >= deadline {
                    return Err(PortError::new(format!(
                        "export {name} still listed {:?} after block-export-del",
                        self.config.timeout
                    )));
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        }
        match q
            .execute("blockdev-del", json!({"node-name": node_name(name)}))
            .await
        {
            Err(e) if !e.message.contains("find node") => Err(e),
            _ => Ok(()),
        }
    }
}

#[async_trait]
impl NbdExporter for QsdExporter {
    async fn create_export(&self, name: &str, device_path: &str) -> PortResult<NbdExport> {
        let mut s = self.session().await?;
        match self.create_recorded(s.qmp()?, name, device_path).await {
            // The daemon went away under a kept connection: once more, on a
            // fresh one (restarting it if it is ours).
            Err(_) if s.gone() => {
                drop(s);
                let mut s = self.session().await?;
                self.create_recorded(s.qmp()?, name, device_path).await
            }
            other => other,
        }
    }

    async fn remove_export(&self, name: &str) -> PortResult<()> {
        self.forget(name)?;
        let mut s = self.session().await?;
        match self.remove(s.qmp()?, name).await {
            Err(_) if s.gone() => {
                drop(s);
                let mut s = self.session().await?;
                self.remove(s.qmp()?, name).await
            }
            other => other,
        }
    }

    async fn list_exports(&self) -> PortResult<Vec<NbdExport>> {
        let mut s = self.session().await?;
        match self.exports(s.qmp()?).await {
            Err(_) if s.gone() => {
                drop(s);
                let mut s = self.session().await?;
                self.exports(s.qmp()?).await
            }
            other => other,
        }
    }
}
