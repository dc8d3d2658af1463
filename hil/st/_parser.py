"""The text front end: recursive-descent parser for IEC 61131-3 ST, Siemens SCL and Logix ST routines
(expressions: :mod:`hil.st._parse_expr`).

Operator precedence (IEC 61131-3, lowest first): OR, XOR, AND/&, = <>, < > <= >=, + -, * / MOD,
unary - NOT, ``**``. Everything a TIA Portal "generate source from blocks" export contains is accepted:
block headers (``VERSION : 0.1``, ``TITLE = …``, attributes), ``BEGIN``, REGIONs, instance DBs and
DB init sections.
"""
from __future__ import annotations

from pathlib import Path

from hil.st import _ast as A
from hil.st._dialects import LOGIX, SCL, Dialect
from hil.st._errors import Span, StSyntaxError, StUnsupportedError
from hil.st._lexer import Token, tokenize_with_comments
from hil.st._parse_expr import ExprParser

__all__ = ["Parser", "parse_routine", "parse_source", "parse_text"]

_HEADER_WORDS = {"VERSION", "AUTHOR", "FAMILY", "NAME"}
_HEADER_FLAGS = {"KNOW_HOW_PROTECT", "UNLINKED", "READ_ONLY"}
_BLOCK_END = {"FUNCTION_BLOCK": "END_FUNCTION_BLOCK", "FUNCTION": "END_FUNCTION", "PROGRAM": "END_PROGRAM",
              "ORGANIZATION_BLOCK": "END_ORGANIZATION_BLOCK", "DATA_BLOCK": "END_DATA_BLOCK", "TYPE": "END_TYPE"}
_SECTION_KINDS = {"VAR", "VAR_INPUT", "VAR_OUTPUT", "VAR_IN_OUT", "VAR_TEMP", "VAR_STAT", "VAR_GLOBAL",
                  "VAR_EXTERNAL"}
_STMT_END = {"END_IF", "ELSIF", "ELSE", "END_CASE", "END_FOR", "END_WHILE", "UNTIL", "END_REPEAT", "END_REGION",
             "END_FUNCTION_BLOCK", "END_FUNCTION", "END_PROGRAM", "END_ORGANIZATION_BLOCK", "END_DATA_BLOCK"}


class Parser(ExprParser):
    """Blocks, declarations and statements of SCL / IEC ST sources and Logix ST routines."""

    def source(self) -> A.Source:
        blocks: list[A.Block] = []
        while self.tok.kind != "eof":
            if self.is_kw(*_BLOCK_END):
                blocks.extend(self.block())
            elif self.is_kw("VAR_GLOBAL"):
                section = self.var_section()
                blocks.append(A.Block("VAR_GLOBAL", "", section.span, sections=[section], path=self.path))
            else:
                raise self.error(
                    f"expected a block (FUNCTION_BLOCK, FUNCTION, DATA_BLOCK, ORGANIZATION_BLOCK, TYPE, PROGRAM), "
                    f"found {self.describe(self.tok)}")
        return A.Source(self.path, blocks)

    def block(self) -> list[A.Block]:
        start = self.next()
        kind = str(start.value)
        end_word = _BLOCK_END[kind]
        if kind == "TYPE":
            return self.type_block(start)
        name = self.name_token(f"the {kind} name")
        block = A.Block(kind, str(name.value), start.span, path=self.path)
        if kind == "FUNCTION":
            self.expect_op(":", "and the return type after the FUNCTION name (use ': Void' for none)")
            block.return_type = self.type_ref()
        block.retain = not self.header()  # a standard-access DB is retentive unless its header says NON_RETAIN
        if kind == "DATA_BLOCK":
            if self.is_kw("STRUCT"):
                struct_token = self.next()
                block.db_struct = A.StructTypeRef(self.struct_fields(), struct_token.span)
                self.optional_semicolon()
            elif self.is_kw("VAR"):  # IEC-style DB body
                section = self.var_section()
                block.db_struct = A.StructTypeRef(section.decls, section.span)
            else:
                block.db_type = self.type_ref()
                self.optional_semicolon()
            if self.is_kw("BEGIN"):
                self.next()
            block.body = self.statements()
            self.expect_kw(end_word, f"to close DATA_BLOCK \"{block.name}\"")
            return [block]
        while self.is_kw(*_SECTION_KINDS):
            block.sections.append(self.var_section())
        if self.is_kw("BEGIN"):
            self.next()
        block.body = self.statements()
        self.expect_kw(end_word, f"to close {kind} \"{block.name}\"")
        return [block]

    def header(self) -> bool:
        """Skip a block's header lines; returns whether it said NON_RETAIN."""
        non_retain = False
        while True:
            if self.is_word(*_HEADER_WORDS) and self.peek().kind == "op" and self.peek().value == ":":
                self.next(), self.next()
                self.next()  # the value: 0.1, a name, a string
            elif self.is_kw("NON_RETAIN") or self.is_word(*_HEADER_FLAGS):
                non_retain = non_retain or self.next().value == "NON_RETAIN"
            else:
                return non_retain

    def type_block(self, start: Token) -> list[A.Block]:
        blocks: list[A.Block] = []
        while True:
            name = self.name_token("the TYPE name")
            if self.is_op(":"):
                self.next()
            self.header()
            if self.is_op("("):
                raise StUnsupportedError("enumerated types (A, B, C) are not supported yet", self.tok.span)
            type_def = self.type_ref()
            self.optional_semicolon()
            blocks.append(A.Block("TYPE", str(name.value), name.span, type_def=type_def, path=self.path))
            if self.is_kw("END_TYPE"):
                self.next()
                return blocks

    def var_section(self) -> A.VarSection:
        start = self.next()
        kind = str(start.value)
        retain = False
        while self.is_kw("CONSTANT", "RETAIN", "NON_RETAIN"):
            word = self.next().value
            if word == "CONSTANT":
                kind = "VAR_CONSTANT"
            retain = retain or word == "RETAIN"
        if kind == "VAR_STAT":
            kind = "VAR"
        decls: list[A.VarDecl] = []
        while not self.is_kw("END_VAR"):
            decls.extend(self.var_decl())
        self.next()
        self.optional_semicolon()
        return A.VarSection(kind, decls, start.span, retain)

    def var_decl(self) -> list[A.VarDecl]:
        names = [self.name_token("a variable name or END_VAR")]
        while self.is_op(","):
            self.next()
            names.append(self.name_token("a variable name"))
        if self.is_op("AT") or self.is_word("AT"):
            raise StUnsupportedError("AT overlays are not supported", self.tok.span)
        self.expect_op(":", f"after the variable name '{names[0].value}'")
        type_ref = self.type_ref()
        init = None
        if self.is_op(":="):
            self.next()
            init = self.initializer()
        end = self.expect_op(";", f"after the declaration of '{names[0].value}'")
        comment = self.comments.get(end.span.line, "")
        return [A.VarDecl(str(n.value), type_ref, init, n.span, comment) for n in names]

    def initializer(self) -> object:
        if not self.is_op("["):
            return self.expression()
        self.next()
        items: list[object] = []
        while True:
            if self.tok.kind == "int" and self.peek().kind == "op" and self.peek().value == "(":
                count = int(self.next().value)  # type: ignore[call-overload]
                self.next()
                value = self.initializer() if not self.is_op(")") else None
                self.expect_op(")", "to close a repeated initial value n(value)")
                items.extend([value] * count)
            else:
                items.append(self.initializer())
            if self.is_op(","):
                self.next()
                continue
            self.expect_op("]", "to close the initial values")
            return items

    def struct_fields(self) -> list[A.VarDecl]:
        fields: list[A.VarDecl] = []
        while not self.is_kw("END_STRUCT"):
            if self.tok.kind == "eof":
                raise self.error("STRUCT without END_STRUCT")
            fields.extend(self.var_decl())
        self.next()
        return fields

    def type_ref(self) -> A.TypeRef:
        token = self.tok
        if self.is_kw("STRUCT"):
            self.next()
            fields = self.struct_fields()
            return A.StructTypeRef(fields, token.span)
        if self.is_kw("ARRAY"):
            self.next()
            self.expect_op("[", "after ARRAY")
            dims: list[tuple[A.Expr, A.Expr]] = []
            while True:
                if self.is_op("*"):
                    raise StUnsupportedError("Array[*] parameters are not supported yet", self.tok.span)
                low = self.expression()
                self.expect_op("..", "between the array bounds (e.g. Array[1..10])")
                dims.append((low, self.expression()))
                if not self.is_op(","):
                    break
                self.next()
            self.expect_op("]", "to close the array bounds")
            if not self.is_word("OF"):
                raise self.error(f"expected OF after the array bounds, found {self.describe(self.tok)}")
            self.next()
            return A.ArrayTypeRef(dims, self.type_ref(), token.span)
        if token.kind in ("ident", "qident"):
            self.next()
            name = str(token.value)
            if token.kind == "ident" and name.upper() in ("STRING", "WSTRING"):
                if name.upper() == "WSTRING":
                    raise StUnsupportedError("WSTRING is not supported yet", token.span)
                length = None
                if self.is_op("[") or self.is_op("("):
                    closing = "]" if self.next().value == "[" else ")"
                    length = self.expression()
                    self.expect_op(closing, "to close the string length")
                return A.StringTypeRef(length, token.span)
            if token.kind == "ident" and name.upper() in ("REF_TO", "POINTER", "REFERENCE", "ANY", "VARIANT"):
                raise StUnsupportedError(f"{name.upper()} (references and pointers) is not supported", token.span)
            return A.NamedTypeRef(name, token.span)
        raise self.error(f"expected a data type, found {self.describe(token)}")

    # ---- statements -------------------------------------------------------------------------------
    def statements(self, stop: frozenset[str] | set[str] = _STMT_END) -> list[A.Stmt]:
        body: list[A.Stmt] = []
        while True:
            token = self.tok
            if token.kind == "eof" or (token.kind == "kw" and token.value in stop):
                return body
            if token.kind == "region":
                body.extend(self.region())
                continue
            if self.is_op(";"):
                self.next()
                continue
            body.append(self.statement())

    def region(self) -> list[A.Stmt]:
        """``REGION title … END_REGION``: only groups statements (the title is the rest of its line)."""
        token = self.next()
        body = self.statements()
        self.expect_kw("END_REGION", f"to close REGION {token.value}".rstrip())
        self.optional_semicolon()
        return body

    def statement(self) -> A.Stmt:
        token = self.tok
        if token.kind == "kw":
            word = token.value
            if word == "IF":
                return self.if_stmt()
            if word == "CASE":
                return self.case_stmt()
            if word == "FOR":
                return self.for_stmt()
            if word == "WHILE":
                self.next()
                cond = self.expression()
                self.expect_kw("DO", "after the WHILE condition")
                body = self.statements()
                self.expect_kw("END_WHILE", "to close WHILE")
                self.optional_semicolon()
                return A.While(token.span, cond, body)
            if word == "REPEAT":
                self.next()
                body = self.statements()
                self.expect_kw("UNTIL", "to end the REPEAT body")
                cond = self.expression()
                self.optional_semicolon()
                self.expect_kw("END_REPEAT", "to close REPEAT")
                self.optional_semicolon()
                return A.Repeat(token.span, body, cond)
            if word in ("EXIT", "CONTINUE", "RETURN"):
                self.next()
                self.expect_op(";", f"after {word}")
                return {"EXIT": A.Exit, "CONTINUE": A.Continue, "RETURN": A.Return}[word](token.span)
            if word == "GOTO":
                raise StUnsupportedError("GOTO is not supported", token.span)
            raise self.error(f"unexpected {word} here; expected a statement")
        if token.kind in ("ident",) and self.peek().kind == "op" and self.peek().value == ":" \
                and self.peek(2).kind != "op":
            raise StUnsupportedError("jump labels (for GOTO) are not supported", token.span)
        target = self.postfix(self.primary())
        if self.is_op(":=") or (self.is_op("[:=]") and self.dialect.nonretentive_assign):
            nonretentive = self.next().value == "[:=]"
            value = self.expression()
            self.expect_op(";", "after the assignment")
            return A.Assign(token.span, target, value, nonretentive)
        if isinstance(target, A.Call):
            self.expect_op(";", "after the call")
            return A.CallStmt(token.span, target)
        if self.is_op("="):
            raise self.error("expected ':=' for an assignment ('=' compares)")
        raise self.error(f"expected ':=' or a call after {self.describe(token)}, found {self.describe(self.tok)}")

    def if_stmt(self) -> A.If:
        start = self.next()
        branches: list[tuple[A.Expr, list[A.Stmt]]] = []
        cond = self.expression()
        self.expect_kw("THEN", "after the IF condition")
        branches.append((cond, self.statements()))
        orelse = None
        while self.is_kw("ELSIF"):
            self.next()
            cond = self.expression()
            self.expect_kw("THEN", "after the ELSIF condition")
            branches.append((cond, self.statements()))
        if self.is_kw("ELSE"):
            self.next()
            orelse = self.statements()
        self.expect_kw("END_IF", "to close IF")
        self.optional_semicolon()
        return A.If(start.span, branches, orelse)

    def looks_like_label(self) -> bool:
        """In a CASE arm: does a label (``1, 3..5:`` / ``#ST_IDLE:``) start here, not a statement?"""
        depth = 0
        for token in self.tokens[self.i:]:
            if token.kind == "op":
                if token.value in ("(", "["):
                    depth += 1
                elif token.value in (")", "]"):
                    depth -= 1
                elif depth == 0 and token.value == ":":
                    return True
                elif depth == 0 and token.value in (";", ":="):
                    return False
            elif token.kind in ("kw", "eof", "region") and token.value not in ("NOT", "MOD", "AND", "OR", "XOR"):
                return False
        return False

    def case_stmt(self) -> A.Case:
        start = self.next()
        selector = self.expression()
        self.expect_kw("OF", "after the CASE selector")
        arms: list[tuple[list[A.CaseLabel], list[A.Stmt]]] = []
        while not self.is_kw("ELSE", "END_CASE"):
            if self.tok.kind == "eof":
                raise self.error("CASE without END_CASE")
            labels: list[A.CaseLabel] = []
            while True:
                label_token = self.tok
                low = self.expression()
                high = None
                if self.is_op(".."):
                    self.next()
                    high = self.expression()
                labels.append(A.CaseLabel(low, high, label_token.span))
                if not self.is_op(","):
                    break
                self.next()
            self.expect_op(":", "after the CASE label")
            body: list[A.Stmt] = []
            while not self.is_kw("ELSE", "END_CASE") and not self.looks_like_label():
                if self.tok.kind == "eof":
                    raise self.error("CASE without END_CASE")
                if self.is_op(";"):  # an empty statement
                    self.next()
                    continue
                if self.tok.kind == "region":
                    body.extend(self.region())
                else:
                    body.append(self.statement())
            arms.append((labels, body))
        orelse = None
        if self.is_kw("ELSE"):
            self.next()
            if self.is_op(":"):
                self.next()
            orelse = self.statements()
        self.expect_kw("END_CASE", "to close CASE")
        self.optional_semicolon()
        return A.Case(start.span, selector, arms, orelse)

    def for_stmt(self) -> A.For:
        start = self.next()
        var = self.postfix(self.primary())
        self.expect_op(":=", "after the FOR variable")
        first = self.expression()
        self.expect_kw("TO", "in FOR … TO …")
        last = self.expression()
        step = None
        if self.is_kw("BY"):
            self.next()
            step = self.expression()
        self.expect_kw("DO", "after the FOR range")
        body = self.statements()
        self.expect_kw("END_FOR", "to close FOR")
        self.optional_semicolon()
        return A.For(start.span, var, first, last, step, body)

    # ---- expressions ------------------------------------------------------------------------------
def parse_text(text: str, path: str = "<source>", dialect: Dialect = SCL) -> A.Source:
    """Parse ST/SCL source text; raises :class:`StSyntaxError` with file:line:col on the first error."""
    tokens, comments = tokenize_with_comments(text, path, dialect)
    return Parser(tokens, comments, path, dialect).source()


def parse_routine(text: str, path: str, line_base: int = 1) -> list[A.Stmt]:
    """Parse a Logix ST routine body (statements only); lines count from ``line_base``."""
    tokens, comments = tokenize_with_comments(text, path, LOGIX, line_base)
    parser = Parser(tokens, comments, path, LOGIX)
    body = parser.statements()
    if parser.tok.kind != "eof":
        raise parser.error(f"unexpected {parser.describe(parser.tok)}; expected a statement")
    return body


def parse_source(path: str | Path, dialect: Dialect = SCL) -> A.Source:
    """Parse an ``.scl``/``.st``/``.udt``/``.db`` file."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise StSyntaxError(f"cannot read the source file: {exc.strerror}", Span(str(file), 1, 1)) from exc
    return parse_text(text, str(file), dialect)
