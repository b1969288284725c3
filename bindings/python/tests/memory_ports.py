"""Python-implemented ports, in memory, with scripted faults."""

from __future__ import annotations

import itertools
import threading
import time
from typing import Callable, Optional

from migratekit.ports import NbdExport, TargetVm, VmSpec, Volume


class Faulty:
    """``fail[method] = n`` makes the nth call from now raise; ``sleep[method]`` delays calls."""

    def __init__(self) -> None:
        self.calls: dict[str, int] = {}
        self.fail: dict[str, int] = {}
        self.sleep: dict[str, float] = {}
        self.hook: dict[str, Callable[[], None]] = {}
        self._lock = threading.Lock()

    def _enter(self, method: str) -> None:
        with self._lock:
            n = self.calls[method] = self.calls.get(method, 0) + 1
            failing = self.fail.get(method) == n
        if method in self.hook:
            self.hook[method]()
        if method in self.sleep:
            time.sleep(self.sleep[method])
        if failing:
            raise RuntimeError(f"injected fault in {method} call #{n}")

    def fail_next(self, method: str) -> None:
        self.fail[method] = self.calls.get(method, 0) + 1


class MemoryVolumes(Faulty):
    def __init__(self) -> None:
        super().__init__()
        self.volumes: dict[str, Volume] = {}
        self._ids = itertools.count(1)

    def create_volume(self, name: str, size_bytes: int) -> Volume:
        self._enter("create_volume")
        v: Volume = {"volume_id": f"pyvol-{next(self._ids)}", "name": name, "size_bytes": size_bytes,
                     "attached_to": None, "device_path": None}
        self.volumes[v["volume_id"]] = v
        return v

    def clone_volume(self, source_volume_id: str, name: str) -> Volume:
        self._enter("clone_volume")
        source = self.volumes[source_volume_id]
        v: Volume = {"volume_id": f"pyvol-{next(self._ids)}", "name": name,
                     "size_bytes": source["size_bytes"], "attached_to": None, "device_path": None}
        self.volumes[v["volume_id"]] = v
        return v

    def attach_volume(self, volume_id: str, instance_id: str) -> str:
        self._enter("attach_volume")
        v = self.volumes[volume_id]
        if v["attached_to"] not in (None, instance_id):
            raise ValueError(f"{volume_id} is attached to {v['attached_to']}")
        path = f"/dev/py/{volume_id}"
        v["attached_to"] = instance_id
        v["device_path"] = path
        return path

    def detach_volume(self, volume_id: str) -> None:
        self._enter("detach_volume")
        if volume_id in self.volumes:
            self.volumes[volume_id]["attached_to"] = None
            self.volumes[volume_id]["device_path"] = None

    def delete_volume(self, volume_id: str) -> None:
        self._enter("delete_volume")
        self.volumes.pop(volume_id, None)

    def get_volume(self, volume_id: str) -> Optional[Volume]:
        self._enter("get_volume")
        return self.volumes.get(volume_id)

    def list_volumes(self) -> list[Volume]:
        self._enter("list_volumes")
        return list(self.volumes.values())


class MemoryExporter(Faulty):
    def __init__(self) -> None:
        super().__init__()
        self.exports: dict[str, NbdExport] = {}

    def create_export(self, name: str, device_path: str) -> NbdExport:
        self._enter("create_export")
        e: NbdExport = {"name": name, "host": "127.0.0.1", "port": 10809, "device_path": device_path}
        self.exports.setdefault(name, e)
        return self.exports[name]

    def remove_export(self, name: str) -> None:
        self._enter("remove_export")
        self.exports.pop(name, None)

    def list_exports(self) -> list[NbdExport]:
        self._enter("list_exports")
        return list(self.exports.values())


class MemoryCloud(Faulty):
    def __init__(self) -> None:
        super().__init__()
        self.vms: dict[str, TargetVm] = {}
        self._ids = itertools.count(1)

    def create_vm(self, spec: VmSpec) -> TargetVm:
        self._enter("create_vm")
        vm: TargetVm = {"vm_id": f"py-vm-{next(self._ids)}", "name": spec["name"], "power_state": "off"}
        self.vms[vm["vm_id"]] = vm
        return vm

    def power_on(self, vm_id: str) -> None:
        self._enter("power_on")
        self.vms[vm_id]["power_state"] = "on"

    def power_off(self, vm_id: str) -> None:
        self._enter("power_off")
        self.vms[vm_id]["power_state"] = "off"

    def delete_vm(self, vm_id: str) -> None:
        self._enter("delete_vm")
        self.vms.pop(vm_id, None)

    def get_vm(self, vm_id: str) -> Optional[TargetVm]:
        self._enter("get_vm")
        return self.vms.get(vm_id)

    def find_vm_by_name(self, name: str) -> Optional[TargetVm]:
        self._enter("find_vm_by_name")
        return next((v for v in self.vms.values() if v["name"] == name), None)
