"""Every lesson as a Voilà app: renders without errors, its plots match the model, controls work.

For every widget of every lesson: the first render is checked, its first control is
operated with the keyboard and the plot (or, without a plot, the text) must change.
For the explorers whose figure shows a model (doms_explorer, risk_explorer) the numbers
in the page (plotly's ``gd.data``) are compared with the calfkit model called here, in
the test process, for the control values read back from the page: on the first render
(a FigureWidget built with stale data would fail this) and again after the move.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

import pytest

from . import servers
from .conftest import SCRATCH_BROKEN, SCRATCH_DEMO, SCRATCH_DEMO_CASE, describe_console, lesson_widget_cells
from .test_lab import move_widget

pytestmark = pytest.mark.browser

VOILA_ERROR_MARKERS = ("Error at server while executing cell", "CellExecutionError")

JS_CONTROLS = """
(root) => {
  const label = (el) => ((el.querySelector('.widget-label') || {}).innerText || '').trim();
  const out = [];
  for (const el of root.querySelectorAll('.widget-slider')) {
    const readout = el.querySelector('.widget-readout');
    out.push({kind: 'slider', label: label(el), value: readout ? readout.innerText.trim() : null,
              disabled: el.classList.contains('mod-disabled') || !!el.querySelector('.noUi-target[disabled]')});
  }
  for (const el of root.querySelectorAll('.widget-checkbox')) {
    const box = el.querySelector('input[type=checkbox]');
    const basic = el.querySelector('.widget-label-basic');  // ipywidgets 8: label beside the box
    const text = ((basic || {}).innerText || label(el)).replace(/\u200b/g, '').trim();
    out.push({kind: 'checkbox', label: text, value: box ? box.checked : null});
  }
  for (const el of root.querySelectorAll('.widget-dropdown')) {
    const sel = el.querySelector('select');
    const opt = sel && sel.selectedIndex >= 0 ? sel.options[sel.selectedIndex].text : null;
    out.push({kind: 'dropdown', label: label(el), value: opt});
  }
  return out;
}
"""
"""The state of every slider, checkbox and dropdown under ``root``, as the page shows it."""


@pytest.fixture
def voila_page(page, voila_server):
    """A page for Voila. Closing it drops the kernel's last connection; the server culls it."""
    return page


def open_voila(page, server, notebook: str, timeout_ms: float = 180_000) -> int:
    """Render ``notebook`` in Voilà; returns the log offset before the request (for log checks)."""
    offset = len(server.log_tail(10**9))
    page.goto(server.url(f"voila/render/{notebook}"), wait_until="load", timeout=timeout_ms)
    page.wait_for_selector(".jp-Cell", state="attached", timeout=timeout_ms)
    return offset


def voila_problems(page, server, notebook: str, log_offset: int) -> list[str]:
    problems: list[str] = []
    body = page.locator("body").element_handle()
    for err in page.evaluate(servers.JS_OUTPUT_ERRORS, body):
        problems.append(f"cell {err['cell']}: error output ({err['mime']}):\n{err['text']}")
    log = server.log_tail(10**9)[log_offset:]
    for marker in VOILA_ERROR_MARKERS:
        if marker in log:
            start = log.index(marker)
            problems.append(f"voila log: {log[start : start + 1500]}")
            break
    for cell_index, factory in lesson_widget_cells(notebook):
        cell = servers.voila_cell(page, cell_index)
        try:
            handle = servers.wait_widget(cell)
        except Exception as exc:  # noqa: BLE001 - playwright TimeoutError
            problems.append(
                f"cell {cell_index} ({factory}): widget did not render ({type(exc).__name__}): "
                f"{cell.inner_text()[:600]!r}"
            )
            continue
        bad = page.evaluate(servers.JS_WIDGET_PROBLEMS, handle)
        if bad:
            problems.append(f"cell {cell_index} ({factory}): widget view failed: {bad}")
    leftover = servers.settled_widget_problems(page, body)
    if leftover and not any("widget view failed" in p for p in problems):
        problems.append(f"widget problems on the page: {leftover}")
    return problems


def test_harness_catches_errors_in_voila(voila_page, voila_server) -> None:
    """Negative control: the notebook that raises must be reported."""
    offset = open_voila(voila_page, voila_server, SCRATCH_BROKEN)
    problems = voila_problems(voila_page, voila_server, SCRATCH_BROKEN, offset)
    assert any("ZeroDivisionError" in p for p in problems), problems
    assert not any("a warning" in p for p in problems), problems


# --------------------------------------------------------------------------- model checks
def _number(text: str) -> float:
    match = re.search(r"-?\d+(?:\.\d+)?", text.replace("−", "-"))
    assert match, f"no number in slider readout {text!r}"
    return float(match.group())


def _plain(text: str) -> str:
    return " ".join(str(text).replace("\xa0", " ").split())


def _by_label(controls: list[dict[str, Any]], explorer: Any) -> dict[str, Any]:
    """Map the page's control states onto the explorer's control names via their labels."""
    wanted = {_plain(c.description): name for name, c in explorer.controls.items()}
    values: dict[str, Any] = {}
    for state in controls:
        name = wanted.get(_plain(state["label"]))
        if name is None:
            continue
        control = explorer.controls[name]
        if state["kind"] == "slider":
            values[name] = _number(state["value"])
        elif state["kind"] == "checkbox":
            values[name] = bool(state["value"])
        else:
            # ipywidgets shows option labels with non-breaking spaces.
            options = [o if isinstance(o, tuple) else (str(o), o) for o in control.options]
            labels = {_plain(label): value for label, value in options}
            assert _plain(state["value"]) in labels, f"{name}: page shows {state['value']!r}, options {list(labels)}"
            values[name] = labels[_plain(state["value"])]
    missing = set(explorer.controls) - set(values)
    shown = [c["label"] for c in controls]
    assert not missing, f"controls {sorted(missing)} not found in the page (page shows {shown})"
    return values


def _close(a: list[float], b: list[float], what: str, tol: float = 1e-4) -> None:
    assert len(a) == len(b), f"{what}: page has {len(a)} values, model {len(b)}"
    bad = [
        (i, x, y)
        for i, (x, y) in enumerate(zip(a, b))
        if not math.isclose(float(x), float(y), rel_tol=tol, abs_tol=tol)
    ]
    assert not bad, f"{what}: page and model differ at (index, page, model) {bad[:5]} (of {len(bad)})"


def check_doms(data: list[dict[str, Any]], controls: list[dict[str, Any]]) -> str:
    import calfkit as ck
    from calfkit.widgets.doms import REFERENCE_LABEL, YOUR_LABEL, doms_explorer

    values = _by_label(controls, doms_explorer())
    scenario = {
        "unaccustomed_pct": values["unaccustomed_pct"],
        "downhill_pct": values["downhill_pct"],
        "trained": values["trained"],
        "weeks_since_similar": values["weeks_since_similar"] if values["repeated"] else None,
    }
    traces = {t.get("name"): t for t in data}
    for label, kwargs in ((YOUR_LABEL, scenario), (REFERENCE_LABEL, {})):
        assert label in traces, f"no trace named {label!r} in the plot (traces: {list(traces)})"
        hours = [float(h) for h in traces[label]["x"]]
        model = ck.doms_curve(hours, **kwargs)["soreness"].tolist()
        _close(traces[label]["y"], model, f"doms_explorer curve {label!r} with {kwargs}")
    return f"doms {scenario}"


def check_risk(data: list[dict[str, Any]], controls: list[dict[str, Any]]) -> str:
    import calfkit as ck
    from calfkit.figures.risk import LABEL_CHARS, TOTAL_LABEL
    from calfkit.figures.style import wrap
    from calfkit.widgets.risk import risk_explorer

    values = _by_label(controls, risk_explorer())
    result = ck.soreness_risk(**values)
    expected = {wrap(f.label, LABEL_CHARS): float(f.ratio) for f in result.factors}  # rows wrap for a phone
    expected[wrap(TOTAL_LABEL, LABEL_CHARS)] = float(result.total)
    estimates = [t for t in data if t.get("type") == "scatter" and t.get("mode") == "markers"]
    assert estimates, f"no estimate (markers) trace in the risk plot: {[t.get('name') for t in data]}"
    shown = dict(zip(estimates[0]["y"], estimates[0]["x"]))
    assert set(shown) == set(expected), f"risk plot rows {sorted(shown)} != model rows {sorted(expected)}"
    _close([shown[k] for k in expected], list(expected.values()), f"risk_explorer ratios for {values}")
    bars = {}
    for trace in data:
        if trace.get("type") == "bar":
            bases = trace.get("base") or [0.0] * len(trace["x"])
            bars.update({label: base + x for label, x, base in zip(trace["y"], trace["x"], bases)})
    _close([bars[k] for k in expected], list(expected.values()), f"risk_explorer bar ends for {values}")
    return f"risk {values}"


def check_scratch(data: list[dict[str, Any]], controls: list[dict[str, Any]]) -> str:
    k = _number(controls[0]["value"])
    _close(data[0]["y"], [k * b for b in (1.0, 2.0, 4.0)], "scratch demo")
    return f"scratch k={k}"


MODEL_CHECKS: dict[str, Callable[[list[dict[str, Any]], list[dict[str, Any]]], str]] = {
    "doms_explorer": check_doms,
    "risk_explorer": check_risk,
    "scratch_demo": check_scratch,
}


def exercise_widget(page, cell_index: int, factory: str, label: str) -> list[str]:
    """Model check of the first render, a keyboard move, model check again; returns problems."""
    cell = servers.voila_cell(page, cell_index)
    check = MODEL_CHECKS.get(factory)
    try:
        handle = servers.wait_widget(cell, plot=True if check else None)
    except Exception as exc:  # noqa: BLE001 - reported by voila_problems already
        return [f"{label}: widget did not render ({type(exc).__name__})"]

    def model_check(when: str) -> None:
        if check is None:
            return
        plots = servers.plot_data(page, handle)
        assert len(plots) == 1, f"{label}: expected one plot in the widget, found {len(plots)}"
        controls = page.evaluate(JS_CONTROLS, handle)
        try:
            check(plots[0], controls)
        except AssertionError as exc:
            raise AssertionError(f"{label}, {when}: plot does not match the model: {exc}") from None

    try:
        model_check("first render")
        move_widget(page, cell, handle, label)
        if check is not None:
            # The readout and the plot update in separate messages: wait until they agree.
            for waited_ms in range(0, 60_250, 250):
                try:
                    model_check("after a keyboard move")
                    break
                except AssertionError:
                    if waited_ms >= 60_000:
                        raise
                    page.wait_for_timeout(250)
    except AssertionError as exc:
        return [str(exc)]
    return []


def test_lesson_in_voila(voila_page, voila_server, lesson: str) -> None:
    """No errors; every widget renders; its first render matches the model; the keyboard moves it."""
    offset = open_voila(voila_page, voila_server, lesson)
    problems = voila_problems(voila_page, voila_server, lesson, offset)
    if not problems:
        for cell_index, factory in lesson_widget_cells(lesson):
            problems += exercise_widget(voila_page, cell_index, factory, f"{factory} (cell {cell_index}) in {lesson}")
    assert not problems, (
        f"{lesson} in Voila:\n- " + "\n- ".join(problems) + f"\nbrowser console errors:\n{describe_console(voila_page)}"
    )


def test_harness_widget_demo_in_voila(voila_page, voila_server) -> None:
    """The harness on a plain ipywidgets slider + FigureWidget: model check and keyboard move."""
    offset = open_voila(voila_page, voila_server, SCRATCH_DEMO)
    problems = voila_problems(voila_page, voila_server, SCRATCH_DEMO, offset)
    problems += exercise_widget(voila_page, SCRATCH_DEMO_CASE.cell, SCRATCH_DEMO_CASE.factory, "scratch demo")
    assert not problems, problems


# --------------------------------------------------------------------------- two figures, moved at once
TWO_FIGURES = "notebooks/03_training_load_and_risk.ipynb"
"""A lesson with two FigureWidget explorers on one page (load_explorer and risk_explorer)."""

EARLY_LOADS = 5

READY_BUDGET_MS = 1000
"""anywidget's readiness budget in the test pages (anywidget's own is 2000 ms), see below.

Measured 2026-12-01 on the 2-core machine under load (load average 4-5): with 250 ms the
fixed live figure itself sometimes missed the budget (the page's main thread was busy
parsing plotly's bundle for the first figure); with 1000 ms the fixed version passed and
plain ``go.FigureWidget`` still left a plot frozen (1 of 10 plots)."""

JS_SHRINK_READY_BUDGET = """
(budget) => {
  // anywidget gives a model's front-end module 2 s (AbortSignal.timeout(2000)) to load; a
  // model that misses it drops every later message from the kernel. Whether plotly's 5 MB
  // module misses it depends on how busy the machine is; with a smaller budget a module
  // that slow always misses it, so the test does not depend on the machine's load.
  const timeout = AbortSignal.timeout.bind(AbortSignal);
  AbortSignal.timeout = (ms) => timeout(ms === 2000 ? budget : ms);
}
"""

JS_PLOT_DATA_NO_UID = (
    "(root) => JSON.stringify((" + servers.JS_PLOT_DATA + ")(root)"
    ".map(plot => plot.map(trace => { const copy = {...trace}; delete copy.uid; return copy; })))"
)
"""Every plot's data under ``root`` without trace uids (random per kernel), as a string."""


def _figure_cells(notebook: str) -> list[tuple[int, str]]:
    cells = [
        (cell, factory)
        for cell, factory in lesson_widget_cells(notebook)
        if factory in {"load_explorer", "risk_explorer"}
    ]
    assert len(cells) == 2, f"{notebook} should call load_explorer and risk_explorer, found {cells}"
    return cells


def test_both_figures_follow_sliders_moved_at_once(voila_page, voila_server) -> None:
    """Lesson 03, loaded again and again: move a slider of EACH explorer as soon as it exists.

    Each plot must leave its initial data (taken from a first load where nothing is
    pressed) and, for the risk explorer, match the model for the values the page shows.
    Before the fix the second figure's model missed anywidget's readiness budget and
    its plot stayed frozen for good while its readout moved (1-2 loads in 8 on a busy
    machine; more often with the smaller budget below).
    """
    url = voila_server.url(f"voila/render/{TWO_FIGURES}")
    cells = _figure_cells(TWO_FIGURES)
    voila_page.goto(url, wait_until="load", timeout=180_000)
    initial = {}
    for cell_index, _factory in cells:
        cell = servers.voila_cell(voila_page, cell_index)
        handle = servers.wait_widget(cell, plot=True)
        initial[cell_index] = voila_page.evaluate(JS_PLOT_DATA_NO_UID, handle)

    problems: list[str] = []
    for load in range(1, EARLY_LOADS + 1):
        page = voila_page.context.new_page()
        page.console_errors = []  # type: ignore[attr-defined]
        page.on("pageerror", lambda exc, pg=page: pg.console_errors.append(f"pageerror: {exc}"))
        page.on("console", lambda msg, pg=page: pg.console_errors.append(msg.text) if msg.type == "error" else None)
        page.add_init_script(f"({JS_SHRINK_READY_BUDGET})({READY_BUDGET_MS})")
        try:
            page.goto(url, wait_until="commit", timeout=180_000)
            # The second explorer first: the existing lesson test moves the first one first.
            for cell_index, _factory in reversed(cells):
                handle = servers.voila_cell(page, cell_index).locator(".widget-slider .noUi-handle").first
                handle.wait_for(state="attached", timeout=180_000)
                handle.focus()
                page.keyboard.press("ArrowRight")
            for cell_index, factory in cells:
                label = f"load {load}: {factory} (cell {cell_index})"
                cell = servers.voila_cell(page, cell_index)
                root = servers.wait_widget(cell, plot=True)
                try:
                    page.wait_for_function(
                        f"([root, before]) => ({JS_PLOT_DATA_NO_UID})(root) !== before",
                        arg=[root, initial[cell_index]],
                        timeout=servers.BUDGET_MS,
                        polling=100,
                    )
                except Exception:  # noqa: BLE001 - playwright TimeoutError
                    readout = page.evaluate("(r) => r.querySelector('.widget-readout').innerText", root)
                    problems.append(
                        f"{label}: plot still shows its initial data {servers.BUDGET_MS // 1000} s after the slider moved "
                        f"(slider readout {readout!r}); console: {describe_console(page)}"
                    )
                    continue
                if factory in MODEL_CHECKS:
                    plots = servers.plot_data(page, root)
                    try:
                        MODEL_CHECKS[factory](plots[0], page.evaluate(JS_CONTROLS, root))
                    except AssertionError as exc:
                        problems.append(f"{label}: plot does not match the model after the move: {exc}")
        finally:
            page.close(run_before_unload=False)
    assert not problems, "\n- ".join(["two figures on one Voila page:", *problems])
