"""The S7 target: a Siemens S7 PLC (or our S7 soft PLC) over python-snap7's client.

Every snap7 failure is re-raised as a :class:`~hil.errors.PlcError` that names the PLC and the block;
nothing is swallowed.
"""
from __future__ import annotations

from collections.abc import Sequence

import snap7
from snap7.error import S7ConnectionError, S7TimeoutError
from snap7.type import Area as Snap7Area
from snap7.type import WordLen

from hil.errors import PlcConnectionError, PlcProtocolError
from hil.plc._plans import Block
from hil.plc._protocols import Steppable
from hil.plc._target import BaseTarget

__all__ = ["S7Target"]

_MAX_ITEMS_PER_REQUEST = 20  # snap7's Client.MAX_VARS


class S7Target(BaseTarget):
    """An S7 PLC reached over ISO-on-TCP.

    Args:
        name: the PLC's name in the rig file and in messages.
        host, port, rack, slot: where the CPU is (an S7-1500 is usually rack 0, slot 1).
        stepper: for a soft PLC, the object that advances it in virtual time.
        exchange_period_ns: for a PLC on its own clock, the rig's exchange period (see :attr:`resolution_ns`).
    """

    def __init__(
        self,
        name: str,
        host: str,
        port: int = 102,
        *,
        rack: int = 0,
        slot: int = 1,
        stepper: Steppable | None = None,
        exchange_period_ns: int | None = None,
    ) -> None:
        super().__init__(name, stepper=stepper, exchange_period_ns=exchange_period_ns)
        self.host, self.port, self.rack, self.slot = host, port, rack, slot
        self._client: snap7.Client | None = None

    def set_cpu_running(self, running: bool) -> None:
        """PLC STOP (S7 function 0x29) or hot start (0x28) over the wire, as an engineering tool sends them."""
        client = self._connected()
        try:
            if running:
                client.plc_hot_start()
            else:
                client.plc_stop()
        except Exception as exc:
            raise self._error("hot start" if running else "stop", [], exc) from exc

    @property
    def connected(self) -> bool:
        return self._client is not None

    def connect(self) -> None:
        client = snap7.Client()
        try:
            client.connect(self.host, self.rack, self.slot, self.port)
        except Exception as exc:
            raise PlcConnectionError(
                f"PLC '{self.name}': cannot connect to {self.host}:{self.port} (rack {self.rack}, slot {self.slot}): {exc}"
            ) from exc
        self._client = client

    def close(self) -> None:
        if self._client is not None:
            client, self._client = self._client, None
            client.disconnect()

    def _connected(self) -> snap7.Client:
        if self._client is None:
            raise PlcConnectionError(f"PLC '{self.name}' is not connected")
        return self._client

    def read_blocks(self, blocks: Sequence[Block]) -> list[bytes | bytearray]:
        client = self._connected()
        if len(blocks) == 1:
            block = blocks[0]
            try:
                return [client.read_area(Snap7Area(block.area.value), block.db, block.start, block.size)]
            except Exception as exc:
                raise self._error("read", [block], exc) from exc
        buffers: list[bytes | bytearray] = []
        for first in range(0, len(blocks), _MAX_ITEMS_PER_REQUEST):
            chunk = blocks[first : first + _MAX_ITEMS_PER_REQUEST]
            items = [
                {"area": Snap7Area(b.area.value), "db_number": b.db, "start": b.start, "size": b.size} for b in chunk
            ]
            try:
                _, data = client.read_multi_vars(items)
            except Exception as exc:
                raise self._error("read", chunk, exc) from exc
            buffers.extend(data)
        return buffers

    def write_blocks(self, writes: Sequence[tuple[Block, bytes]]) -> None:
        client = self._connected()
        # S7 servers (snap7's included) honour only the first item of a multi-item write: one request each.
        for block, data in writes:
            try:
                if block.bit is not None:  # transport size BIT: the CPU sets or clears that bit, nothing else
                    client.write_area(Snap7Area(block.area.value), block.db, block.start * 8 + block.bit,
                                      bytearray(data[:1]), WordLen.Bit)
                else:
                    client.write_area(Snap7Area(block.area.value), block.db, block.start, bytearray(data))
            except Exception as exc:
                raise self._error("write", [block], exc) from exc

    def _error(self, verb: str, blocks: Sequence[Block], exc: Exception) -> Exception:
        where = ", ".join(str(b) for b in blocks)
        what = f"{verb} of {where}" if where else verb
        text = f"PLC '{self.name}' at {self.host}:{self.port}: {what} failed: {exc}"
        if isinstance(exc, (S7ConnectionError, S7TimeoutError, OSError)):
            return PlcConnectionError(text)
        return PlcProtocolError(text)
