"""A scenario's step timeline as an HTML table, for the pytest-html report."""
from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Protocol

from hil.units import format_duration

__all__ = ["TimelineEntry", "timeline_html"]


class TimelineEntry(Protocol):
    """One step: where it is written, its words, when it began and ended in virtual time, how it went."""

    @property
    def location(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def start_ns(self) -> int: ...

    @property
    def end_ns(self) -> int: ...

    @property
    def status(self) -> str: ...


def timeline_html(entries: Sequence[TimelineEntry]) -> str:
    rows = "".join(
        f"<tr><td>{format_duration(e.start_ns)}</td><td>{format_duration(e.end_ns)}</td>"
        f"<td>{'✔' if e.status == 'passed' else '✘'}</td><td>{html.escape(e.text)}</td>"
        f"<td>{html.escape(e.location)}</td></tr>"
        for e in entries
    )
    return ('<table class="hil-timeline"><tr><th>from</th><th>to</th><th></th><th>step</th><th>where</th></tr>'
            f"{rows}</table>")
