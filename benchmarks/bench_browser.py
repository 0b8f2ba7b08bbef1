"""Key press -> plot update latency of the calfkit widgets in a real browser.

Run ``python benchmarks/bench_browser.py`` (needs Debian's chromium on PATH and
Python Playwright; never downloads a browser). Not a test: it starts JupyterLab
and Voilà on free loopback ports, serving throwaway notebooks from a temporary
directory (nothing is written into the repository), and for each server and demo
presses the arrow keys on one slider of the demo (:data:`SLIDERS`; right, left,
right, ..., each press redrawing the plot) and measures, in the page, from the keydown:

* ``fast``  - the calfkit widget (``risk_explorer()`` / ``doms_explorer()`` /
  ``run_simulator()``): FigureWidgets built once and updated in place (only their traces redrawn);
* ``naive`` - the same demo written the naive way: ``ipywidgets.interact`` over
  the same controls, building a fresh ``go.Figure`` from the same calfkit figure
  builders on every change and displaying it.

What "plot update" means here: the moment the learner can see the new plot. For
both versions alike that is ``visible``: the browser paints the first frame whose
plot traces (the SVG of the trace layer: bars, markers, lines) differ from before
the key press. It is taken in that frame's ResizeObserver step, after its
animation-frame callbacks, style and layout, just before its paint (see
:data:`tests.browser.servers.JS_LATENCY_ARM`), so it is right whether the plot is
updated in place or replaced by a new one, in a task (a kernel message) or in an
animation-frame callback (plotly's animate). The moment plotly's ``gd.data``
changes is printed too, for comparison only: the naive version's new figure gets
its ``gd.data`` at the start of a full new render, so that moment hides the
redraw the learner waits for.

It prints median and p95 over ``--moves`` key presses (default 24, at least 20)
per (server, demo, version) and the fast/naive ratio of the medians, and exits 1
if a target is missed. Targets, judged on ``visible``: fast median <= 100 ms,
p95 <= 200 ms, fast/naive <= 0.5; the run simulator (two figures) no slower than
the risk explorer in the same run.

Results: see benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.browser import servers  # noqa: E402

TARGET_MEDIAN_MS = 100.0
TARGET_P95_MS = 200.0
TARGET_RATIO = 0.5

FAST = {
    "risk_explorer": "from calfkit.widgets import risk_explorer\nrisk_explorer(spike_pct=10.0)",
    "doms_explorer": "from calfkit.widgets import doms_explorer\ndoms_explorer()",
    "run_simulator": "from calfkit.widgets import run_simulator\nrun_simulator(planned_long_run_km=18.0)",
}

NAIVE = {
    "risk_explorer": """\
import plotly.graph_objects as go
from ipywidgets import interact
from calfkit import soreness_risk
from calfkit.figures.risk import risk_layout, risk_traces
from calfkit.widgets.controls import dropdown, slider
from calfkit.widgets.risk import WARMUP_OPTIONS


def show(weekly_change_pct, spike_pct, fluid_loss_pct, warmup_min, warmup_type):
    result = soreness_risk(weekly_change_pct=weekly_change_pct, spike_pct=spike_pct,
                           fluid_loss_pct=fluid_loss_pct, warmup_min=warmup_min, warmup_type=warmup_type)
    return go.Figure(data=risk_traces(result), layout=risk_layout())


interact(
    show,
    weekly_change_pct=slider("Weekly mileage change (% vs previous week)", 0.0, -50.0, 200.0, 5.0),
    spike_pct=slider("Longest-run spike (% beyond longest run of past 30 days)", 10.0, 0.0, 200.0, 5.0),
    fluid_loss_pct=slider("Fluid loss (% body mass)", 0.0, 0.0, 6.0, 0.5, ".1f"),
    warmup_min=slider("Warm-up (min)", 10.0, 0.0, 30.0, 1.0),
    warmup_type=dropdown("Warm-up type", WARMUP_OPTIONS, "dynamic"),
);
""",
    "doms_explorer": """\
import plotly.graph_objects as go
from ipywidgets import interact
from calfkit.figures.doms import doms_layout, doms_traces
from calfkit.widgets.controls import checkbox, int_slider, slider
from calfkit.widgets.doms import REFERENCE_LABEL, YOUR_LABEL


def show(unaccustomed_pct, downhill_pct, trained, repeated, weeks_since_similar):
    scenario = dict(unaccustomed_pct=unaccustomed_pct, downhill_pct=downhill_pct, trained=trained,
                    weeks_since_similar=weeks_since_similar if repeated else None)
    return go.Figure(data=doms_traces({YOUR_LABEL: scenario, REFERENCE_LABEL: {}}), layout=doms_layout())


interact(
    show,
    unaccustomed_pct=slider("Session longer or harder than usual (%)", 50.0, 0.0, 300.0, 10.0),
    downhill_pct=slider("Downhill share of the session (%)", 0.0, 0.0, 100.0, 5.0),
    trained=checkbox("Trained runner (used to this kind of session)", False),
    repeated=checkbox("Done a similar session before", False),
    weeks_since_similar=int_slider("Weeks since that similar session (weeks)", 0, 0, 52),
);
""",
    "run_simulator": """\
import plotly.graph_objects as go
from IPython.display import display
from ipywidgets import interact
from calfkit.figures.simulator import plan_risk_layout, plan_risk_traces, soreness_layout, soreness_traces
from calfkit.models.simulator import HOURS, run_plan
from calfkit.widgets.controls import slider


def show(planned_long_run_km, drink_l, warmup_min):
    plan = run_plan(planned_long_run_km=planned_long_run_km, drink_l=drink_l, warmup_min=warmup_min)
    display(go.Figure(data=soreness_traces(plan), layout=soreness_layout(HOURS)))
    display(go.Figure(data=plan_risk_traces(plan), layout=plan_risk_layout()))


interact(
    show,
    planned_long_run_km=slider("This week's longest run, planned (km)", 18.0, 0.0, 30.0, 0.5, ".1f"),
    drink_l=slider("What you drink during it (L)", 0.5, 0.0, 3.0, 0.1, ".1f"),
    warmup_min=slider("Warm-up (min)", 0.0, 0.0, 30.0, 1.0),
);
""",
}


SLIDERS = {
    # The risk factors are banded: most single steps change only the hover text. From a
    # 10 % spike, one step right crosses into the next band and one step left comes back.
    "risk_explorer": "Longest-run spike",
    "doms_explorer": "Session longer or harder than usual",
    # From 18 km, every 0.5 km step moves the soreness curve and the risk breakdown's hover text.
    "run_simulator": "This week's longest run, planned (km)",
}
"""Label of the slider pressed in each demo; every press alternates right / left and redraws the plot."""


def write_notebooks(root: Path) -> dict[tuple[str, str], str]:
    """One notebook per (demo, version); the demo is the first cell after a title cell."""
    paths = {}
    for version, sources in (("fast", FAST), ("naive", NAIVE)):
        for demo, source in sources.items():
            rel = f"bench/{demo}_{version}.ipynb"
            servers.write_notebook(root / rel, [source], markdown_first=f"# {demo} ({version})")
            paths[demo, version] = rel
    return paths


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolation percentile (numpy's default), without numpy."""
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100.0
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


MEASURES = ("data", "svg", "visible")
"""Moments recorded per key press (see :data:`tests.browser.servers.JS_LATENCY_ARM`)."""

JUDGED = "visible"
"""The moment the targets are judged on: the new plot has been painted on screen."""


def measure(
    page: Any, cell: Any, label: str, moves: int, warmup: int, settle_ms: int, timeout_ms: int
) -> dict[str, list[float]]:
    """Keydown -> each of :data:`MEASURES`, in ms, for ``moves`` key presses on the slider ``label``."""
    handle = servers.wait_widget(cell, timeout_ms=120_000, plot=True)
    slider = cell.locator(".widget-slider", has_text=label).locator(".noUi-handle").first
    slider.focus()
    page.wait_for_timeout(500)
    keys = [("ArrowRight", "ArrowLeft")[i % 2] for i in range(moves + warmup)]
    found: dict[str, list[float]] = {name: [] for name in MEASURES}
    for i, key in enumerate(keys):
        page.evaluate(servers.JS_LATENCY_ARM, [handle, timeout_ms])
        page.keyboard.press(key)
        latency = page.evaluate("() => window.__calfkitLatency")
        if latency is None:
            raise RuntimeError(f"move {i + 1} ({key}): the drawn plot did not change within {timeout_ms} ms")
        if i >= warmup:
            for name in MEASURES:  # gd.data may not be seen to change before a replaced plot paints: NaN
                found[name].append(float("nan") if latency[name] is None else float(latency[name]))
        page.wait_for_timeout(settle_ms)  # let the kernel go quiet before the next move
    return found


VOILA_ATTEMPTS = 3
"""Voila page loads tried per row: Voila sometimes never receives a cell's execute reply
(voila-dashboards/voila#1446) and the page stays on "still executing" until its kernel is culled."""


def open_demo(browser: Any, server_name: str, server: Any, rel: str) -> tuple[Any, Any, Any]:
    """A new browser context with the demo notebook open and its cells run: (context, page, demo cell)."""
    attempt = 1
    while True:
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        context.set_default_timeout(120_000)
        page = context.new_page()
        if server_name == "lab":
            servers.delete_sessions(server)
            servers.open_lab_notebook(page, server, rel)
            servers.lab_run_all(page)
            return context, page, servers.lab_cell(page, 1)
        try:
            page.goto(server.url(f"voila/render/{rel}"), wait_until="load", timeout=60_000)
            return context, page, servers.voila_cell(page, 1)
        except Exception as exc:  # noqa: BLE001 - playwright TimeoutError; retried, then raised
            context.close()
            if attempt == VOILA_ATTEMPTS:
                raise
            attempt += 1
            print(
                f"  voila: {rel} did not finish loading ({type(exc).__name__}); loading it again",
                file=sys.stderr,
                flush=True,
            )


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="calfkit-bench-browser-") as tmp:
        root = Path(tmp) / "root"
        paths = write_notebooks(root)
        started = {}
        if "lab" in args.servers:
            started["lab"] = servers.start_lab(root, Path(tmp) / "state")
        if "voila" in args.servers:
            started["voila"] = servers.start_voila(root, Path(tmp) / "state")
        try:
            with sync_playwright() as pw:
                browser = servers.launch_chromium(pw)
                for server_name, server in started.items():
                    for demo in args.demos:
                        for version in ("fast", "naive"):
                            rel = paths[demo, version]
                            t0 = time.perf_counter()
                            context, page, cell = open_demo(browser, server_name, server, rel)
                            found = measure(
                                page, cell, SLIDERS[demo], args.moves, args.warmup, args.settle_ms, args.timeout_ms
                            )
                            row: dict[str, Any] = {
                                "server": server_name,
                                "demo": demo,
                                "version": version,
                                "moves": len(found[JUDGED]),
                            }
                            for name, values in found.items():
                                row[f"{name}_median_ms"] = statistics.median(values)
                                row[f"{name}_p95_ms"] = percentile(values, 95)
                                row[f"{name}_ms"] = [round(x, 1) for x in values]
                            rows.append(row)
                            print(
                                f"  {server_name:5s} {demo:14s} {version:5s}  "
                                + "  ".join(
                                    f"{name} {row[name + '_median_ms']:6.1f}/{row[name + '_p95_ms']:6.1f}"
                                    for name in MEASURES
                                )
                                + f" ms (median/p95)  [{time.perf_counter() - t0:.0f} s]",
                                file=sys.stderr,
                                flush=True,
                            )
                            context.close()
                browser.close()
        finally:
            for server in started.values():
                server.stop()
    return rows


def report(rows: list[dict[str, Any]]) -> bool:
    """Print the table; True if every target is met on the judged measure (:data:`JUDGED`).

    ``gd.data changed`` is printed for comparison only: the naive version's fresh
    figure gets its ``gd.data`` at the start of a full new render, so that moment
    says nothing about when the learner sees the new plot.
    """
    by = {(r["server"], r["demo"], r["version"]): r for r in rows}
    ok = True
    header = (
        f"{'server':6s} {'demo':14s} | {'visible: fast':>15s} {'naive':>13s} {'ratio':>5s} | "
        f"{'gd.data: fast':>15s} {'naive':>13s} {'ratio':>5s} | targets (on visible)"
    )
    print(header)
    print("-" * (len(header) + 10))

    def cell(row: dict[str, Any], name: str) -> str:
        return f"{row[name + '_median_ms']:5.0f}/{row[name + '_p95_ms']:3.0f}ms"

    def ratio(fast: dict[str, Any], naive: dict[str, Any], name: str) -> float:
        return fast[name + "_median_ms"] / naive[name + "_median_ms"]

    for server, demo in dict.fromkeys((r["server"], r["demo"]) for r in rows):
        fast, naive = by[server, demo, "fast"], by[server, demo, "naive"]
        misses = []
        if fast[JUDGED + "_median_ms"] > TARGET_MEDIAN_MS:
            misses.append(f"median > {TARGET_MEDIAN_MS:.0f} ms")
        if fast[JUDGED + "_p95_ms"] > TARGET_P95_MS:
            misses.append(f"p95 > {TARGET_P95_MS:.0f} ms")
        if ratio(fast, naive, JUDGED) > TARGET_RATIO:
            misses.append(f"ratio > {TARGET_RATIO}")
        risk = by.get((server, "risk_explorer", "fast"))
        if demo == "run_simulator" and risk and fast[JUDGED + "_median_ms"] > risk[JUDGED + "_median_ms"]:
            misses.append("slower than risk_explorer in this run")
        ok = ok and not misses
        print(
            f"{server:6s} {demo:14s} | {cell(fast, JUDGED):>15s} {cell(naive, JUDGED):>13s} "
            f"{ratio(fast, naive, JUDGED):5.2f} | {cell(fast, 'data'):>15s} {cell(naive, 'data'):>13s} "
            f"{ratio(fast, naive, 'data'):5.2f} | {'ok' if not misses else 'MISSED: ' + '; '.join(misses)}"
        )
    print(
        f"median/p95 over {rows[0]['moves']} key presses per cell, in the page, from the keydown to: "
        "'visible' = the browser paints the first frame with the plot's new traces (SVG); "
        "'gd.data' = plotly's data changed (for comparison only).\n"
        f"Targets, judged on 'visible' (what the learner sees): fast median <= {TARGET_MEDIAN_MS:.0f} ms, "
        f"p95 <= {TARGET_P95_MS:.0f} ms, fast/naive median ratio <= {TARGET_RATIO}; run_simulator no slower than "
        "risk_explorer."
    )
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--moves", type=int, default=24, help="measured key presses per row (>= 20)")
    parser.add_argument("--warmup", type=int, default=2, help="unmeasured key presses first")
    parser.add_argument("--settle-ms", type=int, default=300, help="pause between key presses")
    parser.add_argument("--timeout-ms", type=int, default=10_000, help="give up on a move after this long")
    parser.add_argument("--servers", nargs="+", default=["lab", "voila"], choices=["lab", "voila"])
    parser.add_argument("--demos", nargs="+", default=list(FAST), choices=list(FAST))
    parser.add_argument("--json", type=Path, help="also write the raw results here (outside the repo)")
    args = parser.parse_args(argv)
    if args.moves < 20:
        parser.error("--moves must be at least 20")
    if servers.chromium_path() is None:
        print("chromium is not on PATH: apt-get install -y chromium (a browser is never downloaded)", file=sys.stderr)
        return 2
    rows = run(args)
    ok = report(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
