"""Read and write plans: a fixed set of tags coalesced into as few S7 requests as possible.

A plan is built once for a set of tags and reused every cycle, so the per-cycle work is only the
transfer and the struct (un)packing.

Reads merge tags of one area whose byte ranges lie within ``max_gap`` bytes of each other (reading
a hundred unused bytes costs less than another request on the wire). Writes merge only ranges that touch, because
writing a gap would overwrite bytes somebody else owns.

A BOOL that shares its byte with bits the plan does not own (a test input next to a PLC flag) is written
as one bit (S7 transport size BIT), never as a read-modify-write of its byte: the PLC may scan between
the read and the write, and the write would then revert what the scan changed (issue 13, item 8).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from hil.tags import Area, DataType, FieldCodec, Tag

__all__ = ["Block", "NamePlan", "ReadPlan", "WritePlan"]

Value = bool | int | float

# A negotiated PDU of 480 bytes carries 462 data bytes in a read reply (480 - 18 header bytes).
MAX_BLOCK_BYTES = 462


@dataclass(frozen=True)
class Block:
    """A contiguous byte range of one area: what one request item reads or writes.

    With ``bit`` set, the item is that one bit of byte ``start`` (``size`` 1): a bit write, whose data is
    ``b"\x01"`` (set) or ``b"\x00"`` (clear), and which leaves the byte's other bits alone.
    """

    area: Area
    db: int
    start: int
    size: int
    bit: int | None = None

    def overlaps(self, other: Block) -> bool:
        """Whether the two items touch a common bit."""
        return ((self.area, self.db) == (other.area, other.db) and self.start < other.start + other.size
                and other.start < self.start + self.size
                and (self.bit is None or other.bit is None or self.bit == other.bit))

    def __str__(self) -> str:
        if self.bit is not None:
            return f"DB{self.db}.DBX{self.start}.{self.bit}" if self.area is Area.DB else \
                f"{self.area.name}{self.start}.{self.bit}"
        area = f"DB{self.db}" if self.area is Area.DB else self.area.name
        return f"{area}[{self.start}:{self.start + self.size}]"


def _coalesce(tags: Sequence[Tag], max_gap: int) -> tuple[list[Block], list[tuple[int, int]]]:
    """Group tags into blocks; returns the blocks and, per tag (in input order), (block index, offset)."""
    order = sorted(range(len(tags)), key=lambda i: (tags[i].s7.area.value, tags[i].s7.db, tags[i].s7.byte))
    blocks: list[Block] = []
    slots: list[tuple[int, int]] = [(0, 0)] * len(tags)
    for index in order:
        address = tags[index].s7
        end = address.byte + address.size
        last = blocks[-1] if blocks else None
        if (
            last is not None
            and last.area is address.area
            and last.db == address.db
            and address.byte <= last.start + last.size + max_gap
            and max(end, last.start + last.size) - last.start <= MAX_BLOCK_BYTES
        ):
            blocks[-1] = Block(last.area, last.db, last.start, max(end, last.start + last.size) - last.start)
        else:
            blocks.append(Block(address.area, address.db, address.byte, address.size))
        slots[index] = (len(blocks) - 1, address.byte - blocks[-1].start)
    return blocks, slots


class ReadPlan:
    """Reads a fixed list of tags in few requests and decodes them by name."""

    def __init__(self, tags: Sequence[Tag], max_gap: int = 128) -> None:
        self.tags = tuple(tags)
        self.blocks, self._slots = _coalesce(self.tags, max_gap)
        self._fields = [(tag.name, block, FieldCodec(tag, offset)) for tag, (block, offset) in zip(self.tags, self._slots)]

    def decode(self, buffers: Sequence[bytes | bytearray]) -> dict[str, Value]:
        """Decode the tags from the blocks' bytes (one buffer per block, in :attr:`blocks` order)."""
        return {name: codec.get(buffers[block]) for name, block, codec in self._fields}


class WritePlan:
    """Encodes values for a fixed list of tags into few write requests, never touching a bit it does not own.

    Tags whose bytes the plan owns entirely (numbers, and BOOLs whose byte holds only this plan's bits) are
    coalesced into byte blocks that touch. A BOOL that shares its byte with a bit the plan does not own (a PLC
    flag, another plan's input) is written as that one bit (a :class:`Block` with ``bit`` set, data ``b"\\x00"``
    or ``b"\\x01"``): S7 transport size BIT on the wire, one bit under the memory lock in process. There is no
    read-modify-write of a byte, which a scan running between the read and the write would see reverted.

    The input area I is written only by the test side, so an input block (or bit) whose value did not change since
    the plan last wrote it is not written again (a limit contact that stays closed costs no request), until
    :meth:`forget` says the PLC's memory may have changed behind the plan's back (a cold restart, a restored
    snapshot) or :meth:`invalidate` says another plan wrote the same bytes.
    """

    def __init__(self, tags: Sequence[Tag]) -> None:
        self.tags = tuple(tags)
        owned: dict[tuple[Area, int, int], int] = {}  # bits this plan owns, per byte
        for tag in self.tags:
            address = tag.s7
            for byte in range(address.byte, address.byte + address.size):
                key = (address.area, address.db, byte)
                bits_of_tag = 1 << (address.bit or 0) if tag.data_type is DataType.BOOL else 0xFF
                owned[key] = owned.get(key, 0) | bits_of_tag
        whole = [t for t in self.tags if t.data_type is not DataType.BOOL or owned[_byte_of(t)] == 0xFF]
        bits = [t for t in self.tags if t.data_type is DataType.BOOL and owned[_byte_of(t)] != 0xFF]
        byte_blocks, slots = _coalesce(whole, max_gap=0)
        self._shadows = [bytearray(block.size) for block in byte_blocks]
        self._fields = [(tag.name, self._shadows[block], FieldCodec(tag, offset))
                        for tag, (block, offset) in zip(whole, slots)]
        bit_blocks = list(dict.fromkeys(_bit_block(tag) for tag in bits))
        self._bits = [(tag.name, len(byte_blocks) + bit_blocks.index(_bit_block(tag)), FieldCodec(tag, 0))
                      for tag in bits]
        self.blocks: list[Block] = byte_blocks + bit_blocks
        self._sent: list[bytes | None] = [None] * len(self.blocks)  # what the plan last wrote (inputs only)

    def forget(self) -> None:
        """The PLC's memory changed behind the plan (cold restart, restore): write everything again."""
        self._sent = [None] * len(self.blocks)

    def invalidate(self, written: Block) -> None:
        """Another write changed ``written``: input blocks sharing bits with it must be written again."""
        for index, block in enumerate(self.blocks):
            if block.area is Area.I and block.overlaps(written):
                self._sent[index] = None

    def encode(self, values: Mapping[str, Value]) -> list[tuple[Block, bytes]]:
        """Patch ``values`` (every tag of the plan, by name) into the shadows; returns what to write."""
        for name, shadow, codec in self._fields:
            codec.put(shadow, values[name])
        data = [bytes(shadow) for shadow in self._shadows] + [b""] * (len(self.blocks) - len(self._shadows))
        scratch = bytearray(1)
        for name, index, codec in self._bits:
            codec.put(scratch, values[name])  # checks the value as a byte write would
            data[index] = b"\x01" if scratch[0] & codec.mask else b"\x00"
        writes = []
        for index, (block, payload) in enumerate(zip(self.blocks, data)):
            if block.area is Area.I:
                if payload == self._sent[index]:
                    continue  # the PLC's input image already holds exactly these bits
                self._sent[index] = payload
            writes.append((block, payload))
        return writes


def _byte_of(tag: Tag) -> tuple[Area, int, int]:
    return tag.s7.area, tag.s7.db, tag.s7.byte


def _bit_block(tag: Tag) -> Block:
    return Block(tag.s7.area, tag.s7.db, tag.s7.byte, 1, tag.s7.bit or 0)


class NamePlan:
    """The plan of a target addressed by tag name (Logix): the tags themselves, nothing to coalesce.

    It answers the byte-plan questions the same way a byte plan does, so the kernel drives both kinds of
    target identically.
    """

    def __init__(self, tags: Sequence[Tag]) -> None:
        self.tags = tuple(tags)
        self.blocks: list[Block] = []

    def forget(self) -> None:
        pass

    def invalidate(self, written: Block) -> None:
        pass
