"""The calfkit command: clear errors for bad arguments, and the lesson address printed last.

Real servers started by the command are tested in tests/browser/test_start.py.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

import calfkit
from calfkit import cli, serve


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(list(argv))
    return exit_info.value.code, capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ((), r"the following arguments are required: COMMAND"),
        (("begin",), r"invalid choice: 'begin'"),
        (("start", "--port", "eighty"), r"port must be a whole number from 1 to 65535, got 'eighty'"),
        (("start", "--port", "70000"), r"port must be from 1 to 65535, got 70000"),
        (("voila", "--port", "0"), r"port must be from 1 to 65535, got 0"),
        (("start", "a", "b"), r"unrecognized arguments: b"),
    ],
)
def test_bad_arguments_exit_2_with_the_reason(capsys: pytest.CaptureFixture[str], argv, message: str) -> None:
    code, err = run_cli(capsys, *argv)
    assert code == 2
    assert re.search(message, err), err


def test_start_refuses_a_folder_it_cannot_use(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    code, err = run_cli(capsys, "start", str(tmp_path / "notes.txt"))
    assert code == 2 and "calfkit start: error: target" in err and "is a file, not a folder" in err
    code, err = run_cli(capsys, "start", str(tmp_path / "no" / "such"))
    assert code == 2 and "its parent folder" in err and "does not exist" in err
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_no_copy_and_voila_need_a_folder_with_lesson_00(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, err = run_cli(capsys, "start", "--no-copy", str(tmp_path))
    assert code == 2 and "holds no lesson: neither 00_start_here.ipynb nor notebooks/00_start_here.ipynb" in err
    code, err = run_cli(capsys, "voila", str(tmp_path / "missing"))
    assert code == 2 and "calfkit voila: error: DIR" in err and "is not a folder (it does not exist)" in err


def test_doctor_exit_code_follows_the_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    import calfkit.install_check as install_check

    monkeypatch.setattr(install_check, "doctor", lambda: False)
    assert cli.main(["doctor"]) == 1
    monkeypatch.setattr(install_check, "doctor", lambda: True)
    assert cli.main(["doctor"]) == 0


def test_python_dash_m_calfkit_runs_the_command() -> None:
    result = subprocess.run([sys.executable, "-m", "calfkit", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == f"calfkit {calfkit.__version__}"
    result = subprocess.run([sys.executable, "-m", "calfkit", "doctor"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().splitlines()[-1] == "All checks passed."


def sleeper(code: int) -> subprocess.Popen:
    """A stand-in server process that exits with ``code`` after a moment."""
    return subprocess.Popen(
        [sys.executable, "-c", f"import time, sys; time.sleep(0.5); sys.exit({code})"], start_new_session=True
    )


def test_run_prints_the_lesson_address_last(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = "http://localhost:8888/lab/tree/00_start_here.ipynb?token=abc"
    out = io.StringIO()
    code = serve.run(
        lambda: serve.Started(sleeper(3), url, tmp_path / "lab.log"), "JupyterLab", open_browser=False, out=out
    )
    lines = out.getvalue().splitlines()
    assert code == 3
    assert lines[0] == "Starting JupyterLab (the first start can take a minute)..."
    assert lines[-2:] == ["Open this address in a browser on this computer:", url]
    assert f"its messages go to {tmp_path / 'lab.log'}" in out.getvalue() and "Ctrl-C" in out.getvalue()
    assert "JupyterLab stopped by itself (exit code 3)" in capsys.readouterr().err


def test_run_reports_a_server_that_does_not_start(capsys: pytest.CaptureFixture[str]) -> None:
    def failing() -> serve.Started:
        raise serve.StartError("JupyterLab stopped (exit code 1) before it was ready. The end of its log: boom")

    out = io.StringIO()
    assert serve.run(failing, "JupyterLab", open_browser=False, out=out) == 1
    assert "before it was ready" in capsys.readouterr().err and "boom" not in out.getvalue()


@pytest.mark.parametrize(
    ("platform", "env", "expected"),
    [
        ("linux", {}, False),
        ("linux", {"DISPLAY": ":0"}, True),
        ("linux", {"WAYLAND_DISPLAY": "wayland-0"}, True),
        ("linux", {"BROWSER": "firefox"}, True),
        ("darwin", {}, True),
        ("win32", {}, True),
    ],
)
def test_a_browser_is_opened_only_where_a_desktop_is(monkeypatch: pytest.MonkeyPatch, platform, env, expected) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "platform", platform)
    assert serve.desktop_browser_likely() is expected


def test_lab_settings_turn_the_news_off_once(tmp_path: Path) -> None:
    serve.write_lab_settings(tmp_path)
    path = tmp_path / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    assert '"fetchNews": "false"' in path.read_text(encoding="utf-8")
    path.write_text('{"fetchNews": "true"}', encoding="utf-8")  # the learner changed it
    serve.write_lab_settings(tmp_path)
    assert path.read_text(encoding="utf-8") == '{"fetchNews": "true"}'
