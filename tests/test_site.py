"""The site builder's parts without a browser: views computed ahead, the page scripts' rules, launch links.

The page scripts (``calfkit/site/assets/*.js``) run here in Node (``node`` from Debian or npm's
install) with a stub ``document``: the explorer script must rebuild exactly the traces, readout
and description the explorer computes in Python, and the quiz script must grade every answer of
every bank as :func:`calfkit.quiz.grade` does.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
from itertools import product
from pathlib import Path

import pytest

from calfkit.site.build import SiteConfig, launch_links, render_notebook
from calfkit.site.precompute import coarsen, control_axis, precompute

from .conftest import REPO

ASSETS = REPO / "calfkit" / "site" / "assets"
NODE = shutil.which("node") or shutil.which("nodejs")


def _node(script: str, payload: object) -> object:
    if NODE is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("node is not installed: the site's scripts cannot be checked")
        pytest.skip("node is not installed (apt-get install -y nodejs): the site's scripts are not checked")
    program = (
        "const vm = require('vm'); const fs = require('fs');"
        "const ctx = {document: {addEventListener() {}, createElement() { return {set textContent(t) {"
        " this.innerHTML = t.replace(/&/g,'&amp;').replace(/</g,'&lt;').replace(/>/g,'&gt;'); }}; }},"
        " JSON, Number, Math, console};"
        "vm.createContext(ctx);"
        f"for (const f of {json.dumps([str(ASSETS / 'explorer.js'), str(ASSETS / 'quiz.js')])})"
        " vm.runInContext(fs.readFileSync(f, 'utf8'), ctx);"
        "const input = JSON.parse(fs.readFileSync(0, 'utf8'));"
        f"ctx.input = input; const out = vm.runInContext({json.dumps(script)}, ctx);"
        "process.stdout.write(JSON.stringify(out));"
    )
    done = subprocess.run([NODE, "-e", program], input=json.dumps(payload), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _jsonable(traces):
    from plotly.utils import PlotlyJSONEncoder

    return json.loads(json.dumps(list(traces), cls=PlotlyJSONEncoder))


def _explorers():
    from calfkit.widgets import causes_explorer, claims_explorer, doms_explorer, risk_explorer

    return {
        "risk": (risk_explorer, 400),
        "doms": (doms_explorer, 120),
        "causes": (causes_explorer, 200),
        "claims": (claims_explorer, 100),
    }


@pytest.mark.parametrize("name", ["risk", "doms", "causes", "claims"])
def test_page_script_rebuilds_every_view_the_explorer_computes(name: str) -> None:
    factory, budget = _explorers()[name]
    explorer = factory()
    pack = precompute(explorer, budget)
    assert pack is not None
    axes = coarsen(explorer.controls, budget)
    combos = list(product(*(range(len(a.values)) for a in axes)))
    picks = random.Random(7).sample(combos, min(12, len(combos)))
    expected = []
    for combo in picks:
        values = {**explorer.values(), **{a.name: a.values[i] for a, i in zip(axes, combo)}}
        explorer.values = lambda values=values: dict(values)
        view = explorer._compute()
        del explorer.values
        expected.append({"traces": _jsonable(view.traces), "readout": view.readout, "description": view.description})
    got = _node(
        "input.picks.map((at) => { const v = calfkitViewIndex(input.pack, at);"
        " return {traces: calfkitTraces(input.pack, v, at), readout: calfkitText(input.pack, input.pack.readout[v]),"
        " description: calfkitText(input.pack, input.pack.description[v])}; })",
        {"pack": pack, "picks": [list(c) for c in picks]},
    )
    assert got == expected
    assert len({json.dumps(e["traces"]) for e in expected}) > 1, "the sampled views are all the same"


def test_precompute_leaves_the_explorer_as_it_was() -> None:
    from calfkit.widgets import risk_explorer

    explorer = risk_explorer(weekly_change_pct=30)
    before = (explorer.values(), explorer.description)
    pack = precompute(explorer, 200)
    assert (explorer.values(), explorer.description) == before
    assert "values" not in vars(explorer)
    weekly = next(c for c in pack["controls"] if c["name"] == "weekly_change_pct")
    assert weekly["labels"][weekly["index"]] == "30"


def test_sliders_are_coarsened_to_fit_the_budget_and_keep_the_current_value() -> None:
    from calfkit.widgets import risk_explorer

    explorer = risk_explorer(spike_pct=35)
    axes = coarsen(explorer.controls, 500)
    assert 1 < len([a for a in axes if a.kind == "range"])
    size = 1
    for axis in axes:
        size *= len(axis.values)
        if axis.kind == "range":
            assert axis.values[0] == explorer.controls[axis.name].min
            assert axis.step >= axis.live_step
    assert size <= 500
    spike = next(a for a in axes if a.name == "spike_pct")
    assert spike.values[spike.index] == 35


def test_a_control_the_page_cannot_offer_turns_precomputing_off() -> None:
    import ipywidgets as W

    assert control_axis("file", W.FileUpload()) is None
    with pytest.raises(ValueError, match=r"step_factor=0 must be a whole number >= 1"):
        control_axis("x", W.FloatSlider(), 0)
    with pytest.raises(ValueError, match=r"budget=0 must be a whole number >= 1"):
        precompute(object(), 0)


def _bank_responses(question) -> list:
    if question.type == "multiple_choice":
        return [None, *range(len(question.answers))]
    if question.type == "many_choice":
        n = len(question.answers)
        return [[i for i in range(n) if mask >> i & 1] for mask in range(2**n)]
    values = ["", "abc", "1,5", "3/4", "12 %"]
    for a in question.answers:
        if a.kind == "value":
            values += [str(a.value), str(a.value * 1.004), str(a.value * 0.9)]
        if a.kind == "range":
            values += [str(a.range[0]), str(a.range[1]), str((a.range[0] + a.range[1]) / 2)]
    return values


def test_page_quiz_grades_every_answer_of_every_bank_as_python_does() -> None:
    from calfkit.quiz import grade, load_banks
    from calfkit.site.static import quiz_html

    cases, expected = [], []
    for stem, bank in sorted(load_banks().items()):
        page = quiz_html(stem)
        data = json.loads(page.split('class="ck-bank">', 1)[1].split("</script>", 1)[0].replace("<\\/", "</"))
        for question, spec in zip(bank.questions, data):
            for response in _bank_responses(question):
                verdict = grade(question, response)
                cases.append({"q": spec, "r": response})
                expected.append(
                    {
                        "answered": verdict.answered,
                        "correct": verdict.correct,
                        "heading": verdict.heading,
                        "details": list(verdict.details),
                    }
                )
    got = _node("input.map((c) => calfkitGrade(c.q, c.r))", cases)
    assert len(cases) > 100
    mismatched = [(c, g, e) for c, g, e in zip(cases, got, expected) if g != e]
    assert not mismatched, f"{len(mismatched)} responses graded differently, first: {mismatched[0]}"


def test_launch_links_open_the_page_notebook_on_binder_and_through_nbgitpuller() -> None:
    links = launch_links(SiteConfig(), "notebooks/02_doms_timeline.ipynb")
    assert links["binder_lab"] == (
        "https://mybinder.org/v2/gh/calfkit/calfkit/main?labpath=notebooks%2F02_doms_timeline.ipynb"
    )
    assert links["binder_voila"].endswith("?urlpath=voila%2Frender%2Fnotebooks%2F02_doms_timeline.ipynb")
    assert links["gitpuller"] == (
        "/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fcalfkit%2Fcalfkit"
        "&branch=main&urlpath=lab%2Ftree%2Fcalfkit%2Fnotebooks%2F02_doms_timeline.ipynb"
    )
    with pytest.raises(ValueError, match=r"hub='hub.example.edu' must be an http\(s\):// address or empty"):
        SiteConfig(hub="hub.example.edu")
    with pytest.raises(ValueError, match=r"repo='git@github.com:x/y' must be an https:// address"):
        SiteConfig(repo="git@github.com:x/y")


def test_lesson_links_point_at_pages_and_errors_stop_the_build() -> None:
    import nbformat

    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("See [the DOMS lesson](02_doms_timeline.ipynb#Overview)."),
            nbformat.v4.new_code_cell(
                "# NBVAL_CHECK_OUTPUT\nprint(1)", outputs=[nbformat.v4.new_output("stream", name="stdout", text="1\n")]
            ),
        ]
    )
    body = render_notebook(nb, "x.ipynb")
    assert 'href="02_doms_timeline.html#Overview"' in body
    assert "NBVAL" not in body and '<pre class="ck-output" tabindex="0">1\n</pre>' in body
    nb.cells[1].outputs = [nbformat.v4.new_output("error", ename="ValueError", evalue="boom", traceback=[])]
    with pytest.raises(RuntimeError, match=r"x.ipynb, cell 1: ValueError: boom"):
        render_notebook(nb, "x.ipynb")


def test_site_sources_are_files_not_python_strings() -> None:
    names = {p.name for p in ASSETS.iterdir()}
    assert {"page.html", "site.js", "explorer.js", "quiz.js", "site.css"} <= names
    for path in (REPO / "calfkit" / "site").glob("*.py"):
        assert "addEventListener" not in path.read_text(encoding="utf-8"), f"{path.name} holds JavaScript"


def test_make_site_builds_into_build_site() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nsite:", 1)[1].split("\n\n")[0]
    assert "-m calfkit.site --out build/site" in recipe
    assert Path(REPO / ".gitignore").read_text(encoding="utf-8").count("build/") >= 1
