"""Predict, then reveal: the Think! prompts as data, the widget, and the lessons that use them.

The lesson test reads every notebook: each ``### Think!`` heading is followed by a
``predict(...)`` cell before any cell that shows output, a demo shown after a Think! is
passed to ``predict(..., reveal=...)`` rather than displayed on its own, and no stored
output between a prompt and its prediction box gives the answer away.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from calfkit.quiz.think import load_prompts, model_value, think_dir

from .conftest import DATA, REPO

NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
PROMPTS = {nb.stem: load_prompts(nb.stem) for nb in NOTEBOOKS}
ALL = [p for items in PROMPTS.values() for p in items]


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    return "".join(cell["source"])


def _predict_calls(source: str) -> list[tuple[str, bool]]:
    """(prompt id, has reveal=) of every ``predict("...")`` call in a code cell."""
    calls = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "predict":
            calls.append((node.args[0].value, any(k.arg == "reveal" for k in node.keywords)))
    return calls


# ------------------------------------------------------------------ the prompt files


def test_prompt_files_are_shipped_with_the_data() -> None:
    assert think_dir().resolve() == (DATA / "think").resolve()
    assert sorted(p.stem for p in (DATA / "think").glob("*.json")) == [nb.stem for nb in NOTEBOOKS]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_lesson_has_prompts_each_shown_once_in_lesson_order(notebook: Path) -> None:
    ids = [p.id for p in PROMPTS[notebook.stem]]
    assert ids, f"{notebook.name}: no data/think/{notebook.stem}.json"
    shown = [
        pid for cell in _cells(notebook) if cell["cell_type"] == "code" for pid, _ in _predict_calls(_source(cell))
    ]
    assert shown == ids, f"{notebook.name}: predict() calls {shown} differ from data/think order {ids}"


def test_ids_are_unique_across_lessons() -> None:
    ids = [p.id for p in ALL]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("item", [p for p in ALL if p.kind == "number"], ids=lambda p: p.id)
def test_no_output_after_a_number_prompt_gives_its_answer(item) -> None:
    """The number a learner predicts is not printed under the prompt, in the rest of its section
    (lesson 04 once printed "loss 1.86 %" right under the prompt that asks for it)."""
    path = next(p for p in NOTEBOOKS if p.name[:2] == item.id[:2])
    cells = _cells(path)
    start = next(i for i, c in enumerate(cells) if f'predict("{item.id}"' in _source(c))
    end = next(
        (
            i
            for i in range(start + 1, len(cells))
            if cells[i]["cell_type"] == "markdown" and _source(cells[i]).startswith("## ")
        ),
        len(cells),
    )
    answer = f"{model_value(item):.{item.decimals}f}"
    for index in range(start, end):
        for output in cells[index].get("outputs", []):
            data = output.get("data", {})
            text = (
                "".join(output.get("text", ""))
                + "".join(data.get("text/plain", ""))
                + "".join(data.get("text/html", ""))
            )
            assert not re.search(rf"(?<![\d.]){re.escape(answer)}(?![\d])", text), (
                f"{path.name}, cell {index}: a stored output shows {answer}, the answer to {item.id}; "
                "pass it to predict(..., reveal=...) instead"
            )
