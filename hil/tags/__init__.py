"""Tags: names bound to PLC addresses and data types, their codecs, and the tag-table loaders."""
from __future__ import annotations

from hil.tags._address import Area, S7Address, parse_s7_address
from hil.tags._loaders import load_tag_table
from hil.tags._table import Direction, Tag, TagTable
from hil.tags._types import DataType, decode, encode, parse_data_type

__all__ = [
    "Area",
    "DataType",
    "Direction",
    "S7Address",
    "Tag",
    "TagTable",
    "decode",
    "encode",
    "load_tag_table",
    "parse_data_type",
    "parse_s7_address",
]
