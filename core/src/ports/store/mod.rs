//! The store port: persistence of contexts, jobs, operation locks, volumes,
//! failover jobs, groups and schedules.
//!
//! The store holds no rules, but it *enforces* the ones the services decide,
//! atomically, so they hold across threads and processes: a unique VM identity,
//! at most one active job per context, and compare-and-set status changes
//! (every status-changing call names the status it expects to replace).
//!
//! It is split by what it holds, one trait per aggregate, each with the value
//! types its methods take and return beside it:
//!
//! * [`ContextStore`] (`contexts`): contexts and their unique identity;
//! * [`JobStore`] (`jobs`): replication jobs, from start to the deletion of
//!   their record;
//! * [`LockStore`] (`locks`): contexts' operation locks and their leases;
//! * [`VolumeStore`] (`volumes`): volume records, hand-over, orphan sightings;
//! * [`FailoverStore`] (`failover`): failover jobs;
//! * [`GroupStore`] (`groups`): groups, members, schedules and executions.
//!
//! [`Store`] is all of them: what the services hold (`Arc<dyn Store>`) and
//! what a store implements — every type implementing the six traits is a
//! `Store`.

mod contexts;
mod failover;
mod groups;
mod jobs;
mod locks;
mod volumes;

pub use contexts::{ContextStore, DeleteContext, InsertContext, InsertContextWithJob, NewContext};
pub use failover::FailoverStore;
pub use groups::GroupStore;
pub use jobs::{FinishJob, JobOutcome, JobStore, NewJob, StartJob};
pub use locks::{AcquireOperation, Acquisition, LockRequest, LockStore};
pub use volumes::{HandedOverVolume, VolumeStore};

/// The whole store: every aggregate's trait. Implemented for every type that
/// implements them all.
pub trait Store:
    ContextStore + JobStore + LockStore + VolumeStore + FailoverStore + GroupStore + Send + Sync
{
}

impl<T> Store for T where
    T: ContextStore + JobStore + LockStore + VolumeStore + FailoverStore + GroupStore + Send + Sync
{
}
