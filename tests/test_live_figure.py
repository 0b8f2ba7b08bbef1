"""The explorers' live figure: full state synced before every update, a tiny front-end module.

The browser side (two figures on a Voila page, a slider moved at once) is tested in
tests/browser/test_voila.py; these tests pin the kernel-side contract it relies on.
"""
from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import pytest
from plotly.basewidget import BaseFigureWidget

from calfkit.widgets import doms_explorer, load_explorer, risk_explorer
from calfkit.widgets.live_figure import SHARED_PLOTLY_ESM, TRACES_ONLY, live_figure


def _plain(value: Any) -> Any:
    """JSON-like copy with numpy arrays as lists, for comparisons."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _sent_states(monkeypatch, figure: Any) -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []
    monkeypatch.setattr(figure, "_send", lambda msg, buffers=None: sent.append(msg["state"]))
    return sent


@pytest.mark.parametrize(
    ("factory", "control", "value", "trait"),
    [
        (risk_explorer, "spike_pct", 60.0, "_py2js_animate"),  # fixed axes: traces-only redraw
        (doms_explorer, "downhill_pct", 40.0, "_py2js_animate"),
        (load_explorer, "week_4", 60.0, "_py2js_update"),  # axes follow the data: full redraw
    ],
)
def test_each_update_travels_with_the_full_state_in_one_message(monkeypatch, factory, control, value, trait) -> None:
    explorer = factory()
    figure = explorer.figure
    sent = _sent_states(monkeypatch, figure)
    explorer.controls[control].value = value
    assert [sorted(state) for state in sent] == [
        ["_last_layout_edit_id", "_last_trace_edit_id", trait, "_widget_data"],  # layout unchanged
        [trait],
    ], sent
    update = sent[0][trait]
    assert update["trace_edit_id"] == sent[0]["_last_trace_edit_id"] == figure._last_trace_edit_id
    assert update["layout_edit_id"] == sent[0]["_last_layout_edit_id"] == figure._last_layout_edit_id
    assert update["layout_data"] == {}
    if trait == "_py2js_update":
        assert "y" in update["style_data"] or "x" in update["style_data"]
    else:
        assert update["animation_opts"] == TRACES_ONLY
        assert update["animation_opts"]["frame"]["redraw"] is False
        assert update["style_traces"] == list(range(len(figure.data)))  # every trace, whole
        assert _plain(update["style_data"]) == _plain(sent[0]["_widget_data"])
    assert sent[1][trait] is None  # cleared right after, as plotly does
    assert _plain(figure._widget_data) == _plain([trace.to_plotly_json() for trace in figure.data])


def test_traces_only_applies_the_edits_in_python_too(monkeypatch) -> None:
    figure = live_figure([{"type": "scatter", "y": [1, 2]}], {"height": 200})
    sent = _sent_states(monkeypatch, figure)
    with figure.traces_only():
        figure.data[0].y = [3, 4]
    assert list(figure.data[0].y) == [3, 4]
    animate = sent[0]["_py2js_animate"]
    assert [trace["y"] for trace in animate["style_data"]] == [[3, 4]]  # whole traces
    assert animate["animation_opts"]["frame"]["redraw"] is False


def test_an_edit_that_renames_a_risk_row_asks_for_a_full_redraw(monkeypatch) -> None:
    explorer = risk_explorer()
    sent = _sent_states(monkeypatch, explorer.figure)
    explorer.controls["warmup_type"].value = "static"  # the row "Warm-up (dynamic)" is renamed
    explorer.controls["warmup_min"].value = 20.0  # same rows
    redraws = [state["_py2js_animate"]["animation_opts"]["frame"]["redraw"] for state in sent if state.get("_py2js_animate")]
    assert redraws == [True, False]
    assert list(explorer.figure.data[0].y)[-1] == "Warm-up (static)"


def test_doms_markers_that_disappear_ask_for_a_full_redraw(monkeypatch) -> None:
    explorer = doms_explorer(unaccustomed_pct=0.0, downhill_pct=10.0)
    sent = _sent_states(monkeypatch, explorer.figure)
    explorer.controls["downhill_pct"].value = 0.0  # no noticeable soreness: no markers
    assert len(explorer.figure.data[1].x) == 0
    explorer.controls["downhill_pct"].value = 10.0  # the markers come back
    explorer.controls["downhill_pct"].value = 20.0  # and move
    redraws = [state["_py2js_animate"]["animation_opts"]["frame"]["redraw"] for state in sent if state.get("_py2js_animate")]
    assert redraws == [True, True, False]


def test_traces_only_refuses_layout_edits_and_keeps_the_figure(monkeypatch) -> None:
    figure = live_figure([{"type": "scatter", "y": [1, 2]}], {"height": 200})
    sent = _sent_states(monkeypatch, figure)
    with pytest.raises(ValueError, match=r"traces_only\(\) redraws no layout.*height"):
        with figure.traces_only():
            figure.data[0].y = [3, 4]
            figure.layout.height = 300
    assert list(figure.data[0].y) == [1, 2] and figure.layout.height == 200
    assert sent == []


def test_an_unchanged_view_sends_nothing(monkeypatch) -> None:
    explorer = risk_explorer()
    sent = _sent_states(monkeypatch, explorer.figure)
    explorer.refresh()
    assert sent == []


def test_a_view_opened_after_updates_starts_from_the_current_figure() -> None:
    explorer = doms_explorer()
    for value in (100.0, 150.0, 0.0):
        explorer.controls["downhill_pct"].value = value
    state = explorer.figure.get_state()
    assert _plain(state["_widget_data"]) == _plain([t.to_plotly_json() for t in explorer.figure.data])


def test_front_end_module_is_small_and_the_bundle_travels_as_a_trait() -> None:
    figure = live_figure([{"type": "scatter", "y": [1, 2]}], {"height": 200})
    assert isinstance(figure, go.FigureWidget)
    module = SHARED_PLOTLY_ESM.read_text(encoding="utf-8")
    assert figure._esm == module and len(module) < 2_000
    assert figure._plotly_esm == str(BaseFigureWidget._esm)
    assert "export default" in module and "_plotly_esm" in module
