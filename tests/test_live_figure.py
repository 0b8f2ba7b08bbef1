"""The explorers' live figure: updates carry only what changed, the kernel's state is the current figure,
a tiny front-end module, plotly's bundle published among the server's static files.

The browser side (two figures on a Voila page, a slider moved at once) is tested in
tests/browser/test_voila.py; these tests pin the kernel-side contract it relies on.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import plotly
import plotly.graph_objects as go
import pytest
from jupyter_core.paths import jupyter_path
from plotly.basewidget import BaseFigureWidget

from calfkit.widgets import doms_explorer, load_explorer, risk_explorer, run_simulator
from calfkit.widgets.live_figure import AFTER_PAINT, BUNDLE_REQUEST, SHARED_PLOTLY_ESM, TRACES_ONLY, live_figure
from calfkit.widgets.plotly_bundle import bundle_source, published_bundle
from calfkit.widgets.trace_edits import HOVER_ONLY_KEYS


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
def test_each_update_sends_only_what_changed_in_one_message(monkeypatch, factory, control, value, trait) -> None:
    explorer = factory()
    figure = explorer.figure
    before = _plain([trace.to_plotly_json() for trace in figure.data])
    sent = _sent_states(monkeypatch, figure)
    explorer.controls[control].value = value
    assert [sorted(state) for state in sent] == [
        ["_last_layout_edit_id", "_last_trace_edit_id", trait],  # no whole figure, no layout
        [trait],
    ], sent
    update = sent[0][trait]
    assert update["trace_edit_id"] == sent[0]["_last_trace_edit_id"] == figure._last_trace_edit_id
    assert update["layout_edit_id"] == sent[0]["_last_layout_edit_id"] == figure._last_layout_edit_id
    assert update["layout_data"] == {}
    after = _plain([trace.to_plotly_json() for trace in figure.data])
    changed = [{key for key in new if old.get(key) != new[key]} for old, new in zip(before, after)]
    assert any(changed)
    if trait == "_py2js_update":
        assert set(update["style_data"]) == set().union(*changed)
    else:
        assert update["animation_opts"] == TRACES_ONLY
        assert update["animation_opts"]["frame"]["redraw"] is False
        assert update["style_traces"] == list(range(len(figure.data)))  # every trace named
        # each trace with exactly its changed properties, as they now are
        assert [set(style) for style in update["style_data"]] == changed
        assert _plain(update["style_data"]) == [
            {key: trace[key] for key in keys} for trace, keys in zip(after, changed)
        ]
    assert sent[1][trait] is None  # cleared right after, as plotly does


def test_an_update_message_is_a_small_part_of_the_figure(monkeypatch) -> None:
    explorer = doms_explorer()
    whole = len(json.dumps(_plain(explorer.figure.get_state()["_widget_data"])))
    sent = _sent_states(monkeypatch, explorer.figure)
    explorer.controls["downhill_pct"].value = 40.0
    size = sum(len(json.dumps(_plain(state), default=str)) for state in sent)
    assert size < whole / 2, (size, whole)


def test_traces_only_applies_the_edits_in_python_too(monkeypatch) -> None:
    figure = live_figure([{"type": "scatter", "y": [1, 2]}], {"height": 200})
    sent = _sent_states(monkeypatch, figure)
    with figure.traces_only():
        figure.data[0].y = [3, 4]
    assert list(figure.data[0].y) == [3, 4]
    animate = sent[0]["_py2js_animate"]
    assert animate["style_data"] == [{"y": [3, 4]}]
    assert animate["animation_opts"]["frame"]["redraw"] is False


def test_an_edit_that_renames_a_risk_row_asks_for_a_full_redraw(monkeypatch) -> None:
    explorer = risk_explorer()
    sent = _sent_states(monkeypatch, explorer.figure)
    explorer.controls["warmup_type"].value = "static"  # the row "Warm-up (dynamic)" is renamed
    explorer.controls["warmup_min"].value = 20.0  # same rows
    redraws = [
        state["_py2js_animate"]["animation_opts"]["frame"]["redraw"] for state in sent if state.get("_py2js_animate")
    ]
    assert redraws == [True, False]
    assert list(explorer.figure.data[0].y)[-1] == "Warm-up<br>(static)"  # rows wrap to fit a phone


def test_doms_markers_that_disappear_ask_for_a_full_redraw(monkeypatch) -> None:
    explorer = doms_explorer(unaccustomed_pct=0.0, downhill_pct=10.0)
    sent = _sent_states(monkeypatch, explorer.figure)
    explorer.controls["downhill_pct"].value = 0.0  # no noticeable soreness: no markers
    assert len(explorer.figure.data[1].x) == 0
    explorer.controls["downhill_pct"].value = 10.0  # the markers come back
    explorer.controls["downhill_pct"].value = 20.0  # and move
    redraws = [
        state["_py2js_animate"]["animation_opts"]["frame"]["redraw"] for state in sent if state.get("_py2js_animate")
    ]
    assert redraws == [True, True, False]


def _animates(sent: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [state["_py2js_animate"] for state in sent if state.get("_py2js_animate")]


def test_an_update_of_hover_text_only_is_drawn_after_the_paint(monkeypatch) -> None:
    """The simulator's longest run 18 -> 18.5 km moves the soreness curve; in the risk breakdown
    (same band) only the hover text of the spike row changes: that update is marked to be drawn
    after the page's next paint, the soreness one is not, and both figures hold the new values."""
    simulator = run_simulator(planned_long_run_km=18.0)
    soreness, risk = _sent_states(monkeypatch, simulator.figure), _sent_states(monkeypatch, simulator.risk_figure)
    before = [trace.hovertext for trace in simulator.risk_figure.data]
    simulator.controls["planned_long_run_km"].value = 18.5
    [curve], [hover] = _animates(soreness), _animates(risk)
    assert curve[AFTER_PAINT] is False and "y" in curve["style_data"][2]
    assert hover[AFTER_PAINT] is True and hover["animation_opts"] == TRACES_ONLY
    assert set().union(*hover["style_data"]) == {"hovertext"} <= HOVER_ONLY_KEYS
    spike = "54.2 % longer than longest run in 30 days"  # (18.5 / 12 - 1) = 54.17 %
    assert spike in hover["style_data"][0]["hovertext"][1] and spike in simulator.risk_figure.data[0].hovertext[1]
    assert spike not in before[0][1]
    # a move that changes what is drawn (back to 12 km: no spike, the bar goes) is drawn at once
    simulator.controls["planned_long_run_km"].value = 12.0
    assert [m[AFTER_PAINT] for m in _animates(risk)] == [True, False]


def test_risk_explorer_band_changes_are_drawn_at_once(monkeypatch) -> None:
    explorer = risk_explorer(spike_pct=10.0)
    sent = _sent_states(monkeypatch, explorer.figure)
    explorer.controls["spike_pct"].value = 15.0  # next band: the bars move
    [message] = _animates(sent)
    assert message[AFTER_PAINT] is False and "x" in message["style_data"][0]


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
    assert _plain(state["_widget_layout"]) == _plain(explorer.figure.layout.to_plotly_json())
    assert _plain(explorer.figure.get_state("_widget_data")) == {"_widget_data": _plain(state["_widget_data"])}


def test_the_whole_figure_travels_once_at_creation(monkeypatch) -> None:
    sent: list[dict[str, Any]] = []
    monkeypatch.setattr(BaseFigureWidget, "_send", lambda self, msg, buffers=None: sent.append(msg["state"]))
    figure = live_figure([{"type": "scatter", "y": [1, 2]}], {"height": 200})
    with_data = [state for state in sent if "_widget_data" in state]
    assert [[(t["type"], t["y"]) for t in _plain(state["_widget_data"])] for state in with_data] == [
        [("scatter", [1, 2])]
    ]
    figure._repr_mimebundle_()  # plotly assigns the whole figure again when it is displayed
    assert len([state for state in sent if "_widget_data" in state]) == 1


def test_front_end_module_is_small_and_names_the_published_bundle(tmp_path, monkeypatch) -> None:
    figure = live_figure([{"type": "scatter", "y": [1, 2]}], {"height": 200})
    assert isinstance(figure, go.FigureWidget)
    module = SHARED_PLOTLY_ESM.read_text(encoding="utf-8")
    assert figure._esm == module and len(module) < 9_000  # sent with every figure: kilobytes, not plotly's 5 MB
    assert "export default" in module and "_plotly_bundle" in module and BUNDLE_REQUEST in module
    assert "_plotly_esm" not in figure.keys  # plotly's 5 MB never travels as a trait
    assert figure._plotly_bundle == published_bundle() != ""


def test_the_published_bundle_is_plotlys_and_where_the_server_serves_it() -> None:
    path, _, version = published_bundle().partition("?v=")
    folders = [Path(p) / "labextensions" for p in jupyter_path()]
    found = [folder / path for folder in folders if (folder / path).is_file()]
    assert found, (path, folders)
    assert found[0].read_bytes() == bundle_source().read_bytes() == str(BaseFigureWidget._esm).encode()
    assert version == f"{plotly.__version__}-{bundle_source().stat().st_size}"
    assert not (found[0].parent.parent / "package.json").exists()  # JupyterLab takes no extension here


def test_the_kernel_sends_the_bundle_to_a_page_that_asks(monkeypatch) -> None:
    figure = live_figure([{"type": "scatter", "y": [1, 2]}], {"height": 200})
    replies: list[tuple[Any, Any]] = []
    monkeypatch.setattr(figure, "send", lambda content, buffers=None: replies.append((content, buffers)))
    figure._on_custom_msg(figure, {"type": "something else"}, [])
    assert replies == []
    figure._on_custom_msg(figure, {"type": BUNDLE_REQUEST}, [])
    ((content, buffers),) = replies
    assert content["type"] == BUNDLE_REQUEST and buffers == [bundle_source().read_bytes()]


def test_plotlys_bundle_still_has_what_live_figure_js_uses() -> None:
    """live_figure.js relies on these parts of plotly's bundle; if plotly changes them, this names what."""
    bundle = bundle_source().read_text(encoding="utf-8")
    assert re.search(r"export\{[^}]*\bas FigureModel\b", bundle), "plotly's bundle no longer exports FigureModel"
    assert re.search(r"export\{[^}]*\bas default\b", bundle), "plotly's bundle has no default export"
    for edit in ("update", "animate", "restyle", "relayout"):
        pattern = rf'do_{edit}\(\)\{{var \w+=this\.model\.get\("_py2js_{edit}"\)'
        assert re.search(pattern, bundle), f"FigureModel.do_{edit} no longer reads _py2js_{edit} from its model"
    assert "newPlot(" in bundle and 'this.model.get("_widget_data")' in bundle
    # hoverAfterPaint hands plotly's FigureView.do_animate its message through model.get, read once at the start
    view_animate = (
        r'do_animate\(\)\{var (\w+)=this\.model\.get\("_py2js_animate"\);if\(\1!==null\)\{var \w+=\1\.animation_opts'
    )
    assert re.search(view_animate, bundle), "FigureView.do_animate no longer reads its message once from its model"


@pytest.mark.parametrize(
    ("factory", "moves"),
    [
        (risk_explorer, [("spike_pct", 60.0), ("warmup_type", "static"), ("fluid_loss_pct", 4.0)]),
        (doms_explorer, [("downhill_pct", 40.0), ("trained", True), ("unaccustomed_pct", 0.0)]),
        (load_explorer, [("week_4", 60.0), ("long_run_pct", 60.0)]),
    ],
)
def test_unchecked_updates_leave_the_figure_plotly_would_build(factory, moves) -> None:
    """set_traces skips plotly's checks: the figure must still equal one plotly builds (and checks) anew."""
    explorer = factory()
    for control, value in moves:
        explorer.controls[control].value = value
        view = explorer._compute()
        fresh = go.Figure(data=[dict(t) for t in view.traces], layout=explorer.figure.layout)
        got = [{k: v for k, v in t.items() if k != "uid"} for t in _plain(explorer.figure.to_plotly_json()["data"])]
        assert got == _plain(fresh.to_plotly_json()["data"]), control


def test_set_traces_stores_sends_and_removes(monkeypatch) -> None:
    figure = live_figure([{"type": "bar", "y": [1, 2], "name": "a"}, {"type": "scatter", "y": [0, 1]}], {"height": 200})
    sent = _sent_states(monkeypatch, figure)
    figure.set_traces([{"y": [3, 4], "name": None}, {}])
    assert list(figure.data[0].y) == [3, 4] and figure.data[0].name is None
    update = sent[0]["_py2js_update"]
    assert update["style_traces"] == [0] and _plain(update["style_data"]) == {"name": [None], "y": [[3, 4]]}
    figure.set_traces([{}, {"y": [5, 6]}], traces_only=True, redraw=True)
    animate = sent[2]["_py2js_animate"]
    assert animate["style_data"] == [{}, {"y": [5, 6]}] and animate["style_traces"] == [0, 1]
    assert animate["animation_opts"]["frame"]["redraw"] is True
    with pytest.raises(ValueError, match="edits has 1 entries, the figure 2 traces"):
        figure.set_traces([{"y": [1]}])
    with pytest.raises(ValueError, match=r"top-level properties, got \['marker.color'\]"):
        figure.set_traces([{"marker.color": "red"}, {}])
    figure.set_traces([{}, {}])
    assert len(sent) == 4  # nothing sent for no edit
