"""The native module. Use the ``migratekit`` package instead."""

import os
from typing import Any, Callable, Optional, Union, final

__all__ = [
    "__version__",
    "Manager",
    "operations",
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
]

__version__: str

def operations() -> list[str]: ...

@final
class Manager:
    def __new__(
        cls,
        path: Union[str, os.PathLike[str], None] = None,
        *,
        volume_daemon: Optional[object] = None,
        nbd_exporter: Optional[object] = None,
        target_cloud: Optional[object] = None,
        volumes_dir: Union[str, os.PathLike[str], None] = None,
        qsd_dir: Union[str, os.PathLike[str], None] = None,
        nbd_port: Optional[int] = None,
        fakes: bool = False,
        now: Optional[str] = None,
        appliance_id: Optional[str] = None,
        operation_lease_seconds: Optional[float] = None,
        database_url: Optional[str] = None,
    ) -> Manager: ...
    def call(self, operation: str, body: str) -> str: ...
    def add_to_management_bulk(self, body: str, progress: Optional[Callable[[int, int], None]] = None) -> str: ...
    def advance_clock(self, seconds: int) -> None: ...
    def shutdown_exporter(self) -> None: ...
    def exporter_pid(self) -> Optional[int]: ...
    def _bench_call(self, operation: str, body: str, iterations: int) -> float: ...

class MigrateKitError(Exception):
    code: str
    details: str
    fields: dict[str, Any]

class AlreadyManagedError(MigrateKitError):
    existing_context_id: str
    vmware_vm_id: str

class ReplicationActiveError(MigrateKitError):
    context_id: str
    job_id: str

class InvalidTransitionError(MigrateKitError):
    subject: str
    status: str
    operation: str

class NotFoundError(MigrateKitError):
    kind: str
    id: str

class AmbiguousError(MigrateKitError):
    id: str
    matches: list[str]

class ValidationError(MigrateKitError):
    field: str

class OperationInProgressError(MigrateKitError):
    context_id: str
    operation: str
    job_id: str

class StorageError(MigrateKitError): ...

class IncompatibleSchemaError(StorageError):
    found: int
    supported: int

class AdapterError(MigrateKitError):
    operation: str
    step: str

class InternalError(MigrateKitError): ...
