"""Write the teacher guide from the lessons and the quiz banks.

Usage: ``python scripts/build_guide.py``

Reads ``notebooks/NN_*.ipynb`` (metadata and cells) and ``data/quizzes/*.json``
and writes ``docs/teacher_guide.md`` and ``docs/teacher_guide.html``. Run it after
editing a lesson's metadata, headings or demos, or a quiz bank;
``tests/test_guide.py`` fails until the committed guide matches.
"""

from __future__ import annotations

from pathlib import Path

from calfkit.guide import build_guide

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    """Build the guide and write both files."""
    markdown, page = build_guide(ROOT / "notebooks", ROOT / "data" / "quizzes")
    docs = ROOT / "docs"
    docs.mkdir(exist_ok=True)
    for name, text in (("teacher_guide.md", markdown), ("teacher_guide.html", page)):
        (docs / name).write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {(docs / name).relative_to(ROOT)}")


if __name__ == "__main__":
    main()
