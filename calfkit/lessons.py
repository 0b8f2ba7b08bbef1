"""The lesson notebooks: where the kit keeps them, and copying them into a learner's folder.

A wheel ships the lessons as ``calfkit/_lessons``; a source checkout has them in
``notebooks/``. :func:`copy_lessons` puts them into a folder of the learner's and never
overwrites a lesson the learner changed: it remembers (in ``.calfkit/lessons.json`` in that
folder) the bytes it copied, so a lesson the learner never touched is brought up to date,
and one that differs from what was copied is kept as it is.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

FIRST_LESSON = "00_start_here.ipynb"
"""The lesson map every start opens."""

STATE_DIR = ".calfkit"
"""Folder (inside the served folder) for the copy record, the server log and JupyterLab settings."""

MANIFEST = "lessons.json"


def lessons_dir() -> Path:
    """Folder holding the kit's own lesson notebooks.

    Returns
    -------
    pathlib.Path
        ``calfkit/_lessons`` inside an installed wheel, or the repository's ``notebooks/``
        folder in a source checkout.

    Raises
    ------
    FileNotFoundError
        Neither holds :data:`FIRST_LESSON`.
    """
    packaged = Path(str(resources.files("calfkit") / "_lessons"))
    if (packaged / FIRST_LESSON).is_file():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "notebooks"
    if (checkout / FIRST_LESSON).is_file():
        return checkout
    raise FileNotFoundError(
        f"calfkit's lessons are not in {packaged} or {checkout}; reinstall calfkit "
        "(pip install --force-reinstall calfkit, or `pip install .` from the repository root)"
    )


def lesson_files(folder: Path | None = None) -> list[Path]:
    """The lesson notebooks (``*.ipynb``, sorted by name) in ``folder`` (default: the kit's)."""
    folder = lessons_dir() if folder is None else folder
    return sorted(p for p in folder.glob("*.ipynb") if p.is_file())


def first_lesson(root: Path) -> str:
    """Path of lesson 00 relative to ``root``: in ``root`` itself or in ``root/notebooks``.

    Raises
    ------
    ValueError
        ``root`` holds neither, with both places named.
    """
    for relative in (FIRST_LESSON, f"notebooks/{FIRST_LESSON}"):
        if (root / relative).is_file():
            return relative
    raise ValueError(
        f"folder {str(root)!r} holds no lesson: neither {FIRST_LESSON} nor notebooks/{FIRST_LESSON} is in it"
    )


@dataclass
class CopyReport:
    """What :func:`copy_lessons` did, lesson by lesson (file names)."""

    target: Path
    copied: list[str] = field(default_factory=list)
    """New in the folder."""
    updated: list[str] = field(default_factory=list)
    """The learner had not changed them; replaced by the kit's newer version."""
    kept: list[str] = field(default_factory=list)
    """The learner's copy differs from what was copied: left exactly as it was."""
    unchanged: list[str] = field(default_factory=list)
    """Already the same as the kit's."""

    def summary(self) -> list[str]:
        """Plain sentences for the terminal, one per kind of action that happened."""
        lines = []
        if self.copied:
            lines.append(f"Copied {len(self.copied)} lesson(s) into {self.target}.")
        if self.updated:
            lines.append(f"Updated {len(self.updated)} lesson(s) you had not changed: {', '.join(self.updated)}.")
        if self.unchanged and not (self.copied or self.updated):
            lines.append(f"Your lessons in {self.target} are up to date.")
        if self.kept:
            lines.append(
                f"Kept your own copy of {len(self.kept)} lesson(s) you changed: {', '.join(self.kept)}. "
                "To get the kit's version of one, rename or delete your copy and start again."
            )
        return lines


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file, so a crash never leaves half a file."""
    temporary = path.with_name(f".{path.name}.calfkit-tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def copy_lessons(target: Path, source: Path | None = None) -> CopyReport:
    """Copy the lessons into ``target`` without overwriting a lesson the learner changed.

    For each lesson of ``source``: a missing file is copied; a file equal to the kit's is
    left; a file that still holds exactly the bytes an earlier call copied is updated to
    the kit's version; any other file (the learner edited or ran it) is kept untouched.
    Other files in ``target`` are never touched.

    Parameters
    ----------
    target : pathlib.Path
        The learner's folder; created if missing (its parent must exist).
    source : pathlib.Path, optional
        Folder of lesson notebooks (default: :func:`lessons_dir`).

    Returns
    -------
    CopyReport
        The file names copied, updated, kept and unchanged.

    Raises
    ------
    ValueError
        ``target`` is a file, or its parent folder does not exist.
    """
    target = Path(target).expanduser().resolve()
    if target.exists() and not target.is_dir():
        raise ValueError(f"target {str(target)!r} is a file, not a folder; give a folder for the lessons")
    if not target.exists() and not target.parent.is_dir():
        raise ValueError(
            f"target {str(target)!r} cannot be created: its parent folder {str(target.parent)!r} does not exist"
        )
    lessons = lesson_files(source)
    if not lessons:
        raise FileNotFoundError(f"no lesson notebooks in {source}")
    target.mkdir(exist_ok=True)
    state = target / STATE_DIR
    state.mkdir(exist_ok=True)
    manifest_path = state / MANIFEST
    try:
        copied_before: dict[str, str] = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        copied_before = {}
    report = CopyReport(target)
    record = dict(copied_before)
    for lesson in lessons:
        shipped = lesson.read_bytes()
        destination = target / lesson.name
        if not destination.exists():
            _write_atomic(destination, shipped)
            report.copied.append(lesson.name)
        else:
            current = _digest(destination.read_bytes())
            if current == _digest(shipped):
                report.unchanged.append(lesson.name)
            elif current == copied_before.get(lesson.name):
                _write_atomic(destination, shipped)
                report.updated.append(lesson.name)
            else:
                report.kept.append(lesson.name)
                continue  # the record keeps what was copied, so the edit stays "changed"
        record[lesson.name] = _digest(shipped)
    _write_atomic(manifest_path, json.dumps(record, indent=1, sort_keys=True).encode())
    return report
