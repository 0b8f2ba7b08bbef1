"""The glossary: sourced plain-words definitions, each term used in the lesson that introduces it."""

from __future__ import annotations

import json
import re

import pytest

from calfkit.glossary import glossary_lines, load_glossary

from .conftest import REPO

GLOSSARY = load_glossary()


def _lesson_text(number: str) -> str:
    path = next((REPO / "notebooks").glob(f"{number}_*.ipynb"))
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    prose = ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]
    printed = [
        "".join(o.get("text", "") or o.get("data", {}).get("text/plain", ""))  # printed text or a shown table
        for c in cells
        if c["cell_type"] == "code"
        for o in c.get("outputs", [])
        if "glossary_lines(" not in "".join(c["source"])
    ]
    return "\n".join(prose + printed)


@pytest.mark.parametrize("row", list(GLOSSARY.itertuples()), ids=lambda r: r.term)
def test_each_term_is_used_in_the_lesson_that_introduces_it(row) -> None:
    text = _lesson_text(row.lesson).lower()
    names = [row.term.split(" (")[0]] + re.findall(r"\(([^)]+)\)", row.term)
    assert any(re.search(rf"\b{re.escape(n.lower())}", text) for n in names), (row.term, row.lesson)


@pytest.mark.parametrize("row", list(GLOSSARY.itertuples()), ids=lambda r: r.term)
def test_each_lesson_prints_its_terms_before_the_first_section(row) -> None:
    path = next((REPO / "notebooks").glob(f"{row.lesson}_*.ipynb"))
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    shown = next(i for i, c in enumerate(cells) if f'glossary_lines("{row.lesson}")' in "".join(c["source"]))
    first_section = next(i for i, c in enumerate(cells) if "".join(c["source"]).startswith("## 1."))
    assert shown < first_section
    printed = "".join(
        o.get("text", "") if isinstance(o.get("text"), str) else "".join(o.get("text", []))
        for o in cells[shown]["outputs"]
    )
    assert f"{row.term}: {row.plain}" in printed


def test_the_jargon_the_issue_names_is_explained() -> None:
    terms = " ".join(GLOSSARY["term"])
    for word in ("HR", "IRR", "CI", "ACWR", "EWMA"):
        assert f"({word})" in terms or word in terms.split()


def test_an_unknown_lesson_has_no_terms() -> None:
    assert glossary_lines("99") == []
