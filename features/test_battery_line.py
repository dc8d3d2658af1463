"""Collects every feature file of the battery line suite; each runs on the rig beside it (or its @rig tag)."""
from pytest_bdd import scenarios

scenarios(".")
