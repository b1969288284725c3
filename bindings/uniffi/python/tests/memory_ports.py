"""Ports written in Python, in memory, with scripted faults: subclasses of the
generated foreign traits."""

from __future__ import annotations

import itertools
import threading
from typing import Callable, Optional

from conftest import mc, mu


class Faults:
    """``fail[method]`` is raised instead of doing the work; ``hook[method]`` runs first."""

    def __init__(self) -> None:
        self.calls: dict[str, int] = {}
        self.fail: dict[str, BaseException] = {}
        self.hook: dict[str, Callable[[], None]] = {}
        self.lock = threading.Lock()

    def enter(self, method: str) -> None:
        with self.lock:
            self.calls[method] = self.calls.get(method, 0) + 1
            failure = self.fail.get(method)
            hook = self.hook.get(method)
        if hook is not None:
            hook()
        if failure is not None:
            raise failure


class PyVolumes(mu.VolumeDaemon, Faults):
    def __init__(self) -> None:
        Faults.__init__(self)
        self.volumes: dict[str, mc.Volume] = {}
        self._ids = itertools.count(1)

    def _add(self, name: str, size: int) -> mc.Volume:
        with self.lock:
            v = mc.Volume(volume_id=f"pyvol-{next(self._ids)}", name=name, size_bytes=size,
                          attached_to=None, device_path=None)
            self.volumes[v.volume_id] = v
            return v

    def create_volume(self, name: str, size_bytes: int) -> mc.Volume:
        self.enter("create_volume")
        return self._add(name, size_bytes)

    def clone_volume(self, source_volume_id: str, name: str) -> mc.Volume:
        self.enter("clone_volume")
        source = self.volumes.get(source_volume_id)
        if source is None:
            raise mu.PortError.Failed(f"no volume {source_volume_id}")
        return self._add(name, source.size_bytes)

    def attach_volume(self, volume_id: str, instance_id: str) -> str:
        self.enter("attach_volume")
        with self.lock:
            v = self.volumes.get(volume_id)
            if v is None:
                raise mu.PortError.Failed(f"no volume {volume_id}")
            if v.attached_to not in (None, instance_id):
                raise mu.PortError.Failed(f"{volume_id} is attached to {v.attached_to}")
            v.attached_to, v.device_path = instance_id, f"/dev/py/{volume_id}"
            return v.device_path

    def detach_volume(self, volume_id: str) -> None:
        self.enter("detach_volume")
        with self.lock:
            v = self.volumes.get(volume_id)
            if v is not None:
                v.attached_to, v.device_path = None, None

    def delete_volume(self, volume_id: str) -> None:
        self.enter("delete_volume")
        with self.lock:
            self.volumes.pop(volume_id, None)

    def get_volume(self, volume_id: str) -> Optional[mc.Volume]:
        self.enter("get_volume")
        return self.volumes.get(volume_id)

    def list_volumes(self) -> list[mc.Volume]:
        self.enter("list_volumes")
        with self.lock:
            return list(self.volumes.values())


class PyExporter(mu.NbdExporter, Faults):
    def __init__(self) -> None:
        Faults.__init__(self)
        self.exports: dict[str, mc.NbdExport] = {}

    def create_export(self, name: str, device_path: str) -> mc.NbdExport:
        self.enter("create_export")
        x = mc.NbdExport(name=name, host="127.0.0.1", port=10809, device_path=device_path)
        with self.lock:
            self.exports[name] = x
        return x

    def remove_export(self, name: str) -> None:
        self.enter("remove_export")
        with self.lock:
            self.exports.pop(name, None)

    def list_exports(self) -> list[mc.NbdExport]:
        self.enter("list_exports")
        with self.lock:
            return list(self.exports.values())


class PyCloud(mu.TargetCloud, Faults):
    def __init__(self) -> None:
        Faults.__init__(self)
        self.vms: dict[str, mc.TargetVm] = {}

    def create_vm(self, spec: mc.VmSpec) -> mc.TargetVm:
        self.enter("create_vm")
        vm = mc.TargetVm(vm_id=f"py-{spec.name}", name=spec.name, power_state=mc.PowerState.OFF)
        with self.lock:
            self.vms[vm.vm_id] = vm
        return vm

    def _power(self, vm_id: str, state: mc.PowerState) -> None:
        with self.lock:
            if vm_id in self.vms:
                self.vms[vm_id].power_state = state

    def power_on(self, vm_id: str) -> None:
        self.enter("power_on")
        self._power(vm_id, mc.PowerState.ON)

    def power_off(self, vm_id: str) -> None:
        self.enter("power_off")
        self._power(vm_id, mc.PowerState.OFF)

    def delete_vm(self, vm_id: str) -> None:
        self.enter("delete_vm")
        with self.lock:
            self.vms.pop(vm_id, None)

    def get_vm(self, vm_id: str) -> Optional[mc.TargetVm]:
        self.enter("get_vm")
        return self.vms.get(vm_id)

    def find_vm_by_name(self, name: str) -> Optional[mc.TargetVm]:
        self.enter("find_vm_by_name")
        with self.lock:
            return next((vm for vm in self.vms.values() if vm.name == name), None)
