"""Source snippets the plugin tests write into their pytester projects."""
from __future__ import annotations

__all__ = ["slow_plant_conftest"]


def slow_plant_conftest(slow_step: int) -> str:
    """A conftest whose plant models take 60 ms on step ``slow_step``: six 10 ms periods missed, as a
    stalled rig PC would, so a real-time run overruns on purpose."""
    return f'''
import time

import plant_models

_create = plant_models.create


class OneSlowStep:
    def __init__(self, model):
        object.__setattr__(self, "_model", model)
        object.__setattr__(self, "_steps", 0)

    def step(self, dt_ns):
        object.__setattr__(self, "_steps", self._steps + 1)
        if self._steps == {slow_step}:
            time.sleep(0.06)  # ok: the overrun this test forces on purpose
        self._model.step(dt_ns)

    def __getattr__(self, name):
        return getattr(self._model, name)

    def __setattr__(self, name, value):
        setattr(self._model, name, value)


plant_models.create = lambda name, **params: OneSlowStep(_create(name, **params))
'''
