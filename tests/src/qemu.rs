//! Real qemu-storage-daemon for tests: started on a free loopback port in a
//! temporary directory, checked with a real NBD client (`qemu-img info`), and
//! stopped by its own pid when the guard drops.

use migratekit_core::adapters::{QsdConfig, QsdExporter};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether `name` is on the PATH.
pub fn have(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(name).is_file()))
}

/// Panics with the install hint when the qemu tools are missing.
pub fn require_qemu() {
    assert!(
        have("qemu-storage-daemon") && have("qemu-img"),
        "qemu-storage-daemon and qemu-img are needed: scripts/test-all.sh installs them \
         (apt-get install qemu-utils qemu-system-common)"
    );
}

/// A free TCP port on 127.0.0.1.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A qemu-storage-daemon this test started; killed by pid on drop.
pub struct Qsd {
    /// Its configuration (state dir, port).
    pub config: QsdConfig,
    pid_file: PathBuf,
}

impl Qsd {
    /// Starts one with its state in `dir`, on a free port.
    pub async fn start(dir: &Path) -> (Qsd, QsdExporter) {
        Qsd::start_with(QsdConfig::new(dir.join("qsd"))).await
    }

    /// Starts one with `config` (its state dir; the port is replaced by a
    /// free one).
    pub async fn start_with(mut config: QsdConfig) -> (Qsd, QsdExporter) {
        require_qemu();
        config.port = free_port();
        let exporter = QsdExporter::start(config.clone())
            .await
            .expect("start qemu-storage-daemon");
        let guard = Qsd {
            pid_file: config.state_dir.join("qsd.pid"),
            config,
        };
        (guard, exporter)
    }

    /// The daemon's pid.
    pub fn pid(&self) -> Option<u32> {
        std::fs::read_to_string(&self.pid_file)
            .ok()?
            .trim()
            .parse()
            .ok()
    }

    /// Whether a real NBD client sees the export `name`.
    pub fn nbd_sees(&self, name: &str) -> bool {
        nbd_info(self.config.port, name).is_some()
    }
}

/// `qemu-img info` of an NBD export: its JSON, or `None` when it is absent.
pub fn nbd_info(port: u16, name: &str) -> Option<serde_json::Value> {
    let out = Command::new("qemu-img")
        .args([
            "info",
            "--output=json",
            &format!("nbd://127.0.0.1:{port}/{name}"),
        ])
        .output()
        .expect("run qemu-img");
    out.status
        .success()
        .then(|| serde_json::from_slice(&out.stdout).expect("qemu-img JSON"))
}

/// Whether process `pid` is alive.
pub fn alive(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
        && !std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .unwrap_or_default()
            .contains(") Z ")
}

/// Sends `signal` (`STOP`, `CONT`, `KILL`, …) to `pid`.
pub fn signal(pid: u32, signal: &str) {
    let ok = Command::new("kill")
        .args([format!("-{signal}"), pid.to_string()])
        .status()
        .expect("run kill")
        .success();
    assert!(ok, "kill -{signal} {pid}");
}

/// Waits up to 5 s for `pid` to be gone.
pub async fn wait_gone(pid: u32) {
    for _ in 0..250 {
        if !alive(pid) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("process {pid} still alive");
}

impl Drop for Qsd {
    fn drop(&mut self) {
        if let Some(pid) = self.pid().filter(|p| alive(*p)) {
            let _ = Command::new("kill").arg(pid.to_string()).status();
            // A stopped daemon acts on the signal once continued.
            let _ = Command::new("kill")
                .args(["-CONT", &pid.to_string()])
                .status();
        }
    }
}
