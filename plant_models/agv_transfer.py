"""Station conveyor with AGV docking transfer: carriers, photo eyes, stopper, handshake with heartbeat.

Model (shared/reference/battery-line.md §2.14):

* Conveyor: the belt ramps to ``conveyor_m_s`` while running; carriers (front-edge positions, front
  first) ride it, stop at the stopper (``_STOP_OFFSET`` = 0.3 m before the end) while it is up, queue
  behind one another and leave past the end (``delivered``). Photo eyes: entry at 0.2 m, at-stop just
  before the stopper. A jam holds the carriers while the belt runs; the motor trips on overload after
  ``overload_s``.
* AGV: dispatched with a carrier (``agv_dispatch``), it approaches from ``approach_m`` at up to
  ``agv_speed_m_s``, creeping in with ``v = sqrt(2 a d)`` to stop on the dock mark (``agv_in_pos``).
  A person in its protective field makes it brake after ``agv_reaction_s`` at ``agv_brake_m_s2``:
  ``agv_stop_distance_m`` records the distance, ``v t_r + v^2 / (2 a)`` (ISO 3691-4 oracle).
* Handshake: docked, with ``station_ready`` and ``transfer_active``, the AGV rollers push the carrier
  across (it jams halfway unless the station conveyor runs); then ``agv_transfer_done``; when the
  station drops ``transfer_active`` the AGV leaves. The AGV watches the station heartbeat toggle: no
  edge for ``heartbeat_timeout_s`` during a transfer stops the rollers and holds (``agv_fault``) with
  no automatic restart until ``agv_reset``. The AGV's own ``agv_heartbeat`` toggles every
  ``heartbeat_period_s``.

Faults: ``conveyor_jam``, ``entry_eye_blocked``, ``stop_eye_dead``, ``comm_loss`` (no heartbeat
either way), ``agv_brake_worn`` (value: fraction of the braking deceleration left).
"""
from __future__ import annotations

from plant_models._spec import ModelSpec, Parameter, Signal

try:
    from plant_models._agv_transfer import AgvTransfer
    COMPILED = True
except ImportError:  # not built: the pure-Python twin stands in, and plant_models.BACKEND says so
    from plant_models._reference.agv_transfer import AgvTransfer  # type: ignore[assignment]
    COMPILED = False

__all__ = ["MODEL", "SPEC", "AgvTransfer"]

MODEL = AgvTransfer

SPEC = ModelSpec(
    name="agv_transfer",
    doc=__doc__ or "",
    signals=(
        Signal("conveyor_run", "input", bool, doc="station conveyor drive SC-1402", io="DO"),
        Signal("stopper_up", "input", bool, doc="stopper YV-1403 up", io="DO"),
        Signal("station_ready", "input", bool, doc="handshake STATION_READY", io="FIELDBUS"),
        Signal("transfer_active", "input", bool, doc="handshake TRANSFER_ACTIVE", io="FIELDBUS"),
        Signal("station_heartbeat", "input", bool, doc="station heartbeat (toggling)", io="FIELDBUS"),
        Signal("agv_dispatch", "output", bool, settable=True, doc="the fleet sends the AGV with a carrier"),
        Signal("person_in_field", "output", bool, settable=True, doc="a person in the AGV protective field"),
        Signal("agv_reset", "output", bool, settable=True, doc="operator resets the AGV after a hold"),
        Signal("pe_entry", "output", bool, doc="entry photo eye (True = blocked)", io="DI"),
        Signal("pe_stop", "output", bool, doc="at-stopper photo eye (True = blocked)", io="DI"),
        Signal("motor_overload", "output", bool, doc="conveyor motor overload", io="DI"),
        Signal("conveyor_speed", "output", float, "m/s", doc="belt speed", range=(0.0, 1.0), io="FIELDBUS"),
        Signal("agv_in_pos", "output", bool, doc="handshake AGV_IN_POS", io="FIELDBUS"),
        Signal("agv_transfer_done", "output", bool, doc="handshake TRANSFER_DONE", io="FIELDBUS"),
        Signal("agv_heartbeat", "output", bool, doc="AGV heartbeat (toggling)", io="FIELDBUS"),
        Signal("agv_rollers_running", "output", bool, doc="AGV roller drive running", io="FIELDBUS"),
        Signal("agv_fault", "output", bool, doc="AGV holding after a handshake fault", io="FIELDBUS"),
        Signal("carriers_on_conveyor", "output", int, doc="carriers on the conveyor (oracle)"),
        Signal("delivered", "output", int, doc="carriers that left the conveyor (oracle)"),
        Signal("carrier_on_agv", "output", bool, doc="the AGV carries a carrier (oracle)"),
        Signal("agv_distance_m", "output", float, "m", doc="AGV distance to the dock mark (oracle)"),
        Signal("agv_speed", "output", float, "m/s", doc="AGV speed (oracle)"),
        Signal("agv_stop_distance_m", "output", float, "m", doc="distance of the last personnel stop (oracle)"),
        Signal("agv_state", "output", int, doc="0 away, 1 approach, 2 docked, 3 transfer, 4 done, 5 leave, 6 hold"),
    ),
    parameters=(
        Parameter("length_m", "m", 3.0, "conveyor length"),
        Parameter("carrier_m", "m", 0.4, "carrier length"),
        Parameter("conveyor_m_s", "m/s", 0.3, "belt speed"),
        Parameter("conveyor_accel_m_s2", "m/s²", 0.5, "belt ramp"),
        Parameter("approach_m", "m", 10.0, "AGV start distance from the dock"),
        Parameter("agv_speed_m_s", "m/s", 1.0, "AGV travel speed"),
        Parameter("agv_accel_m_s2", "m/s²", 0.5, "AGV acceleration and service deceleration"),
        Parameter("agv_brake_m_s2", "m/s²", 1.0, "AGV safety braking deceleration"),
        Parameter("agv_reaction_s", "s", 0.1, "scanner + brake reaction time"),
        Parameter("roller_m_s", "m/s", 0.3, "AGV roller transfer speed"),
        Parameter("heartbeat_timeout_s", "s", 0.5, "handshake watchdog"),
        Parameter("heartbeat_period_s", "s", 0.1, "AGV heartbeat half period"),
        Parameter("overload_s", "s", 2.0, "jam to motor overload trip"),
        Parameter("seed", None, 0, "noise seed"),
    ),
    faults=AgvTransfer.FAULTS,
)
