"""The ``hil`` command.

    hil check RIG                 load and validate a rig file, print what it wires
    hil softplc serve RIG         serve a rig's soft PLC over S7 in real time, for HMIs and other clients
    hil softplc serve --l5x FILE [--logix HOST:PORT]
                                  serve an L5X project as a Logix soft PLC over EtherNet/IP in real time

Errors in the user's files print as one message with file and line, and exit with status 2.
"""
from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType

from hil.errors import HilError, InputError
from hil.rig import Rig, load_rig
from hil.softplc import LogixSoftPlc, S7SoftPlc, WallClockScanner
from hil.units import format_duration

__all__ = ["main"]


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
    if args.rig is None:
        raise InputError("give a rig file, or --l5x FILE for a Logix soft PLC")
    rig: Rig = load_rig(args.rig)
    soft_plcs = [p for p in rig.plcs.values() if p.program is not None]
    if args.plc is not None:
        soft_plcs = [p for p in soft_plcs if p.name == args.plc]
    if len(soft_plcs) != 1:
        names = ", ".join(p.name for p in rig.plcs.values() if p.program is not None) or "none"
        raise InputError(f"choose one soft PLC with --plc (soft PLCs in this rig: {names})", where=str(rig.path))
    spec = soft_plcs[0]
    assert spec.program is not None
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    with S7SoftPlc(spec.tags, spec.program.load(), name=spec.name, host=args.host, port=args.port) as soft:
        # The readiness line: clients (and tests) wait for it before connecting.
        print(f"soft PLC '{spec.name}' listening on {args.host}:{soft.port} (S7, rack 0 slot 1), "
              f"cycle {format_duration(soft.cycle_ns)}", flush=True)
        scanner = WallClockScanner(soft).start()
        try:
            stop.wait()  # until SIGINT or SIGTERM; the scanner thread does the work
        finally:
            scanner.stop()
        print(f"stopped after {soft.runtime.scans} scans ({scanner.late} late)", flush=True)
    return 0


def _serve_logix(args: argparse.Namespace) -> int:
    host, _, port_text = (args.logix or "127.0.0.1:0").rpartition(":")
    if not host or not port_text.isdigit():
        raise InputError(f"--logix takes HOST:PORT (e.g. 127.0.0.1:44818), not '{args.logix}'")
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    with LogixSoftPlc(args.l5x, host=host, port=int(port_text)) as soft:
        print(f"soft PLC '{soft.name}' listening on {host}:{soft.port} (EtherNet/IP, Logix, slot 0), "
              f"cycle {format_duration(soft.cycle_ns)}", flush=True)
        scanner = WallClockScanner(soft).start()  # type: ignore[arg-type]  # it needs name, cycle_ns, advance
        try:
            stop.wait()
        finally:
            scanner.stop()
        print(f"stopped after {soft.scans} scans ({scanner.late} late)", flush=True)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hil", description="PLC hardware-in-the-loop testing for battery lines")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="load and validate a rig file")
    check.add_argument("rig", help="the rig file (TOML)")
    check.set_defaults(run=_check)
    softplc = commands.add_parser("softplc", help="soft PLC commands")
    softplc_commands = softplc.add_subparsers(dest="softplc_command", required=True)
    serve = softplc_commands.add_parser("serve", help="serve a rig's soft PLC over S7 in real time")
    serve.add_argument("rig", nargs="?", help="the rig file (TOML)")
    serve.add_argument("--l5x", help="serve this L5X project as a Logix soft PLC instead of a rig's S7 soft PLC")
    serve.add_argument("--logix", metavar="HOST:PORT",
                       help="where the Logix soft PLC listens (default 127.0.0.1:0; EtherNet/IP has no authentication)")
    serve.add_argument("--plc", help="which soft PLC of the rig (needed when it has several)")
    serve.add_argument("--host", default="127.0.0.1",
                       help="interface to bind (default 127.0.0.1; S7 has no authentication, so any other "
                            "interface lets everyone on that network write the PLC's memory and stop it)")
    serve.add_argument("--port", type=int, default=0, help="TCP port (default 0: the OS picks one and it is printed)")
    serve.set_defaults(run=_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except HilError as exc:
        print(f"hil: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
