"""The contributor tooling: pre-commit hooks from PyPI only, ruff configured, the notebook hygiene hook."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

from .conftest import REPO

HOOK = REPO / "scripts" / "check_notebooks.py"


def _config() -> dict:
    return yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))


def test_hooks_lint_format_and_check_notebooks_from_pypi_only() -> None:
    hooks = {hook["id"]: hook for repo in _config()["repos"] for hook in repo["hooks"]}
    assert {"ruff-check", "ruff-format", "notebook-output-hygiene"} <= set(hooks)
    assert all(repo["repo"] == "local" for repo in _config()["repos"]), "a hook clones a git repository"
    pinned = {dep for hook in hooks.values() for dep in hook.get("additional_dependencies", [])}
    dev = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"][
        "dev"
    ]
    assert pinned == {d for d in dev if d.startswith("ruff")}, "ruff's version differs in pre-commit and the dev extra"
    assert hooks["notebook-output-hygiene"]["entry"] == "python scripts/check_notebooks.py"


def test_ruff_selects_the_usual_rule_families() -> None:
    ruff = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["ruff"]
    assert {"E", "F", "I", "B", "UP"} <= set(ruff["lint"]["select"])
    assert ruff["target-version"] == "py311"


def _run(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(HOOK), *map(str, paths)], capture_output=True, text=True, timeout=60)


def test_hygiene_hook_passes_the_committed_lessons() -> None:
    lessons = sorted((REPO / "notebooks").glob("*.ipynb"))
    done = _run(*lessons)
    assert done.returncode == 0, done.stdout


def test_hygiene_hook_names_each_problem(tmp_path: Path) -> None:
    nb = json.loads((REPO / "notebooks" / "02_doms_timeline.ipynb").read_text(encoding="utf-8"))
    nb["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}
    unchecked = next(
        i
        for i, c in enumerate(nb["cells"])
        if c["cell_type"] == "code" and "NBVAL_CHECK_OUTPUT" not in "".join(c["source"])
    )
    nb["cells"][unchecked]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["x\n"]}]
    nb["cells"][unchecked]["execution_count"] = 3
    path = tmp_path / "lesson.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    done = _run(path)
    assert done.returncode == 1
    assert "saved widget state" in done.stdout
    assert f"cell {unchecked} stores output but is not marked # NBVAL_CHECK_OUTPUT" in done.stdout
    assert f"cell {unchecked} keeps an execution count" in done.stdout
    assert re.search(r"refresh_outputs\.py", done.stdout)


def _ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ruff", *args], cwd=REPO, capture_output=True, text=True, timeout=120)


def test_the_test_extra_pins_the_same_ruff_as_pre_commit() -> None:
    extras = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    assert [d for d in extras["test"] if d.startswith("ruff")] == [d for d in extras["dev"] if d.startswith("ruff")]


def test_the_code_is_lint_clean_and_formatted_as_pre_commit_wants() -> None:
    """What the ruff hooks of `pre-commit run --all-files` check, on the whole repository."""
    lint = _ruff("check", "--force-exclude", "--no-cache", ".")
    assert lint.returncode == 0, f"ruff check found problems (fix: ruff check --fix .):\n{lint.stdout[-3000:]}"
    fmt = _ruff("format", "--force-exclude", "--check", "--no-cache", ".")
    assert fmt.returncode == 0, f"files ruff format would change (run: ruff format .):\n{fmt.stdout[-3000:]}"
