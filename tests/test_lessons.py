"""copy_lessons(): the lessons land in a learner's folder; a lesson the learner changed is never overwritten."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from calfkit.lessons import FIRST_LESSON, copy_lessons, first_lesson, lesson_files, lessons_dir

from .conftest import REPO


def fake_kit(folder: Path, **lessons: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in lessons.items():
        (folder / f"{name}.ipynb").write_text(text, encoding="utf-8")
    return folder


def test_the_kit_lessons_are_the_repository_notebooks() -> None:
    names = [p.name for p in lesson_files()]
    assert names == sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))
    assert names[0] == FIRST_LESSON and (lessons_dir() / FIRST_LESSON).is_file()


def test_first_run_copies_every_lesson_byte_for_byte(tmp_path: Path) -> None:
    report = copy_lessons(tmp_path / "mine")
    kit = lesson_files()
    assert report.copied == [p.name for p in kit] and not (report.kept or report.updated)
    for lesson in kit:
        assert (tmp_path / "mine" / lesson.name).read_bytes() == lesson.read_bytes()
    assert report.summary() == [f"Copied {len(kit)} lesson(s) into {tmp_path / 'mine'}."]


def test_second_run_keeps_an_edited_lesson_and_says_so(tmp_path: Path) -> None:
    kit = fake_kit(tmp_path / "kit", **{"00_start_here": "v1 map", "02_doms": "v1 doms"})
    mine = tmp_path / "mine"
    copy_lessons(mine, kit)
    (mine / "02_doms.ipynb").write_text("my answers", encoding="utf-8")
    (mine / "notes.txt").write_text("mine too", encoding="utf-8")
    report = copy_lessons(mine, kit)
    assert report.kept == ["02_doms.ipynb"] and report.unchanged == ["00_start_here.ipynb"]
    assert (mine / "02_doms.ipynb").read_text(encoding="utf-8") == "my answers"
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "mine too"
    assert report.summary() == [
        f"Your lessons in {mine} are up to date.",
        "Kept your own copy of 1 lesson(s) you changed: 02_doms.ipynb. "
        "To get the kit's version of one, rename or delete your copy and start again.",
    ]


def test_a_new_kit_version_updates_untouched_lessons_only(tmp_path: Path) -> None:
    kit = fake_kit(tmp_path / "kit", **{"00_start_here": "v1 map", "02_doms": "v1 doms"})
    mine = tmp_path / "mine"
    copy_lessons(mine, kit)
    (mine / "02_doms.ipynb").write_text("my answers", encoding="utf-8")
    fake_kit(kit, **{"00_start_here": "v2 map", "02_doms": "v2 doms", "03_new": "v2 new"})
    report = copy_lessons(mine, kit)
    assert report.updated == ["00_start_here.ipynb"]
    assert report.kept == ["02_doms.ipynb"] and report.copied == ["03_new.ipynb"]
    assert (mine / "00_start_here.ipynb").read_text(encoding="utf-8") == "v2 map"
    assert (mine / "02_doms.ipynb").read_text(encoding="utf-8") == "my answers"
    # Still the learner's on the next run, and a deleted lesson comes back.
    (mine / "03_new.ipynb").unlink()
    again = copy_lessons(mine, kit)
    assert again.kept == ["02_doms.ipynb"] and again.copied == ["03_new.ipynb"]


def test_a_lesson_copied_by_hand_and_changed_is_kept(tmp_path: Path) -> None:
    kit = fake_kit(tmp_path / "kit", **{"00_start_here": "v1"})
    mine = fake_kit(tmp_path / "mine", **{"00_start_here": "copied earlier, then edited"})
    assert copy_lessons(mine, kit).kept == ["00_start_here.ipynb"]
    assert json.loads((mine / ".calfkit" / "lessons.json").read_text(encoding="utf-8")) == {}


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda t: (t / "file").write_text("x") and t / "file", r"target '.*file' is a file, not a folder"),
        (lambda t: t / "missing" / "lessons", r"cannot be created: its parent folder '.*missing' does not exist"),
    ],
    ids=["a-file", "no-parent"],
)
def test_bad_targets_are_refused(tmp_path: Path, make, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        copy_lessons(make(tmp_path))


def test_first_lesson_is_found_in_the_folder_or_its_notebooks(tmp_path: Path) -> None:
    assert first_lesson(REPO) == f"notebooks/{FIRST_LESSON}"
    assert first_lesson(REPO / "notebooks") == FIRST_LESSON
    with pytest.raises(ValueError, match=r"holds no lesson: neither 00_start_here.ipynb nor notebooks/"):
        first_lesson(tmp_path)
