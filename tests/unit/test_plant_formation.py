"""Formation rack: the cell model against analytic results, energy balance, faults, rack safety."""
from __future__ import annotations

import math

import numpy as np
import pytest

from plant_models._reference.formation_rack import FormationRack as RefRack
from plant_models._reference.formation_rack import ocv
from plant_models.formation_rack import FormationRack

MS = 1_000_000
RACKS = [pytest.param(FormationRack, id="compiled"), pytest.param(RefRack, id="reference")]


def _charging(cls, n: int = 1, amps: float = 10.0, **params):
    rack = cls(n_cells=n, **params)
    rack.rack_contactor = True
    rack.channel_on[:] = 1
    rack.current_setpoints[:] = amps
    return rack


def _run(rack, seconds: float, dt_s: float = 1.0) -> None:
    for _ in range(round(seconds / dt_s)):
        rack.step(round(dt_s * 1e9))


def test_ocv_table_interpolates_and_extrapolates() -> None:
    assert ocv(0.0) == 2.506 and ocv(1.0) == pytest.approx(4.18)
    assert ocv(0.5) == pytest.approx(3.675)
    assert 3.60 <= ocv(0.5) <= 3.70  # NMC at 50 % SOC (battery-line §2.11)
    assert ocv(1.05) > 4.2  # overcharge keeps rising


@pytest.mark.parametrize("cls", RACKS)
def test_rc_branches_and_temperature_reach_the_steady_state(cls) -> None:
    # A huge capacity holds the SOC (and OCV) still, so the steady state is analytic.
    rack = _charging(cls, amps=50.0, capacity_ah=1e9, initial_soc=0.5, mass_kg=0.2, air_coupling=1e9)
    _run(rack, 3000.0)  # 15 tau2, 6 thermal time constants (m c_p / hA = 250 s)
    i, r0, r1, r2 = 50.0, 0.8e-3, 0.4e-3, 0.6e-3
    assert rack.voltages[0] == pytest.approx(ocv(0.5) + i * (r0 + r1 + r2), rel=1e-7)
    assert rack.temperatures[0] == pytest.approx(25.0 + i * i * (r0 + r1 + r2) / 0.8, abs=1e-3)


@pytest.mark.parametrize("cls", RACKS)
def test_rc_branch_reaches_63_percent_at_tau1(cls) -> None:
    rack = _charging(cls, amps=100.0, capacity_ah=1e9, initial_soc=0.5, r2_ohm=0.0)
    _run(rack, 10.0, 0.01)
    expected = ocv(0.5) + 100.0 * 0.8e-3 + 100.0 * 0.4e-3 * (1.0 - math.exp(-1.0))
    assert rack.voltages[0] == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("cls", RACKS)
def test_energy_balance_closes(cls) -> None:
    rack = _charging(cls, amps=50.0, initial_soc=0.2, mass_kg=0.5)
    e_in = e_chem = loss = 0.0
    t_prev = rack.temperatures[0]
    heat_to_air = 0.0
    for _ in range(3600):  # one hour at C/2
        soc_before = rack.socs[0]
        t_air = rack.rack_air_c
        rack.step(1_000_000_000)
        i, v, t = rack.currents[0], rack.voltages[0], rack.temperatures[0]
        e_in += i * v
        e_chem += i * ocv(soc_before)
        heat_to_air += 0.8 * ((t + t_prev) / 2 - t_air)
        t_prev = t
        loss += i * (v - ocv(soc_before))
    stored_heat = 0.5 * 1000.0 * (rack.temperatures[0] - 25.0)
    assert rack.socs[0] == pytest.approx(0.2 + 50.0 / 100.0, rel=1e-9)  # coulomb counting: 50 Ah into 100 Ah
    assert e_in == pytest.approx(e_chem + loss, rel=1e-12)  # electrical in = chemical + irreversible heat
    assert stored_heat + heat_to_air == pytest.approx(loss, rel=1e-3)  # heat generated = stored + lost to air
    chemical = 100.0 * 3600.0 * np.mean([ocv(0.2 + 0.5 * k / 1000) for k in range(1001)]) * 0.5
    assert e_chem == pytest.approx(chemical, rel=1e-3)  # = Q ∫ OCV dSOC


@pytest.mark.parametrize("cls", RACKS)
def test_cv_limit_tapers_the_current(cls) -> None:
    rack = _charging(cls, amps=50.0, initial_soc=0.95)
    _run(rack, 1200.0)
    assert rack.voltages[0] == pytest.approx(4.2, abs=1e-9)
    assert 0.0 < rack.currents[0] < 50.0
    rack.enable_fault("cv_loop_failure")
    _run(rack, 600.0)
    assert rack.currents[0] == 50.0 and rack.voltages[0] > 4.25  # overcharge


@pytest.mark.parametrize("cls", RACKS)
def test_internal_short_heats_at_v2_over_r(cls) -> None:
    rack = cls(n_cells=3, initial_soc=0.9)
    rack.enable_fault("internal_short", 0.1, index=1)
    _run(rack, 60.0, 0.1)
    t = rack.temperatures
    v = ocv(0.9)
    rise = v * v / 0.1 / (1.9 * 1000.0) * 60.0  # ~5 K/min for 160 W in 1.9 kg (battery-line §2.9)
    assert t[1] - 25.0 == pytest.approx(rise, rel=0.02)
    assert t[0] == pytest.approx(25.0, abs=0.01) and rack.socs[1] < 0.9
    assert rack.faults == {"internal_short[1]": 0.1}


@pytest.mark.parametrize("cls", RACKS)
def test_short_drives_the_cell_through_runaway_with_off_gas_before_smoke(cls) -> None:
    rack = cls(n_cells=4, initial_soc=1.0, mass_kg=0.5)
    rack.enable_fault("internal_short", 0.02, index=2)
    first_gas = first_smoke = None
    for s in range(3000):
        rack.step(1_000_000_000)
        if first_gas is None and rack.offgas_alarm:
            first_gas = s
        if first_smoke is None and rack.smoke_alarm:
            first_smoke = s
    assert rack.stages[2] == 4 and list(rack.stages[[0, 1, 3]]) == [0, 0, 0]
    assert first_gas is not None and first_smoke is not None and first_gas < first_smoke
    assert rack.max_cell_c < 600.0  # burnt out and cooling


@pytest.mark.parametrize("cls", RACKS)
def test_rack_isolation_and_welded_relays(cls) -> None:
    rack = _charging(cls, n=4, amps=20.0, initial_soc=0.5)
    rack.enable_fault("channel_relay_welded", index=3)
    rack.channel_on[:] = 0
    rack.step(MS)
    assert list(rack.currents) == [0.0, 0.0, 0.0, 20.0]  # a welded relay keeps conducting
    rack.rack_contactor = False
    rack.step(MS)
    assert list(rack.currents) == [0.0, 0.0, 0.0, 0.0] and rack.rack_contactor_feedback
    rack.enable_fault("rack_contactor_welded")
    rack.step(MS)
    assert rack.currents[3] == 20.0 and not rack.rack_contactor_feedback


@pytest.mark.parametrize("cls", RACKS)
def test_probe_and_voltage_faults_change_only_the_readings(cls) -> None:
    rack = _charging(cls, n=2, amps=50.0, initial_soc=0.3)
    _run(rack, 100.0)
    rack.enable_fault("voltage_frozen", index=0)
    rack.enable_fault("temperature_probe_detached", index=1)
    frozen = rack.voltages[0]
    _run(rack, 100.0)
    assert rack.voltages[0] == frozen and rack.voltages[1] > frozen
    assert rack.temperatures[1] == pytest.approx(rack.rack_air_c) and rack.true_temperatures[1] > rack.rack_air_c
    rack.clear_fault("voltage_frozen")  # without index: every cell
    assert rack.voltages[0] == rack.voltages[1]
    with pytest.raises(ValueError, match="needs a cell"):
        rack.enable_fault("internal_short", 0.1)
    with pytest.raises(ValueError, match="resistance > 0"):
        rack.enable_fault("internal_short", 0.0, index=0)
    with pytest.raises(IndexError, match="cell 2 out of range"):
        rack.enable_fault("thermal_runaway", index=2)


def test_vectorised_rack_matches_single_cells() -> None:
    n = 100_000
    rack = FormationRack(n_cells=n, initial_soc=0.3)
    rack.rack_contactor = True
    rack.channel_on[:] = 1
    rack.current_setpoints[:] = np.linspace(-50.0, 50.0, n)
    singles = []
    for amps in (-50.0, 0.0, 50.0):
        single = _charging(FormationRack, amps=amps, initial_soc=0.3)
        singles.append(single)
    for _ in range(100):
        rack.step(100 * MS)
        for single in singles:
            single.step(100 * MS)
    for idx, single in zip((0, (n - 1) // 2, n - 1), singles):
        if idx == (n - 1) // 2:
            continue  # linspace's middle value is not exactly 0 for even n
        assert rack.voltages[idx] == single.voltages[0]
        assert rack.socs[idx] == single.socs[0]
    assert np.all(np.diff(rack.voltages) > 0)
