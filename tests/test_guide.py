"""The teacher guide: regenerated from the lessons and banks, it must match the committed docs."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest

from calfkit.guide import build_guide, read_lesson
from calfkit.quiz import answer_key, load_banks

from .conftest import DATA, REPO

NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
DOCS = REPO / "docs"
MARKDOWN, PAGE = build_guide(REPO / "notebooks", DATA / "quizzes")
REBUILD = "docs/teacher_guide.* are out of date: run `python scripts/build_guide.py` and commit the result"


def _meta(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["metadata"]["calfkit"]


def test_committed_markdown_guide_is_up_to_date() -> None:
    assert (DOCS / "teacher_guide.md").read_text(encoding="utf-8") == MARKDOWN, REBUILD


def test_committed_html_guide_is_up_to_date() -> None:
    assert (DOCS / "teacher_guide.html").read_text(encoding="utf-8") == PAGE, REBUILD


def test_guide_is_deterministic_and_undated() -> None:
    assert build_guide(REPO / "notebooks", DATA / "quizzes") == (MARKDOWN, PAGE)
    for text in (MARKDOWN, PAGE):
        assert not re.search(r"\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}:\d{2}", text)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_guide_holds_each_lessons_objectives_time_and_model_answers(path: Path) -> None:
    meta = _meta(path)
    heading = f"Lesson {meta['lesson']:02d}: {meta['title']}"
    assert f"## {heading}" in MARKDOWN and f">{html.escape(heading, quote=False)}</h2>" in PAGE
    assert f"**Time:** {meta['time_minutes']} minutes" in MARKDOWN
    assert f"<strong>Time:</strong> {meta['time_minutes']} minutes" in PAGE
    for objective in meta["objectives"]:
        assert objective in MARKDOWN and html.escape(objective, quote=False) in PAGE
    for item in meta.get("think", []):
        for text in (item["prompt"], item["answer"]):
            assert text in MARKDOWN and html.escape(text, quote=False) in PAGE


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_guide_lists_each_lessons_demos(path: Path) -> None:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    calls = re.findall(r"\b\w+_(?:explorer|checker)\([^()]*\)", code)
    assert [d.call for d in read_lesson(path).demos] == calls
    for call in calls:
        assert f"`{call}`" in MARKDOWN and f"<code>{html.escape(call, quote=False)}</code>" in PAGE


def test_guide_holds_the_quiz_answer_key() -> None:
    stems = {p.stem for p in NOTEBOOKS}
    for stem, bank in load_banks(DATA / "quizzes").items():
        if stem not in stems:
            continue
        for question in bank.questions:
            for text in (question.text, answer_key(question)):
                assert text in MARKDOWN and html.escape(text, quote=False) in PAGE


def test_html_is_one_printable_accessible_page() -> None:
    assert PAGE.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "@media print" in PAGE and "break-before: page" in PAGE
    assert not re.search(r"<script|<link|<img|<iframe|src=|url\(|https?://", PAGE), "external asset or script"
    assert PAGE.count("<h1>") == 1 and "<title>calfkit teacher guide</title>" in PAGE
    tables = PAGE.count("<table>")
    assert tables == PAGE.count("<caption>") == PAGE.count("</thead>") >= len(NOTEBOOKS)
    assert '<th scope="col">' in PAGE and '<th scope="row">' in PAGE
    assert "not medical advice" in PAGE


def _lesson(folder: Path, name: str, meta: dict, cells: list[dict] | None = None) -> None:
    notebook = {"cells": cells or [], "metadata": {"calfkit": meta}, "nbformat": 4, "nbformat_minor": 5}
    (folder / f"{name}.ipynb").write_text(json.dumps(notebook), encoding="utf-8")


def test_lesson_without_a_bank_or_model_answers_says_so(tmp_path: Path) -> None:
    quizzes = tmp_path / "quizzes"
    quizzes.mkdir()
    shutil.copy(DATA / "quizzes" / "00_start_here.json", quizzes)
    meta = {"lesson": 9, "title": "Extra", "time_minutes": 5, "objectives": ["Describe a thing."]}
    cells = [
        {"cell_type": "markdown", "source": "## Part one\n### Interactive demo\nMove it.", "metadata": {}},
        {"cell_type": "code", "source": "thing_explorer(days=3)", "metadata": {}, "outputs": []},
    ]
    _lesson(tmp_path, "09_extra", meta, cells)
    markdown, page = build_guide(tmp_path, quizzes)
    assert "No quiz bank for this lesson yet." in markdown and "No Think! model answers" in page
    assert "- `thing_explorer(days=3)` in *Part one*: Move it." in markdown
    assert "00_start_here" not in markdown, "a bank without a notebook is not a lesson"


@pytest.mark.parametrize(
    ("meta", "message"),
    [
        (
            {"title": "x", "time_minutes": 5, "objectives": []},
            r"09_bad\.ipynb: metadata calfkit\.lesson must be a whole number",
        ),
        (
            {"lesson": 9, "title": "x", "time_minutes": "5", "objectives": []},
            r"calfkit\.time_minutes must be a whole number",
        ),
        (
            {"lesson": 9, "title": "x", "time_minutes": 5, "objectives": [], "think": [{"prompt": "p"}]},
            r"calfkit\.think\[0\] must have string 'prompt' and 'answer'",
        ),
    ],
)
def test_incomplete_metadata_names_the_notebook_and_key(tmp_path: Path, meta: dict, message: str) -> None:
    _lesson(tmp_path, "09_bad", meta)
    with pytest.raises(ValueError, match=message):
        build_guide(tmp_path, DATA / "quizzes")


def test_folder_without_lessons_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="notebooks_dir=.*holds no lesson notebooks"):
        build_guide(tmp_path, DATA / "quizzes")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_guide_says_where_each_lesson_shows_its_quiz(path: Path) -> None:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    call = next(
        m.group(0)
        for c in cells
        if c["cell_type"] == "code"
        for m in [re.search(r"\bquiz\([^()]*\)", "".join(c["source"]))]
        if m
    )
    lesson = read_lesson(path)
    assert lesson.quiz is not None and lesson.quiz.call == call
    assert f"shows the quiz with `{call}` in *{lesson.quiz.section}*" in MARKDOWN
    assert f"shows the quiz with <code>{html.escape(call, quote=False)}</code>" in PAGE


def test_lesson_that_does_not_show_its_quiz_says_so(tmp_path: Path) -> None:
    shutil.copy(REPO / "notebooks" / "00_start_here.ipynb", tmp_path)
    notebook = tmp_path / "00_start_here.ipynb"
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    nb["cells"] = [c for c in nb["cells"] if "quiz(" not in "".join(c["source"])]
    notebook.write_text(json.dumps(nb), encoding="utf-8")
    markdown, page = build_guide(tmp_path, DATA / "quizzes")
    assert 'The lesson does not show this quiz yet (add a cell calling `quiz("00")`)' in markdown
    assert 'does not show this quiz yet (add a cell calling <code>quiz("00")</code>)' in page
