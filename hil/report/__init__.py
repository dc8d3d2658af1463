"""Evidence for people and tools: traces as CSV, VCD and PNG."""
from __future__ import annotations

from hil.report._csv import write_csv
from hil.report._plot import write_png
from hil.report._vcd import write_vcd

__all__ = ["write_csv", "write_png", "write_vcd"]
