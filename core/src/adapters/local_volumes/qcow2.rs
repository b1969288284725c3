//! Just enough of the qcow2 header to adopt an orphan overlay: its virtual
//! size and the file it is backed by. Read with bounds, never trusted
//! further than that (the file may have been put there by hand).

use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

const MAGIC: [u8; 4] = *b"QFI\xfb";
/// qemu refuses backing file names longer than this.
const MAX_BACKING_NAME: u32 = 1023;

/// What the header says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Header {
    /// The virtual size in bytes.
    pub size: u64,
    /// The backing file name as written (absolute, or relative to the
    /// overlay's directory), `None` without one.
    pub backing: Option<String>,
}

/// The header of the qcow2 file at `path`; `None` when it is not one.
pub(super) fn read_header(path: &Path) -> io::Result<Option<Header>> {
    let mut f = std::fs::File::open(path)?;
    let mut head = [0u8; 32];
    if let Err(e) = f.read_exact(&mut head) {
        return match e.kind() {
            io::ErrorKind::UnexpectedEof => Ok(None),
            _ => Err(e),
        };
    }
    if head[0..4] != MAGIC {
        return Ok(None);
    }
    let be64 = |at: usize| u64::from_be_bytes(head[at..at + 8].try_into().unwrap_or_default());
    let be32 = |at: usize| u32::from_be_bytes(head[at..at + 4].try_into().unwrap_or_default());
    let (backing_offset, backing_len, size) = (be64(8), be32(16), be64(24));
    let backing = if backing_offset == 0 || backing_len == 0 || backing_len > MAX_BACKING_NAME {
        None
    } else {
        let mut name = vec![0u8; backing_len as usize];
        f.seek(SeekFrom::Start(backing_offset))?;
        match f.read_exact(&mut name) {
            Ok(()) => String::from_utf8(name).ok(),
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => None,
            Err(e) => return Err(e),
        }
    };
    Ok(Some(Header { size, backing }))
}
