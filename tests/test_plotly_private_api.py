"""plotly's private names that ``LiveFigure`` (calfkit/widgets/live_figure.py and .js) relies on.

``LiveFigure`` overrides two private methods of ``plotly.basewidget.BaseFigureWidget``, calls
two more, sets private attributes and synced traits, and its front end imports plotly's own
widget bundle. None of that is public API, so pyproject.toml bounds plotly above, and these
tests fail loudly, naming what changed, when a plotly release moves any of it: re-read the
plotly source named in the message, adapt live_figure.py / live_figure.js, then raise the bound.
"""

from __future__ import annotations

import inspect
import re
import tomllib

import pytest

from .conftest import REPO

plotly = pytest.importorskip("plotly")
from plotly.basewidget import BaseFigureWidget  # noqa: E402

WHERE = "plotly/basewidget.py (BaseFigureWidget)"
FIX = (
    "LiveFigure in calfkit/widgets/live_figure.py depends on it: adapt LiveFigure to plotly "
    f"{plotly.__version__}, then move the plotly bound in pyproject.toml and environment.yml"
)

OVERRIDDEN = {
    "_send_update_msg": ["self", "restyle_data", "relayout_data", "trace_indexes", "source_view_id"],
    "_send_animate_msg": ["self", "styles_data", "relayout_data", "trace_indexes", "animation_opts"],
}
"""Methods LiveFigure overrides: plotly calls them with these parameters."""
CALLED = {
    "_perform_batch_animate": ["self", "animation_opts"],
    "_normalize_trace_indexes": ["self", "trace_indexes"],
}
"""Private methods LiveFigure calls."""
TRAITS = (
    "_widget_data",
    "_widget_layout",
    "_py2js_update",
    "_py2js_animate",
    "_last_trace_edit_id",
    "_last_layout_edit_id",
)
"""Synced traits LiveFigure sets (the front end reads them by these names)."""
ATTRIBUTES = (
    "_in_batch_mode",
    "_batch_layout_edits",
    "_batch_trace_edits",
    "_data",
    "_layout_obj",
    "_trace_edit_in_process",
    "_layout_edit_in_process",
)
"""Private instance attributes LiveFigure reads or sets."""


def _plotly_bound() -> str:
    deps = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    return next(d for d in deps if re.match(r"^plotly\b", d))


def test_plotly_is_bounded_above_and_the_installed_version_is_inside() -> None:
    from packaging.specifiers import SpecifierSet

    requirement = _plotly_bound()
    spec = SpecifierSet(requirement.removeprefix("plotly"))
    assert any(s.operator in ("<", "<=", "~=", "==") for s in spec), (
        f"pyproject.toml asks for {requirement!r}: plotly needs an upper bound, LiveFigure overrides its private methods"
    )
    assert plotly.__version__ in spec, (
        f"plotly {plotly.__version__} is installed but pyproject.toml allows {requirement!r}"
    )
    env = (REPO / "environment.yml").read_text(encoding="utf-8")
    assert re.search(rf"^\s*- {re.escape(requirement)}(\s|$)", env, re.M), (
        f"environment.yml does not ask for {requirement!r} as pyproject.toml does"
    )


@pytest.mark.parametrize("name", [*OVERRIDDEN, *CALLED])
def test_private_method_still_exists_with_the_same_parameters(name: str) -> None:
    expected = {**OVERRIDDEN, **CALLED}[name]
    method = getattr(BaseFigureWidget, name, None)
    assert method is not None, f"plotly {plotly.__version__} removed {WHERE}.{name}. {FIX}."
    got = list(inspect.signature(method).parameters)
    assert got == expected, (
        f"plotly {plotly.__version__} changed the parameters of {WHERE}.{name}: was ({', '.join(expected)}), "
        f"now ({', '.join(got)}). {FIX}."
    )


def test_synced_traits_and_attributes_still_exist() -> None:
    import plotly.graph_objects as go

    traits = set(BaseFigureWidget.class_trait_names())
    missing = [t for t in TRAITS if t not in traits]
    assert not missing, f"plotly {plotly.__version__} no longer has the synced traits {missing} on {WHERE}. {FIX}."
    figure = go.FigureWidget()
    gone = [a for a in ATTRIBUTES if not hasattr(figure, a)]
    assert not gone, f"plotly {plotly.__version__} FigureWidget instances lack {gone}. {FIX}."
    assert hasattr(figure._layout_obj, "_props"), f"plotly {plotly.__version__}: layout objects lack _props. {FIX}."


def test_plotly_still_calls_the_overridden_methods() -> None:
    """An edit must reach LiveFigure's overrides: plotly still routes updates and animations through them."""
    from calfkit.widgets.live_figure import live_figure

    figure = live_figure([{"type": "bar", "x": [1, 2], "y": [3, 4]}], {"xaxis": {"range": [0, 3]}})
    sent: list[str] = []
    original = type(figure)._send_edit

    def spy(self, trait, message):
        sent.append(trait)
        return original(self, trait, message)

    type(figure)._send_edit = spy
    try:
        with figure.batch_update():
            figure.data[0].y = [5, 6]
        assert sent == ["_py2js_update"], (
            f"plotly {plotly.__version__}: batch_update() no longer goes through {WHERE}._send_update_msg "
            f"(messages seen: {sent}). {FIX}."
        )
        sent.clear()
        with figure.traces_only():
            figure.data[0].y = [7, 8]
        assert sent == ["_py2js_animate"], (
            f"plotly {plotly.__version__}: _perform_batch_animate no longer goes through {WHERE}._send_animate_msg "
            f"(messages seen: {sent}). {FIX}."
        )
    finally:
        type(figure)._send_edit = original
    state = figure.get_state("_widget_data")["_widget_data"]
    assert list(state[0]["y"]) == [7, 8], (
        f"plotly {plotly.__version__}: the state's _widget_data no longer follows. {FIX}."
    )


def test_plotly_widget_bundle_still_exports_the_default_widget() -> None:
    """live_figure.js imports plotly's bundle (``BaseFigureWidget._esm``) and calls its default export."""
    bundle = str(BaseFigureWidget._esm)
    assert len(bundle) > 100_000 and "export" in bundle, (
        f"plotly {plotly.__version__}: BaseFigureWidget._esm is no longer the widget's JavaScript source "
        f"(starts {bundle[:80]!r}). {FIX} and calfkit/widgets/live_figure.js."
    )
    exports = re.findall(r"export\s*\{([^}]*)\}", bundle[-5000:])
    assert exports and re.search(r"\bas default\b", exports[-1]), (
        f"plotly {plotly.__version__}: the widget bundle no longer has a default export (exports: {exports[-1:]}). "
        "calfkit/widgets/live_figure.js calls module.default(): adapt it."
    )
    js = (REPO / "calfkit" / "widgets" / "live_figure.js").read_text(encoding="utf-8")
    assert "module.default()" in js and "_plotly_bundle" in js, (
        "live_figure.js no longer loads the bundle as tested here"
    )
    assert exports and re.search(r"\bas FigureModel\b", exports[-1]), (
        f"plotly {plotly.__version__}: the widget bundle no longer exports FigureModel (exports: {exports[-1:]}). "
        "calfkit/widgets/live_figure.js replays early edits with module.FigureModel: adapt it."
    )


def test_plotly_widget_view_still_has_what_follow_width_patches() -> None:
    """live_figure.js makes plotly's FigureView follow its element's width by wrapping its
    ``perform_render`` and ``remove`` and calling its ``autosizeFigure`` on the view's ``el``."""
    bundle = str(BaseFigureWidget._esm)
    exports = re.findall(r"export\s*\{([^}]*)\}", bundle[-5000:])
    found = re.search(r"\b(\w+) as FigureView\b", exports[-1]) if exports else None
    assert found, (
        f"plotly {plotly.__version__}: the widget bundle no longer exports FigureView (exports: {exports[-1:]}). "
        "calfkit/widgets/live_figure.js (followWidth) patches it: adapt it."
    )
    start = bundle.find(f"{found.group(1)}=class")
    assert start >= 0, f"plotly {plotly.__version__}: FigureView ({found.group(1)}) is no longer a class. {FIX}."
    body = bundle[start : start + 60_000]
    missing = [
        m for m in ("constructor(", "this.el=", "perform_render(){", "autosizeFigure(){", "remove(){") if m not in body
    ]
    assert not missing, (
        f"plotly {plotly.__version__}: FigureView lacks {missing}; calfkit/widgets/live_figure.js (followWidth) "
        "relies on them: adapt it."
    )
