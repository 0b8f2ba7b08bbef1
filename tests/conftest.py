"""Shared fixtures: paths to the repository, its data and the folders kept outside it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"

OUTSIDE_FOLDERS = {
    "CALFKIT_SEEDS": REPO.parent / "shared" / "seeds",
    "CALFKIT_REALWORLD_LOGS": REPO.parent / "shared" / "realworld-logs",
}
"""Folders some tests read that are not in the repository (third-party articles, real device
exports), by the environment variable that gives them, with the developers' workspace default."""


def outside_folder(variable: str, default: Path | None = None) -> Path:
    """The folder of files from outside the repository that ``variable`` names, or skip.

    Such tests run only when the files are given: the environment variable ``variable``
    names their folder, or (unset) ``default`` exists next to the repository, as in the
    developers' workspace. On a fresh clone with neither, the test is skipped with the
    reason, also under ``CI=true``: a contributor's CI has no such folder. ``.ci/run``
    sets the variables where the folders exist.

    Parameters
    ----------
    variable : str
        Environment variable naming the folder, e.g. ``"CALFKIT_REALWORLD_LOGS"``. Set to
        the empty string, it turns the tests off even where ``default`` exists.
    default : Path, optional
        Folder used when ``variable`` is unset (default: :data:`OUTSIDE_FOLDERS`).

    Returns
    -------
    Path
        The folder, which exists.

    Raises
    ------
    pytest.fail.Exception
        ``variable`` names a folder that does not exist (a mistyped path must not pass
        silently as a skip).
    """
    if default is None:
        default = OUTSIDE_FOLDERS.get(variable)
    given = os.environ.get(variable)
    if given is None:
        if default is not None and Path(default).is_dir():
            return Path(default)
        pytest.skip(
            f"{variable} is not set and {default} does not exist: these files are not in the "
            f"repository; set {variable} to their folder to run this test"
        )
    if given == "":
        pytest.skip(f"{variable} is set empty: tests of files from outside the repository are off")
    folder = Path(given).expanduser()
    if not folder.is_dir():
        pytest.fail(f"{variable}={given!r} is not a folder; point it at the folder or unset it")
    return folder


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "install: builds the wheel and installs it in a new virtual environment (a minute or more); "
        "`make check` leaves these out",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the browser tests last, so the quick tests report first (the order is otherwise kept)."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture
def seeds_dir() -> Path:
    """The five seed articles the kit teaches from (``CALFKIT_SEEDS``, see :func:`outside_folder`)."""
    return outside_folder("CALFKIT_SEEDS")


@pytest.fixture
def realworld_logs_dir() -> Path:
    """Real device exports (``CALFKIT_REALWORLD_LOGS``, see :func:`outside_folder`)."""
    return outside_folder("CALFKIT_REALWORLD_LOGS")


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ that a test may corrupt."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target
