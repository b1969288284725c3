//! The NBD exporter over qemu-storage-daemon (QSD), driven through its QMP
//! socket: `blockdev-add` + `block-export-add` to publish, `block-export-del`
//! + `blockdev-del` to withdraw.
//!
//! [`QsdExporter::start`] uses the QSD already listening on the state
//! directory's QMP socket, or starts one (daemonized, with a pid file) — so
//! exports outlive a restart of the library, which reconnects to them. Stop
//! it with [`QsdExporter::shutdown`].

use crate::ports::{NbdExport, NbdExporter, PortError, PortResult};
use async_trait::async_trait;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::UnixStream;
use tokio::net::unix::{OwnedReadHalf, OwnedWriteHalf};
use tokio::sync::{MappedMutexGuard, Mutex, MutexGuard};

/// Where and how QSD runs.
#[derive(Debug, Clone)]
pub struct QsdConfig {
    /// The `qemu-storage-daemon` binary.
    pub binary: PathBuf,
    /// Holds `qmp.sock` and `qsd.pid`.
    pub state_dir: PathBuf,
    /// NBD listen address.
    pub host: String,
    /// NBD listen port.
    pub port: u16,
}

impl QsdConfig {
    /// QSD on 127.0.0.1:10809 with its socket and pid file in `state_dir`.
    pub fn new(state_dir: impl Into<PathBuf>) -> Self {
        QsdConfig {
            binary: PathBuf::from("qemu-storage-daemon"),
            state_dir: state_dir.into(),
            host: "127.0.0.1".into(),
            port: 10809,
        }
    }
}

struct Qmp {
    reader: BufReader<OwnedReadHalf>,
    writer: OwnedWriteHalf,
}

impl Qmp {
    async fn connect(socket: &Path) -> PortResult<Qmp> {
        let stream = UnixStream::connect(socket).await?;
        let (r, w) = stream.into_split();
        let mut qmp = Qmp {
            reader: BufReader::new(r),
            writer: w,
        };
        let greeting = qmp.read().await?;
        if greeting.get("QMP").is_none() {
            return Err(PortError::new(format!("not a QMP greeting: {greeting}")));
        }
        qmp.execute("qmp_capabilities", json!({})).await?;
        Ok(qmp)
    }

    async fn read(&mut self) -> PortResult<Value> {
        let mut line = String::new();
        if self.reader.read_line(&mut line).await? == 0 {
            return Err(PortError::new("qemu-storage-daemon closed the QMP socket"));
        }
        serde_json::from_str(&line).map_err(|e| PortError::new(format!("bad QMP reply: {e}")))
    }

    /// Runs a command; events that arrive meanwhile are skipped.
    async fn execute(&mut self, command: &str, arguments: Value) -> PortResult<Value> {
        let mut msg = serde_json::to_vec(&json!({"execute": command, "arguments": arguments}))
            .map_err(|e| PortError::new(e.to_string()))?;
        msg.push(b'\n');
        self.writer.write_all(&msg).await?;
        loop {
            let reply = self.read().await?;
            if let Some(r) = reply.get("return") {
                return Ok(r.clone());
            }
            if let Some(e) = reply.get("error") {
                return Err(PortError::new(format!(
                    "{command}: {}",
                    e.get("desc").and_then(Value::as_str).unwrap_or("QMP error")
                )));
            }
        }
    }
}

/// NBD exports served by qemu-storage-daemon.
pub struct QsdExporter {
    config: QsdConfig,
    qmp: Mutex<Option<Qmp>>,
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
    format!("mk{}", crate::services::operation::short_hash(export))
}

impl QsdExporter {
    /// Connects to the QSD of `config.state_dir`, starting one if none answers.
    pub async fn start(mut config: QsdConfig) -> PortResult<QsdExporter> {
        std::fs::create_dir_all(&config.state_dir)?;
        // The daemon runs in `/`: every path it is given must be absolute.
        config.state_dir = std::fs::canonicalize(&config.state_dir)?;
        let exporter = QsdExporter {
            config,
            qmp: Mutex::new(None),
        };
        if Qmp::connect(&exporter.socket()).await.is_err() {
            exporter.spawn()?;
        }
        drop(exporter.connection(false).await?);
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

    fn spawn(&self) -> PortResult<()> {
        let c = &self.config;
        let _ = std::fs::remove_file(self.socket());
        let out = std::process::Command::new(&c.binary)
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
            .output()
            .map_err(|e| PortError::new(format!("cannot run {}: {e}", c.binary.display())))?;
        if !out.status.success() {
            return Err(PortError::new(format!(
                "qemu-storage-daemon failed to start: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            )));
        }
        Ok(())
    }

    /// The QMP connection, connecting when there is none (or `fresh`, after
    /// the daemon closed the last one). Held for a whole command exchange.
    async fn connection(&self, fresh: bool) -> PortResult<MappedMutexGuard<'_, Qmp>> {
        let mut guard = self.qmp.lock().await;
        if fresh || guard.is_none() {
            *guard = Some(Qmp::connect(&self.socket()).await?);
        }
        MutexGuard::try_map(guard, Option::as_mut).map_err(|_| PortError::new("no QMP connection"))
    }

    /// Stops the daemon (every export goes with it).
    pub async fn shutdown(&self) -> PortResult<()> {
        let quit = self
            .connection(false)
            .await?
            .execute("quit", json!({}))
            .await;
        *self.qmp.lock().await = None;
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
}

impl QsdExporter {
    async fn create(&self, q: &mut Qmp, name: &str, device_path: &str) -> PortResult<NbdExport> {
        if let Some(e) = self.exports(q).await?.into_iter().find(|e| e.name == name) {
            return Ok(e);
        }
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

    async fn remove(&self, q: &mut Qmp, name: &str) -> PortResult<()> {
        let listed = |v: &Value| v.as_array().into_iter().flatten().any(|e| e["id"] == name);
        if listed(&q.execute("query-block-exports", json!({})).await?) {
            q.execute("block-export-del", json!({"id": name, "mode": "hard"}))
                .await?;
            // Deletion completes asynchronously: wait until the export is gone.
            for _ in 0..500 {
                if !listed(&q.execute("query-block-exports", json!({})).await?) {
                    break;
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

/// Whether the QMP connection broke (the daemon restarted): reconnect once.
fn broken(e: &PortError) -> bool {
    e.message.contains("closed the QMP socket") || e.message.contains("Broken pipe")
}

#[async_trait]
impl NbdExporter for QsdExporter {
    async fn create_export(&self, name: &str, device_path: &str) -> PortResult<NbdExport> {
        let first = self
            .create(&mut *self.connection(false).await?, name, device_path)
            .await;
        match first {
            Err(e) if broken(&e) => {
                self.create(&mut *self.connection(true).await?, name, device_path)
                    .await
            }
            other => other,
        }
    }

    async fn remove_export(&self, name: &str) -> PortResult<()> {
        let first = self.remove(&mut *self.connection(false).await?, name).await;
        match first {
            Err(e) if broken(&e) => self.remove(&mut *self.connection(true).await?, name).await,
            other => other,
        }
    }

    async fn list_exports(&self) -> PortResult<Vec<NbdExport>> {
        let first = self.exports(&mut *self.connection(false).await?).await;
        match first {
            Err(e) if broken(&e) => self.exports(&mut *self.connection(true).await?).await,
            other => other,
        }
    }
}
