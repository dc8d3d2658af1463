"""Tags: names bound to PLC addresses and data types, their codecs, and the tag-table loaders."""
from __future__ import annotations

from hil.tags._access import FieldCodec
from hil.tags._address import Area, S7Address, parse_s7_address
from hil.tags._l5x import L5xProgram, L5xRoutine, L5xTag, L5xTask, LogixProject, load_l5x
from hil.tags._loaders import load_tag_table
from hil.tags._logix import (
    ATOMIC_TYPES,
    AtomicType,
    LogixType,
    MemberDecl,
    StructMember,
    StructType,
    decode_logix,
    encode_logix,
    make_string_type,
    make_struct,
)
from hil.tags._logix_predefined import PREDEFINED as LOGIX_PREDEFINED_TYPES
from hil.tags._logix_tags import logix_tag_table
from hil.tags._table import Direction, LogixAddress, Tag, TagTable
from hil.tags._types import DataType, decode, encode, parse_data_type

__all__ = [
    "FieldCodec",
    "ATOMIC_TYPES",
    "Area",
    "AtomicType",
    "L5xProgram",
    "L5xRoutine",
    "L5xTag",
    "L5xTask",
    "LogixProject",
    "LogixType",
    "LOGIX_PREDEFINED_TYPES",
    "MemberDecl",
    "StructMember",
    "StructType",
    "decode_logix",
    "encode_logix",
    "load_l5x",
    "make_string_type",
    "make_struct",
    "DataType",
    "Direction",
    "S7Address",
    "Tag",
    "TagTable",
    "decode",
    "encode",
    "load_tag_table",
    "logix_tag_table",
    "LogixAddress",
    "parse_data_type",
    "parse_s7_address",
]
