"""Every lesson in Voilà on a phone (390 × 844 px): nothing sticks out, sliders are long enough to drag.

The lessons run on a teacher's screen (``CALFKIT_REVEAL=1``, see ``servers.jupyter_env``), so every
demo is on the page. For each lesson the test waits for every widget and figure to render, then
measures in the page:

- the page is no wider than the viewport (no sideways scrolling);
- no control (input, select, button, slider, textarea) and no figure lies outside the viewport's
  width, and none of the kit's widgets does;
- every slider track is at least 200 px long.

Full-page screenshots of lessons 01, 02 and 03 (or the lessons whose number prefixes
``CALFKIT_SHOT_LESSONS`` lists, e.g. ``00_,04_``) at 390 and 1280 px are saved in ``CALFKIT_SHOTS``
(default ``/tmp/calfkit-shots``) for a person to look at.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from .conftest import NOTEBOOKS, code_cells, describe_console

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("CALFKIT_SHOTS", "/tmp/calfkit-shots"))
PHONE = {"width": 390, "height": 844}
MIN_TRACK_PX = 200
SCREENSHOT_LESSONS = tuple(os.environ.get("CALFKIT_SHOT_LESSONS", "01_,02_,03_").split(","))

JS_RENDERED = """([predictions, demos, figures]) => {
  const text = document.body.innerText || '';
  if (text.includes('Loading widget') || !document.querySelector('.calfkit-quiz')) return false;
  if (document.querySelectorAll('.calfkit-predict').length < predictions) return false;
  if (document.querySelectorAll('.calfkit-explorer').length < demos) return false;
  const plots = [...document.querySelectorAll('.js-plotly-plot')];
  if (plots.length < figures) return false;
  return plots.every(gd => Array.isArray(gd.data) && gd.data.length > 0 && gd._fullLayout);
}"""

JS_CONTENT_HEIGHT = "() => Math.max(...[...document.querySelectorAll('*')].map(el => el.scrollHeight))"

JS_MEASURE = """(minTrack) => {
  const vw = document.documentElement.clientWidth;
  const name = (el) => (el.getAttribute('aria-label') || el.innerText || el.className || el.tagName).toString()
    .trim().slice(0, 60);
  const shown = (el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  const outside = [];
  const selector = 'input, select, button, textarea, .widget-slider, .js-plotly-plot, .calfkit-explorer, '
    + '.calfkit-quiz, .calfkit-predict, .calfkit-diagram, .calfkit-exercise';
  for (const el of document.querySelectorAll(selector)) {
    if (!shown(el) || el.closest('.calfkit-table')) continue;
    const r = el.getBoundingClientRect();
    if (r.left < -1 || r.right > vw + 1) outside.push(`${el.tagName.toLowerCase()} '${name(el)}' spans ${Math.round(r.left)}..${Math.round(r.right)} px`);
  }
  const short = [];
  for (const track of document.querySelectorAll('.widget-hslider .slider-container, .widget-hslider .noUi-target')) {
    if (!shown(track) || !track.matches('.slider-container')) continue;
    const w = track.getBoundingClientRect().width;
    const label = track.closest('.widget-hslider').querySelector('.widget-label');
    if (w < minTrack) short.push(`'${label ? label.innerText.trim() : '?'}' track ${Math.round(w)} px`);
  }
  return {viewport: vw, pageWidth: document.documentElement.scrollWidth, outside, short,
          sliders: document.querySelectorAll('.widget-hslider').length,
          figures: document.querySelectorAll('.js-plotly-plot').length};
}"""


def expected_widgets(lesson: str) -> tuple[int, int, int]:
    """How many prediction boxes, demos (explorers, checkers, simulators) and figures (one per explorer, two per
    simulator) the lesson builds."""
    source = "\n".join(src for _, src in code_cells(NOTEBOOKS.parent / lesson))
    return (
        len(re.findall(r"\bpredict\(", source)),
        len(re.findall(r"\b\w+_(?:explorer|checker|simulator)\(", source)),
        len(re.findall(r"\b\w+_explorer\(", source)) + 2 * len(re.findall(r"\b\w+_simulator\(", source)),
    )


def test_lesson_fits_a_phone_in_voila(browser, voila_server, lesson: str) -> None:
    predictions, demos, figures = expected_widgets(lesson)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=1)
    page = context.new_page()
    try:
        page.goto(voila_server.url(f"voila/render/{lesson}"), wait_until="load", timeout=180_000)
        page.wait_for_selector(".jp-Cell", state="attached", timeout=180_000)
        page.wait_for_function(JS_RENDERED, arg=[predictions, demos, figures], timeout=180_000, polling=250)
        found = page.evaluate(JS_MEASURE, MIN_TRACK_PX)
        print(json.dumps({"lesson": lesson, **found}, indent=1))
        assert page.locator(".calfkit-predict-reveal .calfkit-explorer").count() >= demos, (
            f"{lesson}: not every demo is on the teacher's screen (CALFKIT_REVEAL=1)"
        )
        assert found["pageWidth"] <= found["viewport"] + 1, (
            f"{lesson}: the page is {found['pageWidth']} px wide in a {found['viewport']} px viewport"
        )
        assert not found["outside"], f"{lesson}: outside the viewport:\n" + "\n".join(found["outside"])
        assert not found["short"], f"{lesson}: slider tracks under {MIN_TRACK_PX} px:\n" + "\n".join(found["short"])
        assert "Error displaying widget" not in page.locator("body").inner_text(), describe_console(page)
        stem = Path(lesson).stem
        if stem.startswith(SCREENSHOT_LESSONS):
            SHOTS.mkdir(parents=True, exist_ok=True)
            for width in (390, 1280):
                page.set_viewport_size({"width": width, "height": PHONE["height"]})
                page.wait_for_function(JS_RENDERED, arg=[predictions, demos, figures], timeout=60_000, polling=250)
                # Voila scrolls an inner box, not the document: grow the viewport to the content's height.
                tall = page.evaluate(JS_CONTENT_HEIGHT)
                page.set_viewport_size({"width": width, "height": min(tall, 20_000)})
                page.screenshot(path=str(SHOTS / f"{stem[:2]}_{width}.png"), full_page=True)
    finally:
        context.close()
