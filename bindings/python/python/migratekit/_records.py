"""Typed, read-only records of the JSON answers.

A record wraps the answer's dict and reads a field only when asked: times
become aware ``datetime`` objects, nested objects become records, lists and
dicts come back as fresh copies (a record never changes). Every field is a
documented attribute of the class, so ``dir()``, ``help()`` and IDEs list
them; ``repr()`` shows them; ``to_dict()`` is the JSON answer; records
compare by value, hash, and pickle.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Generic, Iterator, Mapping, Optional, TypeVar, Union, overload

from ._migratekit import JsonObject
from .types import (
    BulkResult,
    ContextStatus,
    FailoverKind,
    FailoverStatus,
    JobStatus,
    LogStatus,
    ReplicationType,
)

__all__ = [
    "Record",
    "ContextCreated",
    "JobStarted",
    "CreateMigrationResult",
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
    "TestClone",
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
    """An RFC 3339 time as an aware UTC ``datetime`` (fractions past
    microseconds are cut).

    Examples
    --------
    >>> from migratekit._records import parse_time
    >>> parse_time("2025-09-20T12:34:56.123456789Z")
    datetime.datetime(2025, 9, 20, 12, 34, 56, 123456, tzinfo=datetime.timezone.utc)
    """
    s = text.replace("Z", "+00:00")
    if "." in s:
        head, rest = s.split(".", 1)
        digits = ""
        while rest and rest[0].isdigit():
            digits, rest = digits + rest[0], rest[1:]
        s = f"{head}.{(digits + '000000')[:6]}{rest}"
    return datetime.fromisoformat(s).astimezone(timezone.utc)


def _thaw(value: Any) -> Any:
    """A fresh copy of a JSON list or dict as plain Python objects (strings
    and numbers are shared)."""
    if isinstance(value, JsonObject):
        return value.to_dict()
    if isinstance(value, dict):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_thaw(v) for v in value]
    return value


class _Field:
    """A field of a record: reads and converts the answer's value."""

    def __init__(self, name: str, convert: Callable[[Any], Any], doc: str) -> None:
        self.name = name
        self.convert = convert
        self.__doc__ = doc

    @overload
    def __get__(self, obj: None, owner: type) -> _Field: ...
    @overload
    def __get__(self, obj: Record, owner: type) -> Any: ...
    def __get__(self, obj: Optional[Record], owner: type) -> Any:
        if obj is None:
            return self
        raw = obj._raw
        if self.name not in raw:
            raise AttributeError(f"{type(obj).__name__} has no field {self.name!r} in this answer")
        value = raw[self.name]
        return None if value is None else self.convert(value)

    def __set__(self, obj: Record, value: Any) -> None:
        raise AttributeError(f"{type(obj).__name__} is read-only")


class Record:
    """A JSON object of the contract with typed, read-only attributes.

    Equal records have equal JSON. ``to_dict()`` returns the JSON object.
    """

    __slots__ = ("_raw",)
    _raw: Mapping[str, Any]

    #: Fields holding a record, a list of records, or a time.
    _nested: ClassVar[Mapping[str, type[Record]]] = {}
    _nested_lists: ClassVar[Mapping[str, type[Record]]] = {}
    _times: ClassVar[frozenset[str]] = frozenset()
    #: One line per field, for help().
    _docs: ClassVar[Mapping[str, str]] = {}
    #: The annotated fields, in declaration order (bases first).
    _fields: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        fields = list(cls._fields)
        for name in cls.__dict__.get("__annotations__", {}):
            if name.startswith("_") or name in fields:
                continue
            fields.append(name)
            setattr(cls, name, _Field(name, cls._converter(name), cls._docs.get(name, "")))
        cls._fields = tuple(fields)

    @classmethod
    def _converter(cls, name: str) -> Callable[[Any], Any]:
        if name in cls._nested:
            return cls._nested[name]
        if name in cls._nested_lists:
            item = cls._nested_lists[name]
            return lambda values: [item(v) for v in values]
        if name in cls._times:
            return parse_time
        return _thaw

    def __init__(self, raw: Mapping[str, Any]) -> None:
        # The library's answers arrive as JsonObject, read lazily.
        object.__setattr__(self, "_raw", raw if type(raw) in (dict, JsonObject) else dict(raw))

    if not TYPE_CHECKING:
        # Hidden from type checkers, so that a misspelt field is an error
        # there; at run time a field the library answers and this version
        # does not declare is still readable.
        def __getattr__(self, name: str) -> Any:
            raw: Mapping[str, Any] = object.__getattribute__(self, "_raw")
            if name in raw and not name.startswith("_"):
                return _thaw(raw[name])
            raise AttributeError(f"{type(self).__name__} has no field {name!r}")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | {k for k in self._raw.keys() if not k.startswith("_")})

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of the contract (a copy)."""
        copy: dict[str, Any] = _thaw(self._raw)
        return copy

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and isinstance(other, Record) and other.to_dict() == self.to_dict()

    def __hash__(self) -> int:
        return hash((type(self), repr(self.to_dict())))

    def __repr__(self) -> str:
        shown = [f"{name}={getattr(self, name)!r}" for name in self._fields if name in self._raw]
        return f"{type(self).__name__}({', '.join(shown)})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.to_dict(),))


def _docs(**lines: str) -> dict[str, str]:
    return lines


class ContextCreated(Record):
    """A VM added to management (``create_migration`` with
    ``start_replication=False``, ``add_to_management``)."""

    __slots__ = ()
    _times = frozenset({"created_at"})
    _docs = _docs(
        context_id="The new context: ``ctx-<vm name>-<YYYYMMDD-HHMMSS>``.",
        vm_name="The VM's name.",
        vmware_vm_id="vCenter's id of the VM.",
        current_status="``discovered``.",
        message="``VM added to management successfully``.",
        created_at="When the context was created.",
    )
    context_id: str
    vm_name: str
    vmware_vm_id: str
    current_status: ContextStatus
    message: str
    created_at: datetime


class JobStarted(Record):
    """A replication job started by ``create_migration``."""

    __slots__ = ()
    _times = frozenset({"started_at"})
    _docs = _docs(
        job_id="The new job: ``job-<YYYYMMDD-HHMMSS.mmm>-<6 hex>``.",
        context_id="The VM's context (reused when it existed).",
        status="``replicating``.",
        progress_percent="0.",
        created_volumes="Target volumes the start created.",
        mounted_volumes="Target volumes attached to the appliance.",
        started_at="When the job started.",
        previous_change_ids="Every disk → the change id its copy starts from (``''``: whole disk).",
        message="What happened.",
    )
    job_id: str
    context_id: str
    status: ContextStatus
    progress_percent: float
    created_volumes: int
    mounted_volumes: int
    started_at: datetime
    previous_change_ids: dict[str, str]
    message: str


class SourceDisk(Record):
    """A disk of the source VM."""

    __slots__ = ()
    _docs = _docs(
        id="vCenter's id of the disk.",
        label="Its label.",
        size_gb="Its size in GiB.",
        datastore="Its datastore.",
        unit_number="Its unit on the controller.",
    )
    id: str
    label: str
    size_gb: int
    datastore: str
    unit_number: int


class SourceNetwork(Record):
    """A network adapter of the source VM."""

    __slots__ = ()
    _docs = _docs(label="The network's name.", mac_address="The adapter's MAC address.")
    label: str
    mac_address: str


class SourceVm(Record):
    """The VM as discovered in vCenter."""

    __slots__ = ()
    _nested_lists = {"disks": SourceDisk, "networks": SourceNetwork}
    _docs = _docs(
        id="vCenter's managed-object id (``vm-123``).",
        name="The VM's name.",
        path="Its inventory path.",
        cpus="Virtual CPUs.",
        memory_mb="Memory in MiB.",
        os_type="Guest OS family.",
        power_state="vCenter's power state.",
        disks="Its disks.",
        networks="Its network adapters.",
    )
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
    """A VM under management: its one replication context."""

    __slots__ = ()
    _nested = {"source_vm": SourceVm}
    _times = frozenset({"created_at", "updated_at", "last_status_change"})
    _docs = _docs(
        context_id="The context's id, the primary identifier everywhere.",
        vm_name="The VM's name.",
        vmware_vm_id="vCenter's id of the VM (with ``vcenter_host``, its identity).",
        vcenter_host="The VM's vCenter (lower case).",
        datacenter="The VM's datacenter.",
        ossea_config_id="The target cloud configuration.",
        target_network="The network a failed-over VM joins.",
        source_vm="The VM as last reported.",
        current_status="Where the context stands in the lifecycle.",
        current_job_id="The active replication job, if any.",
        last_successful_job_id="The last completed job, if any.",
        last_change_id="The one disk's change id of the last sync (None for several disks).",
        last_change_ids="Each disk → its change id of the last sync.",
        active_operation="The operation holding the context's lock, if any.",
        active_operation_job_id="That operation's log job.",
        last_error="Why the last operation failed, if it did.",
        created_at="When the context was created.",
        updated_at="When it last changed.",
        last_status_change="When its status last changed.",
    )
    context_id: str
    vm_name: str
    vmware_vm_id: str
    vcenter_host: str
    datacenter: str
    ossea_config_id: int
    target_network: str
    source_vm: SourceVm
    current_status: ContextStatus
    current_job_id: Optional[str]
    last_successful_job_id: Optional[str]
    last_change_id: Optional[str]
    last_change_ids: dict[str, str]
    active_operation: Optional[str]
    active_operation_job_id: Optional[str]
    last_error: Optional[str]
    created_at: datetime
    updated_at: datetime
    last_status_change: datetime


class ReplicationJob(Record):
    """One replication run of a context."""

    __slots__ = ()
    _times = frozenset({"started_at", "updated_at", "finished_at"})
    _docs = _docs(
        job_id="The job's id.",
        context_id="Its context.",
        replication_type="``initial`` or ``incremental``.",
        status="Where the job stands.",
        previous_status="The context's status before the job (a cancel returns to it).",
        progress_percent="The progress the host reported.",
        bytes_transferred="Bytes copied so far.",
        total_bytes="Bytes to copy, when reported.",
        change_id="The change id the request carried.",
        previous_change_id="The one disk's starting change id (legacy).",
        previous_change_ids="Every disk → the change id its copy starts from.",
        new_change_id="The one disk's new change id (legacy).",
        new_change_ids="Each disk → the change id the job produced.",
        disk_progress="Each disk → ``{'bytes_transferred', 'total_bytes'}``.",
        snapshot_id="The VMware snapshot the copy reads.",
        schedule_execution_id="The schedule run that started the job, if any.",
        vm_group_id="Its group.",
        scheduled_by="``schedule:<name>`` for a scheduled job.",
        created_volumes="Target volumes the start created.",
        mounted_volumes="Target volumes attached to the appliance.",
        error="Why a failed job failed.",
        started_at="When the job started.",
        updated_at="When it last changed.",
        finished_at="When it ended, if it did.",
    )
    job_id: str
    context_id: str
    replication_type: ReplicationType
    status: JobStatus
    previous_status: ContextStatus
    progress_percent: float
    bytes_transferred: int
    total_bytes: Optional[int]
    change_id: str
    previous_change_id: str
    previous_change_ids: dict[str, str]
    new_change_id: Optional[str]
    new_change_ids: dict[str, str]
    disk_progress: dict[str, dict[str, int]]
    snapshot_id: str
    schedule_execution_id: str
    vm_group_id: str
    scheduled_by: str
    created_volumes: int
    mounted_volumes: int
    error: Optional[str]
    started_at: datetime
    updated_at: datetime
    finished_at: Optional[datetime]


class BulkItemResult(Record):
    """The outcome for one VM of a bulk add."""

    __slots__ = ()
    _docs = _docs(
        result="``added``, ``already_managed``, ``invalid`` or ``failed`` (the store could not "
        "write its batch; running the same bulk add again completes it).",
        index="The VM's position in the request.",
        context_id="The context created (``added``).",
        existing_context_id="The VM's context (``already_managed``).",
        vmware_vm_id="vCenter's id of the VM.",
        error="The error body (``invalid``, ``failed``): ``code``, ``error``, ``details``, ``field``.",
    )
    result: BulkResult
    index: int
    context_id: str
    existing_context_id: str
    vmware_vm_id: str
    error: dict[str, Any]


class BulkAddResponse(Record):
    """The outcome of ``add_to_management_bulk``: one result per VM."""

    __slots__ = ()
    _nested_lists = {"results": BulkItemResult}
    _docs = _docs(
        added="Contexts created.",
        already_managed="VMs that had a context.",
        invalid="VMs refused.",
        failed="VMs whose batch the store could not write.",
        results="One result per VM, in request order.",
    )
    added: int
    already_managed: int
    invalid: int
    failed: int
    results: list[BulkItemResult]


R = TypeVar("R", bound=Record)


class Page(Generic[R]):
    """One page of a listing: iterable, sized and indexable like a list of
    its records.

    Attributes
    ----------
    items
        The page's records.
    next_offset
        Where the next page starts (``offset=``), ``None`` on the last page.
    next_cursor
        The next page's cursor (``after=``: any page costs what the first
        does), ``None`` on the last page.
    """

    __slots__ = ("_raw", "_item", "items", "next_offset", "next_cursor")
    items: list[R]
    next_offset: Optional[int]
    next_cursor: Optional[str]

    def __init__(self, raw: Mapping[str, Any], item: type[R]) -> None:
        self._raw = raw if type(raw) in (dict, JsonObject) else dict(raw)
        self._item = item
        self.items = [item(i) for i in raw["items"]]
        self.next_offset = raw.get("next_offset")
        self.next_cursor = raw.get("next_cursor")

    def __iter__(self) -> Iterator[R]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @overload
    def __getitem__(self, index: int) -> R: ...
    @overload
    def __getitem__(self, index: slice) -> list[R]: ...
    def __getitem__(self, index: Union[int, slice]) -> Union[R, list[R]]:
        return self.items[index]

    def __bool__(self) -> bool:
        return bool(self.items)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of the contract (a copy)."""
        copy: dict[str, Any] = _thaw(self._raw)
        return copy

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Page) and other._item is self._item and other.to_dict() == self.to_dict()

    def __hash__(self) -> int:
        return hash((self._item, repr(self.to_dict())))

    def __repr__(self) -> str:
        more = f", next_offset={self.next_offset!r}" if self.next_offset is not None else ""
        more += f", next_cursor={self.next_cursor!r}" if self.next_cursor is not None else ""
        return f"Page[{self._item.__name__}]({len(self.items)} items{more})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.to_dict(), self._item))


class Removed(Record):
    """The outcome of ``remove_from_management``."""

    __slots__ = ()
    _docs = _docs(
        context_id="The removed context.",
        jobs_deleted="Its replication jobs deleted with it.",
        log_job_id="The removal's log job (kept as the audit trail).",
    )
    context_id: str
    jobs_deleted: int
    log_job_id: str


class JobDeleted(Record):
    """The outcome of ``delete_job``."""

    __slots__ = ()
    _docs = _docs(
        job_id="The deleted job.",
        context_id="Its context.",
        volumes_deleted="The volumes the job owned, deleted with it.",
        status="The context's status afterwards.",
        log_job_id="The deletion's log job.",
    )
    job_id: str
    context_id: str
    volumes_deleted: list[str]
    status: ContextStatus
    log_job_id: str


class VolumeRecord(Record):
    """A target volume recorded on a context."""

    __slots__ = ()
    _times = frozenset({"created_at"})
    _docs = _docs(
        volume_id="The volume daemon's id.",
        context_id="The context.",
        disk_id="The source disk it replicates.",
        name="The volume's name.",
        size_bytes="Its size.",
        device_path="Its device on the appliance, when attached.",
        export_name="Its NBD export (``migration-vol-<volume id>``).",
        created_by_job_id="The job that created it.",
        owner_job_id="The job that last replicated into it.",
        created_at="When it was recorded.",
    )
    volume_id: str
    context_id: str
    disk_id: str
    name: str
    size_bytes: int
    device_path: Optional[str]
    export_name: str
    created_by_job_id: str
    owner_job_id: str
    created_at: datetime


class TestClone(Record):
    """A writable point-in-time clone of one replica volume."""

    __test__ = False  # not a pytest test class
    __slots__ = ()
    _docs = _docs(
        disk_id="The source disk.",
        source_volume_id="The replica volume cloned.",
        volume_id="The clone.",
        name="The clone's name.",
    )
    disk_id: str
    source_volume_id: str
    volume_id: str
    name: str


class FailoverJob(Record):
    """A test or live failover of a context."""

    __slots__ = ()
    _nested_lists = {"clones": TestClone}
    _times = frozenset({"created_at", "updated_at"})
    _docs = _docs(
        failover_job_id="The failover job's id.",
        context_id="The context.",
        kind="``test`` or ``live``.",
        status="Where it stands.",
        destination_vm_name="The target VM's (deterministic) name.",
        destination_vm_id="The target VM, once created.",
        log_job_id="The failover's log job.",
        clones="The clones a test VM runs on (none for a live failover).",
        created_at="When it started.",
        updated_at="When it last changed.",
    )
    failover_job_id: str
    context_id: str
    kind: FailoverKind
    status: FailoverStatus
    destination_vm_name: str
    destination_vm_id: Optional[str]
    log_job_id: str
    clones: list[TestClone]
    created_at: datetime
    updated_at: datetime


class FailoverResult(Record):
    """The outcome of a failover operation."""

    __slots__ = ()
    _docs = _docs(
        context_id="The context.",
        failover_job_id="The failover job.",
        destination_vm_id="The target VM, if any.",
        status="The context's status afterwards.",
        log_job_id="The operation's log job.",
        skipped_steps="Steps a resumed run found done already.",
        warnings="What went wrong without failing the operation.",
    )
    context_id: str
    failover_job_id: str
    destination_vm_id: Optional[str]
    status: ContextStatus
    log_job_id: str
    skipped_steps: list[str]
    warnings: list[str]


class ReconcileReport(Record):
    """What ``reconcile`` found, planned and (with ``apply``) did."""

    __slots__ = ()
    _docs = _docs(
        applied="Whether the plan was carried out.",
        contexts_checked="Contexts compared.",
        planned_repairs="Exports it would recreate.",
        planned_removals="Orphans of ours it would remove.",
        repaired="Exports recreated.",
        removed="Orphans removed.",
        reported="Differences it never touches.",
        log_job_id="The run's log job.",
    )
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

    __slots__ = ()
    _times = frozenset({"at"})
    _docs = _docs(
        at="When it was emitted.",
        level="``INFO``, ``WARN`` or ``ERROR``.",
        target="The emitting module.",
        message="The message and its ``key=value`` fields.",
    )
    at: datetime
    level: str
    target: str
    message: str


class LogStep(Record):
    """A step of a log job."""

    __slots__ = ()
    _nested_lists = {"events": LogEvent}
    _times = frozenset({"started_at", "finished_at"})
    _docs = _docs(
        seq="Its place in the job, from 1.",
        name="The step (``create-test-vm``).",
        status="Where it stands.",
        error="Why a failed step failed.",
        started_at="When it started.",
        finished_at="When it ended, if it did.",
        events="The events emitted inside it.",
    )
    seq: int
    name: str
    status: LogStatus
    error: Optional[str]
    started_at: datetime
    finished_at: Optional[datetime]
    events: list[LogEvent]


class LogJob(Record):
    """An operation in the job log."""

    __slots__ = ()
    _nested_lists = {"steps": LogStep}
    _times = frozenset({"started_at", "finished_at"})
    _docs = _docs(
        job_id="The log job's id.",
        operation="The operation (``test_failover``).",
        context_id="Its context, if any.",
        correlation_id="Correlates log jobs of one request.",
        parent_job_id="The log job it ran inside (a schedule run).",
        status="Where it stands.",
        error="Why a failed operation failed.",
        started_at="When it started.",
        finished_at="When it ended, if it did.",
        steps="Its steps in order.",
    )
    job_id: str
    operation: str
    context_id: Optional[str]
    correlation_id: Optional[str]
    parent_job_id: Optional[str]
    status: LogStatus
    error: Optional[str]
    started_at: datetime
    finished_at: Optional[datetime]
    steps: list[LogStep]


class Schedule(Record):
    """A replication schedule: a 5-field cron expression read in a time zone."""

    __slots__ = ()
    _times = frozenset({"created_at"})
    _docs = _docs(
        schedule_id="The schedule's id.",
        name="Its unique name.",
        cron_expression="A 5-field cron expression.",
        timezone="The IANA zone it is read in.",
        enabled="Whether it runs.",
        max_concurrent_jobs="The cap on a group's active jobs.",
        created_at="When it was created.",
    )
    schedule_id: str
    name: str
    cron_expression: str
    timezone: str
    enabled: bool
    max_concurrent_jobs: int
    created_at: datetime


class VmGroup(Record):
    """A group of contexts."""

    __slots__ = ()
    _times = frozenset({"created_at"})
    _docs = _docs(
        group_id="The group's id.",
        name="Its unique name.",
        description="Free text.",
        schedule_id="Its schedule, if any.",
        created_at="When it was created.",
    )
    group_id: str
    name: str
    description: str
    schedule_id: Optional[str]
    created_at: datetime


class GroupMember(Record):
    """A context's membership of a group (lower priority runs first)."""

    __slots__ = ()
    _times = frozenset({"added_at"})
    _docs = _docs(
        group_id="The group.",
        context_id="The context.",
        priority="Its order (lower runs first).",
        added_at="When it joined.",
    )
    group_id: str
    context_id: str
    priority: int
    added_at: datetime


class GroupDetails(VmGroup):
    """A group with its members."""

    __slots__ = ()
    _nested_lists = {"members": GroupMember}
    _docs = _docs(members="The group's contexts, by priority.")
    members: list[GroupMember]


class ScheduleExecution(Record):
    """One run of a schedule for one group."""

    __slots__ = ()
    _times = frozenset({"due_at", "started_at"})
    _docs = _docs(
        execution_id="The run's id (it lands on every job it started).",
        schedule_id="The schedule.",
        group_id="The group.",
        due_at="The cron time it ran for.",
        started_at="When it ran.",
        jobs_started="Jobs it started.",
        skipped_active="Members with an active job.",
        skipped_limit="Members over ``max_concurrent_jobs``.",
        skipped_ineligible="Members in a status that cannot replicate.",
        failed="Members whose start failed.",
        job_ids="The jobs it started.",
    )
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


#: ``create_migration``'s answer: a context (added to management) or a job.
CreateMigrationResult = Union[ContextCreated, JobStarted]
