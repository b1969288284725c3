"""Typed, read-only views of the JSON answers; ``to_dict()`` returns the JSON contract."""

from __future__ import annotations

import copy
from datetime import datetime, timezone
from typing import Any, ClassVar, Generic, Mapping, TypeVar, Union

__all__ = [
    "Record",
    "ContextCreated",
    "JobStarted",
    "SourceDisk",
    "SourceNetwork",
    "SourceVm",
    "ReplicationContext",
    "ReplicationJob",
    "BulkItemResult",
    "BulkAddResponse",
    "Page",
    "Removed",
    "JobDeleted",
    "VolumeRecord",
    "FailoverJob",
    "FailoverResult",
    "ReconcileReport",
    "LogEvent",
    "LogStep",
    "LogJob",
    "Schedule",
    "VmGroup",
    "GroupMember",
    "GroupDetails",
    "ScheduleExecution",
    "parse_time",
]


def parse_time(text: str) -> datetime:
    """An RFC 3339 time as an aware ``datetime`` (fractions past microseconds are cut)."""
    s = text.replace("Z", "+00:00")
    if "." in s:
        head, rest = s.split(".", 1)
        digits = ""
        while rest and rest[0].isdigit():
            digits, rest = digits + rest[0], rest[1:]
        s = f"{head}.{(digits + '000000')[:6]}{rest}"
    return datetime.fromisoformat(s).astimezone(timezone.utc)


class Record:
    """A JSON object with typed attributes. Equal records have equal JSON."""

    _nested: ClassVar[Mapping[str, type[Record]]] = {}
    _nested_lists: ClassVar[Mapping[str, type[Record]]] = {}
    _times: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, raw: Mapping[str, Any]) -> None:
        object.__setattr__(self, "_raw", dict(raw))

    def __getattr__(self, name: str) -> Any:
        raw: dict[str, Any] = object.__getattribute__(self, "_raw")
        if name not in raw:
            raise AttributeError(f"{type(self).__name__} has no field {name!r}")
        value = raw[name]
        if value is None:
            return None
        if name in self._nested:
            return self._nested[name](value)
        if name in self._nested_lists:
            return [self._nested_lists[name](v) for v in value]
        if name in self._times:
            return parse_time(value)
        return copy.deepcopy(value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of the contract."""
        raw: dict[str, Any] = object.__getattribute__(self, "_raw")
        return copy.deepcopy(raw)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and isinstance(other, Record) and other.to_dict() == self.to_dict()

    def __hash__(self) -> int:
        return hash(repr(self))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.to_dict()!r})"


class ContextCreated(Record):
    """``create_migration`` with ``start_replication: false``."""

    _times = frozenset({"created_at"})
    context_id: str
    vm_name: str
    vmware_vm_id: str
    current_status: str
    message: str
    created_at: datetime


class JobStarted(Record):
    """``create_migration`` that started a replication job."""

    _times = frozenset({"started_at"})
    job_id: str
    context_id: str
    status: str
    progress_percent: float
    created_volumes: int
    mounted_volumes: int
    started_at: datetime
    previous_change_ids: dict[str, str]
    message: str


class SourceDisk(Record):
    """A disk of the source VM."""

    id: str
    label: str
    size_gb: int
    datastore: str
    unit_number: int


class SourceNetwork(Record):
    """A network adapter of the source VM."""

    label: str
    mac_address: str


class SourceVm(Record):
    """The VM as discovered in vCenter."""

    _nested_lists = {"disks": SourceDisk, "networks": SourceNetwork}
    id: str
    name: str
    path: str
    cpus: int
    memory_mb: int
    os_type: str
    power_state: str
    disks: list[SourceDisk]
    networks: list[SourceNetwork]


class ReplicationContext(Record):
    """A VM under management."""

    _nested = {"source_vm": SourceVm}
    _times = frozenset({"created_at", "updated_at", "last_status_change"})
    context_id: str
    vm_name: str
    vmware_vm_id: str
    vcenter_host: str
    datacenter: str
    ossea_config_id: int
    target_network: str
    source_vm: SourceVm
    current_status: str
    current_job_id: str | None
    last_successful_job_id: str | None
    last_change_id: str | None
    last_change_ids: dict[str, str]
    active_operation: str | None
    active_operation_job_id: str | None
    last_error: str | None
    created_at: datetime
    updated_at: datetime
    last_status_change: datetime


class ReplicationJob(Record):
    """One replication run of a context."""

    _times = frozenset({"started_at", "updated_at", "finished_at"})
    job_id: str
    context_id: str
    replication_type: str
    status: str
    previous_status: str
    progress_percent: float
    bytes_transferred: int
    total_bytes: int | None
    change_id: str
    previous_change_id: str
    previous_change_ids: dict[str, str]
    new_change_id: str | None
    new_change_ids: dict[str, str]
    disk_progress: dict[str, dict[str, int]]
    snapshot_id: str
    schedule_execution_id: str
    vm_group_id: str
    scheduled_by: str
    created_volumes: int
    mounted_volumes: int
    error: str | None
    started_at: datetime
    updated_at: datetime
    finished_at: datetime | None


class BulkItemResult(Record):
    """The outcome for one VM of a bulk add: ``result`` is ``added``,
    ``already_managed``, ``invalid`` or ``failed`` (the store could not
    write its batch; running the same bulk add again completes it)."""

    result: str
    index: int
    context_id: str
    existing_context_id: str
    vmware_vm_id: str
    error: dict[str, Any]


class BulkAddResponse(Record):
    """The outcome of ``add_to_management_bulk``."""

    _nested_lists = {"results": BulkItemResult}
    added: int
    already_managed: int
    invalid: int
    failed: int
    results: list[BulkItemResult]


R = TypeVar("R", bound=Record)


class Page(Generic[R]):
    """One page of a listing."""

    def __init__(self, raw: Mapping[str, Any], item: type[R]) -> None:
        self._raw = dict(raw)
        self.items: list[R] = [item(i) for i in raw["items"]]
        self.next_offset: int | None = raw.get("next_offset")

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of the contract."""
        return copy.deepcopy(self._raw)

    def __repr__(self) -> str:
        return f"Page({len(self.items)} items, next_offset={self.next_offset})"


class Removed(Record):
    """The outcome of ``remove_from_management``."""

    context_id: str
    jobs_deleted: int
    log_job_id: str


class JobDeleted(Record):
    """The outcome of ``delete_job``."""

    job_id: str
    context_id: str
    volumes_deleted: list[str]
    status: str
    log_job_id: str


class VolumeRecord(Record):
    """A target volume recorded on a context."""

    _times = frozenset({"created_at"})
    volume_id: str
    context_id: str
    disk_id: str
    name: str
    size_bytes: int
    device_path: str | None
    export_name: str
    created_by_job_id: str
    owner_job_id: str
    created_at: datetime


class FailoverJob(Record):
    """A test or live failover of a context."""

    _times = frozenset({"created_at", "updated_at"})
    failover_job_id: str
    context_id: str
    kind: str
    status: str
    destination_vm_name: str
    destination_vm_id: str | None
    log_job_id: str
    clones: list[dict[str, Any]]
    """The clones of the replica a test VM runs on: ``disk_id``,
    ``source_volume_id``, ``volume_id``, ``name`` (empty for a live failover)."""
    created_at: datetime
    updated_at: datetime


class FailoverResult(Record):
    """The outcome of a failover operation."""

    context_id: str
    failover_job_id: str
    destination_vm_id: str | None
    status: str
    log_job_id: str
    skipped_steps: list[str]
    warnings: list[str]


class ReconcileReport(Record):
    """What ``reconcile`` found, planned and (with ``apply``) did."""

    applied: bool
    contexts_checked: int
    planned_repairs: list[str]
    planned_removals: list[str]
    repaired: list[str]
    removed: list[str]
    reported: list[str]
    log_job_id: str


class LogEvent(Record):
    """A ``tracing`` event stored with its step."""

    _times = frozenset({"at"})
    at: datetime
    level: str
    target: str
    message: str


class LogStep(Record):
    """A step of a log job."""

    _nested_lists = {"events": LogEvent}
    _times = frozenset({"started_at", "finished_at"})
    seq: int
    name: str
    status: str
    error: str | None
    started_at: datetime
    finished_at: datetime | None
    events: list[LogEvent]


class LogJob(Record):
    """An operation in the job log."""

    _nested_lists = {"steps": LogStep}
    _times = frozenset({"started_at", "finished_at"})
    job_id: str
    operation: str
    context_id: str | None
    correlation_id: str | None
    parent_job_id: str | None
    status: str
    error: str | None
    started_at: datetime
    finished_at: datetime | None
    steps: list[LogStep]


class Schedule(Record):
    """A replication schedule: a 5-field cron expression read in a time zone."""

    _times = frozenset({"created_at"})
    schedule_id: str
    name: str
    cron_expression: str
    timezone: str
    enabled: bool
    max_concurrent_jobs: int
    created_at: datetime


class VmGroup(Record):
    """A group of contexts."""

    _times = frozenset({"created_at"})
    group_id: str
    name: str
    description: str
    schedule_id: str | None
    created_at: datetime


class GroupMember(Record):
    """A context's membership of a group (lower priority runs first)."""

    _times = frozenset({"added_at"})
    group_id: str
    context_id: str
    priority: int
    added_at: datetime


class GroupDetails(VmGroup):
    """A group with its members."""

    _nested_lists = {"members": GroupMember}
    members: list[GroupMember]


class ScheduleExecution(Record):
    """One run of a schedule for one group."""

    _times = frozenset({"due_at", "started_at"})
    execution_id: str
    schedule_id: str
    group_id: str
    due_at: datetime
    started_at: datetime
    jobs_started: int
    skipped_active: int
    skipped_limit: int
    skipped_ineligible: int
    failed: int
    job_ids: list[str]


CreateMigrationResult = Union[ContextCreated, JobStarted]
