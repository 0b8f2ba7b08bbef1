"""Shared fixtures: paths to the repository, its data and the seed articles."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
SEEDS = Path(os.environ.get("CALFKIT_SEEDS", REPO.parent / "shared" / "seeds"))
"""The five seed articles the kit teaches from. They are third-party articles, so they are
not in this repository: the developers' workspace keeps them in ``../shared/seeds``
(``CALFKIT_SEEDS`` points elsewhere)."""


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ that a test may corrupt."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target
