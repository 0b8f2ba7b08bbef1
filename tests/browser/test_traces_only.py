"""The explorers that redraw only their traces draw exactly what a fresh plot of the same figure draws.

``risk_explorer`` and ``doms_explorer`` update their plot with ``Plotly.animate`` and
``redraw: false`` (``LiveFigure.traces_only``), which leaves the axes, legend, shapes and
annotations as they are. That is right only if nothing the fresh plot would draw
differently is skipped. Here, in Voila, a button in the page steps both explorers through
inputs across their ranges (risk bands, warm-up types, no soreness at all, a repeated
session, a warm-up type that renames a row ...); after each step a second view of each
figure is drawn from scratch (plotly's ``newPlot`` from the figure's full state) and the
two views must come to draw the same: every path's geometry, every marker's position,
every text (tick labels, legend, annotations, value labels), fills and strokes.
"""

from __future__ import annotations

import json

import pytest

import calfkit.widgets as widgets

from . import servers
from .conftest import describe_console

pytestmark = pytest.mark.browser

NOTEBOOK = "scratch/traces_only.ipynb"

STEPS = {
    "risk": [
        {"spike_pct": 15.0},
        {"weekly_change_pct": 200.0, "spike_pct": 200.0},
        {"fluid_loss_pct": 6.0, "warmup_type": "none", "warmup_min": 0.0, "spike_pct": 60.0},
        {"warmup_type": "static", "warmup_min": 30.0},
        {"weekly_change_pct": -50.0, "spike_pct": 0.0, "fluid_loss_pct": 2.5},
        {"warmup_type": "dynamic", "warmup_min": 15.0, "weekly_change_pct": 30.0},
    ],
    "doms": [
        {"unaccustomed_pct": 60.0},
        {"unaccustomed_pct": 300.0, "downhill_pct": 100.0},
        {"unaccustomed_pct": 0.0, "downhill_pct": 0.0},  # no noticeable soreness: no markers
        {"unaccustomed_pct": 150.0, "trained": True},
        {"repeated": True, "weeks_since_similar": 2, "trained": False},
        {"weeks_since_similar": 52, "downhill_pct": 35.0},
    ],
}
"""Control values set, step by step, on each explorer (keys as in its ``controls``)."""

CELL = f"""\
import json

import ipywidgets as W
from IPython.display import display
from calfkit.widgets import doms_explorer, risk_explorer

explorers = {{"risk": risk_explorer(), "doms": doms_explorer()}}
WIDTH = "600px"  # the explorers and the copies of their figures: plots of the same size (explorers stop at 680 px)
for explorer in explorers.values():
    explorer.widget.layout.width = WIDTH
STEPS = {STEPS!r}
copies = W.Output()
done = W.Label("0 steps")
redraws = W.Label("")
step = W.Button(description="next step")
counts = {{name: {{"traces-only": 0, "then full redraw": 0, "plotly update": 0}} for name in explorers}}


def counter(name):
    def count(change):
        if change["new"] is None:
            return
        if change["name"] == "_py2js_update":
            counts[name]["plotly update"] += 1
        else:
            counts[name]["then full redraw" if change["new"]["animation_opts"]["frame"]["redraw"] else "traces-only"] += 1
    return count


for name, explorer in explorers.items():
    explorer.figure.observe(counter(name), names=["_py2js_animate", "_py2js_update"])


def next_step(_button):
    n = int(done.value.split()[0])
    for name, explorer in explorers.items():
        for control, value in STEPS[name][n].items():
            explorer.controls[control].value = value
    with copies:
        copies.clear_output()
        display(*(W.VBox([explorer.figure], layout=W.Layout(width=WIDTH)) for explorer in explorers.values()))
    redraws.value = "redraws " + json.dumps(counts)
    done.value = f"{{n + 1}} steps"


step.on_click(next_step)
display(W.VBox([explorer.widget for explorer in explorers.values()]), step, done, redraws, copies)
"""

JS_DRAWN = """
(root) => [...root.querySelectorAll('.js-plotly-plot')].map(gd =>
  // (pattern tiles in <defs> are not drawn; a plot keeps old ones after updates)
  [...gd.querySelectorAll('.main-svg path, .main-svg text, .main-svg rect')].filter(el => !el.closest('defs')).map(el => [
    el.tagName,
    el.closest('g.trace') ? 'trace' : (el.closest('[class]') || {}).getAttribute?.('class') || '',
    el.getAttribute('d') || '',
    el.getAttribute('transform') || '',
    el.getAttribute('x') || '', el.getAttribute('y') || '',
    el.getAttribute('width') || '', el.getAttribute('height') || '',
    el.tagName === 'text' ? el.textContent : '',
    // pattern fills are url(#p<id of the plot>-...): leave out the plot's id
    (el.style.fill || '').replace(/#p[0-9a-z]+-/, '#p-'),
    el.style.stroke || '', el.style.strokeDasharray || '', el.style.opacity || '1',
  ].join(' ')).join('\\n')
  // sizes that come from the page's layout may differ in the 4th decimal: 0.1 px is the same drawing
  .replace(/-?\\d+\\.\\d+/g, (n) => (+n).toFixed(1))
)
"""
"""Per plot under ``root``: what it draws (axes, legend, shapes, annotations, traces; ids left out)."""


def test_the_fixed_axes_explorers_are_the_ones_checked_here() -> None:
    fixed = set()
    for name in widgets.__all__:
        if name.endswith("_explorer"):
            explorer = getattr(widgets, name)()
            if explorer.figure is not None and explorer.fixed_axes:
                fixed.add(name.removesuffix("_explorer"))
    assert fixed == set(STEPS), f"explorers with fixed_axes=True: {sorted(fixed)}; checked here: {sorted(STEPS)}"


def _difference(a: str, b: str, before: int = 200, after: int = 300) -> str:
    """Where two drawings first differ, with some context of each."""
    at = next(i for i, (x, y) in enumerate(zip(a + "\0", b + "\0")) if x != y)
    return f"from character {at}:\n  first:  {a[max(0, at - before) : at + after]!r}\n  second: {b[max(0, at - before) : at + after]!r}"


def _drawn(page, cell) -> tuple[list[str], list[str]]:
    """(live views, fresh copies): what each explorer's plot draws, in explorer order."""
    explorers = cell.locator(".calfkit-explorer")
    live = [page.evaluate(JS_DRAWN, explorers.nth(i).element_handle())[0] for i in range(explorers.count())]
    copies = page.evaluate(JS_DRAWN, cell.locator(".widget-output").last.element_handle())
    return live, copies


def test_traces_only_updates_draw_what_a_fresh_plot_draws(page, voila_server, served_root) -> None:
    servers.write_notebook(served_root / NOTEBOOK, [CELL], markdown_first="# Traces-only redraws")
    page.goto(voila_server.url(f"voila/render/{NOTEBOOK}"), wait_until="load", timeout=180_000)
    cell = servers.voila_cell(page, 1)
    servers.wait_widget(cell, plot=True)
    button = cell.get_by_role("button", name="next step")
    steps = len(STEPS["risk"])
    assert steps == len(STEPS["doms"])
    for n in range(1, steps + 1):
        before, _ = _drawn(page, cell)
        button.click()
        cell.get_by_text(f"{n} steps").wait_for(timeout=servers.BUDGET_MS)
        page.wait_for_function(
            "(root) => { const plots = root.querySelectorAll('.widget-output .js-plotly-plot');"
            " return plots.length === 2 && [...plots].every(gd => gd._fullLayout && gd.querySelector('g.trace')); }",
            arg=cell.element_handle(),
            timeout=servers.BUDGET_MS,
            polling=100,
        )
        try:
            page.wait_for_function(
                f"(root) => {{ const d = ({JS_DRAWN}); const live = [...root.querySelectorAll('.calfkit-explorer')]"
                ".map(e => d(e)[0]); const copies = d(root.querySelector('.widget-output'));"
                " return live.length === 2 && live.every((v, i) => v === copies[i]); }",
                arg=cell.element_handle(),
                timeout=60_000,
                polling=100,
            )
        except Exception:  # noqa: BLE001 - playwright TimeoutError: reported with the difference
            live, copies = _drawn(page, cell)
            for name, a, b in zip(STEPS, live, copies):
                if a != b:
                    pytest.fail(
                        f"step {n}, {name} explorer: the updated plot (first) draws differently from a "
                        f"fresh one (second), {_difference(a, b)}\nconsole: {describe_console(page)}"
                    )
        live, _ = _drawn(page, cell)
        assert all(a != b for a, b in zip(live, before)), f"step {n}: a plot did not change at all"
    # Both kinds of update were drawn and compared: traces-only ones, and the ones followed by
    # a full redraw, which renamed a row (warm-up type) or emptied / refilled the DOMS markers.
    counts = json.loads(cell.get_by_text("redraws ").inner_text().removeprefix("redraws "))
    assert all(
        kinds["traces-only"] >= 2 and kinds["then full redraw"] >= 2 and kinds["plotly update"] == 0
        for kinds in counts.values()
    ), counts


CHOICES = {
    "risk": {
        "weekly_change_pct": [-50.0, 0.0, 30.0, 100.0, 200.0],
        "spike_pct": [0.0, 10.0, 15.0, 60.0, 200.0],
        "fluid_loss_pct": [0.0, 2.0, 6.0],
        "warmup_min": [0.0, 10.0, 30.0],
        "warmup_type": ["none", "static", "dynamic"],
    },
    "doms": {
        "unaccustomed_pct": [0.0, 10.0, 60.0, 300.0],
        "downhill_pct": [0.0, 50.0, 100.0],
        "trained": [True, False],
        "repeated": [True, False],
        "weeks_since_similar": [0, 3, 52],
    },
}
"""Control values the replayed sequences pick from (band edges, no soreness, renamed rows)."""

JS_REPLAY = (
    """
async ([c, gap]) => {
  // plotly's widget front end turns "_undefined_" back into undefined; so does this.
  const restore = (q) => Array.isArray(q) ? q.map(restore)
    : (q && typeof q === 'object') ? Object.fromEntries(Object.entries(q).map(([k, v]) => [k, restore(v)]))
    : (q === '_undefined_' ? undefined : q);
  const live = document.getElementById('live'), fresh = document.getElementById('fresh');
  Plotly.purge(live); Plotly.purge(fresh);
  await Plotly.newPlot(live, structuredClone(c.initial.data), c.initial.layout);
  // As live_figure.js passes them: each message (only the changed top-level properties) is
  // applied to the model's copy of the figure, and Plotly.animate gets every trace whole from it.
  // A message that changes only hover text is drawn after the next paint, from the model's copy as it is then.
  const model = structuredClone(c.initial.data);
  const draw = (m) => Plotly.animate(live, {data: structuredClone(model), layout: m.layout_data, traces: model.map((_, i) => i)}, m.animation_opts);
  for (const m0 of c.messages) {
    const m = restore(m0);
    m.style_traces.forEach((index, k) => Object.assign(model[index], m.style_data[k]));
    if (m.calfkit_after_paint) requestAnimationFrame(() => setTimeout(() => draw(m), 0));
    else draw(m);
    if (gap === 'task') await new Promise((r) => setTimeout(r, 0));
    if (gap === 'frame') await new Promise((r) => requestAnimationFrame(r));
  }
  await new Promise((r) => setTimeout(r, 300));
  await Plotly.newPlot(fresh, c.final.data, c.final.layout);
  const drawn = ("""
    + JS_DRAWN
    + """);
  const hover = (gd) => ' | hover text ' + JSON.stringify(gd.data.map((t) => t.hovertext ?? null));
  return [drawn(live.parentElement)[0] + hover(live), drawn(fresh.parentElement)[0] + hover(fresh)];
}
"""
)
"""Draw a case's messages back to back on one plot, its final figure on another; what each draws."""


def _replay_cases(seed: int = 4, per_explorer: int = 8) -> list[dict]:
    """Random control sequences per fixed-axes explorer: initial figure, the animate messages, final figure."""
    import random

    rng = random.Random(seed)

    def plain(value):
        return json.loads(json.dumps(value, default=lambda o: o.tolist()))

    cases = []
    for name in STEPS:
        for _ in range(per_explorer):
            explorer = getattr(widgets, f"{name}_explorer")()
            figure = explorer.figure
            messages: list[dict] = []
            figure._send = lambda msg, buffers=None, out=messages: out.append(msg["state"])  # no front end here
            initial = plain(figure.to_plotly_json())
            for _ in range(rng.randint(2, 8)):
                control = rng.choice(list(CHOICES[name]))
                explorer.controls[control].value = rng.choice(CHOICES[name][control])
            animate = [state["_py2js_animate"] for state in messages if state.get("_py2js_animate")]
            edits = sum(1 for state in messages if "_last_trace_edit_id" in state)
            assert len(animate) == edits, "a non-animate update"
            cases.append(
                {"name": name, "initial": initial, "messages": plain(animate), "final": plain(figure.to_plotly_json())}
            )
    return cases


@pytest.mark.parametrize("gap", ["none", "task", "frame"])
def test_back_to_back_updates_end_on_the_latest_figure(page, gap, tmp_path) -> None:
    """However close together the kernel's updates reach the page, the plot ends up as a fresh one.

    Each case's messages, as the kernel sends them for a random sequence of control
    changes, go to ``Plotly.animate`` as ``live_figure.js`` passes them (each applied to the
    model's copy of the figure, then every trace whole from that copy): all in one
    task (``none``: messages handled in one go after a slow step), one task each, or one
    animation frame each (an update of hover text only after the next paint, as
    ``live_figure.js`` draws it). The plot must then draw exactly what a fresh plot of
    the final figure draws.
    """
    from plotly.offline import get_plotlyjs

    (tmp_path / "plotly.js").write_text(get_plotlyjs(), encoding="utf-8")
    (tmp_path / "replay.html").write_text(
        "<html><body><div><div id=live style='width:1000px'></div></div><div><div id=fresh style='width:1000px'></div></div>"
        "<script src='plotly.js'></script></body></html>",
        encoding="utf-8",
    )
    page.goto((tmp_path / "replay.html").as_uri())
    for i, case in enumerate(_replay_cases()):
        live, fresh = page.evaluate(JS_REPLAY, [case, gap])
        if live != fresh:
            pytest.fail(
                f"case {i} ({case['name']}, {len(case['messages'])} updates, gap {gap}): the updated plot "
                f"(first) differs from a fresh one (second), {_difference(live, fresh)}"
            )
