"""The built website, served by a plain static file server, in Debian's chromium.

The site is built once per session with ``python -m calfkit.site`` into a temporary folder
(about 3 minutes on 2 cores), or taken from ``CALFKIT_SITE_DIR`` if that names a site
already built from the same checkout (``make site`` writes ``build/site``). It is served by
``python -m http.server`` on a free loopback port. Every page is checked for console
errors, for requests that leave the machine (all are refused and reported), for axe-core's
serious and critical violations and for the 390 px layout; the simulator's controls must
change its figure, and a quiz answered with the keyboard must give the bank's feedback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

from . import servers
from .conftest import REPO
from .test_a11y import BLOCKING, JS_AXE

pytestmark = pytest.mark.browser

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
PHONE = {"width": 390, "height": 844}

JS_ALL_PLOTS_DRAWN = """
() => [...document.querySelectorAll('.ck-plot')].filter((p) => !p.closest('[hidden]'))
  .every((p) => p.querySelector('.main-svg') && p.data)
"""

JS_OFF_SCREEN = """
(width) => {
  // Elements that stick out to the right of the viewport, unless a scrolling box holds them.
  const scrolls = (el) => {
    for (let a = el.parentElement; a; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (['auto', 'scroll', 'hidden'].includes(s.overflowX) && a !== document.body && a !== document.documentElement) return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if ((r.right > width + 1 || r.left < -1) && !scrolls(el) && getComputedStyle(el).position !== 'absolute') {
      out.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '')
               + ' right=' + Math.round(r.right));
    }
  }
  // The lessons' phone checks (tests/browser/test_phone.py): every control and figure inside the
  // viewport's width, even inside a scrolling box, and every slider track at least 200 px long.
  const controls = [];
  for (const el of document.querySelectorAll('input, select, button, textarea, .ck-plot, .ck-explorer, .ck-quiz, .ck-predict')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || el.closest('.ck-table, .ck-output-html [role=region]')) continue;
    if (r.left < -1 || r.right > width + 1) controls.push(el.tagName.toLowerCase() + ' ' + (el.id || el.className) + ' spans ' + Math.round(r.left) + '..' + Math.round(r.right));
  }
  const short = [...document.querySelectorAll('input[type=range]')].filter((el) => {
    const r = el.getBoundingClientRect(); return r.width > 0 && r.width < 200; }).map((el) => el.id);
  return {scrollWidth: document.documentElement.scrollWidth, offScreen: out.slice(0, 10), controls: controls.slice(0, 10), short};
}
"""


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built site: ``CALFKIT_SITE_DIR`` if set, else built now with ``python -m calfkit.site``."""
    given = os.environ.get("CALFKIT_SITE_DIR")
    if given:
        folder = Path(given)
        if not (folder / "index.html").exists():
            pytest.fail(f"CALFKIT_SITE_DIR={given!r} holds no built site (index.html): run `make site`")
        return folder
    folder = tmp_path_factory.mktemp("site") / "site"
    done = subprocess.run(
        [sys.executable, "-m", "calfkit.site", "--out", str(folder)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert done.returncode == 0, f"the site build failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return folder


@pytest.fixture(scope="session")
def site_url(site_dir: Path):
    """Base address of ``python -m http.server`` serving the site on a free loopback port."""
    port = servers.free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site_dir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        import time
        import urllib.request

        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("python -m http.server did not start") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def site_pages(site_dir: Path) -> list[str]:
    return sorted(str(p.relative_to(site_dir)) for p in site_dir.rglob("*.html"))


def open_page(browser, url: str, viewport: dict | None = None, reveal: bool = True):
    """A page that refuses (and records) every request to another machine and records console errors.

    With ``reveal``, every prediction box is opened (Show without predicting), so what it hides is
    drawn and checked too.
    """
    phone = bool(viewport) and viewport["width"] < 600
    context = browser.new_context(
        viewport=viewport or {"width": 1280, "height": 1000}, is_mobile=phone, has_touch=phone
    )
    context.set_default_timeout(60_000)
    page = context.new_page()
    page.outside = []  # type: ignore[attr-defined]
    page.errors = []  # type: ignore[attr-defined]

    def route(r):
        host = urlparse(r.request.url).hostname
        if r.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            r.continue_()
        else:
            page.outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda exc: page.errors.append(f"pageerror: {exc}"))
    page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
    page.goto(url, wait_until="load")
    page.wait_for_function(JS_ALL_PLOTS_DRAWN)
    if reveal:
        for button in page.locator(".ck-anyway").all():
            button.click()
        page.wait_for_function(JS_ALL_PLOTS_DRAWN)
    return context, page


def test_site_has_every_lesson_the_simulator_and_the_pack(site_dir: Path) -> None:
    pages = set(site_pages(site_dir))
    lessons = {f"{p.stem}.html" for p in (REPO / "notebooks").glob("[0-9][0-9]_*.ipynb")}
    assert lessons and lessons <= pages, f"lesson pages missing: {sorted(lessons - pages)}"
    assert {"index.html", "simulator.html", "pack/pathways.html", "pack/misconceptions.html"} <= pages
    for stem in lessons:
        number = stem[:2]
        assert {f"pack/worksheet-{number}.html", f"pack/answers-{number}.html"} <= pages
    assert (site_dir / "_static" / "plotly.min.js").stat().st_size > 1_000_000


def test_every_page_loads_with_no_console_error_and_no_outside_request(browser, site_dir: Path, site_url: str) -> None:
    problems = []
    for name in site_pages(site_dir):
        context, page = open_page(browser, site_url + name)
        try:
            launch = page.locator(".ck-launch a")
            assert launch.count() == 3, f"{name}: {launch.count()} launch buttons"
            if page.errors or page.outside:
                problems.append(f"{name}: console errors {page.errors}, outside requests {page.outside}")
        finally:
            context.close()
    assert not problems, "\n".join(problems)


def test_every_page_has_no_serious_accessibility_violation(browser, site_dir: Path, site_url: str) -> None:
    axe = REPO / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
    if not axe.exists():
        pytest.skip("axe-core is not installed: run `make test` (it installs axe-core into .cache/npm)")
    lines = []
    for name in site_pages(site_dir):
        context, page = open_page(browser, site_url + name)
        try:
            for details in page.locator("details").all():
                details.evaluate("(d) => { d.open = true; }")
            # Feedback markup on the page too: check every question unanswered.
            for button in page.locator(".ck-check").all():
                button.click()
            page.add_script_tag(path=str(axe))
            result = page.evaluate(JS_AXE, [list(BLOCKING), {}])
            assert result["passes"] > 0, f"{name}: axe ran no rules"
            lines += [
                f"{name}: [{v['impact']}] {v['id']} at {v['target']}: {v['summary']} ({v['html']})"
                for v in result["violations"]
            ]
        finally:
            context.close()
    assert not lines, f"{len(lines)} serious/critical axe violations:\n" + "\n".join(lines)


def test_every_page_fits_a_390_px_phone(browser, site_dir: Path, site_url: str) -> None:
    problems = []
    for name in site_pages(site_dir):
        context, page = open_page(browser, site_url + name, PHONE)
        try:
            result = page.evaluate(JS_OFF_SCREEN, PHONE["width"])
            if result["scrollWidth"] > PHONE["width"] or result["offScreen"] or result["controls"] or result["short"]:
                problems.append(
                    f"{name}: page {result['scrollWidth']} px wide, off screen: {result['offScreen']}, "
                    f"controls outside: {result['controls']}, slider tracks under 200 px: {result['short']}"
                )
        finally:
            context.close()
    assert not problems, "\n".join(problems)


JS_FIGURE = "(section) => JSON.stringify(section.querySelector('.ck-plot').data)"


def test_simulator_controls_change_its_figure(browser, site_url: str) -> None:
    context, page = open_page(browser, site_url + "simulator.html", PHONE)
    try:
        section = page.locator(".ck-explorer.ck-live").first
        before = section.evaluate(JS_FIGURE)
        readout = section.locator(".ck-readout").inner_text()
        slider = section.locator("input[type=range]").first
        start = slider.input_value()
        slider.focus()
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        assert slider.input_value() != start, "the slider did not move with the arrow keys"
        page.wait_for_function(
            "([s, b]) => JSON.stringify(s.querySelector('.ck-plot').data) !== b", arg=[section.element_handle(), before]
        )
        assert section.locator(".ck-readout").inner_text() != readout, "the readout did not follow the slider"
        label = section.locator("output").first.inner_text()
        assert slider.get_attribute("aria-valuetext") == label
        select = section.locator("select")
        if select.count():
            before = section.evaluate(JS_FIGURE)
            options = select.first.locator("option").count()
            current = int(select.first.input_value())
            select.first.select_option(str((current + 1) % options))
            page.wait_for_function(
                "([s, b]) => JSON.stringify(s.querySelector('.ck-plot').data) !== b",
                arg=[section.element_handle(), before],
            )
        assert not page.errors, page.errors
    finally:
        context.close()


def _bank(stem: str) -> list[dict]:
    return json.loads((REPO / "data" / "quizzes" / f"{stem}.json").read_text(encoding="utf-8"))


def test_quiz_answered_by_keyboard_gives_the_banks_feedback(browser, site_url: str) -> None:
    stem = "02_doms_timeline"
    bank = _bank(stem)
    number = next(i for i, q in enumerate(bank) if q["type"] == "multiple_choice")
    question = bank[number]
    context, page = open_page(browser, site_url + f"{stem}.html")
    try:
        form = page.locator(f".ck-quiz form[data-question='{number}']")
        form.locator("input[type=radio]").first.focus()
        page.keyboard.press("Space")  # choose the first answer
        page.keyboard.press("ArrowDown")  # the second one (a native radio group)
        assert form.locator("input[type=radio]").nth(1).is_checked()
        page.keyboard.press("Enter")
        feedback = form.locator(".ck-feedback")
        feedback.locator("p").first.wait_for()
        chosen = question["answers"][1]
        text = feedback.inner_text()
        assert ("Correct." if chosen["correct"] else "Not quite.") in text
        assert chosen["feedback"] in text
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.classList.contains('ck-check')")
        page.keyboard.press("ArrowUp")  # focus left the radios: nothing changes
        right = next(i for i, a in enumerate(question["answers"]) if a["correct"])
        radio = form.locator("input[type=radio]").nth(right)
        radio.focus()
        page.keyboard.press("Space")
        page.keyboard.press("Enter")
        page.wait_for_function(
            "(f) => f.querySelector('.ck-feedback').innerText.includes('Correct.')", arg=form.element_handle()
        )
        assert "1 of" in page.locator(".ck-quiz .ck-score").inner_text()
        assert not page.errors, page.errors
    finally:
        context.close()


def test_prediction_hides_its_answer_and_demo_until_the_learner_commits(browser, site_url: str) -> None:
    context, page = open_page(browser, site_url + "02_doms_timeline.html", reveal=False)
    try:
        box = page.locator(".ck-predict").first
        reveal = box.locator(".ck-reveal")
        assert reveal.is_hidden()
        hidden_plots = reveal.locator(".ck-plot")
        assert all(not p.evaluate("(el) => !!el.data") for p in hidden_plots.all()), "a hidden demo was drawn"
        box.locator(".ck-commit").click()
        assert box.locator(".ck-predict-message").inner_text().strip(), "committing nothing gave no message"
        assert reveal.is_hidden()
        field = box.locator("input[type=text], textarea")
        if field.count():
            field.first.fill("40")
        else:
            box.locator("input[type=radio]").first.check()
        box.locator(".ck-commit").click()
        reveal.wait_for(state="visible")
        assert "Model answer" in reveal.inner_text()
        page.wait_for_function(JS_ALL_PLOTS_DRAWN)
        assert not page.errors, page.errors
    finally:
        context.close()
