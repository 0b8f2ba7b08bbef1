"""Start and stop JupyterLab, Voilà and Chromium for the browser tests and the benchmark.

Everything runs on loopback, on free ports, with Jupyter's config, data, runtime and
IPython directories in a temporary directory, so nothing touches the home directory
or the repository. Servers run in their own process group and are terminated as a
group. Chromium is Debian's ``/usr/bin/chromium`` driven by Python Playwright; a
browser is never downloaded.

This module imports no third-party package at import time, so test collection stays
fast and works without Playwright.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from calfkit.serve import VOILA_IOPUB_TIMEOUT_S

BUDGET_MS = 180_000
"""Default budget of every browser wait. Each wait returns as soon as its condition holds, so a
generous budget costs nothing when things work; on a loaded 2-core machine a kernel round trip or
a widget's first render can take tens of seconds (45 s was once too little)."""

CONTROL_MS = 5_000
"""Budget for a key to change the focused control itself (its value, checked state or selected
option). That happens in the browser without the kernel, at once; when it does not, the key did
nothing (a slider at its end) and the next key is tried."""

BIN = Path(sys.executable).parent
"""The bin directory of the interpreter running the tests: jupyter and voila come from here."""

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
    # Only loopback resolves: a page asking a CDN (Voila asks jsdelivr for fonts) fails at
    # once instead of hanging the page load on a DNS timeout.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
"""Flags without which Chromium keeps dialling out (and is refused), hangs on DNS or fails in containers."""

# JupyterLab user settings written for every test server (plugin id -> settings).
LAB_SETTINGS: dict[str, dict[str, Any]] = {
    # No news toast and no "check for updates" on first start.
    "@jupyterlab/apputils-extension:notification": {
        "fetchNews": "false",
        "checkForUpdates": False,
        "doNotDisturbMode": True,
    },
    # Never write outputs back into a lesson while tests run cells.
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
    # Render every cell (no virtual scrolling), so every output is in the DOM.
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    # No "what's new" / extension-manager disclaimers.
    "@jupyterlab/extensionmanager-extension:plugin": {"enabled": False},
}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago (bind to port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def chromium_path() -> str | None:
    """Debian's chromium on PATH, or None."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def jupyter_env(state_dir: Path) -> dict[str, str]:
    """Environment for a Jupyter process whose state lives under ``state_dir``."""
    env = dict(os.environ)
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        path = state_dir / name.lower()
        path.mkdir(parents=True, exist_ok=True)
        env[name] = str(path)
    # The venv's share/jupyter holds the lab extensions (widgets, plotly, voila, anywidget).
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env.pop("JUPYTER_TOKEN", None)
    # Kernels must import the same calfkit and find the same interpreter first.
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONUNBUFFERED"] = "1"
    # Lessons hide each demo until the learner commits a prediction; tests of the demos run on a
    # teacher's screen, where every prediction box opens revealed (test_predict_browser.py tests
    # the learner's view without it).
    env.setdefault("CALFKIT_REVEAL", "1")
    env.pop("PYTHONSTARTUP", None)
    return env


def write_lab_settings(env: dict[str, str]) -> None:
    """Write :data:`LAB_SETTINGS` as JupyterLab user settings under JUPYTER_CONFIG_DIR."""
    root = Path(env["JUPYTER_CONFIG_DIR"]) / "lab" / "user-settings"
    for plugin_id, settings in LAB_SETTINGS.items():
        package, plugin = plugin_id.split(":")
        path = root / package / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(settings, indent=2), encoding="utf-8")


@dataclass
class Server:
    """A running Jupyter server process."""

    name: str
    proc: subprocess.Popen
    base_url: str
    token: str = ""
    log_path: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def url(self, path: str, **query: str) -> str:
        """Absolute URL of ``path`` with the token (if any) and ``query`` appended."""
        params = dict(query)
        if self.token:
            params.setdefault("token", self.token)
        qs = "&".join(f"{k}={v}" if v != "" else k for k, v in params.items())
        return f"{self.base_url}{path.lstrip('/')}" + (f"?{qs}" if qs else "")

    def api(self, method: str, path: str, body: Any = None, timeout: float = 10) -> Any:
        """Call the server's REST API; returns the decoded JSON (or None)."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base_url + path.lstrip("/"), data=data, method=method)
        if self.token:
            req.add_header("Authorization", f"token {self.token}")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw = resp.read()
        return json.loads(raw) if raw else None

    def log_tail(self, chars: int = 4000) -> str:
        """The end of the server's log, for failure messages."""
        if self.log_path is None or not self.log_path.exists():
            return ""
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:]

    def stop(self, timeout: float = 15) -> None:
        """Terminate the server's whole process group (kernels included)."""
        if self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait(timeout=5)


def _wait_ready(server: Server, probe: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(
                f"{server.name} exited with code {server.proc.returncode} before it was ready.\n"
                f"--- log ---\n{server.log_tail()}"
            )
        try:
            req = urllib.request.Request(server.url(probe))
            with urllib.request.urlopen(req, timeout=5) as resp:
                if resp.status == 200:
                    return
                last = f"HTTP {resp.status}"
        except (urllib.error.URLError, ConnectionError, OSError) as exc:
            last = repr(exc)
        time.sleep(0.25)
    server.stop()
    raise RuntimeError(f"{server.name} not ready after {timeout:.0f} s ({last}).\n--- log ---\n{server.log_tail()}")


def _start(name: str, cmd: list[str], env: dict[str, str], cwd: Path, log_path: Path) -> subprocess.Popen:
    log = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 - kept open for the process' lifetime
    try:
        return subprocess.Popen(
            cmd,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group: stop() kills kernels too
        )
    finally:
        log.close()


def _root_flag() -> list[str]:
    return ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


def start_lab(root_dir: Path, state_dir: Path, timeout: float = 90) -> Server:
    """Start ``jupyter lab`` serving ``root_dir`` on a free loopback port."""
    state_dir.mkdir(parents=True, exist_ok=True)
    env = jupyter_env(state_dir / "lab")
    write_lab_settings(env)
    port = free_port()
    token = secrets.token_hex(16)
    cmd = [
        str(BIN / "jupyter"),
        "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root_dir}",
        "--ServerApp.open_browser=False",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        *_root_flag(),
    ]
    log_path = state_dir / "jupyter-lab.log"
    proc = _start("jupyter lab", cmd, env, root_dir, log_path)
    server = Server("jupyter lab", proc, f"http://127.0.0.1:{port}/", token, log_path)
    _wait_ready(server, "api/status", timeout)
    return server


def start_voila(root_dir: Path, state_dir: Path, timeout: float = 90, *, learner: bool = False) -> Server:
    """Start ``voila`` serving the notebooks under ``root_dir`` on a free loopback port.

    ``learner=True`` serves the learner's view: prediction boxes start closed (no ``CALFKIT_REVEAL``).
    """
    state_dir.mkdir(parents=True, exist_ok=True)
    env = jupyter_env(state_dir / "voila")
    if learner:
        env.pop("CALFKIT_REVEAL", None)
    port = free_port()
    cmd = [
        str(BIN / "voila"),
        str(root_dir),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--Voila.port_retries=0",
        "--show_tracebacks=True",
        # Voila's beforeunload beacon that should shut a page's kernel down is refused
        # ('_xsrf' argument missing), so every page load would leave a kernel running.
        # Cull kernels without a connection (the page was closed) after 90 s of inactivity.
        # Not less: the culler also sees the kernel of a page that Voila is still executing
        # as idle with no connection; at 20 s it killed such kernels on a busy machine
        # ("DeadKernelError: Kernel died" in the page).
        "--MappingKernelManager.cull_idle_timeout=90",
        "--MappingKernelManager.cull_interval=10",
        # As `calfkit voila` does: outputs that arrive late on a busy machine are not dropped.
        f"--VoilaExecutor.iopub_timeout={VOILA_IOPUB_TIMEOUT_S}",
    ]
    log_path = state_dir / "voila.log"
    proc = _start("voila", cmd, env, root_dir, log_path)
    server = Server("voila", proc, f"http://127.0.0.1:{port}/", "", log_path)
    _wait_ready(server, "voila/tree", timeout)
    return server


def launch_chromium(playwright: Any, executable: str | None = None) -> Any:
    """Launch Debian's chromium through Playwright (never a downloaded browser)."""
    executable = executable or chromium_path()
    if executable is None:
        raise RuntimeError("chromium is not on PATH (apt-get install -y chromium)")
    return playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)


def delete_sessions(server: Server) -> None:
    """Shut down every session (and its kernel) of a JupyterLab server."""
    for session in server.api("GET", "api/sessions") or []:
        try:
            server.api("DELETE", f"api/sessions/{session['id']}")
        except urllib.error.HTTPError:
            pass
    for kernel in server.api("GET", "api/kernels") or []:
        try:
            server.api("DELETE", f"api/kernels/{kernel['id']}")
        except urllib.error.HTTPError:
            pass


def write_notebook(path: Path, cells: list[str], *, markdown_first: str | None = None) -> Path:
    """Write a minimal nbformat-4 notebook of code ``cells`` (no nbformat import: it is slow)."""
    nb_cells: list[dict[str, Any]] = []
    if markdown_first:
        nb_cells.append({"cell_type": "markdown", "metadata": {}, "source": markdown_first})
    for source in cells:
        nb_cells.append({"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": source})
    nb = {
        "cells": nb_cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    for i, cell in enumerate(nb_cells):
        cell["id"] = f"cell-{i}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- page helpers
# JavaScript run in the page through Playwright. ``root`` is an element handle (a cell).

JS_PLOT_DATA = """
(root) => {
  // plotly.py 6+ may send numpy arrays as {dtype, bdata} (base64); decode them too.
  const TYPED = {f8: Float64Array, f4: Float32Array, i4: Int32Array, u4: Uint32Array,
                 i2: Int16Array, u2: Uint16Array, i1: Int8Array, u1: Uint8Array, u1c: Uint8ClampedArray};
  const decode = (spec) => {
    const bytes = Uint8Array.from(atob(spec.bdata), c => c.charCodeAt(0));
    return Array.from(new TYPED[spec.dtype](bytes.buffer));
  };
  const plain = (v) => {
    if (v && ArrayBuffer.isView(v)) return Array.from(v);
    if (v && typeof v === 'object' && typeof v.bdata === 'string' && v.dtype in TYPED) return decode(v);
    if (Array.isArray(v)) return v.map(plain);
    if (v && typeof v === 'object') {
      const out = {};
      for (const k of Object.keys(v).sort()) out[k] = plain(v[k]);
      return out;
    }
    return v;
  };
  return [...root.querySelectorAll('.js-plotly-plot')].map(gd => plain(gd.data || []));
}
"""
"""Every plotly graph div's ``gd.data`` under ``root``, typed arrays as plain lists."""

JS_PLOT_SIGNATURE = "(root) => JSON.stringify((" + JS_PLOT_DATA + ")(root))"
"""A string that changes whenever any plot's data under ``root`` changes."""

JS_WIDGET_PROBLEMS = """
(root) => {
  const text = root.innerText || '';
  const problems = [];
  for (const needle of ['Error displaying widget', 'Loading widget', 'model not found',
                        'Failed to load model class', 'Could not create a view']) {
    if (text.includes(needle)) problems.push(needle);
  }
  return problems;
}
"""
"""Widget-rendering failures visible under ``root``."""

JS_OUTPUT_ERRORS = """
(root) => {
  const found = [];
  const outputs = root.querySelectorAll('.jp-OutputArea-output');
  for (const o of outputs) {
    const mime = o.getAttribute('data-mime-type') || '';
    const text = (o.innerText || o.textContent || '').trim();
    const traceback = /Traceback \\(most recent call last\\)/.test(text)
      || /^-{20,}\\s*\\n?\\s*\\w*(Error|Exception|Interrupt)\\b/m.test(text);
    if (mime.includes('error') || (mime.includes('stderr') && traceback) || (!mime && traceback)) {
      const cell = o.closest('.jp-Cell');
      const cells = cell && cell.parentElement ? [...cell.parentElement.querySelectorAll(':scope > .jp-Cell')] : [];
      found.push({cell: cells.indexOf(cell), mime, text: text.slice(0, 1500)});
    }
  }
  return found;
}
"""
"""Error outputs under ``root``: error mime types, or stderr / text holding a Python traceback."""

JS_LATENCY_ARM = """
([root, timeoutMs]) => {
  // One-shot probe for the next keydown. Resolves with ms since the keydown, null on timeout:
  //   data    - when plotly's gd.data under root first differs from before the key;
  //   svg     - when the drawn traces first differ: the SVG of every plot's traces
  //             (g.trace: the bars, markers and lines, not the axes);
  //   visible - when the browser paints the first frame holding the new traces.
  // `svg` is checked on every DOM mutation under root, so it works the same whether a plot is
  // updated in place or replaced by a new one, in a task (a kernel message) or in an
  // animation-frame callback (plotly's animate).
  // `visible`: a frame runs its animation-frame callbacks, then style and layout, then its
  // ResizeObserver callbacks, then paint. In every frame the probe's animation-frame callback
  // starts observing root with a new ResizeObserver, whose first callback comes in that frame's
  // ResizeObserver step: after every change the frame will paint, just before the paint. The
  // first such callback that sees the new traces gives `visible` (paint itself, ~1 ms, excluded).
  const plain = (v) => (v && ArrayBuffer.isView(v)) ? Array.from(v) : v;
  const plots = () => [...root.querySelectorAll('.js-plotly-plot')];
  const dataSig = () => JSON.stringify(plots().map(
    gd => (gd.data || []).map(t => Object.fromEntries(Object.entries(t).map(([k, v]) => [k, plain(v)])))));
  const svgSig = () => plots().map(
    gd => [...gd.querySelectorAll('.cartesianlayer g.trace')].map(trace => trace.outerHTML).join('')).join('|');
  const beforeData = dataSig();
  const beforeSvg = svgSig();
  let keyAt = null;
  const onKey = () => { if (keyAt === null) keyAt = performance.now(); };
  document.addEventListener('keydown', onKey, true);
  let observer = null;
  window.__calfkitLatency = new Promise((resolve) => {
    const started = performance.now();
    const found = {data: null, svg: null};
    let done = false;
    const finish = (value) => {
      if (done) return;
      done = true;
      if (observer) observer.disconnect();
      document.removeEventListener('keydown', onKey, true);
      resolve(value);
    };
    const changed = () => { const svg = svgSig(); return svg && svg !== beforeSvg; };
    const check = () => {
      if (done || found.svg !== null) return;
      if (performance.now() - started > timeoutMs) return finish(null);
      if (keyAt === null) return;
      const now = performance.now() - keyAt;
      if (found.data === null && dataSig() !== beforeData) found.data = now;
      if (changed()) found.svg = now;
    };
    const beforePaint = () => {
      if (done || keyAt === null) return;
      check();
      if (found.svg === null && !changed()) return;
      const now = performance.now() - keyAt;
      if (found.svg === null) found.svg = now;
      if (found.data === null) found.data = dataSig() !== beforeData ? found.svg : null;
      finish({...found, visible: now});
    };
    const frame = () => {
      if (done) return;
      const resize = new ResizeObserver(() => { resize.disconnect(); beforePaint(); });
      resize.observe(root);
      check();
      requestAnimationFrame(frame);
    };
    observer = new MutationObserver(check);
    observer.observe(root, {subtree: true, childList: true, attributes: true, characterData: true});
    requestAnimationFrame(frame);
  });
  return beforeSvg.length;
}
"""
"""Arm a one-shot latency probe on ``root``; press a key, then await ``window.__calfkitLatency``."""


def wait_lab_idle(page: Any, timeout_ms: float = BUDGET_MS) -> None:
    """Wait until the notebook's kernel indicator says idle."""
    page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=timeout_ms)


def open_lab_notebook(page: Any, server: Server, path: str, timeout_ms: float = BUDGET_MS) -> None:
    """Open ``path`` in JupyterLab (fresh workspace) and wait until its kernel is really idle.

    The indicator can say "idle" before the session has a kernel; Run All then does nothing.
    So also wait, through the REST API, for the notebook's session with an idle kernel.
    """
    page.goto(server.url(f"lab/tree/{path}", reset=""), wait_until="domcontentloaded", timeout=timeout_ms)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=timeout_ms)
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        sessions = [s for s in server.api("GET", "api/sessions") or [] if s.get("path") == path]
        kernel = (sessions[0].get("kernel") or {}) if sessions else {}
        if kernel.get("execution_state") == "idle":
            break
        if time.monotonic() > deadline:
            raise TimeoutError(f"no idle kernel for {path} after {timeout_ms / 1000:.0f} s: {sessions}")
        time.sleep(0.2)
    wait_lab_idle(page, timeout_ms)
    # The kernel-status widget in the toolbar names the kernel once the connection is up.
    page.wait_for_function(
        "() => { const s = document.querySelector('.jp-Notebook-ExecutionIndicator');"
        " return s && s.getAttribute('data-status') === 'idle'"
        " && !/Kernel status: (Unknown|Starting|Connecting)/i.test(s.textContent); }",
        timeout=timeout_ms,
    )


JS_RUN_FINISHED = """
() => {
  const ind = document.querySelector('.jp-Notebook-ExecutionIndicator');
  if (!ind || ind.getAttribute('data-status') !== 'idle') return false;
  const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')]
    .map(p => p.textContent.trim());
  if (prompts.some(p => p.includes('*'))) return false;
  return prompts.length === 0 || prompts.some(p => /\\d/.test(p));
}
"""


JS_RUN_STARTED = """
() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')]
        .some(p => /[*\\d]/.test(p.textContent))
"""


def lab_run_all(page: Any, timeout_ms: float = BUDGET_MS) -> list[str]:
    """Run → Run All Cells from the menu bar; wait until done. Returns the code-cell prompts.

    If no cell has started after 15 s (the kernel connection was not ready and JupyterLab
    dropped the request), the menu command is issued once more and given the whole budget.
    """
    for attempt in range(2):
        page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
        page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
        try:
            page.wait_for_function(JS_RUN_STARTED, timeout=15_000 if attempt == 0 else timeout_ms, polling=100)
            break
        except Exception:  # noqa: BLE001 - playwright TimeoutError
            if attempt:
                raise
            page.keyboard.press("Escape")
            wait_lab_idle(page)
    page.wait_for_function(JS_RUN_FINISHED, timeout=timeout_ms, polling=250)
    return page.evaluate(
        "() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')]"
        ".map(p => p.textContent.trim())"
    )


def lab_cell(page: Any, index: int) -> Any:
    """Locator of cell ``index`` (all cell types counted) of the open notebook in JupyterLab."""
    return page.locator(".jp-Notebook .jp-Cell").nth(index)


def voila_cell(page: Any, index: int) -> Any:
    """Locator of cell ``index`` (all cell types counted) of a Voila page."""
    return page.locator(".jp-Cell").nth(index)


def wait_widget(cell: Any, timeout_ms: float = BUDGET_MS, plot: bool | None = None) -> Any:
    """Wait until the widget view in ``cell`` has rendered; returns its output element handle.

    ``plot=True`` also waits for a plotly graph div with data (``None``: if the widget has one).
    """
    cell.locator(".jupyter-widgets").first.wait_for(state="attached", timeout=timeout_ms)
    handle = cell.element_handle()
    page = cell.page
    page.wait_for_function(
        """([root, wantPlot]) => {
             const text = root.innerText || '';
             if (text.includes('Loading widget')) return false;
             if (text.includes('Error displaying widget')) return true;  // reported by the caller
             const plots = [...root.querySelectorAll('.js-plotly-plot')];
             if (wantPlot === true && plots.length === 0) return false;
             return plots.every(gd => Array.isArray(gd.data) && gd.data.length > 0 && gd._fullLayout);
           }""",
        arg=[handle, plot],
        timeout=timeout_ms,
        polling=100,
    )
    return handle


def settled_widget_problems(page: Any, root: Any, timeout_ms: float = BUDGET_MS) -> list[str]:
    """Widget problems under ``root`` once no view is still loading (any widget, not only calfkit's)."""
    try:
        page.wait_for_function(
            "(root) => !(root.innerText || '').includes('Loading widget')", arg=root, timeout=timeout_ms, polling=250
        )
    except Exception:  # noqa: BLE001 - playwright TimeoutError: reported below as 'Loading widget'
        pass
    return page.evaluate(JS_WIDGET_PROBLEMS, root)


def plot_signature(page: Any, root: Any) -> str:
    return page.evaluate(JS_PLOT_SIGNATURE, root)


def plot_data(page: Any, root: Any) -> list[list[dict[str, Any]]]:
    return page.evaluate(JS_PLOT_DATA, root)


SLIDER_STEPS: tuple[tuple[str, ...], ...] = (("ArrowRight",),) * 3 + (("ArrowLeft",),) * 6
"""Key steps for a slider: right first; a slider at its maximum needs left."""


JS_CONTROL_STATE = """
(el) => JSON.stringify([el.getAttribute('aria-valuenow'), el.value, el.checked, el.selectedIndex,
                        el.getAttribute('aria-pressed'), el.className])
"""
"""What a key changes in a control at once, without the kernel: a slider handle's value, an
input's value or checked state, a select's option, a toggle button's pressed state."""


def press_until_changed(
    page: Any,
    root: Any,
    focus: Any,
    steps: tuple[tuple[str, ...], ...] = SLIDER_STEPS,
    *,
    probe: str = JS_PLOT_SIGNATURE,
    wait_ms: float = BUDGET_MS,
) -> tuple[str, str, int]:
    """Focus ``focus`` and press key ``steps`` one by one until ``probe(root)`` changes.

    Each step is a tuple of keys pressed in a row (e.g. open a dropdown, move, Enter). After a
    step, the control itself must change within :data:`CONTROL_MS` (in the browser, no kernel);
    if it does not, the keys did nothing (a slider at its maximum does not move on ArrowRight,
    hence the ArrowLeft fallback) and the next step is tried. If it does, ``probe(root)`` is given
    up to ``wait_ms`` to change (the kernel redraws; slow on a loaded machine).
    Returns (before, after, steps taken); ``after == before`` means nothing changed.
    """
    before = page.evaluate(probe, root)
    control = focus.element_handle()  # the element itself: a locator may match another one later
    control.focus()
    for taken, keys in enumerate(steps, start=1):
        control_before = control.evaluate(JS_CONTROL_STATE)
        for key in keys:
            page.keyboard.press(key)
        try:
            page.wait_for_function(
                f"([el, before]) => ({JS_CONTROL_STATE})(el) !== before",
                arg=[control, control_before],
                timeout=CONTROL_MS,
                polling=50,
            )
        except Exception:  # noqa: BLE001 - playwright TimeoutError: the keys did not move the control
            pass
        else:
            try:
                page.wait_for_function(
                    f"([root, before]) => ({probe})(root) !== before",
                    arg=[root, before],
                    timeout=wait_ms,
                    polling=50,
                )
            except Exception:  # noqa: BLE001 - playwright TimeoutError; try the next step
                continue
            return before, page.evaluate(probe, root), taken
        # The control did not move, but an earlier step's redraw may have arrived since.
        after = page.evaluate(probe, root)
        if after != before:
            return before, after, taken
    return before, before, len(steps)
