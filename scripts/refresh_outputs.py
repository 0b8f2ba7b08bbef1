"""Re-run lessons and keep only the outputs nbval checks.

Usage: ``python scripts/refresh_outputs.py [notebooks/NN_name.ipynb ...]``
(default: every notebook in ``notebooks/``).

A lesson maintainer runs this after changing data, models or a lesson. It executes
each notebook top to bottom, keeps the outputs of cells marked
``# NBVAL_CHECK_OUTPUT`` (so ``pytest --nbval-lax`` compares them), and removes every
other output, execution counts and the saved widget state, so no widget state or
plotly.js bundle is ever committed. Review the diff before committing.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

MARK = "# NBVAL_CHECK_OUTPUT"
NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def clean(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Keep checked outputs (nbval needs their execution counts); drop the rest and widget state."""
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        if MARK not in cell.source:
            cell.execution_count = None
            cell.outputs = []
    return notebook


def refresh(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    nbformat.write(clean(notebook), path)
    print(f"refreshed {path.name}")


if __name__ == "__main__":
    targets = [Path(p) for p in sys.argv[1:]] or sorted(NOTEBOOKS.glob("*.ipynb"))
    for target in targets:
        refresh(target)
