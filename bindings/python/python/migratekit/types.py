"""Types of the JSON contract for type checkers: ``TypedDict`` requests and
``Literal`` statuses and codes.

Requests are plain dicts at run time; annotating them (or passing keyword
arguments to the :class:`~migratekit.Manager` methods, which are typed with
these) lets ``mypy --strict`` catch a misspelt field or status before the
library refuses it.

Examples
--------
>>> from migratekit.types import CreateMigrationRequest
>>> request: CreateMigrationRequest = {
...     "source_vm": {"id": "vm-123", "name": "web-01", "disks": [{"id": "disk-2000", "size_gb": 100}]},
...     "vcenter_host": "vc01",
...     "start_replication": False,
... }
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, Mapping, TypedDict

if TYPE_CHECKING:
    # Only type checkers read these (annotations are never evaluated here),
    # so Python 3.9 and 3.10 need no typing_extensions at run time.
    from typing_extensions import NotRequired, Required

__all__ = [
    "ContextStatus",
    "JobStatus",
    "ReplicationType",
    "FailoverKind",
    "FailoverStatus",
    "LogStatus",
    "BulkResult",
    "PowerState",
    "Durability",
    "ErrorCode",
    "SourceDiskSpec",
    "SourceNetworkSpec",
    "SourceVmSpec",
    "CreateMigrationRequest",
    "CreateMigrationFields",
    "AddToManagementRequest",
    "AddToManagementFields",
    "DiskBytes",
    "DiskProgressReport",
]

#: Where a replication context stands in the lifecycle.
ContextStatus = Literal[
    "discovered",
    "replicating",
    "ready_for_failover",
    "failed",
    "failed_over_test",
    "failed_over_live",
    "completed",
]
#: Where a replication job stands.
JobStatus = Literal["pending", "running", "completed", "failed", "cancelled"]
#: Whether a job copies whole disks or changed blocks.
ReplicationType = Literal["initial", "incremental"]
#: A test or a live failover.
FailoverKind = Literal["test", "live"]
#: Where a failover job stands.
FailoverStatus = Literal["in_progress", "active", "cleaned", "rolled_back", "completed", "aborted"]
#: Where a log job or step stands (``skipped``: its effect was in place).
LogStatus = Literal["running", "completed", "failed", "skipped"]
#: The outcome for one VM of a bulk add.
BulkResult = Literal["added", "already_managed", "invalid", "failed"]
#: A target VM's power state.
PowerState = Literal["on", "off"]
#: What a committed write survives: the process being killed (``normal``)
#: or a power loss too (``full``).
Durability = Literal["normal", "full"]
#: The stable error codes.
ErrorCode = Literal[
    "already_managed",
    "replication_active",
    "invalid_transition",
    "not_found",
    "ambiguous",
    "validation",
    "operation_in_progress",
    "storage",
    "incompatible_schema",
    "adapter",
    "internal",
]


class SourceDiskSpec(TypedDict, total=False):
    """A disk of the source VM (``id`` and ``size_gb`` are required)."""

    id: Required[str]
    label: str
    size_gb: Required[int]
    datastore: str
    unit_number: int


class SourceNetworkSpec(TypedDict, total=False):
    """A network adapter of the source VM."""

    label: str
    mac_address: str


class SourceVmSpec(TypedDict, total=False):
    """The VM as discovered in vCenter (``id`` and ``name`` are required)."""

    id: Required[str]
    name: Required[str]
    path: str
    cpus: int
    memory_mb: int
    os_type: str
    power_state: str
    disks: list[SourceDiskSpec]
    networks: list[SourceNetworkSpec]


class CreateMigrationRequest(TypedDict, total=False):
    """The ``create_migration`` request (the original system's ``POST
    /api/v1/replications``); ``source_vm`` is required."""

    source_vm: Required[SourceVmSpec]
    ossea_config_id: int
    start_replication: bool
    replication_type: ReplicationType
    target_network: str
    vcenter_host: str
    datacenter: str
    change_id: str
    previous_change_id: str
    snapshot_id: str
    schedule_execution_id: str
    vm_group_id: str
    scheduled_by: str


class CreateMigrationFields(TypedDict, total=False):
    """The fields of ``create_migration`` as keyword arguments; with a
    request dict, each overrides the dict's."""

    source_vm: SourceVmSpec
    ossea_config_id: int
    start_replication: bool
    replication_type: ReplicationType
    target_network: str
    vcenter_host: str
    datacenter: str
    change_id: str
    previous_change_id: str
    snapshot_id: str
    schedule_execution_id: str
    vm_group_id: str
    scheduled_by: str


class AddToManagementRequest(TypedDict, total=False):
    """One VM of ``add_to_management`` and ``add_to_management_bulk``;
    ``source_vm`` is required."""

    source_vm: Required[SourceVmSpec]
    ossea_config_id: int
    target_network: str
    vcenter_host: str
    datacenter: str


class AddToManagementFields(TypedDict, total=False):
    """The fields of ``add_to_management`` as keyword arguments."""

    source_vm: SourceVmSpec
    ossea_config_id: int
    target_network: str
    vcenter_host: str
    datacenter: str


class DiskBytes(TypedDict, total=False):
    """Bytes of one disk in a progress report."""

    bytes_transferred: Required[int]
    total_bytes: NotRequired[int]


#: Per-disk progress: disk id → bytes.
DiskProgressReport = Mapping[str, DiskBytes]
