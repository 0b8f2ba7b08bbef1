"""Build the static website from whatever the lessons hold now.

``python -m calfkit.site [--out build/site] [--hub URL] [--repo URL] [--branch main]``

Every ``notebooks/NN_*.ipynb`` is executed in a fresh kernel (nbclient) after
:func:`calfkit.site.static.install`, so its explorers, figures and quizzes come out as
static HTML that works in the page. Pages are written with the Jinja template
``assets/page.html``; plotly.js is copied from the installed plotly package and the
site's own scripts and styles from ``assets/``. The teacher's pack
(:mod:`calfkit.pack`) and the teacher guide join the site. The build is offline:
nothing is fetched, and no page asks another machine for anything.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

__all__ = ["SiteConfig", "Page", "build_site", "render_notebook", "launch_links", "SIMULATOR_CANDIDATES", "main"]

ROOT = Path(__file__).resolve().parents[2]
ASSETS = Path(__file__).resolve().parent / "assets"
SCRIPTS = ("site.js", "explorer.js", "quiz.js", "predict.js")
"""The site's own scripts, loaded by every page after plotly.js."""
SIMULATOR_CANDIDATES = ("run_simulator", "simulator_explorer", "risk_explorer")
"""Factories of :mod:`calfkit.widgets` tried in order for the simulator page: the first that exists is used."""
SIMULATOR_LIMITS = {"budget": 20000, "seconds": 40.0, "max_bytes": 3_000_000}
"""Grid limits of the simulator page (combinations, build seconds, bytes of JSON)."""
SIMULATOR_OPTIONS: dict[str, dict[str, Any]] = {
    "run_simulator": {
        "initial": {
            "usual_week_km": 40.0,
            "planned_week_km": 40.0,
            "longest_30d_km": 14.0,
            "planned_long_run_km": 14.0,
            "warmup_type": "dynamic",
        },
        "offer": ("planned_long_run_km", "drink_l", "warmup_min"),
        "limits": {"budget": 3000, "seconds": 20.0, "max_bytes": 1_500_000},
    },
}
"""Per simulator: its start values, the controls the static page offers (its grid of precomputed
views must stay small: distance, hydration and warm-up minutes; the others keep their start values:
a 40 km week, a dynamic warm-up) and its grid limits."""
PRINT_BUTTON = '<p class="ck-print-line"><button type="button" class="ck-print">Print this page</button></p>'
"""Top of every teacher's pack page on the site (``assets/site.js`` makes it print)."""
HOOK = "import calfkit.site.static as _calfkit_site\n_calfkit_site.install()\ndel _calfkit_site"
_MARKER = re.compile(r"^\s*#\s*NBVAL_\w+\s*\n?", re.M)
_LESSON_LINK = re.compile(r'href="(\d{2}_[A-Za-z0-9_]+)\.ipynb(#[^"]*)?"')


@dataclass(frozen=True)
class SiteConfig:
    """Where the launch buttons point.

    Attributes
    ----------
    repo : str
        Public git repository of the kit (Binder and nbgitpuller clone it).
    branch : str
    hub : str
        Default JupyterHub address for the nbgitpuller link ("" = the teacher sets it on the page).
    """

    repo: str = "https://github.com/calfkit/calfkit"
    branch: str = "main"
    hub: str = ""

    def __post_init__(self) -> None:
        if not re.match(r"^https://[^\s/]+/\S+$", self.repo):
            raise ValueError(f"repo={self.repo!r} must be an https:// address of a git repository")
        if not re.match(r"^[\w.\-/]+$", self.branch):
            raise ValueError(f"branch={self.branch!r} must be a git branch name")
        if self.hub and not re.match(r"^https?://[^\s/]+", self.hub):
            raise ValueError(f"hub={self.hub!r} must be an http(s):// address or empty")


@dataclass(frozen=True)
class Page:
    """One page of the site.

    Attributes
    ----------
    path : str
        File name relative to the site root, e.g. ``"02_doms_timeline.html"``.
    title : str
    body : str
        HTML inside ``<main>``.
    notebook : str
        Notebook the launch buttons open, relative to the repository (e.g. ``notebooks/02_doms_timeline.ipynb``).
    """

    path: str
    title: str
    body: str
    notebook: str = "notebooks/00_start_here.ipynb"


def launch_links(config: SiteConfig, notebook: str) -> dict[str, str]:
    """Binder JupyterLab, Binder Voilà and the nbgitpuller path for one notebook.

    Returns
    -------
    dict
        ``binder_lab`` and ``binder_voila`` (full addresses) and ``gitpuller`` (the part after the
        hub's address: ``/hub/user-redirect/git-pull?...``; the page adds the hub the teacher set).
    """
    match = re.match(r"^https://github\.com/([^/]+)/([^/]+?)(?:\.git)?/?$", config.repo)
    binder = (
        f"https://mybinder.org/v2/gh/{match.group(1)}/{match.group(2)}/{config.branch}"
        if match
        else f"https://mybinder.org/v2/git/{quote(config.repo, safe='')}/{config.branch}"
    )
    folder = config.repo.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    return {
        "binder_lab": f"{binder}?labpath={quote(notebook, safe='')}",
        "binder_voila": f"{binder}?urlpath={quote('voila/render/' + notebook, safe='')}",
        "gitpuller": (
            f"/hub/user-redirect/git-pull?repo={quote(config.repo, safe='')}&branch={quote(config.branch)}"
            f"&urlpath={quote('lab/tree/' + folder + '/' + notebook, safe='')}"
        ),
    }


# ---------------------------------------------------------------- notebooks


def _source(cell: Any) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def execute(path: Path, timeout: int = 600) -> Any:
    """Run a lesson in a fresh kernel with the static display hook; return the executed notebook.

    Raises
    ------
    RuntimeError
        If a cell raises (the message names the lesson and the error).
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    notebook = nbformat.read(path, as_version=4)
    notebook.cells.insert(0, nbformat.v4.new_code_cell(HOOK))
    client = NotebookClient(
        notebook, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    try:
        client.execute()
    except CellExecutionError as exc:
        raise RuntimeError(f"{path.name}: a cell failed while building the site:\n{exc}") from None
    notebook.cells.pop(0)
    return notebook


def _markdown(text: str) -> str:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    out = markdown2html_mistune(text)
    return _LESSON_LINK.sub(lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"', out)


def _code(text: str) -> str:
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer

    shown = _MARKER.sub("", text).strip("\n")
    if not shown:
        return ""
    return (
        f'<div class="ck-code" role="region" aria-label="Python code" tabindex="0">'
        f'<pre class="highlight"><code>{highlight(shown, PythonLexer(), HtmlFormatter(nowrap=True))}</code></pre></div>'
    )


def _output(output: Any, where: str) -> str:
    kind = output.get("output_type")
    if kind == "stream":
        text = output.get("text", "")
        text = "".join(text) if isinstance(text, list) else text
        return f'<pre class="ck-output" tabindex="0">{html.escape(text)}</pre>'
    if kind == "error":
        raise RuntimeError(f"{where}: {output.get('ename')}: {output.get('evalue')}")
    data = output.get("data", {})
    if "text/html" in data:
        value = data["text/html"]
        return f'<div class="ck-output-html">{"".join(value) if isinstance(value, list) else value}</div>'
    if "image/png" in data:
        alt = html.escape(str(data.get("text/plain", "Figure")))
        return f'<img class="ck-image" alt="{alt}" src="data:image/png;base64,{data["image/png"]}">'
    if "text/plain" in data:
        value = data["text/plain"]
        return f'<pre class="ck-output" tabindex="0">{html.escape("".join(value) if isinstance(value, list) else value)}</pre>'
    return ""


def render_notebook(notebook: Any, name: str) -> str:
    """The body of a lesson page: markdown as HTML, code highlighted, outputs as the kernel displayed them.

    Raises
    ------
    RuntimeError
        If an output is an error (naming the lesson and the cell).
    """
    parts = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            parts.append(f'<div class="ck-markdown">{_markdown(_source(cell))}</div>')
        elif cell.cell_type == "code":
            outputs = "".join(_output(o, f"{name}, cell {index}") for o in cell.get("outputs", []))
            parts.append(f'<div class="ck-cell">{_code(_source(cell))}{outputs}</div>')
    return "\n".join(parts)


# ---------------------------------------------------------------- pages


def _lesson_pages(notebooks: Path, log: Any) -> list[tuple[Page, dict[str, Any]]]:
    pages = []
    for path in sorted(notebooks.glob("[0-9][0-9]_*.ipynb")):
        log(f"executing {path.name}")
        notebook = execute(path)
        meta = notebook.metadata.get("calfkit", {})
        title = meta.get("title") or path.stem
        body = render_notebook(notebook, path.name)
        pages.append((Page(f"{path.stem}.html", title, body, f"notebooks/{path.name}"), dict(meta)))
    return pages


def _simulator_page(log: Any) -> Page:
    from .. import widgets
    from .static import explorer_html

    name = next(n for n in SIMULATOR_CANDIDATES if n in widgets.__all__)
    log(f"computing the simulator ({name}) ahead")
    options = SIMULATOR_OPTIONS.get(name, {})
    explorer = getattr(widgets, name)(
        **options.get("initial", {}), **({"offer": options["offer"]} if "offer" in options else {})
    )
    lesson = "notebooks/03_training_load_and_risk.ipynb"
    body = (
        "<h1>Run simulator</h1>"
        "<p>Move the controls and watch the modelled result change. Every result on this page was worked "
        "out in advance when the site was built, so it needs no Python and no internet. Predict first: "
        "before you move a control, say which way you think the figure will go.</p>"
        f"{explorer_html(explorer, options.get('limits', SIMULATOR_LIMITS))}"
        f'<p>The same model, with finer steps, is in the live lesson: <a href="{Path(lesson).stem}.html">'
        "Training load and risk</a>.</p>"
    )
    return Page("simulator.html", "Run simulator", body, lesson)


def _index_page(lessons: list[tuple[Page, dict[str, Any]]], pack_pages: list[Page]) -> Page:
    rows = []
    for page, meta in lessons:
        objectives = "".join(f"<li>{html.escape(o)}</li>" for o in meta.get("objectives", []))
        rows.append(
            f'<tr><th scope="row">{int(meta.get("lesson", 0)):02d}</th>'
            f'<td><a href="{page.path}">{html.escape(page.title)}</a><ul>{objectives}</ul></td>'
            f"<td>{meta.get('time_minutes', '')}</td></tr>"
        )
    total = sum(int(meta.get("time_minutes", 0)) for _, meta in lessons)
    pack = "".join(f'<li><a href="{p.path}">{html.escape(p.title)}</a></li>' for p in pack_pages)
    body = (
        "<h1>calfkit: why do runners' calves get sore?</h1>"
        "<p>An open, interactive teaching kit about calf soreness in runners: causes, nutrients, the timeline of "
        "delayed onset muscle soreness (DOMS), training load, hydration, warm-up, and when soreness is a warning "
        "sign. Every fact has a source.</p>"
        '<p class="ck-note" role="note"><strong>Educational model, not medical advice.</strong> The kit teaches '
        "how calf soreness works on average; it cannot diagnose anyone.</p>"
        "<h2>Lessons</h2>"
        '<div class="ck-table" role="region" aria-label="Lessons" tabindex="0"><table><caption>The lessons, '
        'what each teaches and how long it takes</caption><thead><tr><th scope="col">#</th>'
        '<th scope="col">Lesson and objectives</th><th scope="col">Minutes</th></tr></thead><tbody>'
        f"{''.join(rows)}</tbody></table></div><p>All lessons: {total} minutes.</p>"
        '<h2>Run simulator</h2><p><a href="simulator.html">Move the training, hydration and warm-up controls</a> '
        "and see the modelled result change, right here in the page.</p>"
        f"<h2>For teachers</h2><ul>{pack}</ul>"
        "<h2>Using this site with no Jupyter server</h2>"
        "<p>Every page works in a web browser on its own: the figures zoom and show values on hover, the quizzes "
        "check answers, and the simulator and most demos respond to their controls, all without Python or "
        "internet once the page has loaded. A school can put this folder on any web server or shared drive, or "
        "open <code>index.html</code> from a USB stick. To write and run code, use a launch button: Binder "
        "(free, no account), or your school's JupyterHub (set its address once with the JupyterHub box).</p>"
    )
    return Page("index.html", "calfkit", body)


def _guide_page() -> Page | None:
    guide = ROOT / "docs" / "teacher_guide.html"
    if not guide.exists():
        return None
    match = re.search(r"<main>(.*)</main>", guide.read_text(encoding="utf-8"), re.S)
    return Page("pack/teacher_guide.html", "Teacher guide", match.group(1) if match else "") if match else None


def _render(page: Page, pages: list[Page], config: SiteConfig, template: Any) -> str:
    depth = page.path.count("/")
    root = "../" * depth
    nav = [(p.path, p.title) for p in pages]
    return template.render(
        page=page,
        root=root,
        nav=nav,
        links=launch_links(config, page.notebook),
        config=config,
        scripts=SCRIPTS,
        current=page.path,
    )


def build_site(
    out: str | Path, config: SiteConfig | None = None, *, notebooks: str | Path | None = None, log: Any = print
) -> list[Path]:
    """Build the whole site into ``out`` (emptied first).

    Parameters
    ----------
    out : str or pathlib.Path
        Output folder, e.g. ``build/site``.
    config : SiteConfig, optional
        Launch-button targets.
    notebooks : str or pathlib.Path, optional
        Lesson folder (default: the repository's ``notebooks/``).
    log : callable
        Called with one line per step.

    Returns
    -------
    list of pathlib.Path
        The HTML pages written.

    Raises
    ------
    ValueError
        If ``notebooks`` holds no lesson.
    RuntimeError
        If a lesson's cell fails.
    """
    import jinja2
    import plotly

    from ..pack import build_pack

    config = config or SiteConfig()
    out = Path(out)
    folder = Path(notebooks) if notebooks is not None else ROOT / "notebooks"
    if not list(folder.glob("[0-9][0-9]_*.ipynb")):
        raise ValueError(f"notebooks={str(folder)!r} holds no lesson notebooks (NN_name.ipynb)")
    lessons = _lesson_pages(folder, log)
    stems = {f"{int(meta.get('lesson', -1)):02d}": page.notebook for page, meta in lessons}
    pack_pages = [
        Page(
            f"pack/{name}",
            title,
            PRINT_BUTTON + body,
            stems.get(name.split("-")[-1].removesuffix(".html"), Page.notebook),
        )
        for name, (title, body) in build_pack(folder, ROOT / "data").items()
    ]
    guide = _guide_page()
    if guide is not None:
        pack_pages.append(guide)
    pages = [_index_page(lessons, pack_pages), *(p for p, _ in lessons), _simulator_page(log), *pack_pages]

    if out.exists():
        shutil.rmtree(out)
    static = out / "_static"
    static.mkdir(parents=True)
    shutil.copy2(Path(plotly.__file__).parent / "package_data" / "plotly.min.js", static / "plotly.min.js")
    for asset in ASSETS.iterdir():
        if asset.suffix in (".js", ".css"):
            shutil.copy2(asset, static / asset.name)
    from pygments.formatters import HtmlFormatter

    (static / "pygments.css").write_text(HtmlFormatter(style="default").get_style_defs(".highlight"), encoding="utf-8")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ASSETS), autoescape=jinja2.select_autoescape(["html"]))
    template = env.get_template("page.html")
    written = []
    for page in pages:
        target = out / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_render(page, pages, config, template), encoding="utf-8", newline="\n")
        written.append(target)
    (out / ".nojekyll").write_text("", encoding="utf-8")
    log(f"wrote {len(written)} pages to {out}")
    return written


def main(argv: list[str] | None = None) -> None:
    """Command line: ``python -m calfkit.site``."""
    parser = argparse.ArgumentParser(prog="python -m calfkit.site", description="Build the calfkit website.")
    parser.add_argument("--out", default=str(ROOT / "build" / "site"), help="output folder (emptied first)")
    parser.add_argument("--repo", default=SiteConfig.repo, help="git repository the launch buttons open")
    parser.add_argument("--branch", default=SiteConfig.branch)
    parser.add_argument("--hub", default="", help="default JupyterHub address for the nbgitpuller button")
    args = parser.parse_args(argv)
    build_site(args.out, SiteConfig(repo=args.repo, branch=args.branch, hub=args.hub))


if __name__ == "__main__":
    main()
