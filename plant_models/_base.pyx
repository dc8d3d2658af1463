# cython: language_level=3
"""The shared base of the compiled plant models: time in, typed state out."""


cdef class PlantModel:
    """Base of every compiled model: :meth:`step` takes integer nanoseconds, like the rest of the framework."""

    cdef void advance(self, double dt_s) noexcept nogil:
        pass

    def step(self, long long dt_ns):
        """Advance the model by ``dt_ns`` nanoseconds of (virtual) time."""
        if dt_ns < 0:
            raise ValueError(f"cannot step a plant model backwards ({dt_ns} ns)")
        cdef double dt_s = dt_ns * 1e-9
        with nogil:
            self.advance(dt_s)
