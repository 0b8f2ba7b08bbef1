"""docs/validation.md is what scripts/build_validation.py writes from the current models."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _script():
    spec = importlib.util.spec_from_file_location("build_validation", ROOT / "scripts" / "build_validation.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_validation_doc_regenerates_identically() -> None:
    committed = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    assert _script().validation_doc() == committed, "run: python scripts/build_validation.py"


def test_validation_doc_shows_every_model_inside_its_published_numbers() -> None:
    text = _script().validation_doc()
    for heading in ("Cheung 2003", "Takayama 2017", "Byrnes 1985", "Law & Herbert 2007", "Frandsen 2025", "Pope 2000"):
        assert heading in text
    assert "**no**" not in text, "a model falls outside a published number it must follow"
    assert "Both agree to 1e-9 (yes)" in text
