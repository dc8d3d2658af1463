# cython: language_level=3, cdivision=True, boundscheck=False, wraparound=False
"""Formation rack of N cells, compiled. Model and units: plant_models/formation_rack.py;
twin: _reference/formation_rack.py.

The per-cell state lives in numpy arrays owned by the object (structure of arrays); the step walks them
once with raw pointers, so a 100,000-cell rack costs a few nanoseconds per cell.
"""
import numpy as np

from libc.math cimport exp

from plant_models._base cimport MAX_FAULTS, PlantModel, lagf

from plant_models.errors import PlantConfigError
from plant_models._checks import require_count, require_non_negative, require_positive, require_range

cdef enum:
    F_RACK_WELDED, F_OFFGAS_POISONED, F_CV_FAILURE, F_SMOKE_FAILED

# NMC/graphite OCV on SOC 0, 0.05 .. 1.0 (low end after the Molicel P42A points, battery-line §2.9).
OCV_TABLE = (2.506, 3.16, 3.33, 3.42, 3.48, 3.53, 3.57, 3.60, 3.625, 3.65, 3.675,
             3.705, 3.745, 3.785, 3.83, 3.88, 3.93, 3.985, 4.045, 4.11, 4.18)
CELL_FAULTS = ("internal_short", "channel_relay_welded", "thermal_runaway", "temperature_probe_detached",
               "voltage_frozen")
_ARRAYS = ("soc", "v1", "v2", "temp", "vcell", "current", "i_set", "g_isc", "tr_timer", "channel_on", "welded", "stage")

# The electrical and thermal update of every cell, in C so that GCC vectorises it (SSE2, or AVX2 where
# the CPU has it: target_clones picks at load time). The code is branch-free (selects, no control
# flow) and per lane the same IEEE operations in the same order as the scalar twin, so the results are
# bit for bit those of _reference/formation_rack.py (target_clones needs glibc ifuncs; elsewhere the plain
# function is built). no-trapping-math only lets GCC evaluate both sides
# of a select; it changes no result (no FMA contraction, no reassociation).
cdef extern from *:
    """
    typedef struct {
        double f1, f2, fth, r1b, r2b, r_eff_inv, r0, dsoc, eta, cv, vmin, v_oc, k_oc, inv_ha, t_air;
        int rack_on;
    } hil_cell_params;

    #if defined(__GNUC__) && defined(__x86_64__) && defined(__GLIBC__) && !defined(__clang__)
    #pragma GCC push_options
    #pragma GCC optimize ("no-trapping-math")
    __attribute__((target_clones("avx2", "default")))
    #endif
    static void hil_cells_step(int n, const hil_cell_params* p, const double* tab, const double* slope,
        double* __restrict soc, double* __restrict v1, double* __restrict v2, const double* __restrict temp,
        double* __restrict t_new, double* __restrict vcell, double* __restrict cur,
        const double* __restrict i_set, const double* __restrict g_isc, const unsigned char* __restrict chan,
        const unsigned char* __restrict welded, const unsigned char* __restrict stage)
    {
        const double f1 = p->f1, f2 = p->f2, fth = p->fth, r1b = p->r1b, r2b = p->r2b;
        const double r_eff_inv = p->r_eff_inv, r0 = p->r0, dsoc = p->dsoc, eta = p->eta, cv = p->cv;
        const double vmin = p->vmin, v_oc = p->v_oc, k_oc = p->k_oc, inv_ha = p->inv_ha, t_air = p->t_air;
        const int rack_on = p->rack_on;
        for (int k = 0; k < n; k++) {
            const int st = stage[k];
            /* Channel source: CC at the set point, CV-limited on charge and discharge. */
            const int on = ((chan[k] | welded[k]) != 0) & rack_on & (st < 3);
            const double i_sp = i_set[k];
            double i = on ? i_sp : 0.0;
            const double s = soc[k];
            const double x = s * 20.0;
            int j = (int)x;
            j = j < 0 ? 0 : (j > 19 ? 19 : j);
            double ocv = tab[j] + (x - j) * slope[j];
            ocv = st >= 3 ? 0.0 : ocv;            /* burnt out: no electrochemistry left */
            double a = v1[k] * f1;
            double b = v2[k] * f2;
            const double base = ocv + a + b;
            const double lim_c = (cv - base) * r_eff_inv;
            const double lim_d = (vmin - base) * r_eff_inv;
            const double i_c = i > lim_c ? (lim_c > 0.0 ? lim_c : 0.0) : i;
            const double i_d = i < lim_d ? (lim_d < 0.0 ? lim_d : 0.0) : i;
            i = i > 0.0 ? i_c : (i < 0.0 ? i_d : i);
            /* 2-RC Thevenin, exact for a constant current over the step. */
            a = a + i * r1b;
            b = b + i * r2b;
            const double vc = ocv + a + b + i * r0;
            const double i_isc = ocv * g_isc[k];
            /* Heat: irreversible losses, internal short, overcharge side reaction. */
            double q = i * (vc - ocv) + ocv * i_isc;
            const double q_oc = q + k_oc * i * (vc - v_oc);
            q = ((i > 0.0) & (vc > v_oc)) ? q_oc : q;
            const double i_eff = i > 0.0 ? i * eta : i;   /* coulombic losses on charge only */
            soc[k] = s + (i_eff - i_isc) * dsoc;
            const double t = temp[k];
            const double tt = t_air + q * inv_ha;
            t_new[k] = tt + (t - tt) * fth;
            v1[k] = a;
            v2[k] = b;
            vcell[k] = vc;
            cur[k] = i;
        }
    }
    #if defined(__GNUC__) && defined(__x86_64__) && defined(__GLIBC__) && !defined(__clang__)
    #pragma GCC pop_options
    #endif
    """
    ctypedef struct hil_cell_params:
        double f1, f2, fth, r1b, r2b, r_eff_inv, r0, dsoc, eta, cv, vmin, v_oc, k_oc, inv_ha, t_air
        int rack_on
    void hil_cells_step(int n, const hil_cell_params* p, const double* tab, const double* slope, double* soc,
                        double* v1, double* v2, const double* temp, double* t_new, double* vcell, double* cur,
                        const double* i_set, const double* g_isc, const unsigned char* chan,
                        const unsigned char* welded, const unsigned char* stage) noexcept nogil

cdef double _R_GAS = 8.314462618
cdef double _K = 273.15


cdef class FormationRack(PlantModel):
    """See plant_models.formation_rack for the equations, signals and faults."""

    FAULTS = ("rack_contactor_welded", "offgas_sensor_poisoned", "cv_loop_failure", "smoke_detector_failed",
              *CELL_FAULTS)

    def __init__(self, n_cells=100, double capacity_ah=100.0, double r0_ohm=0.8e-3, double r1_ohm=0.4e-3,
                 double tau1_s=10.0, double r2_ohm=0.6e-3, double tau2_s=200.0, double mass_kg=1.9,
                 double cp_j_kg_k=1000.0, double ha_w_k=0.8, double coulombic_eff=1.0, double cv_limit_v=4.2,
                 double discharge_limit_v=2.8, double overcharge_v=4.25, double overcharge_k=1.0,
                 double onset_c=90.0, double vent_c=120.0, double runaway_rate_k_s=1.0, double max_c=600.0,
                 double sr_rate_k_s=0.02, double sr_ea_j_mol=83000.0, double runaway_s=10.0, double room_c=25.0,
                 double air_tau_s=1200.0, double air_coupling=5.0, double rack_volume_m3=20.0,
                 double rack_exhaust_m3_s=0.5, double vent_gas_l_s=0.2, double runaway_gas_l=150.0,
                 double offgas_trip_ppm=100.0, double smoke_trip=0.2, double offgas_tau_s=2.0,
                 double initial_soc=0.0, double noise_c=0.0, seed=0):
        self._params = {k: v for k, v in locals().items() if k != "self"}  # for pickling and deep copies
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
        self._fill_ocv()
        arrays = {name: np.zeros(n_cells, dtype=np.uint8 if name in ("channel_on", "welded", "stage") else np.float64)
                  for name in _ARRAYS}
        arrays["soc"][:] = initial_soc
        arrays["temp"][:] = room_c
        self._arrays = arrays
        self._scratch = np.zeros(n_cells, dtype=np.float64)  # new temperatures between the two passes
        self._t_new = self._scratch
        self._bind()
        self._cell_faults = {}
        self.rack_air_c = room_c
        self._dt_last = -1.0
        self._outputs()

    cdef void _fill_ocv(self):
        cdef int j
        for j in range(OCV_POINTS):
            self._ocv[j] = OCV_TABLE[j]
        for j in range(OCV_POINTS - 1):
            self._ocv_slope[j] = OCV_TABLE[j + 1] - OCV_TABLE[j]
        self._ocv_slope[OCV_POINTS - 1] = self._ocv_slope[OCV_POINTS - 2]

    cdef void _bind(self):
        a = self._arrays
        self._soc, self._v1, self._v2, self._temp = a["soc"], a["v1"], a["v2"], a["temp"]
        self._vcell, self._current, self._i_set, self._g_isc = a["vcell"], a["current"], a["i_set"], a["g_isc"]
        self._tr_timer, self._channel_on, self._welded, self._stage = a["tr_timer"], a["channel_on"], a["welded"], a["stage"]

    def step(self, long long dt_ns):
        """Advance the rack by ``dt_ns`` nanoseconds; big racks release the GIL while they compute."""
        if dt_ns < 0:
            raise ValueError(f"cannot step a plant model backwards ({dt_ns} ns)")
        cdef double dt = dt_ns * 1e-9
        if self.n_cells >= 4096:
            with nogil:
                self.advance(dt)
        else:
            self.advance(dt)

    cdef void advance(self, double dt) noexcept nogil:
        cdef int k, n = self.n_cells
        cdef double* soc = &self._soc[0]
        cdef double* v1 = &self._v1[0]
        cdef double* v2 = &self._v2[0]
        cdef double* temp = &self._temp[0]
        cdef double* t_new = &self._t_new[0]
        cdef double* vcell = &self._vcell[0]
        cdef double* cur = &self._current[0]
        cdef double* i_set = &self._i_set[0]
        cdef double* g_isc = &self._g_isc[0]
        cdef unsigned char* chan = &self._channel_on[0]
        cdef unsigned char* welded = &self._welded[0]
        cdef unsigned char* stage = &self._stage[0]
        cdef double* tab = self._ocv
        cdef double* slope = self._ocv_slope
        cdef double tn
        cdef double f1, f2, fth, r1b, r2b, r_eff_inv, r0 = self.r0_ohm, dsoc, eta = self.coulombic_eff
        cdef double cv, vmin = self.discharge_limit_v, v_oc = self.overcharge_v, k_oc = self.overcharge_k
        cdef double inv_ha = 1.0 / self.ha_w_k, t_air = self.rack_air_c, onset = self.onset_c
        cdef double sum_excess = 0.0, max_t = -1e300, target
        cdef bint rack_on = self.rack_contactor or self._fault_on[F_RACK_WELDED]
        if dt != self._dt_last:
            # Shared by all cells: one set of exp() per step size, not per cell.
            self._dt_last = dt
            self._f1 = exp(-dt / self.tau1_s)
            self._f2 = exp(-dt / self.tau2_s)
            self._fth = exp(-dt * self.ha_w_k / (self.mass_kg * self.cp_j_kg_k))
            self._fair = exp(-dt / self.air_tau_s)
            self._f_rack = exp(-dt * self.rack_exhaust_m3_s / self.rack_volume_m3)
            self._f_offgas = exp(-dt / self.offgas_tau_s)
            self._r1b = self.r1_ohm * (1.0 - self._f1)
            self._r2b = self.r2_ohm * (1.0 - self._f2)
            self._r_eff_inv = 1.0 / (r0 + self._r1b + self._r2b)
        f1, f2, fth, r1b, r2b, r_eff_inv = self._f1, self._f2, self._fth, self._r1b, self._r2b, self._r_eff_inv
        cv = 1e9 if self._fault_on[F_CV_FAILURE] else self.cv_limit_v
        dsoc = dt / (3600.0 * self.capacity_ah)
        self._gas_l_s = 0.0
        self._smoke_rate = 0.0
        self.cells_venting = 0
        self.cells_in_runaway = 0
        cdef hil_cell_params prm
        prm.f1, prm.f2, prm.fth, prm.r1b, prm.r2b, prm.r_eff_inv = f1, f2, fth, r1b, r2b, r_eff_inv
        prm.r0, prm.dsoc, prm.eta, prm.cv, prm.vmin, prm.v_oc = r0, dsoc, eta, cv, vmin, v_oc
        prm.k_oc, prm.inv_ha, prm.t_air, prm.rack_on = k_oc, inv_ha, t_air, rack_on
        hil_cells_step(n, &prm, tab, slope, soc, v1, v2, temp, t_new, vcell, cur, i_set, g_isc, chan, welded, stage)
        # Second pass, scalar and in cell order like the twin: the rare thermal-runaway path, the rack sums.
        for k in range(n):
            tn = t_new[k]
            if stage[k] != 0 or tn >= onset:
                tn = self._slow_cell(k, temp[k], tn, dt)
            temp[k] = tn
            sum_excess = sum_excess + (tn - t_air)
            if tn > max_t:
                max_t = tn
        # Rack air: G_air (T_air - T_room) = sum hA (T_k - T_air), with G_air = air_coupling n hA.
        target = self.room_c + sum_excess / (self.air_coupling * n)
        self.rack_air_c = lagf(self.rack_air_c, target, self._fair)
        self.max_cell_c = max_t
        # Rack enclosure, well mixed: V dc/dt = gas - Q c (ppm by volume), and the same for smoke.
        target = self._gas_l_s * 1000.0 / self.rack_exhaust_m3_s
        self.offgas_ppm = lagf(self.offgas_ppm, target, self._f_rack)
        target = self._smoke_rate / self.rack_exhaust_m3_s
        self.smoke = lagf(self.smoke, target, self._f_rack)
        self._offgas_filtered = lagf(self._offgas_filtered, self.offgas_ppm, self._f_offgas)
        self._outputs()

    cdef double _slow_cell(self, int k, double t_old, double t_new, double dt) noexcept nogil:
        # The rare path: self-heating, venting and runaway. Stages: 0 normal, 1 self-heating
        # (T >= onset), 2 vented (T >= vent_c, irreversible), 3 runaway (dT/dt >= runaway_rate), 4 burnt.
        cdef unsigned char st = self._stage[k]
        cdef double t_k
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
            # Arrhenius self-heating (SEI decomposition), referred to its rate at the onset temperature.
            t_k = t_new + _K
            t_new = t_new + self.sr_rate_k_s * exp(-self.sr_ea_j_mol / _R_GAS * (1.0 / t_k - 1.0 / (self.onset_c + _K))) * dt
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

    cdef void _outputs(self) noexcept nogil:
        self.rack_contactor_feedback = not (self.rack_contactor or self._fault_on[F_RACK_WELDED])
        self.rack_air_reading_c = self.rack_air_c
        if self.noise_c > 0.0:
            self.rack_air_reading_c = self.rack_air_reading_c + self.noise_c * self._gauss()
        # A poisoned catalytic/electrochemical head reads nothing: the dangerous, undetected failure.
        self.offgas_reading_ppm = 0.0 if self._fault_on[F_OFFGAS_POISONED] else self._offgas_filtered
        self.offgas_alarm = self.offgas_reading_ppm >= self.offgas_trip_ppm
        self.smoke_alarm = self.smoke >= self.smoke_trip and not self._fault_on[F_SMOKE_FAILED]

    # --- Python-side API: arrays, per-cell faults, snapshots (not on the step path) -------------
    cdef int _cell(self, k) except -1:
        if not 0 <= k < self.n_cells:
            raise IndexError(f"cell {k} out of range 0..{self.n_cells - 1}")
        return k

    @property
    def current_setpoints(self):
        """Channel current set points (A, + charges), one per cell: a writable numpy view."""
        return self._arrays["i_set"]

    @current_setpoints.setter
    def current_setpoints(self, values):
        self._arrays["i_set"][:] = values

    @property
    def channel_on(self):
        """Channel relays (1 = closed), one per cell: a writable numpy view."""
        return self._arrays["channel_on"]

    @channel_on.setter
    def channel_on(self, values):
        self._arrays["channel_on"][:] = values

    @property
    def voltages(self):
        """Terminal voltages as the cycler reports them (V); a frozen channel repeats its stale value."""
        out = self._arrays["vcell"].copy()
        for (name, k), value in self._cell_faults.items():
            if name == "voltage_frozen":
                out[k] = value
        return out

    @property
    def currents(self):
        """Actual channel currents (A, + charges)."""
        return self._arrays["current"].copy()

    @property
    def temperatures(self):
        """Cell probe temperatures (°C); a detached probe reads the rack air."""
        out = self._arrays["temp"].copy()
        for (name, k) in self._cell_faults:
            if name == "temperature_probe_detached":
                out[k] = self.rack_air_c
        return out

    @property
    def true_temperatures(self):
        return self._arrays["temp"].copy()

    @property
    def socs(self):
        return self._arrays["soc"].copy()

    @property
    def stages(self):
        """Thermal-runaway stage per cell: 0 normal, 1 self-heating, 2 vented, 3 runaway, 4 burnt."""
        return self._arrays["stage"].copy()

    def set_cell_temperature(self, k, double celsius):
        self._temp[self._cell(k)] = celsius

    def set_soc(self, double soc, k=None):
        """Set the state of charge of cell ``k`` (all cells when None), 0..1."""
        if k is None:
            self._arrays["soc"][:] = soc
        else:
            self._soc[self._cell(k)] = soc

    def _set_fault(self, int slot, bint on, double value, index):
        name = type(self).FAULTS[slot]
        if name not in CELL_FAULTS:
            return PlantModel._set_fault(self, slot, on, value, index)
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
                self._welded[k] = on
            elif name == "thermal_runaway" and on and self._stage[k] < 3:
                self._stage[k] = 3
                self._temp[k] = self.max_c
                self._tr_timer[k] = 0.0
            if on:
                # A frozen reading repeats the voltage of the moment the link went stale.
                self._cell_faults[(name, k)] = self._vcell[k] if name == "voltage_frozen" else value
            else:
                self._cell_faults.pop((name, k), None)
        self._fault_on[slot] = any(n == name for (n, _) in self._cell_faults)
        self._fault_value[slot] = 0.0

    @property
    def faults(self):
        """Active faults: rack faults by name, cell faults as ``name[k]``."""
        out = {n: self._fault_value[i] for i, n in enumerate(type(self).FAULTS)
               if self._fault_on[i] and n not in CELL_FAULTS}
        out.update({f"{n}[{k}]": v for (n, k), v in sorted(self._cell_faults.items())})
        return out

    def __reduce__(self):
        return (_rebuild, (type(self), self._params, self.snapshot()[1]))

    def snapshot(self):
        scalars = (self.rack_contactor, self.rack_air_c, self.rack_air_reading_c, self.offgas_ppm,
                   self.offgas_reading_ppm, self.smoke, self.rack_contactor_feedback, self.offgas_alarm,
                   self.smoke_alarm, self.cells_venting, self.cells_in_runaway, self.max_cell_c,
                   self._offgas_filtered, self._rng, [self._fault_on[i] for i in range(MAX_FAULTS)],
                   [self._fault_value[i] for i in range(MAX_FAULTS)], dict(self._cell_faults))
        return (type(self), (scalars, {name: arr.copy() for name, arr in self._arrays.items()}))

    def restore(self, snapshot):
        cls, (scalars, arrays) = snapshot
        if cls is not type(self):
            raise TypeError(f"cannot restore a {cls.__name__} snapshot into a {type(self).__name__}")
        if len(arrays["soc"]) != self.n_cells:
            raise ValueError(f"snapshot of {len(arrays['soc'])} cells does not fit a rack of {self.n_cells}")
        (self.rack_contactor, self.rack_air_c, self.rack_air_reading_c, self.offgas_ppm,
         self.offgas_reading_ppm, self.smoke, self.rack_contactor_feedback, self.offgas_alarm,
         self.smoke_alarm, self.cells_venting, self.cells_in_runaway, self.max_cell_c,
         self._offgas_filtered, self._rng, fault_on, fault_value, cell_faults) = scalars
        for i in range(MAX_FAULTS):
            self._fault_on[i] = fault_on[i]
            self._fault_value[i] = fault_value[i]
        self._cell_faults = dict(cell_faults)
        for name, arr in arrays.items():
            self._arrays[name][:] = arr


def _rebuild(cls, params, state):
    """Unpickle / deep-copy a rack: build it with its parameters, then restore its state."""
    rack = cls(**params)
    rack.restore((cls, state))
    return rack
