"""The soft Logix controller's Read-Modify-Write Tag service (0x4E): ``new = (old | OR) & AND`` on the addressed
element only (logix-cip-wire.md §18), never on bits that belong to another tag or member."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hil.softplc.logix import LogixSoftPlc
from hil.softplc.logix._router import RequestContext
from hil.wire import bit_masks, rmw_data

L5X = Path(__file__).resolve().parents[2] / "fixtures" / "logix" / "battery_line.L5X"


@pytest.fixture
def plc() -> Iterator[LogixSoftPlc]:
    yield LogixSoftPlc(L5X)


def rmw(plc: LogixSoftPlc, names: tuple[str, ...], mask_size: int, or_mask: int, and_mask: int) -> bytes:
    path = b""
    for name in names:
        raw = name.encode()
        path += bytes((0x91, len(raw))) + raw + (b"\0" if len(raw) % 2 else b"")
    with plc.db.lock:
        return plc.router.handle(b"\x4e" + bytes((len(path) // 2,)) + path + rmw_data(mask_size, or_mask, and_mask),
                                 RequestContext(1, None))


def test_rmw_on_a_bool_member_changes_that_member_only(plc: LogixSoftPlc) -> None:
    # Motor1.Running and Motor1.Fault share one hidden host byte (bits 0 and 1).
    assert (plc.db.locate("Motor1.Running").bit, plc.db.locate("Motor1.Fault").bit) == (0, 1)
    plc.db.set("Motor1.Running", False)
    plc.db.set("Motor1.Fault", False)
    assert rmw(plc, ("Motor1", "Fault"), 1, *bit_masks(0, True, 1))[:4] == b"\xce\x00\x00\x00"
    assert (plc.db.get("Motor1.Running"), plc.db.get("Motor1.Fault")) == (False, True)
    plc.db.set("Motor1.Running", True)
    rmw(plc, ("Motor1", "Fault"), 1, *bit_masks(0, False, 1))
    assert (plc.db.get("Motor1.Running"), plc.db.get("Motor1.Fault")) == (True, False)


def test_rmw_on_a_dint_sets_and_clears_the_masked_bits(plc: LogixSoftPlc) -> None:
    plc.db.set("Dint1", 0b1000)
    rmw(plc, ("Dint1",), 4, *bit_masks(1, True, 4))
    assert plc.db.get("Dint1") == 0b1010
    rmw(plc, ("Dint1",), 4, *bit_masks(3, False, 4))
    assert plc.db.get("Dint1") == 0b0010
