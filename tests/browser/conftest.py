"""Real-browser tests: JupyterLab and Voilà driven by Python Playwright and Debian's chromium.

The servers and the browser are started once per session on free loopback ports and
stopped at the end. They serve a *copy* of ``notebooks/`` (so running cells can never
write outputs into a lesson) next to ``scratch/``, a few throwaway notebooks that prove
the harness itself: a plain ipywidgets slider + plotly FigureWidget, and a notebook
that raises (the error checks must catch it).

Without chromium (or Playwright) the tests skip with a loud reason; under ``CI=true``
they fail instead, so CI can never pass by skipping them.

Lessons and the widget factories they call are discovered when the tests are
collected, so a new lesson or a new widget is covered without editing the tests.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import sys
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest

from . import servers

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
IN_CI = os.environ.get("CI", "").lower() == "true"

# Widget factories of calfkit.widgets the lessons are expected to call; any other name a
# lesson imports from calfkit.widgets is picked up too (see widget_calls).
KNOWN_FACTORIES = (
    "risk_explorer",
    "doms_explorer",
    "load_explorer",
    "causes_explorer",
    "red_flag_checker",
    "run_simulator",
)


# --------------------------------------------------------------------------- lessons
def lesson_names() -> list[str]:
    """File names of the lessons, sorted (new lessons are picked up automatically)."""
    return sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))


def code_cells(path: Path) -> list[tuple[int, str]]:
    """(cell index, source) of every code cell, read with json (nbformat is slow to import)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for index, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") == "code":
            source = cell.get("source", "")
            out.append((index, "".join(source) if isinstance(source, list) else source))
    return out


def _parse(source: str) -> ast.AST | None:
    # IPython magics and shell escapes are not Python; blank them before parsing.
    cleaned = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())
    try:
        return ast.parse(cleaned)
    except SyntaxError:
        return None


FACTORY_NAME = re.compile(r"(_explorer|_checker|_simulator|Explorer|Checker|Simulator)$")
"""Names in calfkit.widgets that build a widget (helpers such as match_red_flags do not)."""


def widget_calls(path: Path) -> list[tuple[int, str]]:
    """(cell index, factory) for every call of a calfkit.widgets factory in a notebook.

    Recognises ``from calfkit.widgets import X [as Y]`` then ``Y(...)``,
    ``import calfkit [as ck]`` then ``ck.widgets.X(...)``, ``from calfkit import widgets
    [as w]`` then ``w.X(...)``, and bare calls of :data:`KNOWN_FACTORIES`; X must look like
    a factory (:data:`FACTORY_NAME`). A cell is listed once, with its first factory.
    """
    imported: dict[str, str] = {name: name for name in KNOWN_FACTORIES}  # local name -> factory
    packages: set[str] = set()  # local names of calfkit
    modules: set[str] = set()  # local names of calfkit.widgets
    calls: list[tuple[int, str]] = []
    for index, source in code_cells(path):
        tree = _parse(source)
        if tree is None:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "calfkit.widgets":
                imported.update({a.asname or a.name: a.name for a in node.names if FACTORY_NAME.search(a.name)})
            elif isinstance(node, ast.ImportFrom) and node.module == "calfkit":
                modules.update(a.asname or a.name for a in node.names if a.name == "widgets")
            elif isinstance(node, ast.Import):
                for a in node.names:
                    if a.name == "calfkit":
                        packages.add(a.asname or "calfkit")
                    elif a.name == "calfkit.widgets":
                        if a.asname:
                            modules.add(a.asname)
                        else:
                            packages.add("calfkit")
        found: str | None = None
        for node in ast.walk(tree):
            if found or not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Name) and func.id in imported:
                found = imported[func.id]
            elif isinstance(func, ast.Attribute) and FACTORY_NAME.search(func.attr):
                owner = func.value
                if isinstance(owner, ast.Name) and owner.id in modules:
                    found = func.attr
                elif (
                    isinstance(owner, ast.Attribute)
                    and owner.attr == "widgets"
                    and isinstance(owner.value, ast.Name)
                    and owner.value.id in packages
                ):
                    found = func.attr
        if found:
            calls.append((index, found))
    return calls


@dataclass(frozen=True)
class WidgetCase:
    """One widget factory, in the first notebook that calls it."""

    factory: str
    notebook: str  # path relative to the served root, e.g. "notebooks/03_x.ipynb"
    cell: int  # index of the calling cell among all the notebook's cells

    @property
    def id(self) -> str:
        return self.factory


SCRATCH_DEMO = "scratch/widget_demo.ipynb"
SCRATCH_BROKEN = "scratch/broken.ipynb"
SCRATCH_DEMO_CELLS = [
    # cell 1 (after a markdown cell): the widget; cell 2: plain output.
    "import ipywidgets as w\nimport plotly.graph_objects as go\n"
    "BASE = [1.0, 2.0, 4.0]\n"
    "fig = go.FigureWidget(data=[go.Scatter(y=BASE, name='k × base')],\n"
    "                      layout=dict(title='demo', height=300))\n"
    "k = w.IntSlider(value=1, min=0, max=10, description='k')\n"
    "def update(change):\n"
    "    with fig.batch_update():\n"
    "        fig.data[0].y = [change['new'] * b for b in BASE]\n"
    "k.observe(update, 'value')\n"
    "demo = w.VBox([k, fig])\ndemo",
    "print('demo ready')",
]
SCRATCH_DEMO_CASE = WidgetCase("scratch_demo", SCRATCH_DEMO, 1)


def widget_cases() -> list[WidgetCase]:
    """One case per widget factory (first lesson calling it), plus the scratch demo."""
    seen: dict[str, WidgetCase] = {}
    for name in lesson_names():
        for cell, factory in widget_calls(NOTEBOOKS / name):
            seen.setdefault(factory, WidgetCase(factory, f"notebooks/{name}", cell))
    return [SCRATCH_DEMO_CASE, *sorted(seen.values(), key=lambda c: c.factory)]


def lesson_widget_cells(notebook: str) -> list[tuple[int, str]]:
    """Widget-calling cells of a served notebook path ("notebooks/x.ipynb" or scratch)."""
    if notebook == SCRATCH_DEMO:
        return [(1, "scratch_demo")]
    if notebook.startswith("notebooks/"):
        return widget_calls(NOTEBOOKS / notebook.removeprefix("notebooks/"))
    return []


# --------------------------------------------------------------------------- pytest hooks
def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "browser: real-browser test (JupyterLab / Voila in Debian chromium through Playwright); "
        "deselect with -m 'not browser'",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "lesson" in metafunc.fixturenames:
        names = lesson_names()
        metafunc.parametrize("lesson", [f"notebooks/{n}" for n in names], ids=names)
    if "widget_case" in metafunc.fixturenames:
        cases = widget_cases()
        metafunc.parametrize("widget_case", cases, ids=[c.id for c in cases])


# --------------------------------------------------------------------------- fixtures
CHROMIUM_FIX = "install Debian's chromium (apt-get install -y chromium)"
_NOT_RUN: list[tuple[str, str]] = []  # (why, fix) for browser tests that could not run (terminal summary)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # noqa: ANN001
    if _NOT_RUN:
        terminalreporter.write_sep("!", "BROWSER TESTS DID NOT RUN", red=True, bold=True)
        for reason, fix in _NOT_RUN:
            terminalreporter.write_line(
                f"{reason}. " + ("CI=true: they count as failures." if IN_CI else f"They were skipped; {fix}."),
                red=True,
                bold=True,
            )


def unavailable(reason: str, fix: str = CHROMIUM_FIX) -> None:
    """Skip loudly (fail under ``CI=true``) because something a browser test needs is missing.

    Parameters
    ----------
    reason : str
        What is missing, e.g. "chromium is not on PATH".
    fix : str
        How to install it, shown in the skip reason, on stderr and in the terminal summary.
    """
    banner = "\n" + "!" * 78 + f"\n!! BROWSER TESTS NOT RUN: {reason}\n" + "!" * 78
    if (reason, fix) not in _NOT_RUN:
        _NOT_RUN.append((reason, fix))
    if IN_CI:
        pytest.fail(f"CI=true and {reason}; {fix}.")
    # Loud locally: a warning in the summary, the reason on every skipped test, and stderr.
    warnings.warn(f"browser tests skipped: {reason}", stacklevel=2)
    print(banner, file=sys.stderr)
    pytest.skip(f"BROWSER TESTS SKIPPED: {reason} ({fix})")


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """Path of Debian's chromium; skips loudly (or fails under CI=true) when missing."""
    path = servers.chromium_path()
    if path is None:
        unavailable("chromium is not on PATH")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:  # pragma: no cover - playwright is a test dependency
        unavailable(f"Python Playwright is not importable ({exc})")
    return path


@pytest.fixture(scope="session")
def browser(chromium_executable: str):
    """One headless chromium for the session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = servers.launch_chromium(pw, chromium_executable)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def served_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temporary root holding a copy of notebooks/ and the scratch notebooks."""
    root = tmp_path_factory.mktemp("served")
    shutil.copytree(NOTEBOOKS, root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    servers.write_notebook(root / SCRATCH_DEMO, SCRATCH_DEMO_CELLS, markdown_first="# Harness demo")
    servers.write_notebook(
        root / SCRATCH_BROKEN,
        ["print('fine')", "import sys\nprint('a warning', file=sys.stderr)", "1 / 0", "print('never')"],
        markdown_first="# A notebook that must fail the checks",
    )
    return root


@pytest.fixture(scope="session")
def lab_server(chromium_executable: str, served_root: Path, tmp_path_factory: pytest.TempPathFactory):
    """``jupyter lab`` on a free loopback port; terminated (with its kernels) at the end."""
    server = servers.start_lab(served_root, tmp_path_factory.mktemp("lab-state"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def voila_server(chromium_executable: str, served_root: Path, tmp_path_factory: pytest.TempPathFactory):
    """``voila`` on a free loopback port; terminated (with its kernels) at the end."""
    server = servers.start_voila(served_root, tmp_path_factory.mktemp("voila-state"))
    yield server
    server.stop()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if report.when == "call":
        item.browser_call_failed = report.failed  # type: ignore[attr-defined]
    return report


@pytest.fixture
def page(browser, request: pytest.FixtureRequest):
    """A fresh browser context and page; console errors are kept for failure messages.

    On failure a full-page screenshot is saved and its path printed (see the captured output).
    """
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    context.set_default_timeout(servers.BUDGET_MS)
    pg = context.new_page()
    pg.console_errors = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda exc: pg.console_errors.append(f"pageerror: {exc}"))
    pg.on("console", lambda msg: pg.console_errors.append(msg.text) if msg.type == "error" else None)
    yield pg
    try:
        if getattr(request.node, "browser_call_failed", False) and not pg.is_closed():
            # Not under pytest's basetemp: concurrent pytest runs rotate those directories away.
            shot = Path(tempfile.mkdtemp(prefix="calfkit-browser-failure-")) / f"{request.node.name[:80]}.png"
            pg.screenshot(path=str(shot), full_page=True, timeout=10_000)
            print(f"\nscreenshot of the failing page: {shot}", file=sys.stderr)
    except Exception as exc:  # noqa: BLE001 - a screenshot must not hide the real failure
        print(f"\n(no screenshot: {exc})", file=sys.stderr)
    finally:
        if not pg.is_closed():
            pg.close(run_before_unload=False)
        context.close()


def describe_console(pg) -> str:
    errors = [e for e in getattr(pg, "console_errors", []) if "ERR_NAME_NOT_RESOLVED" not in e]
    return "\n".join(errors[-15:]) or "(none)"
