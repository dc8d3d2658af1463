"""The Structured Text lexer: one hand-written scanner for IEC 61131-3 ST and the Siemens SCL dialect.

Dialect quirks handled here, where they cost a few lines each:

* ``"quoted"`` names are identifiers (SCL), never string literals; strings use single quotes.
* ``#local`` names (SCL), typed and based literals (``16#FF``, ``W#16#FF``, ``INT#5``, ``T#2S500MS``).
* direct addresses ``%I0.0``, ``%QW4``, ``%MD10`` and slices ``.%X3``, ``.%B1``, ``.%W0``, ``.%D0``.
* ``REGION title`` runs to the end of the line; ``TITLE = text`` block headers likewise.
* comments ``// …``, ``(* … *)``, ``/* … */``; attributes ``{ S7_Optimized_Access := 'FALSE' }``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from hil.st._dialects import SCL, Dialect
from hil.st._errors import Span, StSyntaxError

__all__ = ["KEYWORDS", "Token", "tokenize", "tokenize_with_comments"]

KEYWORDS = frozenset(
    """
    FUNCTION_BLOCK END_FUNCTION_BLOCK FUNCTION END_FUNCTION DATA_BLOCK END_DATA_BLOCK ORGANIZATION_BLOCK
    END_ORGANIZATION_BLOCK PROGRAM END_PROGRAM TYPE END_TYPE STRUCT END_STRUCT VAR VAR_INPUT VAR_OUTPUT
    VAR_IN_OUT VAR_TEMP VAR_STAT VAR_GLOBAL VAR_EXTERNAL END_VAR CONSTANT RETAIN NON_RETAIN BEGIN
    IF THEN ELSIF ELSE END_IF CASE OF END_CASE FOR TO BY DO END_FOR WHILE END_WHILE REPEAT UNTIL END_REPEAT
    EXIT CONTINUE RETURN AND OR XOR NOT MOD TRUE FALSE ARRAY END_REGION GOTO
    """.split()
)

_DURATION_UNITS = (("ms", 1_000_000), ("us", 1_000), ("ns", 1), ("d", 86_400_000_000_000),
                   ("h", 3_600_000_000_000), ("m", 60_000_000_000), ("s", 1_000_000_000))
_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ms|us|ns|d|h|m|s)", re.IGNORECASE)
_TIME_PREFIXES = {"T", "TIME", "LT", "LTIME"}
_DATE_PREFIXES = {"D", "DATE", "TOD", "TIME_OF_DAY", "DT", "DATE_AND_TIME", "LTOD", "LDT", "S5T", "S5TIME"}
_S7_TYPED = {"B": "BYTE", "W": "WORD", "DW": "DWORD", "LW": "LWORD", "C": "WORD"}
_NUMBER = re.compile(r"\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?")
_BASED_DIGITS = re.compile(r"[0-9A-Fa-f_]+")
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_MODULE_TAG = re.compile(r"[A-Za-z_][A-Za-z0-9_]*:\d+:[A-Za-z]\b|S:(?:FS|MINOR|[NZVC])\b")
_DIRECT = re.compile(r"%([IQMEA])([XBWDL]?)(\d+)(?:\.(\d+))?", re.IGNORECASE)
_SLICE = re.compile(r"%([XBWD])(\d+)", re.IGNORECASE)
_PUNCT = ("**", ":=", "=>", "<=", ">=", "<>", "..", "(", ")", "[", "]", ",", ";", ":", ".", "+", "-", "*", "/",
          "=", "<", ">", "&", "^")
_STRING_ESCAPES = {"$": "$", "'": "'", "L": "\n", "N": "\n", "P": "\f", "R": "\r", "T": "\t", '"': '"'}


@dataclass(slots=True)
class Token:
    """One token. ``kind`` is one of: ident, qident (a "quoted" name), local (#name), kw (keyword, value
    upper-case), int, real, time, string, bool, direct (%I0.0), slice (%X3), op, region, eof.

    ``type_hint`` is the type a typed literal names (``INT#5`` → ``INT``, ``W#16#FF`` → ``WORD``)."""

    kind: str
    value: object
    span: Span
    type_hint: str | None = None

    @property
    def text(self) -> str:
        return str(self.value)


class _Scanner:
    def __init__(self, text: str, path: str, dialect: Dialect = SCL, line_base: int = 1) -> None:
        self.text = text
        self.path = path
        self.dialect = dialect
        self.lines = text.splitlines() or [""]
        self.pos = 0
        self.line = line_base
        self.line_base = line_base
        self.line_start = 0
        self.tokens: list[Token] = []
        self.comments: dict[int, str] = {}

    def span(self, pos: int | None = None) -> Span:
        pos = self.pos if pos is None else pos
        # Tokens never span lines except comments and strings, which report their start.
        index = self.line - self.line_base
        line_text = self.lines[index] if 0 <= index < len(self.lines) else ""
        return Span(self.path, self.line, pos - self.line_start + 1, line_text)

    def error(self, message: str, pos: int | None = None) -> StSyntaxError:
        return StSyntaxError(message, self.span(pos))

    def advance_to(self, new_pos: int) -> None:
        """Move to ``new_pos``, counting the newlines crossed."""
        chunk = self.text[self.pos:new_pos]
        newlines = chunk.count("\n")
        if newlines:
            self.line += newlines
            self.line_start = self.pos + chunk.rindex("\n") + 1
        self.pos = new_pos

    def add(self, kind: str, value: object, start: int, type_hint: str | None = None) -> None:
        self.tokens.append(Token(kind, value, self.span(start), type_hint))

    def run(self) -> list[Token]:
        text = self.text
        n = len(text)
        while True:
            self.skip_blanks_and_comments()
            if self.pos >= n:
                break
            start = self.pos
            ch = text[start]
            if ch == '"':
                end = text.find('"', start + 1)
                newline = text.find("\n", start + 1)
                if end < 0 or (0 <= newline < end):
                    raise self.error('unterminated quoted name (a "name" must end on the same line)')
                name = text[start + 1:end]
                if not name:
                    raise self.error('empty quoted name ""')
                self.add("qident", name, start)
                self.advance_to(end + 1)
            elif ch == "'":
                self.string(start)
            elif ch == "#" and start + 1 < n and (text[start + 1].isalpha() or text[start + 1] == "_"):
                match = _IDENT.match(text, start + 1)
                assert match is not None
                self.add("local", match.group(), start)
                self.advance_to(match.end())
            elif ch == "%":
                self.percent(start)
            elif ch.isdigit():
                self.number(start)
            elif ch.isalpha() or ch == "_":
                self.word(start)
            elif ch == "[" and text.startswith("[:=]", start):
                self.add("op", "[:=]", start)  # Logix non-retentive assignment
                self.advance_to(start + 4)
            elif ch == "{":
                end = text.find("}", start)
                if end < 0:
                    raise self.error("unterminated attribute '{' (missing '}')")
                self.advance_to(end + 1)  # attributes ({S7_Optimized_Access := 'FALSE'}) do not change semantics here
            else:
                for punct in _PUNCT:
                    if text.startswith(punct, start):
                        self.add("op", punct, start)
                        self.advance_to(start + len(punct))
                        break
                else:
                    raise self.error(f"unexpected character {ch!r}")
        self.add("eof", "end of file", self.pos)
        return self.tokens

    def skip_blanks_and_comments(self) -> None:
        text = self.text
        n = len(text)
        while self.pos < n:
            ch = text[self.pos]
            if ch in " \t\r\n\f\ufeff":
                self.advance_to(self.pos + 1)
            elif text.startswith("//", self.pos):
                end = text.find("\n", self.pos)
                end = n if end < 0 else end
                # Kept per line: a declaration's trailing comment may carry its unit ("// [°C] zone temperature").
                self.comments[self.line] = text[self.pos + 2:end].strip()
                self.advance_to(end)
            elif text.startswith("(*", self.pos) or text.startswith("/*", self.pos):
                closing = "*)" if text[self.pos + 1] == "*" and text[self.pos] == "(" else "*/"
                end = text.find(closing, self.pos + 2)
                if end < 0:
                    raise self.error(f"unterminated comment (missing '{closing}')")
                self.advance_to(end + 2)
            else:
                return

    def string(self, start: int) -> None:
        text = self.text
        i = start + 1
        out: list[str] = []
        while True:
            if i >= len(text) or text[i] == "\n":
                raise self.error("unterminated string literal (missing closing ')", start)
            ch = text[i]
            if ch == "'":
                break
            if ch == "$" and i + 1 < len(text):
                nxt = text[i + 1]
                if nxt.upper() in _STRING_ESCAPES:
                    out.append(_STRING_ESCAPES[nxt.upper()])
                    i += 2
                    continue
                if re.fullmatch(r"[0-9A-Fa-f]{2}", text[i + 1:i + 3]):
                    out.append(chr(int(text[i + 1:i + 3], 16)))
                    i += 3
                    continue
                raise self.error(f"unknown string escape '${nxt}'", i)
            out.append(ch)
            i += 1
        self.add("string", "".join(out), start)
        self.advance_to(i + 1)

    def percent(self, start: int) -> None:
        text = self.text
        prev = self.tokens[-1] if self.tokens else None
        if prev is not None and prev.kind == "op" and prev.value == ".":
            match = _SLICE.match(text, start)
            if match is None:
                raise self.error("expected a slice like .%X3, .%B0, .%W0 or .%D0 after '.'")
            self.add("slice", (match.group(1).upper(), int(match.group(2))), start)
            self.advance_to(match.end())
            return
        match = _DIRECT.match(text, start)
        if match is None:
            raise self.error("expected a direct address like %I0.0, %QW4 or %MD10")
        self.add("direct", match.group(0).upper(), start)
        self.advance_to(match.end())

    def number(self, start: int, type_hint: str | None = None, sign: int = 1) -> None:
        text = self.text
        match = _NUMBER.match(text, start)
        assert match is not None
        digits = match.group()
        if match.end() < len(text) and text[match.end()] == "#" and "." not in digits and "e" not in digits.lower():
            base = int(digits.replace("_", ""))
            if base not in (2, 8, 16):
                raise self.error(f"number base {base} is not 2, 8 or 16", start)
            based = _BASED_DIGITS.match(text, match.end() + 1)
            if based is None:
                raise self.error(f"expected base-{base} digits after '{digits}#'", match.end() + 1)
            try:
                value = int(based.group().replace("_", ""), base)
            except ValueError:
                raise self.error(f"'{based.group()}' is not a base-{base} number", match.end() + 1) from None
            self.add("int", sign * value, start, type_hint)
            self.advance_to(based.end())
            return
        if match.end() < len(text) and (text[match.end()].isalpha() or text[match.end()] == "_"):
            raise self.error(f"malformed number '{text[start:match.end() + 1]}'", start)
        clean = digits.replace("_", "")
        if "." in clean or "e" in clean.lower():
            self.add("real", sign * float(clean), start, type_hint)
        else:
            self.add("int", sign * int(clean), start, type_hint)
        self.advance_to(match.end())

    def word(self, start: int) -> None:
        text = self.text
        match = _IDENT.match(text, start)
        assert match is not None
        word = match.group()
        upper = word.upper()
        end = match.end()
        if end < len(text) and text[end] == "#":
            self.typed_literal(start, upper, end + 1)
            return
        if self.dialect.module_io_names:
            module = _MODULE_TAG.match(text, start)
            if module is not None:  # Local:1:I (module-defined I/O tag) is one name in Logix
                self.add("ident", module.group(), start)
                self.advance_to(module.end())
                return
        if upper == "REGION":
            newline = text.find("\n", end)
            newline = len(text) if newline < 0 else newline
            self.add("region", text[end:newline].strip(), start)
            self.advance_to(newline)
            return
        if upper == "TITLE" and re.match(r"[ \t]*=", text[end:]):
            newline = text.find("\n", end)
            self.advance_to(len(text) if newline < 0 else newline)
            return
        if upper in ("TRUE", "FALSE"):
            self.add("bool", upper == "TRUE", start)
        elif upper in KEYWORDS:
            self.add("kw", upper, start)
        else:
            self.add("ident", word, start)
        self.advance_to(end)

    def typed_literal(self, start: int, prefix: str, value_start: int) -> None:
        text = self.text
        if prefix in _TIME_PREFIXES:
            match = re.compile(r"-?[0-9A-Za-z_.]+").match(text, value_start)
            if match is None:
                raise self.error(f"expected a duration after '{prefix}#', e.g. T#2S500MS", value_start)
            self.add("time", _parse_duration(match.group(), self.span(start)), start,
                     "LTIME" if prefix.startswith("L") else "TIME")
            self.advance_to(match.end())
            return
        if prefix in _DATE_PREFIXES:
            raise StSyntaxError(f"{prefix}# literals (dates, times of day, S5TIME) are not supported yet", self.span(start))
        type_hint = _S7_TYPED.get(prefix, prefix)
        self.advance_to(value_start)
        if type_hint == "BOOL" and _IDENT.match(text, value_start):
            ident = _IDENT.match(text, value_start)
            assert ident is not None
            if ident.group().upper() not in ("TRUE", "FALSE"):
                raise self.error("BOOL# takes TRUE or FALSE", value_start)
            self.add("bool", ident.group().upper() == "TRUE", start)
            self.advance_to(ident.end())
            return
        sign = 1
        if value_start < len(text) and text[value_start] in "+-":
            sign = -1 if text[value_start] == "-" else 1
            value_start += 1
            self.advance_to(value_start)
        if value_start >= len(text) or not text[value_start].isdigit():
            raise self.error(f"expected a number after '{prefix}#'", value_start)
        self.number(value_start, type_hint, sign)
        self.tokens[-1].span = self.span_at(start)

    def span_at(self, pos: int) -> Span:
        return self.span(pos)


def _parse_duration(text: str, span: Span) -> int:
    """Nanoseconds of a duration literal body: ``2S500MS``, ``1s_500ms``, ``-5s``, ``1.5h``, ``100``(ms)."""
    body = text.replace("_", "")
    sign = 1
    if body.startswith("-"):
        sign, body = -1, body[1:]
    if body.isdigit():  # bare number: milliseconds (TIA accepts T#100 as 100 ms)
        return sign * int(body) * 1_000_000
    total = 0
    pos = 0
    for match in _DURATION.finditer(body):
        if match.start() != pos:
            break
        number, unit = match.groups()
        scale = dict(_DURATION_UNITS)[unit.lower()]
        if "." in number:
            whole, frac = number.split(".")
            total += int(whole) * scale + (int(frac) * scale) // (10 ** len(frac))
        else:
            total += int(number) * scale
        pos = match.end()
    if pos != len(body) or not body:
        raise StSyntaxError(f"malformed duration literal '{text}' (expected e.g. T#2S500MS or T#1h_30m)", span)
    return sign * total


def tokenize(text: str, path: str = "<source>", dialect: Dialect = SCL) -> list[Token]:
    """Split ``text`` into tokens; raises :class:`StSyntaxError` at the first bad character."""
    return _Scanner(text, path, dialect).run()


def tokenize_with_comments(text: str, path: str = "<source>", dialect: Dialect = SCL,
                           line_base: int = 1) -> tuple[list[Token], dict[int, str]]:
    """Tokens plus the ``//`` comments by line number (declarations take their unit from them).

    ``line_base`` is the number of the text's first line (a Logix routine's lines count from its first)."""
    scanner = _Scanner(text, path, dialect, line_base)
    return scanner.run(), scanner.comments
