"""A synthetic line of N oven zones for the benchmarks: tag table, Python program and rig, written to a folder.

Per zone: a REAL temperature sensor (DB), a BOOL limit contact (I), a BOOL heater contactor (Q) and a
REAL heater power (Q): four I/O points. The program holds each zone at 140 °C with a P controller.
"""
from __future__ import annotations

from pathlib import Path

PROGRAM = '''
class Zones:
    cycle_ns = {cycle_ns}

    def __init__(self):
        self.names = [(f"Z{{i}}.Temp", f"Z{{i}}.LimitOK", f"Z{{i}}.Heater", f"Z{{i}}.Power") for i in range({zones})]

    def check(self, tags):
        for group in self.names:
            for name in group:
                tags[name]

    def reset(self):
        pass

    def scan(self, io, now_ns):
        for temp, limit, heater, power in self.names:
            pv = io[temp]
            on = io[limit] and pv < 165.0
            io[heater] = on
            io[power] = min(max(10.0 * (140.0 - pv) + 57.5, 0.0), 100.0) if on else 0.0
'''


def _l5x(zones: int) -> str:
    """A minimal Studio 5000 export: the zones' tags as controller tags (no routines: zones.py scans)."""
    tags = []
    for i in range(zones):
        for name, kind in ((f"Z{i}.Temp", "REAL"), (f"Z{i}.LimitOK", "BOOL"), (f"Z{i}.Heater", "BOOL"),
                           (f"Z{i}.Power", "REAL")):
            radix = "Float" if kind == "REAL" else "Decimal"
            tags.append(f'<Tag Name="{name.replace(".", "_")}" TagType="Base" DataType="{kind}" Radix="{radix}" '
                        f'Constant="false" ExternalAccess="Read/Write"/>')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<RSLogix5000Content SchemaRevision="1.0" SoftwareRevision="33.01" TargetName="Zones" TargetType="Controller">\n'
            '<Controller Use="Target" Name="Zones" ProcessorType="1756-L83E" MajorRev="33" MinorRev="11">\n'
            "<DataTypes/>\n<Tags>\n" + "\n".join(tags) + "\n</Tags>\n<Programs/>\n<Tasks/>\n</Controller>\n"
            "</RSLogix5000Content>\n")


def write_line(folder: Path, zones: int, *, plc_cycle_ms: int = 10, rig_cycle_ms: int | None = None,
               vendor: str = "s7") -> Path:
    """Write the tag table (CSV, or an L5X for ``vendor="logix"``), zones.py and rig.toml for ``zones``
    oven zones; returns the rig file."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = ["name,address,type,direction,unit"]
    for i in range(zones):
        rows += [
            f"Z{i}.Temp,DB1.DBD{4 * i},REAL,input,°C",
            f"Z{i}.LimitOK,I{i // 8}.{i % 8},BOOL,input,",
            f"Z{i}.Heater,Q{i // 8}.{i % 8},BOOL,output,",
            f"Z{i}.Power,QD{64 + 4 * i},REAL,output,%",
        ]
    (folder / "tags.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    program = PROGRAM.format(cycle_ns=plc_cycle_ms * 1_000_000, zones=zones)
    if vendor == "logix":  # Logix tags are named Z0_Temp: no dots outside UDTs
        program = program.replace('f"Z{i}.', 'f"Z{i}_').replace("tags[name]", "tags.locate(name)")
        (folder / "zones.L5X").write_text(_l5x(zones), encoding="utf-8")
    (folder / "zones.py").write_text(program, encoding="utf-8")
    rig = ['[rig]', f'name = "{zones} oven zones"']
    if rig_cycle_ms is not None:
        rig.append(f'exchange_period = "{rig_cycle_ms} ms"')
    tags_key = 'l5x = "zones.L5X"' if vendor == "logix" else 'tags = "tags.csv"'
    rig += ['[plc.line]', f'vendor = "{vendor}"', tags_key, 'program = "zones.py:Zones"']
    for i in range(zones):
        rig += [f"[plant.z{i}]", 'model = "oven_zone"', 'parameters = { initial_c = "140 °C" }']
    rig.append("[wires]")
    sep = "_" if vendor == "logix" else "."
    for i in range(zones):
        rig += [f'"z{i}.temperature" = "Z{i}{sep}Temp"', f'"z{i}.limit_ok" = "Z{i}{sep}LimitOK"',
                f'"z{i}.heater_on" = "Z{i}{sep}Heater"', f'"z{i}.power" = "Z{i}{sep}Power"']
    path = folder / "rig.toml"
    path.write_text("\n".join(rig) + "\n", encoding="utf-8")
    return path
