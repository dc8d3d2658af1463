"""An S7 bit write as an S7 CPU does it: one bit set or cleared, the other seven bits of its byte untouched.

python-snap7 3.3's server takes a write with transport size BIT as a one-byte write, so it overwrites the whole
byte (snap7-server-facts.md §3.1: byte 0xF0, write DBX1.1 = 1, result 0x01). A test writing one input bit would
then clear the bits the PLC program owns in the same byte. :class:`BitWrites` restores the CPU's behaviour for
the soft PLC's server: the bit number comes from the address (byte * 8 + bit), the value from bit 0 of the one
data byte, and the bit is applied under the area's lock, so a scan (which holds every area lock) never
interleaves with it. A BIT write of more than one element is refused (0x8001), as the CPU's PUT/GET does.
"""
from __future__ import annotations

from typing import Any

from snap7.datatypes import S7WordLen

__all__ = ["BitWrites"]


class _Bit(bytearray):
    """The one data byte of a BIT write, with the bit number it is for."""

    bit: int


class BitWrites:
    """Mixin for ``snap7.server.Server``: BIT writes change one bit (put it before the server class)."""

    memory_areas: dict[Any, bytearray]
    area_locks: dict[Any, Any]

    def _parse_address_specification(self, addr_spec: bytes) -> dict[str, Any]:
        parsed: dict[str, Any] = super()._parse_address_specification(addr_spec)  # type: ignore[misc]
        if parsed and parsed.get("word_len") == S7WordLen.BIT:
            parsed["bit"] = addr_spec[11] & 0x07  # the last address byte holds byte * 8 + bit
        return parsed

    def _parse_write_address(self, request: dict[str, Any]) -> tuple[Any, int, int, int, bytearray] | None:
        found: tuple[Any, int, int, int, bytearray] | None = super()._parse_write_address(request)  # type: ignore[misc]
        spec = request.get("parameters", {}).get("address_spec", {})
        if found is None or "bit" not in spec:
            return found
        area, db_number, start, count, data = found
        if count != 1 or len(data) != 1:
            return None  # the protocol's error response (0x8001): one bit per item
        bit = _Bit(data)
        bit.bit = spec["bit"]
        return area, db_number, start, count, bit

    def _write_to_memory_area(self, area: Any, db_number: int, start: int, write_data: bytearray) -> bool:
        if not isinstance(write_data, _Bit):
            return super()._write_to_memory_area(area, db_number, start, write_data)  # type: ignore[misc,no-any-return]
        key = (area, db_number)
        if key not in self.memory_areas:
            return False
        with self.area_locks[key]:
            buffer = self.memory_areas[key]
            if start >= len(buffer):
                return False
            mask = 1 << write_data.bit
            buffer[start] = buffer[start] | mask if write_data[0] & 1 else buffer[start] & ~mask & 0xFF
        return True
