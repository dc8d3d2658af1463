"""Harness of the ST engine tests: compile a small FB (a case) into a soft PLC and run it."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from hil.softplc import S7SoftPlc

TEMPLATE = """{prelude}
FUNCTION_BLOCK "Case"
{{ S7_Optimized_Access := 'FALSE' }}
VERSION : 0.1
   VAR
{decls}
   END_VAR
{sections}
BEGIN
{body}
END_FUNCTION_BLOCK

DATA_BLOCK "T"
{{ S7_Optimized_Access := 'FALSE' }}
VERSION : 0.1
NON_RETAIN
"Case"
BEGIN
END_DATA_BLOCK

ORGANIZATION_BLOCK "Main"
VERSION : 0.1
BEGIN
    "T"();
END_ORGANIZATION_BLOCK
"""


def case_plc(tmp_path: Path, decls: str, body: str, prelude: str = "", sections: str = "",
             cycle: str = "10 ms") -> S7SoftPlc:
    source = tmp_path / "case.scl"
    source.write_text(TEMPLATE.format(prelude=prelude, decls=decls, body=body, sections=sections), encoding="utf-8")
    return S7SoftPlc.from_sources([source], cycle=cycle)


Steps = Sequence[tuple[Mapping[str, Any], int]]


def run_steps(plc: S7SoftPlc, steps: Steps) -> None:
    for writes, scans in steps:
        for name, value in writes.items():
            plc.write(f"T.{name}", value)
        plc.scan(scans)
