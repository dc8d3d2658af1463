"""The C&E matrix reader: both CSV forms, and every validation problem with its file, row and column."""
from __future__ import annotations

from pathlib import Path

import pytest

from hil.errors import ConfigError
from hil.rig import load_rig
from hil.safety import MatrixError, binding_path, check_against_rig, load_binding, read_matrix

OVEN = Path(__file__).resolve().parents[2] / "features" / "oven"
HEADER = ("ce_id,sif_id,sil_pl,mode,cause_tag,cause_desc,io_type,eu,range_lo,range_hi,trip_dir,setpoint,deadband,"
          "on_delay_ms,voting,vote_group,bad_pv_action,effect_tag,effect_desc,effect_action,effect_delay_ms,"
          "max_response_ms,latch,reset,bypass_allowed,standard_ref,origin")
ROW = "CE-1,SIF-1,SIL2,ALL,TT-1,temp,TC,°C,0,400,HI,165,2,200,1oo1,,,KM-1,contactor,DE-ENERGIZE,0,1000,Y,MANUAL,N,ref,"
COLUMNS = HEADER.split(",")


def _write(tmp_path: Path, *lines: str, name: str = "m.ce.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _row(**changes: str) -> str:
    values = ROW.split(",")
    for key, value in changes.items():
        values[COLUMNS.index(key)] = value
    return ",".join(values)


def _problems(path: Path) -> list[str]:
    with pytest.raises(MatrixError) as caught:
        read_matrix(path)
    return [str(p) for p in caught.value.problems]


def test_the_long_oven_matrix_reads_cell_by_cell() -> None:
    matrix = read_matrix(OVEN / "oven_zone.ce.csv")
    assert matrix.form == "long" and [c.id for c in matrix] == ["CE-OVN-601", "CE-OVN-602", "CE-OVN-603", "CE-OVN-604"]
    trip_point = matrix.cell("CE-OVN-603")
    assert (trip_point.cause.tag, trip_point.cause.setpoint, trip_point.cause.eu) == ("TT-221", 165.0, "°C")
    assert trip_point.cause.on_delay_ns == 200_000_000 and trip_point.allowed_ns == 1_200_000_000
    assert trip_point.latch and trip_point.reset == "MANUAL" and not trip_point.safe_on
    assert matrix.cell("CE-OVN-602").safe_on and matrix.cell("CE-OVN-601").cause.trip_dir == "OFF"
    assert matrix.sifs() == ["OVN-S6"] and [c.tag for c in matrix.causes()] == ["TSHH-222", "TT-221"]


def test_the_wide_oven_matrix_reads_into_the_same_cells() -> None:
    matrix = read_matrix(OVEN / "oven_zone_wide.ce.csv")
    assert matrix.form == "wide"
    assert [c.id for c in matrix] == ["TSHH-222/KM-227", "TSHH-222/UA-222", "TT-221/KM-227", "TT-221/UA-222"]
    assert [(c.action, c.mark) for c in matrix][:2] == [("DE-ENERGIZE", "X"), ("ALARM", "A")]
    assert matrix.cell("TT-221/KM-227").cause.setpoint == 165.0  # written "165 °C"


def test_a_wide_matrix_reads_delays_and_permissives(tmp_path: Path) -> None:
    path = _write(tmp_path, "sif_id,cause_tag,trip_dir,max_response_ms,XV-1 (CLOSE),FV-2 (OPEN),Start",
                  "S1,PS-1,ON,500,D250,X,P")
    cells = {c.id: c for c in read_matrix(path)}
    assert cells["PS-1/XV-1"].effect_delay_ns == 250_000_000 and cells["PS-1/XV-1"].allowed_ns == 750_000_000
    assert cells["PS-1/FV-2"].safe_on and cells["PS-1/Start"].mark == "P"


@pytest.mark.parametrize(("changes", "column", "expected"), [
    ({"trip_dir": "HIGHER"}, "trip_dir", "'HIGHER' is not one of HI, LO, ON, OFF"),
    ({"voting": "2oo4"}, "voting", "'2oo4' is not one of 1oo1, 1oo2, 2oo2, 2oo3, 1oo2D"),
    ({"bad_pv_action": "TRIPP"}, "bad_pv_action", "did you mean 'TRIP'"),
    ({"setpoint": "hot"}, "setpoint", "cannot read quantity 'hot'"),
    ({"setpoint": ""}, "setpoint", "is empty; it is required"),
    ({"setpoint": "165 bar"}, "setpoint", "is a pressure, but °C (temperature) is needed"),
    ({"setpoint": "500"}, "setpoint", "500 is outside the calibrated range 0..400"),
    ({"eu": "furlong"}, "eu", "unknown unit 'furlong'"),
    ({"latch": "maybe"}, "latch", "'MAYBE' is not Y or N"),
    ({"effect_action": "DEENERGIZE"}, "effect_action", "did you mean 'DE-ENERGIZE'"),
    ({"max_response_ms": "-5"}, "max_response_ms", "-5 is below 0"),
    ({"on_delay_ms": "soon"}, "on_delay_ms", "cannot read quantity 'soon'"),
    ({"ce_id": ""}, "ce_id", "is empty; it is required"),
    ({"voting": "2oo3"}, "vote_group", "a 2oo3 cause names the group its channels vote in"),
])
def test_each_bad_value_is_reported_at_its_row_and_column(tmp_path: Path, changes: dict[str, str], column: str,
                                                           expected: str) -> None:
    path = _write(tmp_path, "# a comment line", HEADER, _row(**changes))
    problems = _problems(path)
    located = [p for p in problems if f"{path}:3:{COLUMNS.index(column) + 1}: column '{column}'" in p]
    assert located and expected in located[0], problems


def test_problems_across_rows_are_all_reported(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER, _row(), _row(), _row(ce_id="CE-2", setpoint="170"),
                  _row(ce_id="CE-3", cause_tag="AT-1", voting="2oo3", vote_group="G"),
                  _row(ce_id="CE-4", cause_tag="AT-2", voting="1oo2", vote_group="G"), _row(ce_id="CE-5") + ",extra")
    problems = "\n".join(_problems(path))
    assert f"{path}:3:1: column 'ce_id': 'CE-1' is used again (first on line 2)" in problems
    assert f"{path}:4:12: column 'setpoint': '170' differs from line 2 ('165') for the same cause 'TT-1'" in problems
    assert "vote group 'SIF-1/G' mixes 1oo2, 2oo3" in problems
    assert f"{path}:7:28: 28 fields, but the header has 27" in problems


def test_a_vote_group_needs_all_its_channels(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER, _row(cause_tag="AT-A", voting="2oo3", vote_group="G"),
                  _row(ce_id="CE-2", cause_tag="AT-B", voting="2oo3", vote_group="G"))
    assert any("vote group 'SIF-1/G' (2oo3) has 2 channel(s) (AT-A, AT-B); it needs 3" in p for p in _problems(path))


def test_header_problems_name_the_close_column(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER.replace("setpoint", "setpiont").replace(",effect_tag", ",effect_tg"), ROW)
    problems = _problems(path)
    assert f"{path}:1:12: unknown column 'setpiont'; did you mean 'setpoint'?" in problems
    assert f"{path}:1: the required column 'effect_tag' is missing; did you mean 'effect_tg' or 'effect_action' or 'effect_desc'?" in problems


def test_wide_form_problems(tmp_path: Path) -> None:
    path = _write(tmp_path, "sif_id,cause_tag,trip_dir,setpiont,max_response_ms,KM-1 (DE-ENERGIZE),XV-2,UA-3 (ALRM)",
                  "S1,TT-1,HI,,1000,Y,X,A", "S1,TT-2,ON,,1000,,,")
    problems = "\n".join(_problems(path))
    assert f"{path}:1:4: unknown column 'setpiont'; did you mean 'setpoint'?" in problems
    assert "column 'UA-3 (ALRM)': unknown effect action 'ALRM'; did you mean 'ALARM'?" in problems
    assert f"{path}:2:6: column 'KM-1 (DE-ENERGIZE)': 'Y' is not a C&E mark" in problems
    assert f"{path}:2:7: column 'XV-2': a trip needs the effect's action in the header" in problems
    assert f"{path}:3:2: cause 'TT-2' marks no effect" in problems


def test_a_file_without_effects_or_rows(tmp_path: Path) -> None:
    assert "no header row" in str(_problems(_write(tmp_path, "# only a comment")))
    assert "no effect columns" in str(_problems(_write(tmp_path, "sif_id,cause_tag,trip_dir,max_response_ms",
                                                       name="w.ce.csv")))


def test_tags_are_checked_against_the_rig_with_close_names(tmp_path: Path) -> None:
    matrix = read_matrix(OVEN / "oven_zone.ce.csv")
    text = binding_path(matrix.path).read_text(encoding="utf-8").replace("Oven.Alarm.OverTemp", "Oven.Alarm.OverTmp")
    (tmp_path / "b.toml").write_text(text.replace('rig = "', f'rig = "{OVEN}/'), encoding="utf-8")
    binding = load_binding(tmp_path / "b.toml")
    with pytest.raises(MatrixError) as caught:
        check_against_rig(matrix, binding, load_rig(OVEN / "oven_zone.rig.toml"))
    assert len(caught.value.problems) == 1
    message = str(caught.value.problems[0])
    assert message.startswith(f"{tmp_path / 'b.toml'}:") and "effect 'Oven.Alarm.OverTmp' (bound to 'UA-222')" in message
    assert "did you mean 'Oven.Alarm.OverTemp'" in message


def test_a_binding_with_an_unknown_key(tmp_path: Path) -> None:
    (tmp_path / "b.toml").write_text('reset = "X"\n\n[effects."KM-1"]\ntag = "A"\nfeedbak = "B"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"b.toml:5: unknown key 'feedbak'.*did you mean 'feedback'"):
        load_binding(tmp_path / "b.toml")


def test_hil_ce_check_prints_the_matrix_or_every_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from hil.cli import main

    assert main(["ce", "check", str(OVEN / "oven_zone.ce.csv")]) == 0
    out = capsys.readouterr().out
    assert '"cells": 4' in out and '"TSHH-222"' in out and "oven_zone.rig.toml" in out
    path = _write(tmp_path, HEADER, _row(trip_dir="UP", voting="3oo3"))
    assert main(["ce", "check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"hil: {path}: 2 problems in the C&E matrix:") and f"{path}:2:15: column 'voting'" in err
