"""What the explorers remember or compute a quicker way gives what a fresh build gives.

The DOMS explorer remembers its reference curve and summaries; the load explorer computes the
training-load metrics as numpy arrays (``load_columns``) instead of through ``training_load``'s DataFrames.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from calfkit.figures.doms import _cached_summary, doms_description, doms_traces, scenario_summary
from calfkit.figures.load import load_description, load_traces
from calfkit.models.doms import doms_summary
from calfkit.models.training import load_columns, training_load
from calfkit.widgets import doms_explorer, load_explorer
from calfkit.widgets.doms import REFERENCE_LABEL, YOUR_LABEL
from calfkit.widgets.load import plan_log


def _plain(traces: list) -> list:
    """Plain JSON values (the figure keeps lists as tuples), without the figure's own trace ids."""
    return [{k: v for k, v in trace.items() if k != "uid"} for trace in json.loads(json.dumps(traces))]


def _same(a: dict[str, float], b: dict[str, float]) -> bool:
    return a.keys() == b.keys() and all(
        (math.isnan(a[k]) and math.isnan(b[k])) if isinstance(a[k], float) and math.isnan(a[k]) else a[k] == b[k]
        for k in a
    )


@pytest.mark.parametrize(
    "scenario",
    [
        {},
        {"unaccustomed_pct": 0.0},
        {"unaccustomed_pct": 300.0, "downhill_pct": 100.0, "trained": True},
        {"downhill_pct": 20.0, "weeks_since_similar": 3.0},
    ],
)
def test_remembered_summary_is_the_models(scenario: dict) -> None:
    first, again = scenario_summary(**scenario), scenario_summary(**scenario)
    assert _same(first, doms_summary(**scenario)) and _same(again, doms_summary(**scenario))
    again["peak_h"] = -1.0  # a caller's edit does not reach the next caller
    assert _same(scenario_summary(**scenario), doms_summary(**scenario))


def test_moved_explorer_shows_a_fresh_build() -> None:
    explorer = doms_explorer()
    moves = [
        ("unaccustomed_pct", 0.0),
        ("unaccustomed_pct", 200.0),
        ("downhill_pct", 90.0),
        ("trained", True),
        ("repeated", True),
        ("weeks_since_similar", 5),
        ("unaccustomed_pct", 200.0),
    ]
    for name, value in moves:
        explorer.controls[name].value = value
        scenarios = {YOUR_LABEL: explorer.scenario(), REFERENCE_LABEL: {}}
        _cached_summary.cache_clear()  # the fresh build computes every summary again
        fresh = doms_traces(scenarios)
        assert _plain([trace.to_plotly_json() for trace in explorer.figure.data]) == _plain(fresh)
        assert explorer.description == doms_description(scenarios)
        assert explorer.figure.data[2].name == REFERENCE_LABEL


def _load_fresh(explorer) -> tuple[list, str, str, str]:
    """What a fresh build shows for the explorer's plan: the published model on the plan's log."""
    from calfkit.widgets.load import _lead, _readout

    values = explorer.values()
    result = training_load(plan_log([values[f"week_{i + 1}"] for i in range(8)], values["long_run_pct"]))
    return _plain(load_traces(result)), _lead(result), _readout(result), load_description(result)


def test_moved_load_explorer_shows_a_fresh_build() -> None:
    explorer = load_explorer()
    moves = [
        ("week_4", 60.0),  # a jump: a spike and a large week-to-week change
        ("week_4", 26.0),
        ("long_run_pct", 70.0),
        ("week_1", 0.0),  # no change from week 1 to 2 can be computed
        ("week_2", 0.0),
        *[(f"week_{i}", 0.0) for i in range(3, 9)],  # no running at all: ACWR undefined, no spike
        ("week_8", 100.0),
        ("long_run_pct", 25.0),
    ]
    for name, value in moves:
        explorer.controls[name].value = value
        traces, lead, more, description = _load_fresh(explorer)
        assert _plain([trace.to_plotly_json() for trace in explorer.figure.data]) == traces, (name, value)
        assert explorer.readout.value == explorer._live(lead)
        assert explorer.more.value == explorer._details_html(more)
        assert explorer.description == description


def test_load_columns_are_training_loads_numbers() -> None:
    rng = np.random.default_rng(17)
    for days, windows in (
        (1, {}),
        (30, {}),
        (61, {}),
        (400, {"acute_days": 3, "chronic_days": 21, "fitness_days": 30.5}),
    ):
        km = np.where(rng.random(days) < 0.4, 0.0, np.round(rng.random(days) * 40, 3))
        first = "2023-03-02"  # a Thursday: the first and last weeks are partial
        frame = training_load(pd.DataFrame({"date": pd.date_range(first, periods=days), "distance_km": km}), **windows)
        columns = load_columns(km, first, **windows)
        assert columns.notes == frame.notes
        assert list(columns.daily) == list(frame.daily.columns)
        assert list(columns.weekly) == list(frame.weekly.columns)
        for name in frame.daily.columns:
            expected = frame.daily[name].to_numpy()
            if name == "spike_band":
                expected = expected.astype(object)
            np.testing.assert_array_equal(columns.daily[name], expected, err_msg=name)
        for name in frame.weekly.columns:
            np.testing.assert_array_equal(columns.weekly[name], frame.weekly[name].to_numpy(), err_msg=name)


@pytest.mark.parametrize("km", [[], [1.0, -2.0], [301.0], [np.nan]])
def test_load_columns_refuses_what_training_load_refuses(km: list) -> None:
    with pytest.raises(ValueError, match="km"):
        load_columns(np.array(km), "2024-01-01")
