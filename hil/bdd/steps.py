"""The step library: the phrases feature files can use. Each step is one call into ScenarioContext.

Phrases (``<name>`` is a PLC tag such as ``Oven.Zone2.HeaterContactor`` or a plant signal such as
``zone2.temperature``; values are ``on``/``off``, numbers, or quantities like ``185 °C``):

* ``<name> is set to <value>`` (Given/When)
* ``<name> is <value> within <duration>`` (Given/Then); ``<value>`` may carry a tolerance: ``140 °C ± 2 °C``
* ``<name> stays <value> for <duration>`` (Given/Then)
"""
from __future__ import annotations

from pytest_bdd import given, parsers, then, when

from hil.bdd._context import ScenarioContext

__all__: list[str] = []

_NAME = r"(?P<name>[A-Za-z_][\w.:\[\]]*)"
SET = parsers.re(rf"{_NAME} is set to (?P<value>.+)")
WITHIN = parsers.re(rf"{_NAME} is (?P<value>.+?) within (?P<duration>.+)")
STAYS = parsers.re(rf"{_NAME} stays (?P<value>.+?) for (?P<duration>.+)")


@given(SET)
@when(SET)
def set_value(hil: ScenarioContext, name: str, value: str) -> None:
    hil.set(name, value)


@given(WITHIN)
@then(WITHIN)
def is_within(hil: ScenarioContext, name: str, value: str, duration: str) -> None:
    hil.expect_within(name, value, duration)


@given(STAYS)
@then(STAYS)
def stays_for(hil: ScenarioContext, name: str, value: str, duration: str) -> None:
    hil.expect_stays(name, value, duration)
