//! Making the file of a clone: a reflink copy of the source file, or a
//! qcow2 overlay backed by it (`qemu-img create`, a bounded subprocess).
//! Both write a temporary file only; the caller publishes it under the
//! clone's id (module docs of `local_volumes`).

use crate::ports::{PortError, PortResult};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How [`super::LocalVolumes`] clones a volume.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CloneMode {
    /// A reflink copy where the file system has reflinks, else a qcow2
    /// overlay (the default).
    #[default]
    Auto,
    /// Only a reflink copy; fails where the file system has no reflinks.
    Reflink,
    /// Only a qcow2 overlay made by `qemu-img`.
    Overlay,
}

/// The `qemu-img` used for overlays and how long one run may take.
#[derive(Debug, Clone)]
pub(super) struct QemuImg {
    pub program: PathBuf,
    pub timeout: Duration,
}

impl Default for QemuImg {
    fn default() -> Self {
        QemuImg {
            program: PathBuf::from("qemu-img"),
            timeout: Duration::from_secs(60),
        }
    }
}

/// A reflink copy of `source` at `to` (created; fails when it exists or the
/// file system cannot share extents), fsynced.
pub(super) fn reflink(source: &Path, to: &Path) -> io::Result<()> {
    reflink_copy::reflink(source, to)?;
    std::fs::File::open(to)?.sync_all()
}

/// A qcow2 overlay at `to` backed by `backing` (absolute, of format
/// `backing_format`), `size` bytes, fsynced. `-u` with an explicit size:
/// qemu-img writes the backing name without opening the backing file, so
/// the clone of a replica that qemu-storage-daemon holds open (and locks)
/// for its NBD export is made all the same.
pub(super) fn overlay(
    qemu_img: &QemuImg,
    backing: &Path,
    backing_format: &str,
    size: u64,
    to: &Path,
) -> PortResult<()> {
    let mut cmd = Command::new(&qemu_img.program);
    cmd.args([
        "create",
        "-q",
        "-f",
        "qcow2",
        "-F",
        backing_format,
        "-u",
        "-b",
    ])
    .arg(backing)
    .arg(to)
    .arg(size.to_string())
    .stdin(Stdio::null())
    .stdout(Stdio::null())
    .stderr(Stdio::piped());
    let shown = qemu_img.program.display();
    let mut child = cmd.spawn().map_err(|e| {
        if e.kind() == io::ErrorKind::NotFound {
            PortError::new(format!(
                "cannot clone as a qcow2 overlay: {shown} not found (install qemu-utils, \
                 or keep the volumes on a file system with reflinks)"
            ))
        } else {
            PortError::new(format!("cannot run {shown}: {e}"))
        }
    })?;
    let deadline = Instant::now() + qemu_img.timeout;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err(PortError::new(format!(
                "{shown} create did not finish within {:?}; killed",
                qemu_img.timeout
            )));
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    if !status.success() {
        let mut stderr = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = e.by_ref().take(4096).read_to_string(&mut stderr);
        }
        return Err(PortError::new(format!(
            "{shown} create failed ({status}): {}",
            stderr.trim()
        )));
    }
    std::fs::File::open(to)?.sync_all()?;
    Ok(())
}
