"""Fixtures of the ST engine tests."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from st_harness import case_plc

from hil.softplc import S7SoftPlc


@pytest.fixture
def st_case(tmp_path: Path) -> Callable[..., S7SoftPlc]:
    """Build a soft PLC from FB declarations and a body (see st_harness.TEMPLATE)."""

    def build(decls: str, body: str, prelude: str = "", sections: str = "", cycle: str = "10 ms") -> S7SoftPlc:
        return case_plc(tmp_path, decls, body, prelude, sections, cycle)

    return build
