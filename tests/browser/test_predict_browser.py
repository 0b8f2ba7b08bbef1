"""Predict, then reveal, in the learner's view of a lesson in Voilà (no ``CALFKIT_REVEAL``).

Lesson 02 opens with its DOMS demo hidden behind a prediction box: the page holds no
plot and no model answer until the learner types a number and presses Enter; then the
model's value, the model answer and the demo's figure appear, at the page's width.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from . import servers

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("CALFKIT_SHOTS", "/tmp/calfkit-shots"))


@pytest.fixture(scope="module")
def learner_voila(chromium_executable: str, served_root: Path, tmp_path_factory: pytest.TempPathFactory):
    server = servers.start_voila(served_root, tmp_path_factory.mktemp("voila-learner"), learner=True)
    yield server
    server.stop()


@pytest.mark.parametrize("width", [390, 1280])
def test_lesson_02_shows_its_demo_only_after_the_prediction(browser, learner_voila, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    try:
        page.goto(
            learner_voila.url("voila/render/notebooks/02_doms_timeline.ipynb"), wait_until="load", timeout=180_000
        )
        box = page.locator(".calfkit-predict-02_untrained_peak_hour")
        box.wait_for(state="visible", timeout=180_000)
        page.locator(".calfkit-predict-02_repeated_bout").wait_for(state="visible", timeout=60_000)
        text = page.locator("body").inner_text()
        assert "Model answer" not in text and "Shown without a prediction" not in text
        assert box.locator(".calfkit-predict-reveal").inner_text().strip() == ""
        assert page.locator(".calfkit-explorer").count() == 0 and page.locator(".js-plotly-plot").count() == 0, (
            "the DOMS demo is on the page before the learner predicted"
        )

        answer = box.get_by_label("Your prediction (h)")
        answer.fill("30")
        answer.press("Enter")
        reveal = box.locator(".calfkit-predict-reveal")
        page.wait_for_function(
            "(el) => el.innerText.includes('Model answer')", arg=reveal.element_handle(), timeout=60_000, polling=100
        )
        said = " ".join(reveal.inner_text().split())
        assert "You predicted 30 h" in said and "gives 48 h" in said and "18 h too low" in said, said
        plot = reveal.locator(".js-plotly-plot")
        plot.wait_for(state="attached", timeout=60_000)
        page.wait_for_function(
            "(gd) => Array.isArray(gd.data) && gd.data.length > 0 && gd._fullLayout",
            arg=plot.element_handle(),
            timeout=60_000,
            polling=100,
        )
        bounds = plot.bounding_box()
        assert bounds and 200 <= bounds["width"] <= width, f"figure {bounds} at viewport width {width}"
        assert bounds["x"] >= 0 and bounds["x"] + bounds["width"] <= width + 1
        other = page.locator(".calfkit-predict-02_repeated_bout .calfkit-predict-reveal").inner_text()
        assert "Model answer" not in other, "revealing one prediction opened another"
        SHOTS.mkdir(exist_ok=True)
        reveal.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"predict_02_{width}.png"))
    finally:
        context.close()
