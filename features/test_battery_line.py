"""Collects every feature file of the battery line suite (pytest-bdd needs one test module to do it)."""
from pytest_bdd import scenarios

scenarios("oven")
