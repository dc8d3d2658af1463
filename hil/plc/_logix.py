"""The Logix target: a ControlLogix/CompactLogix (or our Logix soft PLC) over pycomm3's LogixDriver.

Logix controllers are addressed by tag name, not by byte blocks, so this target serves the tag-name path of
:class:`~hil.plc.Target` (:meth:`read_tags`, :meth:`write_tags`); plans built from rig tags go through it by name.
pycomm3 batches several tags into Multiple Service Packets and fragments large values itself.

pycomm3 reports a failed tag as ``Tag.error`` rather than raising: every one is raised here as a
:class:`~hil.errors.PlcProtocolError` naming the PLC, the tag and the CIP status text; a lost or refused
connection is a :class:`~hil.errors.PlcConnectionError` naming the PLC and its address.
"""
from __future__ import annotations

import struct
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pycomm3 import LogixDriver
from pycomm3.cip.status_info import SERVICE_STATUS
from pycomm3.exceptions import CommError, PycommError

from hil.errors import PlcConnectionError, PlcError, PlcProtocolError, close_matches
from hil.plc._plans import Block, NamePlan, ReadPlan, WritePlan
from hil.plc._s7 import Steppable
from hil.plc._target import Target
from hil.tags import Tag

__all__ = ["LogixRemoteStepper", "LogixTarget"]

_VIRTUAL_TIME_CLASS = 0x390  # hil.softplc.logix._stepping: the soft PLC's vendor-specific virtual time object

Value = Any  # bool | int | float | str | list | dict: whatever the tag's type decodes to


class LogixTarget(Target):
    """A Logix controller reached over EtherNet/IP.

    Args:
        name: the PLC's name in the rig file and in messages.
        host, port, slot: where the controller is (the CPU's backplane slot; 0 for CompactLogix).
        stepper: for a soft PLC, the object that advances it in virtual time.
        init_tags: upload the tag list and data types on connect (pycomm3 needs it to encode values).
        remote_stepping: the soft PLC runs in another process in virtual time (``hil softplc serve --l5x FILE
            --clock virtual``); on connect, step it over the wire with a :class:`LogixRemoteStepper`.
    """

    def __init__(self, name: str, host: str, port: int = 44818, *, slot: int = 0, stepper: Steppable | None = None,
                 init_tags: bool = True, remote_stepping: bool = False) -> None:
        super().__init__(name)
        self.host, self.port, self.slot = host, port, slot
        self._stepper: Steppable | LogixRemoteStepper | None = stepper
        self._init_tags = init_tags
        self._remote_stepping = remote_stepping
        self._driver: LogixDriver | None = None

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}/{self.slot}"

    @property
    def cycle_ns(self) -> int | None:
        return self._stepper.cycle_ns if self._stepper is not None else None

    def advance(self, duration_ns: int) -> None:
        if self._stepper is None:
            super().advance(duration_ns)
        else:
            self._stepper.advance(duration_ns)

    # -- connection -----------------------------------------------------------------------------------
    @property
    def connected(self) -> bool:
        return self._driver is not None

    def connect(self) -> None:
        driver = LogixDriver(self.address, init_tags=self._init_tags, init_program_tags=self._init_tags)
        try:
            driver.open()  # type: ignore[no-untyped-call]
        except Exception as exc:
            raise PlcConnectionError(f"PLC '{self.name}': cannot connect to {self.address}: {exc}") from exc
        self._driver = driver
        if self._remote_stepping:
            try:
                self._stepper = LogixRemoteStepper(self)
            except PlcError:
                self.close()  # half-connected is not connected
                raise

    def cold_restart(self) -> None:
        """Cold-restart a soft PLC (in this process, or stepped remotely)."""
        if self._stepper is None or not hasattr(self._stepper, "cold_restart"):
            raise PlcError(f"PLC '{self.name}' is not a soft PLC this target can restart")
        self._stepper.cold_restart()

    def close(self) -> None:
        if self._driver is not None:
            driver, self._driver = self._driver, None
            try:
                driver.close()  # type: ignore[no-untyped-call]
            except PycommError as exc:  # the controller is gone already: nothing left to close
                raise PlcConnectionError(f"PLC '{self.name}' at {self.address}: close failed: {exc}") from exc

    @property
    def driver(self) -> LogixDriver:
        """The connected pycomm3 driver (for what the target does not wrap, e.g. ``get_plc_time``)."""
        if self._driver is None:
            raise PlcConnectionError(f"PLC '{self.name}' is not connected")
        return self._driver

    # -- tag-name access --------------------------------------------------------------------------------
    def read_tags(self, names: Sequence[str]) -> dict[str, Value]:
        """Read tags by name in as few Multiple Service Packets as pycomm3 can pack them."""
        if not names:
            return {}
        driver = self.driver
        try:
            result = driver.read(*names)
        except CommError as exc:
            raise PlcConnectionError(f"PLC '{self.name}' at {self.address}: connection lost reading "
                                     f"{_names(names)}: {exc}") from exc
        except PycommError as exc:
            raise PlcProtocolError(f"PLC '{self.name}' at {self.address}: read of {_names(names)} failed: {exc}") from exc
        tags = result if isinstance(result, list) else [result]
        values: dict[str, Value] = {}
        for tag in tags:
            if tag.error:
                raise self._tag_error("read", tag.tag, tag.error)
            values[tag.tag] = tag.value
        return values

    def write_tags(self, values: Mapping[str, Value]) -> None:
        """Write tags by name (bits such as ``"Dint.3"`` go as Read-Modify-Write, the rest batched)."""
        if not values:
            return
        driver = self.driver
        try:
            result = driver.write(*values.items())
        except CommError as exc:
            raise PlcConnectionError(f"PLC '{self.name}' at {self.address}: connection lost writing "
                                     f"{_names(list(values))}: {exc}") from exc
        except PycommError as exc:
            raise PlcProtocolError(f"PLC '{self.name}' at {self.address}: write of {_names(list(values))} failed: "
                                   f"{exc}") from exc
        for tag in result if isinstance(result, list) else [result]:
            if tag.error:
                raise self._tag_error("write", tag.tag, tag.error)

    def _tag_error(self, verb: str, tag_name: str, error: str) -> PlcError:
        text = f"PLC '{self.name}' at {self.address}: {verb} of tag '{tag_name}' failed: {error}"
        status = _status_code(error)
        if status is not None:
            text += f" (CIP general status 0x{status:02X})"
        if self._driver is not None and ("doesn't exist" in error or "Invalid tag" in error):
            base = tag_name.split("[")[0].split("{")[0]
            close = close_matches(base, self._driver.tags)
            if close:
                text += "; did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
        if "failed to" in error.lower() and ("send" in error.lower() or "receive" in error.lower()):
            return PlcConnectionError(text)
        return PlcProtocolError(text)

    # -- plans go by name -------------------------------------------------------------------------------
    def read_plan(self, tags: Iterable[Tag]) -> ReadPlan:
        return NamePlan(list(tags))  # type: ignore[return-value]  # read() and write() use only .tags

    def write_plan(self, tags: Iterable[Tag]) -> WritePlan:
        plan = NamePlan(list(tags))
        self._write_plans[tuple(t.name for t in plan.tags)] = plan  # type: ignore[assignment]
        return plan  # type: ignore[return-value]

    def set_cpu_running(self, running: bool) -> None:
        """A soft PLC in this process: its keyswitch to REMOTE RUN / REMOTE PROG (CIP has no stop service
        that pycomm3 sends, so a real or remote controller cannot be stopped from here)."""
        if self._stepper is None or not hasattr(self._stepper, "mode"):
            super().set_cpu_running(running)  # raises: this target cannot change the CPU state
            return
        self._stepper.mode = "REMOTE RUN" if running else "REMOTE PROG"

    def read(self, plan: ReadPlan) -> dict[str, Value]:
        return self.read_tags([tag.name for tag in plan.tags])

    def write(self, plan: WritePlan, values: Mapping[str, Value]) -> None:
        self.write_tags({tag.name: values[tag.name] for tag in plan.tags})

    def read_blocks(self, blocks: Sequence[Block]) -> list[bytes | bytearray]:
        raise PlcError(f"PLC '{self.name}' is a Logix controller, addressed by tag name, not by byte blocks")

    def write_blocks(self, writes: Sequence[tuple[Block, bytes]]) -> None:
        raise PlcError(f"PLC '{self.name}' is a Logix controller, addressed by tag name, not by byte blocks")


class LogixRemoteStepper:
    """Advances a Logix soft PLC in another process through its virtual time object (CIP class 0x390).

    Each step is one request on the target's class-3 connection, answered after the scans ran, so it is
    ordered with the tag writes before it and the reads after it.
    """

    def __init__(self, target: LogixTarget) -> None:
        self.target = target
        self.now_ns, self.cycle_ns, self.scans = struct.unpack("<QQQ", self._request(0x01, b"", 24))

    def advance(self, duration_ns: int) -> int:
        """Run the scans that fall due in the next ``duration_ns``; returns how many ran."""
        self.now_ns, ran = struct.unpack("<QI", self._request(0x4B, struct.pack("<Q", duration_ns), 12))
        self.scans += ran
        return int(ran)

    def cold_restart(self) -> None:
        (self.now_ns,) = struct.unpack("<Q", self._request(0x05, b"", 8))
        self.scans = 0

    def _request(self, service: int, data: bytes, size: int) -> bytes:
        target = self.target
        try:
            reply = target.driver.generic_message(service=service, class_code=_VIRTUAL_TIME_CLASS, instance=1,
                                                  request_data=data, connected=True, name="virtual time")
        except PycommError as exc:
            raise PlcConnectionError(f"PLC '{target.name}' at {target.address}: stepping failed: {exc}") from exc
        if reply.error or not isinstance(reply.value, bytes) or len(reply.value) < size:
            hint = "; is it a soft PLC served with --clock virtual?" if reply.error else ""
            raise PlcProtocolError(f"PLC '{target.name}' at {target.address}: virtual time request 0x{service:02X} "
                                   f"failed: {reply.error or 'short reply'}{hint}")
        return reply.value[:size]


def _status_code(error: str) -> int | None:
    """pycomm3 reports only the status text; find the general status code it was made from."""
    matches = [code for code, text in SERVICE_STATUS.items() if error.startswith(text)]
    return max(matches, key=lambda code: len(SERVICE_STATUS[code])) if matches else None


def _names(names: Sequence[str]) -> str:
    shown = ", ".join(f"'{n}'" for n in names[:5])
    return shown + (f" and {len(names) - 5} more" if len(names) > 5 else "")
