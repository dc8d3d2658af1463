"""hil.wire: the codecs servers and clients share, checked against the byte layouts they document.

Expected bytes come from the layouts (hil.wire module docstrings; logix-cip-wire.md §5 and §18 for the
Read-Modify-Write request pycomm3 1.2.16 sends), never from running the codec.
"""
from __future__ import annotations

import pytest

from hil.wire import (
    COLD_RESTART,
    CONTROL_DB_SIZE,
    STEP_REPLY_OFFSET,
    STEP_REPLY_SIZE,
    STEP_REQUEST_SIZE,
    CipError,
    CipStatus,
    StepReply,
    bit_masks,
    decode_advance,
    decode_advance_reply,
    decode_attributes_reply,
    decode_reset_reply,
    encode_advance,
    pack_step_reply,
    pack_step_request,
    parse_rmw,
    rmw_data,
    unpack_step_reply,
    unpack_step_request,
)


# -- S7 stepping control block ------------------------------------------------------------------------------
def test_the_control_block_layout() -> None:
    assert (STEP_REQUEST_SIZE, STEP_REPLY_OFFSET, STEP_REPLY_SIZE, CONTROL_DB_SIZE) == (12, 12, 20, 32)
    # request 5, advance 2**33 + 7 ns: big-endian DWORDs request | advance high | advance low
    assert pack_step_request(5, 2**33 + 7) == bytes.fromhex("00000005 00000002 00000007")
    assert unpack_step_request(bytes.fromhex("00000005 00000002 00000007")) == (5, 2**33 + 7)
    assert pack_step_request(2**32 + 1, COLD_RESTART) == bytes.fromhex("00000001 ffffffff ffffffff")


def test_the_control_block_reply() -> None:
    raw = bytes.fromhex("00000009 00000000 00000001 00000010 00989680")  # ack 9, ok, now 2**32 + 16, cycle 10 ms
    assert unpack_step_reply(raw) == StepReply(ack=9, status=0, now_ns=2**32 + 16, cycle_ns=10_000_000)
    assert pack_step_reply(9, 0, 2**32 + 16, 10_000_000) == raw


def test_a_step_outside_64_bits_is_refused() -> None:
    with pytest.raises(ValueError, match="2\\*\\*64"):
        pack_step_request(1, -1)


# -- CIP virtual time object --------------------------------------------------------------------------------
def test_virtual_time_requests_and_replies() -> None:
    assert encode_advance(10_000_000) == bytes.fromhex("8096980000000000")  # ULINT, little-endian
    assert decode_advance(bytes.fromhex("8096980000000000")) == 10_000_000
    state = decode_attributes_reply(bytes.fromhex("0100000000000000 0200000000000000 0300000000000000"))
    assert (state.now_ns, state.cycle_ns, state.scans) == (1, 2, 3)
    assert decode_advance_reply(bytes.fromhex("4000000000000000 04000000")) == (64, 4)
    assert decode_reset_reply(bytes(8)) == 0


def test_virtual_time_errors() -> None:
    with pytest.raises(CipError) as short:
        decode_advance(b"\x01")
    assert short.value.status == CipStatus.NOT_ENOUGH_DATA
    with pytest.raises(CipError) as long:
        decode_advance((3_600 * 10**9 + 1).to_bytes(8, "little"))
    assert long.value.status == CipStatus.INVALID_PARAMETER
    with pytest.raises(ValueError, match="Advance reply of 4 bytes"):
        decode_advance_reply(bytes(4))


# -- CIP Read-Modify-Write Tag (0x4E) ------------------------------------------------------------------------
def test_rmw_masks_set_and_clear_one_bit() -> None:
    assert bit_masks(3, True, 4) == (0x08, 0xFFFFFFFF)
    assert bit_masks(3, False, 4) == (0x00, 0xFFFFFFF7)
    assert bit_masks(0, False, 1) == (0x00, 0xFE)
    with pytest.raises(ValueError):
        bit_masks(8, True, 1)


def test_rmw_request_data_as_pycomm3_sends_it() -> None:
    # logix-cip-wire.md §5: write('dint1.3', True) -> 04 00 | 08 00 00 00 | ff ff ff ff ff ff ff ff (8 AND bytes)
    pycomm3 = bytes.fromhex("0400 08000000 ffffffffffffffff")
    assert parse_rmw(pycomm3) == (4, 0x08, 0xFFFFFFFF)
    assert rmw_data(4, *bit_masks(3, True, 4)) == bytes.fromhex("0400 08000000 ffffffff")


@pytest.mark.parametrize(("data", "status"), [(b"\x04", CipStatus.NOT_ENOUGH_DATA),
                                              (bytes.fromhex("0300 00 00 00 ff ff ff"), CipStatus.GENERAL),
                                              (bytes.fromhex("0400 08000000 ffff"), CipStatus.NOT_ENOUGH_DATA)])
def test_bad_rmw_requests_are_cip_errors(data: bytes, status: int) -> None:
    with pytest.raises(CipError) as error:
        parse_rmw(data)
    assert error.value.status == status
