"""The run simulator: a plan in km, minutes, litres and kg -> soreness curve and risk breakdown.

Model side (:func:`calfkit.models.simulator.run_plan`): the defaults are the risk
model's reference runner (total 1.0) and give no DOMS; every control moves the
output the evidence links it to and leaves the other alone where the evidence
links nothing; bad input raises ``ValueError`` naming the argument, value and
range. Widget side (:func:`calfkit.widgets.run_simulator`): one change updates
both figures in place (the same figure and trace objects), a refused plan keeps
the last good figures and shows the message.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import calfkit as ck
from calfkit.models.parameters import param
from calfkit.models.simulator import EVIDENCE_LINKS, HOURS, SWEAT_PRESETS, run_plan, usual_from_log
from calfkit.widgets import run_simulator

# ---------------------------------------------------------------- model


def test_defaults_are_the_reference_runner_total_one_and_no_doms() -> None:
    plan = run_plan()
    assert plan.risk.total == 1.0 and plan.risk.low == 1.0 and plan.risk.high == 1.0
    assert [float(f.ratio) for f in plan.risk.factors] == [1.0, 1.0, 1.0, 1.0]
    assert plan.weekly_change_pct == 0.0 and plan.spike_pct == 0.0
    assert plan.summary["peak_soreness"] < 1.0 and np.isnan(plan.summary["onset_h"])
    assert plan.hours[0] == 0.0 and plan.hours[-1] == 168.0 and len(plan.soreness) == len(HOURS)


def test_body_mass_loss_is_sweat_minus_drink_over_body_mass() -> None:
    plan = run_plan(run_duration_min=90.0, sweat_rate_l_per_h=1.9, drink_l=0.4, body_mass_kg=55.0)
    # 1 L of sweat ~ 1 kg: (1.9 L/h * 1.5 h - 0.4 L) / 55 kg
    assert plan.fluid.loss_pct == pytest.approx(100 * (1.9 * 1.5 - 0.4) / 55.0, abs=1e-9)
    assert plan.fluid.loss_kg == pytest.approx(1.9 * 1.5 - 0.4, abs=1e-9)


def test_sweat_presets_are_baker_2016_mean_and_one_sd() -> None:
    # EVIDENCE.md: Baker 2016, sweat rate 1.2 +/- 0.7 L/h
    assert SWEAT_PRESETS == {"light": 0.5, "average": 1.2, "heavy": 1.9}


def test_a_longer_long_run_raises_risk_and_brings_doms() -> None:
    base, longer = run_plan(), run_plan(planned_long_run_km=15.0)  # 25 % longer than the longest in 30 days
    assert longer.spike_pct == pytest.approx(25.0)
    assert float(longer.risk.total) == pytest.approx(param("spike_hr_small").value)
    assert longer.summary["peak_soreness"] > base.summary["peak_soreness"] + 1.0
    assert np.isfinite(longer.summary["onset_h"])


def test_planned_week_moves_risk_not_the_soreness_curve() -> None:
    base, bigger = run_plan(), run_plan(planned_week_km=45.0)  # +50 % week, same long run
    assert bigger.weekly_change_pct == pytest.approx(50.0)
    assert float(bigger.risk.total) == pytest.approx(param("mileage_change_hr").value)
    np.testing.assert_array_equal(bigger.soreness, base.soreness)
    assert any(
        name == "planned week vs usual week" and strength == "not linked"
        for name, strength, _ in EVIDENCE_LINKS["soreness"]
    )


def test_a_week_is_counted_once_when_both_load_factors_rise() -> None:
    plan = run_plan(planned_week_km=45.0, planned_long_run_km=15.0)
    ratios = {f.name: float(f.ratio) for f in plan.risk.factors}
    expected = max(param("mileage_change_hr").value, param("spike_hr_small").value)
    assert float(plan.risk.total) == pytest.approx(expected)
    assert sorted([ratios["mileage_change"], ratios["spike"]]) == pytest.approx([1.0, expected])


def test_hydration_moves_doms_above_two_percent_and_risk_says_not_measured() -> None:
    wet = run_plan(planned_long_run_km=20.0, drink_l=0.5)  # 1.5 % loss
    dry = run_plan(planned_long_run_km=20.0, drink_l=0.0, run_duration_min=120.0)  # 4 % loss
    assert wet.fluid.loss_pct < 2.0 < dry.fluid.loss_pct
    factor = param("dehydration_doms_factor").value
    assert dry.summary["doms_peak"] == pytest.approx(factor * wet.summary["doms_peak"], rel=1e-6)
    hydration = {f.name: f for f in dry.risk.factors}["hydration"]
    assert float(hydration.ratio) == 1.0 and str(hydration.finding) == "not measured"
    assert float(dry.risk.total) == float(wet.risk.total)


def test_warm_up_lowers_doms_a_little_and_risk_says_no_effect_found() -> None:
    cold = run_plan(planned_long_run_km=20.0)
    warm = run_plan(planned_long_run_km=20.0, warmup_min=10.0, warmup_type="dynamic")
    assert 0 < cold.summary["peak_soreness"] - warm.summary["peak_soreness"] < 0.5 * cold.summary["peak_soreness"]
    warm_up = {f.name: f for f in warm.risk.factors}["warm_up"]
    assert float(warm_up.ratio) == 1.0 and str(warm_up.finding) == "no effect found"
    assert float(warm.risk.total) == float(cold.risk.total)


def test_trained_runner_gets_a_lower_earlier_peak() -> None:
    untrained = run_plan(planned_long_run_km=20.0)
    trained = run_plan(planned_long_run_km=20.0, trained=True)
    assert trained.summary["peak_soreness"] < untrained.summary["peak_soreness"]
    assert trained.summary["peak_h"] < untrained.summary["peak_h"]


def test_band_contains_the_curve() -> None:
    plan = run_plan(planned_long_run_km=24.0, drink_l=0.0)
    assert (plan.band_low <= plan.soreness + 1e-9).all() and (plan.soreness <= plan.band_high + 1e-9).all()
    assert (plan.band_high - plan.band_low).max() > 0.5


def test_marathon_length_run_adds_early_soreness_with_a_note() -> None:
    plan = run_plan(usual_week_km=60.0, planned_week_km=60.0, longest_30d_km=32.0, planned_long_run_km=42.2)
    assert plan.prolonged and plan.summary["early_soreness"] > 0
    assert any("Tokinoya 2020" in note for note in plan.notes)
    assert not run_plan(longest_30d_km=30.0, planned_week_km=40.0, planned_long_run_km=30.0).prolonged


def test_huge_changes_are_read_at_the_top_band_with_a_note() -> None:
    plan = run_plan(usual_week_km=1.0, planned_week_km=200.0, longest_30d_km=1.0, planned_long_run_km=30.0)
    assert plan.weekly_change_pct == pytest.approx(19900.0) and plan.spike_pct == pytest.approx(2900.0)
    assert float(plan.risk.total) == pytest.approx(param("spike_hr_large").value)
    assert plan.unaccustomed_pct == 300.0 and len(plan.notes) == 2


@pytest.mark.parametrize(
    ("argument", "value", "allowed"),
    [
        ("usual_week_km", 0.0, "[1, 300]"),
        ("planned_week_km", -5.0, "[0, 300]"),
        ("planned_week_km", float("nan"), "[0, 300]"),
        ("longest_30d_km", 200.0, "[1, 150]"),
        ("planned_long_run_km", -1.0, "[0, 150]"),
        ("run_duration_min", 1.0, "[5, 600]"),
        ("sweat_rate_l_per_h", 7.0, "[0, 6]"),
        ("drink_l", -0.1, "[0, 10]"),
        ("body_mass_kg", 10.0, "[25, 200]"),
        ("warmup_min", 90.0, "[0, 60]"),
        ("body_mass_kg", "sixty", "[25, 200]"),
    ],
)
def test_bad_input_names_argument_value_and_range(argument: str, value: object, allowed: str) -> None:
    with pytest.raises(ValueError) as info:
        run_plan(**{argument: value})
    message = str(info.value)
    assert message.startswith(f"{argument}=") and allowed in message


def test_bad_choices_and_flags_are_refused() -> None:
    with pytest.raises(ValueError, match=r"warmup_type='hot'.*'none', 'static', 'dynamic'"):
        run_plan(warmup_type="hot")
    with pytest.raises(ValueError, match=r"trained=1 must be True or False"):
        run_plan(trained=1)


def test_long_run_longer_than_the_week_is_refused() -> None:
    with pytest.raises(ValueError, match=r"planned_long_run_km=20 is longer than planned_week_km=15.*\[0, 15\] km"):
        run_plan(planned_week_km=15.0, planned_long_run_km=20.0)


def test_impossible_body_mass_change_is_refused() -> None:
    with pytest.raises(ValueError, match=r"body_mass_kg=25.*outside the allowed range \[-15, 15\] %"):
        run_plan(run_duration_min=600.0, sweat_rate_l_per_h=6.0, body_mass_kg=25.0)


@pytest.mark.parametrize(
    ("plan", "message"),
    [
        (
            # 1.9 L/h for 6 h = 11.4 kg of sweat, nothing drunk: -38.0 % of 30 kg. 15 % of 30 kg is 4.5 kg:
            # at most 4.5 / 1.9 h = 142.1 min, or at least 11.4 - 4.5 = 6.9 L to drink (at most 10 L).
            dict(run_duration_min=360.0, sweat_rate_l_per_h=1.9, drink_l=0.0, body_mass_kg=30.0),
            "run_duration_min=360, sweat_rate_l_per_h=1.9, drink_l=0 and body_mass_kg=30 give a body-mass "
            "change of -38.0 %, outside the allowed range [-15, 15] % of body mass; with the other inputs as "
            "they are, allowed: run_duration_min in [5, 142.1] (min) or drink_l in [6.9, 10] (L)",
        ),
        (
            # no sweat, 8 L drunk: +26.7 % of 30 kg; the duration does not matter, at most 4.5 L.
            dict(run_duration_min=10.0, sweat_rate_l_per_h=0.0, drink_l=8.0, body_mass_kg=30.0),
            "run_duration_min=10, sweat_rate_l_per_h=0, drink_l=8 and body_mass_kg=30 give a body-mass "
            "change of +26.7 %, outside the allowed range [-15, 15] % of body mass; with the other inputs as "
            "they are, allowed: drink_l in [0, 4.5] (L)",
        ),
        (
            # 6 L/h for 10 h = 60 kg of 25 kg: no drink up to 10 L helps; at most 3.75 kg / 6 L/h = 37.5 min.
            dict(run_duration_min=600.0, sweat_rate_l_per_h=6.0, drink_l=0.0, body_mass_kg=25.0),
            "run_duration_min=600, sweat_rate_l_per_h=6, drink_l=0 and body_mass_kg=25 give a body-mass "
            "change of -240.0 %, outside the allowed range [-15, 15] % of body mass; with the other inputs as "
            "they are, allowed: run_duration_min in [5, 37.5] (min)",
        ),
    ],
)
def test_body_mass_errors_name_the_simulators_arguments_word_for_word(plan: dict, message: str) -> None:
    with pytest.raises(ValueError) as info:
        run_plan(**plan)
    assert str(info.value) == message
    for name in ("duration_min=", "intake_l"):  # fluid_loss's names, never the simulator's
        assert not str(info.value).replace("run_duration_min=", "").count(name)


def test_the_ranges_in_a_body_mass_error_are_allowed() -> None:
    base = dict(run_duration_min=360.0, sweat_rate_l_per_h=1.9, drink_l=0.0, body_mass_kg=30.0)
    for change in ({"run_duration_min": 5.0}, {"run_duration_min": 142.1}, {"drink_l": 6.9}, {"drink_l": 10.0}):
        assert abs(run_plan(**{**base, **change}).fluid.loss_pct) <= 15.0, change
    for change in ({"run_duration_min": 142.2}, {"drink_l": 6.8}):
        with pytest.raises(ValueError, match="outside the allowed range"):
            run_plan(**{**base, **change})


def test_the_simulator_shows_a_body_mass_error_in_its_readout() -> None:
    sim = run_simulator(sweat_rate_l_per_h=SWEAT_PRESETS["heavy"], drink_l=0.0, body_mass_kg=30.0)
    curve = tuple(sim.figure.data[2].y)
    sim.controls["run_duration_min"].value = 360.0
    assert sim.error is not None and sim.error.startswith("run_duration_min=360, sweat_rate_l_per_h=1.9, drink_l=0")
    assert "run_duration_min in [5, 142.1] (min)" in sim.readout.value and "intake_l" not in sim.readout.value
    assert tuple(sim.figure.data[2].y) == curve  # the last good figure stays


def _log(weeks: list[list[float]], start: str = "2024-01-01") -> pd.DataFrame:
    km = [d for week in weeks for d in week]
    return pd.DataFrame({"date": pd.date_range(start, periods=len(km), freq="D"), "distance_km": km})


def test_usual_week_and_longest_run_come_from_the_log() -> None:
    weeks = [
        [5, 0, 5, 0, 5, 0, 10],
        [6, 0, 6, 0, 6, 0, 12],
        [4, 0, 4, 0, 4, 0, 8],
        [5, 0, 5, 0, 5, 0, 9],
        [5, 0, 5, 0, 5, 0, 11],
    ]
    usual = usual_from_log(_log(weeks))  # 2024-01-01 is a Monday: five full weeks
    assert usual["usual_week_km"] == pytest.approx((30 + 20 + 24 + 26) / 4)  # the last four weeks
    assert usual["longest_30d_km"] == 12.0  # the last 30 days start on day 6 (the 12 km Sunday is day 14)
    assert usual_from_log(_log(weeks), weeks=1)["usual_week_km"] == 26.0


def test_usual_from_log_refuses_short_or_empty_logs() -> None:
    with pytest.raises(ValueError, match="1 full Monday-to-Sunday week"):
        usual_from_log(_log([[5, 0, 5, 0, 5, 0, 10]]))
    with pytest.raises(ValueError, match="no run in its last 30 days"):
        usual_from_log(_log([[0.0] * 7] * 5))
    with pytest.raises(ValueError, match=r"weeks=0 .*\[1, 52\]"):
        usual_from_log(_log([[5.0] * 7] * 5), weeks=0)


# ---------------------------------------------------------------- widget


def _descendants(box: object) -> list:
    found = []
    for child in getattr(box, "children", ()):
        found += [child, *_descendants(child)]
    return found


def test_widget_defaults_read_times_one_and_show_both_evidence_panels() -> None:
    sim = run_simulator()
    assert sim.plan.risk.total == 1.0
    assert "×1.00" in sim.readout.value and "body-mass loss on that run <b>1.5 %</b>" in sim.more.value
    assert sim.figure is not sim.risk_figure
    children = list(sim.widget.children)
    risk_box = next(c for c in children if sim.risk_figure in getattr(c, "children", ()))
    assert children.index(sim.figure) < children.index(risk_box) < children.index(sim.readout)
    panels = [
        w.value
        for w in _descendants(sim.widget)
        if isinstance(getattr(w, "value", None), str) and "What moves this" in w.value
    ]
    assert "not linked" in panels[0] and "no effect found" in panels[1] and "not measured" in panels[1]
    assert "Educational model, not medical advice" in " ".join(
        c.value for c in sim.widget.children if hasattr(c, "value") and isinstance(c.value, str)
    )


@pytest.mark.parametrize(
    ("control", "value"),
    [("planned_long_run_km", 20.0), ("drink_l", 0.0), ("warmup_type", "dynamic"), ("trained", True)],
)
def test_a_control_updates_both_figures_in_place(control: str, value: object) -> None:
    start = {"planned_long_run_km": 18.0, "run_duration_min": 80.0, "warmup_min": 10.0}  # 1.8 % loss
    if control == "planned_long_run_km":
        start.pop("planned_long_run_km")
    sim = run_simulator(**start)
    soreness, risk = sim.figure, sim.risk_figure
    curve, bars = soreness.data[2], risk.data[0]
    before = (tuple(curve.y), tuple(bars.hovertext))
    sim.controls[control].value = value
    assert sim.figure is soreness and sim.risk_figure is risk and soreness.data[2] is curve
    expected = run_plan(**{**sim.values()})
    np.testing.assert_allclose(curve.y, expected.soreness, atol=1e-6)
    np.testing.assert_allclose(
        risk.data[2].x, [*(float(f.ratio) for f in expected.risk.factors), float(expected.risk.total)]
    )
    assert tuple(curve.y) != before[0], f"{control} must move the soreness curve"
    if control == "trained":  # no risk study measured training status: the breakdown stays
        assert tuple(risk.data[0].hovertext) == before[1]
    else:
        assert tuple(risk.data[0].hovertext) != before[1], f"{control} must move the risk breakdown"


def test_planned_week_moves_the_risk_breakdown_only() -> None:
    sim = run_simulator()
    curve = tuple(sim.figure.data[2].y)
    sim.controls["planned_week_km"].value = 45.0
    assert tuple(sim.figure.data[2].y) == curve
    assert tuple(sim.risk_figure.data[2].x)[0] == pytest.approx(param("mileage_change_hr").value)


def test_refused_plan_shows_the_error_and_keeps_the_last_good_figures() -> None:
    sim = run_simulator()
    sim.controls["planned_long_run_km"].value = 20.0
    good = (tuple(sim.figure.data[2].y), tuple(sim.risk_figure.data[2].x), sim.description)
    sim.controls["planned_week_km"].value = 15.0  # shorter than the planned long run
    assert sim.error is not None and "planned_long_run_km=20" in sim.error
    assert "Cannot compute" in sim.readout.value and "planned_week_km=15" in sim.readout.value
    assert (tuple(sim.figure.data[2].y), tuple(sim.risk_figure.data[2].x), sim.description) == good
    sim.controls["planned_week_km"].value = 40.0
    assert sim.error is None and "Cannot compute" not in sim.readout.value


def test_simulator_starts_from_a_training_log() -> None:
    weeks = [
        [5, 0, 5, 0, 5, 0, 10],
        [6, 0, 6, 0, 6, 0, 12],
        [4, 0, 4, 0, 4, 0, 8],
        [5, 0, 5, 0, 5, 0, 9],
        [5, 0, 5, 0, 5, 0, 11],
    ]
    sim = run_simulator(log=_log(weeks))
    values = sim.values()
    assert values["usual_week_km"] == 25.0 == values["planned_week_km"]
    assert values["longest_30d_km"] == 12.0 == values["planned_long_run_km"]
    assert sim.plan.risk.total == 1.0
    assert ck.training_load is not None


def test_offer_shows_some_controls_and_keeps_the_others_at_their_start_values() -> None:
    sim = run_simulator(planned_long_run_km=18.0, offer=("drink_l", "warmup_min"))
    assert list(sim.controls) == ["drink_l", "warmup_min"]
    assert sim.values()["planned_long_run_km"] == 18.0 and sim.plan.spike_pct == pytest.approx(50.0)
    sim.controls["drink_l"].value = 0.0
    assert sim.plan.fluid.loss_kg == pytest.approx(1.2 * 70 / 60 - 0.0)
    with pytest.raises(ValueError, match="offer=.*must name at least one of the controls"):
        run_simulator(offer=("mileage",))
