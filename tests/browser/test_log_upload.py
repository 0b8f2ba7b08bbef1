"""Lesson 08 in Voilà: the log explorer's first render, and real uploads through the browser's file input.

The ``FileUpload`` button is clicked and its file chooser filled by Playwright (no file is
written anywhere); the weekly totals the page then plots must equal the ones
this test computes from the numbers it put into the file.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ..logs_fixtures import _sample_weeks
from . import servers
from .conftest import describe_console, lesson_widget_cells
from .test_voila import open_voila

pytestmark = pytest.mark.browser

LESSON = "notebooks/08_your_training_log.ipynb"
BARS = "Weekly distance (km)"


def weekly_bars(page, handle) -> list[float]:
    plots = servers.plot_data(page, handle)
    assert len(plots) == 1, f"expected one plot in the log explorer, found {len(plots)}"
    bars = [t for t in plots[0] if t.get("name") == BARS]
    assert bars, f"no {BARS!r} trace: {[t.get('name') for t in plots[0]]}"
    return [float(y) for y in bars[0]["y"]]


def upload(page, button, name: str, content: bytes) -> None:
    """Click the upload button and pick a file in the browser's file chooser (from memory)."""
    with page.expect_file_chooser(timeout=15_000) as chooser:
        button.click()
    assert chooser.value.element.get_attribute("accept") == ".csv,.gpx,.tcx,.fit,.gz,.zip,.xml"
    assert not chooser.value.is_multiple(), "the upload takes a single file"
    chooser.value.set_files(files=[{"name": name, "mimeType": "text/csv", "buffer": content}])


def wait_for(page, handle, script: str, arg, what: str) -> None:
    try:
        page.wait_for_function(script, arg=[handle, arg], timeout=servers.BUDGET_MS, polling=100)
    except Exception as exc:  # noqa: BLE001 - playwright TimeoutError
        raise AssertionError(
            f"{what} did not happen ({type(exc).__name__}); console:\n{describe_console(page)}"
        ) from None


def test_log_explorer_renders_the_sample_and_takes_uploads_in_voila(page, voila_server) -> None:
    open_voila(page, voila_server, LESSON)
    cells = [index for index, factory in lesson_widget_cells(LESSON) if factory == "log_explorer"]
    assert cells, "lesson 08 calls no log_explorer()"
    cell = servers.voila_cell(page, cells[0])
    handle = servers.wait_widget(cell, plot=True)

    truth = [sum(km for _, km in week) for week in _sample_weeks()]
    first = weekly_bars(page, handle)
    assert first == pytest.approx(truth, abs=1e-6), "first render does not show the sample's weekly totals"

    button = cell.locator(".widget-upload")
    assert button.count() == 1, "the upload button is missing"
    upload(page, button, "broken.csv", b"when,how far\nyesterday,far\n")
    wait_for(
        page,
        handle,
        "([root, text]) => (root.innerText || '').includes(text)",
        "Could not use this training log",
        "the error message for a bad file",
    )
    assert "broken.csv" in cell.inner_text() and "missing a date column" in cell.inner_text()
    assert weekly_bars(page, handle) == first, "a bad file must leave the figure as it was"

    start = date(2024, 9, 2)  # a Monday
    runs = {start + timedelta(days=d): km for d, km in ((0, 5.0), (2, 7.5), (6, 12.0), (9, 6.0), (13, 15.5))}
    text = "date,distance_km\n" + "".join(f"{d.isoformat()},{km}\n" for d, km in runs.items())
    upload(page, button, "my_runs.csv", text.encode())
    wait_for(
        page,
        handle,
        "([root, text]) => [...root.querySelectorAll('select')].some("
        "(s) => s.selectedOptions.length && s.selectedOptions[0].text.includes(text))",
        "my_runs.csv",
        "the log menu showing the uploaded file",
    )  # "Showing: my_runs.csv" is in the readout's closed "More" panel; option labels use no-break spaces
    expected = [5.0 + 7.5 + 12.0, 6.0 + 15.5]
    for _ in range(240):  # up to 60 s: the readout and the plot arrive in separate messages
        if weekly_bars(page, handle) == pytest.approx(expected):
            break
        page.wait_for_timeout(250)
    assert weekly_bars(page, handle) == pytest.approx(expected), "the plot does not show the uploaded weeks"
    assert "Could not use" not in cell.inner_text()
