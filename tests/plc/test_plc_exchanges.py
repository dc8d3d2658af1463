"""What a judge may conclude from a target (issue 13, "the judge sees the truth"): whether the latest exchange was
lost, and the target's timing resolution (one scan of a soft PLC in virtual time, one exchange period of a PLC
on its own clock)."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from _plc_helpers import Follower, s7_tag

from hil.errors import PlcConnectionError
from hil.plc import GuardedTarget, InProcessTarget, LogixTarget, Observable, S7Target
from hil.softplc import S7SoftPlc
from hil.tags import TagTable
from hil.units import MS

IN, OUT = s7_tag("In", "I0.0"), s7_tag("Out", "Q0.0")


@pytest.fixture
def soft() -> Iterator[S7SoftPlc]:
    with S7SoftPlc(TagTable([IN, OUT]), Follower(4 * MS)).serve() as plc:
        yield plc


def test_resolution_is_the_scan_in_virtual_time_and_the_exchange_period_on_the_wall_clock(soft: S7SoftPlc) -> None:
    assert InProcessTarget("ip", S7SoftPlc(TagTable([IN, OUT]), Follower(4 * MS))).resolution_ns == 4 * MS
    assert S7Target("stepped", "127.0.0.1", soft.port, stepper=soft).resolution_ns == 4 * MS
    real = S7Target("real", "127.0.0.1", soft.port, exchange_period_ns=10 * MS)
    assert real.resolution_ns == 10 * MS  # it may scan twice between two exchanges: one exchange is all it proves
    assert GuardedTarget(real, ["In"]).resolution_ns == 10 * MS
    assert LogixTarget("lx", "127.0.0.1", exchange_period_ns=20 * MS).resolution_ns == 20 * MS
    assert S7Target("unknown", "127.0.0.1").resolution_ns is None  # nothing provable without the period


def test_a_failed_exchange_is_reported_lost_until_one_succeeds(soft: S7SoftPlc) -> None:
    target = S7Target("line", "127.0.0.1", soft.port, stepper=soft)
    guarded = GuardedTarget(target, ["In"])
    assert isinstance(guarded, Observable) and isinstance(target, Observable)
    with target:
        read = target.read_plan([OUT])
        assert target.read(read) == {"Out": False} and not target.last_exchange_lost
    with pytest.raises(PlcConnectionError):
        target.read(read)  # closed: the exchange fails
    assert target.last_exchange_lost and guarded.last_exchange_lost and target.exchanges_lost == 1
    with target:
        target.write(target.write_plan([IN]), {"In": True})
        assert not target.last_exchange_lost
        guarded.mark_exchange_lost()  # an injected drop, reported by the comm-fault layer
        assert target.last_exchange_lost and target.exchanges_lost == 2
        target.advance(4 * MS)
        assert target.read(read) == {"Out": True} and not guarded.last_exchange_lost
