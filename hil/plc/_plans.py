"""Read and write plans: a fixed set of tags coalesced into as few S7 requests as possible.

A plan is built once for a set of tags and reused every cycle, so the per-cycle work is only the
transfer and the struct (un)packing.

Reads merge tags of one area whose byte ranges lie within ``max_gap`` bytes of each other (reading
a hundred unused bytes costs less than another request on the wire). Writes merge only ranges that touch, because
writing a gap would overwrite bytes somebody else owns.

A write block whose bytes hold bits of other tags (a BOOL input next to a PLC flag in the same byte)
needs the PLC's current byte first: the S7 protocol has no bit write that leaves the byte's other
bits alone. In M, DB and Q the PLC itself may change those bits between two writes, so such blocks
are read before every write (``read_first``). The input area I is written only by the test side, so
its blocks are read once and then whenever another write touched them (``stale``); for the same
reason an input block whose bytes did not change since the plan last wrote them is not written again
(a limit contact that stays closed costs no request), until :meth:`WritePlan.forget` says the PLC's
memory may have changed behind the plan's back (a cold restart, a restored snapshot).
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
    """A contiguous byte range of one area: what one request item reads or writes."""

    area: Area
    db: int
    start: int
    size: int

    def __str__(self) -> str:
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
    """Encodes values for a fixed list of tags into few write requests.

    Each block keeps a shadow of its bytes; :meth:`encode` patches the new values into the shadows.
    Blocks listed in :attr:`read_first` must be refreshed with :meth:`refresh` from the PLC before
    :meth:`encode`, because they share bytes with bits the plan does not own.
    """

    def __init__(self, tags: Sequence[Tag]) -> None:
        self.tags = tuple(tags)
        self.blocks, self._slots = _coalesce(self.tags, max_gap=0)
        self._shadows = [bytearray(block.size) for block in self.blocks]
        self._fields = [(tag.name, self._shadows[block], FieldCodec(tag, offset))
                        for tag, (block, offset) in zip(self.tags, self._slots)]
        owned_bits: list[bytearray] = [bytearray(block.size) for block in self.blocks]  # a bit mask per byte
        for tag, (block, offset) in zip(self.tags, self._slots):
            if tag.data_type is DataType.BOOL:
                owned_bits[block][offset] |= 1 << (tag.s7.bit or 0)
            else:
                owned_bits[block][offset : offset + tag.s7.size] = b"\xff" * tag.s7.size
        shared = [i for i, mask in enumerate(owned_bits) if any(byte != 0xFF for byte in mask)]
        self.read_first = tuple(i for i in shared if self.blocks[i].area is not Area.I)
        self.stale = {i for i in shared if self.blocks[i].area is Area.I}
        self._sent: list[bytes | None] = [None] * len(self.blocks)  # what the plan last wrote (inputs only)

    def forget(self) -> None:
        """The PLC's memory changed behind the plan (cold restart, restore): read and write everything again."""
        self.stale |= {i for i, block in enumerate(self.blocks) if block.area is Area.I and i not in self.read_first}
        self._sent = [None] * len(self.blocks)

    def blocks_to_read(self) -> list[int]:
        """The blocks whose current bytes the plan needs before the next :meth:`encode`."""
        return sorted(set(self.read_first) | self.stale)

    def refresh(self, block: int, data: bytes | bytearray) -> None:
        """Load the PLC's current bytes of ``block`` (for read-modify-write)."""
        self._shadows[block][:] = data
        self.stale.discard(block)

    def invalidate(self, written: Block) -> None:
        """Another write changed ``written``: input blocks sharing bytes with it must be read again."""
        for index, block in enumerate(self.blocks):
            if (block.area, block.db) == (written.area, written.db) and block.start < written.start + written.size \
                    and written.start < block.start + block.size and block.area is Area.I:
                self.stale.add(index)
                self._sent[index] = None

    def encode(self, values: Mapping[str, Value]) -> list[tuple[Block, bytes]]:
        """Patch ``values`` (every tag of the plan, by name) into the shadows; returns what to write."""
        for name, shadow, codec in self._fields:
            codec.put(shadow, values[name])
        writes = []
        for index, (block, shadow) in enumerate(zip(self.blocks, self._shadows)):
            data = bytes(shadow)
            if block.area is Area.I:
                if data == self._sent[index]:
                    continue  # the PLC's input image already holds exactly these bytes
                self._sent[index] = data
            writes.append((block, data))
        return writes


class NamePlan:
    """The plan of a target addressed by tag name (Logix): the tags themselves, nothing to coalesce.

    It answers the byte-plan questions the same way a plan with nothing to read first would, so the
    kernel drives both kinds of target identically.
    """

    def __init__(self, tags: Sequence[Tag]) -> None:
        self.tags = tuple(tags)
        self.blocks: list[Block] = []
        self.read_first: tuple[int, ...] = ()
        self.stale: set[int] = set()

    def blocks_to_read(self) -> list[int]:
        return []

    def forget(self) -> None:
        pass

    def invalidate(self, written: Block) -> None:
        pass
