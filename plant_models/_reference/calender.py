"""Pure-Python twin of plant_models/_calender.pyx (same equations, same order, same API)."""
from __future__ import annotations

import math

from plant_models._checks import require_non_negative, require_positive, require_range
from plant_models._reference._base import ReferenceModel, clamp, ramp

F_SEIZED, F_DUMP_STUCK, F_DOOR_FORCED, F_TRIP_BAR, F_P_STUCK, F_GAP_DRIFT, F_BRAKE_WORN = range(7)
_BAR = 1e5
_REF_DP = 100e5


class Calender(ReferenceModel):
    """Calender roll press; see plant_models.calender."""

    FAULTS = ("seized_roll", "dump_valve_stuck", "door_forced", "trip_bar_channel_stuck",
              "pressure_sensor_stuck", "gap_sensor_drift", "brake_worn")

    def __init__(self, cyl_area_m2: float = 0.05, oil_volume_m3: float = 0.002, bulk_modulus_pa: float = 1.6e9,
                 stack_stiffness_n_m: float = 5e9, supply_bar: float = 250.0, valve_flow_m3_s: float = 1e-3,
                 dump_flow_m3_s: float = 2e-3, leak_m3_s_bar: float = 1e-7, overpressure_bar: float = 280.0,
                 gap_zero_mm: float = 0.4, width_m: float = 1.2, accel_m_s2: float = 0.5,
                 coast_decel_m_s2: float = 0.1, brake_decel_m_s2: float = 10.0, brake_delay_s: float = 0.02,
                 substep_s: float = 1e-4, noise_bar: float = 0.0, seed: int = 0) -> None:
        super().__init__()
        require_positive("calender", cyl_area_m2=cyl_area_m2, oil_volume_m3=oil_volume_m3,
                         bulk_modulus_pa=bulk_modulus_pa, stack_stiffness_n_m=stack_stiffness_n_m,
                         supply_bar=supply_bar, valve_flow_m3_s=valve_flow_m3_s, dump_flow_m3_s=dump_flow_m3_s,
                         width_m=width_m, accel_m_s2=accel_m_s2, brake_decel_m_s2=brake_decel_m_s2,
                         substep_s=substep_s)
        require_non_negative("calender", leak_m3_s_bar=leak_m3_s_bar, coast_decel_m_s2=coast_decel_m_s2,
                             brake_delay_s=brake_delay_s, noise_bar=noise_bar, gap_zero_mm=gap_zero_mm)
        require_range("calender", "substep_s", substep_s, 1e-6, 1e-3)
        self.cyl_area_m2, self.oil_volume_m3, self.bulk_modulus_pa = cyl_area_m2, oil_volume_m3, bulk_modulus_pa
        self.stack_stiffness_n_m, self.supply_bar, self.valve_flow_m3_s = stack_stiffness_n_m, supply_bar, valve_flow_m3_s
        self.dump_flow_m3_s, self.leak_m3_s_bar, self.overpressure_bar = dump_flow_m3_s, leak_m3_s_bar, overpressure_bar
        self.gap_zero_mm, self.width_m, self.accel_m_s2 = gap_zero_mm, width_m, accel_m_s2
        self.coast_decel_m_s2, self.brake_decel_m_s2, self.brake_delay_s = coast_decel_m_s2, brake_decel_m_s2, brake_delay_s
        self.substep_s, self.noise_bar = substep_s, noise_bar
        self.seed(seed)
        self.valve_command = self.speed_sp = 0.0
        self.dump_valve_close = self.drive_enable = self.brake_release = self.lock_release = False
        self.trip_bar_pressed = self.door_open_request = False
        self.pressure_bar = self.force_kn = self.line_load_kn_mm = self.gap_mm = self.roll_speed = 0.0
        self.surface_travel_m = self.stop_distance_m = self.stop_time_s = 0.0
        self.door_locked = self.trip_bar_a = self.trip_bar_b = False
        self.overpressure = self.standstill = self.drive_fault = self.unsafe_access = False
        self._p_pa = self._v = self._gap_drift = self._stop_timer = 0.0
        self._stopping = False
        self._compliance = oil_volume_m3 / bulk_modulus_pa + cyl_area_m2 * cyl_area_m2 / stack_stiffness_n_m
        self._k_valve = valve_flow_m3_s / math.sqrt(_REF_DP)
        self._k_dump = dump_flow_m3_s / math.sqrt(_REF_DP)
        self.door_closed = True
        self.dump_valve_open = True
        self._brake_timer = 1e9
        self._update_outputs()

    def advance(self, dt: float) -> None:
        on, value = self._fault_on, self._fault_value
        p_s = self.supply_bar * _BAR
        if not on[F_DUMP_STUCK]:
            self.dump_valve_open = not self.dump_valve_close
        u = clamp(self.valve_command * 0.01, -1.0, 1.0)
        n_sub = int(math.ceil(dt / self.substep_s))
        if n_sub > 0:
            h_c = dt / n_sub / self._compliance
            k_in = self._k_valve * u
            k_dump = self._k_dump if self.dump_valve_open else 0.0
            leak = self.leak_m3_s_bar / _BAR
            p = self._p_pa
            # Orifice flows ~ sqrt(dp); sqrt(p) only where a path to tank is open.
            to_tank = k_dump > 0.0 or u < 0.0
            for _ in range(n_sub):
                q = -leak * p
                if to_tank:
                    sp = math.sqrt(p)
                    q = q - k_dump * sp
                    if u < 0.0:
                        q = q + k_in * sp
                if u > 0.0:
                    q = q + k_in * math.sqrt(p_s - p)
                p = clamp(p + q * h_c, 0.0, p_s)
            self._p_pa = p
        if self.brake_release:
            self._brake_timer = 0.0
        else:
            self._brake_timer = self._brake_timer + dt
        brake_on = (not self.brake_release) and self._brake_timer >= self.brake_delay_s
        v_old = self._v
        if on[F_SEIZED]:
            self._v = 0.0
        elif brake_on:
            decel = self.brake_decel_m_s2
            if on[F_BRAKE_WORN]:
                decel = decel * clamp(value[F_BRAKE_WORN], 0.0, 1.0)
            self._v = ramp(self._v, 0.0, (decel + self.coast_decel_m_s2) * dt)
        elif self.drive_enable:
            self._v = ramp(self._v, clamp(self.speed_sp, 0.0, 200.0) / 60.0, self.accel_m_s2 * dt)
        else:
            self._v = ramp(self._v, 0.0, self.coast_decel_m_s2 * dt)
        self.surface_travel_m = self.surface_travel_m + 0.5 * (v_old + self._v) * dt
        if (not self.drive_enable or not self.brake_release) and v_old > 0.0:
            if not self._stopping:
                self._stopping = True
                self.stop_distance_m = 0.0
                self._stop_timer = 0.0
            self.stop_distance_m = self.stop_distance_m + 0.5 * (v_old + self._v) * dt
            self._stop_timer = self._stop_timer + dt
            if self._v <= 0.0:
                self.stop_time_s = self._stop_timer
        elif self.drive_enable and self.brake_release:
            self._stopping = False
        if self.door_open_request and self.door_closed and (not self.door_locked or on[F_DOOR_FORCED]):
            self.door_closed = False
        elif not self.door_open_request and not self.door_closed:
            self.door_closed = True
        if on[F_GAP_DRIFT]:
            self._gap_drift = self._gap_drift + value[F_GAP_DRIFT] * dt
        else:
            self._gap_drift = 0.0
        self._update_outputs()

    def _update_outputs(self) -> None:
        on = self._fault_on
        force_n = self._p_pa * self.cyl_area_m2
        if not on[F_P_STUCK]:
            self.pressure_bar = self._p_pa / _BAR
            if self.noise_bar > 0.0:
                self.pressure_bar = self.pressure_bar + self.noise_bar * self._gauss()
        self.force_kn = force_n * 0.001
        self.line_load_kn_mm = self.force_kn / (self.width_m * 1000.0)
        self.gap_mm = self.gap_zero_mm - force_n / self.stack_stiffness_n_m * 1000.0 + self._gap_drift
        self.overpressure = self._p_pa >= self.overpressure_bar * _BAR
        self.roll_speed = self._v * 60.0
        self.standstill = self._v < 0.001
        self.drive_fault = on[F_SEIZED] and self.drive_enable
        self.door_locked = self.door_closed and not self.lock_release and not on[F_DOOR_FORCED]
        self.trip_bar_a = not self.trip_bar_pressed
        self.trip_bar_b = (not self.trip_bar_pressed) or on[F_TRIP_BAR]
        if not self.door_closed and not self.standstill:
            self.unsafe_access = True

    def set_pressure(self, bar: float) -> None:
        self._p_pa = bar * _BAR
        self._update_outputs()

    def set_roll_speed(self, m_min: float) -> None:
        self._v = m_min / 60.0
        self._update_outputs()
