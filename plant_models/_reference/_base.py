"""Pure-Python twin of plant_models/_base.pyx: the same stepping, noise generator, faults and snapshots."""
from __future__ import annotations

import copy
import math
from typing import Any

from plant_models.errors import UnknownSignalError, close_names

_MASK = 0xFFFFFFFFFFFFFFFF
_TWO_PI = 6.283185307179586
_INV_2_53 = 1.0 / 9007199254740992.0


def splitmix64(seed: int) -> int:
    """The xorshift state for ``seed``: splitmix64 so that nearby seeds give unrelated streams."""
    z = (int(seed) + 0x9E3779B97F4A7C15) & _MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    z ^= z >> 31
    return z or 1


def clamp(x: float, lo: float, hi: float) -> float:
    if x < lo:
        return lo
    if x > hi:
        return hi
    return x


def lag(x: float, target: float, dt: float, tau: float) -> float:
    """Exact solution of ``tau dx/dt = target - x`` over ``dt``."""
    return target + (x - target) * math.exp(-dt / tau)


def ramp(x: float, target: float, max_delta: float) -> float:
    if target > x + max_delta:
        return x + max_delta
    if target < x - max_delta:
        return x - max_delta
    return target


class ReferenceModel:
    """Base of the pure-Python twins; mirrors ``plant_models._base.PlantModel``."""

    FAULTS: tuple[str, ...] = ()

    def __init__(self) -> None:
        self._rng = splitmix64(0)
        self._fault_on = [False] * 16
        self._fault_value = [0.0] * 16

    def advance(self, dt_s: float) -> None:
        raise NotImplementedError

    def step(self, dt_ns: int) -> None:
        if dt_ns < 0:
            raise ValueError(f"cannot step a plant model backwards ({dt_ns} ns)")
        self.advance(dt_ns * 1e-9)

    def run(self, dt_ns: int, steps: int) -> None:
        """``steps`` consecutive :meth:`step` calls of ``dt_ns`` each."""
        if dt_ns < 0:
            raise ValueError(f"cannot step a plant model backwards ({dt_ns} ns)")
        dt_s = dt_ns * 1e-9
        for _ in range(steps):
            self.advance(dt_s)

    def seed(self, seed: int) -> None:
        self._rng = splitmix64(seed)

    def _uniform(self) -> float:
        x = self._rng
        x ^= x >> 12
        x ^= (x << 25) & _MASK
        x ^= x >> 27
        self._rng = x
        return float(((x * 0x2545F4914F6CDD1D) & _MASK) >> 11) * _INV_2_53

    def _gauss(self) -> float:
        u1 = self._uniform() + 0.5 * _INV_2_53
        u2 = self._uniform()
        return math.sqrt(-2.0 * math.log(u1)) * math.cos(_TWO_PI * u2)

    def _fault_slot(self, name: str) -> int:
        faults = type(self).FAULTS
        try:
            return faults.index(name)
        except ValueError:
            raise UnknownSignalError(
                f"{type(self).__name__} has no fault '{name}' (faults: {', '.join(faults) or 'none'})",
                name=name,
                close_matches=close_names(name, faults),
            ) from None

    def enable_fault(self, name: str, value: float = 1.0, index: int | None = None) -> None:
        self._set_fault(self._fault_slot(name), True, float(value), index)

    def clear_fault(self, name: str, index: int | None = None) -> None:
        self._set_fault(self._fault_slot(name), False, 0.0, index)

    def clear_faults(self) -> None:
        for slot in range(len(type(self).FAULTS)):
            self._set_fault(slot, False, 0.0, None)

    def _set_fault(self, slot: int, on: bool, value: float, index: int | None) -> None:
        if index is not None:
            raise ValueError(f"fault '{type(self).FAULTS[slot]}' of {type(self).__name__} has no unit index")
        self._fault_on[slot] = bool(on)
        self._fault_value[slot] = value if on else 0.0

    @property
    def faults(self) -> dict[str, float]:
        return {name: self._fault_value[i] for i, name in enumerate(type(self).FAULTS) if self._fault_on[i]}

    def snapshot(self) -> tuple[type, Any]:
        return (type(self), copy.deepcopy(self.__dict__))

    def restore(self, snapshot: tuple[type, Any]) -> None:
        cls, state = snapshot
        if cls is not type(self):
            raise TypeError(f"cannot restore a {cls.__name__} snapshot into a {type(self).__name__}")
        self.__dict__.update(copy.deepcopy(state))
