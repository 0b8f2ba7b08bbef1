"""Every lesson in JupyterLab: Run All Cells, no errors, widgets render and answer the keyboard."""

from __future__ import annotations

import pytest

from . import servers
from .conftest import SCRATCH_BROKEN, WidgetCase, describe_console, lesson_widget_cells

pytestmark = pytest.mark.browser

JS_PROBE_PLOT = servers.JS_PLOT_SIGNATURE
JS_PROBE_PLOT_AND_TEXT = "(root) => JSON.stringify([(" + servers.JS_PLOT_SIGNATURE + ")(root), root.innerText])"


@pytest.fixture
def lab_page(page, lab_server):
    """A page on a JupyterLab with no sessions left over: each test starts a fresh kernel."""
    servers.delete_sessions(lab_server)
    return page


def run_notebook(page, server, notebook: str) -> list[str]:
    """Open ``notebook``, run all cells and return a list of problems found (empty = clean)."""
    servers.open_lab_notebook(page, server, notebook)
    prompts = servers.lab_run_all(page)
    problems: list[str] = []

    notebook_el = page.locator(".jp-Notebook").first.element_handle()
    for err in page.evaluate(servers.JS_OUTPUT_ERRORS, notebook_el):
        problems.append(f"cell {err['cell']}: error output ({err['mime']}):\n{err['text']}")
    unrun = [i for i, p in enumerate(prompts) if not any(ch.isdigit() for ch in p)]
    if unrun:
        problems.append(
            f"code cells {unrun} (counting code cells only) did not run: Run All stopped early (prompts {prompts})"
        )

    for cell_index, factory in lesson_widget_cells(notebook):
        cell = servers.lab_cell(page, cell_index)
        try:
            handle = servers.wait_widget(cell)
        except Exception as exc:  # noqa: BLE001 - playwright TimeoutError
            text = cell.inner_text()[:600]
            problems.append(
                f"cell {cell_index} ({factory}): widget did not render ({type(exc).__name__}); cell text:\n{text}"
            )
            continue
        bad = page.evaluate(servers.JS_WIDGET_PROBLEMS, handle)
        if bad:
            problems.append(f"cell {cell_index} ({factory}): widget view failed: {bad}")
    leftover = servers.settled_widget_problems(page, notebook_el)
    if leftover and not any("widget view failed" in p for p in problems):
        problems.append(f"widget problems elsewhere in the notebook: {leftover}")
    return problems


def test_lesson_runs_clean_in_lab(lab_page, lab_server, lesson: str) -> None:
    problems = run_notebook(lab_page, lab_server, lesson)
    assert not problems, (
        f"{lesson} in JupyterLab:\n- "
        + "\n- ".join(problems)
        + f"\nbrowser console errors:\n{describe_console(lab_page)}"
    )


def test_harness_catches_errors_in_lab(lab_page, lab_server) -> None:
    """Negative control: a notebook that raises must be reported (stderr alone must not)."""
    problems = run_notebook(lab_page, lab_server, SCRATCH_BROKEN)
    assert any("ZeroDivisionError" in p for p in problems), problems
    assert any("did not run" in p for p in problems), problems
    assert not any("a warning" in p for p in problems), problems


CONTROL_KEYS: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = (
    # selector of a keyboard-operable control -> key steps (each step: keys pressed in a row)
    (".widget-slider .noUi-handle", servers.SLIDER_STEPS),
    (".widget-checkbox input[type=checkbox]", ((" ",),)),
    # Bare arrow keys, as a learner presses them: JupyterLab's command mode binds them to
    # the cell cursor; calfkit's keyboard guard hands them back to the dropdown.
    (".widget-dropdown select", (("ArrowDown",), ("ArrowUp",))),
    (".widget-toggle-buttons button:not(.mod-active)", ((" ",),)),
)


def _control(container):
    """The first keyboard-operable control of a widget (slider, checkbox, dropdown, buttons)."""
    for selector, steps in CONTROL_KEYS:
        found = container.locator(selector)
        if found.count():
            return selector, found.first, steps
    return None, None, ()


def move_widget(page, cell, handle, label: str) -> str:
    """Operate the widget's first control with the keyboard; assert its plot (or text) changed."""
    selector, control, steps = _control(cell)
    assert control is not None, f"{label}: no keyboard-operable control (slider, checkbox, dropdown) found"
    has_plot = page.evaluate("(root) => root.querySelectorAll('.js-plotly-plot').length", handle) > 0
    # A slider must move the plot; other controls may change only text (e.g. a checklist verdict).
    probe = JS_PROBE_PLOT if (has_plot and "slider" in selector) else JS_PROBE_PLOT_AND_TEXT
    control.scroll_into_view_if_needed()
    before, after, taken = servers.press_until_changed(page, handle, control, steps, probe=probe)
    assert after != before, (
        f"{label}: pressing {steps} on {selector} changed nothing "
        f"({'gd.data' if probe is JS_PROBE_PLOT else 'plot data or text'} identical).\n"
        f"browser console errors:\n{describe_console(page)}"
    )
    return selector


JS_ACTIVE_CELL = "() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')].findIndex(c => c.classList.contains('jp-mod-active'))"
"""Index of JupyterLab's active cell (the cell cursor)."""

JS_SELECTED = "(select) => select.selectedIndex"


def move_dropdown(page, cell, handle, label: str) -> None:
    """ArrowDown (ArrowUp at the last option) on the widget's first dropdown, in command mode.

    The option must change, with the plot or the text, and the cell cursor must stay put.
    """
    select = cell.locator(".widget-dropdown select").first
    select.scroll_into_view_if_needed()
    select.focus()
    active = page.evaluate(JS_ACTIVE_CELL)
    count = select.evaluate("(s) => s.options.length")
    before_index = select.evaluate(JS_SELECTED)
    key = "ArrowDown" if before_index < count - 1 else "ArrowUp"
    before, after, _ = servers.press_until_changed(page, handle, select, ((key,),), probe=JS_PROBE_PLOT_AND_TEXT)
    problems = []
    if select.evaluate(JS_SELECTED) == before_index:
        problems.append(f"{key} did not change the option (still option {before_index} of {count})")
    if after == before:
        problems.append("neither the plot nor the text changed")
    if page.evaluate(JS_ACTIVE_CELL) != active:
        problems.append(f"the cell cursor moved from cell {active} to cell {page.evaluate(JS_ACTIVE_CELL)}")
    assert not problems, f"{label}: a focused dropdown and {key}: " + "; ".join(problems)


def test_widget_answers_keyboard_in_lab(lab_page, lab_server, widget_case: WidgetCase) -> None:
    """The widget's first control answers the keyboard; so does its first dropdown, with bare arrow keys."""
    servers.open_lab_notebook(lab_page, lab_server, widget_case.notebook)
    servers.lab_run_all(lab_page)
    cell = servers.lab_cell(lab_page, widget_case.cell)
    handle = servers.wait_widget(cell)
    label = f"{widget_case.factory} in {widget_case.notebook} (JupyterLab)"
    move_widget(lab_page, cell, handle, label)
    if cell.locator(".widget-dropdown select").count():
        move_dropdown(lab_page, cell, handle, label)
