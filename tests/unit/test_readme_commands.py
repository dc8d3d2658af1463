"""The README's two commands are the ones CI and users run; they must not drift from .ci/run."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)[:2]


def test_the_readme_starts_with_the_feature_suite_and_the_test_commands() -> None:
    features, tests = _readme_commands()
    assert features.endswith(".venv/bin/pytest features --gherkin-terminal-reporter -v")
    assert tests.endswith(".venv/bin/pytest && .venv/bin/mypy && .venv/bin/ruff check .")  # the static checks run after the tests
    assert features.startswith("python3 -m venv .venv && .venv/bin/pip install")


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci_lines[-1] == _readme_commands()[1]
