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


def test_full_state_is_synced_before_each_update() -> None:
    explorer = risk_explorer()
    figure = explorer.figure
    sent: list[tuple[str, Any]] = []
    figure.observe(lambda change: sent.append((change["name"], change["new"])), names=["_widget_data", "_py2js_update"])
    explorer.controls["spike_pct"].value = 60.0
    names = [name for name, _ in sent]
    assert names == ["_widget_data", "_py2js_update", "_py2js_update"], names
    assert sent[2][1] is None  # plotly clears the message trait right after sending it
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
