"""Run JupyterLab or Voilà on a folder of lessons and print the address of lesson 00 last.

The server runs as a child process. Its own messages go to a log file (named on the
terminal), so the last line the terminal shows is the one a learner needs: the full
address of lesson 00, with the login token. A desktop browser is opened on it where one
exists; on a machine without a screen the address is all there is, and it works. Ctrl-C
(or closing the terminal) stops the server and its kernels.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

READY_TIMEOUT_S = 300.0
"""How long a server may take to answer before the start is given up (a slow first start
on a loaded machine takes well under a minute)."""

LAB_SETTINGS = {
    # No "Would you like to get notified about official Jupyter news?" pop-up over the lesson.
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}
"""JupyterLab user settings written (once: the learner may change them) for a served folder."""


@dataclass(frozen=True)
class Started:
    """A server that answers: its process, the address of lesson 00 and its log file."""

    proc: subprocess.Popen
    url: str
    log_path: Path


class StartError(RuntimeError):
    """The server exited or did not answer in time; the message holds the end of its log."""


def free_port() -> int:
    """A TCP port on the loopback interface that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def desktop_browser_likely() -> bool:
    """True where :mod:`webbrowser` would open a window rather than take over the terminal.

    Windows and macOS always have one; elsewhere a graphical session (``DISPLAY`` or
    ``WAYLAND_DISPLAY``) or an explicit ``BROWSER`` is needed: without them Python falls back
    to text browsers such as lynx, which would take over the terminal.
    """
    if sys.platform.startswith("win") or sys.platform == "darwin":
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER"))


def write_lab_settings(settings_dir: Path) -> None:
    """Write :data:`LAB_SETTINGS` under ``settings_dir`` unless a settings file is already there."""
    for plugin_id, values in LAB_SETTINGS.items():
        package, plugin = plugin_id.split(":")
        path = settings_dir / package / f"{plugin}.jupyterlab-settings"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values, indent=2), encoding="utf-8")


def _root_flag() -> list[str]:
    """Jupyter refuses to run as root (containers, CI) without ``--allow-root``."""
    return ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


def _popen(cmd: list[str], cwd: Path, log_path: Path) -> subprocess.Popen:
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "w", encoding="utf-8") as log:
        return subprocess.Popen(
            cmd,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    # The server stays in the terminal's process group: Ctrl-C, a closed terminal or a killed
    # job reach it too, so it never outlives this process. With stdin not a terminal it stops
    # on Ctrl-C without asking "Shut down this Jupyter server (y/[n])?".


def _log_tail(log_path: Path, chars: int = 3000) -> str:
    try:
        return log_path.read_text(encoding="utf-8", errors="replace")[-chars:]
    except OSError:
        return ""


def _wait(proc: subprocess.Popen, log_path: Path, name: str, probe: Callable[[], str | None], timeout_s: float) -> str:
    """Call ``probe`` until it returns an address; raise :class:`StartError` if ``proc`` dies first."""
    deadline = time.monotonic() + timeout_s
    try:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise StartError(
                    f"{name} stopped (exit code {proc.returncode}) before it was ready. The end of its log "
                    f"({log_path}):\n{_log_tail(log_path)}"
                )
            url = probe()
            if url:
                return url
            time.sleep(0.25)
    except KeyboardInterrupt:
        stop(proc)
        raise
    stop(proc)
    raise StartError(
        f"{name} did not answer within {timeout_s:.0f} s. The end of its log ({log_path}):\n{_log_tail(log_path)}"
    )


def _answers(url: str, token: str = "") -> bool:
    request = urllib.request.Request(url)
    if token:
        request.add_header("Authorization", f"token {token}")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, OSError):
        return False


def start_lab(
    root: Path, lesson: str, state: Path, port: int | None = None, timeout_s: float = READY_TIMEOUT_S
) -> Started:
    """Start JupyterLab serving ``root``; return once it answers, with lesson ``lesson``'s address.

    Parameters
    ----------
    root : pathlib.Path
        Folder JupyterLab serves (its file browser's top).
    lesson : str
        Notebook to open, relative to ``root`` (``/``-separated).
    state : pathlib.Path
        Folder for the server's log and the JupyterLab settings (e.g. ``root/.calfkit``).
    port : int, optional
        Port to listen on (default: 8888, or the next free one).
    timeout_s : float
        Seconds to wait for the server to answer.

    Returns
    -------
    Started
        The process, ``http://localhost:PORT/lab/tree/LESSON?token=TOKEN`` and the log path.
    """
    from jupyter_core.paths import jupyter_runtime_dir  # jupyter_core comes with JupyterLab

    settings_dir = state / "lab-settings"
    write_lab_settings(settings_dir)
    log_path = state / "jupyter-lab.log"
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.user_settings_dir={settings_dir}",
        *([f"--ServerApp.port={port}", "--ServerApp.port_retries=0"] if port else []),
        *_root_flag(),
    ]
    proc = _popen(cmd, root, log_path)
    # The server writes its address and token to jpserver-PID.json once it listens.
    info_file = Path(jupyter_runtime_dir()) / f"jpserver-{proc.pid}.json"

    def probe() -> str | None:
        try:
            info = json.loads(info_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        base, token = info["url"], info.get("token", "")
        if not _answers(base + "api/status", token):
            return None
        query = f"?token={token}" if token else ""
        return f"{base}lab/tree/{urllib.parse.quote(lesson)}{query}"

    return Started(proc, _wait(proc, log_path, "JupyterLab", probe, timeout_s), log_path)


VOILA_IOPUB_TIMEOUT_S = 60
"""Seconds Voila waits for a cell's outputs after the cell has run (nbclient's default is 4)."""


def start_voila(
    root: Path, lesson: str, state: Path, port: int | None = None, timeout_s: float = READY_TIMEOUT_S
) -> Started:
    """Start Voilà serving the notebooks under ``root``; return once it answers (see :func:`start_lab`).

    ``state`` holds its log. Kernels of closed pages are shut down after 10 idle minutes.
    """
    log_path = state / "voila.log"
    port = port or free_port()
    cmd = [
        sys.executable,
        "-m",
        "voila",
        str(root),
        "--no-browser",
        f"--port={port}",
        "--Voila.port_retries=0",
        "--MappingKernelManager.cull_idle_timeout=600",
        "--MappingKernelManager.cull_interval=60",
        # A class opening a lesson at once: Voila's executor waits only 4 s (nbclient's default)
        # for a cell's outputs after its reply, then drops them ("Timeout waiting for IOPub
        # output"); with 20 pages on 2 cores no explorer appeared on any page. Wait up to 60 s.
        f"--VoilaExecutor.iopub_timeout={VOILA_IOPUB_TIMEOUT_S}",
    ]
    proc = _popen(cmd, root, log_path)
    base = f"http://localhost:{port}/"

    def probe() -> str | None:
        return f"{base}voila/render/{urllib.parse.quote(lesson)}" if _answers(base + "voila/tree") else None

    return Started(proc, _wait(proc, log_path, "Voila", probe, timeout_s), log_path)


def stop(proc: subprocess.Popen, timeout_s: float = 30.0) -> None:
    """Stop a server and its kernels: SIGTERM (its clean shutdown), then kill after ``timeout_s``."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def _stop_on_signals() -> None:
    """Turn SIGTERM and SIGHUP (terminal closed) into KeyboardInterrupt, as Ctrl-C is."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), interrupt)


def run(start: Callable[[], Started], what: str, open_browser: bool, out: TextIO = sys.stdout) -> int:
    """Start a server, print where it is (its lesson address last), and wait until Ctrl-C.

    Parameters
    ----------
    start : callable
        :func:`start_lab` or :func:`start_voila` with its arguments bound.
    what : str
        "JupyterLab" or "Voila", for the messages.
    open_browser : bool
        Open the address in a desktop browser too, where :func:`desktop_browser_likely`.
    out : TextIO
        Where the messages go.

    Returns
    -------
    int
        0 once stopped with Ctrl-C; the server's exit code if it stopped by itself; 1 if it
        did not start.
    """
    _stop_on_signals()
    print(f"Starting {what} (the first start can take a minute)...", file=out, flush=True)
    try:
        started = start()
    except StartError as exc:
        print(f"calfkit: {exc}", file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        print("Stopped before it was ready.", file=out, flush=True)
        return 0
    browser = open_browser and desktop_browser_likely()
    if browser:
        threading.Thread(target=webbrowser.open, args=(started.url,), kwargs={"new": 2}, daemon=True).start()
    print(f"{what} is running; its messages go to {started.log_path}", file=out)
    print("Press Ctrl-C here to stop it (your saved work stays).", file=out)
    print(
        "Lesson 00 opens in your browser; if it does not, open this address:"
        if browser
        else "Open this address in a browser on this computer:",
        file=out,
    )
    print(started.url, file=out, flush=True)
    try:
        code = started.proc.wait()
    except KeyboardInterrupt:
        print(f"\nStopping {what}...", file=out, flush=True)
        stop(started.proc)
        print("Stopped.", file=out, flush=True)
        return 0
    print(f"calfkit: {what} stopped by itself (exit code {code}); see {started.log_path}", file=sys.stderr)
    return code
