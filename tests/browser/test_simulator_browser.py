"""The run simulator in a real browser (Voilà and JupyterLab): one control, both figures, in place.

Issue 12's promise: moving the distance, hydration and warm-up controls each updates both
the DOMS curve and the risk breakdown in place. For each of the three sliders the test
presses arrow keys on the slider handle (as a learner does) until BOTH plots' ``gd.data``
differ from before, checks that both plots are the same graph divs as before (updated, not
re-created), and compares the numbers in the page with :func:`calfkit.models.simulator.run_plan`
called here for the control values read back from the page. Every wait is for a condition.
"""

from __future__ import annotations

from typing import Any

import pytest

from . import servers
from .conftest import describe_console
from .test_lab import lab_page  # noqa: F401 - a fixture used below
from .test_voila import JS_CONTROLS, _by_label, _close, open_voila, voila_page  # noqa: F401 - fixture

pytestmark = pytest.mark.browser

NOTEBOOK = "scratch/simulator.ipynb"
# Longest run 18 km vs 12 km (50 % longer: DOMS and a raised risk), 80 min run losing 1.8 % of
# body mass (just under 2 %), a dynamic warm-up of 0 min: each slider below moves both outputs.
CELL = (
    "from calfkit.widgets import run_simulator\n"
    "run_simulator(planned_long_run_km=18.0, run_duration_min=80.0, warmup_type='dynamic')"
)
MOVES = (
    # (slider label, key): distance, hydration, warm-up
    ("This week's longest run, planned (km)", "ArrowRight"),
    ("What you drink during it (L)", "ArrowLeft"),
    ("Warm-up (min)", "ArrowRight"),
)
MAX_PRESSES = 6

JS_PLOTS = "(root) => [...root.querySelectorAll('.js-plotly-plot')]"
JS_SIGNATURES = (
    "(root) => ("
    + servers.JS_PLOT_DATA
    + ")(root).map(d => JSON.stringify(d.map(t => { const c = {...t}; delete c.uid; return c; })))"
)
"""One string per plot (soreness first, risk second) that changes with its data."""


@pytest.fixture(scope="module")
def simulator_notebook(served_root) -> str:
    servers.write_notebook(served_root / NOTEBOOK, [CELL], markdown_first="# Run simulator")
    return NOTEBOOK


def _handle(cell: Any, label: str) -> Any:
    slider = cell.locator(".widget-slider").filter(has=cell.page.locator(".widget-label", has_text=label))
    assert slider.count() == 1, f"no single slider labelled {label!r}"
    return slider.locator(".noUi-handle").first


def _model_matches(page: Any, root: Any) -> str | None:
    """None when both plots show run_plan for the page's control values, else what differs."""
    from calfkit.figures.simulator import plan_risk_traces
    from calfkit.models.simulator import run_plan
    from calfkit.widgets import run_simulator

    values = _by_label(page.evaluate(JS_CONTROLS, root), run_simulator())
    plan = run_plan(**values)
    soreness, risk = servers.plot_data(page, root)
    try:
        curve = next(t for t in soreness if t.get("name") == "Your run: modelled soreness")
        _close(curve["y"], plan.soreness.tolist(), f"soreness curve for {values}")
        low = next(t for t in soreness if t.get("name") == "Uncertainty band (low)")
        _close(low["y"], plan.band_low.tolist(), f"band for {values}")
        estimates = next(t for t in risk if t.get("mode") == "markers")
        expected = [float(f.ratio) for f in plan.risk.factors] + [float(plan.risk.total)]
        _close(estimates["x"], expected, f"risk ratios for {values}")
        # hover text only (e.g. the spike row's %) is drawn after the page's paint (live_figure.js): it must arrive too
        hover = [t.get("hovertext") for t in risk]
        assert hover == [t.get("hovertext") for t in plan_risk_traces(plan)], f"risk hover text for {values}: {hover}"
    except AssertionError as exc:
        return str(exc)
    return None


def _move_each_control(page: Any, cell: Any, where: str) -> list[str]:
    root = servers.wait_widget(cell, plot=True)
    plots = page.evaluate_handle(JS_PLOTS, root)
    assert page.evaluate("(plots) => plots.length", plots) == 2, f"{where}: the simulator shows two plots"
    problems = []
    for label, key in MOVES:
        before = page.evaluate(JS_SIGNATURES, root)
        handle = _handle(cell, label)
        handle.scroll_into_view_if_needed()
        handle.focus()
        for _ in range(MAX_PRESSES):
            value, pressed = handle.get_attribute("aria-valuenow"), page.evaluate(JS_SIGNATURES, root)
            page.keyboard.press(key)
            page.wait_for_function(
                "([el, before]) => el.getAttribute('aria-valuenow') !== before",
                arg=[handle.element_handle(), value],
                timeout=servers.CONTROL_MS,
                polling=50,
            )
            # This press's redraw has arrived once a plot differs from just before it.
            page.wait_for_function(
                f"([root, pressed]) => ({JS_SIGNATURES})(root).some((s, i) => s !== pressed[i])",
                arg=[root, pressed],
                timeout=servers.BUDGET_MS,
                polling=50,
            )
            now = page.evaluate(JS_SIGNATURES, root)
            if all(a != b for a, b in zip(before, now)):
                break
        now = page.evaluate(JS_SIGNATURES, root)
        changed = [name for name, a, b in zip(("DOMS curve", "risk breakdown"), before, now) if a != b]
        if len(changed) != 2:
            problems.append(f"{where}: {label!r} ({MAX_PRESSES} x {key}) changed only {changed or 'nothing'}")
            continue
        same = page.evaluate("([plots, root]) => plots.every(gd => gd.isConnected && root.contains(gd))", [plots, root])
        if not same:
            problems.append(f"{where}: {label!r} re-created a plot instead of updating it in place")
        # The two plots and the sliders update in separate messages: poll until they agree.
        for waited_ms in range(0, 60_250, 250):
            mismatch = _model_matches(page, root)
            if mismatch is None or waited_ms >= 60_000:
                break
            page.wait_for_timeout(250)
        if mismatch is not None:
            problems.append(f"{where}: after moving {label!r} the page does not show the model: {mismatch}")
    return problems


def test_simulator_controls_update_both_figures_in_voila(voila_page, voila_server, simulator_notebook) -> None:
    open_voila(voila_page, voila_server, simulator_notebook)
    cell = servers.voila_cell(voila_page, 1)
    problems = _move_each_control(voila_page, cell, "Voila")
    assert not problems, "\n- ".join([*problems, f"console: {describe_console(voila_page)}"])


def test_simulator_controls_update_both_figures_in_lab(lab_page, lab_server, simulator_notebook) -> None:
    servers.open_lab_notebook(lab_page, lab_server, simulator_notebook)
    servers.lab_run_all(lab_page)
    cell = servers.lab_cell(lab_page, 1)
    problems = _move_each_control(lab_page, cell, "JupyterLab")
    assert not problems, "\n- ".join([*problems, f"console: {describe_console(lab_page)}"])
