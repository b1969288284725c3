"""The exceptions migratekit raises: one class per stable error code.

Every error is a :class:`MigrateKitError` carrying ``code``, ``message``,
``details``, ``fields`` (the typed fields of the JSON error body) and each
typed field as an attribute. ``str(e)`` is the message and the details, so a
log line says what was refused and where. Exceptions pickle with all of that,
so they cross process boundaries (``multiprocessing``,
``concurrent.futures.ProcessPoolExecutor``) intact. An :class:`AdapterError`
raised because a Python port raised keeps that exception as ``__cause__``,
traceback included.

Examples
--------
>>> try:
...     m.get_job("job-nope")
... except migratekit.errors.NotFoundError as e:
...     print(e.code, e.kind, e.id)
not_found job job-nope
"""

from __future__ import annotations

from typing import Any, ClassVar, Mapping, Optional

__all__ = [
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
]


def _rebuild(cls: type[MigrateKitError], message: str, code: str, details: str, fields: dict[str, Any]) -> MigrateKitError:
    return cls(message, code=code, details=details, fields=fields)


class MigrateKitError(Exception):
    """Every error of the library: the JSON error body of the contract.

    Attributes
    ----------
    code
        The stable code (``"already_managed"``, ``"validation"``, …).
    message
        The human message (``"VM already exists in management"``).
    details
        What was refused and where (for a validation error: the field path
        and why).
    fields
        The typed fields of the error body by name; each is also an
        attribute (``e.existing_context_id``).
    """

    #: The code of the class (a subclass's own).
    CODE: ClassVar[str] = ""
    code: str
    message: str
    details: str
    fields: dict[str, Any]

    def __init__(
        self,
        message: str,
        *,
        code: Optional[str] = None,
        details: str = "",
        fields: Optional[Mapping[str, Any]] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.CODE
        self.details = details
        self.fields = dict(fields or {})
        for name, value in self.fields.items():
            if name not in ("code", "message", "details", "fields"):
                setattr(self, name, value)

    def __str__(self) -> str:
        return f"{self.message}: {self.details}" if self.details else self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, code={self.code!r}, details={self.details!r}, fields={self.fields!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.message, self.code, self.details, self.fields))


class AlreadyManagedError(MigrateKitError):
    """``already_managed``: adding a VM that already has a context.

    Attributes
    ----------
    existing_context_id
        The VM's context.
    vmware_vm_id
        vCenter's id of the VM.
    """

    CODE = "already_managed"
    existing_context_id: str
    vmware_vm_id: str


class ReplicationActiveError(MigrateKitError):
    """``replication_active``: starting replication while a job is active.

    Attributes
    ----------
    context_id
        The VM's context.
    job_id
        The active job.
    """

    CODE = "replication_active"
    context_id: str
    job_id: str


class InvalidTransitionError(MigrateKitError):
    """``invalid_transition``: the lifecycle table forbids the operation.

    Attributes
    ----------
    subject
        The context (or job) addressed.
    status
        Its status.
    operation
        The refused operation.
    """

    CODE = "invalid_transition"
    subject: str
    status: str
    operation: str


class NotFoundError(MigrateKitError):
    """``not_found``: no such context, job or log job.

    Attributes
    ----------
    kind
        ``"context"``, ``"job"``, ``"log_job"``, …
    id
        What was looked up.
    """

    CODE = "not_found"
    kind: str
    id: str


class AmbiguousError(MigrateKitError):
    """``ambiguous``: a VM name or id matches several contexts.

    Attributes
    ----------
    id
        The name or id.
    matches
        The matching context ids.
    """

    CODE = "ambiguous"
    id: str
    matches: list[str]


class ValidationError(MigrateKitError):
    """``validation``: bad input, changing nothing.

    Attributes
    ----------
    field
        The path of the refused field (``"source_vm.disks[0].size_gb"``;
        ``""`` for the whole body).
    """

    CODE = "validation"
    field: str


class OperationInProgressError(MigrateKitError):
    """``operation_in_progress``: another operation holds the context's lock.

    Attributes
    ----------
    context_id
        The locked context.
    operation
        The operation holding the lock.
    job_id
        Its log job.
    """

    CODE = "operation_in_progress"
    context_id: str
    operation: str
    job_id: str


class StorageError(MigrateKitError):
    """``storage``: the store failed (I/O, a corrupt file, a lock timeout)."""

    CODE = "storage"


class IncompatibleSchemaError(StorageError):
    """``incompatible_schema``: the database was written by a newer migratekit.

    Attributes
    ----------
    found
        The database's schema version.
    supported
        The newest this build knows.
    """

    CODE = "incompatible_schema"
    found: int
    supported: int


class AdapterError(MigrateKitError):
    """``adapter``: a port (volume daemon, NBD exporter, target cloud) failed.

    When a Python port raised, that exception is ``__cause__``. The
    operation can be run again: it resumes where it stopped.

    Attributes
    ----------
    operation
        The operation that was running.
    step
        The step whose port call failed.
    """

    CODE = "adapter"
    operation: str
    step: str


class InternalError(MigrateKitError):
    """``internal``: a broken invariant, reported instead of a crash."""

    CODE = "internal"


class ClosedError(ValueError):
    """A call on a :class:`migratekit.Manager` after :meth:`~migratekit.Manager.close`."""
