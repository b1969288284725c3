"""migratekit: the control-plane core of a VMware → cloud VM migration system.

Every call runs in the Rust core with the GIL released, so several threads can
use one :class:`Manager` at once. Requests are plain dicts with the JSON fields
of the contract, or keyword arguments, typed for checkers in
:mod:`migratekit.types`; results are typed, read-only records whose
``to_dict()`` is the JSON answer. Errors are :class:`MigrateKitError`
subclasses (:mod:`migratekit.errors`) carrying ``code``, ``message``,
``details``, ``fields`` and the typed fields.

The core logs to :mod:`logging` under ``migratekit.<area>``
(``migratekit.failover``, ``migratekit.replication``, ``migratekit.store``,
…); each record carries ``context_id``, ``job_id`` (the operation's log job)
and ``step`` as attributes, and ``fields`` with the event's fields.

Examples
--------
>>> with migratekit.Manager(path, fakes=True, now="2025-09-20T12:34:56Z") as m2:
...     added = m2.create_migration(source_vm=vm, vcenter_host="vc01", start_replication=False)
...     added.context_id
'ctx-web-01-20250920-123456'
"""

from __future__ import annotations

from collections.abc import Mapping as _Mapping

from . import _migratekit, errors, ports, types
from ._manager import Manager
from ._records import (
    BulkAddResponse,
    BulkItemResult,
    ContextCreated,
    CreateMigrationResult,
    FailoverJob,
    FailoverResult,
    GroupDetails,
    GroupMember,
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
    SourceDisk,
    SourceNetwork,
    SourceVm,
    TestClone,
    VmGroup,
    VolumeRecord,
)
from .errors import (
    AdapterError,
    AlreadyManagedError,
    AmbiguousError,
    ClosedError,
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
from .ports import NbdExporter, TargetCloud, VolumeDaemon

__version__: str = _migratekit.__version__

# The lazily read answer objects the records wrap are read-only mappings.
_Mapping.register(_migratekit.JsonObject)

__all__ = [
    "Manager",
    "OPERATIONS",
    "errors",
    "ports",
    "types",
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
    "ClosedError",
    "Record",
    "ContextCreated",
    "JobStarted",
    "CreateMigrationResult",
    "SourceDisk",
    "SourceNetwork",
    "SourceVm",
    "ReplicationContext",
    "ReplicationJob",
    "BulkAddResponse",
    "BulkItemResult",
    "Page",
    "Removed",
    "JobDeleted",
    "VolumeRecord",
    "TestClone",
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

#: Every operation :meth:`Manager.call` knows: the core's operation registry.
OPERATIONS: tuple[str, ...] = tuple(_migratekit.operations())
