# The shared base of every compiled plant model, and the small numeric helpers they all use.
from libc.math cimport exp
from libc.stdint cimport uint64_t

cdef enum:
    MAX_FAULTS = 16   # device faults per model; a model's FAULTS tuple maps names to slots 0..15

cdef class PlantModel:
    # Seeded xorshift64* state: the only source of noise, so a run is reproducible bit for bit.
    cdef uint64_t _rng
    # Fault slots, indexed by position in the class's FAULTS tuple; read by advance() without the GIL.
    cdef bint _fault_on[MAX_FAULTS]
    cdef double _fault_value[MAX_FAULTS]
    # Advance the model by dt_s seconds. Runs without the GIL so a line of models can step in C.
    cdef void advance(self, double dt_s) noexcept nogil
    cdef double _uniform(self) noexcept nogil
    cdef double _gauss(self) noexcept nogil


cdef inline double clamp(double x, double lo, double hi) noexcept nogil:
    if x < lo:
        return lo
    if x > hi:
        return hi
    return x


cdef inline double lag(double x, double target, double dt, double tau) noexcept nogil:
    # Exact solution of tau dx/dt = target - x over dt for a constant target: stable for any step.
    return target + (x - target) * exp(-dt / tau)


cdef inline double ramp(double x, double target, double max_delta) noexcept nogil:
    # Move toward target by at most max_delta (a rate limit, e.g. a VFD acceleration ramp).
    if target > x + max_delta:
        return x + max_delta
    if target < x - max_delta:
        return x - max_delta
    return target


cdef inline double lagf(double x, double target, double factor) noexcept nogil:
    # lag() with factor = exp(-dt/tau) computed once per step size: the same bits, without the exp.
    return target + (x - target) * factor
