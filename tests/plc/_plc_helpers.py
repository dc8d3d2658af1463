"""Helpers shared by the hil.plc tests: S7 BOOL tags and a one-rung S7 program."""
from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from hil.tags import DataType, Direction, Tag, parse_s7_address
from hil.units import MS


def s7_tag(name: str, address: str, data_type: DataType = DataType.BOOL) -> Tag:
    parsed = parse_s7_address(address)
    return Tag(name, parsed, data_type, Direction.default_for(parsed.area))


class Follower:
    """S7: ``Out`` follows ``In`` every scan."""

    def __init__(self, cycle_ns: int = 10 * MS) -> None:
        self.cycle_ns = cycle_ns

    def check(self, tags: Any) -> None:
        pass

    def reset(self) -> None:
        pass

    def scan(self, io: Any, now_ns: int) -> None:
        io["Out"] = io["In"]


@contextlib.contextmanager
def serving(plc: Any) -> Iterator[Any]:
    """``plc`` serving on 127.0.0.1, port 0, until the block ends (``serve()``/``close()`` of the unified soft PLC
    facades, ``start()``/``stop()`` before them)."""
    if hasattr(plc, "serve"):
        plc.serve()
    else:
        plc.start()
    try:
        yield plc
    finally:
        plc.close() if hasattr(plc, "serve") else plc.stop()


def add_event_listener(plc: Any, listener: Callable[[Any], None]) -> None:
    """Call ``listener`` with every S7 server event (the unified facade keeps it on its front end)."""
    getattr(plc, "frontend", plc).add_event_listener(listener)
