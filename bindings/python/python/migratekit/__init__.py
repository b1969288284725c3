"""migratekit: the control-plane core of a VMware → cloud VM migration system.

Every call runs in the Rust core with the GIL released, so several threads can
use one :class:`Manager` at once. Requests are plain dicts with the JSON fields
of the contract (or keyword arguments); results are typed, read-only objects
whose ``to_dict()`` is the JSON answer. Errors are :class:`MigrateKitError`
subclasses carrying ``code``, ``details``, ``fields`` and the typed fields.

The core's log events reach the ``logging`` logger ``"migratekit"``.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from typing import Any, Callable, Mapping, Optional, Sequence

from . import _migratekit
from ._migratekit import (
    AdapterError,
    AlreadyManagedError,
    AmbiguousError,
    IncompatibleSchemaError,
    InternalError,
    InvalidTransitionError,
    MigrateKitError,
    NotFoundError,
    OperationInProgressError,
    ReplicationActiveError,
    StorageError,
    ValidationError,
)
from ._records import (
    BulkAddResponse,
    BulkItemResult,
    ContextCreated,
    CreateMigrationResult,
    FailoverJob,
    FailoverResult,
    JobDeleted,
    JobStarted,
    LogEvent,
    LogJob,
    LogStep,
    Page,
    ReconcileReport,
    Record,
    Removed,
    ReplicationContext,
    ReplicationJob,
    Schedule,
    ScheduleExecution,
    SourceVm,
    GroupDetails,
    GroupMember,
    VmGroup,
    VolumeRecord,
)
from .ports import NbdExporter, TargetCloud, VolumeDaemon

__version__: str = _migratekit.__version__

__all__ = [
    "Manager",
    "OPERATIONS",
    "MigrateKitError",
    "AlreadyManagedError",
    "ReplicationActiveError",
    "InvalidTransitionError",
    "NotFoundError",
    "AmbiguousError",
    "ValidationError",
    "OperationInProgressError",
    "StorageError",
    "IncompatibleSchemaError",
    "AdapterError",
    "InternalError",
    "Record",
    "ContextCreated",
    "JobStarted",
    "CreateMigrationResult",
    "SourceVm",
    "ReplicationContext",
    "ReplicationJob",
    "BulkAddResponse",
    "BulkItemResult",
    "Page",
    "Removed",
    "JobDeleted",
    "VolumeRecord",
    "FailoverJob",
    "FailoverResult",
    "ReconcileReport",
    "Schedule",
    "ScheduleExecution",
    "VmGroup",
    "GroupMember",
    "GroupDetails",
    "LogJob",
    "LogStep",
    "LogEvent",
    "VolumeDaemon",
    "NbdExporter",
    "TargetCloud",
]

#: Every operation :meth:`Manager.call` knows.
OPERATIONS: tuple[str, ...] = tuple(_migratekit.operations())


def _body(request: Optional[Mapping[str, Any]], fields: Mapping[str, Any]) -> dict[str, Any]:
    body = dict(request or {})
    body.update({k: v for k, v in fields.items() if v is not None})
    return body


def _context_ref(
    context_id: Optional[str],
    vcenter_host: Optional[str],
    vmware_vm_id: Optional[str],
    vm_name: Optional[str],
) -> dict[str, Any]:
    if context_id is not None:
        return {"context_id": context_id}
    if vmware_vm_id is not None and vcenter_host is not None:
        return {"vm": {"vcenter_host": vcenter_host, "vmware_vm_id": vmware_vm_id}}
    if vmware_vm_id is not None:
        return {"vmware_vm_id": vmware_vm_id}
    if vm_name is not None:
        return {"vm_name": vm_name}
    # The core answers with a typed validation error.
    return {}


def _failover_target(
    context_id: Optional[str], vm_id: Optional[str], vm_name: Optional[str], failover_job_id: Optional[str]
) -> dict[str, Any]:
    fields = {"context_id": context_id, "vm_id": vm_id, "vm_name": vm_name, "failover_job_id": failover_job_id}
    return _body(None, fields)


class Manager:
    """The control plane over one SQLite database and the ports chosen at open."""

    def __init__(self, native: _migratekit.Manager) -> None:
        self._native = native

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str] | None = None,
        *,
        database_url: Optional[str] = None,
        volume_daemon: Optional[VolumeDaemon] = None,
        nbd_exporter: Optional[NbdExporter] = None,
        target_cloud: Optional[TargetCloud] = None,
        volumes_dir: str | os.PathLike[str] | None = None,
        qsd_dir: str | os.PathLike[str] | None = None,
        nbd_port: Optional[int] = None,
        fakes: bool = False,
        now: Optional[str] = None,
        appliance_id: Optional[str] = None,
        operation_lease_seconds: Optional[float] = None,
    ) -> Manager:
        """Opens (creating and migrating) the SQLite database at ``path``, or
        the PostgreSQL database at ``database_url``
        (``postgresql://user:password@host:port/database``) that several
        nodes share.

        Ports: Python objects (``volume_daemon``, ``nbd_exporter``,
        ``target_cloud``), or the bundled adapters — ``volumes_dir`` (volumes as
        sparse files) and ``qsd_dir`` (NBD exports by a qemu-storage-daemon
        started there, on ``nbd_port``, default 10809) — or, with ``fakes``,
        the testkit's in-memory fakes for any port not given. ``now`` (RFC 3339)
        fixes the clock; :meth:`advance_clock` moves it.
        """
        return cls(
            _migratekit.Manager(
                path,
                database_url=database_url,
                volume_daemon=volume_daemon,
                nbd_exporter=nbd_exporter,
                target_cloud=target_cloud,
                volumes_dir=volumes_dir,
                qsd_dir=qsd_dir,
                nbd_port=nbd_port,
                fakes=fakes,
                now=now,
                appliance_id=appliance_id,
                operation_lease_seconds=operation_lease_seconds,
            )
        )

    def call(self, operation: str, body: Optional[Mapping[str, Any]] = None) -> Any:
        """Runs any operation by name with a JSON body; returns the JSON answer."""
        return json.loads(self._native.call(operation, json.dumps(dict(body or {}))))

    def create_migration(self, request: Optional[Mapping[str, Any]] = None, **fields: Any) -> CreateMigrationResult:
        """Adds a VM to management (``start_replication=False``) or starts
        replication (absent or ``True``), with duplicate protection."""
        answer = self.call("create_migration", _body(request, fields))
        return JobStarted(answer) if "job_id" in answer else ContextCreated(answer)

    def add_to_management(self, request: Optional[Mapping[str, Any]] = None, **fields: Any) -> ContextCreated:
        """Adds a VM to management without replicating it."""
        return ContextCreated(self.call("add_to_management", _body(request, fields)))

    def add_to_management_bulk(
        self,
        vms: Sequence[Mapping[str, Any]],
        progress: Optional[Callable[[int, int], None]] = None,
    ) -> BulkAddResponse:
        """Adds many VMs; one result per VM; ``progress(done, total)`` after each batch."""
        answer = self._native.add_to_management_bulk(json.dumps({"vms": [dict(v) for v in vms]}), progress)
        return BulkAddResponse(json.loads(answer))

    def get_context(
        self,
        context_id: Optional[str] = None,
        *,
        vcenter_host: Optional[str] = None,
        vmware_vm_id: Optional[str] = None,
        vm_name: Optional[str] = None,
    ) -> ReplicationContext:
        """One context: by id, by vCenter + vmware_vm_id, by vmware_vm_id or by name."""
        ref = _context_ref(context_id, vcenter_host, vmware_vm_id, vm_name)
        return ReplicationContext(self.call("get_context", ref))

    def list_contexts(
        self, status: Optional[str] = None, limit: Optional[int] = None, offset: int = 0
    ) -> Page[ReplicationContext]:
        """A page of contexts ordered by id."""
        body = _body(None, {"status": status, "limit": limit, "offset": offset})
        return Page(self.call("list_contexts", body), ReplicationContext)

    def get_job(self, job_id: str) -> ReplicationJob:
        """One replication job."""
        return ReplicationJob(self.call("get_job", {"job_id": job_id}))

    def list_jobs(
        self,
        context_id: Optional[str] = None,
        status: Optional[str] = None,
        limit: Optional[int] = None,
        offset: int = 0,
    ) -> Page[ReplicationJob]:
        """A page of jobs, newest first."""
        body = _body(None, {"context_id": context_id, "status": status, "limit": limit, "offset": offset})
        return Page(self.call("list_jobs", body), ReplicationJob)

    def update_job_progress(
        self,
        job_id: str,
        progress_percent: float,
        bytes_transferred: int = 0,
        total_bytes: Optional[int] = None,
        disks: Optional[Mapping[str, Mapping[str, int]]] = None,
    ) -> ReplicationJob:
        """The host reports progress of a job; ``disks`` gives bytes per disk
        (``{"disk-2000": {"bytes_transferred": n, "total_bytes": m}}``, each a
        disk of the job's VM), merged into the job's ``disk_progress``."""
        body = _body(
            None,
            {
                "job_id": job_id,
                "progress_percent": progress_percent,
                "bytes_transferred": bytes_transferred,
                "total_bytes": total_bytes,
                "disks": None if disks is None else {d: dict(p) for d, p in disks.items()},
            },
        )
        return ReplicationJob(self.call("update_job_progress", body))

    def complete_job(
        self,
        job_id: str,
        change_id: str = "",
        *,
        change_ids: Optional[Mapping[str, str]] = None,
    ) -> ReplicationJob:
        """The host reports a job done, with the CBT change id of each disk
        (``change_ids={"disk-2000": "52 3c ... /7", ...}``); a single
        ``change_id`` stays valid for a VM with one disk (or none) and is a
        ``ValidationError`` for several."""
        body = _body(
            None,
            {
                "job_id": job_id,
                "change_id": change_id,
                "change_ids": None if change_ids is None else dict(change_ids),
            },
        )
        return ReplicationJob(self.call("complete_job", body))

    def fail_job(self, job_id: str, error: str) -> ReplicationJob:
        """The host reports a job failed."""
        return ReplicationJob(self.call("fail_job", {"job_id": job_id, "error": error}))

    def cancel_job(self, job_id: str) -> ReplicationJob:
        """Cancels a job; the context returns to its status before the job."""
        return ReplicationJob(self.call("cancel_job", {"job_id": job_id}))

    def delete_job(self, job_id: str) -> JobDeleted:
        """Deletes a finished job with the volumes and exports it created."""
        return JobDeleted(self.call("delete_job", {"job_id": job_id}))

    def remove_from_management(
        self,
        context_id: Optional[str] = None,
        *,
        vcenter_host: Optional[str] = None,
        vmware_vm_id: Optional[str] = None,
        vm_name: Optional[str] = None,
    ) -> Removed:
        """Removes a VM from management, cascading to everything it owns."""
        ref = _context_ref(context_id, vcenter_host, vmware_vm_id, vm_name)
        return Removed(self.call("remove_from_management", ref))

    def test_failover(self, context_id: str) -> FailoverResult:
        """Boots a test VM on the replicated volumes."""
        return FailoverResult(self.call("test_failover", {"context_id": context_id}))

    def cleanup_test_failover(
        self,
        context_id: Optional[str] = None,
        *,
        vm_id: Optional[str] = None,
        vm_name: Optional[str] = None,
        failover_job_id: Optional[str] = None,
    ) -> FailoverResult:
        """Removes the test VM and returns the volumes to replication."""
        body = _failover_target(context_id, vm_id, vm_name, failover_job_id)
        return FailoverResult(self.call("cleanup_test_failover", body))

    def live_failover(self, context_id: str) -> FailoverResult:
        """Cuts over to the target cloud."""
        return FailoverResult(self.call("live_failover", {"context_id": context_id}))

    def rollback_live_failover(
        self,
        context_id: Optional[str] = None,
        *,
        vm_id: Optional[str] = None,
        vm_name: Optional[str] = None,
        failover_job_id: Optional[str] = None,
    ) -> FailoverResult:
        """Undoes a live failover."""
        body = _failover_target(context_id, vm_id, vm_name, failover_job_id)
        return FailoverResult(self.call("rollback_live_failover", body))

    def abort_operation(self, context_id: str) -> FailoverResult:
        """Abandons a test or live failover that failed part-way, undoing what it did."""
        return FailoverResult(self.call("abort_operation", {"context_id": context_id}))

    def complete_migration(self, context_id: str) -> FailoverResult:
        """Finalises a live failover."""
        return FailoverResult(self.call("complete_migration", {"context_id": context_id}))

    def list_volumes(self, context_id: str) -> list[VolumeRecord]:
        """The volumes recorded on a context."""
        return [VolumeRecord(v) for v in self.call("list_volumes", {"context_id": context_id})]

    def list_failover_jobs(self, context_id: str) -> list[FailoverJob]:
        """A context's failover jobs, newest first."""
        return [FailoverJob(j) for j in self.call("list_failover_jobs", {"context_id": context_id})]

    def reconcile(self, apply: bool = False, grace_seconds: Optional[int] = None) -> ReconcileReport:
        """Compares records with the volume daemon and the exporter and returns
        the plan; with ``apply=True`` recreates missing exports and removes
        provable orphans of ours seen for at least ``grace_seconds`` (default
        900). Everything else is reported, never touched."""
        body: dict[str, Any] = {"apply": apply}
        if grace_seconds is not None:
            body["grace_seconds"] = grace_seconds
        return ReconcileReport(self.call("reconcile", body))

    def create_schedule(
        self,
        name: str,
        cron_expression: str,
        *,
        timezone: str = "UTC",
        enabled: bool = True,
        max_concurrent_jobs: int = 5,
    ) -> Schedule:
        """Creates a replication schedule (5-field cron expression read in ``timezone``)."""
        body = {
            "name": name,
            "cron_expression": cron_expression,
            "timezone": timezone,
            "enabled": enabled,
            "max_concurrent_jobs": max_concurrent_jobs,
        }
        return Schedule(self.call("create_schedule", body))

    def list_schedules(self) -> list[Schedule]:
        """Every schedule."""
        return [Schedule(s) for s in self.call("list_schedules")]

    def set_schedule_enabled(self, schedule_id: str, enabled: bool) -> Schedule:
        """Enables or disables a schedule."""
        return Schedule(self.call("set_schedule_enabled", {"schedule_id": schedule_id, "enabled": enabled}))

    def create_group(self, name: str, *, description: str = "", schedule_id: Optional[str] = None) -> VmGroup:
        """Creates a group of contexts, optionally on a schedule."""
        body = _body(None, {"name": name, "description": description, "schedule_id": schedule_id})
        return VmGroup(self.call("create_group", body))

    def get_group(self, group_id: str) -> GroupDetails:
        """A group with its members."""
        return GroupDetails(self.call("get_group", {"group_id": group_id}))

    def list_groups(self) -> list[VmGroup]:
        """Every group."""
        return [VmGroup(g) for g in self.call("list_groups")]

    def attach_schedule(self, group_id: str, schedule_id: Optional[str]) -> VmGroup:
        """Attaches a schedule to a group (``None`` detaches it)."""
        return VmGroup(self.call("attach_schedule", {"group_id": group_id, "schedule_id": schedule_id}))

    def add_to_group(self, group_id: str, context_id: str, priority: int = 100) -> GroupMember:
        """Puts a context in a group (a context is in at most one)."""
        body = {"group_id": group_id, "context_id": context_id, "priority": priority}
        return GroupMember(self.call("add_to_group", body))

    def remove_from_group(self, context_id: str) -> None:
        """Takes a context out of its group."""
        self.call("remove_from_group", {"context_id": context_id})

    def run_due_schedules(self, now: datetime | str | None = None) -> list[ScheduleExecution]:
        """Runs every schedule due at ``now`` (default: the manager's clock)."""
        body = {} if now is None else {"now": now.isoformat() if isinstance(now, datetime) else now}
        return [ScheduleExecution(e) for e in self.call("run_due_schedules", body)]

    def list_schedule_executions(
        self, schedule_id: Optional[str] = None, limit: Optional[int] = None
    ) -> list[ScheduleExecution]:
        """Schedule executions, newest first."""
        body = _body(None, {"schedule_id": schedule_id, "limit": limit})
        return [ScheduleExecution(e) for e in self.call("list_schedule_executions", body)]

    def log_job(self, job_id: str) -> LogJob:
        """One log job with its steps and events."""
        return LogJob(self.call("log_job", {"job_id": job_id}))

    def log_jobs(
        self,
        context_id: Optional[str] = None,
        status: Optional[str] = None,
        operation: Optional[str] = None,
        limit: Optional[int] = None,
        offset: int = 0,
    ) -> Page[LogJob]:
        """Log jobs, newest first."""
        body = _body(
            None, {"context_id": context_id, "status": status, "operation": operation, "limit": limit, "offset": offset}
        )
        return Page(self.call("log_jobs", body), LogJob)

    def prune_job_log(self, before: datetime | str) -> int:
        """Deletes log jobs that finished before ``before``; returns how many."""
        when = before.isoformat() if isinstance(before, datetime) else before
        pruned: int = self.call("prune_job_log", {"before": when})["pruned"]
        return pruned

    def advance_clock(self, seconds: int) -> None:
        """Moves the clock of a manager opened with ``now=``."""
        self._native.advance_clock(seconds)

    def shutdown_exporter(self) -> None:
        """Stops the qemu-storage-daemon this manager started (``qsd_dir``)."""
        self._native.shutdown_exporter()

    @property
    def exporter_pid(self) -> Optional[int]:
        """The pid of the qemu-storage-daemon in use, if any."""
        return self._native.exporter_pid()
