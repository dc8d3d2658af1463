"""The ``hil`` command.

    hil rig check RIG             load and validate a rig file, print what it wires
    hil steps                     print the step vocabulary (docs/steps.md)
    hil mutate features/<station> mutate the station's programs; report the share of mutants its scenarios kill
    hil softplc serve RIG [--bind HOST:PORT]
                                  serve a rig's soft PLC over S7 in real time, for HMIs and other clients
    hil softplc serve --l5x FILE [--bind HOST:PORT]
                                  serve an L5X project as a Logix soft PLC over EtherNet/IP in real time
    hil softplc serve FILE.scl [--st MORE.scl …] [--tags CSV] [--scan-cycle "10 ms"]
                                  serve SCL sources (no rig file) as an S7 soft PLC
    hil st check FILE.scl… [--tags CSV] | hil st check FILE.L5X
                                  parse and check Structured Text sources (or an L5X's ST routines)
    hil ce check|generate|coverage MATRIX.csv …
                                  cause-and-effect matrices: validate, generate features, coverage report

Errors in the user's files print as one message with file and line, and exit with status 2. The
spellings of earlier releases (``hil check``, ``--host``/``--port``, ``--logix``, ``--cycle``) are refused
with the new name.
"""
from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType, SimpleNamespace
from typing import Any

from hil.errors import HilError, InputError
from hil.rig import Rig, load_rig
from hil.safety import add_ce_commands
from hil.softplc import LogixSoftPlc, S7SoftPlc, WallClockScanner
from hil.st import StProgram, compile_l5x, compile_program
from hil.tags import Area, load_l5x, load_tag_table
from hil.units import format_duration

__all__ = ["main"]


# Old spelling -> new spelling; refused with the new one rather than silently accepted (issue 14).
_RENAMED_COMMANDS = {"check": "hil rig check RIG"}
_RENAMED_SERVE_OPTIONS = {"--host": "--bind HOST:PORT", "--port": "--bind HOST:PORT", "--logix": "--bind HOST:PORT",
                          "--cycle": "--scan-cycle"}


def _refuse_old_spellings(argv: Sequence[str]) -> None:
    if argv and argv[0] in _RENAMED_COMMANDS:
        raise InputError(f"'hil {argv[0]}' is now '{_RENAMED_COMMANDS[argv[0]]}'")
    if list(argv[:2]) == ["softplc", "serve"]:
        for token in argv[2:]:
            option = token.partition("=")[0]
            if option in _RENAMED_SERVE_OPTIONS:
                raise InputError(f"'{option}' is now '{_RENAMED_SERVE_OPTIONS[option]}'")


def _bind(text: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[::1]:0`` for IPv6) as (host, port); port 0 lets the OS pick one."""
    host, _, port_text = text.rpartition(":")
    host = host.removeprefix("[").removesuffix("]")
    if not host or not port_text.isdigit() or int(port_text) > 65535:
        raise InputError(f"--bind takes HOST:PORT (e.g. 127.0.0.1:0 or 0.0.0.0:102), not '{text}'")
    return host, int(port_text)


def _check(args: argparse.Namespace) -> int:
    rig = load_rig(args.rig)
    summary = rig.summary()
    wired = {(w.plant, w.signal.name) for w in rig.wires}
    summary["unwired signals"] = [
        f"{plant.name}.{s.name}" for plant in rig.plants.values() for s in plant.model.signals if (plant.name, s.name) not in wired
    ]
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    return 0


def _serve(args: argparse.Namespace) -> int:
    if args.l5x is not None:
        return _serve_logix(args)
    if args.rig is not None and str(args.rig).lower().endswith((".scl", ".st")):
        args.st = [args.rig] + (args.st or [])  # `hil softplc serve FILE.scl`: sources instead of a rig
        args.rig = None
    if args.rig is None and not args.st:
        raise InputError("give a rig file, --st FILE.scl for SCL sources, or --l5x FILE for a Logix soft PLC")
    if args.st:
        spec: Any = _st_spec(args)
    else:
        rig: Rig = load_rig(args.rig)
        soft_plcs = [p for p in rig.plcs.values() if p.program is not None]
        if args.plc is not None:
            soft_plcs = [p for p in soft_plcs if p.name == args.plc]
        if len(soft_plcs) != 1:
            names = ", ".join(p.name for p in rig.plcs.values() if p.program is not None) or "none"
            raise InputError(f"choose one soft PLC with --plc (soft PLCs in this rig: {names})", where=str(rig.path))
        spec = soft_plcs[0]
    assert spec.program is not None
    virtual = args.clock == "virtual"
    control_db = (args.control_db or spec.control_db or 9999) if virtual else None
    host, port = _bind(args.bind)
    with S7SoftPlc(spec.tags, spec.program.load(), name=spec.name,
                   control_db=control_db).serve(f"{host}:{port}") as soft:
        clock = f"virtual clock, stepped through DB{control_db}" if virtual else "real-time clock"
        # The readiness line: clients (and tests) wait for it before connecting.
        print(f"soft PLC '{spec.name}' listening on {host}:{soft.port} (S7, rack 0 slot 1), "
              f"cycle {format_duration(soft.cycle_ns)}, {clock}", flush=True)
        _run_until_signalled(soft, virtual, lambda: soft.scans)
    return 0


def _st_spec(args: argparse.Namespace) -> Any:
    """What ``_serve`` needs of a rig's PLC, built from ``--st`` sources instead of a rig file."""
    plc = S7SoftPlc.from_sources(args.st, tags=args.tags, cycle=args.scan_cycle or "10 ms")
    program = plc.program
    return SimpleNamespace(name=Path(args.st[0]).stem, tags=plc.tags, control_db=None,
                           program=SimpleNamespace(load=lambda: StProgram(program.design, program.cycle_ns)))


def _st_check(args: argparse.Namespace) -> int:
    if any(str(source).lower().endswith(".l5x") for source in args.sources):
        return _st_check_l5x(args)
    tags = list(load_tag_table(args.tags)) if args.tags else []
    design = compile_program(args.sources, tags=tags)
    summary = {
        "blocks": {b.name: b.kind for b in design.symbols.blocks if b.name},
        "data blocks": {db.name: {"number": db.number, "bytes": design.area_sizes[(Area.DB, db.number)]}
                        for db in design.symbols.dbs.values()},
        "tags": len(design.tags),
        "generated lines": design.source.count("\n"),
    }
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    return 0


def _st_check_l5x(args: argparse.Namespace) -> int:
    summary = {}
    for source in args.sources:
        design = compile_l5x(load_l5x(source))
        summary[str(source)] = {
            "programs": {p.name: [r.name for r in p.routines if r.kind == "ST"] for p in design.project.programs},
            "scan order": [p for instance in design.programs for p, i in design.instance_of.items() if i == instance],
            "cycle": format_duration(design.cycle_ns),
        }
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    return 0


def _serve_logix(args: argparse.Namespace) -> int:
    host, port = _bind(args.bind)
    virtual = args.clock == "virtual"
    with LogixSoftPlc(args.l5x, remote_stepping=virtual).serve(f"{host}:{port}") as soft:
        clock = "virtual clock, stepped through CIP class 0x390" if virtual else "real-time clock"
        print(f"soft PLC '{soft.name}' listening on {host}:{soft.port} (EtherNet/IP, Logix, slot 0), "
              f"cycle {format_duration(soft.cycle_ns)}, {clock}", flush=True)
        _run_until_signalled(soft, virtual, lambda: soft.scans)
    return 0


def _run_until_signalled(soft: Any, virtual: bool, scans: Callable[[], int]) -> None:
    """Scan ``soft`` on the wall clock (unless a kernel steps it: ``virtual``) until SIGINT or SIGTERM."""
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    scanner = None if virtual else WallClockScanner(soft).start()  # it needs only name, cycle_ns, advance()
    try:
        stop.wait()
    finally:
        if scanner is not None:
            scanner.stop()
    late = f" ({scanner.late} late)" if scanner is not None else ""
    print(f"stopped after {scans()} scans{late}", flush=True)


def _mutate(args: argparse.Namespace) -> int:
    from hil._mutation import mutate_station

    total_killed = total_judged = 0
    for station in args.stations:
        print(f"{station}:", flush=True)
        report = mutate_station(Path(station), limit=args.limit or None, seed=args.seed, target=args.target, progress=True)
        judged = len(report.killed) + len(report.survived)
        total_killed += len(report.killed)
        total_judged += judged
        print(f"  {report.station}: {len(report.killed)} of {judged} mutants killed ({100 * report.score:.0f} %), "
              f"{len(report.stillborn)} stillborn", flush=True)
    if len(args.stations) > 1 and total_judged:
        print(f"all: {total_killed} of {total_judged} killed ({100 * total_killed / total_judged:.0f} %)")
    return 0


def _steps(args: argparse.Namespace) -> int:
    from hil.bdd import render_steps_markdown

    print(render_steps_markdown(), end="")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hil", description="PLC hardware-in-the-loop testing for battery lines")
    commands = parser.add_subparsers(dest="command", required=True)
    rig = commands.add_parser("rig", help="rig file commands")
    rig_commands = rig.add_subparsers(dest="rig_command", required=True)
    check = rig_commands.add_parser("check", help="load and validate a rig file, print what it wires")
    check.add_argument("rig", help="the rig file (TOML)")
    check.set_defaults(run=_check)
    mutate = commands.add_parser("mutate", help="mutate station programs and report how many mutants the "
                                                "station's scenarios kill")
    mutate.add_argument("stations", nargs="+", help="station folders (features/<station>)")
    mutate.add_argument("--limit", type=int, default=20, help="mutants per station (default 20; 0: all)")
    mutate.add_argument("--seed", type=int, default=0, help="which mutants when limited")
    mutate.add_argument("--target", default="inprocess", help="the --hil-target the scenarios run on")
    mutate.set_defaults(run=_mutate)
    steps = commands.add_parser("steps", help="print the step vocabulary as Markdown (docs/steps.md)")
    steps.set_defaults(run=_steps)
    softplc = commands.add_parser("softplc", help="soft PLC commands")
    softplc_commands = softplc.add_subparsers(dest="softplc_command", required=True)
    serve = softplc_commands.add_parser("serve", help="serve a rig's soft PLC over S7 in real time")
    serve.add_argument("rig", nargs="?", help="the rig file (TOML)")
    serve.add_argument("--l5x", help="serve this L5X project as a Logix soft PLC instead of a rig's S7 soft PLC")
    serve.add_argument("--plc", help="which soft PLC of the rig (needed when it has several)")
    serve.add_argument("--bind", metavar="HOST:PORT", default="127.0.0.1:0",
                       help="where the server listens, S7 or EtherNet/IP (default 127.0.0.1:0: loopback, and the "
                            "OS picks the port, which is printed). Neither protocol has authentication: any other "
                            "interface lets everyone on that network write the PLC's memory and stop it")
    serve.add_argument("--clock", choices=("real", "virtual"), default="real",
                       help="real: scan every task interval of wall time; virtual: scan only when a kernel steps "
                            "it through the control DB (see docs/rig-files.md)")
    serve.add_argument("--control-db", type=int, help="the control DB number for --clock virtual (default: the "
                                                      "rig's control_db, else 9999)")
    serve.add_argument("--st", action="append", metavar="FILE",
                       help="serve these SCL/ST sources (repeat for several files) instead of a rig's soft PLC")
    serve.add_argument("--tags", help="with --st: the PLC tag table (CSV/TOML) of the I/Q/M tags")
    serve.add_argument("--scan-cycle", help="with --st: the OB1 cycle (default 10 ms)")
    serve.set_defaults(run=_serve)
    st = commands.add_parser("st", help="Structured Text commands")
    st_commands = st.add_subparsers(dest="st_command", required=True)
    st_check = st_commands.add_parser("check", help="parse and check SCL/ST sources or the ST routines of L5X files")
    st_check.add_argument("sources", nargs="+", help="the .scl/.st source files, or .L5X exports")
    st_check.add_argument("--tags", help="the PLC tag table (CSV/TOML) of the I/Q/M tags")
    st_check.set_defaults(run=_st_check)
    add_ce_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        _refuse_old_spellings(arguments)
        args = _parser().parse_args(arguments)
        return int(args.run(args))
    except HilError as exc:
        print(f"hil: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
