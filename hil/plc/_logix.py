"""The Logix target: a ControlLogix/CompactLogix (or our Logix soft PLC) over pycomm3's LogixDriver.

Logix controllers are addressed by tag name, not by byte blocks, so this target serves the tag-name path of
:class:`~hil.plc.Target` (:meth:`read_tags`, :meth:`write_tags`); plans built from rig tags go through it by name.
pycomm3 batches several tags into Multiple Service Packets and fragments large values itself.

pycomm3 reports a failed tag as ``Tag.error`` rather than raising: every one is raised here as a
:class:`~hil.errors.PlcProtocolError` naming the PLC, the tag and the CIP status text; a lost or refused
connection is a :class:`~hil.errors.PlcConnectionError` naming the PLC and its address.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pycomm3 import LogixDriver
from pycomm3.cip.status_info import SERVICE_STATUS
from pycomm3.exceptions import CommError, PycommError

from hil.errors import PlcConnectionError, PlcError, PlcProtocolError, close_matches
from hil.plc._plans import Block, NamePlan, ReadPlan, WritePlan
from hil.plc._protocols import Steppable
from hil.plc._remote_step import LogixRemoteStepper
from hil.plc._target import BaseTarget
from hil.tags import Tag

__all__ = ["LogixTarget"]

Value = Any  # bool | int | float | str | list | dict: whatever the tag's type decodes to


class LogixTarget(BaseTarget):
    """A Logix controller reached over EtherNet/IP.

    Args:
        name: the PLC's name in the rig file and in messages.
        host, port, slot: where the controller is (the CPU's backplane slot; 0 for CompactLogix).
        stepper: for a soft PLC, the object that advances it in virtual time.
        init_tags: upload the tag list and data types on connect (pycomm3 needs it to encode values).
        remote_stepping: the soft PLC runs in another process in virtual time (``hil softplc serve --l5x FILE
            --clock virtual``); on connect, step it over the wire with a :class:`LogixRemoteStepper`.
        exchange_period_ns: for a PLC on its own clock, the rig's exchange period (see :attr:`resolution_ns`).
    """

    def __init__(self, name: str, host: str, port: int = 44818, *, slot: int = 0,
                 stepper: Steppable | None = None, init_tags: bool = True,
                 remote_stepping: bool = False, exchange_period_ns: int | None = None) -> None:
        super().__init__(name, stepper=stepper, exchange_period_ns=exchange_period_ns)
        self.host, self.port, self.slot = host, port, slot
        self._init_tags = init_tags
        self._remote_stepping = remote_stepping
        self._driver: LogixDriver | None = None

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}/{self.slot}"

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
                self.attach_stepper(LogixRemoteStepper(self))
            except PlcError:
                self.close()  # half-connected is not connected
                raise

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

    def _read(self, plan: ReadPlan) -> dict[str, Value]:
        return self.read_tags([tag.name for tag in plan.tags])

    def _write(self, plan: WritePlan, values: Mapping[str, Value]) -> None:
        self.write_tags({tag.name: values[tag.name] for tag in plan.tags})

    def read_blocks(self, blocks: Sequence[Block]) -> list[bytes | bytearray]:
        raise PlcError(f"PLC '{self.name}' is a Logix controller, addressed by tag name, not by byte blocks")

    def write_blocks(self, writes: Sequence[tuple[Block, bytes]]) -> None:
        raise PlcError(f"PLC '{self.name}' is a Logix controller, addressed by tag name, not by byte blocks")


def _status_code(error: str) -> int | None:
    """pycomm3 reports only the status text; find the general status code it was made from."""
    matches = [code for code, text in SERVICE_STATUS.items() if error.startswith(text)]
    return max(matches, key=lambda code: len(SERVICE_STATUS[code])) if matches else None


def _names(names: Sequence[str]) -> str:
    shown = ", ".join(f"'{n}'" for n in names[:5])
    return shown + (f" and {len(names) - 5} more" if len(names) > 5 else "")
