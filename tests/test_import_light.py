"""`import calfkit` (and the figure/widget packages) must not pull in plotly or ipywidgets."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("plotly", "ipywidgets", "anywidget")


def _loaded_after(code: str) -> dict[str, bool]:
    """Run ``code`` in a fresh interpreter; report which heavy modules it imported."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps({{m: m in sys.modules for m in {HEAVY!r}}}))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_import_calfkit_is_light() -> None:
    assert _loaded_after("import calfkit") == {m: False for m in HEAVY}


def test_figure_and_widget_packages_import_lazily() -> None:
    loaded = _loaded_after(
        "import calfkit, calfkit.figures, calfkit.widgets\n"
        "from calfkit.figures import risk_traces, risk_layout, doms_traces\n"
        "risk_traces(calfkit.soreness_risk(weekly_change_pct=40)); risk_layout(); doms_traces()"
    )
    assert loaded == {m: False for m in HEAVY}


def test_building_a_figure_or_widget_imports_them() -> None:
    loaded = _loaded_after("from calfkit.widgets import risk_explorer\nrisk_explorer()")
    assert loaded["ipywidgets"] and loaded["plotly"]


def test_a_table_imports_no_figure_module_or_model() -> None:
    """Lesson 00 shows tables only: its first cell needs the number format, not every figure and model."""
    probe = (
        "from calfkit.widgets import table\n"
        "import calfkit.figures, json, sys\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('calfkit.figures.', 'calfkit.models.')))))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == ["calfkit.figures.style"]
    import calfkit.figures

    assert "load_figure" in dir(calfkit.figures) and callable(calfkit.figures.load_figure)
