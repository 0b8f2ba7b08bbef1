"""Every lesson as a Voilà app passes axe-core's serious and critical accessibility rules.

axe-core comes from the npm registry: ``make test`` installs it into the git-ignored
``.cache/npm`` (see the Makefile's ``AXE_STAMP``). Each lesson is rendered, every
widget (explorers and the quiz) is waited for, each quiz question is checked once
unanswered so its feedback markup is on the page too, and then ``axe.run()`` checks
the whole page. Any violation of impact serious or critical fails the test with its
rule id, impact, target and help text.

Violations in third-party markup the kit cannot change are listed in
:data:`THIRD_PARTY`, each with exactly the rule and the selector it excuses and why;
everything else, including every rule on those elements, is still checked.

ipywidgets 8 draws a slider's handle (noUiSlider's ``role="slider"``) without a
name; calfkit's keyboard guard names each handle inside an explorer or the quiz
after its slider's visible label, and every lesson is checked for that too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from . import servers
from .conftest import NOTEBOOKS, REPO, describe_console, lesson_names, lesson_widget_cells, unavailable
from .test_quiz_browser import quiz_cells
from .test_voila import open_voila, voila_page  # noqa: F401 - voila_page is a fixture used below

pytestmark = pytest.mark.browser

AXE_JS = REPO / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
"""Where ``make test`` puts axe-core (``npm install --prefix .cache/npm axe-core@<AXE_VERSION>``)."""
AXE_FIX = "run `make test`: it installs axe-core into .cache/npm with npm (needs npm, e.g. apt-get install -y npm)"
BLOCKING = ("serious", "critical")

THIRD_PARTY: dict[str, tuple[str, str]] = {
    # rule id -> (selector whose nodes are excused for that rule only, why)
    "link-in-text-block": (
        ".jp-RenderedMarkdown a",
        "JupyterLab's light theme, which Voila's lab template uses for Markdown cells, draws links without an "
        "underline and in --jp-content-link-color (#0d47a1, 1.86:1 against the #212121 body text). The kit's "
        "links are plain Markdown links; only a custom Voila template or theme could restyle them.",
    ),
}

JS_AXE = """
async ([blocking, excused]) => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  const out = [];
  let excusedCount = 0;
  for (const v of result.violations) {
    if (!blocking.includes(v.impact)) continue;
    for (const node of v.nodes) {
      const el = node.target.length === 1 ? document.querySelector(node.target[0]) : null;
      if (excused[v.id] && el && el.matches(excused[v.id])) { excusedCount += 1; continue; }
      out.push({id: v.id, impact: node.impact || v.impact, target: node.target.join(' >> '), help: v.help,
                url: v.helpUrl, summary: (node.failureSummary || '').replace(/\\s+/g, ' ').trim(),
                html: node.html.slice(0, 160)});
    }
  }
  return {violations: out, excused: excusedCount, passes: result.passes.length, version: axe.version};
}
"""
"""Run axe on the page; serious and critical violations not excused by :data:`THIRD_PARTY`."""


@pytest.fixture(scope="session")
def axe_script(chromium_executable: str) -> Path:  # first in each test's arguments: skip before servers start
    """axe-core's ``axe.min.js``; skips loudly (fails under ``CI=true``) when npm did not install it."""
    if not AXE_JS.is_file():
        unavailable(f"axe-core is not installed ({AXE_JS.relative_to(REPO)} is missing)", AXE_FIX)
    return AXE_JS


def wait_for_widgets(page, lesson: str) -> None:
    """Wait until every explorer and quiz of ``lesson`` has rendered, then until no view is loading."""
    cells = [index for index, _ in lesson_widget_cells(f"notebooks/{lesson}")]
    cells += [index for index, _ in quiz_cells(NOTEBOOKS / lesson)]
    for index in sorted(cells):
        servers.wait_widget(servers.voila_cell(page, index))
    problems = servers.settled_widget_problems(page, page.locator("body").element_handle())
    assert not problems, f"{lesson}: widgets did not render: {problems}\nconsole:\n{describe_console(page)}"


def show_quiz_feedback(page) -> int:
    """Press every quiz Check button once (nothing answered): the feedback regions fill in. Returns how many."""
    buttons = page.locator(".calfkit-quiz-check")
    for i in range(buttons.count()):
        buttons.nth(i).click()
    if buttons.count():
        page.wait_for_function(
            "(n) => document.querySelectorAll('.calfkit-quiz-feedback [role=alert]').length === n",
            arg=buttons.count(),
            timeout=servers.BUDGET_MS,
            polling=100,
        )
    return buttons.count()


def run_axe(page, axe_script: Path) -> dict:
    """Inject axe-core and run it on the whole page; see :data:`JS_AXE` for the result."""
    page.add_script_tag(path=str(axe_script))
    excused = {rule: selector for rule, (selector, _why) in THIRD_PARTY.items()}
    return page.evaluate(JS_AXE, [list(BLOCKING), excused])


JS_SLIDER_HANDLES = """
(root) => [...root.querySelectorAll('.noUi-handle')].map((handle) => ({
  name: handle.getAttribute('aria-label'),
  label: (handle.closest('.widget-slider')?.querySelector('.widget-label')?.textContent || '').trim(),
}))
"""
"""Every slider handle under ``root``: its ``aria-label`` (or null) and its slider's visible label."""


def unnamed_handles(page, root) -> list[dict]:
    """Slider handles under ``root`` whose ``aria-label`` is empty or not their slider's label text.

    Waits up to 15 s for the guard to name them (it names each handle when it is added to the page).
    """
    check = f"(root) => ({JS_SLIDER_HANDLES})(root).every((h) => h.label && h.name === h.label)"
    try:
        page.wait_for_function(check, arg=root, timeout=15_000, polling=200)
    except Exception:  # noqa: BLE001 - playwright TimeoutError: the handles are reported below
        pass
    return [h for h in page.evaluate(JS_SLIDER_HANDLES, root) if not h["label"] or h["name"] != h["label"]]


SCRATCH_A11Y = "scratch/a11y_broken.ipynb"
SCRATCH_A11Y_CELLS = [
    # An image without alt text (critical: image-alt), a button without a name (critical: button-name)
    # and a plain slider outside any calfkit widget, whose handle has no name (serious: aria-input-field-name).
    "import ipywidgets as w\n"
    'w.VBox([w.HTML(\'<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="20" height="20">\'),\n'
    "        w.Button(icon='check'), w.IntSlider(description='k')])",
    # A calfkit explorer drawn afterwards: the guard names its handles, and not the plain slider's.
    "from calfkit.widgets import risk_explorer\nrisk_explorer()",
]


def test_harness_reports_violations_and_the_guard_names_only_calfkit_handles(
    axe_script: Path,
    voila_page,
    voila_server,
    served_root: Path,
) -> None:
    """Negative control: markup that breaks critical rules must fail, a plain slider's unnamed handle too."""
    servers.write_notebook(served_root / SCRATCH_A11Y, SCRATCH_A11Y_CELLS, markdown_first="# Broken on purpose")
    open_voila(voila_page, voila_server, SCRATCH_A11Y)
    plain = servers.wait_widget(servers.voila_cell(voila_page, 1))
    explorer = servers.wait_widget(servers.voila_cell(voila_page, 2))
    assert not unnamed_handles(voila_page, explorer), "the guard did not name the explorer's slider handles"
    assert unnamed_handles(voila_page, plain) == [{"name": None, "label": "k"}], "the guard named a plain slider"
    result = run_axe(voila_page, axe_script)
    found = {v["id"] for v in result["violations"]}
    assert {"image-alt", "button-name", "aria-input-field-name"} <= found, result["violations"]
    flagged = [v["html"] for v in result["violations"] if v["id"] == "aria-input-field-name"]
    assert len(flagged) == 1, f"only the plain slider's handle may lack a name: {flagged}"


@pytest.mark.parametrize("a11y_lesson", lesson_names())
def test_lesson_has_no_serious_accessibility_violations(
    axe_script: Path, voila_page, voila_server, a11y_lesson: str
) -> None:
    page = voila_page
    open_voila(page, voila_server, f"notebooks/{a11y_lesson}")
    wait_for_widgets(page, a11y_lesson)
    handles = page.evaluate(f"() => ({JS_SLIDER_HANDLES})(document).length")
    unnamed = unnamed_handles(page, page.locator("body").element_handle())
    assert not unnamed, f"{a11y_lesson}: slider handles without their slider's label as aria-label: {unnamed}"
    checked = show_quiz_feedback(page)
    result = run_axe(page, axe_script)
    print(
        f"{a11y_lesson}: axe-core {result['version']}, {result['passes']} rules passed, "
        f"{result['excused']} third-party nodes excused, {checked} quiz feedback regions shown, "
        f"{handles} slider handles named"
    )
    assert result["passes"] > 0, "axe ran no rules: the script did not load"
    lines = [
        f"[{v['impact']}] {v['id']} at {v['target']}: {v['help']} ({v['url']})\n      {v['summary']}\n      {v['html']}"
        for v in result["violations"]
    ]
    assert not lines, f"{a11y_lesson} in Voila: {len(lines)} serious/critical axe violations:\n" + "\n".join(lines)
