"""The :class:`Manager`: every operation of the contract as a typed method."""

from __future__ import annotations

import os
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Optional, Union

from . import _migratekit
from ._records import (
    BulkAddResponse,
    ContextCreated,
    CreateMigrationResult,
    FailoverJob,
    FailoverResult,
    GroupDetails,
    GroupMember,
    JobDeleted,
    JobStarted,
    LogJob,
    Page,
    ReconcileReport,
    Removed,
    ReplicationContext,
    ReplicationJob,
    Schedule,
    ScheduleExecution,
    VmGroup,
    VolumeRecord,
)
from .ports import NbdExporter, TargetCloud, VolumeDaemon
from .types import (
    AddToManagementFields,
    AddToManagementRequest,
    ContextStatus,
    CreateMigrationFields,
    CreateMigrationRequest,
    DiskProgressReport,
    Durability,
    JobStatus,
    LogStatus,
)

if TYPE_CHECKING:
    from typing_extensions import Self, Unpack

__all__ = ["Manager"]

PathLike = Union[str, "os.PathLike[str]"]


def _given(**fields: Any) -> dict[str, Any]:
    """The fields that were given (not ``None``)."""
    return {k: v for k, v in fields.items() if v is not None}


def _time(value: Union[datetime, str]) -> str:
    return value.isoformat() if isinstance(value, datetime) else value


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


class Manager:
    """The control plane over one database and the ports chosen at open.

    Opens (creating and migrating) the SQLite database at ``path``, or the
    PostgreSQL database at ``database_url`` that several nodes share. Every
    call runs in the Rust core with the GIL released, so threads can share
    one manager. Use it as a context manager, or call :meth:`close`.

    Parameters
    ----------
    path
        The SQLite file (omitted with ``database_url``).
    database_url
        A PostgreSQL database instead
        (``postgresql://user:password@host:port/database``); every node
        opened on it shares its state.
    volume_daemon, nbd_exporter, target_cloud
        Python objects implementing the port protocols of
        :mod:`migratekit.ports`; one lacking a method is refused here.
    volumes_dir
        Keep target volumes as sparse files in this directory (the bundled
        local volume daemon).
    qsd_dir
        Publish NBD exports through a qemu-storage-daemon with its state in
        this directory (started if none runs there), on ``nbd_port``
        (default 10809). The daemon outlives the manager, so the exports do;
        :meth:`shutdown_exporter` or ``close(stop_exporter=True)`` stops it.
    fakes
        Use the testkit's in-memory fakes for every port not given (for
        hosts' tests).
    now
        Stop the clock at this time (RFC 3339 or an aware ``datetime``);
        :meth:`advance_clock` moves it (for hosts' tests).
    appliance_id
        The appliance's instance id in the volume daemon.
    operation_lease_seconds
        How long an operation's lock outlives its last step (default 60):
        after a crash, the same operation resumes once it has passed.
    durability
        What a committed write survives: ``"normal"`` (the default) the
        process being killed, ``"full"`` a power loss too (one fsync per
        commit, or per group of concurrent commits).

    Raises
    ------
    ValidationError
        An option is malformed, or a port object lacks methods (all named).
    IncompatibleSchemaError
        The database was written by a newer migratekit.
    StorageError
        The database cannot be opened.
    AdapterError
        A bundled adapter cannot start (``volumes_dir``, ``qsd_dir``).

    Examples
    --------
    >>> with migratekit.Manager(path, fakes=True) as m2:
    ...     m2.add_to_management(source_vm=vm).current_status
    'discovered'
    """

    def __init__(
        self,
        path: Optional[PathLike] = None,
        *,
        database_url: Optional[str] = None,
        volume_daemon: Optional[VolumeDaemon] = None,
        nbd_exporter: Optional[NbdExporter] = None,
        target_cloud: Optional[TargetCloud] = None,
        volumes_dir: Optional[PathLike] = None,
        qsd_dir: Optional[PathLike] = None,
        nbd_port: Optional[int] = None,
        fakes: bool = False,
        now: Union[datetime, str, None] = None,
        appliance_id: Optional[str] = None,
        operation_lease_seconds: Optional[float] = None,
        durability: Optional[Durability] = None,
    ) -> None:
        # Every open option travels by name to the core's OpenOptions: a new
        # one is a parameter here and nothing else.
        options = _given(
            volumes_dir=volumes_dir,
            qsd_dir=qsd_dir,
            nbd_port=nbd_port,
            fakes=fakes or None,
            now=None if now is None else _time(now),
            appliance_id=appliance_id,
            operation_lease_seconds=operation_lease_seconds,
            durability=durability,
            database_url=database_url,
        )
        # The password of a URL stays out of repr().
        self._path = os.fspath(path) if path is not None else "postgresql"
        self._native = _migratekit.Manager(
            path,
            volume_daemon=volume_daemon,
            nbd_exporter=nbd_exporter,
            target_cloud=target_cloud,
            **options,
        )

    @classmethod
    def open(cls, path: Optional[PathLike] = None, **options: Any) -> Manager:
        """Open a manager: the same as ``Manager(path, **options)``.

        Parameters
        ----------
        path
            The SQLite file (omitted with ``database_url``).
        **options
            The keyword arguments of :class:`Manager`.

        Returns
        -------
        Manager

        Raises
        ------
        ValidationError, IncompatibleSchemaError, StorageError, AdapterError
            As :class:`Manager`.

        Examples
        --------
        >>> migratekit.Manager.open(path, fakes=True).closed
        False
        """
        return cls(path, **options)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Manager({self._path!r}{', closed' if self.closed else ''})"

    def close(self, *, stop_exporter: bool = False) -> None:
        """Close the manager: release the database and the runtime.

        Later calls raise :class:`~migratekit.errors.ClosedError`; calls in
        flight (and ports calling back into the manager) finish first.
        Idempotent.

        Parameters
        ----------
        stop_exporter
            Also stop the qemu-storage-daemon this manager started
            (``qsd_dir``), and the exports with it. By default it keeps
            running: the source side streams through its exports, which
            outlive a restart of the host.

        Returns
        -------
        None

        Raises
        ------
        AdapterError
            ``stop_exporter`` and the daemon did not stop.

        Examples
        --------
        >>> m.close()
        >>> m.closed
        True
        """
        if stop_exporter and not self.closed:
            self._native.shutdown_exporter()
        self._native.close()

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._native.closed

    def call(self, operation: str, body: Optional[Mapping[str, Any]] = None) -> Any:
        """Run any operation by name with a JSON-shaped body.

        Parameters
        ----------
        operation
            An operation of :data:`migratekit.OPERATIONS`.
        body
            The request: dicts, lists, str, int, float, bool and None.

        Returns
        -------
        Any
            The JSON answer as dicts and lists.

        Raises
        ------
        ValidationError
            An unknown operation, or a body that is not the operation's (a
            value that is not JSON-shaped names its field path).
        MigrateKitError
            Whatever the operation refuses.

        Examples
        --------
        >>> m.call("add_to_management", {"source_vm": vm})["current_status"]
        'discovered'
        """
        return self._native.call(operation, body)

    def create_migration(
        self,
        request: Optional[CreateMigrationRequest] = None,
        /,
        **fields: Unpack[CreateMigrationFields],
    ) -> CreateMigrationResult:
        """Add a VM to management, or start replicating it.

        With ``start_replication=False`` the VM is added to management (a
        context, no job); absent or ``True``, a replication job starts,
        reusing the VM's context when it has one.

        Parameters
        ----------
        request
            The request as a dict (``source_vm`` required).
        **fields
            The request's fields as keyword arguments; each overrides the
            dict's.

        Returns
        -------
        ContextCreated or JobStarted

        Raises
        ------
        AlreadyManagedError
            Adding a VM that has a context (``existing_context_id``).
        ReplicationActiveError
            Starting a VM whose job is active (``context_id``, ``job_id``).
        ValidationError
            A missing, empty, mistyped or unknown field (``field``).

        Examples
        --------
        >>> m.create_migration(source_vm=vm, vcenter_host="vc01", start_replication=False).context_id
        'ctx-web-01-20250920-123456'
        >>> m.create_migration({"source_vm": vm, "vcenter_host": "vc01"}).status
        'replicating'
        """
        body: dict[str, Any] = dict(request or {})
        body.update(fields)
        answer = self._native.call_record("create_migration", body)
        return JobStarted(answer) if "job_id" in answer else ContextCreated(answer)

    def add_to_management(
        self,
        request: Optional[AddToManagementRequest] = None,
        /,
        **fields: Unpack[AddToManagementFields],
    ) -> ContextCreated:
        """Add a VM to management without replicating it.

        Parameters
        ----------
        request
            The request as a dict (``source_vm`` required).
        **fields
            The request's fields as keyword arguments.

        Returns
        -------
        ContextCreated

        Raises
        ------
        AlreadyManagedError
            The VM has a context.
        ValidationError
            Bad input.

        Examples
        --------
        >>> m.add_to_management(source_vm=vm, vcenter_host="vc01").current_status
        'discovered'
        """
        body: dict[str, Any] = dict(request or {})
        body.update(fields)
        return ContextCreated(self._native.call_record("add_to_management", body))

    def add_to_management_bulk(
        self,
        vms: Iterable[AddToManagementRequest],
        progress: Optional[Callable[[int, int], None]] = None,
    ) -> BulkAddResponse:
        """Add many VMs at once (a whole vCenter): one result per VM.

        A VM that is refused — bad input, even a value that is not
        JSON-shaped — is an ``invalid`` result at its index, never a failure
        of the call.

        Parameters
        ----------
        vms
            The VMs, each an ``add_to_management`` request.
        progress
            Called as ``progress(done, total)`` after each batch.

        Returns
        -------
        BulkAddResponse

        Raises
        ------
        StorageError
            The store failed before any batch.

        Examples
        --------
        >>> r = m.add_to_management_bulk([{"source_vm": vm}, {"source_vm": {"id": "", "name": "x"}}])
        >>> (r.added, r.invalid, r.results[1].index, r.results[1].error["field"])
        (1, 1, 1, 'source_vm.id')
        """
        return BulkAddResponse(self._native.add_to_management_bulk(vms, progress))

    def get_context(
        self,
        context_id: Optional[str] = None,
        *,
        vcenter_host: Optional[str] = None,
        vmware_vm_id: Optional[str] = None,
        vm_name: Optional[str] = None,
    ) -> ReplicationContext:
        """One context: by id, by vCenter and VM id, by VM id, or by name.

        Parameters
        ----------
        context_id
            The context's id.
        vcenter_host, vmware_vm_id
            The VM's identity (``vmware_vm_id`` alone must match one context).
        vm_name
            The VM's name (must match one context).

        Returns
        -------
        ReplicationContext

        Raises
        ------
        NotFoundError
            No such context.
        AmbiguousError
            A name or VM id matching several contexts (``matches``).

        Examples
        --------
        >>> added = m.add_to_management(source_vm=vm, vcenter_host="vc01")
        >>> m.get_context(vcenter_host="vc01", vmware_vm_id="vm-123").context_id == added.context_id
        True
        """
        ref = _context_ref(context_id, vcenter_host, vmware_vm_id, vm_name)
        return ReplicationContext(self._native.call_record("get_context", ref))

    def list_contexts(
        self,
        status: Optional[ContextStatus] = None,
        limit: Optional[int] = None,
        offset: Optional[int] = None,
        after: Optional[str] = None,
    ) -> Page[ReplicationContext]:
        """A page of contexts, ordered by id.

        Parameters
        ----------
        status
            Only contexts in this status.
        limit
            Page size (default 100, at most 10,000).
        offset
            Contexts to skip (each page costs more the further it goes:
            prefer ``after``).
        after
            A page's ``next_cursor``: the page after it (keyset paging, any
            page costs what the first does).

        Returns
        -------
        Page[ReplicationContext]

        Raises
        ------
        ValidationError
            A malformed filter.

        Examples
        --------
        >>> _ = m.add_to_management(source_vm=vm)
        >>> page = m.list_contexts(status="discovered")
        >>> len(page), [c.vm_name for c in page]
        (1, ['web-01'])
        """
        body = _given(status=status, limit=limit, offset=offset, after=after)
        return Page(self._native.call_record("list_contexts", body), ReplicationContext)

    def get_job(self, job_id: str) -> ReplicationJob:
        """One replication job.

        Parameters
        ----------
        job_id
            The job's id.

        Returns
        -------
        ReplicationJob

        Raises
        ------
        NotFoundError
            No such job.

        Examples
        --------
        >>> job = m.create_migration(source_vm=vm)
        >>> m.get_job(job.job_id).status
        'pending'
        """
        return ReplicationJob(self._native.call_record("get_job", {"job_id": job_id}))

    def list_jobs(
        self,
        context_id: Optional[str] = None,
        status: Optional[JobStatus] = None,
        limit: Optional[int] = None,
        offset: Optional[int] = None,
        after: Optional[str] = None,
    ) -> Page[ReplicationJob]:
        """A page of replication jobs, newest first.

        Parameters
        ----------
        context_id
            Only this context's jobs.
        status
            Only jobs in this status.
        limit, offset, after
            As for :meth:`list_contexts`.

        Returns
        -------
        Page[ReplicationJob]

        Raises
        ------
        ValidationError
            A malformed filter.

        Examples
        --------
        >>> job = m.create_migration(source_vm=vm)
        >>> [j.job_id for j in m.list_jobs(context_id=job.context_id)] == [job.job_id]
        True
        """
        body = _given(context_id=context_id, status=status, limit=limit, offset=offset, after=after)
        return Page(self._native.call_record("list_jobs", body), ReplicationJob)

    def update_job_progress(
        self,
        job_id: str,
        progress_percent: float,
        bytes_transferred: int = 0,
        total_bytes: Optional[int] = None,
        disks: Optional[DiskProgressReport] = None,
    ) -> ReplicationJob:
        """Record the progress the host made copying a job's disks.

        Parameters
        ----------
        job_id
            The job.
        progress_percent
            0 to 100.
        bytes_transferred
            Bytes copied so far.
        total_bytes
            Bytes to copy, when known.
        disks
            Bytes per disk (``{"disk-2000": {"bytes_transferred": n,
            "total_bytes": m}}``), each a disk of the job's VM; merged into
            the job's ``disk_progress``.

        Returns
        -------
        ReplicationJob

        Raises
        ------
        NotFoundError
            No such job.
        InvalidTransitionError
            The job has ended.
        ValidationError
            A disk that is not the VM's, a percentage out of range.

        Examples
        --------
        >>> job = m.create_migration(source_vm=vm)
        >>> m.update_job_progress(job.job_id, 50.0, disks={"disk-2000": {"bytes_transferred": 1024}}).status
        'running'
        """
        body = _given(
            job_id=job_id,
            progress_percent=progress_percent,
            bytes_transferred=bytes_transferred,
            total_bytes=total_bytes,
            disks=None if disks is None else {d: dict(p) for d, p in disks.items()},
        )
        return ReplicationJob(self._native.call_record("update_job_progress", body))

    def complete_job(
        self,
        job_id: str,
        change_id: str = "",
        *,
        change_ids: Optional[Mapping[str, str]] = None,
    ) -> ReplicationJob:
        """Record a job done, with where each disk's next incremental starts.

        Parameters
        ----------
        job_id
            The job.
        change_id
            The CBT change id of a VM with one disk (or none).
        change_ids
            Each disk of the job's VM → its new CBT change id (required for
            a VM with several disks).

        Returns
        -------
        ReplicationJob

        Raises
        ------
        ValidationError
            A single ``change_id`` for several disks (``field ==
            'change_id'``), an unknown disk, an empty or shared id.
        InvalidTransitionError
            The job has ended.

        Examples
        --------
        >>> job = m.create_migration(source_vm=vm)
        >>> m.complete_job(job.job_id, change_ids={"disk-2000": "52 3c 1f-cbt/1"}).new_change_ids
        {'disk-2000': '52 3c 1f-cbt/1'}
        """
        body = _given(job_id=job_id, change_id=change_id, change_ids=None if change_ids is None else dict(change_ids))
        return ReplicationJob(self._native.call_record("complete_job", body))

    def fail_job(self, job_id: str, error: str) -> ReplicationJob:
        """Record a job failed.

        Parameters
        ----------
        job_id
            The job.
        error
            Why it failed.

        Returns
        -------
        ReplicationJob

        Raises
        ------
        NotFoundError, InvalidTransitionError
            No such job; the job has ended.

        Examples
        --------
        >>> job = m.create_migration(source_vm=vm)
        >>> m.fail_job(job.job_id, "disk read error").status
        'failed'
        """
        return ReplicationJob(self._native.call_record("fail_job", {"job_id": job_id, "error": error}))

    def cancel_job(self, job_id: str) -> ReplicationJob:
        """Cancel a job; the context returns to its status before the job.

        Parameters
        ----------
        job_id
            The job.

        Returns
        -------
        ReplicationJob

        Raises
        ------
        NotFoundError, InvalidTransitionError
            No such job; the job has ended.

        Examples
        --------
        >>> job = m.create_migration(source_vm=vm)
        >>> m.cancel_job(job.job_id).status
        'cancelled'
        """
        return ReplicationJob(self._native.call_record("cancel_job", {"job_id": job_id}))

    def delete_job(self, job_id: str) -> JobDeleted:
        """Delete a finished job with the volumes and exports it owns.

        Parameters
        ----------
        job_id
            The job.

        Returns
        -------
        JobDeleted

        Raises
        ------
        NotFoundError, InvalidTransitionError
            No such job; the job is active.

        Examples
        --------
        >>> job = m.create_migration(source_vm=vm)
        >>> _ = m.fail_job(job.job_id, "broken")
        >>> len(m.delete_job(job.job_id).volumes_deleted)
        1
        """
        return JobDeleted(self._native.call_record("delete_job", {"job_id": job_id}))

    def remove_from_management(
        self,
        context_id: Optional[str] = None,
        *,
        vcenter_host: Optional[str] = None,
        vmware_vm_id: Optional[str] = None,
        vm_name: Optional[str] = None,
    ) -> Removed:
        """Remove a VM from management, cascading to everything it owns.

        Parameters
        ----------
        context_id, vcenter_host, vmware_vm_id, vm_name
            The context, as for :meth:`get_context`.

        Returns
        -------
        Removed

        Raises
        ------
        InvalidTransitionError
            A job is active, or a failover is in place.
        NotFoundError, AmbiguousError
            As for :meth:`get_context`.

        Examples
        --------
        >>> added = m.add_to_management(source_vm=vm)
        >>> m.remove_from_management(added.context_id).jobs_deleted
        0
        """
        ref = _context_ref(context_id, vcenter_host, vmware_vm_id, vm_name)
        return Removed(self._native.call_record("remove_from_management", ref))

    def test_failover(self, context_id: str) -> FailoverResult:
        """Boot a test VM on clones of the replicated volumes.

        Parameters
        ----------
        context_id
            A context in ``ready_for_failover``.

        Returns
        -------
        FailoverResult

        Raises
        ------
        InvalidTransitionError
            The context is not ready for failover.
        AdapterError
            A port failed (``step``); running it again resumes.
        OperationInProgressError
            Another operation holds the context.

        Examples
        --------
        >>> job = m.create_migration(source_vm=vm)
        >>> _ = m.complete_job(job.job_id, "cbt-1")
        >>> m.test_failover(job.context_id).status
        'failed_over_test'
        """
        return FailoverResult(self._native.call_record("test_failover", {"context_id": context_id}))

    def cleanup_test_failover(
        self,
        context_id: Optional[str] = None,
        *,
        vm_id: Optional[str] = None,
        vm_name: Optional[str] = None,
        failover_job_id: Optional[str] = None,
    ) -> FailoverResult:
        """Remove the test VM and its clones.

        Parameters
        ----------
        context_id
            The context.
        vm_id, vm_name
            Or, for compatibility, vCenter's VM id or the VM's name.
        failover_job_id
            A particular failover job.

        Returns
        -------
        FailoverResult

        Raises
        ------
        InvalidTransitionError
            No test failover to clean up.
        AmbiguousError
            A name or id matching several contexts.
        AdapterError
            A port failed; running it again resumes.

        Examples
        --------
        >>> job = m.create_migration(source_vm=vm)
        >>> _ = m.complete_job(job.job_id, "cbt-1")
        >>> _ = m.test_failover(job.context_id)
        >>> m.cleanup_test_failover(vm_name="web-01").status
        'ready_for_failover'
        """
        body = _given(context_id=context_id, vm_id=vm_id, vm_name=vm_name, failover_job_id=failover_job_id)
        return FailoverResult(self._native.call_record("cleanup_test_failover", body))

    def live_failover(self, context_id: str) -> FailoverResult:
        """Cut over: the VM runs in the target cloud.

        Parameters
        ----------
        context_id
            A context in ``ready_for_failover``.

        Returns
        -------
        FailoverResult

        Raises
        ------
        InvalidTransitionError, AdapterError, OperationInProgressError
            As for :meth:`test_failover`.

        Examples
        --------
        >>> job = m.create_migration(source_vm=vm)
        >>> _ = m.complete_job(job.job_id, "cbt-1")
        >>> m.live_failover(job.context_id).status
        'failed_over_live'
        """
        return FailoverResult(self._native.call_record("live_failover", {"context_id": context_id}))

    def rollback_live_failover(
        self,
        context_id: Optional[str] = None,
        *,
        vm_id: Optional[str] = None,
        vm_name: Optional[str] = None,
        failover_job_id: Optional[str] = None,
    ) -> FailoverResult:
        """Undo a live failover.

        Parameters
        ----------
        context_id, vm_id, vm_name, failover_job_id
            As for :meth:`cleanup_test_failover`.

        Returns
        -------
        FailoverResult

        Raises
        ------
        InvalidTransitionError, AmbiguousError, AdapterError
            As for :meth:`cleanup_test_failover`.

        Examples
        --------
        >>> job = m.create_migration(source_vm=vm)
        >>> _ = m.complete_job(job.job_id, "cbt-1")
        >>> _ = m.live_failover(job.context_id)
        >>> m.rollback_live_failover(job.context_id).status
        'ready_for_failover'
        """
        body = _given(context_id=context_id, vm_id=vm_id, vm_name=vm_name, failover_job_id=failover_job_id)
        return FailoverResult(self._native.call_record("rollback_live_failover", body))

    def abort_operation(self, context_id: str) -> FailoverResult:
        """Abandon a test or live failover that failed part-way, undoing it.

        Parameters
        ----------
        context_id
            The context whose failover failed.

        Returns
        -------
        FailoverResult

        Raises
        ------
        InvalidTransitionError
            No failed failover to abort.
        AdapterError
            A port failed while undoing; running it again continues.

        Examples
        --------
        >>> job = m.create_migration(source_vm=vm)
        >>> _ = m.complete_job(job.job_id, "cbt-1")
        >>> m.abort_operation(job.context_id)
        Traceback (most recent call last):
        ...
        migratekit.errors.InvalidTransitionError: ...
        """
        return FailoverResult(self._native.call_record("abort_operation", {"context_id": context_id}))

    def complete_migration(self, context_id: str) -> FailoverResult:
        """Finalise a live failover; the volumes pass to the migrated VM.

        Parameters
        ----------
        context_id
            A context in ``failed_over_live``.

        Returns
        -------
        FailoverResult

        Raises
        ------
        InvalidTransitionError, OperationInProgressError
            Not failed over live; another operation holds the context.

        Examples
        --------
        >>> job = m.create_migration(source_vm=vm)
        >>> _ = m.complete_job(job.job_id, "cbt-1")
        >>> _ = m.live_failover(job.context_id)
        >>> m.complete_migration(job.context_id).status
        'completed'
        """
        return FailoverResult(self._native.call_record("complete_migration", {"context_id": context_id}))

    def list_volumes(self, context_id: str) -> list[VolumeRecord]:
        """The volumes recorded on a context.

        Parameters
        ----------
        context_id
            The context.

        Returns
        -------
        list[VolumeRecord]

        Raises
        ------
        NotFoundError
            No such context.

        Examples
        --------
        >>> job = m.create_migration(source_vm=vm)
        >>> [v.disk_id for v in m.list_volumes(job.context_id)]
        ['disk-2000']
        """
        return [VolumeRecord(v) for v in self._native.call_record("list_volumes", {"context_id": context_id})]

    def list_failover_jobs(self, context_id: str) -> list[FailoverJob]:
        """A context's failover jobs, newest first.

        Parameters
        ----------
        context_id
            The context.

        Returns
        -------
        list[FailoverJob]

        Raises
        ------
        NotFoundError
            No such context.

        Examples
        --------
        >>> job = m.create_migration(source_vm=vm)
        >>> _ = m.complete_job(job.job_id, "cbt-1")
        >>> _ = m.test_failover(job.context_id)
        >>> [(f.kind, f.status, len(f.clones)) for f in m.list_failover_jobs(job.context_id)]
        [('test', 'active', 1)]
        """
        return [FailoverJob(j) for j in self._native.call_record("list_failover_jobs", {"context_id": context_id})]

    def reconcile(self, apply: bool = False, grace_seconds: Optional[int] = None) -> ReconcileReport:
        """Compare the records with the volume daemon and the exporter.

        Returns the plan; with ``apply`` it recreates missing exports and
        removes provable orphans of ours seen for at least ``grace_seconds``.
        Everything else is reported, never touched.

        Parameters
        ----------
        apply
            Carry the plan out.
        grace_seconds
            How long an orphan must have been seen (default 900; 0: at once).

        Returns
        -------
        ReconcileReport

        Raises
        ------
        AdapterError
            A port failed.

        Examples
        --------
        >>> m.reconcile().applied
        False
        """
        return ReconcileReport(self._native.call_record("reconcile", _given(apply=apply, grace_seconds=grace_seconds)))

    def create_schedule(
        self,
        name: str,
        cron_expression: str,
        *,
        timezone: str = "UTC",
        enabled: bool = True,
        max_concurrent_jobs: int = 5,
    ) -> Schedule:
        """Create a replication schedule.

        Parameters
        ----------
        name
            A unique name.
        cron_expression
            A 5-field cron expression, read in ``timezone``.
        timezone
            An IANA time zone.
        enabled
            Whether it runs.
        max_concurrent_jobs
            The cap on a group's active jobs.

        Returns
        -------
        Schedule

        Raises
        ------
        ValidationError
            A malformed expression or zone, a taken name.

        Examples
        --------
        >>> m.create_schedule("nightly", "0 2 * * *", timezone="Europe/Berlin").cron_expression
        '0 2 * * *'
        """
        body = {
            "name": name,
            "cron_expression": cron_expression,
            "timezone": timezone,
            "enabled": enabled,
            "max_concurrent_jobs": max_concurrent_jobs,
        }
        return Schedule(self._native.call_record("create_schedule", body))

    def list_schedules(self) -> list[Schedule]:
        """Every schedule.

        Returns
        -------
        list[Schedule]

        Raises
        ------
        StorageError
            The store failed.

        Examples
        --------
        >>> _ = m.create_schedule("nightly", "0 2 * * *")
        >>> [s.name for s in m.list_schedules()]
        ['nightly']
        """
        return [Schedule(s) for s in self._native.call_record("list_schedules", {})]

    def set_schedule_enabled(self, schedule_id: str, enabled: bool) -> Schedule:
        """Enable or disable a schedule.

        Parameters
        ----------
        schedule_id
            The schedule.
        enabled
            Whether it runs.

        Returns
        -------
        Schedule

        Raises
        ------
        NotFoundError
            No such schedule.

        Examples
        --------
        >>> s = m.create_schedule("nightly", "0 2 * * *")
        >>> m.set_schedule_enabled(s.schedule_id, False).enabled
        False
        """
        return Schedule(self._native.call_record("set_schedule_enabled", {"schedule_id": schedule_id, "enabled": enabled}))

    def create_group(self, name: str, *, description: str = "", schedule_id: Optional[str] = None) -> VmGroup:
        """Create a group of contexts, optionally on a schedule.

        Parameters
        ----------
        name
            A unique name.
        description
            Free text.
        schedule_id
            The schedule the group runs on.

        Returns
        -------
        VmGroup

        Raises
        ------
        ValidationError, NotFoundError
            A taken name; no such schedule.

        Examples
        --------
        >>> m.create_group("web", description="front ends").name
        'web'
        """
        body = _given(name=name, description=description, schedule_id=schedule_id)
        return VmGroup(self._native.call_record("create_group", body))

    def get_group(self, group_id: str) -> GroupDetails:
        """A group with its members.

        Parameters
        ----------
        group_id
            The group.

        Returns
        -------
        GroupDetails

        Raises
        ------
        NotFoundError
            No such group.

        Examples
        --------
        >>> g = m.create_group("web")
        >>> m.get_group(g.group_id).members
        []
        """
        return GroupDetails(self._native.call_record("get_group", {"group_id": group_id}))

    def list_groups(self) -> list[VmGroup]:
        """Every group.

        Returns
        -------
        list[VmGroup]

        Raises
        ------
        StorageError
            The store failed.

        Examples
        --------
        >>> _ = m.create_group("web")
        >>> [g.name for g in m.list_groups()]
        ['web']
        """
        return [VmGroup(g) for g in self._native.call_record("list_groups", {})]

    def attach_schedule(self, group_id: str, schedule_id: Optional[str]) -> VmGroup:
        """Put a group on a schedule (``None`` takes it off).

        Parameters
        ----------
        group_id
            The group.
        schedule_id
            The schedule, or ``None``.

        Returns
        -------
        VmGroup

        Raises
        ------
        NotFoundError
            No such group or schedule.

        Examples
        --------
        >>> g, s = m.create_group("web"), m.create_schedule("nightly", "0 2 * * *")
        >>> m.attach_schedule(g.group_id, s.schedule_id).schedule_id == s.schedule_id
        True
        """
        return VmGroup(self._native.call_record("attach_schedule", {"group_id": group_id, "schedule_id": schedule_id}))

    def add_to_group(self, group_id: str, context_id: str, priority: int = 100) -> GroupMember:
        """Put a context in a group (a context is in at most one).

        Parameters
        ----------
        group_id
            The group.
        context_id
            The context.
        priority
            Lower runs first.

        Returns
        -------
        GroupMember

        Raises
        ------
        NotFoundError, ValidationError
            No such group or context; the context is in another group.

        Examples
        --------
        >>> g, c = m.create_group("web"), m.add_to_management(source_vm=vm)
        >>> m.add_to_group(g.group_id, c.context_id, priority=1).priority
        1
        """
        body = {"group_id": group_id, "context_id": context_id, "priority": priority}
        return GroupMember(self._native.call_record("add_to_group", body))

    def remove_from_group(self, context_id: str) -> None:
        """Take a context out of its group.

        Parameters
        ----------
        context_id
            The context.

        Returns
        -------
        None

        Raises
        ------
        NotFoundError
            The context is in no group.

        Examples
        --------
        >>> g, c = m.create_group("web"), m.add_to_management(source_vm=vm)
        >>> _ = m.add_to_group(g.group_id, c.context_id)
        >>> m.remove_from_group(c.context_id)
        """
        self._native.call_record("remove_from_group", {"context_id": context_id})

    def run_due_schedules(self, now: Union[datetime, str, None] = None) -> list[ScheduleExecution]:
        """Run every schedule due at ``now``.

        Starts replication (incremental where a context synced before) for
        the eligible members of each due group, within its schedule's
        ``max_concurrent_jobs``; members with an active job are skipped and
        counted. Each run is recorded once per schedule and cron time, even
        across processes.

        Parameters
        ----------
        now
            The time (default: the manager's clock).

        Returns
        -------
        list[ScheduleExecution]

        Raises
        ------
        ValidationError
            A malformed time.

        Examples
        --------
        >>> s = m.create_schedule("nightly", "0 2 * * *")
        >>> g = m.create_group("web", schedule_id=s.schedule_id)
        >>> _ = m.add_to_group(g.group_id, m.add_to_management(source_vm=vm).context_id)
        >>> [r.jobs_started for r in m.run_due_schedules("2025-09-21T02:00:30Z")]
        [1]
        """
        body = {} if now is None else {"now": _time(now)}
        return [ScheduleExecution(e) for e in self._native.call_record("run_due_schedules", body)]

    def list_schedule_executions(
        self, schedule_id: Optional[str] = None, limit: Optional[int] = None
    ) -> list[ScheduleExecution]:
        """Schedule executions, newest first.

        Parameters
        ----------
        schedule_id
            Only this schedule's.
        limit
            At most this many.

        Returns
        -------
        list[ScheduleExecution]

        Raises
        ------
        ValidationError
            A malformed filter.

        Examples
        --------
        >>> m.list_schedule_executions()
        []
        """
        body = _given(schedule_id=schedule_id, limit=limit)
        return [ScheduleExecution(e) for e in self._native.call_record("list_schedule_executions", body)]

    def log_job(self, job_id: str) -> LogJob:
        """One log job with its steps and their events.

        Parameters
        ----------
        job_id
            The log job.

        Returns
        -------
        LogJob

        Raises
        ------
        NotFoundError
            No such log job.

        Examples
        --------
        >>> added = m.add_to_management(source_vm=vm)
        >>> entry = m.log_job(m.log_jobs(context_id=added.context_id)[0].job_id)
        >>> entry.operation, [s.name for s in entry.steps]
        ('add_to_management', ['create-context'])
        """
        return LogJob(self._native.call_record("log_job", {"job_id": job_id}))

    def log_jobs(
        self,
        context_id: Optional[str] = None,
        status: Optional[LogStatus] = None,
        operation: Optional[str] = None,
        limit: Optional[int] = None,
        offset: Optional[int] = None,
        after: Optional[str] = None,
    ) -> Page[LogJob]:
        """Log jobs, newest first.

        Parameters
        ----------
        context_id
            Only this context's.
        status
            Only log jobs in this status.
        operation
            Only this operation's.
        limit, offset, after
            As for :meth:`list_contexts`.

        Returns
        -------
        Page[LogJob]

        Raises
        ------
        ValidationError
            A malformed filter.

        Examples
        --------
        >>> _ = m.add_to_management(source_vm=vm)
        >>> [j.operation for j in m.log_jobs(operation="add_to_management")]
        ['add_to_management']
        """
        body = _given(
            context_id=context_id, status=status, operation=operation, limit=limit, offset=offset, after=after
        )
        return Page(self._native.call_record("log_jobs", body), LogJob)

    def prune_job_log(self, before: Union[datetime, str]) -> int:
        """Delete log jobs that finished before ``before``.

        Parameters
        ----------
        before
            An RFC 3339 time or an aware ``datetime``.

        Returns
        -------
        int
            How many were deleted.

        Raises
        ------
        ValidationError
            A malformed time.

        Examples
        --------
        >>> _ = m.add_to_management(source_vm=vm)
        >>> len(m.log_jobs())  # a query flushes the job log first
        1
        >>> m.prune_job_log("2025-09-21T00:00:00Z")
        1
        """
        pruned: int = self._native.call_record("prune_job_log", {"before": _time(before)})["pruned"]
        return pruned

    def advance_clock(self, seconds: int) -> None:
        """Move the clock of a manager opened with ``now=`` (tests).

        Parameters
        ----------
        seconds
            How far (negative moves it back).

        Returns
        -------
        None

        Raises
        ------
        ValidationError
            The manager runs on the system clock.

        Examples
        --------
        >>> m.advance_clock(3600)
        >>> m.add_to_management(source_vm=vm).context_id
        'ctx-web-01-20250920-133456'
        """
        self._native.advance_clock(seconds)

    def shutdown_exporter(self) -> None:
        """Stop the qemu-storage-daemon this manager started (``qsd_dir``).

        Its exports go with it; without one, nothing happens.

        Returns
        -------
        None

        Raises
        ------
        AdapterError
            The daemon did not stop.

        Examples
        --------
        >>> m.shutdown_exporter()
        """
        self._native.shutdown_exporter()

    @property
    def exporter_pid(self) -> Optional[int]:
        """The pid of the qemu-storage-daemon in use, if any."""
        return self._native.exporter_pid()
