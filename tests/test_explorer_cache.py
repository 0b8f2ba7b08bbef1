"""The DOMS explorer's remembered parts (reference curve, summaries) give what a fresh build gives."""

from __future__ import annotations

import json
import math

import pytest

from calfkit.figures.doms import _cached_summary, doms_description, doms_traces, scenario_summary
from calfkit.models.doms import doms_summary
from calfkit.widgets import doms_explorer
from calfkit.widgets.doms import REFERENCE_LABEL, YOUR_LABEL


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
