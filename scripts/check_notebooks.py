"""Notebook-output hygiene for lessons: the pre-commit hook (also runnable by hand).

Usage: ``python scripts/check_notebooks.py notebooks/*.ipynb``

A lesson is committed with no saved widget state and no outputs except in cells marked
``# NBVAL_CHECK_OUTPUT`` (their text is what nbval compares); those keep plain text only,
never widget views, plotly bundles, HTML (except a kit table, ``calfkit.widgets.table``) or errors. Exit status 1 lists every problem with
the file and cell; ``python scripts/refresh_outputs.py`` rewrites the checked outputs and
drops the rest. The same rules are tested in ``tests/test_notebooks.py``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

MARK = "# NBVAL_CHECK_OUTPUT"
FORBIDDEN_MIME = ("application/vnd.jupyter.widget-view+json", "application/vnd.plotly.v1+json", "text/html")
KIT_MARKUP = ('<div class="calfkit-table"', '<ul class="calfkit-glossary"')
"""The only HTML a checked output may keep: a lesson table of ``calfkit.widgets.table`` and a
glossary list of ``calfkit.widgets.glossary`` (plain markup, no script; nbval compares each
with its text)."""
MAX_BYTES = 150_000


def problems(path: Path) -> list[str]:
    """Every hygiene problem of one notebook, as ``"file: cell N ..."`` lines (empty if clean)."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return [f"{path}: not a readable notebook ({exc})"]
    out = []
    if "widgets" in nb.get("metadata", {}):
        out.append(f"{path}: saved widget state in the notebook metadata")
    if path.stat().st_size >= MAX_BYTES:
        out.append(f"{path}: {path.stat().st_size} bytes (a plotly.js bundle or an image was saved?)")
    for index, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell.get("source", ""))
        if MARK not in source:
            if cell.get("execution_count") is not None:
                out.append(f"{path}: cell {index} keeps an execution count")
            if cell.get("outputs"):
                out.append(f"{path}: cell {index} stores output but is not marked {MARK}")
            continue
        if not cell.get("outputs"):
            out.append(f"{path}: cell {index} is marked {MARK} but has no stored output")
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                out.append(f"{path}: cell {index} stores an error")
            for mime in output.get("data", {}):
                html = "".join(output["data"][mime]) if mime == "text/html" else ""
                if mime in FORBIDDEN_MIME and not (html.startswith(KIT_MARKUP) and "<script" not in html):
                    out.append(f"{path}: cell {index} stores {mime}")
    return out


def main(argv: list[str]) -> int:
    """Check the notebooks named in ``argv``; print the problems; 1 if there are any."""
    found = [line for name in argv if name.endswith(".ipynb") for line in problems(Path(name))]
    for line in found:
        print(line)
    if found:
        print("fix: python scripts/refresh_outputs.py (keeps only the nbval-checked outputs)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
