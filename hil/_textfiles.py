"""Reading the user's text files (tag tables, rig files) with errors that name the file and line."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from hil.errors import ConfigError, SourceLocation

__all__ = ["line_of_key", "read_text", "read_toml"]


def read_text(path: Path, what: str) -> str:
    """Read a UTF-8 file; a missing or unreadable file raises :class:`ConfigError` naming ``what`` it is."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read {what}: {exc.strerror}", where=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{what} is not UTF-8 text (byte {exc.start})", where=str(path)) from exc


def read_toml(path: Path, what: str) -> tuple[dict[str, Any], str]:
    """Parse a TOML file; returns the document and its text (to locate keys for later errors)."""
    text = read_text(path, what)
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11 puts the position only in the message: "Invalid value (at line 3, column 9)".
        position = re.search(r"\s*\(at line (\d+), column (\d+)\)", str(exc))
        message = str(exc)[: position.start()] if position else str(exc)
        where = SourceLocation(str(path), int(position[1]), int(position[2])) if position else SourceLocation(str(path))
        raise ConfigError(f"{what} is not valid TOML: {message}", where=where) from exc


def line_of_key(text: str, key: str, after_line: int = 0) -> int | None:
    """Return the first line (from 1) after ``after_line`` where ``key`` is written as a TOML key.

    A key counts where TOML puts keys: at the start of a line before ``=``, inside a ``[table.header]``,
    or after ``{`` or ``,`` in an inline table. Text inside a string value does not count.
    """
    name = rf'(?:"{re.escape(key)}"|{re.escape(key)})'
    pattern = re.compile(
        rf'^[ \t]*{name}[ \t]*=|^[ \t]*\[\[?[^\]\n]*?(?<![\w"-]){name}(?:[ \t]*[.\]])|[{{,][ \t]*{name}[ \t]*=',
        re.MULTILINE,
    )
    offset = 0
    for _ in range(after_line):
        offset = text.find("\n", offset) + 1
        if offset == 0:
            return None
    match = pattern.search(text, offset)
    return text.count("\n", 0, match.start()) + 1 if match else None
