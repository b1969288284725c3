//! Recovery of what a killed process left behind: interrupted deletions,
//! creations and clones, orphan volume files (module docs of `local_volumes`).

use super::{
    Creating, Kind, LocalVolumes, RECOVERED_PREFIX, State, id_number, parse_file_name, qcow2,
    regular_file_len, remove_durably, size_file, volume,
};
use std::collections::BTreeMap;
use std::io;

impl LocalVolumes {
    /// Finishes or undoes what a killed process left (module docs). Runs
    /// under the state lock; changes only `s`, sizes empty files of
    /// reserved ids and removes part files of reserved clone ids.
    pub(super) fn recover(&self, s: &mut State) -> io::Result<()> {
        for volume_id in std::mem::take(&mut s.deleting) {
            match remove_durably(&self.file(s, &volume_id)) {
                Ok(()) => {
                    tracing::warn!(%volume_id, "deletion of an interrupted call finished");
                    s.overlays.remove(&volume_id);
                }
                Err(e) => {
                    // Retried by the next call; this one goes on.
                    tracing::warn!(%volume_id, error = %e, "cannot finish an interrupted deletion");
                    s.deleting.push(volume_id);
                }
            }
        }
        for c in std::mem::take(&mut s.creating) {
            if let Some(source) = &c.clone_of {
                self.recover_clone(s, &c, source)?;
                continue;
            }
            let file = self.path(&c.volume_id, Kind::Raw);
            let Some(len) = regular_file_len(&file)? else {
                continue;
            };
            let size_bytes = if len == 0 && c.size_bytes != 0 {
                match size_file(&file, c.size_bytes) {
                    Ok(()) => c.size_bytes,
                    Err(e) => {
                        tracing::warn!(volume_id = %c.volume_id, error = %e, "cannot size an adopted volume");
                        len
                    }
                }
            } else {
                len
            };
            tracing::warn!(volume_id = %c.volume_id, name = %c.name,
                "volume created by an interrupted call adopted");
            s.volumes.push(volume(c.volume_id, c.name, size_bytes));
        }
        self.adopt_orphans(s)?;
        let highest = s.volumes.iter().filter_map(|v| id_number(&v.volume_id));
        s.next_id = highest.fold(s.next_id, u64::max);
        Ok(())
    }

    /// Recovery of a clone whose creation was interrupted (module docs).
    fn recover_clone(&self, s: &mut State, c: &Creating, source: &str) -> io::Result<()> {
        let part = self.part(&c.volume_id);
        if let Err(e) = remove_durably(&part) {
            // Harmless: the part name is only ever used under this id,
            // which is never reissued.
            tracing::warn!(volume_id = %c.volume_id, error = %e, "cannot remove a half-made clone");
        }
        let qcow2 = self.path(&c.volume_id, Kind::Qcow2);
        let raw = self.path(&c.volume_id, Kind::Raw);
        let size_bytes = if let Some(len) = regular_file_len(&raw)? {
            len
        } else if regular_file_len(&qcow2)?.is_some() {
            s.overlays
                .insert(c.volume_id.clone(), Some(source.to_owned()));
            match qcow2::read_header(&qcow2) {
                Ok(Some(h)) => h.size,
                _ => c.size_bytes,
            }
        } else {
            tracing::warn!(volume_id = %c.volume_id, "clone of an interrupted call dropped");
            return Ok(());
        };
        tracing::warn!(volume_id = %c.volume_id, name = %c.name, %source,
            "clone made by an interrupted call adopted");
        s.volumes
            .push(volume(c.volume_id.clone(), c.name.clone(), size_bytes));
        Ok(())
    }

    /// Adopts volume files no entry names (module docs).
    fn adopt_orphans(&self, s: &mut State) -> io::Result<()> {
        let mut found: BTreeMap<String, Kind> = BTreeMap::new();
        for entry in std::fs::read_dir(&self.dir)? {
            let name = entry?.file_name();
            let Some((volume_id, kind)) = name.to_str().and_then(parse_file_name) else {
                continue;
            };
            let known = s.volumes.iter().any(|v| v.volume_id == volume_id)
                || s.deleting.iter().any(|d| d == volume_id);
            if !known && found.get(volume_id) != Some(&Kind::Raw) {
                found.insert(volume_id.to_owned(), kind);
            }
        }
        for (volume_id, kind) in found {
            let path = self.path(&volume_id, kind);
            let Some(len) = regular_file_len(&path)? else {
                continue;
            };
            let size_bytes = match kind {
                Kind::Raw => len,
                Kind::Qcow2 => {
                    let header = qcow2::read_header(&path).ok().flatten();
                    let backing = header.as_ref().and_then(|h| self.backing_volume(h));
                    s.overlays.insert(volume_id.clone(), backing);
                    header.map_or(len, |h| h.size)
                }
            };
            tracing::warn!(%volume_id, "orphan volume file adopted");
            let name = format!("{RECOVERED_PREFIX}{volume_id}");
            s.volumes.push(volume(volume_id, name, size_bytes));
        }
        Ok(())
    }

    /// The volume of this directory a qcow2 header names as its backing file.
    fn backing_volume(&self, h: &qcow2::Header) -> Option<String> {
        let backing = self.dir.join(h.backing.as_deref()?);
        if backing.parent()? != self.dir {
            return None;
        }
        let (id, _) = parse_file_name(backing.file_name()?.to_str()?)?;
        Some(id.to_owned())
    }
}
