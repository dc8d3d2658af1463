"""The Structured Text language room. For now: the runtime library of standard function blocks.

The lexer, parser and code generator for SCL and Logix ST land here next; the compiled programs will
call the same runtime blocks that hand-written Python control programs use today.
"""
from __future__ import annotations

from hil.st.runtime import R_TRIG, TON

__all__ = ["R_TRIG", "TON"]
