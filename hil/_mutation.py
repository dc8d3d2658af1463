"""`hil mutate STATION`: do the station's scenarios notice a mistaken edit of its program?

Each mutant (hil.st.mutate) is written into a copy of the station folder and the station's features
run against it in a fresh pytest process (in-process soft PLCs by default: the protocols are not what
is under test here). A mutant is *killed* when a scenario fails, *survives* when all pass, and is
*stillborn* when the program no longer compiles (not counted).
"""
from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from hil.errors import ConfigError
from hil.st.mutate import Mutant, mutants

__all__ = ["MutationReport", "mutate_station"]

_TEST_MODULE = "from pytest_bdd import scenarios\n\nscenarios('.')\n"


@dataclass
class MutationReport:
    station: str
    killed: list[tuple[Path, Mutant]] = field(default_factory=list)
    survived: list[tuple[Path, Mutant]] = field(default_factory=list)
    stillborn: list[tuple[Path, Mutant]] = field(default_factory=list)

    @property
    def score(self) -> float:
        judged = len(self.killed) + len(self.survived)
        return len(self.killed) / judged if judged else 0.0


def _programs(station: Path) -> list[Path]:
    return sorted(p for p in station.iterdir() if p.suffix.lower() in (".scl", ".l5x"))


def _run(folder: Path, target: str, timeout_s: float) -> int:
    (folder / "test_mutant.py").write_text(_TEST_MODULE, encoding="utf-8")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pytest", str(folder), "-q", "-x", "-p", "no:cacheprovider", "--hil-target", target,
             "--hil-traces", "none"], cwd=folder, capture_output=True, timeout=timeout_s, check=False)
    except subprocess.TimeoutExpired:
        return 1  # a program that hangs the scenarios is noticed
    return done.returncode


def mutate_station(station: Path, *, limit: int | None = 20, seed: int = 0, target: str = "inprocess",
                   timeout_s: float = 300.0, progress: bool = False) -> MutationReport:
    """Run the station's features against up to ``limit`` mutants of its programs (chosen with ``seed``)."""
    if not station.is_dir() or not list(station.glob("*.feature")):
        raise ConfigError(f"'{station}' is not a station folder (feature files with their rig and programs)")
    report = MutationReport(station.name)
    candidates = [(program, m) for program in _programs(station)
                  for m in mutants(program.read_text(encoding="utf-8"), l5x=program.suffix.lower() == ".l5x")]
    if not candidates:
        raise ConfigError(f"'{station}' has no SCL or L5X program to mutate")
    if limit is not None and len(candidates) > limit:
        candidates = random.Random(seed).sample(candidates, limit)
    with tempfile.TemporaryDirectory(prefix=f"hil-mutate-{station.name}-") as scratch:
        for program, mutant in candidates:
            folder = Path(scratch) / "station"
            shutil.rmtree(folder, ignore_errors=True)
            shutil.copytree(station, folder, ignore=shutil.ignore_patterns("__pycache__", "hil-traces"))
            (folder / program.name).write_text(mutant.source, encoding="utf-8")
            code = _run(folder, target, timeout_s)
            bucket = report.killed if code == 1 else report.survived if code == 0 else report.stillborn
            bucket.append((program, mutant))
            if progress:
                verdict = "killed" if code == 1 else "SURVIVED" if code == 0 else f"stillborn (exit {code})"
                print(f"  {verdict:<20} {program.name} {mutant}", flush=True)
    return report
