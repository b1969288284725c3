//! Groups and schedules: contexts grouped with a priority, and cron
//! schedules that start replication for a group's members.
//!
//! `run_due_schedules(now)` runs every enabled schedule whose cron time has
//! come since its last run — once, for the latest such time, however long
//! the host was away — for each group it is attached to. Each run is recorded
//! as a schedule execution, unique per schedule, group and cron time, so two
//! processes calling it at once never double-start a group. The cron time
//! is the cron's own (whole minutes), never the caller's `now`: callers a
//! few milliseconds apart share one key and exactly one of them runs it.

use super::replication::Replication;
use super::{Ports, validate};
use crate::error::{Error, Result};
use crate::lifecycle::{self, Operation};
use crate::model::response::{DEFAULT_PAGE, MAX_PAGE};
use crate::model::{
    AddToGroupRequest, ContextRef, CreateGroupRequest, CreateMigrationRequest,
    CreateScheduleRequest, GroupDetails, GroupMember, Schedule, ScheduleExecution, Status, VmGroup,
    ids,
};
use crate::registry::Op;
use chrono::{DateTime, Duration, DurationRound, SubsecRound, Timelike, Utc};
use chrono_tz::Tz;
use croner::Cron;
use std::str::FromStr;

/// The groups-and-schedules service.
#[derive(Clone)]
pub struct Schedules {
    ports: Ports,
    replication: Replication,
}

/// A schedule's parsed cron expression and time zone.
struct Timing {
    cron: Cron,
    tz: Tz,
}

fn timing(cron_expression: &str, timezone: &str) -> Result<Timing> {
    if cron_expression.split_whitespace().count() != 5 {
        return Err(Error::validation(
            "cron_expression",
            "needs 5 fields: minute hour day-of-month month day-of-week",
        ));
    }
    let cron = Cron::from_str(cron_expression)
        .map_err(|e| Error::validation("cron_expression", e.to_string()))?;
    let tz = Tz::from_str(timezone)
        .map_err(|_| Error::validation("timezone", format!("unknown time zone '{timezone}'")))?;
    Ok(Timing { cron, tz })
}

impl Timing {
    /// The occurrences in (`after`, `until`], oldest first, each exactly the
    /// cron's own time (whole minutes, no sub-second part): the search starts
    /// from `after` cut to whole seconds, because croner keeps the start's
    /// sub-second part in what it finds, and a key that carries the caller's
    /// nanoseconds never matches another caller's.
    fn between(&self, after: DateTime<Utc>, until: DateTime<Utc>) -> Result<Vec<DateTime<Utc>>> {
        let mut out = Vec::new();
        let mut t = whole_second(after).with_timezone(&self.tz);
        while let Ok(next) = self.cron.find_next_occurrence(&t, false) {
            let next_utc = cron_time(next.with_timezone(&Utc));
            if next_utc > until || out.len() > 10_000 {
                break;
            }
            out.push(next_utc);
            t = next;
        }
        Ok(out)
    }

    /// The latest occurrence in (`after`, `now`], searched in a window that
    /// doubles from an hour, so a long absence costs few steps.
    fn latest(&self, after: DateTime<Utc>, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
        let mut window = Duration::hours(1);
        loop {
            let start = (now - window).max(after);
            if let Some(last) = self.between(start, now)?.pop() {
                return Ok(Some(last));
            }
            if start == after {
                return Ok(None);
            }
            window = window * 2;
        }
    }
}

/// `t` without its sub-second part.
fn whole_second(t: DateTime<Utc>) -> DateTime<Utc> {
    t.with_nanosecond(0).unwrap_or(t)
}

/// An occurrence of a 5-field cron as the key of its execution: whole
/// minutes, whatever the caller's `now` carried.
fn cron_time(t: DateTime<Utc>) -> DateTime<Utc> {
    t.duration_trunc(Duration::minutes(1)).unwrap_or(t)
}

fn not_found(kind: &'static str, id: &str) -> Error {
    Error::NotFound {
        kind,
        id: id.to_owned(),
    }
}

impl Schedules {
    /// A service over `ports`, starting jobs through `replication`.
    pub fn new(ports: Ports, replication: Replication) -> Self {
        Schedules { ports, replication }
    }

    /// Creates a schedule (the cron expression and time zone are checked).
    pub async fn create_schedule(&self, r: &CreateScheduleRequest) -> Result<Schedule> {
        validate::id("name", &r.name)?;
        timing(&r.cron_expression, &r.timezone)?;
        if r.max_concurrent_jobs == 0 {
            return Err(Error::validation(
                "max_concurrent_jobs",
                "must be at least 1",
            ));
        }
        let now = self.ports.clock.now();
        let s = Schedule {
            schedule_id: ids::schedule_id(&r.name, now),
            name: r.name.clone(),
            cron_expression: r.cron_expression.clone(),
            timezone: r.timezone.clone(),
            enabled: r.enabled,
            max_concurrent_jobs: r.max_concurrent_jobs,
            created_at: now,
        };
        match self.ports.store.insert_schedule(&s).await? {
            Ok(()) => Ok(s),
            Err(existing) => Err(Error::validation(
                "name",
                format!("a schedule named '{}' exists: {existing}", r.name),
            )),
        }
    }

    /// One schedule.
    pub async fn get_schedule(&self, schedule_id: &str) -> Result<Schedule> {
        validate::id("schedule_id", schedule_id)?;
        self.ports
            .store
            .get_schedule(schedule_id)
            .await?
            .ok_or_else(|| not_found("schedule", schedule_id))
    }

    /// Every schedule.
    pub async fn list_schedules(&self) -> Result<Vec<Schedule>> {
        self.ports.store.list_schedules().await
    }

    /// Enables or disables a schedule.
    pub async fn set_schedule_enabled(&self, schedule_id: &str, enabled: bool) -> Result<Schedule> {
        validate::id("schedule_id", schedule_id)?;
        if !self
            .ports
            .store
            .set_schedule_enabled(schedule_id, enabled)
            .await?
        {
            return Err(not_found("schedule", schedule_id));
        }
        self.get_schedule(schedule_id).await
    }

    /// Creates a group, optionally with a schedule.
    pub async fn create_group(&self, r: &CreateGroupRequest) -> Result<VmGroup> {
        validate::id("name", &r.name)?;
        validate::free_text("description", &r.description)?;
        if let Some(s) = &r.schedule_id {
            self.get_schedule(s).await?;
        }
        let now = self.ports.clock.now();
        let g = VmGroup {
            group_id: ids::group_id(&r.name, now),
            name: r.name.clone(),
            description: r.description.clone(),
            schedule_id: r.schedule_id.clone(),
            created_at: now,
        };
        match self.ports.store.insert_group(&g).await? {
            Ok(()) => Ok(g),
            Err(existing) => Err(Error::validation(
                "name",
                format!("a group named '{}' exists: {existing}", r.name),
            )),
        }
    }

    async fn group(&self, group_id: &str) -> Result<VmGroup> {
        validate::id("group_id", group_id)?;
        self.ports
            .store
            .get_group(group_id)
            .await?
            .ok_or_else(|| not_found("group", group_id))
    }

    /// A group with its members.
    pub async fn get_group(&self, group_id: &str) -> Result<GroupDetails> {
        let group = self.group(group_id).await?;
        let members = self.ports.store.group_members(group_id).await?;
        Ok(GroupDetails { group, members })
    }

    /// Every group.
    pub async fn list_groups(&self) -> Result<Vec<VmGroup>> {
        self.ports.store.list_groups().await
    }

    /// Attaches a schedule to a group, or detaches it with `None`.
    pub async fn attach_schedule(
        &self,
        group_id: &str,
        schedule_id: Option<&str>,
    ) -> Result<VmGroup> {
        self.group(group_id).await?;
        if let Some(s) = schedule_id {
            self.get_schedule(s).await?;
        }
        self.ports
            .store
            .set_group_schedule(group_id, schedule_id)
            .await?;
        self.group(group_id).await
    }

    /// Puts a context in a group; a context is in at most one group.
    pub async fn add_to_group(&self, r: &AddToGroupRequest) -> Result<GroupMember> {
        self.group(&r.group_id).await?;
        let ctx = self
            .ports
            .resolve_context(&ContextRef::ContextId(r.context_id.clone()))
            .await?;
        let m = GroupMember {
            group_id: r.group_id.clone(),
            context_id: ctx.context_id,
            priority: r.priority,
            added_at: self.ports.clock.now(),
        };
        match self.ports.store.insert_group_member(&m).await? {
            Ok(()) => Ok(m),
            Err(group) => Err(Error::validation(
                "context_id",
                format!("context {} is already in group {group}", m.context_id),
            )),
        }
    }

    /// Takes a context out of its group.
    pub async fn remove_from_group(&self, context_id: &str) -> Result<()> {
        validate::id("context_id", context_id)?;
        if self.ports.store.delete_group_member(context_id).await? {
            Ok(())
        } else {
            Err(not_found("group_member", context_id))
        }
    }

    /// A schedule's executions (all schedules' with `None`), newest first.
    pub async fn list_schedule_executions(
        &self,
        schedule_id: Option<&str>,
        limit: Option<u32>,
    ) -> Result<Vec<ScheduleExecution>> {
        validate::execution_filter(schedule_id)?;
        let limit = limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);
        self.ports
            .store
            .list_schedule_executions(schedule_id, limit)
            .await
    }

    /// Runs every schedule that is due at `now` (default: the clock's now).
    pub async fn run_due_schedules(
        &self,
        now: Option<DateTime<Utc>>,
    ) -> Result<Vec<ScheduleExecution>> {
        let now = now.unwrap_or_else(|| self.ports.clock.now());
        let log = self.ports.track(Op::RunDueSchedules.as_str(), None);
        let result = async {
            let mut runs = Vec::new();
            let groups = self.ports.store.list_groups().await?;
            for schedule in self.ports.store.list_schedules().await? {
                if !schedule.enabled {
                    continue;
                }
                let t = timing(&schedule.cron_expression, &schedule.timezone)?;
                for group in groups
                    .iter()
                    .filter(|g| g.schedule_id.as_deref() == Some(&schedule.schedule_id))
                {
                    let after = self
                        .ports
                        .store
                        .last_schedule_due(&schedule.schedule_id, &group.group_id)
                        .await?
                        // Its first run: the latest cron time since both
                        // the schedule and the group existed.
                        .unwrap_or(schedule.created_at.max(group.created_at));
                    let Some(due) = t.latest(after, now)? else {
                        continue;
                    };
                    let mut run = ScheduleExecution::new(
                        ids::execution_id(now),
                        schedule.schedule_id.clone(),
                        group.group_id.clone(),
                        due,
                        now,
                    );
                    // Another process ran this one or is running it (a run
                    // whose process died is taken over once its lease ends).
                    let mut lease = ExecutionLease::new(&self.ports);
                    let Some(id) = self
                        .ports
                        .store
                        .claim_schedule_execution(&run, lease.until, self.ports.clock.now())
                        .await?
                    else {
                        continue;
                    };
                    run.execution_id = id;
                    let ours = log
                        .run_step(
                            &format!("run {} for {}", schedule.name, group.name),
                            async {
                                if !self
                                    .run_group(&schedule, group, &mut run, &mut lease)
                                    .await?
                                {
                                    // Another process finishes it.
                                    return Ok(false);
                                }
                                tracing::info!(
                                    execution_id = %run.execution_id,
                                    started = run.jobs_started,
                                    skipped_active = run.skipped_active,
                                    skipped_limit = run.skipped_limit,
                                    skipped_ineligible = run.skipped_ineligible,
                                    failed = run.failed,
                                    "schedule ran"
                                );
                                let finished = self.ports.clock.now();
                                let ours = self
                                    .ports
                                    .store
                                    .finish_schedule_execution(&run, lease.until, finished)
                                    .await?;
                                if !ours {
                                    tracing::warn!(execution_id = %run.execution_id, "schedule run was taken over before it finished; the process that took it records the outcome");
                                }
                                Ok(ours)
                            },
                        )
                        .await?;
                    if ours {
                        runs.push(run);
                    }
                }
            }
            Ok(runs)
        }
        .await;
        log.finish(None, result)
    }

    async fn run_group(
        &self,
        schedule: &Schedule,
        group: &VmGroup,
        run: &mut ScheduleExecution,
        lease: &mut ExecutionLease,
    ) -> Result<bool> {
        let members = self.ports.store.group_members(&group.group_id).await?;
        let mut contexts = Vec::with_capacity(members.len());
        for m in &members {
            if let Some(c) = self.ports.store.get_context(&m.context_id).await? {
                contexts.push(c);
            }
        }
        let mut active = contexts
            .iter()
            .filter(|c| c.current_status == Status::Replicating)
            .count() as u32;
        for ctx in contexts {
            if ctx.current_status == Status::Replicating {
                run.skipped_active += 1;
                continue;
            }
            let eligible = ctx.active_operation.is_none()
                && lifecycle::target(Some(ctx.current_status), Operation::StartReplication)
                    .is_some();
            if !eligible {
                run.skipped_ineligible += 1;
                continue;
            }
            if active >= schedule.max_concurrent_jobs {
                run.skipped_limit += 1;
                continue;
            }
            // Still ours: a run outliving its lease would be taken over
            // and its group started twice over the concurrency limit.
            if !lease.renew(&self.ports, &run.execution_id).await? {
                tracing::warn!(execution_id = %run.execution_id, "schedule run outlived its lease and was taken over; stopping here");
                return Ok(false);
            }
            let mut req = CreateMigrationRequest::new(ctx.source_vm.clone());
            req.vcenter_host = ctx.vcenter_host.clone();
            req.datacenter = ctx.datacenter.clone();
            req.ossea_config_id = ctx.ossea_config_id;
            req.target_network = ctx.target_network.clone();
            req.schedule_execution_id = run.execution_id.clone();
            req.vm_group_id = group.group_id.clone();
            req.scheduled_by = format!("schedule:{}", schedule.name);
            match self.replication.start_replication(&req).await {
                Ok(job) => {
                    run.jobs_started += 1;
                    run.job_ids.push(job.job_id);
                    active += 1;
                }
                Err(Error::ReplicationActive { .. }) => run.skipped_active += 1,
                Err(e) => {
                    tracing::warn!(context_id = %ctx.context_id, error = %e, details = %e.details(), "scheduled start failed");
                    run.failed += 1;
                }
            }
        }
        Ok(true)
    }
}

/// The lease of a schedule execution this process runs: until when another
/// process must not take it over, renewed between member starts once half
/// of it has passed (so a run of many members costs few renewals).
struct ExecutionLease {
    until: DateTime<Utc>,
    length: Duration,
}

impl ExecutionLease {
    fn new(ports: &Ports) -> Self {
        let length = Duration::from_std(ports.lease).unwrap_or(Duration::MAX);
        // Whole microseconds, as the stores keep it: the lease held is
        // compared with the stored one on renewal.
        let until = ports
            .clock
            .now()
            .checked_add_signed(length)
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
            .trunc_subsecs(6);
        Self { until, length }
    }

    /// Renews the lease when half of it has passed; `false` when the run
    /// is no longer this process's (another took it over).
    async fn renew(&mut self, ports: &Ports, execution_id: &str) -> Result<bool> {
        let now = ports.clock.now();
        if self.until - now > self.length / 2 {
            return Ok(true);
        }
        let fresh = Self::new(ports);
        let ours = ports
            .store
            .renew_schedule_execution(execution_id, self.until, fresh.until)
            .await?;
        *self = fresh;
        Ok(ours)
    }
}
