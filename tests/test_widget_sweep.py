"""Headless sweep of every widget: drive every control over its range and check the figure.

For each explorer and each control, the control's ``value`` is set to every
step of a small range, or to a dense sample including both ends of a large
one, then put back. After every change: no error, every number in the
figure's traces finite, the same ``FigureWidget`` object with the same number
of traces. Over each control's sweep the description and the figure data must
change at least once, and putting the control back restores the description.

Deliberate gaps: the training-load figure marks days where the ACWR is
undefined (the first 27 days, or no chronic load) with ``None`` in its two
ACWR traces; ``None`` is allowed there and nowhere else. NaN and inf are
never allowed.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from typing import Any

import ipywidgets as W
import numpy as np
import pytest

import calfkit as ck
from calfkit.figures import doms_traces, risk_traces
from calfkit.figures.doms import DEFAULT_HOURS
from calfkit.widgets import (
    causes_explorer,
    claims_explorer,
    doms_explorer,
    intake_picker,
    load_explorer,
    log_explorer,
    match_red_flags,
    red_flag_checker,
    risk_explorer,
    run_simulator,
)
from calfkit.widgets.explorer import Explorer
from calfkit.widgets.load import DEFAULT_PLAN, plan_log
from calfkit.widgets.red_flags import RISK_FACTOR_TAGS, SAFETY_TEXT, SYMPTOM_TAGS

FACTORIES: dict[str, Callable[[], Explorer]] = {
    "risk": risk_explorer,
    "doms": doms_explorer,
    "load": load_explorer,
    "causes": causes_explorer,
    "claims": claims_explorer,
    "red_flags": red_flag_checker,
    "intakes": intake_picker,
    "log": log_explorer,
    "simulator": run_simulator,
}

GAP_TRACES = {"ACWR, rolling 7:28 days", "ACWR, EWMA", "Onset, peak, resolved"}
"""Traces whose undefined values are deliberate gaps (None): the ACWR before it is defined, and the
simulator's onset/peak/resolved points when there is no soreness or it lasts beyond 7 days."""

PREREQUISITES = {
    ("doms", "weeks_since_similar"): {"repeated": True},
    ("log", "tz"): {"source": "strava_activities.csv"},
    ("simulator", "trained"): {"planned_long_run_km": 20.0},
}
"""Controls that only act when another control is set (the doms slider is disabled otherwise;
the time zone only moves runs with clock times, as in the Strava sample, not the plain CSV's dates;
training status only changes a run that brings soreness, one longer than the longest of the last 30 days)."""

UNITLESS_LOG = "date,distance\n" + "".join(f"2024-03-{day:02d},{5 + day % 4}\n" for day in range(1, 29, 2))
"""Fourteen runs over four weeks in a CSV whose distance column does not say km or mi."""

SETUPS: dict[tuple[str, str], Callable[[Explorer], None]] = {
    ("log", "unit"): lambda explorer: explorer.upload("unitless.csv", UNITLESS_LOG.encode()),
}
"""Controls that only act on some input: the Distance unit menu changes nothing for a file that names its
unit (both samples do; the menu's note says so), so it is swept on an uploaded file that does not."""

REFUSED = {
    ("simulator", "planned_week_km"): ("planned_long_run_km", "planned_week_km"),
    ("simulator", "planned_long_run_km"): ("planned_long_run_km", "planned_week_km"),
}
"""Sweeps that must be refused where the first control's value exceeds the second's (the longest run
is part of the week): there the explorer shows the error naming the argument and keeps its figure."""

NOT_SWEPT = {
    ("log", "upload"): "a file upload has no range of values; tests/test_log_explorer.py uploads good and bad files",
}
"""Controls left out of the sweep, with the reason and where they are tested instead."""

MAX_STEPS = 41
"""Sliders with more steps than this are sampled at this many points, both ends included."""


def sweep_values(control: W.Widget) -> list[Any]:
    """Every value to try for one control."""
    if isinstance(control, W.Checkbox):
        return [not control.value, control.value]
    if isinstance(control, W.Dropdown):
        return [value for _, value in control.options]
    if isinstance(control, (W.FloatSlider, W.IntSlider)):
        steps = int(round((control.max - control.min) / control.step))
        picks = (
            range(steps + 1)
            if steps + 1 <= MAX_STEPS
            else np.unique(np.linspace(0, steps, MAX_STEPS).round().astype(int))
        )
        values = [control.min + int(k) * control.step for k in picks]
        return [int(v) if isinstance(control, W.IntSlider) else round(float(v), 10) for v in values]
    raise TypeError(f"no sweep for {type(control).__name__}")


def numbers(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """(path, item) for every number or None inside a trace's JSON."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from numbers(item, f"{path}.{key}")
    elif isinstance(value, (list, tuple, np.ndarray)):
        for index, item in enumerate(value):
            yield from numbers(item, f"{path}[{index}]")
    elif value is None or (isinstance(value, (int, float, np.number)) and not isinstance(value, bool)):
        yield path, value


def check_figure(explorer: Explorer, figure_id: int, n_traces: int) -> str:
    """Assert the figure is the same object, same trace count, all numbers finite; return its data as JSON."""
    figure = explorer.figure
    assert id(figure) == figure_id, "the FigureWidget must never be re-created"
    assert len(figure.data) == n_traces, "the number of traces must stay constant"
    data = [trace.to_plotly_json() for trace in figure.data]
    second = getattr(explorer, "risk_figure", None)  # the simulator's second figure
    if second is not None:
        data += [trace.to_plotly_json() for trace in second.data]
    for trace in data:
        for path, item in numbers(trace):
            if item is None:
                assert trace.get("name") in GAP_TRACES and path.startswith((".y[", ".x[")), (
                    f"None at {trace.get('name')}{path}"
                )
            else:
                assert math.isfinite(item), f"non-finite {item} at {trace.get('name')}{path}"
    return json.dumps(data, sort_keys=True, default=str)


@pytest.fixture(scope="module", params=list(FACTORIES))
def explorer(request: pytest.FixtureRequest) -> tuple[str, Explorer]:
    return request.param, FACTORIES[request.param]()


def test_explorer_shape(explorer: tuple[str, Explorer]) -> None:
    name, widget = explorer
    assert isinstance(widget.widget, W.VBox)
    assert widget.controls and all(isinstance(c, W.ValueWidget) for c in widget.controls.values())
    assert widget.error is None
    assert isinstance(widget.description, str) and widget.description
    assert (widget.figure is None) == (name in ("red_flags", "intakes"))
    if widget.figure is not None:
        assert widget.figure in _descendants(widget.widget)
    bundle = widget._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == widget.widget.model_id


def _descendants(box: W.Widget) -> list[W.Widget]:
    found = []
    for child in getattr(box, "children", ()):
        found += [child, *_descendants(child)]
    return found


def test_controls_are_labelled_and_keyboard_operable(explorer: tuple[str, Explorer]) -> None:
    _, widget = explorer
    for control in widget.controls.values():
        assert control.description.strip()
        assert control.description_allow_html is False
        if isinstance(control, (W.FloatSlider, W.IntSlider, W.Dropdown)):
            assert control.style.description_width == "initial", "labels must not be truncated"
        if isinstance(control, (W.FloatSlider, W.IntSlider)) and not control.description.startswith("Week"):
            assert "(" in control.description, f"slider {control.description!r} names its unit"


def test_not_medical_advice_note_is_shown(explorer: tuple[str, Explorer]) -> None:
    name, widget = explorer
    html_text = " ".join(c.value for c in widget.widget.children if isinstance(c, W.HTML))
    if name in ("risk", "doms", "load", "causes", "red_flags", "log", "simulator"):
        assert "Educational model, not medical advice" in html_text
    if name == "red_flags":
        assert "not a diagnosis" in html_text and "emergency services" in html_text


def test_sweep_every_control(explorer: tuple[str, Explorer]) -> None:
    name, widget = explorer
    figure_id = id(widget.figure)
    n_traces = len(widget.figure.data) if widget.figure is not None else 0
    for control_name, control in widget.controls.items():
        if (name, control_name) in NOT_SWEPT:
            continue
        for other, value in PREREQUISITES.get((name, control_name), {}).items():
            widget.controls[other].value = value
        if (name, control_name) in SETUPS:
            SETUPS[name, control_name](widget)
            assert widget.error is None, f"{name}.{control_name} setup: {widget.error}"
        start_value, start_text = control.value, widget.description
        start_data = check_figure(widget, figure_id, n_traces) if widget.figure is not None else ""
        texts, datas = {start_text}, {start_data}
        refused = REFUSED.get((name, control_name))
        for value in sweep_values(control):
            control.value = value
            if refused and widget.controls[refused[0]].value > widget.controls[refused[1]].value:
                assert widget.error is not None and f"{refused[0]}=" in widget.error, f"{name}.{control_name}={value!r}"
                continue
            assert widget.error is None, f"{name}.{control_name}={value!r}: {widget.error}"
            texts.add(widget.description)
            if widget.figure is not None:
                datas.add(check_figure(widget, figure_id, n_traces))
        assert len(texts) > 1, f"{name}.{control_name}: the description never changed"
        if widget.figure is not None:
            assert len(datas) > 1, f"{name}.{control_name}: the figure never changed"
        control.value = start_value
        assert widget.description == start_text, f"{name}.{control_name}: restoring the value restores the state"


def test_first_render_matches_the_model() -> None:
    risk = risk_explorer(weekly_change_pct=40.0, warmup_type="none")
    expected = risk_traces(
        ck.soreness_risk(weekly_change_pct=40.0, spike_pct=0.0, fluid_loss_pct=0.0, warmup_min=10.0, warmup_type="none")
    )
    assert [list(t.x) for t in risk.figure.data] == [t["x"] for t in expected]
    doms = doms_explorer(downhill_pct=60.0, weeks_since_similar=2)
    assert doms.controls["weeks_since_similar"].disabled is False
    curve = ck.doms_curve(list(DEFAULT_HOURS), downhill_pct=60.0, weeks_since_similar=2)
    assert np.allclose(doms.figure.data[0].y, curve["soreness"], atol=1e-6)
    assert doms.figure.data[2].y == tuple(doms_traces({"ref": {}})[0]["y"])


def test_updates_happen_in_place_after_display() -> None:
    doms = doms_explorer()
    figure, first = doms.figure, doms.figure.data[0]
    doms.controls["downhill_pct"].value = 80.0
    assert doms.figure is figure and doms.figure.data[0] is first
    assert np.allclose(first.y, ck.doms_curve(list(DEFAULT_HOURS), downhill_pct=80.0)["soreness"], atol=1e-6)
    assert "onset at" in doms.more.value and "sorest" in doms.readout.value


def test_weeks_slider_is_enabled_only_for_repeated_sessions() -> None:
    doms = doms_explorer()
    weeks = doms.controls["weeks_since_similar"]
    assert weeks.disabled
    doms.controls["repeated"].value = True
    assert not weeks.disabled
    doms.controls["repeated"].value = False
    assert weeks.disabled


def test_risk_readout_lists_every_factor_and_contested_flags() -> None:
    risk = risk_explorer(weekly_change_pct=60.0, fluid_loss_pct=3.0)
    result = ck.soreness_risk(weekly_change_pct=60.0, fluid_loss_pct=3.0)
    assert (
        f"Total relative risk ×{result.total:.2f}</b> (range {result.low:.2f} to {result.high:.2f})" in risk.more.value
    )
    assert result.category in risk.more.value
    for factor in result.factors:
        assert factor.label in risk.more.value
    assert risk.more.value.count("contested evidence") == sum(f.contested for f in result.factors)


def test_plan_log_distributes_each_week() -> None:
    log = plan_log(DEFAULT_PLAN, 40)
    assert len(log) == 7 * len(DEFAULT_PLAN)
    weekly = log["distance_km"].to_numpy().reshape(-1, 7)
    assert np.allclose(weekly.sum(axis=1), DEFAULT_PLAN, atol=0.01)
    assert np.allclose(weekly[:, 6], np.multiply(DEFAULT_PLAN, 0.4), atol=0.001)
    assert ((weekly > 0).sum(axis=1) == 4).all()
    with pytest.raises(ValueError, match="long_run_pct"):
        plan_log(DEFAULT_PLAN, 10)


def test_load_explorer_figure_follows_the_plan() -> None:
    plan = load_explorer()
    plan.controls["week_6"].value = 60.0
    result = ck.training_load(plan_log([*DEFAULT_PLAN[:5], 60.0, *DEFAULT_PLAN[6:]], 35.0))
    assert np.allclose(plan.figure.data[0].y, result.weekly["distance_km"])
    assert plan.description.startswith(
        f"Training load from 2024-01-01 to 2024-02-25: {result.daily['distance_km'].sum():.0f} km"
    )


def test_red_flags_vocabulary_matches_the_data() -> None:
    flags = ck.load_red_flags()
    used = {tag for cell in flags["symptom_tags"] for tag in cell.split(";")}
    assert used == set(SYMPTOM_TAGS)
    risks = {tag for cell in flags["risk_factor_tags"] for tag in cell.split(";") if tag}
    assert risks == set(RISK_FACTOR_TAGS)
    assert not used & risks


def test_match_red_flags_orders_by_urgency() -> None:
    flags = ck.load_red_flags()
    matches = match_red_flags(["swelling", "severe_pain"], flags)
    rank = {"emergency": 0, "urgent": 1, "soon": 2, "routine": 3}
    assert list(matches["urgency"].map(rank)) == sorted(matches["urgency"].map(rank))
    own = flags["symptom_tags"].str.split(";")
    assert set(matches["id"]) == set(flags.loc[own.map(lambda t: "swelling" in t or "severe_pain" in t), "id"])
    assert match_red_flags([], flags).empty
    with pytest.raises(ValueError, match="not symptom tags or risk factors"):
        match_red_flags(["sore"], flags)


def test_red_flag_checker_always_says_it_is_not_a_diagnosis() -> None:
    checker = red_flag_checker()
    assert SAFETY_TEXT in checker.description and "not a diagnosis" in checker.readout.value
    checker.controls["breathlessness_or_chest_pain"].value = True
    assert checker.description.split("most urgent first: ")[1].startswith("EMERGENCY")
    assert SAFETY_TEXT in checker.description and "emergency services" in checker.readout.value


def test_model_error_is_shown_not_raised() -> None:
    risk = risk_explorer()
    before_text, before_x = risk.description, risk.figure.data[0].x
    fluid = risk.controls["fluid_loss_pct"]
    fluid.max = 20.0  # beyond the model's allowed range, which the explorer's own slider never reaches
    fluid.value = 18.0
    assert risk.error is not None and "fluid_loss_pct" in risk.error
    assert "Cannot compute" in risk.readout.value and "fluid_loss_pct" in risk.readout.value
    assert risk.description == before_text and risk.figure.data[0].x == before_x
    fluid.value = 2.0
    assert risk.error is None and "Cannot compute" not in risk.readout.value
