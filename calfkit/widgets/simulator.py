"""The run simulator: plan a week in km, minutes, litres and kg; see soreness and risk change together.

One set of controls in a runner's own units (this week vs a usual week, the
planned longest run vs the longest of the last 30 days, the run's hydration,
the warm-up) drives two figures that update in place together: the modelled
soreness curve over the next 7 days with its uncertainty band, and the risk
breakdown. Under each figure a short panel says which inputs the evidence links
to it and how strongly (:data:`calfkit.models.simulator.EVIDENCE_LINKS`). A plan
the models refuse shows the ``ValueError`` in the readout and keeps the last
good figures.
"""

from __future__ import annotations

import html
import math
from typing import Any

import ipywidgets as W

from ..figures.simulator import (
    plan_risk_description,
    plan_risk_layout,
    plan_risk_traces,
    soreness_description,
    soreness_layout,
    soreness_traces,
)
from ..figures.style import fmt, fmt_ratio
from ..figures.words import hours_words, ratio_words
from ..models.simulator import EVIDENCE_LINKS, HOURS, SWEAT_PRESETS, RunPlan, run_plan, usual_from_log
from .controls import checkbox, dropdown, slider
from .explorer import Explorer, View
from .layout import full_width
from .live_figure import live_figure
from .risk import WARMUP_OPTIONS
from .trace_edits import update_traces

__all__ = ["RunSimulator", "run_simulator", "SWEAT_OPTIONS"]

SWEAT_OPTIONS = (
    (f"Light sweater ({SWEAT_PRESETS['light']:g} L/h)", SWEAT_PRESETS["light"]),
    (f"Average ({SWEAT_PRESETS['average']:g} L/h)", SWEAT_PRESETS["average"]),
    (f"Heavy sweater ({SWEAT_PRESETS['heavy']:g} L/h)", SWEAT_PRESETS["heavy"]),
)
"""Sweat-rate dropdown: (label, L/h): Baker 2016's mean and one SD either side."""

_GROUPS = (
    ("This week's running", ("usual_week_km", "planned_week_km", "longest_30d_km", "planned_long_run_km", "trained")),
    ("Hydration on the long run", ("run_duration_min", "sweat_rate_l_per_h", "drink_l", "body_mass_kg")),
    ("Warm-up before it", ("warmup_min", "warmup_type")),
)


def _links_html(output: str) -> str:
    """Which inputs the evidence links to an output, and how strongly."""
    items = "".join(
        f"<li><b>{html.escape(name)}</b>: {html.escape(strength)} — {html.escape(why)}</li>"
        for name, strength, why in EVIDENCE_LINKS[output]
    )
    return f"<details><summary>What moves this, and how good is the evidence?</summary><ul>{items}</ul></details>"


def _lead(plan: RunPlan) -> str:
    """One plain sentence: when and how sore the calves get, and the week's risk in words."""
    s, total = plan.summary, plan.risk.total
    risk = (
        f"your risk of calf trouble this week is <b>{ratio_words(total)} the reference runner's</b> "
        f"(×{fmt_ratio(total)})"
    )
    if not math.isfinite(float(s["onset_h"])):
        return f"<p>This run would leave your calves <b>hardly sore at all</b>, and {risk}.</p>"
    return (
        f"<p>Your calves would be sorest <b>{hours_words(s['peak_h'])} after the run</b>, at "
        f"<b>{fmt(s['peak_soreness'])} out of 10</b>, and {risk}.</p>"
    )


def _readout(plan: RunPlan) -> str:
    """HTML details behind "More": the plan in % terms, body-mass loss, the soreness numbers, the risk total."""
    s, r, f = plan.summary, plan.risk, plan.fluid
    if math.isfinite(float(s["onset_h"])):
        resolved = float(s["resolved_h"])
        sore = (
            f"soreness from <b>{fmt(s['onset_h'], 0)} h</b>, peak <b>{fmt(s['peak_soreness'])}/10 at "
            f"{fmt(s['peak_h'], 0)} h</b>, gone by <b>{fmt(resolved, 0)} h</b>"
            if math.isfinite(resolved)
            else f"peak {fmt(s['peak_soreness'])}/10"
        )
    else:
        sore = "no noticeable soreness expected (a run like your usual ones)"
    loss = f"{fmt(f.loss_pct)} %" if f.loss_pct >= 0 else f"a gain of {fmt(-f.loss_pct)} %"
    lines = [
        f"<p><b>Your plan:</b> this week {fmt(plan.weekly_change_pct, 0)} % vs usual; longest run "
        f"{fmt(plan.spike_pct, 0)} % vs your longest in 30 days; body-mass loss on that run <b>{loss}</b> "
        f"({fmt(f.loss_kg, 2)} kg).</p>",
        f"<p><b>Soreness:</b> {sore}.</p>",
        f"<p><b>Risk:</b> ×{fmt_ratio(r.total)} (range {fmt_ratio(r.low)} to {fmt_ratio(r.high)}), "
        f"<b>{html.escape(str(r.category))}</b> compared with the reference runner.</p>",
    ]
    for factor in r.factors:
        if factor.finding in ("no effect found", "not measured", "counted once"):
            lines.append(
                f"<p style='font-size:90%'>{html.escape(factor.label)}: <b>{html.escape(str(factor.finding))}</b> "
                f"(×{fmt_ratio(factor.ratio)}).</p>"
            )
    notes = [*plan.notes, f.message]
    lines.append("<p style='font-size:90%'>" + html.escape(" ".join(notes)) + "</p>")
    lines.append(
        "<p style='font-size:90%'>DOMS is a dull, spread-out ache that eases as you move. Sudden sharp pain, "
        "a 'pop', swelling, or soreness lasting more than about 5 days is not DOMS: see a clinician.</p>"
    )
    return "".join(lines)


class RunSimulator(Explorer):
    """Plan a week; the soreness curve and the risk breakdown update together.

    Controls (names as in :func:`calfkit.models.simulator.run_plan`):
    ``usual_week_km``, ``planned_week_km``, ``longest_30d_km``,
    ``planned_long_run_km``, ``trained``, ``run_duration_min``,
    ``sweat_rate_l_per_h``, ``drink_l``, ``body_mass_kg``, ``warmup_min``,
    ``warmup_type``.

    Parameters
    ----------
    offer : tuple of str, optional
        Names of the controls to offer (default: all); the others stay at their
        initial values (a simpler simulator for a class, or the static site's grid).

    Attributes
    ----------
    figure : plotly.graph_objects.FigureWidget
        The soreness figure.
    risk_figure : plotly.graph_objects.FigureWidget
        The risk breakdown.
    plan : calfkit.models.simulator.RunPlan
        The last good plan.
    """

    def __init__(
        self,
        *,
        usual_week_km: float = 30.0,
        planned_week_km: float = 30.0,
        longest_30d_km: float = 12.0,
        planned_long_run_km: float = 12.0,
        trained: bool = False,
        run_duration_min: float = 70.0,
        sweat_rate_l_per_h: float = SWEAT_PRESETS["average"],
        drink_l: float = 0.5,
        body_mass_kg: float = 60.0,
        warmup_min: float = 0.0,
        warmup_type: str = "none",
        offer: tuple[str, ...] | None = None,
    ) -> None:
        sweat_options = list(SWEAT_OPTIONS)
        if sweat_rate_l_per_h not in [v for _, v in sweat_options]:
            sweat_options.append((f"Your own ({sweat_rate_l_per_h:g} L/h)", sweat_rate_l_per_h))
        controls = {
            "usual_week_km": slider("Usual week (km)", usual_week_km, 1.0, 150.0, 1.0),
            "planned_week_km": slider("This week, planned (km)", planned_week_km, 0.0, 200.0, 1.0),
            "longest_30d_km": slider("Longest run in the last 30 days (km)", longest_30d_km, 1.0, 60.0, 0.5, ".1f"),
            "planned_long_run_km": slider(
                "This week's longest run, planned (km)", planned_long_run_km, 0.0, 60.0, 0.5, ".1f"
            ),
            "trained": checkbox("I often do runs like this one (trained)", trained),
            "run_duration_min": slider("How long that run takes (min)", run_duration_min, 5.0, 360.0, 5.0),
            "sweat_rate_l_per_h": dropdown("How much you sweat", sweat_options, sweat_rate_l_per_h),
            "drink_l": slider("What you drink during it (L)", drink_l, 0.0, 3.0, 0.1, ".1f"),
            "body_mass_kg": slider("Body mass (kg)", body_mass_kg, 30.0, 150.0, 1.0),
            "warmup_min": slider("Warm-up (min)", warmup_min, 0.0, 30.0, 1.0),
            "warmup_type": dropdown("Warm-up type", WARMUP_OPTIONS, warmup_type),
        }
        if offer is not None:
            unknown = sorted(set(offer) - set(controls))
            if unknown or not offer:
                raise ValueError(f"offer={offer!r} must name at least one of the controls {sorted(controls)}")
        shown = tuple(controls) if offer is None else tuple(name for name in controls if name in offer)
        self._fixed = {name: c.value for name, c in controls.items() if name not in shown}
        controls = {name: controls[name] for name in shown}
        self.controls = controls
        self.plan = self._last = run_plan(**self.values())
        self._risk_traces = tuple(plan_risk_traces(self.plan))
        self.risk_figure = live_figure(self._risk_traces, plan_risk_layout())
        groups = [
            W.VBox(
                [
                    W.HTML(value=f"<h4 style='margin:8px 0 2px'>{html.escape(title)}</h4>"),
                    *(controls[name] for name in names if name in controls),
                ],
                layout=full_width(),
            )
            for title, names in _GROUPS
            if any(name in controls for name in names)
        ]
        super().__init__(
            controls,
            soreness_layout(HOURS),
            title="Run simulator: plan your week, see your calves' week",
            control_box=W.VBox(groups, layout=W.Layout(width="100%")),
            fixed_axes=True,
        )
        # The soreness figure is the shell's figure; the risk breakdown follows it, each with its evidence panel.
        children = list(self.widget.children)
        at = children.index(self.figure) + 1
        children[at:at] = [
            W.HTML(value=_links_html("soreness")),
            W.VBox([self.risk_figure, W.HTML(value=_links_html("risk"))], layout=full_width()),
        ]
        self.widget.children = tuple(children)

    def values(self) -> dict[str, Any]:
        """Current values of every plan input: the offered controls' and the fixed ones'."""
        return {**self._fixed, **super().values()}

    def _compute(self) -> View:
        plan = run_plan(**self.values())
        self._last = plan
        description = soreness_description(plan) + " " + plan_risk_description(plan)
        return View(description, _lead(plan), tuple(soreness_traces(plan)), _readout(plan))

    def refresh(self) -> None:
        """Recompute; on success update both figures in place together, else keep them and show the error."""
        super().refresh()
        if self.error is not None:
            return
        self.plan = self._last
        new = tuple(plan_risk_traces(self.plan))
        update_traces(self.risk_figure, new, self._risk_traces, fixed_axes=True)
        self._risk_traces = new


def run_simulator(log: Any = None, **initial: Any) -> RunSimulator:
    """The run simulator.

    Parameters
    ----------
    log : pandas.DataFrame, optional
        A daily training log (as for :func:`calfkit.training_load`): the usual
        week and the longest run of the last 30 days start from it
        (:func:`calfkit.models.simulator.usual_from_log`), rounded to the
        sliders' steps.
    **initial
        Initial control values and ``offer`` (see :class:`RunSimulator`); the
        defaults are the reference runner: every risk ratio 1.0 and no DOMS.

    Returns
    -------
    RunSimulator
        Displays itself when it is the last value of a cell; ``.widget``,
        ``.figure`` (soreness), ``.risk_figure``, ``.controls``, ``.readout``,
        ``.description``, ``.plan``.

    Raises
    ------
    ValueError
        For a log the simulator cannot read a usual week from, or an ``offer``
        naming no control.
    """
    if log is not None:
        usual = usual_from_log(log)
        week, longest = round(usual["usual_week_km"]), round(usual["longest_30d_km"] * 2) / 2
        initial = {
            "usual_week_km": week,
            "planned_week_km": week,
            "longest_30d_km": longest,
            "planned_long_run_km": longest,
            **initial,
        }
    return RunSimulator(**initial)
