"""The port protocols a Python object implements to be a volume daemon, an NBD
exporter or a target cloud. Pass such objects to :class:`migratekit.Manager`;
an object that lacks a method of its protocol is refused there, with a
:class:`~migratekit.errors.ValidationError` listing what is missing.

Calls arrive on a worker thread of their own, holding the GIL only while the
method runs; a method may sleep, block on I/O, or call back into the manager.
An exception becomes an :class:`~migratekit.errors.AdapterError` naming the
operation and step, with the exception's type and message in ``details`` and
the exception itself (with its traceback) as ``__cause__``; running the
operation again resumes it. A method must answer JSON-shaped values (the
TypedDicts below). Idempotency contract: detaching a detached volume,
deleting a missing volume, export or VM, and powering a VM into the state it
is in all succeed.
"""

from __future__ import annotations

from typing import Literal, Optional, Protocol, TypedDict

__all__ = ["Volume", "NbdExport", "VmSpec", "TargetVm", "VolumeDaemon", "NbdExporter", "TargetCloud"]


class Volume(TypedDict):
    """A volume as the daemon reports it."""

    volume_id: str
    name: str
    size_bytes: int
    attached_to: Optional[str]
    device_path: Optional[str]


class NbdExport(TypedDict):
    """A published export."""

    name: str
    host: str
    port: int
    device_path: str


class VmSpec(TypedDict):
    """What to create in the target cloud."""

    name: str
    cpus: int
    memory_mb: int
    network: str
    os_type: str


class TargetVm(TypedDict):
    """A VM in the target cloud."""

    vm_id: str
    name: str
    power_state: Literal["on", "off"]


class VolumeDaemon(Protocol):
    """Block volumes of the target side."""

    def create_volume(self, name: str, size_bytes: int) -> Volume: ...
    def clone_volume(self, source_volume_id: str, name: str) -> Volume:
        """A writable point-in-time clone of ``source_volume_id`` named
        ``name``: writes to the clone never reach the source (test failovers
        run on clones)."""
        ...
    def attach_volume(self, volume_id: str, instance_id: str) -> str: ...
    def detach_volume(self, volume_id: str) -> None: ...
    def delete_volume(self, volume_id: str) -> None: ...
    def get_volume(self, volume_id: str) -> Optional[Volume]: ...
    def list_volumes(self) -> list[Volume]: ...


class NbdExporter(Protocol):
    """Publishes volumes to the source-side appliance."""

    def create_export(self, name: str, device_path: str) -> NbdExport: ...
    def remove_export(self, name: str) -> None: ...
    def list_exports(self) -> list[NbdExport]: ...


class TargetCloud(Protocol):
    """Creates, powers and deletes VMs."""

    def create_vm(self, spec: VmSpec) -> TargetVm: ...
    def power_on(self, vm_id: str) -> None: ...
    def power_off(self, vm_id: str) -> None: ...
    def delete_vm(self, vm_id: str) -> None: ...
    def get_vm(self, vm_id: str) -> Optional[TargetVm]: ...
    def find_vm_by_name(self, name: str) -> Optional[TargetVm]: ...
