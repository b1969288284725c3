//! A manager wired to the testkit's ports, for tests that script faults.

use super::{
    CLOUD_METHODS, EXPORTER_METHODS, FakeCloud, FakeExporter, FakeVolumes, Faults, FaultyStore,
    VOLUME_METHODS,
};
use crate::error::{Error, Result};
use crate::ports::{JobLog, ManualClock, Store};
use crate::sqlite::{Database, SqliteJobLog, SqliteStore};
use crate::{Manager, ManagerBuilder};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A manager over the testkit's ports — its SQLite database reached through
/// a [`FaultyStore`], the fake volume daemon, exporter and cloud, and a
/// manual clock — with every fault script within the test's reach.
///
/// [`FakeRig::temporary`] and [`FakeRig::in_memory`] keep the fakes in
/// memory, for tests in one process; [`FakeRig::in_files`] keeps them in JSON
/// files beside the database, so that a rig reopened on the same directory
/// (after a crash) finds what the killed process left.
pub struct FakeRig {
    /// The manager under test.
    pub manager: Manager,
    /// Its clock, which moves only when the test moves it.
    pub clock: Arc<ManualClock>,
    /// The database file.
    pub db_path: PathBuf,
    /// The volume daemon.
    pub volumes: Arc<FakeVolumes>,
    /// The NBD exporter.
    pub exporter: Arc<FakeExporter>,
    /// The target cloud.
    pub cloud: Arc<FakeCloud>,
    /// The store the manager writes through, with its fault script.
    pub store: Arc<FaultyStore>,
    /// The directory of a [`FakeRig::temporary`], removed with the rig.
    _dir: Option<tempfile::TempDir>,
    /// A builder over the rig's database for [`FakeRig::second_manager`]
    /// (a store other than SQLite: [`FakeRig::over`]).
    reopen: Option<Arc<dyn Fn() -> ManagerBuilder + Send + Sync>>,
}

/// The three fakes of a rig.
type Fakes = (FakeVolumes, FakeExporter, FakeCloud);

impl FakeRig {
    /// Fakes in memory, over a database in a new temporary directory that
    /// goes when the rig goes.
    pub fn temporary(clock: Arc<ManualClock>) -> Result<FakeRig> {
        let dir = tempfile::tempdir().map_err(|e| Error::Storage {
            details: format!("temporary directory: {e}"),
        })?;
        let rig = FakeRig::in_memory(dir.path().join("mk.db"), clock)?;
        Ok(FakeRig {
            _dir: Some(dir),
            ..rig
        })
    }

    /// Fakes in memory, over the database at `db_path`.
    pub fn in_memory(db_path: impl Into<PathBuf>, clock: Arc<ManualClock>) -> Result<FakeRig> {
        let fakes = (FakeVolumes::new(), FakeExporter::new(), FakeCloud::new());
        FakeRig::open(db_path.into(), clock, fakes, |b| b)
    }

    /// Everything in files in `dir`: the database `mk.db` and the fakes'
    /// `volumes.json`, `exports.json` and `cloud.json`. `tune` finishes the
    /// manager's builder (an operation lease, say).
    pub fn in_files(
        dir: &Path,
        clock: Arc<ManualClock>,
        tune: impl FnOnce(ManagerBuilder) -> ManagerBuilder,
    ) -> Result<FakeRig> {
        let state = |file: &str| {
            let path = dir.join(file);
            move |e: std::io::Error| Error::Storage {
                details: format!("{}: {e}", path.display()),
            }
        };
        let fakes = (
            FakeVolumes::persistent(dir.join("volumes.json")).map_err(state("volumes.json"))?,
            FakeExporter::persistent(dir.join("exports.json")).map_err(state("exports.json"))?,
            FakeCloud::persistent(dir.join("cloud.json")).map_err(state("cloud.json"))?,
        );
        FakeRig::open(dir.join("mk.db"), clock, fakes, tune)
    }

    /// Fakes in memory, over a store and job log of the caller's (the
    /// PostgreSQL store, say); `reopen` gives a builder over the same
    /// database for [`FakeRig::second_manager`]. `db_path` is empty.
    pub fn over(
        store: Arc<dyn Store>,
        log: Arc<dyn JobLog>,
        clock: Arc<ManualClock>,
        reopen: impl Fn() -> ManagerBuilder + Send + Sync + 'static,
    ) -> Result<FakeRig> {
        let store = Arc::new(FaultyStore::new(store));
        let (volumes, exporter, cloud) = (
            Arc::new(FakeVolumes::new()),
            Arc::new(FakeExporter::new()),
            Arc::new(FakeCloud::new()),
        );
        let manager = Manager::builder()
            .store(store.clone())
            .job_log(log)
            .clock(clock.clone())
            .volume_daemon(volumes.clone())
            .nbd_exporter(exporter.clone())
            .target_cloud(cloud.clone())
            .build()?;
        Ok(FakeRig {
            manager,
            clock,
            db_path: PathBuf::new(),
            volumes,
            exporter,
            cloud,
            store,
            _dir: None,
            reopen: Some(Arc::new(reopen)),
        })
    }

    fn open(
        db_path: PathBuf,
        clock: Arc<ManualClock>,
        (volumes, exporter, cloud): Fakes,
        tune: impl FnOnce(ManagerBuilder) -> ManagerBuilder,
    ) -> Result<FakeRig> {
        let db = Database::open(&db_path)?;
        let store = Arc::new(FaultyStore::new(Arc::new(SqliteStore::new(db.clone()))));
        let (volumes, exporter, cloud) = (Arc::new(volumes), Arc::new(exporter), Arc::new(cloud));
        let builder = Manager::builder()
            .store(store.clone())
            .job_log(Arc::new(SqliteJobLog::new(db)))
            .clock(clock.clone())
            .volume_daemon(volumes.clone())
            .nbd_exporter(exporter.clone())
            .target_cloud(cloud.clone());
        let manager = tune(builder).build()?;
        Ok(FakeRig {
            manager,
            clock,
            db_path,
            volumes,
            exporter,
            cloud,
            store,
            _dir: None,
            reopen: None,
        })
    }

    /// A second manager on the rig's database, fakes and clock, with a
    /// database connection of its own and no fault script: another process,
    /// as far as the database can tell.
    pub fn second_manager(&self) -> Result<Manager> {
        let store = match &self.reopen {
            Some(reopen) => reopen(),
            None => Manager::builder().sqlite(&self.db_path),
        };
        store
            .clock(self.clock.clone())
            .volume_daemon(self.volumes.clone())
            .nbd_exporter(self.exporter.clone())
            .target_cloud(self.cloud.clone())
            .build()
    }

    /// The fault script of the fake that answers port method `method`.
    ///
    /// # Panics
    ///
    /// When none of the fakes has a method of that name.
    pub fn port_faults(&self, method: &str) -> &Arc<Faults> {
        let of = |methods: &[&str]| methods.contains(&method);
        if of(VOLUME_METHODS) {
            self.volumes.faults()
        } else if of(EXPORTER_METHODS) {
            self.exporter.faults()
        } else if of(CLOUD_METHODS) {
            self.cloud.faults()
        } else {
            panic!("no fake port has a method {method}")
        }
    }

    /// Forgets every scripted fault, of the fakes and of the store.
    pub fn clear_faults(&self) {
        self.volumes.faults().clear();
        self.exporter.faults().clear();
        self.cloud.faults().clear();
        self.store.faults().clear();
    }
}
