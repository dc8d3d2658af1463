"""The plugin's options, each declared once: a command-line flag, an ini key and an ``HIL_*`` variable.

Precedence: the flag, then the environment variable, then the ini key, then the default.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from hil.errors import ConfigError
from hil.line import TARGET_KINDS

__all__ = ["OPTIONS", "Settings", "add_options", "read_settings"]


@dataclass(frozen=True)
class Option:
    name: str  # e.g. "target" → --hil-target, hil_target, HIL_TARGET
    help: str
    default: str | None = None
    flag_only: bool = False  # a switch: --hil-x takes no value; ini and environment take true/false

    @property
    def flag(self) -> str:
        return f"--hil-{self.name.replace('_', '-')}"

    @property
    def ini(self) -> str:
        return f"hil_{self.name}"

    @property
    def env(self) -> str:
        return f"HIL_{self.name.upper()}"


OPTIONS = (
    Option("target", "where the PLCs run: " + "; ".join(f"{k}: {v}" for k, v in TARGET_KINDS.items()), "softplc"),
    Option("rig", "the rig file (TOML) wiring PLCs to plant models; relative to the ini file when set there"),
    Option("trace_dir", "where scenario traces (CSV, VCD, PNG) are written", "hil-traces"),
    Option("traces", "which scenarios' traces to write: failed, all or none", "failed"),
    Option("overrun_budget", "real-time mode: overruns a scenario may have before its timing is invalid", "0"),
    Option("cucumber", "write a cucumber JSON report (correct on failures, errors, timeouts) to this path"),
    Option("pace", "virtual time: run at most this many times faster than real time (e.g. 1 to watch on an HMI)"),
    Option("strict", "fail judging steps decided at their first sample (a 'within' whose value already held "
           "before the stimulus) instead of listing them in the summary", "false", flag_only=True),
)
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off", "")

_TRACE_CHOICES = ("failed", "all", "none")


@dataclass(frozen=True)
class Settings:
    target: str
    rig: Path | None
    rig_explicit: bool  # given on the command line or in HIL_RIG: it wins over the features' own rigs
    trace_dir: Path
    traces: str
    overrun_budget: int
    cucumber: Path | None
    pace: float | None
    strict: bool


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("hil", "battery-hil: PLC hardware-in-the-loop testing")
    for option in OPTIONS:
        help_text = f"{option.help} (ini: {option.ini}, env: {option.env}; default: {option.default})"
        if option.flag_only:
            group.addoption(option.flag, dest=option.ini, action="store_const", const="true", default=None, help=help_text)
        else:
            group.addoption(option.flag, dest=option.ini, default=None, help=help_text)
        parser.addini(option.ini, help=option.help, default=option.default)


def _value(config: pytest.Config, option: Option) -> tuple[str | None, Path]:
    """The option's value and the folder a relative path in it is relative to."""
    flag = config.getoption(option.ini)
    if flag is not None:
        return flag, config.invocation_params.dir
    if option.env in os.environ:
        return os.environ[option.env], config.invocation_params.dir
    ini_value = config.getini(option.ini)
    base = config.inipath.parent if config.inipath is not None else config.rootpath
    return (str(ini_value) if ini_value else option.default), base


def _explicit(config: pytest.Config, option: Option) -> bool:
    """Whether the user set the option for this run (flag or environment), not just in the ini file."""
    return config.getoption(option.ini) is not None or option.env in os.environ


def read_settings(config: pytest.Config) -> Settings:
    target, _ = _value(config, OPTIONS[0])
    if target not in TARGET_KINDS:
        raise ConfigError(f"--hil-target: unknown target '{target}'; choose one of: {', '.join(TARGET_KINDS)}")
    rig_text, base = _value(config, OPTIONS[1])
    trace_dir, trace_base = _value(config, OPTIONS[2])
    traces, _ = _value(config, OPTIONS[3])
    if traces not in _TRACE_CHOICES:
        raise ConfigError(f"--hil-traces: '{traces}' is not one of: {', '.join(_TRACE_CHOICES)}")
    budget, _ = _value(config, OPTIONS[4])
    cucumber, cucumber_base = _value(config, OPTIONS[5])
    pace_text, _ = _value(config, OPTIONS[6])
    try:
        pace = float(pace_text) if pace_text else None
    except ValueError:
        raise ConfigError(f"--hil-pace: expected a multiple of real time such as 1 or 10, not '{pace_text}'") from None
    strict_text, _ = _value(config, OPTIONS[7])
    strict = str(strict_text).strip().lower()
    if strict not in _TRUE + _FALSE:
        raise ConfigError(f"--hil-strict (ini hil_strict, env HIL_STRICT): expected true or false, not '{strict_text}'")
    if not str(budget).isdigit():
        raise ConfigError(f"--hil-overrun-budget: expected a whole number of overruns, not '{budget}'")
    return Settings(
        target=str(target),
        rig=(base / rig_text) if rig_text else None,
        rig_explicit=_explicit(config, OPTIONS[1]),
        trace_dir=trace_base / str(trace_dir),
        traces=str(traces),
        overrun_budget=int(str(budget)),
        cucumber=(cucumber_base / cucumber) if cucumber else None,
        pace=pace,
        strict=strict in _TRUE,
    )
