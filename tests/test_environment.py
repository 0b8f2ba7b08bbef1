"""environment.yml (Binder/conda) and pyproject.toml must ask for the same packages."""

from __future__ import annotations

import re
import tomllib

import yaml

from calfkit.lessons import first_lesson

from .conftest import REPO

REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*([<>=!~].*)?$")


def parse(requirement: str) -> tuple[str, str]:
    match = REQUIREMENT.match(requirement)
    assert match, f"cannot parse requirement {requirement!r}"
    name = match.group(1).lower().replace("_", "-")
    return name, (match.group(2) or "").replace(" ", "")


def conda_environment() -> dict:
    return yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))


def test_environment_and_pyproject_agree():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = dict(parse(r) for r in project["dependencies"])
    conda = {}
    for item in conda_environment()["dependencies"]:
        if isinstance(item, str) and not item.startswith(("python", "pip")):
            conda.update([parse(item.replace("=", "==", 1) if re.search(r"[^<>!=]=[^=]", item) else item)])
    for section in (d["pip"] for d in conda_environment()["dependencies"] if isinstance(d, dict)):
        conda.update(parse(line.split("#")[0]) for line in section if line != "-e .")
    assert conda == wanted


def test_environment_pins_python_minor_and_installs_the_kit():
    env = conda_environment()
    assert env["channels"] == ["conda-forge"]
    pythons = [d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python")]
    assert pythons and re.fullmatch(r"python=3\.\d+", pythons[0])
    minor = tuple(int(x) for x in pythons[0].split("=")[1].split("."))
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    floor = tuple(int(x) for x in project["requires-python"].lstrip(">=").split("."))
    assert minor >= floor
    pip_sections = [d["pip"] for d in env["dependencies"] if isinstance(d, dict)]
    assert len(pip_sections) == 1 and pip_sections[0][0] == "-e ."
    assert "anywidget" in {parse(d)[0] for d in env["dependencies"] if isinstance(d, str)}


def test_ci_runs_the_readme_test_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    commands = re.findall(r"```(?:bash|sh)\n(.*?)```", readme, flags=re.S)
    lines = [line.strip() for block in commands for line in block.splitlines() if line.strip()]
    assert "make start" in lines and "make test" in lines
    assert re.search(r"^make test$", ci, flags=re.M)
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    test_recipe = makefile.split("\ntest:")[1].split("\n\n")[0]
    assert "--nbval-lax" in test_recipe and "notebooks" in test_recipe
    start_recipe = makefile.split("\nstart:")[1].split("\n\n")[0]
    # JupyterLab at the repository root, on lesson 00 (tests/browser/test_start.py runs it).
    assert "calfkit start --no-copy ." in start_recipe
    assert first_lesson(REPO) == "notebooks/00_start_here.ipynb"
