"""Integration fixtures: the oven rig of the feature suite, on soft PLCs listening on OS-assigned ports."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hil.line import Line
from hil.rig import Rig, load_rig

OVEN_RIG = Path(__file__).resolve().parents[2] / "features" / "oven" / "oven_zone.rig.toml"


@pytest.fixture
def oven_rig() -> Rig:
    return load_rig(OVEN_RIG)


@pytest.fixture
def broken_oven_rig(tmp_path: Path) -> Rig:
    """The oven rig with its interlock removed from the control program: the trip must now fail."""
    return load_rig(copy_oven_rig(tmp_path, break_interlock=True))


def copy_oven_rig(folder: Path, *, break_interlock: bool = False) -> Path:
    """Copy features/oven into ``folder``; optionally cut the trip cause out of the program."""
    for source in OVEN_RIG.parent.iterdir():
        if source.is_file():
            (folder / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    if break_interlock:
        program = folder / "oven_zone.scl"
        text = program.read_text(encoding="utf-8")
        assert "#cause := #hot OR NOT #LimitOK;" in text
        program.write_text(text.replace("#cause := #hot OR NOT #LimitOK;", "#cause := FALSE;"), encoding="utf-8")
    return folder / OVEN_RIG.name


@pytest.fixture
def oven_line(oven_rig: Rig) -> Iterator[Line]:
    """The oven rig over the S7 wire on 127.0.0.1 (the soft PLC is ready once ``open()`` returns: it listens
    before the target connects)."""
    with Line(oven_rig, "softplc") as line:
        yield line
