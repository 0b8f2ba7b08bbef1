"""The teacher's pack: regenerated from the lessons, banks and claims, it must match docs/pack/."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest

from calfkit.guide import read_lesson
from calfkit.pack import build_pack, load_pathways, standalone
from calfkit.quiz import answer_key, load_banks
from calfkit.quiz.think import load_prompts, model_value

from .conftest import DATA, REPO

PACK = REPO / "docs" / "pack"
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
PAGES = build_pack(REPO / "notebooks", DATA)
REBUILD = "docs/pack/ is out of date: run `python scripts/build_pack.py` and commit the result"


def test_committed_pack_matches_a_fresh_build() -> None:
    committed = {p.name for p in PACK.glob("*.html")}
    assert committed == set(PAGES), f"{REBUILD} (pages differ: {sorted(committed ^ set(PAGES))})"
    for name, (title, body) in PAGES.items():
        assert (PACK / name).read_text(encoding="utf-8") == standalone(title, body), f"{name}: {REBUILD}"


def test_pack_is_deterministic_and_undated() -> None:
    assert build_pack(REPO / "notebooks", DATA) == PAGES
    for _title, body in PAGES.values():
        assert not re.search(r"\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}:\d{2}", body)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_lesson_has_a_worksheet_without_answers_and_a_key_with_them(path: Path) -> None:
    lesson = read_lesson(path)
    bank = load_banks(DATA / "quizzes").get(lesson.stem)
    _, sheet = PAGES[f"worksheet-{lesson.number:02d}.html"]
    _, key = PAGES[f"answers-{lesson.number:02d}.html"]
    prompts = load_prompts(lesson.stem)
    assert prompts or lesson.think, f"{lesson.stem} has no Think! prompt to put on a worksheet"
    for item in prompts:
        assert html.escape(item.prompt, quote=False) in sheet and html.escape(item.prompt, quote=False) in key
        assert html.escape(item.answer, quote=False) in key
        assert html.escape(item.answer, quote=False) not in sheet, "the worksheet prints a model answer"
        for choice in item.choices:
            assert html.escape(choice, quote=False) in sheet
        if item.correct:
            assert html.escape(f"Expected: {item.correct}", quote=False) in key
            assert "Expected:" not in sheet
        if item.kind == "number":
            assert f"{model_value(item):.{item.decimals}f}" in key
    assert sheet.count("<h3>1. Predict</h3>") == len(lesson.think) == sheet.count("<h3>3. Explain</h3>")
    for demo in lesson.demos:
        assert html.escape(demo.call, quote=False) in sheet
    if bank is not None:
        for q in bank.questions:
            assert html.escape(q.text, quote=False) in sheet
            assert html.escape(answer_key(q), quote=False) in key
            for a in q.answers:
                if a.correct and a.feedback:
                    assert html.escape(a.feedback, quote=False) not in sheet, "the worksheet prints feedback"


def test_pathways_fit_40_and_90_minutes_of_real_lesson_sections() -> None:
    lessons = [read_lesson(p) for p in NOTEBOOKS]
    pathways = load_pathways(PACK / "pathways.json", lessons)
    assert sorted(p["minutes"] for p in pathways) == [40, 90]
    _, page = PAGES["pathways.html"]
    for pathway in pathways:
        assert sum(step["minutes"] for step in pathway["steps"]) == pathway["minutes"]
        for step in pathway["steps"]:
            assert html.escape(step["section"], quote=False) in page


def _lessons() -> list:
    return [read_lesson(p) for p in NOTEBOOKS]


def _edited(tmp_path: Path, change) -> Path:
    spec = json.loads((PACK / "pathways.json").read_text(encoding="utf-8"))
    change(spec)
    target = tmp_path / "pathways.json"
    target.write_text(json.dumps(spec), encoding="utf-8")
    return target


def test_a_renamed_section_fails_naming_the_step(tmp_path: Path) -> None:
    def rename(spec):
        spec["pathways"][0]["steps"][1]["section"] = "2. A section that is gone"

    with pytest.raises(
        ValueError,
        match=r"pathway '40', step 2: lesson 03_training_load_and_risk has no section "
        r"'2. A section that is gone'",
    ):
        load_pathways(_edited(tmp_path, rename), _lessons())


def test_minutes_that_do_not_add_up_fail(tmp_path: Path) -> None:
    def longer(spec):
        spec["pathways"][0]["steps"][0]["minutes"] += 5

    with pytest.raises(ValueError, match=r"pathway '40': the steps take 45 minutes, not the pathway's 40"):
        load_pathways(_edited(tmp_path, longer), _lessons())


def test_a_missing_lesson_fails(tmp_path: Path) -> None:
    def gone(spec):
        spec["pathways"][1]["steps"][0]["lesson"] = "99_gone"

    with pytest.raises(ValueError, match=r"pathway '90', step 1: lesson '99_gone' is not in notebooks/"):
        load_pathways(_edited(tmp_path, gone), _lessons())


def test_misconceptions_page_lists_every_incorrect_and_contested_claim() -> None:
    import calfkit as ck

    claims = ck.load_claims()
    _, page = PAGES["misconceptions.html"]
    wrong = claims[claims["verdict"].isin(["incorrect", "contested"])]
    assert len(wrong) > 0
    for row in wrong.itertuples():
        assert html.escape(row.claim, quote=False) in page
        assert html.escape(row.explanation, quote=False) in page
    for row in claims[claims["verdict"] == "supported"].itertuples():
        assert html.escape(row.claim, quote=False) not in page


def test_pack_follows_a_lesson_edit(tmp_path: Path) -> None:
    folder = tmp_path / "notebooks"
    shutil.copytree(REPO / "notebooks", folder)
    path = folder / "02_doms_timeline.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["metadata"]["calfkit"].setdefault("think", []).append(
        {"prompt": "Predict a brand-new thing.", "answer": "A new answer."}
    )
    path.write_text(json.dumps(nb), encoding="utf-8")
    pages = build_pack(folder, DATA, PACK / "pathways.json")
    assert "Predict a brand-new thing." in pages["worksheet-02.html"][1]
    assert "A new answer." in pages["answers-02.html"][1]
    assert "A new answer." not in pages["worksheet-02.html"][1]
