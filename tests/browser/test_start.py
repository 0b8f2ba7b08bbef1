"""A newcomer's first start, as a terminal on a machine without a desktop browser sees it.

``make start`` and ``calfkit start DIR`` (from a wheel installed in a new virtual
environment) must print lesson 00's address, with its token, as their last line; that
address, opened in headless chromium, must show lesson 00; Ctrl-C must stop the server.
A second ``calfkit start DIR`` keeps a lesson the learner edited.
"""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import venv
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .conftest import NOTEBOOKS, REPO

pytestmark = pytest.mark.browser

START_BUDGET_S = 300.0
"""Seconds a start may take to print its address (a first start on a loaded 2-core machine: ~30 s)."""

LESSON_URL = re.compile(r"^http://localhost:\d+/(lab/tree|voila/render)/\S*00_start_here\.ipynb(\?token=\w+)?$")
LESSON_00_TITLE = "Start here: why do runners' calves get sore?"
NEWS_QUESTION = "Would you like to get notified about official Jupyter news?"


def headless_env(**extra: str) -> dict[str, str]:
    """The environment of a terminal with no desktop: no display, no browser, no Jupyter overrides."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DISPLAY", "WAYLAND_DISPLAY", "BROWSER"} and not k.startswith(("JUPYTER", "JPY_"))
    }
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra)
    return env


@dataclass
class Terminal:
    """A command run as in a terminal: its output lines as they come, and Ctrl-C."""

    proc: subprocess.Popen
    lines: list[str] = field(default_factory=list)
    _queue: queue.Queue = field(default_factory=queue.Queue)

    @classmethod
    def run(cls, cmd: list[str], cwd: Path, env: dict[str, str]) -> Terminal:
        proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
            start_new_session=True,  # its own process group, as a terminal's job
        )
        term = cls(proc)
        threading.Thread(target=term._read, daemon=True).start()
        return term

    def _read(self) -> None:
        for line in self.proc.stdout:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def _take(self, timeout: float) -> str | None:
        line = self._queue.get(timeout=timeout)
        if line is not None:
            self.lines.append(line)
        return line

    def wait_for_address(self, timeout: float = START_BUDGET_S) -> str:
        """Read lines until one is a lesson address; return it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self._take(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                break
            if line is None:
                raise AssertionError(f"exited ({self.proc.wait()}) without an address:\n" + "\n".join(self.lines))
            if LESSON_URL.match(line):
                return line
        raise AssertionError(f"no lesson address within {timeout:.0f} s:\n" + "\n".join(self.lines))

    def printed_since(self, count: int) -> list[str]:
        """Lines printed after the first ``count`` (without waiting)."""
        while True:
            try:
                if self._take(timeout=0.05) is None:
                    break
            except queue.Empty:
                break
        return self.lines[count:]

    def ctrl_c(self, timeout: float = 60) -> int:
        """Send Ctrl-C to the job's process group, wait for it to end and read the rest; return its exit code."""
        os.killpg(self.proc.pid, signal.SIGINT)
        code = self.proc.wait(timeout=timeout)
        while self._take(timeout=10) is not None:
            pass
        return code

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)


def api(url: str, path: str) -> object:
    """GET ``path`` of the Jupyter server that ``url`` (a lesson address with token) points at."""
    parts = urllib.parse.urlsplit(url)
    token = urllib.parse.parse_qs(parts.query)["token"][0]
    request = urllib.request.Request(f"{parts.scheme}://{parts.netloc}/{path}")
    request.add_header("Authorization", f"token {token}")
    with urllib.request.urlopen(request, timeout=30) as response:
        raw = response.read()
        is_json = "json" in response.headers.get("Content-Type", "")
    return json.loads(raw) if is_json else raw


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5):
            return True
    except urllib.error.HTTPError:
        return True
    except (urllib.error.URLError, ConnectionError, OSError):
        return False


def wait_gone(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while answers(url):
        assert time.monotonic() < deadline, f"the server at {url} still answers after Ctrl-C"
        time.sleep(0.25)


def assert_lab_shows_lesson_00(page, url: str) -> None:
    """Open ``url`` in the browser; lesson 00 must be the open tab, rendered, with no news pop-up."""
    page.goto(url, wait_until="domcontentloaded", timeout=START_BUDGET_S * 1000)
    page.locator(".lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel", has_text="00_start_here.ipynb").first.wait_for(
        timeout=START_BUDGET_S * 1000
    )
    heading = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedMarkdown h1").first
    heading.wait_for(timeout=START_BUDGET_S * 1000)
    assert heading.inner_text().strip().rstrip("¶").strip() == LESSON_00_TITLE
    # The pop-up is shown exactly when this setting is "none" (JupyterLab's announcements plugin).
    settings = api(url, "lab/api/settings/@jupyterlab/apputils-extension:notification")
    assert settings["settings"]["fetchNews"] == "false", settings
    assert page.get_by_text(NEWS_QUESTION).count() == 0


def test_lesson_00_title_is_the_lessons_own() -> None:
    """The title the browser checks look for is lesson 00's first heading."""
    nb = json.loads((NOTEBOOKS / "00_start_here.ipynb").read_text(encoding="utf-8"))
    first = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "".join(first["source"]).splitlines()[0] == f"# {LESSON_00_TITLE}"


def test_make_start_prints_lesson_00s_address_last_and_it_opens_in_a_headless_browser(page) -> None:
    """``make start`` (with this interpreter's environment) at the repository root, no desktop."""
    term = Terminal.run(["make", "-s", "start", f"VENV={sys.prefix}", "LESSONS_STAMP="], REPO, headless_env())
    try:
        url = term.wait_for_address()
        printed = len(term.lines)
        assert url.startswith("http://localhost:") and "/lab/tree/notebooks/00_start_here.ipynb?token=" in url
        assert "Open this address in a browser on this computer:" == term.lines[-2]
        assert any("Ctrl-C" in line for line in term.lines)
        assert_lab_shows_lesson_00(page, url)
        # JupyterLab serves the repository root: the teacher guide and the data are reachable.
        names = {item["name"] for item in api(url, "api/contents/")["content"]}
        assert {"notebooks", "docs", "data", "calfkit"} <= names, names
        assert b"<html" in api(url, "files/docs/teacher_guide.html").lower()
        # Nothing printed after the address, even once the lesson's kernel started.
        assert term.printed_since(printed) == []
        term.ctrl_c()
        assert term.lines[-1] == "Stopped.", term.lines
        wait_gone(url)
    finally:
        term.kill()


# --------------------------------------------------------------------------- from a wheel
@dataclass(frozen=True)
class Installed:
    """calfkit installed from its wheel in a new virtual environment."""

    wheel: Path
    bin: Path


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """Build the wheel, make a new venv and ``pip install`` the wheel with its dependencies."""
    root = tmp_path_factory.mktemp("wheel-install")
    dist = root / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(dist), str(REPO)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("calfkit-*.whl")
    env_dir = root / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    result = subprocess.run(
        [bin_dir / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return Installed(wheel, bin_dir)


@pytest.mark.install
def test_the_wheel_ships_every_lesson(installed: Installed) -> None:
    names = zipfile.ZipFile(installed.wheel).namelist()
    shipped = sorted(
        n.removeprefix("calfkit/_lessons/") for n in names if n.startswith("calfkit/_lessons/") and n.endswith(".ipynb")
    )
    assert shipped == sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
    result = subprocess.run([installed.bin / "python", "-m", "calfkit", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("calfkit "), result.stderr


@pytest.mark.install
def test_calfkit_start_serves_lesson_00_from_dir_and_keeps_an_edited_lesson(
    installed: Installed, page, tmp_path: Path
) -> None:
    lessons = tmp_path / "my lessons"  # a space, as in many home folders
    cmd = [str(installed.bin / "calfkit"), "start", str(lessons)]
    kit = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))

    term = Terminal.run(cmd, tmp_path, headless_env())
    try:
        url = term.wait_for_address()
        assert term.lines[0] == f"Copied {len(kit)} lesson(s) into {lessons}."
        assert "/lab/tree/00_start_here.ipynb?token=" in url
        assert_lab_shows_lesson_00(page, url)
        served = sorted(item["name"] for item in api(url, "api/contents/")["content"])
        assert served == kit  # JupyterLab serves DIR, which holds the copied lessons
        term.ctrl_c()
        assert term.proc.returncode == 0 and term.lines[-1] == "Stopped.", term.lines
        wait_gone(url)
    finally:
        term.kill()

    # The learner writes in lesson 02, then starts again.
    edited = lessons / "02_doms_timeline.ipynb"
    nb = json.loads(edited.read_text(encoding="utf-8"))
    nb["cells"].append(
        {"cell_type": "markdown", "id": "my-notes", "metadata": {}, "source": "My notes: sore on day 2."}
    )
    edited.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    mine = edited.read_bytes()

    term = Terminal.run(cmd, tmp_path, headless_env())
    try:
        url = term.wait_for_address()
        assert f"Your lessons in {lessons} are up to date." in term.lines
        assert any(
            line.startswith("Kept your own copy of 1 lesson(s) you changed: 02_doms_timeline.ipynb.")
            for line in term.lines
        ), term.lines
        assert edited.read_bytes() == mine
        assert_lab_shows_lesson_00(page, url)
        term.ctrl_c()
        wait_gone(url)
    finally:
        term.kill()
    assert edited.read_bytes() == mine


@pytest.mark.install
def test_calfkit_voila_serves_the_installed_lessons(installed: Installed, page, tmp_path: Path) -> None:
    term = Terminal.run([str(installed.bin / "calfkit"), "voila"], tmp_path, headless_env())
    try:
        url = term.wait_for_address()
        assert re.match(r"^http://localhost:\d+/voila/render/00_start_here\.ipynb$", url), url
        page.goto(url, wait_until="domcontentloaded", timeout=START_BUDGET_S * 1000)
        heading = page.locator("h1", has_text=LESSON_00_TITLE).first
        heading.wait_for(timeout=START_BUDGET_S * 1000)
        term.ctrl_c()
        assert term.lines[-1] == "Stopped.", term.lines
        wait_gone(url)
    finally:
        term.kill()
