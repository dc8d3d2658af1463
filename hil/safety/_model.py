"""The cause-and-effect matrix as data: causes (initiators with trip points, delays and voting), cells
(one cause → effect pair with its action and response budget) and the matrix that holds them.

Times are integer nanoseconds like everywhere in the framework; the CSV gives them in milliseconds.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from hil.errors import ConfigError, InputError, SourceLocation

__all__ = [
    "BAD_PV_ACTIONS",
    "Cause",
    "Cell",
    "MatrixError",
    "Matrix",
    "SAFE_OFF_ACTIONS",
    "SAFE_ON_ACTIONS",
    "TRIP_DIRECTIONS",
    "VOTINGS",
    "vote_numbers",
]

TRIP_DIRECTIONS = ("HI", "LO", "ON", "OFF")
VOTINGS = ("1oo1", "1oo2", "2oo2", "2oo3", "1oo2D")
BAD_PV_ACTIONS = ("TRIP", "DEGRADE_1oo2", "DEGRADE_1oo1", "IGNORE_ALARM")
#: Effect actions whose safe state is a BOOL off (de-energised, stopped, closed by removing the command).
SAFE_OFF_ACTIONS = ("DE-ENERGIZE", "DE-ENERGISE", "OFF", "STOP", "STO", "SS1", "CLOSE", "TRIP")
#: Effect actions whose safe state is a BOOL on (an alarm raised, a vent opened, a release fired).
SAFE_ON_ACTIONS = ("ALARM", "ON", "OPEN", "OPEN_100", "ENERGIZE", "ENERGISE", "RELEASE")
MARKS = ("X", "A", "D", "P")


def vote_numbers(voting: str) -> tuple[int, int]:
    """``"2oo3"`` → (2, 3): how many channels must trip out of how many (``1oo2D`` counts as 1oo2)."""
    m, _, n = voting.rstrip("D").partition("oo")
    return int(m), int(n)


@dataclass(frozen=True)
class Cause:
    """An initiator: one sensor channel (or a discrete device) with its trip point.

    ``setpoint`` is in ``eu`` (``None`` for discretes, whose trip is ``ON``/``OFF``); ``on_delay_ns`` is
    how long the cause must persist before it trips; channels with the same ``vote_group`` vote
    ``voting`` together (``2oo3``: any two of three trip).
    """

    tag: str
    sif_id: str
    trip_dir: str
    desc: str = ""
    sil_pl: str = ""
    mode: str = "ALL"
    io_type: str = ""
    eu: str = ""
    range_lo: float | None = None
    range_hi: float | None = None
    setpoint: float | None = None
    deadband: float = 0.0
    on_delay_ns: int = 0
    voting: str = "1oo1"
    vote_group: str = ""
    bad_pv_action: str = ""
    bypass_allowed: bool = False
    standard_ref: str = ""
    origin: str = ""

    @property
    def analog(self) -> bool:
        return self.trip_dir in ("HI", "LO")

    @property
    def group_key(self) -> str:
        """Channels that vote together share this key; a 1oo1 cause is its own group."""
        return f"{self.sif_id}/{self.vote_group}" if self.vote_group else f"{self.sif_id}/{self.tag}"


@dataclass(frozen=True)
class Cell:
    """One cause → effect pair of the matrix (a row of the long form, a marked cell of the wide form).

    ``mark`` is ``X`` (trip), ``A`` (alarm), ``D`` (trip after ``effect_delay_ns``) or ``P`` (permissive:
    the cause only blocks a start; no trip scenario is generated for it).
    """

    id: str
    cause: Cause
    effect_tag: str
    action: str
    max_response_ns: int
    effect_desc: str = ""
    effect_delay_ns: int = 0
    latch: bool = False
    reset: str = ""
    mark: str = "X"
    where: SourceLocation | None = None

    @property
    def allowed_ns(self) -> int:
        """The budget a trip scenario asserts: on-delay + effect delay + maximum response."""
        return self.cause.on_delay_ns + self.effect_delay_ns + self.max_response_ns

    @property
    def safe_on(self) -> bool:
        """Whether the effect's safe state is a BOOL ``on`` (an alarm, an opened vent)."""
        return self.action.upper() in SAFE_ON_ACTIONS or self.mark == "A"


@dataclass
class Matrix:
    """A whole C&E matrix, as read from one file (``form`` is ``long`` or ``wide``)."""

    path: Path
    form: str
    cells: list[Cell] = field(default_factory=list)

    def __iter__(self) -> Iterator[Cell]:
        return iter(self.cells)

    def __len__(self) -> int:
        return len(self.cells)

    @property
    def name(self) -> str:
        """The matrix file's stem without ``.ce``: ``oven_zone.ce.csv`` → ``oven_zone``."""
        return self.path.name.split(".")[0]

    def cell(self, cell_id: str) -> Cell:
        for cell in self.cells:
            if cell.id == cell_id:
                return cell
        from hil.errors import UnknownNameError, close_matches

        raise UnknownNameError(f"no cell '{cell_id}' in {self.path}",
                               suggestions=close_matches(cell_id, [c.id for c in self.cells]))

    def sifs(self) -> list[str]:
        return list(dict.fromkeys(c.cause.sif_id for c in self.cells))

    def causes(self, sif_id: str | None = None) -> list[Cause]:
        """Each cause once, in matrix order (of one SIF when ``sif_id`` is given)."""
        seen: dict[str, Cause] = {}
        for cell in self.cells:
            if sif_id is None or cell.cause.sif_id == sif_id:
                seen.setdefault(cell.cause.tag, cell.cause)
        return list(seen.values())

    def cells_of(self, cause: Cause) -> list[Cell]:
        return [c for c in self.cells if c.cause.tag == cause.tag]

    def groups(self, sif_id: str) -> dict[str, list[Cause]]:
        """The vote groups of a SIF: group key → its channels (a 1oo1 cause alone)."""
        groups: dict[str, list[Cause]] = {}
        for cause in self.causes(sif_id):
            groups.setdefault(cause.group_key, []).append(cause)
        return groups


class MatrixError(ConfigError):
    """A matrix file has problems; ``problems`` holds each one with its file, row and column."""

    def __init__(self, path: Path, problems: list[InputError]) -> None:
        self.problems = problems
        listing = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in the C&E matrix:\n{listing}",
                         where=str(path))
