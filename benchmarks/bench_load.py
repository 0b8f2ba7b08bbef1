"""How fast every lesson opens, what it costs the network and the kernel, against a plain plotly page.

Run ``python benchmarks/bench_load.py`` (needs Debian's chromium on PATH and Python
Playwright; never downloads a browser). Not a test. It copies the lessons to a temporary
folder, starts JupyterLab and Voilà there on free loopback ports (Jupyter's state in the
temporary folder too) and, for every lesson and for a *control* notebook (one plain plotly
``FigureWidget`` and one slider, the cheapest page this stack can show), measures in
Chromium:

* ``usable`` - ms from the start of the navigation to the first control of a widget
  (slider handle, dropdown, button, text box) in the page;
* ``plot`` - ms to the first plotly figure with its traces drawn (a ``g.trace`` of any trace
  type: bars and lines, or lesson 01's treemap);
* ``ws`` - bytes through the page's websockets (both directions) until the page has
  settled, and ``http`` - bytes of the HTTP responses (bodies and headers; a cached file
  costs nothing, a 304 reply its headers);
* ``kernel`` - resident memory of the page's kernel (MB), once the page has settled;

each *cold* (a new browser profile: empty HTTP cache) and *warm* (the same profile opening
the page a second time, as a learner does the next day or after a reload). The lessons'
"predict first" boxes are opened at load (``CALFKIT_REVEAL=1``, a teacher's projected
screen), so every explorer and its figure is on the page from the start; ``--closed``
leaves them closed as a learner finds them (no figure until a prediction is made). In JupyterLab
the clock also runs through JupyterLab's own start and "Run All Cells" (the lessons are
committed without outputs), for the lessons and the control alike.

It also times the kernel's work for one explorer update (``--kernel``; a slider moved in
Python, the messages serialised to JSON as the comm does; wall-clock and CPU time, the latter
steadier on a shared machine) against a plain ``FigureWidget`` update, and, with ``--class-size N`` (default 20), has N learners open lesson 03 on one Voilà
server at once (N browser contexts): how many render, how long the last one takes, and the
key press -> visible plot latency (p50 / p95) of a slider on each page while all N are
open, for lesson 03 and for the control.

Targets: warm ``usable`` <= 0.5 x the control's, in both servers; warm ``ws`` <= 0.5 MB per
page; in-kernel update median <= 5 ms. It prints what it measured and exits 1 if a target
is missed. Results: benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.browser import servers  # noqa: E402

TARGET_WARM_USABLE_RATIO = 0.5
TARGET_WARM_WS_BYTES = 500_000
TARGET_KERNEL_UPDATE_MS = 5.0
TARGET_SIMULATOR_UPDATE_MS = 10.0
"""The run simulator's update (models + traces of both figures) has its own target (issue 12)."""

SERVED = Path()
"""Folder the servers serve (set by :func:`main`)."""

CONTROL = "control.ipynb"
CONTROL_CELL = """\
import ipywidgets as w
import plotly.graph_objects as go
BASE = [1.0, 2.0, 4.0, 3.0, 5.0]
fig = go.FigureWidget(data=[go.Bar(y=BASE, name='k x base')], layout=dict(height=300, yaxis=dict(range=[0, 60])))
k = w.IntSlider(value=1, min=0, max=10, description='k')
def update(change):
    with fig.batch_update():
        fig.data[0].y = [change['new'] * b for b in BASE]
k.observe(update, 'value')
w.VBox([k, fig])"""
"""The control page: one plain plotly ``FigureWidget`` and one slider."""

CLASS_LESSON = "03_training_load_and_risk.ipynb"
CLASS_SLIDER = {CLASS_LESSON: "Week 4 (km)", CONTROL: "k"}
"""Slider pressed on each page in the class run (every step redraws the plot)."""

JS_LOAD_PROBE = """
(() => {
  // Records, in ms since the navigation started, the first widget control and the first
  // plotly figure with drawn traces. Installed before any page script runs.
  const found = (window.__calfkitLoad = {usable: null, plot: null});
  const CONTROLS = '.jupyter-widgets .noUi-handle, .jupyter-widgets select, .jupyter-widgets button,'
    + ' .jupyter-widgets input, .widget-slider .noUi-handle';
  const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const check = () => {
    if (found.usable === null && [...document.querySelectorAll(CONTROLS)].some(visible)) found.usable = performance.now();
    // any trace type: x/y traces are drawn in .cartesianlayer, lesson 01's treemap in .treemaplayer
    if (found.plot === null && document.querySelector('.js-plotly-plot .main-svg g.trace')) found.plot = performance.now();
    if (found.usable === null || found.plot === null) requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();
"""


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolation percentile (numpy's default), without numpy."""
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100.0
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


# --------------------------------------------------------------------------- kernels


def kernel_pids(server: Any) -> set[int]:
    """PIDs of the kernels ``server`` started (ipykernel processes whose parent it is)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if b"ipykernel_launcher" in cmdline and parent == server.proc.pid:
            found.add(int(entry.name))
    return found


def rss_mb(pid: int) -> float | None:
    """Resident memory of ``pid`` in MB, or None if it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


# --------------------------------------------------------------------------- one page load


class Traffic:
    """Bytes through a page's websockets and HTTP responses."""

    def __init__(self, page: Any) -> None:
        self.ws = 0
        self.http = 0
        self.frames = 0
        page.on("websocket", self._socket)
        page.on("requestfinished", self._finished)

    def _socket(self, ws: Any) -> None:
        def count(payload: Any) -> None:
            self.ws += len(payload.encode() if isinstance(payload, str) else payload)
            self.frames += 1

        ws.on("framereceived", count)
        ws.on("framesent", count)

    def _finished(self, request: Any) -> None:
        try:
            sizes = request.sizes()
        except Exception:  # noqa: BLE001 - a request of a closed page
            return
        self.http += max(sizes.get("responseBodySize", 0), 0) + max(sizes.get("responseHeadersSize", 0), 0)


def settle(page: Any, traffic: Traffic, quiet_ms: int = 1500, limit_ms: int = 30_000) -> None:
    """Wait until no websocket frame has passed for ``quiet_ms`` (or ``limit_ms`` in all)."""
    start = time.monotonic()
    last, since = traffic.frames, time.monotonic()
    while (time.monotonic() - start) * 1000 < limit_ms:
        page.wait_for_timeout(250)
        if traffic.frames != last:
            last, since = traffic.frames, time.monotonic()
        elif (time.monotonic() - since) * 1000 >= quiet_ms:
            return


def load_page(context: Any, server_name: str, server: Any, rel: str, timeout_ms: int) -> dict[str, Any]:
    """Open ``rel`` in a new page of ``context``; what it cost (see the module docstring)."""
    page = context.new_page()
    traffic = Traffic(page)
    before = kernel_pids(server)
    row: dict[str, Any] = {"server": server_name, "notebook": rel}
    try:
        if server_name == "lab":
            servers.delete_sessions(server)
            servers.open_lab_notebook(page, server, rel, timeout_ms=timeout_ms)
            servers.lab_run_all(page, timeout_ms=timeout_ms)
        else:
            page.goto(server.url(f"voila/render/{rel}"), wait_until="load", timeout=timeout_ms)
        deadline = time.monotonic() + timeout_ms / 1000
        want_plot = expects_plot(rel)
        while time.monotonic() < deadline:
            found = page.evaluate("() => window.__calfkitLoad")
            if found["usable"] is not None and (found["plot"] is not None or not want_plot):
                break
            page.wait_for_timeout(100)
        settle(page, traffic)
        found = page.evaluate("() => window.__calfkitLoad")
        row.update(usable_ms=found["usable"], plot_ms=found["plot"], ws_bytes=traffic.ws, http_bytes=traffic.http)
        new = sorted(kernel_pids(server) - before) or sorted(kernel_pids(server))
        row["kernel_mb"] = rss_mb(new[-1]) if new else None
    finally:
        page.close()
    return row


FIGURE_FACTORIES = re.compile(r"\b(?:risk|doms|load|log|causes|claims)_explorer\(|FigureWidget\(")
"""Calls in a notebook's code that put a plotly figure on the page."""


def expects_plot(rel: str) -> bool:
    """Whether the notebook ``rel`` (in the served folder) shows a plotly figure when it opens (revealed)."""
    notebook = json.loads((SERVED / rel).read_text(encoding="utf-8"))
    code = "\n".join("".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code")
    return bool(FIGURE_FACTORIES.search(code))


def run_loads(browser: Any, started: dict[str, Any], notebooks: list[str], timeout_ms: int) -> list[dict[str, Any]]:
    rows = []
    for server_name, server in started.items():
        for rel in notebooks:
            context = browser.new_context(viewport={"width": 1280, "height": 1000})
            context.add_init_script(JS_LOAD_PROBE)
            context.set_default_timeout(timeout_ms)
            try:
                for visit in ("cold", "warm"):
                    t0 = time.perf_counter()
                    row = load_page(context, server_name, server, rel, timeout_ms)
                    row["visit"] = visit
                    rows.append(row)
                    print(
                        f"  {server_name:5s} {rel:44s} {visit}: usable {_ms(row['usable_ms'])} plot {_ms(row['plot_ms'])}"
                        f" ws {row['ws_bytes'] / 1e6:6.2f} MB http {row['http_bytes'] / 1e6:6.2f} MB"
                        f" kernel {_mb(row['kernel_mb'])}  [{time.perf_counter() - t0:.0f} s]",
                        file=sys.stderr,
                        flush=True,
                    )
            finally:
                context.close()
    return rows


def _ms(value: float | None) -> str:
    return "    -  " if value is None else f"{value:6.0f}ms"


def _mb(value: float | None) -> str:
    return "  - " if value is None else f"{value:4.0f}MB"


# --------------------------------------------------------------------------- the class of N


def run_class(browser: Any, server: Any, size: int, presses: int, timeout_ms: int) -> list[dict[str, Any]]:
    """``size`` learners open the same page at once, then each presses a slider ``presses`` times."""
    results = []
    for rel in (CLASS_LESSON, CONTROL):
        contexts = [browser.new_context(viewport={"width": 1280, "height": 1000}) for _ in range(size)]
        pages = [context.new_page() for context in contexts]
        t0 = time.perf_counter()
        for page in pages:
            page.goto(server.url(f"voila/render/{rel}"), wait_until="commit", timeout=timeout_ms)
        rendered, latencies, failed = 0, [], []
        label = CLASS_SLIDER[rel]
        cells = []
        for i, page in enumerate(pages):
            try:
                page.wait_for_load_state("load", timeout=timeout_ms)
                slider = page.locator(".widget-slider", has_text=label).first
                slider.wait_for(timeout=timeout_ms)
                cell = page.locator(".jp-Cell", has=slider).first
                servers.wait_widget(cell, timeout_ms=timeout_ms, plot=True)
                rendered += 1
                cells.append((page, cell, slider))
            except Exception as exc:  # noqa: BLE001 - reported, the run goes on
                failed.append(f"page {i}: {type(exc).__name__}: {str(exc)[:200]}")
        all_rendered_s = time.perf_counter() - t0
        for page, cell, slider in cells:
            handle = cell.element_handle()
            slider.locator(".noUi-handle").focus()
            for j in range(presses):
                page.evaluate(servers.JS_LATENCY_ARM, [handle, 10_000])
                page.keyboard.press(("ArrowRight", "ArrowLeft")[j % 2])
                latency = page.evaluate("() => window.__calfkitLatency")
                if latency is None:
                    failed.append(f"{rel}: a press did not redraw the plot within 10 s")
                else:
                    latencies.append(float(latency["visible"]))
                page.wait_for_timeout(200)
        row = {
            "notebook": rel,
            "learners": size,
            "rendered": rendered,
            "all_rendered_s": all_rendered_s,
            "presses": len(latencies),
            "failed": failed,
        }
        if latencies:
            row.update(p50_ms=statistics.median(latencies), p95_ms=percentile(latencies, 95))
        results.append(row)
        print(
            f"  class of {size}: {rel}: {rendered}/{size} rendered in {all_rendered_s:.0f} s; "
            f"slider -> plot p50 {row.get('p50_ms', float('nan')):.0f} ms, p95 {row.get('p95_ms', float('nan')):.0f} ms"
            f" over {len(latencies)} presses; {len(failed)} problems",
            file=sys.stderr,
            flush=True,
        )
        for context in contexts:
            context.close()
    return results


# --------------------------------------------------------------------------- kernel-side update cost


def kernel_updates(repeats: int = 60) -> list[dict[str, Any]]:
    """ms of kernel work per slider move: each explorer against a plain ``FigureWidget``.

    The figure's messages go through the same JSON serialisation the comm does (with
    plotly's own serialisers), not to a front end.
    """
    import ipywidgets as W
    import plotly.graph_objects as go
    from ipywidgets.widgets.widget import _remove_buffers

    from calfkit.widgets import doms_explorer, load_explorer, risk_explorer, run_simulator

    def wire(figure: Any) -> list[int]:
        sizes: list[int] = []

        def send(msg: dict, buffers: Any = None) -> None:
            state, _paths, buffers = _remove_buffers(msg["state"])
            sizes.append(len(json.dumps(state)) + sum(len(b) for b in buffers or []))

        figure._send = send
        return sizes

    def timed(move: Any, values: list[Any], sizes: list[int]) -> dict[str, Any]:
        times, cpu = [], []
        for value in values:
            start, start_cpu = time.perf_counter(), time.process_time()
            move(value)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        return {
            "median_ms": statistics.median(times),
            "p95_ms": percentile(times, 95),
            "cpu_median_ms": statistics.median(cpu),
            "bytes_per_update": sum(sizes) / len(values),
        }

    rows = []
    base = [1.0, 2.0, 4.0, 3.0, 5.0]
    plain = go.FigureWidget(data=[go.Bar(y=base)], layout={"height": 300})
    k = W.IntSlider(value=1, min=0, max=10)

    def update(change: dict) -> None:
        with plain.batch_update():
            plain.data[0].y = [change["new"] * b for b in base]

    k.observe(update, "value")
    sizes = wire(plain)
    rows.append(
        {
            "case": "plain FigureWidget + slider (control)",
            **timed(lambda v: setattr(k, "value", v), [2, 3, 4] * (repeats // 3), sizes),
        }
    )
    for name, factory, control, values in (
        ("risk_explorer (spike)", risk_explorer, "spike_pct", [20.0, 25.0, 30.0]),
        ("doms_explorer (longer/harder)", doms_explorer, "unaccustomed_pct", [60.0, 70.0, 80.0]),
        ("load_explorer (week 4)", load_explorer, "week_4", [30.0, 35.0, 40.0]),
    ):
        explorer = factory()
        sizes = wire(explorer.figure)
        widget = explorer.controls[control]
        rows.append({"case": name, **timed(lambda v, w=widget: setattr(w, "value", v), values * (repeats // 3), sizes)})
    simulator = run_simulator()
    sizes = wire(simulator.figure)
    simulator.risk_figure._send = simulator.figure._send  # both figures' messages counted together
    widget = simulator.controls["planned_long_run_km"]
    rows.append(
        {
            "case": "run_simulator (long run, 2 figures)",
            "target_ms": TARGET_SIMULATOR_UPDATE_MS,
            **timed(lambda v: setattr(widget, "value", v), [18.0, 18.5, 19.0] * (repeats // 3), sizes),
        }
    )
    return rows


# --------------------------------------------------------------------------- report


def report(loads: list[dict[str, Any]], updates: list[dict[str, Any]], klass: list[dict[str, Any]]) -> bool:
    ok = True
    if loads:
        print(
            f"{'server':6s} {'notebook':44s} | {'usable cold':>11s} {'warm':>7s} | {'plot cold':>9s} {'warm':>7s} | "
            f"{'ws MB cold':>10s} {'warm':>6s} | {'http MB cold':>12s} {'warm':>6s} | {'kernel MB':>9s}"
        )
        by = {(r["server"], r["notebook"], r["visit"]): r for r in loads}
        for server_name in dict.fromkeys(r["server"] for r in loads):
            control = by.get((server_name, CONTROL, "warm"))
            for rel in dict.fromkeys(r["notebook"] for r in loads if r["server"] == server_name):
                cold, warm = by[server_name, rel, "cold"], by[server_name, rel, "warm"]
                misses = []
                if warm["ws_bytes"] > TARGET_WARM_WS_BYTES:
                    misses.append("warm ws > 0.5 MB")
                if rel != CONTROL and control and warm["usable_ms"] and control["usable_ms"]:
                    ratio = warm["usable_ms"] / control["usable_ms"]
                    if ratio > TARGET_WARM_USABLE_RATIO:
                        misses.append(f"warm usable {ratio:.2f} x control's")
                ok = ok and not misses
                print(
                    f"{server_name:6s} {rel:44s} | {_ms(cold['usable_ms']):>11s} {_ms(warm['usable_ms']):>7s} | "
                    f"{_ms(cold['plot_ms']):>9s} {_ms(warm['plot_ms']):>7s} | {cold['ws_bytes'] / 1e6:10.2f} "
                    f"{warm['ws_bytes'] / 1e6:6.2f} | {cold['http_bytes'] / 1e6:12.2f} {warm['http_bytes'] / 1e6:6.2f} | "
                    f"{_mb(warm['kernel_mb']):>9s}  {'; '.join(misses)}"
                )
    if updates:
        print(f"\n{'kernel work per slider move':40s} | {'median':>7s} {'p95':>7s} {'CPU':>7s} | bytes sent")
        for row in updates:
            target = row.get("target_ms", TARGET_KERNEL_UPDATE_MS)
            miss = row["case"].endswith("(control)") is False and row["median_ms"] > target
            ok = ok and not miss
            print(
                f"{row['case']:40s} | {row['median_ms']:6.2f}ms {row['p95_ms']:6.2f}ms {row['cpu_median_ms']:5.2f}ms"
                f" | {row['bytes_per_update']:8.0f}" + (f"  MISSED: median > {target:g} ms" if miss else "")
            )
    for row in klass:
        ok = ok and row["rendered"] == row["learners"]
        print(
            f"\nclass of {row['learners']} on one Voila server, {row['notebook']}: {row['rendered']}/{row['learners']} "
            f"rendered, the last {row['all_rendered_s']:.0f} s after the first navigation; slider -> visible plot "
            f"p50 {row.get('p50_ms', float('nan')):.0f} ms, p95 {row.get('p95_ms', float('nan')):.0f} ms "
            f"({row['presses']} presses)" + (f"; problems: {row['failed'][:3]}" if row["failed"] else "")
        )
    print(
        f"\nTargets: warm usable <= {TARGET_WARM_USABLE_RATIO} x the control's; warm websocket <= "
        f"{TARGET_WARM_WS_BYTES / 1e6} MB per page; kernel update median <= {TARGET_KERNEL_UPDATE_MS} ms "
        f"(the run simulator's, both figures: <= {TARGET_SIMULATOR_UPDATE_MS} ms)."
    )
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--servers", nargs="+", default=["voila", "lab"], choices=["lab", "voila"])
    parser.add_argument("--lessons", nargs="*", help="lesson file names (default: all)")
    parser.add_argument("--class-size", type=int, default=20, help="learners opening lesson 03 at once (0: skip)")
    parser.add_argument("--class-presses", type=int, default=5, help="slider presses per learner's page")
    parser.add_argument("--no-loads", action="store_true", help="skip the per-lesson page loads")
    parser.add_argument("--no-kernel", action="store_true", help="skip the in-kernel update timing")
    parser.add_argument("--timeout-ms", type=int, default=180_000)
    parser.add_argument(
        "--closed",
        action="store_true",
        help="leave the predict-first boxes closed, as a learner finds them (default: open, "
        "CALFKIT_REVEAL=1, as on a teacher's projected screen, so every figure shows at load)",
    )
    parser.add_argument("--json", type=Path, help="also write the raw results here (outside the repo)")
    args = parser.parse_args(argv)
    updates = [] if args.no_kernel else kernel_updates()
    loads: list[dict[str, Any]] = []
    klass: list[dict[str, Any]] = []
    if not args.no_loads or args.class_size:
        if servers.chromium_path() is None:
            print(
                "chromium is not on PATH: apt-get install -y chromium (a browser is never downloaded)", file=sys.stderr
            )
            return 2
        from playwright.sync_api import sync_playwright

        lessons = args.lessons or sorted(p.name for p in (REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
        if not args.closed:
            os.environ["CALFKIT_REVEAL"] = "1"  # the servers' kernels inherit it
        with tempfile.TemporaryDirectory(prefix="calfkit-bench-load-") as tmp:
            global SERVED
            root = SERVED = Path(tmp) / "root"
            root.mkdir()
            for name in lessons:
                shutil.copy(REPO / "notebooks" / name, root / name)
            if args.class_size and CLASS_LESSON not in lessons:
                shutil.copy(REPO / "notebooks" / CLASS_LESSON, root / CLASS_LESSON)
            servers.write_notebook(root / CONTROL, [CONTROL_CELL], markdown_first="# Control: one plain FigureWidget")
            started = {}
            try:
                names = set(args.servers) if not args.no_loads else set()
                if args.class_size:
                    names.add("voila")
                for name in ("voila", "lab"):
                    if name in names:
                        start = servers.start_voila if name == "voila" else servers.start_lab
                        started[name] = start(root, Path(tmp) / "state")
                with sync_playwright() as pw:
                    browser = servers.launch_chromium(pw)
                    if not args.no_loads:
                        chosen = {k: v for k, v in started.items() if k in args.servers}
                        loads = run_loads(browser, chosen, [CONTROL, *lessons], args.timeout_ms)
                    if args.class_size:
                        klass = run_class(
                            browser, started["voila"], args.class_size, args.class_presses, args.timeout_ms
                        )
                    browser.close()
            finally:
                for server in started.values():
                    server.stop()
    ok = report(loads, updates, klass)
    if args.json:
        args.json.write_text(
            json.dumps({"loads": loads, "kernel": updates, "class": klass}, indent=1), encoding="utf-8"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
