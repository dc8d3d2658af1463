"""Tag-table files: CSV and TOML. Every error names the file and line.

CSV (a header row, ``#`` starts a comment line; ``direction``, ``unit`` and ``comment`` are optional;
the direction defaults to input for I, output for Q and memory for M and DB addresses)::

    name,address,type,direction,unit,comment
    Oven.Zone1.TempPV,DB10.DBD4,REAL,input,°C,zone air temperature TT-211
    Oven.Zone1.HeaterOn,Q0.0,BOOL,,,heater contactor KM-217

TOML::

    [tags."Oven.Zone1.TempPV"]
    address = "DB10.DBD4"
    type = "REAL"
    direction = "input"
    unit = "°C"
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from hil._textfiles import line_of_key, read_text, read_toml
from hil.errors import ConfigError, SourceLocation, UnitError, close_matches
from hil.tags._address import parse_s7_address
from hil.tags._table import Direction, Tag, TagTable
from hil.tags._types import parse_data_type
from hil.units import unit as lookup_unit

__all__ = ["load_tag_table"]

_COLUMNS = ("name", "address", "type", "direction", "unit", "comment")
_REQUIRED = ("name", "address", "type")


def load_tag_table(path: str | Path) -> TagTable:
    """Load a tag table from a ``.csv`` or ``.toml`` file."""
    file = Path(path)
    if file.suffix.lower() == ".csv":
        return TagTable(_tags_from_csv(read_text(file, "tag table"), str(file)), source=str(file))
    if file.suffix.lower() == ".toml":
        document, text = read_toml(file, "tag table")
        return TagTable(_tags_from_toml(document, text, str(file)), source=str(file))
    raise ConfigError(f"tag tables are .csv or .toml files, not '{file.suffix}'", where=str(file))


def _make_tag(fields: dict[str, str], where: SourceLocation) -> Tag:
    name = fields["name"].strip()
    if not name:
        raise ConfigError("tag name is empty", where=where)
    address = parse_s7_address(fields["address"], where=where)
    data_type = parse_data_type(fields["type"], where=where)
    direction_text = (fields.get("direction") or "").strip().lower()
    if direction_text:
        try:
            direction = Direction(direction_text)
        except ValueError:
            raise ConfigError(
                f"tag '{name}': direction must be input, output or memory, not '{direction_text}'",
                where=where,
                suggestions=close_matches(direction_text, [d.value for d in Direction]),
            ) from None
    else:
        direction = Direction.default_for(address.area)
    unit_text = (fields.get("unit") or "").strip() or None
    if unit_text is not None:
        try:
            lookup_unit(unit_text)
        except UnitError as exc:
            raise UnitError(f"tag '{name}': {exc.message}", where=where, suggestions=exc.suggestions) from None
    return Tag(name, address, data_type, direction, unit_text, (fields.get("comment") or "").strip(), where)


def _tags_from_csv(text: str, source: str) -> list[Tag]:
    lines = [(number, line) for number, line in enumerate(text.splitlines(), start=1)]
    content = [(n, line) for n, line in lines if line.strip() and not line.lstrip().startswith("#")]
    if not content:
        raise ConfigError("tag table is empty; expected a header 'name,address,type'", where=source)
    header_line, header_text = content[0]
    header = [column.strip().lower() for column in next(csv.reader([header_text]))]
    for required in _REQUIRED:
        if required not in header:
            raise ConfigError(
                f"the header has no '{required}' column (columns: {', '.join(_COLUMNS)})",
                where=SourceLocation(source, header_line),
            )
    unknown = [column for column in header if column not in _COLUMNS]
    if unknown:
        raise ConfigError(
            f"unknown column '{unknown[0]}'",
            where=SourceLocation(source, header_line),
            suggestions=close_matches(unknown[0], _COLUMNS),
        )
    tags = []
    for number, line in content[1:]:
        where = SourceLocation(source, number)
        row = next(csv.reader(io.StringIO(line)))
        if len(row) > len(header):
            raise ConfigError(f"{len(row)} fields but the header has {len(header)}", where=where)
        fields = dict(zip(header, row))
        missing = [column for column in _REQUIRED if not fields.get(column, "").strip()]
        if missing:
            raise ConfigError(f"missing {', '.join(missing)}", where=where)
        tags.append(_make_tag(fields, where))
    return tags


def _tags_from_toml(document: dict[str, Any], text: str, source: str) -> list[Tag]:
    table: Any = document.get("tags")
    if not isinstance(table, dict):
        raise ConfigError("expected a [tags] table", where=source)
    tags = []
    for name, entry in table.items():
        where = SourceLocation(source, line_of_key(text, name))
        if not isinstance(entry, dict):
            raise ConfigError(f"tag '{name}' must be a table with address and type", where=where)
        unknown = [key for key in entry if key not in _COLUMNS]
        if unknown:
            raise ConfigError(
                f"tag '{name}': unknown key '{unknown[0]}'", where=where, suggestions=close_matches(unknown[0], _COLUMNS)
            )
        missing = [key for key in ("address", "type") if key not in entry]
        if missing:
            raise ConfigError(f"tag '{name}': missing {', '.join(missing)}", where=where)
        tags.append(_make_tag({"name": name, **{k: str(v) for k, v in entry.items()}}, where))
    return tags

