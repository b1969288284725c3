"""``Manager.open(database_url=...)``: the PostgreSQL store through the Python
surface. Runs where ``MIGRATEKIT_TEST_PG_URL`` names a server (the test command
starts one); fails instead of skipping when ``MIGRATEKIT_REQUIRE_PG`` is set."""

from __future__ import annotations

import os
import socket
import uuid

import pytest

import migratekit
from migratekit.types import SourceVmSpec

URL = os.environ.get("MIGRATEKIT_TEST_PG_URL", "")


@pytest.fixture
def url() -> str:
    if not URL:
        if os.environ.get("MIGRATEKIT_REQUIRE_PG"):
            pytest.fail("MIGRATEKIT_REQUIRE_PG is set but MIGRATEKIT_TEST_PG_URL is not")
        pytest.skip("set MIGRATEKIT_TEST_PG_URL (scripts/pg-cluster.sh start) to run")
    return URL


def vm() -> SourceVmSpec:
    # The database outlives one run: every run's VMs are new.
    vm_id = f"vm-py-{uuid.uuid4().hex[:12]}"
    return {"id": vm_id, "name": vm_id, "disks": [{"id": "disk-2000", "size_gb": 1}]}


def test_two_nodes_on_one_database_share_duplicate_protection(url: str) -> None:
    node_a = migratekit.Manager.open(database_url=url)
    node_b = migratekit.Manager.open(database_url=url)
    source = vm()
    added = node_a.create_migration(source_vm=source, vcenter_host="vc01", start_replication=False)
    with pytest.raises(migratekit.AlreadyManagedError) as e:
        node_b.create_migration(source_vm=source, vcenter_host="vc01", start_replication=False)
    assert e.value.existing_context_id == added.context_id
    job = node_b.create_migration(source_vm=source, vcenter_host="vc01")
    assert job.context_id == added.context_id
    with pytest.raises(migratekit.ReplicationActiveError):
        node_a.create_migration(source_vm=source, vcenter_host="vc01")


def test_a_server_that_refuses_is_a_storage_error_saying_what_to_fix() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(migratekit.StorageError) as e:
        migratekit.Manager.open(database_url=f"postgresql://mk:s3cret@127.0.0.1:{port}/mk")
    assert e.value.code == "storage"
    assert "connection refused" in e.value.details
    assert "s3cret" not in e.value.details


def test_a_path_and_a_database_url_at_once_are_refused(tmp_path: object) -> None:
    with pytest.raises(migratekit.ValidationError) as e:
        migratekit.Manager.open(str(tmp_path) + "/mk.db", database_url="postgresql://mk@127.0.0.1/mk")
    assert e.value.fields["field"] == "database_url"


def test_neither_a_path_nor_a_database_url_is_refused() -> None:
    with pytest.raises(migratekit.ValidationError) as e:
        migratekit.Manager.open()
    assert e.value.fields["field"] == "path"
