# cython: language_level=3
"""The shared base of the compiled plant models: time in, typed state out, faults by name, snapshots.

Every model is stepped with integer nanoseconds (``step(dt_ns)``) and holds all its state in the cdef
class, so one Python call advances the whole machine in C. Noise comes from a seeded xorshift64*
generator held in the object; the pure-Python twins (``plant_models/_reference/_base.py``) use the same
generator, so compiled and reference runs match bit for bit.
"""
from libc.math cimport cos, log, sqrt

from plant_models.errors import UnknownSignalError, close_names

cdef double _TWO_PI = 6.283185307179586
cdef double _INV_2_53 = 1.0 / 9007199254740992.0


def splitmix64(seed):
    """The xorshift state for ``seed`` (any int): splitmix64 so that nearby seeds give unrelated streams."""
    mask = 0xFFFFFFFFFFFFFFFF
    z = (int(seed) + 0x9E3779B97F4A7C15) & mask
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
    z ^= z >> 31
    return z or 1


cdef class PlantModel:
    """Base of every compiled model.

    Subclasses list their device faults in the class attribute ``FAULTS``; a fault is enabled and
    cleared by name at run time (``enable_fault("fan_failure")``) and carries one number (a drift rate,
    a resistance) where the fault needs one.
    """

    FAULTS = ()

    def __cinit__(self):
        self._rng = splitmix64(0)

    cdef void advance(self, double dt_s) noexcept nogil:
        pass

    def step(self, long long dt_ns):
        """Advance the model by ``dt_ns`` nanoseconds of (virtual) time."""
        if dt_ns < 0:
            raise ValueError(f"cannot step a plant model backwards ({dt_ns} ns)")
        # advance() needs no GIL, but releasing it costs more than one machine's step: keep it held
        # here; a caller stepping many models (or a big formation rack) releases it around the loop.
        self.advance(dt_ns * 1e-9)

    # --- noise -----------------------------------------------------------------------------------
    def seed(self, seed):
        """Restart the noise generator from ``seed``."""
        self._rng = splitmix64(seed)

    cdef double _uniform(self) noexcept nogil:
        # xorshift64*: 53 high bits -> [0, 1)
        cdef uint64_t x = self._rng
        x ^= x >> 12
        x ^= x << 25
        x ^= x >> 27
        self._rng = x
        return <double>((x * <uint64_t>0x2545F4914F6CDD1D) >> 11) * _INV_2_53

    cdef double _gauss(self) noexcept nogil:
        # Box-Muller; the half-step offset keeps u1 out of zero so log() is finite.
        cdef double u1 = self._uniform() + 0.5 * _INV_2_53
        cdef double u2 = self._uniform()
        return sqrt(-2.0 * log(u1)) * cos(_TWO_PI * u2)

    # --- faults ----------------------------------------------------------------------------------
    def _fault_slot(self, name):
        faults = type(self).FAULTS
        try:
            return faults.index(name)
        except ValueError:
            raise UnknownSignalError(
                f"{type(self).__name__} has no fault '{name}' (faults: {', '.join(faults) or 'none'})",
                name=name,
                close_matches=close_names(name, faults),
            ) from None

    def enable_fault(self, name, value=1.0, index=None):
        """Inject device fault ``name``; ``value`` is its magnitude where it has one (see the model's doc).

        ``index`` picks the unit (a cell, a channel) for models with many; others refuse it.
        """
        self._set_fault(self._fault_slot(name), True, float(value), index)

    def clear_fault(self, name, index=None):
        """Remove device fault ``name`` (on unit ``index`` where the model has units)."""
        self._set_fault(self._fault_slot(name), False, 0.0, index)

    def clear_faults(self):
        """Remove every injected fault."""
        for slot in range(len(type(self).FAULTS)):
            self._set_fault(slot, False, 0.0, None)

    def _set_fault(self, int slot, bint on, double value, index):
        if index is not None:
            raise ValueError(f"fault '{type(self).FAULTS[slot]}' of {type(self).__name__} has no unit index")
        self._fault_on[slot] = on
        self._fault_value[slot] = value if on else 0.0

    @property
    def faults(self):
        """The active faults: ``{name: value}``."""
        return {name: self._fault_value[i] for i, name in enumerate(type(self).FAULTS) if self._fault_on[i]}

    # --- snapshot / restore ----------------------------------------------------------------------
    def snapshot(self):
        """The full state (inputs, states, faults, noise generator), for :meth:`restore`."""
        reduced = self.__reduce_cython__()
        return (type(self), reduced[2] if len(reduced) > 2 else reduced[1][2])

    def restore(self, snapshot):
        """Put back a state taken with :meth:`snapshot` (of a model of the same class)."""
        cls, state = snapshot
        if cls is not type(self):
            raise TypeError(f"cannot restore a {cls.__name__} snapshot into a {type(self).__name__}")
        self.__setstate_cython__(state)

    def run(self, long long dt_ns, long long steps):
        """``steps`` consecutive :meth:`step` calls of ``dt_ns`` each, in one call (warped pre-conditioning)."""
        if dt_ns < 0:
            raise ValueError(f"cannot step a plant model backwards ({dt_ns} ns)")
        cdef double dt_s = dt_ns * 1e-9
        cdef long long k
        for k in range(steps):
            self.advance(dt_s)
