"""A wheel built from the repository, installed (not editable) in a new venv, loads every table."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from calfkit.schema import SCHEMAS

from .conftest import REPO

pytestmark = pytest.mark.install

CHECK = """
import calfkit, pathlib, sys
from calfkit.schema import SCHEMAS
here = pathlib.Path(calfkit.__file__).resolve()
assert 'site-packages' in str(here), here
assert pathlib.Path(calfkit.data_dir()).is_relative_to(here.parent), calfkit.data_dir()
for name in SCHEMAS:
    frame = calfkit.load_table(name)
    assert len(frame) > 0, name
print('tables', len(SCHEMAS))
"""


def test_wheel_install_loads_all_tables(tmp_path: Path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(dist), str(REPO)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("calfkit-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "calfkit/_data/sources.csv" in names and "calfkit/_data/causes.csv" in names
    # the widgets' front-end modules, read by anywidget from next to their Python module
    assert {"calfkit/widgets/live_figure.js", "calfkit/widgets/keyboard_guard.js"} <= set(names), names
    env = tmp_path / "venv"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    # Only calfkit and pandas (with numpy) are needed to load the tables.
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)], check=True)
    subprocess.run([python, "-m", "pip", "install", "--quiet", "pandas"], check=True)
    result = subprocess.run([python, "-c", CHECK], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"tables {len(SCHEMAS)}"  # every table of the source tree
