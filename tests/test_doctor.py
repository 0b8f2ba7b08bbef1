"""calfkit.doctor(): reports versions and missing front-end extensions with the fix."""

from __future__ import annotations

import json
import sys

import calfkit as ck
from calfkit.install_check import LAB_EXTENSIONS, run_checks


def make_extension(root, name):
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "package.json").write_text(json.dumps({"name": name}), encoding="utf-8")


def test_doctor_reports_missing_extensions_with_fix(tmp_path, capsys):
    make_extension(tmp_path, "anywidget")
    ok = ck.doctor(labextension_dirs=[tmp_path])
    out = capsys.readouterr().out
    assert ok is False
    assert "OK      JupyterLab extension anywidget" in out
    assert "MISSING JupyterLab extension jupyterlab-plotly" in out
    assert f"fix: {sys.executable} -m pip install --force-reinstall plotly" in out
    assert "MISSING JupyterLab extension @jupyter-widgets/jupyterlab-manager" in out


def test_doctor_passes_when_everything_is_there(tmp_path, capsys):
    for name in LAB_EXTENSIONS:
        make_extension(tmp_path, name)
    checks = run_checks([tmp_path])
    assert all(c.ok for c in checks), [c for c in checks if not c.ok]
    names = {c.name for c in checks}
    assert {"python", "calfkit", "jupyterlab", "ipywidgets", "plotly", "anywidget", "pandas"} <= names
    assert ck.doctor(labextension_dirs=[tmp_path]) is True
    assert "All checks passed." in capsys.readouterr().out


def test_real_install_has_the_extensions():
    """The kit's own environment ships all three JupyterLab extensions."""
    failing = [c for c in run_checks() if c.name.startswith("JupyterLab") and not c.ok]
    assert not failing, failing
