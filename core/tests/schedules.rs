//! DESIGN §4 groups and schedules: cron timing in a time zone, priorities,
//! `max_concurrent_jobs`, active members skipped and counted, one execution
//! per schedule, group and cron time even when two managers race.

mod common;

use migratekit_test_macros::backends;

use chrono::{DateTime, TimeZone, Utc};
use common::*;
use migratekit_core::model::{
    AddToGroupRequest, ContextRef, CreateGroupRequest, CreateScheduleRequest, Status,
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

/// A group on `schedule_id` with members vm-0..vm-n (priority = 10 × index, reversed).
async fn group_of(m: &Manager, name: &str, schedule_id: &str, n: usize) -> (String, Vec<String>) {
    let g = m
        .create_group(&CreateGroupRequest {
            name: name.into(),
            description: String::new(),
            schedule_id: Some(schedule_id.into()),
        })
        .await
        .unwrap();
    let mut ctxs = Vec::new();
    for i in 0..n {
        let c = add(m, &format!("{name}-vm-{i}")).await;
        m.add_to_group(&AddToGroupRequest {
            group_id: g.group_id.clone(),
            context_id: c.clone(),
            priority: (n - i) as i32 * 10,
        })
        .await
        .unwrap();
        ctxs.push(c);
    }
    (g.group_id, ctxs)
}

#[backends]
async fn bad_schedules_are_validation_errors() {
    let e = env();
    for (cron, tz, max) in [
        ("0 0 2 * * *", "UTC", 1),
        ("not a cron", "UTC", 1),
        ("61 * * * *", "UTC", 1),
        ("0 2 * * *", "Mars/Olympus", 1),
        ("0 2 * * *", "UTC", 0),
    ] {
        let mut s = schedule("s", cron, max);
        s.timezone = tz.into();
        let err = e.manager.create_schedule(&s).await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::Validation, "{cron} {tz} {max}");
    }
    assert!(e.manager.list_schedules().await.unwrap().is_empty());
}

#[backends]
async fn a_context_is_in_at_most_one_group_and_leaves_it_when_removed() {
    let e = env();
    let s = e
        .manager
        .create_schedule(&schedule("nightly", "0 2 * * *", 2))
        .await
        .unwrap();
    let (g1, ctxs) = group_of(&e.manager, "a", &s.schedule_id, 1).await;
    let g2 = e
        .manager
        .create_group(&CreateGroupRequest {
            name: "b".into(),
            description: String::new(),
            schedule_id: None,
        })
        .await
        .unwrap();
    let err = e
        .manager
        .add_to_group(&AddToGroupRequest {
            group_id: g2.group_id,
            context_id: ctxs[0].clone(),
            priority: 1,
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Validation);
    assert!(err.details().contains(&g1));
    e.manager
        .remove_from_management(&ContextRef::ContextId(ctxs[0].clone()))
        .await
        .unwrap();
    assert!(e.manager.get_group(&g1).await.unwrap().members.is_empty());
}

#[backends]
async fn a_schedule_runs_once_per_cron_time_by_priority_within_max_concurrent_jobs() {
    let e = env();
    let s = e
        .manager
        .create_schedule(&schedule("nightly", "0 2 * * *", 2))
        .await
        .unwrap();
    let (g, ctxs) = group_of(&e.manager, "web", &s.schedule_id, 5).await;

    assert!(
        e.manager
            .run_due_schedules(Some(at(21, 1, 59)))
            .await
            .unwrap()
            .is_empty(),
        "not yet due"
    );
    let runs = e
        .manager
        .run_due_schedules(Some(at(21, 2, 0)))
        .await
        .unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(
        run.due_at,
        Utc.with_ymd_and_hms(2025, 9, 21, 2, 0, 0).unwrap()
    );
    assert_eq!(
        (run.jobs_started, run.skipped_limit, run.skipped_active),
        (2, 3, 0)
    );
    // The lowest priority values (the last members added) went first.
    for c in &ctxs[3..] {
        assert_eq!(ctx(&e.manager, c).await.current_status, Status::Replicating);
    }
    for job_id in &run.job_ids {
        let job = e.manager.get_job(job_id).await.unwrap();
        assert_eq!(job.schedule_execution_id, run.execution_id);
        assert_eq!(job.vm_group_id, g);
        assert_eq!(job.scheduled_by, "schedule:nightly");
    }
    assert!(
        e.manager
            .run_due_schedules(Some(at(21, 3, 0)))
            .await
            .unwrap()
            .is_empty(),
        "ran already"
    );

    // Next night: the two still replicating are skipped and counted; they fill the limit.
    let runs = e
        .manager
        .run_due_schedules(Some(at(22, 2, 5)))
        .await
        .unwrap();
    assert_eq!(
        (
            runs[0].jobs_started,
            runs[0].skipped_active,
            runs[0].skipped_limit
        ),
        (0, 2, 3)
    );
    // Once they complete, the next night starts the others, then them again incrementally.
    for job_id in &run.job_ids {
        complete(&e.manager, job_id, "cbt-1").await;
    }
    let runs = e
        .manager
        .run_due_schedules(Some(at(23, 2, 5)))
        .await
        .unwrap();
    assert_eq!((runs[0].jobs_started, runs[0].skipped_limit), (2, 3));
    assert_eq!(
        e.manager
            .list_schedule_executions(Some(&s.schedule_id), None)
            .await
            .unwrap()
            .len(),
        3
    );
}

#[backends]
async fn a_synced_member_replicates_incrementally_and_ineligible_ones_are_skipped() {
    let e = env();
    let s = e
        .manager
        .create_schedule(&schedule("hourly", "0 * * * *", 10))
        .await
        .unwrap();
    let (_, ctxs) = group_of(&e.manager, "db", &s.schedule_id, 2).await;
    let runs = e
        .manager
        .run_due_schedules(Some(at(20, 13, 0)))
        .await
        .unwrap();
    for job_id in &runs[0].job_ids {
        complete(&e.manager, job_id, "cbt-9").await;
    }
    let runs = e
        .manager
        .run_due_schedules(Some(at(20, 14, 0)))
        .await
        .unwrap();
    assert_eq!(runs[0].jobs_started, 2);
    for job_id in &runs[0].job_ids {
        let j = e.manager.get_job(job_id).await.unwrap();
        assert_eq!(
            (j.replication_type.as_str(), j.previous_change_id.as_str()),
            ("incremental", "cbt-9")
        );
    }
    assert_eq!(
        ctx(&e.manager, &ctxs[0]).await.current_status,
        Status::Replicating
    );
}

#[backends]
async fn disabled_schedules_do_not_run_and_a_long_absence_runs_once() {
    let e = env();
    let s = e
        .manager
        .create_schedule(&schedule("q", "*/15 * * * *", 10))
        .await
        .unwrap();
    group_of(&e.manager, "g", &s.schedule_id, 1).await;
    e.manager
        .set_schedule_enabled(&s.schedule_id, false)
        .await
        .unwrap();
    assert!(
        e.manager
            .run_due_schedules(Some(at(25, 0, 0)))
            .await
            .unwrap()
            .is_empty()
    );
    e.manager
        .set_schedule_enabled(&s.schedule_id, true)
        .await
        .unwrap();
    let runs = e
        .manager
        .run_due_schedules(Some(at(25, 0, 7)))
        .await
        .unwrap();
    assert_eq!(
        runs.len(),
        1,
        "one run for the latest cron time, not one per missed slot"
    );
    assert_eq!(
        runs[0].due_at,
        Utc.with_ymd_and_hms(2025, 9, 25, 0, 0, 0).unwrap()
    );
}

#[backends]
async fn the_cron_expression_is_read_in_the_schedules_time_zone() {
    let e = env();
    let mut s = schedule("berlin", "0 2 * * *", 10);
    s.timezone = "Europe/Berlin".into();
    let s = e.manager.create_schedule(&s).await.unwrap();
    group_of(&e.manager, "eu", &s.schedule_id, 1).await;
    // 02:00 in Berlin (CEST, UTC+2) is 00:00 UTC.
    let runs = e
        .manager
        .run_due_schedules(Some(at(21, 0, 1)))
        .await
        .unwrap();
    assert_eq!(
        runs[0].due_at,
        Utc.with_ymd_and_hms(2025, 9, 21, 0, 0, 0).unwrap()
    );
}

#[backends]
fn two_managers_running_schedules_at_once_start_each_group_once() {
    let e = env();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let s = rt
        .block_on(e.manager.create_schedule(&schedule("n", "0 2 * * *", 100)))
        .unwrap();
    rt.block_on(group_of(&e.manager, "g", &s.schedule_id, 6));
    let managers: Vec<Manager> = (0..4).map(|_| e.reopen()).collect();
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(managers.len()));
    let handles: Vec<_> = managers
        .into_iter()
        .map(|m| {
            let b = barrier.clone();
            std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                b.wait();
                rt.block_on(m.run_due_schedules(Some(at(21, 2, 1))))
                    .unwrap()
            })
        })
        .collect();
    let runs: Vec<_> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    assert_eq!(runs.len(), 1, "{runs:?}");
    assert_eq!(runs[0].jobs_started, 6);
    assert_eq!(rt.block_on(count_jobs(&e.manager)), 6);
}
