"""The explorers' live figure: full state synced before every update, a tiny front-end module.

The browser side (two figures on a Voila page, a slider moved at once) is tested in
tests/browser/test_voila.py; these tests pin the kernel-side contract it relies on.
"""
from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from plotly.basewidget import BaseFigureWidget

from calfkit.widgets import doms_explorer, risk_explorer
from calfkit.widgets.base import SHARED_PLOTLY_ESM, live_figure


def _plain(value: Any) -> Any:
    """JSON-like copy with numpy arrays as lists, for comparisons."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def test_each_update_travels_with_the_full_state_in_one_message(monkeypatch) -> None:
    explorer = risk_explorer()
    figure = explorer.figure
    sent: list[dict[str, Any]] = []
    monkeypatch.setattr(figure, "_send", lambda msg, buffers=None: sent.append(msg["state"]))
    explorer.controls["spike_pct"].value = 60.0
    assert [sorted(state) for state in sent] == [
        ["_last_layout_edit_id", "_last_trace_edit_id", "_py2js_update", "_widget_data"],  # layout unchanged
        ["_py2js_update"],
    ], sent
    update = sent[0]["_py2js_update"]
    assert update["trace_edit_id"] == sent[0]["_last_trace_edit_id"] == figure._last_trace_edit_id
    assert update["layout_edit_id"] == sent[0]["_last_layout_edit_id"] == figure._last_layout_edit_id
    assert "x" in update["style_data"] and update["style_traces"] == list(range(len(figure.data)))
    assert sent[1]["_py2js_update"] is None  # cleared right after, as plotly does
    assert _plain(figure._widget_data) == _plain([trace.to_plotly_json() for trace in figure.data])


def test_a_view_opened_after_updates_starts_from_the_current_figure() -> None:
    explorer = doms_explorer()
    for value in (100.0, 150.0, 0.0):
        explorer.controls["downhill_pct"].value = value
    state = explorer.figure.get_state()
    assert _plain(state["_widget_data"]) == _plain([t.to_plotly_json() for t in explorer.figure.data])


def test_front_end_module_is_small_and_the_bundle_travels_as_a_trait() -> None:
    figure = live_figure([{"type": "scatter", "y": [1, 2]}], {"height": 200})
    assert isinstance(figure, go.FigureWidget)
    assert figure._esm == SHARED_PLOTLY_ESM and len(SHARED_PLOTLY_ESM) < 2_000
    assert figure._plotly_esm == str(BaseFigureWidget._esm)
    assert "export default" in SHARED_PLOTLY_ESM and "_plotly_esm" in SHARED_PLOTLY_ESM
