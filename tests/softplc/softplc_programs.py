"""Small programs the soft PLC tests share."""
from __future__ import annotations

from hil.softplc import S7SoftPlc

# OB1 counts its cycles into "Data".Count.
COUNTER_SCL = """
DATA_BLOCK "Data"
VAR
    Count : DINT;
END_VAR
BEGIN
END_DATA_BLOCK

ORGANIZATION_BLOCK "Main"
BEGIN
    "Data".Count := "Data".Count + 1;
END_ORGANIZATION_BLOCK
"""


def s7_counter(name: str = "softplc") -> S7SoftPlc:
    """An S7 soft PLC (10 ms OB1) running :data:`COUNTER_SCL`, not served."""
    return S7SoftPlc.from_sources([("counter.scl", COUNTER_SCL)], cycle="10 ms", name=name)
