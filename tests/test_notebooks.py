"""Lesson hygiene and structure: no stored widget state or plotly bundles, the template's sections."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from .conftest import REPO

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
MARK = "# NBVAL_CHECK_OUTPUT"
FORBIDDEN_MIME = ("application/vnd.jupyter.widget-view+json", "application/vnd.plotly.v1+json", "text/html")
# Plain kit markup, kept: a lesson table (calfkit.widgets.table) and a glossary list (calfkit.widgets.glossary).
KIT_MARKUP = ('<div class="calfkit-table"', '<ul class="calfkit-glossary"')


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def markdown(nb: dict) -> str:
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def code(nb: dict) -> str:
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")


def test_lessons_exist():
    names = [p.stem for p in NOTEBOOKS]
    assert names and names[0] == "00_start_here"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_widget_state_or_unchecked_outputs(path):
    nb = load(path)
    assert "widgets" not in nb["metadata"], "saved widget state: run scripts/refresh_outputs.py"
    assert path.stat().st_size < 150_000, "notebook too large: a plotly.js bundle or image was saved"
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        if MARK not in source:
            assert cell.get("execution_count") is None, f"cell {index} keeps an execution count"
            assert cell["outputs"] == [], f"cell {index} stores output but is not checked by nbval"
            continue
        assert cell["outputs"], f"cell {index} is checked by nbval but has no stored output"
        for output in cell["outputs"]:
            assert output["output_type"] != "error", f"cell {index} stores an error"
            for mime, value in output.get("data", {}).items():
                html = "".join(value) if mime == "text/html" else ""
                if html.startswith(KIT_MARKUP) and "<script" not in html:
                    continue
                assert mime not in FORBIDDEN_MIME, f"cell {index} stores {mime}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_follows_the_template(path):
    nb = load(path)
    text = markdown(nb)
    first = "".join(nb["cells"][0]["source"])
    assert re.match(r"# \S", first), "first cell must be the H1 title"
    assert len(re.findall(r"^# ", text, flags=re.M)) == 1, "exactly one H1"
    for heading in ("Overview", "Summary", "References"):
        assert re.search(rf"^##+ {heading}", text, flags=re.M), f"missing section {heading}"
    assert "**Prerequisites**" in text and "**Time to learn**" in text
    meta = nb["metadata"].get("calfkit", {})
    assert meta.get("time_minutes", 0) > 0 and len(meta.get("objectives", [])) >= 2
    minutes = re.search(r"\*\*Time to learn\*\*:?\s*(\d+) minutes", text)
    assert minutes and int(minutes.group(1)) == meta["time_minutes"]
    assert re.search(r"not medical advice", text, flags=re.I)
    assert "ck.references(" in code(nb), "references must be rendered from data/sources.csv"


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if not p.stem.startswith("00")], ids=lambda p: p.stem)
def test_lessons_have_demos_and_predictions(path):
    nb = load(path)
    assert "Think!" in markdown(nb)
    assert re.search(r"\b\w+_(explorer|checker|simulator)\(", code(nb)), "each lesson has an interactive demo"
    assert re.search(r"^##+ What's next", markdown(nb), flags=re.M) or path == NOTEBOOKS[-1]
