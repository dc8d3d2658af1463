"""Reading C&E matrices from CSV: the long form (one row per cause → effect pair) and the wide form
(causes × effects with marks) a spreadsheet exports. Every problem is collected with its file, row and
column, and all of them are raised together as one :class:`MatrixError`.

Long form (shared/reference/battery-line.md §6.2)::

    ce_id,sif_id,sil_pl,mode,cause_tag,cause_desc,io_type,eu,range_lo,range_hi,trip_dir,setpoint,deadband,
    on_delay_ms,voting,vote_group,bad_pv_action,effect_tag,effect_desc,effect_action,effect_delay_ms,
    max_response_ms,latch,reset,bypass_allowed,standard_ref,origin

Wide form: the cause columns above (without ``ce_id`` and the ``effect_*`` ones), then one column per
effect headed ``TAG (ACTION)`` (``KM-227 (DE-ENERGIZE)``), cells ``X`` (trip), ``A`` (alarm), ``D<ms>``
(delayed trip), ``P`` (permissive) or blank. A cell's id is ``CAUSE/EFFECT`` (``TSHH-222/KM-227``).
Lines starting with ``#`` are comments.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

from hil._textfiles import read_text
from hil.errors import InputError, SourceLocation, UnitError, close_matches
from hil.safety._model import (
    BAD_PV_ACTIONS,
    SAFE_OFF_ACTIONS,
    SAFE_ON_ACTIONS,
    TRIP_DIRECTIONS,
    VOTINGS,
    Cause,
    Cell,
    Matrix,
    MatrixError,
    vote_numbers,
)
from hil.units import parse_quantity, unit

__all__ = ["LONG_COLUMNS", "read_matrix"]

LONG_COLUMNS = ("ce_id", "sif_id", "sil_pl", "mode", "cause_tag", "cause_desc", "io_type", "eu", "range_lo",
                "range_hi", "trip_dir", "setpoint", "deadband", "on_delay_ms", "voting", "vote_group",
                "bad_pv_action", "effect_tag", "effect_desc", "effect_action", "effect_delay_ms",
                "max_response_ms", "latch", "reset", "bypass_allowed", "standard_ref", "origin")
_EFFECT_COLUMNS = ("ce_id", "effect_tag", "effect_desc", "effect_action", "effect_delay_ms")
WIDE_COLUMNS = tuple(c for c in LONG_COLUMNS if c not in _EFFECT_COLUMNS) + ("cause_id",)
_REQUIRED_LONG = ("ce_id", "sif_id", "cause_tag", "trip_dir", "effect_tag", "effect_action", "max_response_ms")
_REQUIRED_WIDE = ("sif_id", "cause_tag", "trip_dir", "max_response_ms")
_ACTIONS = SAFE_OFF_ACTIONS + SAFE_ON_ACTIONS
_DIR_ALIASES = {"↑": "HI", "↓": "LO", "HIGH": "HI", "LOW": "LO"}
_EFFECT_HEADER = re.compile(r"\s*(?P<tag>[^()]+?)\s*(?:\((?P<action>[^()]*)\))?\s*")
_MARK = re.compile(r"(?P<mark>[XAP])|D\s*(?P<ms>\d+(?:\.\d+)?)\s*(?:ms)?", re.IGNORECASE)
# A cause's attributes must agree on every row that names it (compared with these columns).
_CAUSE_COLUMNS = ("sif_id", "trip_dir", "setpoint", "deadband", "on_delay_ms", "voting", "vote_group",
                  "bad_pv_action", "eu", "mode", "bypass_allowed")


class _Row:
    """One CSV record with its line number, and the problem list every finding goes to."""

    def __init__(self, path: Path, line: int, header: list[str], values: list[str], problems: list[InputError]):
        self.path, self.line, self.problems = path, line, problems
        self.index = {name: i for i, name in enumerate(header)}
        self.values = {name: (values[i].strip() if i < len(values) else "") for name, i in self.index.items()}

    def where(self, column: str) -> SourceLocation:
        index = self.index.get(column)
        return SourceLocation(str(self.path), self.line, None if index is None else index + 1)

    def problem(self, column: str, message: str, suggestions: list[str] | tuple[str, ...] = ()) -> None:
        self.problems.append(InputError(f"column '{column}': {message}", where=self.where(column),
                                        suggestions=suggestions))

    def text(self, column: str, *, required: bool = False) -> str:
        value = self.values.get(column, "")
        if required and not value:
            self.problem(column, "is empty; it is required")
        return value

    def choice(self, column: str, choices: tuple[str, ...], default: str, aliases: dict[str, str] | None = None) -> str:
        value = self.text(column)
        if not value:
            return default
        folded = {c.casefold(): c for c in choices}
        value = (aliases or {}).get(value.upper(), value)
        if value.casefold() in folded:
            return folded[value.casefold()]
        self.problem(column, f"'{value}' is not one of {', '.join(choices)}", close_matches(value, choices))
        return default

    def flag(self, column: str) -> bool:
        value = self.text(column).upper()
        if value not in ("", "Y", "N", "YES", "NO"):
            self.problem(column, f"'{value}' is not Y or N")
        return value in ("Y", "YES")

    def number(self, column: str, *, required: bool = False, eu: str = "", minimum: float | None = None) -> float | None:
        """A number; one written with a unit (``165 °C``) is converted to ``eu``."""
        value = self.text(column, required=required)
        if not value:
            return None
        try:
            number = float(value)
        except ValueError:
            try:
                quantity = parse_quantity(value)
                number = quantity.to(eu) if eu else quantity.value
            except UnitError as exc:
                self.problem(column, exc.message, exc.suggestions)
                return None
        if minimum is not None and number < minimum:
            self.problem(column, f"{value} is below {minimum:g}")
        return number


def _eu(row: _Row) -> str:
    """The engineering unit, if it is one the framework knows (``%LFL`` counts as ``%``)."""
    text = row.text("eu")
    if text in ("", "-"):
        return ""
    symbol = "%" if text.startswith("%") else text
    try:
        unit(symbol)
    except UnitError as exc:
        row.problem("eu", exc.message, exc.suggestions)
        return ""
    return symbol


def _cause(row: _Row) -> Cause:
    eu = _eu(row)
    trip_dir = row.choice("trip_dir", TRIP_DIRECTIONS, "HI", _DIR_ALIASES)
    analog = trip_dir in ("HI", "LO")
    setpoint = row.number("setpoint", required=analog, eu=eu)
    if not eu and analog:  # the setpoint's own unit stands in for a missing eu
        found = re.search(r"[^\d\s.+-]\S*$", row.text("setpoint"))
        eu = found.group(0) if found else ""
    lo, hi = row.number("range_lo", eu=eu), row.number("range_hi", eu=eu)
    if setpoint is not None and lo is not None and hi is not None and not lo <= setpoint <= hi:
        row.problem("setpoint", f"{setpoint:g} is outside the calibrated range {lo:g}..{hi:g}")
    voting = row.choice("voting", VOTINGS, "1oo1")
    group = row.text("vote_group")
    if voting != "1oo1" and not group:
        row.problem("vote_group", f"is empty; a {voting} cause names the group its channels vote in")
    delay = row.number("on_delay_ms", minimum=0) or 0.0
    return Cause(
        tag=row.text("cause_tag", required=True), sif_id=row.text("sif_id", required=True), trip_dir=trip_dir,
        desc=row.text("cause_desc"), sil_pl=row.text("sil_pl"), mode=(row.text("mode") or "ALL").upper(),
        io_type=row.text("io_type"), eu=eu, range_lo=lo, range_hi=hi, setpoint=setpoint,
        deadband=row.number("deadband", eu=eu, minimum=0) or 0.0, on_delay_ns=round(delay * 1e6), voting=voting,
        vote_group=group, bad_pv_action=row.choice("bad_pv_action", BAD_PV_ACTIONS, ""),
        bypass_allowed=row.flag("bypass_allowed"), standard_ref=row.text("standard_ref"), origin=row.text("origin"))


def _action(row: _Row, column: str, action: str) -> str:
    if action.upper() not in _ACTIONS:
        row.problem(column, f"unknown effect action '{action}'", close_matches(action, _ACTIONS))
    return action.upper()


def _long_cell(row: _Row) -> Cell:
    cause = _cause(row)
    action = _action(row, "effect_action", row.text("effect_action", required=True))
    delay = round((row.number("effect_delay_ms", minimum=0) or 0.0) * 1e6)
    return Cell(
        id=row.text("ce_id", required=True), cause=cause, effect_tag=row.text("effect_tag", required=True),
        action=action, max_response_ns=round((row.number("max_response_ms", required=True, minimum=0) or 0.0) * 1e6),
        effect_desc=row.text("effect_desc"), effect_delay_ns=delay, latch=row.flag("latch"),
        reset=row.text("reset").upper(), mark="A" if action == "ALARM" else "D" if delay else "X",
        where=row.where("ce_id"))


def _wide_cells(row: _Row, effects: dict[str, tuple[str, str]]) -> list[Cell]:
    cause = _cause(row)
    response = round((row.number("max_response_ms", required=True, minimum=0) or 0.0) * 1e6)
    cells = []
    for column, (tag, action) in effects.items():
        text = row.text(column)
        if not text:
            continue
        mark = _MARK.fullmatch(text)
        if mark is None:
            row.problem(column, f"'{text}' is not a C&E mark (X, A, D<ms>, P or blank)")
            continue
        kind = (mark["mark"] or "D").upper()
        if kind in ("X", "D") and not action:
            row.problem(column, f"a trip needs the effect's action in the header: write '{tag} (DE-ENERGIZE)'")
            continue
        cells.append(Cell(
            id=f"{cause.tag}/{tag}", cause=cause, effect_tag=tag, action=action or ("ALARM" if kind == "A" else ""),
            max_response_ns=response, effect_delay_ns=round(float(mark["ms"] or 0) * 1e6),
            latch=row.flag("latch"), reset=row.text("reset").upper(), mark=kind, where=row.where(column)))
    if not cells and cause.tag:
        row.problems.append(InputError(f"cause '{cause.tag}' marks no effect", where=row.where("cause_tag")))
    return cells


def _records(path: Path) -> list[tuple[int, list[str]]]:
    text = read_text(path, "C&E matrix")
    blanked = "".join("\n" if line.lstrip().startswith("#") else line for line in text.splitlines(keepends=True))
    reader = csv.reader(io.StringIO(blanked))
    return [(reader.line_num, row) for row in reader if any(field.strip() for field in row)]


def _check_header(path: Path, line: int, header: list[str], known: tuple[str, ...], required: tuple[str, ...],
                  problems: list[InputError], *, effects_allowed: bool) -> dict[str, tuple[str, str]]:
    effects: dict[str, tuple[str, str]] = {}
    for index, name in enumerate(header):
        where = SourceLocation(str(path), line, index + 1)
        if name in known:
            continue
        close = close_matches(name, known)
        match = _EFFECT_HEADER.fullmatch(name)
        if effects_allowed and match is not None and name and (match["action"] is not None or not close):
            action = (match["action"] or "").strip().upper()
            if action and action not in _ACTIONS:
                problems.append(InputError(f"column '{name}': unknown effect action '{action}'", where=where,
                                           suggestions=close_matches(action, _ACTIONS)))
            effects[name] = (match["tag"], action)
            continue
        problems.append(InputError(f"unknown column '{name}'", where=where, suggestions=close))
    for name in required:
        if name not in header:
            problems.append(InputError(f"the required column '{name}' is missing", where=SourceLocation(str(path), line),
                                       suggestions=close_matches(name, header)))
    return effects


def _check_consistency(rows: list[tuple[_Row, Cell]], problems: list[InputError]) -> None:
    first: dict[str, _Row] = {}
    ids: dict[str, _Row] = {}
    for row, cell in rows:
        if cell.id in ids and row.line != ids[cell.id].line:
            row.problem("ce_id" if "ce_id" in row.index else "cause_tag",
                        f"'{cell.id}' is used again (first on line {ids[cell.id].line})")
        ids.setdefault(cell.id, row)
        earlier = first.setdefault(cell.cause.tag, row)
        for column in _CAUSE_COLUMNS:
            if earlier is not row and row.values.get(column, "").upper() != earlier.values.get(column, "").upper():
                row.problem(column, f"'{row.values.get(column, '')}' differs from line {earlier.line} "
                                    f"('{earlier.values.get(column, '')}') for the same cause '{cell.cause.tag}'")
    groups: dict[str, dict[str, Cause]] = {}
    where: dict[str, _Row] = {}
    for row, cell in rows:
        if cell.cause.vote_group:
            groups.setdefault(cell.cause.group_key, {})[cell.cause.tag] = cell.cause
            where.setdefault(cell.cause.group_key, row)
    for key, channels in groups.items():
        votings = {c.voting for c in channels.values()}
        needed = vote_numbers(next(iter(votings)))[1]
        if len(votings) > 1:
            where[key].problem("voting", f"vote group '{key}' mixes {', '.join(sorted(votings))}")
        elif len(channels) != needed:
            where[key].problem("vote_group", f"vote group '{key}' ({next(iter(votings))}) has {len(channels)} "
                                             f"channel(s) ({', '.join(channels)}); it needs {needed}")


def read_matrix(path: str | Path) -> Matrix:
    """Read a C&E matrix CSV (long or wide form: a header with ``effect_tag`` is the long form).

    Raises:
        MatrixError: listing every problem with file, row and column (and the closest names).
    """
    path = Path(path)
    records = _records(path)
    problems: list[InputError] = []
    if not records:
        raise MatrixError(path, [InputError("the file has no header row", where=str(path))])
    line, header = records[0]
    header = [h.strip() for h in header]
    long_form = "effect_tag" in header or "ce_id" in header
    effects = _check_header(path, line, header, LONG_COLUMNS if long_form else WIDE_COLUMNS,
                            _REQUIRED_LONG if long_form else _REQUIRED_WIDE, problems, effects_allowed=not long_form)
    if not long_form and not effects:
        problems.append(InputError("no effect columns: a wide matrix has one column per effect, headed "
                                   "'TAG (ACTION)', or a long one has the column 'effect_tag'",
                                   where=SourceLocation(str(path), line)))
    rows: list[tuple[_Row, Cell]] = []
    make: Callable[[_Row], list[Cell]] = (lambda r: [_long_cell(r)]) if long_form else (lambda r: _wide_cells(r, effects))
    if not any(p.message.startswith("the required column") for p in problems):
        for number, values in records[1:]:
            row = _Row(path, number, header, values, problems)
            if len(values) > len(header):
                problems.append(InputError(f"{len(values)} fields, but the header has {len(header)}",
                                           where=SourceLocation(str(path), number, len(header) + 1)))
            rows.extend((row, cell) for cell in make(row))
        _check_consistency(rows, problems)
    if problems:
        raise MatrixError(path, problems)
    return Matrix(path, "long" if long_form else "wide", [cell for _, cell in rows])
