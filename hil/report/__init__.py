"""Evidence for people and tools: traces as CSV, VCD and PNG; cucumber JSON that tells the truth."""
from __future__ import annotations

from hil.report._csv import write_csv
from hil.report._cucumber import CucumberRecorder, ScenarioRecord, StepRecord, merge_cucumber_files
from hil.report._plot import write_png
from hil.report._stations import StationSummary
from hil.report._timeline import timeline_html
from hil.report._vcd import write_vcd

__all__ = [
    "CucumberRecorder",
    "ScenarioRecord",
    "StationSummary",
    "StepRecord",
    "merge_cucumber_files",
    "timeline_html",
    "write_csv",
    "write_png",
    "write_vcd",
]
