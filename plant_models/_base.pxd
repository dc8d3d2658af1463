# The shared base of every compiled plant model.
cdef class PlantModel:
    # Advance the model by dt_s seconds. Runs without the GIL so a line of models can step in C.
    cdef void advance(self, double dt_s) noexcept nogil
