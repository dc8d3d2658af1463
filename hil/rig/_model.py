"""What a rig file describes: the PLCs, the plant instances, and the wires between them."""
from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import plant_models
from hil.errors import ConfigError, SourceLocation, UnknownNameError, close_matches
from hil.rig._iotiming import IoTiming, IoTimingTable
from hil.rig._scaling import Identity, Scaling
from hil.rig._stsources import SourceProgramRef
from hil.softplc import ControlProgram, LogixStProgram
from hil.st import compile_l5x
from hil.tags import Tag, TagTable
from plant_models import ModelSpec, Signal
from plant_models.errors import PlantConfigError, UnknownSignalError

__all__ = ["L5xProgramRef", "PlantSpec", "PlcSpec", "ProgramRef", "Rig", "SignalRef", "TagRef", "Wire"]


@dataclass(frozen=True)
class ProgramRef:
    """A control program given as ``file.py:ClassName`` (until the ST engine runs SCL/L5X sources)."""

    path: Path
    attribute: str
    where: SourceLocation

    def load(self) -> ControlProgram:
        """Import the file and instantiate the class; errors name the rig file line."""
        module_name = f"hil_program_{abs(hash(self.path))}"
        spec = importlib.util.spec_from_file_location(module_name, self.path)
        if spec is None or spec.loader is None or not self.path.is_file():
            raise ConfigError(f"control program file '{self.path}' not found", where=self.where)
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        try:
            spec.loader.exec_module(module)
        except Exception as exc:
            del sys.modules[module_name]
            raise ConfigError(f"control program '{self.path}' failed to import: {exc!r}", where=self.where) from exc
        factory = getattr(module, self.attribute, None)
        if factory is None:
            names = [n for n in vars(module) if not n.startswith("_")]
            raise UnknownNameError(
                f"'{self.path.name}' defines no '{self.attribute}'",
                where=self.where,
                suggestions=close_matches(self.attribute, names),
            )
        program = factory()
        if not isinstance(program, ControlProgram):
            raise ConfigError(
                f"'{self.attribute}' is not a control program (needs cycle_ns, check(), reset(), scan())",
                where=self.where,
            )
        return program


@dataclass(frozen=True)
class L5xProgramRef:
    """A Logix PLC's program: the ST routines of its L5X, compiled when the rig loads (errors come early)."""

    project: Any  # hil.tags.LogixProject
    where: SourceLocation

    def __post_init__(self) -> None:
        object.__setattr__(self, "_design", compile_l5x(self.project))

    def load(self) -> Any:
        """A fresh, cold program instance for a Logix soft PLC."""
        return LogixStProgram(self._design)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class PlcSpec:
    """A PLC of the line. Without ``host`` it is a built-in soft PLC running ``program``."""

    name: str
    vendor: str
    tags: TagTable
    program: ProgramRef | SourceProgramRef | None
    host: str | None
    port: int
    rack: int
    slot: int
    where: SourceLocation
    control_db: int | None = None  # a soft PLC in another process, stepped through this DB
    test_rig: bool = False  # the explicit opt-in that lets the framework write to a real PLC at all
    writable: tuple[str, ...] = ()  # glob patterns of the tags a real PLC may be written
    safe_state: tuple[tuple[str, bool | int | float], ...] = ()  # written on every scenario end and on abort
    project: Any = None  # a Logix PLC's L5X project (hil.tags.LogixProject)
    scan_cycle_ns: int | None = None  # [plc.x] scan_cycle (OB1 / the Logix periodic task); None: the program's own
    cyclic_obs: dict[str, int] = field(default_factory=dict)  # [plc.x] cyclic: {"OB30": interval_ns}
    io_table: IoTimingTable | None = None  # [plc.x.io_timing]; None: the vendor's typical modules

    def io_timing(self, tag: Tag | str, mode: str) -> IoTiming:
        """The delays the I/O module of ``tag`` adds in ``mode`` (``best-case``, ``typical``, ``worst-case``).

        Inputs get ``input_delay_ns`` (field change → the CPU sees it), outputs ``output_delay_ns`` (CPU
        write → field); memory tags pass through no module. See docs/rig-files.md for the defaults.
        """
        if isinstance(tag, str):
            if tag not in self.tags:
                raise UnknownNameError(f"PLC '{self.name}' has no tag '{tag}'",
                                       suggestions=close_matches(tag, self.tags.names))
            tag = self.tags[tag]
        return (self.io_table or IoTimingTable(self.vendor)).timing(tag, mode)


@dataclass(frozen=True)
class PlantSpec:
    """A plant model instance of the line: ``[plant.<name>]`` with its parameters in the model's units."""

    name: str
    model: ModelSpec
    parameters: dict[str, float]
    where: SourceLocation
    parameter_where: dict[str, SourceLocation] = field(default_factory=dict)  # each parameter's rig file line

    def create(self) -> Any:
        """A fresh model instance; a parameter the model refuses is a located :class:`ConfigError`.

        ``plant_models`` knows nothing of rig files, so its own errors are converted here, at the
        boundary, into errors that name the rig file line of the parameter (or of the plant table).
        """
        try:
            return plant_models.create(self.model.name, **self.parameters)
        except PlantConfigError as exc:
            where = self.parameter_where.get(exc.parameter or "", self.where)
            raise ConfigError(f"[plant.{self.name}] {exc.model}: {exc.message}", where=where) from exc
        except UnknownSignalError as exc:
            raise UnknownNameError(exc.message, where=self.where, suggestions=exc.close_matches) from exc
        except ValueError as exc:  # a model a plugin registered, with its own checks
            raise ConfigError(f"[plant.{self.name}] {self.model.name}: {exc}", where=self.where) from exc


@dataclass(frozen=True)
class Wire:
    """A plant signal connected to a PLC tag. ``to_plc`` is True for sensors (plant → PLC)."""

    plant: str
    signal: Signal
    plc: str
    tag: Tag
    where: SourceLocation
    scaling: Scaling = field(default_factory=Identity)

    @property
    def to_plc(self) -> bool:
        return self.signal.kind == "output"

    @property
    def signal_path(self) -> str:
        return f"{self.plant}.{self.signal.name}"


@dataclass(frozen=True)
class TagRef:
    plc: str
    tag: Tag


@dataclass(frozen=True)
class SignalRef:
    plant: str
    signal: Signal


@dataclass
class Rig:
    path: Path
    name: str
    plcs: dict[str, PlcSpec]
    plants: dict[str, PlantSpec]
    wires: list[Wire] = field(default_factory=list)
    exchange_period_ns: int | None = None  # [rig] exchange_period (real time); None: from the PLC programs

    def resolve(self, name: str, *, where: SourceLocation | str | None = None) -> TagRef | SignalRef:
        """Find a PLC tag (``Oven.Zone2.TempPV`` or ``plc:Oven.Zone2.TempPV``) or a plant signal (``zone2.temperature``)."""
        plant, _, signal_name = name.partition(".")
        if plant in self.plants:
            signal = self.plants[plant].model.signal(signal_name)
            if signal is not None:
                return SignalRef(plant, signal)
        plc_name, sep, tag_name = name.partition(":")
        candidates = [self.plcs[plc_name]] if sep and plc_name in self.plcs else list(self.plcs.values())
        lookup = tag_name if sep else name
        for plc in candidates:
            if lookup in plc.tags:
                return TagRef(plc.name, plc.tags[lookup])
        raise UnknownNameError(
            f"unknown tag or plant signal '{name}'", where=where, suggestions=close_matches(name, self.known_names())
        )

    def known_names(self) -> list[str]:
        names = [f"{p.name}.{s.name}" for p in self.plants.values() for s in p.model.signals]
        names += [tag.name for plc in self.plcs.values() for tag in plc.tags]
        return names

    def wire_for_tag(self, plc: str, tag: Tag) -> Wire | None:
        return next((w for w in self.wires if w.plc == plc and w.tag.name == tag.name), None)

    def wire_for_signal(self, plant: str, signal: Signal) -> Wire | None:
        return next((w for w in self.wires if w.plant == plant and w.signal.name == signal.name), None)

    def summary(self) -> dict[str, Any]:
        return {
            "rig": self.name,
            "plcs": {n: {"vendor": p.vendor, "tags": len(p.tags), "soft": p.host is None} for n, p in self.plcs.items()},
            "plants": {n: p.model.name for n, p in self.plants.items()},
            "wires": [f"{w.signal_path} {'->' if w.to_plc else '<-'} {w.plc}:{w.tag.name}" for w in self.wires],
        }
