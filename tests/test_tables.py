"""Lesson tables: whole, plain column names, blanks as a dash, HTML that scrolls inside its own box."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from calfkit.widgets import table

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def test_a_table_shows_every_row_with_plain_names_and_blanks() -> None:
    frame = pd.DataFrame(
        {"said_by": [f"source {i}" for i in range(30)], "peak_h": [24.0] * 29 + [float("nan")], "ok": [True] * 30}
    )
    shown = table(frame, columns={"said_by": "said by"}, caption="When DOMS peaks")
    text = repr(shown)
    assert text.splitlines()[0] == "When DOMS peaks"
    assert text.splitlines()[1].split() == ["said", "by", "peak", "h", "ok"]
    assert len(text.splitlines()) == 32 and "NaN" not in text and "24.0" not in text
    assert text.splitlines()[-1].split() == ["source", "29", "—", "yes"]
    page = shown._repr_html_()
    assert page.startswith('<div class="calfkit-table"') and "overflow-x:auto" in page
    assert page.count("<tr>") == 31 and '<th style="text-align:left">said by</th>' in page
    assert 'aria-label="When DOMS peaks"' in page


def test_html_is_escaped_and_digits_per_column() -> None:
    shown = table(pd.DataFrame({"a": ["<b>x</b>"], "b": [1.256], "c": [1.256]}), digits={"b": 2})
    assert "&lt;b&gt;x&lt;/b&gt;" in shown._repr_html_()
    assert shown.rows == (("<b>x</b>", "1.26", "1.3"),)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"frame": [1, 2]}, "frame=list"),
        ({"digits": 9}, "digits=9"),
        ({"columns": {"nope": "x"}}, "columns names \\['nope'\\]"),
        ({"digits": {"nope": 1}}, "digits names \\['nope'\\]"),
    ],
)
def test_bad_arguments_are_refused(kwargs: dict, message: str) -> None:
    args = {"frame": pd.DataFrame({"a": [1]}), **kwargs}
    with pytest.raises(ValueError, match=message):
        table(args.pop("frame"), **args)


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_no_lesson_prints_a_raw_dataframe(path: Path) -> None:
    """A printed DataFrame wraps on a phone and shows NaN and snake_case: lessons show table(...) instead."""
    for index, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
        source = "".join(cell["source"])
        if cell["cell_type"] != "code":
            continue
        exercise = "from calfkit.exercises import" in source  # the learner's own data, a short Series
        assert exercise or ".to_string(" not in source, f"{path.name}, cell {index}: prints a DataFrame; use table(...)"
        for output in cell.get("outputs", []):
            text = "".join(output.get("text", "") or output.get("data", {}).get("text/plain", ""))
            assert not re.search(r"\bNaN\b", text), f"{path.name}, cell {index}: shows NaN"
