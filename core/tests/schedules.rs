//! DESIGN §4 groups and schedules: cron timing in a time zone, priorities,
//! `max_concurrent_jobs`, active members skipped and counted, one execution
//! per schedule, group and cron time even when two managers race.

mod common;

use migratekit_test_macros::backends;

use chrono::{DateTime, TimeZone, Utc};
use common::*;
use migratekit_core::model::{
    AddToGroupRequest, ContextRef, CreateGroupRequest, CreateScheduleRequest, Schedule,
    ScheduleExecution, Status, VmGroup,
};
use migratekit_core::{ErrorCode, Manager};

fn at(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 9, d, h, m, 30).unwrap()
}

fn schedule(name: &str, cron: &str, max: u32) -> CreateScheduleRequest {
    CreateScheduleRequest {
        name: name.into(),
        cron_expression: cron.into(),
        timezone: "UTC".into(),
        enabled: true,
        max_concurrent_jobs: max,
    }
}

/// A schedule with one group of members on it.
struct Scheduled {
    e: Env,
    schedule: Schedule,
    group_id: String,
    members: Vec<String>,
}

/// Creates the schedule `s` and a group of `n` members on it (see [`group_of`]).
async fn on_schedule(s: CreateScheduleRequest, n: usize) -> Scheduled {
    let e = env();
    let schedule = e.manager.create_schedule(&s).await.unwrap();
    let group = format!("{}-group", s.name);
    let (group_id, members) = group_of(&e.manager, &group, &schedule.schedule_id, n).await;
    Scheduled {
        e,
        schedule,
        group_id,
        members,
    }
}

/// Creates the group `name`, on `schedule_id` or on none.
async fn group(m: &Manager, name: &str, schedule_id: Option<&str>) -> VmGroup {
    let r = CreateGroupRequest {
        name: name.into(),
        description: String::new(),
        schedule_id: schedule_id.map(str::to_owned),
    };
    m.create_group(&r).await.unwrap()
}

/// A group on `schedule_id` with members vm-0..vm-n (priority = 10 × index, reversed).
async fn group_of(m: &Manager, name: &str, schedule_id: &str, n: usize) -> (String, Vec<String>) {
    let g = group(m, name, Some(schedule_id)).await;
    let mut ctxs = Vec::new();
    for i in 0..n {
        let c = add(m, &format!("{name}-vm-{i}")).await;
        let member = AddToGroupRequest {
            group_id: g.group_id.clone(),
            context_id: c.clone(),
            priority: (n - i) as i32 * 10,
        };
        m.add_to_group(&member).await.unwrap();
        ctxs.push(c);
    }
    (g.group_id, ctxs)
}

/// The runs of the schedules due at `now`.
async fn run_at(m: &Manager, now: DateTime<Utc>) -> Vec<ScheduleExecution> {
    m.run_due_schedules(Some(now)).await.unwrap()
}

/// The cron time a run was due at: `d`.9.2025 `h`:`m`:00 UTC.
fn cron_time(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 9, d, h, m, 0).unwrap()
}

#[backends]
async fn bad_schedules_are_validation_errors() {
    let e = env();
    for (what, cron, tz, max) in [
        ("seconds field", "0 0 2 * * *", "UTC", 1),
        ("not cron", "not a cron", "UTC", 1),
        ("minute out of range", "61 * * * *", "UTC", 1),
        ("unknown time zone", "0 2 * * *", "Mars/Olympus", 1),
        ("no job allowed", "0 2 * * *", "UTC", 0),
    ] {
        let mut s = schedule("s", cron, max);
        s.timezone = tz.into();
        let err = e.manager.create_schedule(&s).await.unwrap_err();
        assert_eq!(
            err.code(),
            ErrorCode::Validation,
            "{what}: {cron} {tz} {max}"
        );
    }
    assert!(e.manager.list_schedules().await.unwrap().is_empty());
}

#[backends]
async fn a_context_is_in_at_most_one_group_and_leaves_it_when_removed() {
    let w = on_schedule(schedule("nightly", "0 2 * * *", 2), 1).await;
    let (m, g1, ctxs) = (&w.e.manager, &w.group_id, &w.members);
    let g2 = group(m, "b", None).await;
    let second = AddToGroupRequest {
        group_id: g2.group_id,
        context_id: ctxs[0].clone(),
        priority: 1,
    };
    let err = m.add_to_group(&second).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    assert!(err.details().contains(g1));
    let removed = ContextRef::ContextId(ctxs[0].clone());
    m.remove_from_management(&removed).await.unwrap();
    assert!(m.get_group(g1).await.unwrap().members.is_empty());
}

#[backends]
async fn a_schedule_runs_once_per_cron_time_by_priority_within_max_concurrent_jobs() {
    let w = on_schedule(schedule("nightly", "0 2 * * *", 2), 5).await;
    let (m, g, ctxs) = (&w.e.manager, &w.group_id, &w.members);

    assert!(run_at(m, at(21, 1, 59)).await.is_empty(), "not yet due");
    let runs = run_at(m, at(21, 2, 0)).await;
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run.due_at, cron_time(21, 2, 0));
    assert_eq!(
        (run.jobs_started, run.skipped_limit, run.skipped_active),
        (2, 3, 0)
    );
    // The lowest priority values (the last members added) went first.
    for c in &ctxs[3..] {
        assert_eq!(ctx(m, c).await.current_status, Status::Replicating);
    }
    for job_id in &run.job_ids {
        let job = m.get_job(job_id).await.unwrap();
        assert_eq!(job.schedule_execution_id, run.execution_id);
        assert_eq!(&job.vm_group_id, g);
        assert_eq!(job.scheduled_by, "schedule:nightly");
    }
    assert!(run_at(m, at(21, 3, 0)).await.is_empty(), "ran already");

    // Next night: the two still replicating are skipped and counted; they fill the limit.
    let next = &run_at(m, at(22, 2, 5)).await[0];
    assert_eq!(
        (next.jobs_started, next.skipped_active, next.skipped_limit),
        (0, 2, 3)
    );
    // Once they complete, the next night starts the others, then them again incrementally.
    for job_id in &run.job_ids {
        complete(m, job_id, "cbt-1").await;
    }
    let third = &run_at(m, at(23, 2, 5)).await[0];
    assert_eq!((third.jobs_started, third.skipped_limit), (2, 3));
    let executions = m.list_schedule_executions(Some(&w.schedule.schedule_id), None);
    assert_eq!(executions.await.unwrap().len(), 3);
}

#[backends]
async fn a_synced_member_replicates_incrementally_and_ineligible_ones_are_skipped() {
    let w = on_schedule(schedule("hourly", "0 * * * *", 10), 2).await;
    let m = &w.e.manager;
    for job_id in &run_at(m, at(20, 13, 0)).await[0].job_ids {
        complete(m, job_id, "cbt-9").await;
    }
    let runs = run_at(m, at(20, 14, 0)).await;
    assert_eq!(runs[0].jobs_started, 2);
    for job_id in &runs[0].job_ids {
        let j = m.get_job(job_id).await.unwrap();
        assert_eq!(
            (j.replication_type.as_str(), j.previous_change_id.as_str()),
            ("incremental", "cbt-9")
        );
    }
    assert_eq!(
        ctx(m, &w.members[0]).await.current_status,
        Status::Replicating
    );
}

#[backends]
async fn disabled_schedules_do_not_run_and_a_long_absence_runs_once() {
    let w = on_schedule(schedule("q", "*/15 * * * *", 10), 1).await;
    let (m, id) = (&w.e.manager, &w.schedule.schedule_id);
    m.set_schedule_enabled(id, false).await.unwrap();
    assert!(run_at(m, at(25, 0, 0)).await.is_empty());
    m.set_schedule_enabled(id, true).await.unwrap();
    let runs = run_at(m, at(25, 0, 7)).await;
    assert_eq!(
        runs.len(),
        1,
        "one run for the latest cron time, not one per missed slot"
    );
    assert_eq!(runs[0].due_at, cron_time(25, 0, 0));
}

#[backends]
async fn the_cron_expression_is_read_in_the_schedules_time_zone() {
    let mut s = schedule("berlin", "0 2 * * *", 10);
    s.timezone = "Europe/Berlin".into();
    let w = on_schedule(s, 1).await;
    // 02:00 in Berlin (CEST, UTC+2) is 00:00 UTC.
    let runs = run_at(&w.e.manager, at(21, 0, 1)).await;
    assert_eq!(runs[0].due_at, cron_time(21, 0, 0));
}

#[backends]
fn two_managers_running_schedules_at_once_start_each_group_once() {
    let rt = runtime();
    let w = rt.block_on(on_schedule(schedule("n", "0 2 * * *", 100), 6));
    let managers: Vec<Manager> = (0..4).map(|_| w.e.reopen()).collect();
    let runs: Vec<_> = race(managers.len(), move |i| {
        runtime().block_on(run_at(&managers[i], at(21, 2, 1)))
    })
    .into_iter()
    .flatten()
    .collect();
    assert_eq!(runs.len(), 1, "{runs:?}");
    assert_eq!(runs[0].jobs_started, 6);
    assert_eq!(rt.block_on(count_jobs(&w.e.manager)), 6);
}

/// A node over this test's database whose process "dies" (its store fails
/// every call) right after it recorded a schedule run: the run is claimed
/// but none of its members started, as after a kill -9 at that moment.
fn node_dying_after_the_claim(e: &Env) -> Manager {
    use migratekit_core::testkit::FaultyStore;
    let (store, log) = e.db.open();
    let faulty = FaultyStore::new(store);
    faulty.faults().fail_always("group_members");
    e.builder()
        .store(std::sync::Arc::new(faulty))
        .job_log(log)
        .operation_lease(std::time::Duration::from_secs(60))
        .build()
        .unwrap()
}

#[backends]
async fn a_schedule_run_whose_process_died_is_taken_over_once_its_lease_ends() {
    let w = on_schedule(schedule("nightly", "0 2 * * *", 10), 3).await;
    w.e.clock.set(at(21, 2, 0));
    let dying = node_dying_after_the_claim(&w.e);
    assert!(dying.run_due_schedules(Some(at(21, 2, 0))).await.is_err());
    let recorded =
        w.e.manager
            .list_schedule_executions(None, None)
            .await
            .unwrap();
    assert_eq!(recorded.len(), 1, "the dead node's claim is recorded");

    // Within the dead node's lease, nobody runs it twice.
    assert!(run_at(&w.e.manager, at(21, 2, 0)).await.is_empty());
    assert_eq!(count_jobs(&w.e.manager).await, 0);

    // Once it has ended, the next tick in the same cron period takes it over.
    w.e.clock.advance(chrono::Duration::seconds(61));
    let runs = run_at(&w.e.manager, at(21, 2, 5)).await;
    assert_eq!(runs.len(), 1, "{runs:?}");
    assert_eq!(runs[0].execution_id, recorded[0].execution_id);
    assert_eq!(runs[0].due_at, cron_time(21, 2, 0));
    assert_eq!(runs[0].jobs_started, 3);
    for c in &w.members {
        assert_eq!(
            ctx(&w.e.manager, c).await.current_status,
            Status::Replicating
        );
    }
    // Finished now: never again for that cron time.
    w.e.clock.advance(chrono::Duration::seconds(600));
    assert!(run_at(&w.e.manager, at(21, 2, 30)).await.is_empty());
    assert_eq!(count_jobs(&w.e.manager).await, 3);
}

#[backends]
async fn a_group_whose_run_was_never_recorded_still_runs_after_another_group_of_its_schedule_did() {
    // Two groups on one schedule: the first group's run finished, then the
    // process died before recording the second's. The second still runs
    // for that cron time.
    let w = on_schedule(schedule("nightly", "0 2 * * *", 10), 2).await;
    let (second, members) = group_of(&w.e.manager, "second", &w.schedule.schedule_id, 2).await;
    // The first night both ran (so both have a history).
    let first = run_at(&w.e.manager, at(21, 2, 0)).await;
    assert_eq!(first.len(), 2);
    for r in &first {
        for job in &r.job_ids {
            complete(&w.e.manager, job, "cbt-1").await;
        }
    }
    // The next night only the first group's run is recorded and finished:
    // a dying node that claimed it and ran it, then stopped.
    let (store, _) = w.e.db.open();
    let run = ScheduleExecution::new(
        "exec-20250922-020000.000-aaaaaa",
        &w.schedule.schedule_id,
        &w.group_id,
        cron_time(22, 2, 0),
        at(22, 2, 0),
    );
    let lease = at(22, 3, 0);
    assert!(
        store
            .claim_schedule_execution(&run, lease, at(22, 2, 0))
            .await
            .unwrap()
            .is_some()
    );
    store
        .finish_schedule_execution(&run, lease, at(22, 2, 0))
        .await
        .unwrap();
    let runs = run_at(&w.e.manager, at(22, 2, 10)).await;
    assert_eq!(runs.len(), 1, "{runs:?}");
    assert_eq!(runs[0].group_id, second);
    assert_eq!(runs[0].due_at, cron_time(22, 2, 0));
    assert_eq!(runs[0].jobs_started, members.len() as u32);
}

#[backends]
async fn a_group_created_after_its_schedule_ran_waits_for_the_next_cron_time() {
    let w = on_schedule(schedule("nightly", "0 2 * * *", 10), 1).await;
    assert_eq!(run_at(&w.e.manager, at(21, 2, 0)).await.len(), 1);
    w.e.clock.set(at(21, 2, 30));
    let (late, _) = group_of(&w.e.manager, "late", &w.schedule.schedule_id, 1).await;
    assert!(run_at(&w.e.manager, at(21, 3, 0)).await.is_empty());
    let next = run_at(&w.e.manager, at(22, 2, 0)).await;
    assert!(next.iter().any(|r| r.group_id == late), "{next:?}");
}

#[backends]
async fn a_run_taken_over_is_recorded_by_the_process_that_took_it_not_by_its_first_runner() {
    let w = on_schedule(schedule("nightly", "0 2 * * *", 10), 2).await;
    let (store, _) = w.e.db.open();
    // A first runner claimed the 02:00 run with a lease ending 02:01 and
    // stalled (in a port, say) past it.
    let stalled = ScheduleExecution::new(
        "exec-20250921-020000.000-bbbbbb",
        &w.schedule.schedule_id,
        &w.group_id,
        cron_time(21, 2, 0),
        at(21, 2, 0),
    );
    let held = cron_time(21, 2, 1);
    let claimed = store
        .claim_schedule_execution(&stalled, held, at(21, 2, 0))
        .await;
    assert!(claimed.unwrap().is_some());
    // Another process takes it over once the lease has ended, and finishes it.
    w.e.clock.set(at(21, 2, 5));
    let runs = run_at(&w.e.manager, at(21, 2, 5)).await;
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].jobs_started, 2);
    // The stalled runner wakes up and tries to record its own outcome: refused.
    let mut late = stalled.clone();
    late.jobs_started = 7;
    let finished = store
        .finish_schedule_execution(&late, held, at(21, 2, 10))
        .await;
    assert!(
        !finished.unwrap(),
        "the first runner no longer holds the run"
    );
    let recorded =
        w.e.manager
            .list_schedule_executions(None, None)
            .await
            .unwrap();
    assert_eq!(recorded.len(), 1);
    assert_eq!(
        recorded[0].jobs_started, 2,
        "the outcome of the process that took it"
    );
}
