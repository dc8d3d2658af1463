"""S7 absolute addresses: ``I0.0``, ``IW64``, ``Q0.0``, ``MW10``, ``DB10.DBD4``, ``DB10.DBX0.1``.

German mnemonics are accepted too (``E`` for inputs, ``A`` for outputs), and a leading ``%`` as TIA
Portal writes them. Widths: X bit, B byte, W word (2 bytes), D double word (4 bytes).
"""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from hil.errors import AddressError, SourceLocation

__all__ = ["Area", "S7Address", "parse_s7_address"]


class Area(enum.Enum):
    """S7 memory areas with the area code snap7 uses on the wire."""

    I = 0x81  # noqa: E741 - the S7 name of the process-image inputs
    Q = 0x82
    M = 0x83
    DB = 0x84


_WIDTH_BYTES = {"X": 1, "B": 1, "W": 2, "D": 4}
_AREA_LETTERS = {"I": Area.I, "E": Area.I, "Q": Area.Q, "A": Area.Q, "M": Area.M}

_DB_ADDRESS = re.compile(r"%?DB(\d+)\.DB([XBWD])(\d+)(?:\.(\d+))?", re.IGNORECASE)
_IO_ADDRESS = re.compile(r"%?([IEQAM])([XBWD]?)(\d+)(?:\.(\d+))?", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class S7Address:
    """A parsed S7 absolute address. ``bit`` is set only for bit (X) addresses."""

    area: Area
    db: int
    byte: int
    width: str
    bit: int | None = None

    @property
    def size(self) -> int:
        """Number of bytes the address covers on the wire (a bit address covers its byte)."""
        return _WIDTH_BYTES[self.width]

    def __str__(self) -> str:
        if self.area is Area.DB:
            text = f"DB{self.db}.DB{self.width}{self.byte}"
        else:
            text = f"{self.area.name}{'' if self.width == 'X' else self.width}{self.byte}"
        return f"{text}.{self.bit}" if self.bit is not None else text


def parse_s7_address(text: str, *, where: SourceLocation | str | None = None) -> S7Address:
    """Parse an S7 absolute address.

    Raises:
        AddressError: the text is not an S7 address, a bit number is outside 0..7, or a bit address
            lacks its bit (``I0`` instead of ``I0.0``) or a byte address has one (``MW10.1``).
    """
    stripped = text.strip()
    db_match = _DB_ADDRESS.fullmatch(stripped)
    if db_match:
        db_text, width, byte_text, bit_text = db_match.groups()
        area, db = Area.DB, int(db_text)
        if db == 0:
            raise AddressError(f"'{text}': DB numbers start at 1", where=where)
    else:
        io_match = _IO_ADDRESS.fullmatch(stripped)
        if io_match is None:
            raise AddressError(
                f"'{text}' is not an S7 address; expected e.g. 'I0.0', 'QW64', 'MD20' or 'DB10.DBD4'",
                where=where,
            )
        letter, width, byte_text, bit_text = io_match.groups()
        area, db = _AREA_LETTERS[letter.upper()], 0
        width = width or "X"
    width = width.upper()
    if width == "X":
        if bit_text is None:
            raise AddressError(f"'{text}' is a bit address and needs a bit number, e.g. '{stripped}.0'", where=where)
        bit = int(bit_text)
        if bit > 7:
            raise AddressError(f"'{text}': bit number {bit} is outside 0..7", where=where)
    else:
        if bit_text is not None:
            raise AddressError(f"'{text}': only bit (X) addresses take a '.bit' suffix", where=where)
        bit = None
    byte = int(byte_text)
    if byte > 65535:
        raise AddressError(f"'{text}': byte offset {byte} is beyond 65535", where=where)
    return S7Address(area, db, byte, width, bit)
