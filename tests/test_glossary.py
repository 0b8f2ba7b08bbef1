"""The glossary: sourced plain-words definitions, each term used in the lesson that introduces it."""

from __future__ import annotations

import html
import json
import re

import pytest

from calfkit.glossary import load_glossary
from calfkit.widgets import WordList, glossary

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
        if "glossary(" not in "".join(c["source"])
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
    shown = next(i for i, c in enumerate(cells) if f'glossary("{row.lesson}")' in "".join(c["source"]))
    first_section = next(i for i, c in enumerate(cells) if "".join(c["source"]).startswith("## 1."))
    assert shown < first_section
    (output,) = cells[shown]["outputs"]
    assert f"{row.term}: {row.plain}" in "".join(output["data"]["text/plain"])
    shown_html = "".join(output["data"]["text/html"])
    assert f"<strong>{html.escape(row.term)}</strong>: {html.escape(row.plain)}</li>" in shown_html


def test_the_jargon_the_issue_names_is_explained() -> None:
    terms = " ".join(GLOSSARY["term"])
    for word in ("HR", "IRR", "CI", "ACWR", "EWMA"):
        assert f"({word})" in terms or word in terms.split()


@pytest.mark.parametrize("lesson", ["99", "3", 3, "ab"])
def test_a_lesson_without_terms_or_a_bad_number_is_refused(lesson) -> None:
    with pytest.raises(ValueError, match=rf"^lesson={re.escape(repr(lesson))} "):
        glossary(lesson)


def test_the_glossary_list_escapes_html_and_its_text_is_one_line_per_term() -> None:
    words = WordList((("a<b", "x & y"), ("c", "d")))
    assert words.text() == "a<b: x & y\nc: d"
    assert (
        words._repr_html_().count("<li") == 2 and "a&lt;b" in words._repr_html_() and "x &amp; y" in words._repr_html_()
    )
    assert "a<b" not in words._repr_html_()
