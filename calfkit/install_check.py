"""Check that the kit's software is installed and the JupyterLab extensions are present.

Run ``python -c "import calfkit; calfkit.doctor()"`` or call ``calfkit.doctor()``
in a notebook. Each line says OK or what is missing, with the exact command that
fixes it.
"""

from __future__ import annotations

import json
import platform
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

__all__ = ["Check", "doctor", "run_checks"]

PACKAGES = ("jupyterlab", "ipywidgets", "plotly", "anywidget", "pandas", "numpy")
"""Python packages the kit needs at run time."""

LAB_EXTENSIONS = {
    "@jupyter-widgets/jupyterlab-manager": "jupyterlab_widgets",
    "anywidget": "anywidget",
    "jupyterlab-plotly": "plotly",
}
"""JupyterLab front-end extension -> the Python package that ships it."""


@dataclass(frozen=True)
class Check:
    """One line of the doctor's report."""

    name: str
    ok: bool
    detail: str
    fix: str = ""


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def _labextension_dirs() -> list[Path]:
    """Folders where prebuilt JupyterLab extensions may live."""
    try:
        from jupyter_core.paths import jupyter_path
    except ImportError:
        return [Path(sys.prefix) / "share" / "jupyter" / "labextensions"]
    return [Path(p) / "labextensions" for p in jupyter_path()]


def _installed_labextensions(dirs: list[Path]) -> set[str]:
    names: set[str] = set()
    for folder in dirs:
        if not folder.is_dir():
            continue
        for package_json in folder.glob("**/package.json"):
            if package_json.parent.parent != folder and package_json.parent.parent.parent != folder:
                continue
            try:
                names.add(json.loads(package_json.read_text(encoding="utf-8"))["name"])
            except (OSError, ValueError, KeyError):
                continue
    return names


def run_checks(labextension_dirs: list[Path] | None = None) -> list[Check]:
    """Collect the install checks without printing.

    Parameters
    ----------
    labextension_dirs : list of pathlib.Path, optional
        Where to look for JupyterLab extensions (default: Jupyter's data path).

    Returns
    -------
    list of Check
    """
    from . import __version__

    pip = f"{sys.executable} -m pip install"
    checks = [
        Check(
            "python",
            sys.version_info >= (3, 11),
            platform.python_version(),
            "" if sys.version_info >= (3, 11) else "install Python 3.11 or newer",
        ),
        Check("calfkit", True, __version__),
    ]
    for dist in PACKAGES:
        version = _version(dist)
        checks.append(Check(dist, version is not None, version or "not installed", "" if version else f"{pip} {dist}"))
    dirs = labextension_dirs if labextension_dirs is not None else _labextension_dirs()
    found = _installed_labextensions(dirs)
    for extension, dist in LAB_EXTENSIONS.items():
        ok = extension in found
        checks.append(
            Check(
                f"JupyterLab extension {extension}",
                ok,
                "installed" if ok else "not found in " + ", ".join(str(d) for d in dirs),
                "" if ok else f"{pip} --force-reinstall {dist}  (then restart JupyterLab)",
            )
        )
    try:
        from .data import load_table
        from .schema import SCHEMAS

        for name in SCHEMAS:
            load_table(name)
        checks.append(Check("data tables", True, f"{len(SCHEMAS)} tables load and validate"))
    except (ValueError, FileNotFoundError) as exc:
        checks.append(Check("data tables", False, str(exc), f"{pip} --force-reinstall calfkit"))
    return checks


def doctor(labextension_dirs: list[Path] | None = None) -> bool:
    """Print an install report and return whether everything is OK.

    Parameters
    ----------
    labextension_dirs : list of pathlib.Path, optional
        Where to look for JupyterLab extensions (default: Jupyter's data path).

    Returns
    -------
    bool
        True when every check passed.
    """
    checks = run_checks(labextension_dirs)
    width = max(len(c.name) for c in checks)
    for check in checks:
        mark = "OK     " if check.ok else "MISSING"
        print(f"{mark} {check.name:<{width}}  {check.detail}")
        if check.fix:
            print(f"        fix: {check.fix}")
    bad = [c for c in checks if not c.ok]
    print("All checks passed." if not bad else f"{len(bad)} problem(s) found; run the fix lines above.")
    return not bad
