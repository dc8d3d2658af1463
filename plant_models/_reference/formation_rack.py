"""Pure-Python twin of plant_models/_formation_rack.pyx: the same cell equations over Python lists.

Slow on purpose of clarity (one Python loop over the cells); the oracle for the compiled rack.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from plant_models._checks import require_count, require_non_negative, require_positive, require_range
from plant_models._reference._base import ReferenceModel, lag
from plant_models.errors import PlantConfigError

OCV_TABLE = (2.506, 3.16, 3.33, 3.42, 3.48, 3.53, 3.57, 3.60, 3.625, 3.65, 3.675,
             3.705, 3.745, 3.785, 3.83, 3.88, 3.93, 3.985, 4.045, 4.11, 4.18)
OCV_POINTS = len(OCV_TABLE)
_SLOPE = tuple(OCV_TABLE[j + 1] - OCV_TABLE[j] for j in range(OCV_POINTS - 1)) + (OCV_TABLE[-1] - OCV_TABLE[-2],)
CELL_FAULTS = ("internal_short", "channel_relay_welded", "thermal_runaway", "temperature_probe_detached",
               "voltage_frozen")
F_RACK_WELDED, F_OFFGAS_POISONED, F_CV_FAILURE, F_SMOKE_FAILED = range(4)
_R_GAS = 8.314462618
_K = 273.15


def ocv(soc: float) -> float:
    """Open-circuit voltage (V) at ``soc``: linear in the table, extrapolated beyond 0..1."""
    x = soc * 20.0
    j = int(x)
    if j < 0:
        j = 0
    elif j > OCV_POINTS - 2:
        j = OCV_POINTS - 2
    return OCV_TABLE[j] + (x - j) * _SLOPE[j]


class FormationRack(ReferenceModel):
    """Formation rack of N cells; see plant_models.formation_rack."""

    FAULTS = ("rack_contactor_welded", "offgas_sensor_poisoned", "cv_loop_failure", "smoke_detector_failed",
              *CELL_FAULTS)

    def __init__(self, n_cells: int = 100, capacity_ah: float = 100.0, r0_ohm: float = 0.8e-3, r1_ohm: float = 0.4e-3,
                 tau1_s: float = 10.0, r2_ohm: float = 0.6e-3, tau2_s: float = 200.0, mass_kg: float = 1.9,
                 cp_j_kg_k: float = 1000.0, ha_w_k: float = 0.8, coulombic_eff: float = 1.0, cv_limit_v: float = 4.2,
                 discharge_limit_v: float = 2.8, overcharge_v: float = 4.25, overcharge_k: float = 1.0,
                 onset_c: float = 90.0, vent_c: float = 120.0, runaway_rate_k_s: float = 1.0, max_c: float = 600.0,
                 sr_rate_k_s: float = 0.02, sr_ea_j_mol: float = 83000.0, runaway_s: float = 10.0, room_c: float = 25.0,
                 air_tau_s: float = 1200.0, air_coupling: float = 5.0, rack_volume_m3: float = 20.0,
                 rack_exhaust_m3_s: float = 0.5, vent_gas_l_s: float = 0.2, runaway_gas_l: float = 150.0,
                 offgas_trip_ppm: float = 100.0, smoke_trip: float = 0.2, offgas_tau_s: float = 2.0,
                 initial_soc: float = 0.0, noise_c: float = 0.0, seed: int = 0) -> None:
        super().__init__()
        n_cells = require_count("formation_rack", "n_cells", n_cells, 1, 10_000_000)
        require_positive("formation_rack", capacity_ah=capacity_ah, tau1_s=tau1_s, tau2_s=tau2_s, mass_kg=mass_kg,
                         cp_j_kg_k=cp_j_kg_k, ha_w_k=ha_w_k, coulombic_eff=coulombic_eff,
                         runaway_rate_k_s=runaway_rate_k_s, runaway_s=runaway_s, air_tau_s=air_tau_s,
                         air_coupling=air_coupling, rack_volume_m3=rack_volume_m3,
                         rack_exhaust_m3_s=rack_exhaust_m3_s, offgas_tau_s=offgas_tau_s, sr_ea_j_mol=sr_ea_j_mol)
        require_non_negative("formation_rack", r0_ohm=r0_ohm, r1_ohm=r1_ohm, r2_ohm=r2_ohm,
                             overcharge_k=overcharge_k, sr_rate_k_s=sr_rate_k_s, vent_gas_l_s=vent_gas_l_s,
                             runaway_gas_l=runaway_gas_l, noise_c=noise_c)
        require_range("formation_rack", "initial_soc", initial_soc, 0.0, 1.0)
        if not onset_c < vent_c < max_c:
            raise PlantConfigError(f"need onset_c < vent_c < max_c, not {onset_c}, {vent_c}, {max_c}",
                                   model="formation_rack", parameter="vent_c")
        if r0_ohm + r1_ohm + r2_ohm <= 0.0:
            raise PlantConfigError("the cell needs some resistance (r0_ohm + r1_ohm + r2_ohm > 0)",
                                   model="formation_rack", parameter="r0_ohm")
        self.n_cells = n_cells
        self.capacity_ah, self.r0_ohm, self.r1_ohm, self.tau1_s = capacity_ah, r0_ohm, r1_ohm, tau1_s
        self.r2_ohm, self.tau2_s, self.mass_kg, self.cp_j_kg_k, self.ha_w_k = r2_ohm, tau2_s, mass_kg, cp_j_kg_k, ha_w_k
        self.coulombic_eff, self.cv_limit_v, self.discharge_limit_v = coulombic_eff, cv_limit_v, discharge_limit_v
        self.overcharge_v, self.overcharge_k, self.onset_c, self.vent_c = overcharge_v, overcharge_k, onset_c, vent_c
        self.runaway_rate_k_s, self.max_c, self.sr_rate_k_s, self.sr_ea_j_mol = runaway_rate_k_s, max_c, sr_rate_k_s, sr_ea_j_mol
        self.runaway_s, self.room_c, self.air_tau_s, self.air_coupling = runaway_s, room_c, air_tau_s, air_coupling
        self.rack_volume_m3, self.rack_exhaust_m3_s, self.vent_gas_l_s = rack_volume_m3, rack_exhaust_m3_s, vent_gas_l_s
        self.runaway_gas_l, self.offgas_trip_ppm, self.smoke_trip = runaway_gas_l, offgas_trip_ppm, smoke_trip
        self.offgas_tau_s, self.noise_c = offgas_tau_s, noise_c
        self.seed(seed)
        n = self.n_cells
        self._soc = [float(initial_soc)] * n
        self._v1 = [0.0] * n
        self._v2 = [0.0] * n
        self._temp = [float(room_c)] * n
        self._vcell = [0.0] * n
        self._current = [0.0] * n
        self._i_set = [0.0] * n
        self._g_isc = [0.0] * n
        self._tr_timer = [0.0] * n
        self._channel_on = [0] * n
        self._welded = [0] * n
        self._stage = [0] * n
        self._cell_faults: dict[tuple[str, int], float] = {}
        self.rack_contactor = False
        self.rack_air_c = room_c
        self.rack_air_reading_c = self.offgas_ppm = self.offgas_reading_ppm = self.smoke = 0.0
        self.rack_contactor_feedback = self.offgas_alarm = self.smoke_alarm = False
        self.cells_venting = self.cells_in_runaway = 0
        self.max_cell_c = 0.0
        self._offgas_filtered = self._gas_l_s = self._smoke_rate = 0.0
        self._outputs()

    def advance(self, dt: float) -> None:
        on = self._fault_on
        n = self.n_cells
        soc, v1, v2, temp = self._soc, self._v1, self._v2, self._temp
        vcell, cur, i_set, g_isc = self._vcell, self._current, self._i_set, self._g_isc
        chan, welded, stage = self._channel_on, self._welded, self._stage
        f1 = math.exp(-dt / self.tau1_s)
        f2 = math.exp(-dt / self.tau2_s)
        fth = math.exp(-dt * self.ha_w_k / (self.mass_kg * self.cp_j_kg_k))
        r1b = self.r1_ohm * (1.0 - f1)
        r2b = self.r2_ohm * (1.0 - f2)
        r0 = self.r0_ohm
        r_eff_inv = 1.0 / (r0 + r1b + r2b)
        eta, vmin, v_oc, k_oc = self.coulombic_eff, self.discharge_limit_v, self.overcharge_v, self.overcharge_k
        inv_ha, t_air, onset = 1.0 / self.ha_w_k, self.rack_air_c, self.onset_c
        rack_on = self.rack_contactor or on[F_RACK_WELDED]
        cv = 1e9 if on[F_CV_FAILURE] else self.cv_limit_v
        dsoc = dt / (3600.0 * self.capacity_ah)
        self._gas_l_s = 0.0
        self._smoke_rate = 0.0
        self.cells_venting = 0
        self.cells_in_runaway = 0
        sum_excess = 0.0
        max_t = -1e300
        for k in range(n):
            st = stage[k]
            i = 0.0
            if (chan[k] or welded[k]) and rack_on and st < 3:
                i = i_set[k]
            s = soc[k]
            ocv_k = ocv(s)
            if st >= 3:
                ocv_k = 0.0
            a = v1[k] * f1
            b = v2[k] * f2
            base = ocv_k + a + b
            if i > 0.0:
                lim = (cv - base) * r_eff_inv
                if i > lim:
                    i = lim if lim > 0.0 else 0.0
            elif i < 0.0:
                lim = (vmin - base) * r_eff_inv
                if i < lim:
                    i = lim if lim < 0.0 else 0.0
            a = a + i * r1b
            b = b + i * r2b
            vc = ocv_k + a + b + i * r0
            i_isc = ocv_k * g_isc[k]
            q = i * (vc - ocv_k) + ocv_k * i_isc
            if i > 0.0 and vc > v_oc:
                q = q + k_oc * i * (vc - v_oc)
            i_eff = i * eta if i > 0.0 else i
            soc[k] = s + (i_eff - i_isc) * dsoc
            t = temp[k]
            tt = t_air + q * inv_ha
            tn = tt + (t - tt) * fth
            if st != 0 or tn >= onset:
                tn = self._slow_cell(k, t, tn, dt)
            temp[k] = tn
            v1[k] = a
            v2[k] = b
            vcell[k] = vc
            cur[k] = i
            sum_excess = sum_excess + (tn - t_air)
            if tn > max_t:
                max_t = tn
        target = self.room_c + sum_excess / (self.air_coupling * n)
        self.rack_air_c = lag(self.rack_air_c, target, dt, self.air_tau_s)
        self.max_cell_c = max_t
        target = self._gas_l_s * 1000.0 / self.rack_exhaust_m3_s
        self.offgas_ppm = target + (self.offgas_ppm - target) * math.exp(-dt * self.rack_exhaust_m3_s / self.rack_volume_m3)
        target = self._smoke_rate / self.rack_exhaust_m3_s
        self.smoke = target + (self.smoke - target) * math.exp(-dt * self.rack_exhaust_m3_s / self.rack_volume_m3)
        self._offgas_filtered = lag(self._offgas_filtered, self.offgas_ppm, dt, self.offgas_tau_s)
        self._outputs()

    def _slow_cell(self, k: int, t_old: float, t_new: float, dt: float) -> float:
        st = self._stage[k]
        if st >= 3:
            if st == 3:
                self._tr_timer[k] = self._tr_timer[k] + dt
                self._gas_l_s = self._gas_l_s + self.runaway_gas_l / self.runaway_s
                self._smoke_rate = self._smoke_rate + 1.0
                self.cells_in_runaway = self.cells_in_runaway + 1
                if self._tr_timer[k] >= self.runaway_s:
                    self._stage[k] = 4
            return t_new
        if t_new >= self.onset_c:
            t_k = t_new + _K
            t_new = t_new + self.sr_rate_k_s * math.exp(-self.sr_ea_j_mol / _R_GAS * (1.0 / t_k - 1.0 / (self.onset_c + _K))) * dt
            if st == 0:
                st = 1
        elif st == 1:
            st = 0
        if st >= 1 and t_new >= self.vent_c:
            st = 2
        if st >= 1 and (t_new - t_old) >= self.runaway_rate_k_s * dt:
            st = 3
            t_new = self.max_c
            self._tr_timer[k] = 0.0
        if st == 2:
            self._gas_l_s = self._gas_l_s + self.vent_gas_l_s
            self.cells_venting = self.cells_venting + 1
        self._stage[k] = st
        return t_new

    def _outputs(self) -> None:
        on = self._fault_on
        self.rack_contactor_feedback = not (self.rack_contactor or on[F_RACK_WELDED])
        self.rack_air_reading_c = self.rack_air_c
        if self.noise_c > 0.0:
            self.rack_air_reading_c = self.rack_air_reading_c + self.noise_c * self._gauss()
        self.offgas_reading_ppm = 0.0 if on[F_OFFGAS_POISONED] else self._offgas_filtered
        self.offgas_alarm = self.offgas_reading_ppm >= self.offgas_trip_ppm
        self.smoke_alarm = self.smoke >= self.smoke_trip and not on[F_SMOKE_FAILED]

    # --- API mirrored from the compiled rack (numpy arrays in and out) -----------------------------
    def _cell(self, k: int) -> int:
        if not 0 <= k < self.n_cells:
            raise IndexError(f"cell {k} out of range 0..{self.n_cells - 1}")
        return k

    @property
    def current_setpoints(self) -> Any:
        return _ListView(self._i_set, np.float64)

    @current_setpoints.setter
    def current_setpoints(self, values: Any) -> None:
        self._i_set[:] = [float(v) for v in np.broadcast_to(values, (self.n_cells,))]

    @property
    def channel_on(self) -> Any:
        return _ListView(self._channel_on, np.uint8)

    @channel_on.setter
    def channel_on(self, values: Any) -> None:
        self._channel_on[:] = [int(v) for v in np.broadcast_to(values, (self.n_cells,))]

    @property
    def voltages(self) -> np.ndarray:
        out = np.array(self._vcell)
        for (name, k), value in self._cell_faults.items():
            if name == "voltage_frozen":
                out[k] = value
        return out

    @property
    def currents(self) -> np.ndarray:
        return np.array(self._current)

    @property
    def temperatures(self) -> np.ndarray:
        out = np.array(self._temp)
        for (name, k) in self._cell_faults:
            if name == "temperature_probe_detached":
                out[k] = self.rack_air_c
        return out

    @property
    def true_temperatures(self) -> np.ndarray:
        return np.array(self._temp)

    @property
    def socs(self) -> np.ndarray:
        return np.array(self._soc)

    @property
    def stages(self) -> np.ndarray:
        return np.array(self._stage, dtype=np.uint8)

    def set_cell_temperature(self, k: int, celsius: float) -> None:
        self._temp[self._cell(k)] = float(celsius)

    def set_soc(self, soc: float, k: int | None = None) -> None:
        if k is None:
            self._soc[:] = [float(soc)] * self.n_cells
        else:
            self._soc[self._cell(k)] = float(soc)

    def _set_fault(self, slot: int, on: bool, value: float, index: int | None) -> None:
        name = type(self).FAULTS[slot]
        if name not in CELL_FAULTS:
            super()._set_fault(slot, on, value, index)
            return
        if index is None:
            if on:
                raise ValueError(f"fault '{name}' needs a cell: enable_fault('{name}', value, index=k)")
            cells = [k for (n, k) in self._cell_faults if n == name]
        else:
            cells = [self._cell(index)]
        for k in cells:
            if name == "internal_short":
                if on and not value > 0.0:
                    raise ValueError(f"internal_short needs a resistance > 0 ohm, not {value}")
                self._g_isc[k] = 1.0 / value if on else 0.0
            elif name == "channel_relay_welded":
                self._welded[k] = int(on)
            elif name == "thermal_runaway" and on and self._stage[k] < 3:
                self._stage[k] = 3
                self._temp[k] = self.max_c
                self._tr_timer[k] = 0.0
            if on:
                self._cell_faults[(name, k)] = self._vcell[k] if name == "voltage_frozen" else value
            else:
                self._cell_faults.pop((name, k), None)
        self._fault_on[slot] = any(n == name for (n, _) in self._cell_faults)
        self._fault_value[slot] = 0.0

    @property
    def faults(self) -> dict[str, float]:
        out = {n: self._fault_value[i] for i, n in enumerate(type(self).FAULTS)
               if self._fault_on[i] and n not in CELL_FAULTS}
        out.update({f"{n}[{k}]": v for (n, k), v in sorted(self._cell_faults.items())})
        return out


class _ListView:
    """Item assignment into one of the twin's per-cell lists, numpy-style (``rack.channel_on[:] = 1``)."""

    def __init__(self, data: list[Any], dtype: type) -> None:
        self._data = data
        self._dtype = dtype

    def __len__(self) -> int:
        return len(self._data)

    def __getitem__(self, key: Any) -> Any:
        return np.asarray(self._data, dtype=self._dtype)[key]

    def __setitem__(self, key: Any, value: Any) -> None:
        arr: Any = np.asarray(self._data, dtype=self._dtype)
        arr[key] = value
        cast = float if self._dtype is np.float64 else int
        self._data[:] = [cast(v) for v in arr]

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return np.asarray(self._data, dtype=dtype or self._dtype)
