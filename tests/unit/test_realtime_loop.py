"""The real-time loop's bookkeeping, on a fake clock: periods, late starts, overruns, the verdict."""
from __future__ import annotations

from pathlib import Path

import pytest

from hil.bdd import ScenarioContext, WaitUntil, parse_condition
from hil.errors import ScenarioFailure
from hil.kernel import Kernel, RealTimeLoop, TimingInvalid
from hil.plc import InProcessTarget
from hil.rig import load_rig
from hil.softplc import ProcessImage, ScanRuntime
from hil.units import MS

OVEN_RIG = Path(__file__).resolve().parents[2] / "features" / "oven" / "oven_zone.rig.toml"


class FakeClock:
    """Monotonic nanoseconds that move only when the loop sleeps or a slow plant takes time."""

    def __init__(self) -> None:
        self.now = 0

    def __call__(self) -> int:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += max(1, int(seconds * 1e9))


class SlowEvery:
    """Wraps a plant model; every ``every``-th step takes ``cost_ns`` of (fake) time."""

    def __init__(self, model: object, clock: FakeClock, every: int, cost_ns: int) -> None:
        self._model, self._clock, self._every, self._cost, self._steps = model, clock, every, cost_ns, 0

    def step(self, dt_ns: int) -> None:
        self._steps += 1
        if self._steps % self._every == 0:
            self._clock.now += self._cost
        self._model.step(dt_ns)  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self._model, name)

    def __setattr__(self, name: str, value: object) -> None:
        if name.startswith("_"):
            object.__setattr__(self, name, value)
        else:
            setattr(self._model, name, value)


def _kernel(clock: FakeClock, slow_every: int = 0, cost_ns: int = 0, *, virtual: bool = False) -> Kernel:
    import plant_models

    rig = load_rig(OVEN_RIG)
    spec = rig.plcs["oven"]
    assert spec.program is not None
    target = InProcessTarget("oven", ScanRuntime(ProcessImage(spec.tags), spec.program.load()))
    model = plant_models.create("oven_zone", **rig.plants["zone2"].parameters)
    plant = SlowEvery(model, clock, slow_every, cost_ns) if slow_every else model
    return Kernel(rig, {"oven": target}, {"zone2": plant}, real_time_cycle_ns=None if virtual else 10 * MS)


def _loop(kernel: Kernel, clock: FakeClock, **options: int) -> RealTimeLoop:
    return RealTimeLoop(kernel, clock=clock, sleep=clock.sleep, spin_ns=0, use_fifo=False, **options)


def test_a_loop_that_keeps_its_period_has_valid_timing() -> None:
    clock = FakeClock()
    kernel = _kernel(clock)
    with _loop(kernel, clock) as loop:
        loop.run_for(1_000 * MS)
    assert loop.stats.overruns == 0 and loop.stats.late == 0
    assert set(loop.stats.periods_ns) == {10 * MS}
    loop.verdict()
    assert "period p50 10 ms, p99 10 ms, max 10 ms; 0 overruns" in loop.stats.summary()


def test_forced_overruns_make_the_timing_invalid() -> None:
    clock = FakeClock()
    kernel = _kernel(clock, slow_every=20, cost_ns=25 * MS)  # every 20th cycle runs 25 ms: 2 slots missed
    with _loop(kernel, clock, overrun_budget=3) as loop:
        loop.run_for(1_000 * MS)
    assert loop.stats.overruns >= 8
    with pytest.raises(TimingInvalid, match=r"timing invalid: \d+ overruns exceed the budget of 3"):
        loop.verdict()


def test_steps_wait_on_conditions_evaluated_in_the_loop_thread() -> None:
    clock = FakeClock()
    kernel = _kernel(clock)
    with _loop(kernel, clock) as loop:
        context = ScenarioContext(kernel, driver=loop)
        context.set("Oven.Zone2.TempSP", "140 °C")
        context.set("zone2.temperature", "140 °C")
        context.set("Oven.Cmd.Start", "on")
        # The in-process PLC is not advanced in real-time mode (a real PLC scans by itself), so the
        # contactor never closes: the wait must end at its deadline in loop time, with a clear failure.
        # (A 'wait until': a judging step would first settle, which a PLC that never scans cannot do.)
        condition = parse_condition("Oven.Zone2.HeaterContactor is on", context.resolve)
        with pytest.raises(ScenarioFailure, match="Oven.Zone2.HeaterContactor is on did not happen within 200 ms"):
            WaitUntil(condition, 200_000_000).run(context)
    loop.verdict()


def test_pacing_holds_virtual_time_to_the_factor_and_changes_nothing_else() -> None:
    from hil.kernel import Pacer

    clock = FakeClock()
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock.sleep(seconds)

    paced = _kernel(clock, virtual=True)
    paced.pacer = Pacer(10.0, clock=clock, sleep=sleep)  # 10 x real time: 10 ms cycles take 1 ms each
    paced.run_for(100 * MS)
    assert clock.now == 9 * MS  # the first cycle sets the origin, the nine after it are held to 1 ms each
    assert slept and all(abs(s - 0.001) < 1e-9 for s in slept)
    unpaced = _kernel(FakeClock(), virtual=True)
    unpaced.run_for(100 * MS)
    assert paced.trace.columns == unpaced.trace.columns
