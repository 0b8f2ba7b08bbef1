"""Run simulator figures: the soreness curve over 7 days with its band, and the risk breakdown.

The soreness figure draws :class:`calfkit.models.simulator.RunPlan`'s curve over
the consensus DOMS bands (as in :mod:`calfkit.figures.doms`), with the model's
uncertainty band shaded around it and the onset, peak and resolution marked.
Every trace always has the same number of points (a missing key point is a
gap), so an update redraws only the traces. The risk figure is
:mod:`calfkit.figures.risk`'s breakdown of the same plan.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .doms import doms_layout
from .risk import risk_description, risk_layout, risk_traces
from .style import NOTE, OKABE_ITO, fmt, fmt_ratio, rgba

__all__ = [
    "soreness_traces",
    "soreness_layout",
    "soreness_description",
    "plan_risk_traces",
    "plan_risk_layout",
    "plan_risk_description",
]

_EVENTS = (("onset_h", "onset"), ("peak_h", "peak"), ("resolved_h", "resolved"))
_CURVE = OKABE_ITO["blue"]


def _numbers(values: Any) -> list[float]:
    """A finite numpy array as plain floats rounded to 6 places, in one vectorised step.

    Raises
    ------
    ValueError
        If a value is NaN or infinite.
    """
    array = np.asarray(values, dtype=float)
    if not np.isfinite(array).all():
        raise ValueError("values contains NaN or infinite numbers; expected finite numbers")
    return (np.round(array, 6) + 0.0).tolist()


def _gap(value: float) -> float | None:
    return round(float(value), 6) if math.isfinite(float(value)) else None


def soreness_traces(plan: Any) -> list[dict[str, Any]]:
    """Plotly trace dicts: band low edge, band high edge (filled to the low edge), curve, key points.

    The band is a light fill between two dotted edges, the curve a thick solid line, so the
    two differ by line style as well as by colour.

    Parameters
    ----------
    plan : calfkit.models.simulator.RunPlan
        Result of :func:`calfkit.models.simulator.run_plan`.

    Returns
    -------
    list of dict
        Four traces; the key-point trace always has three points (onset,
        peak, resolved), ``None`` where a point is undefined or after 7 days.
    """
    hours = _numbers(plan.hours)
    last = float(plan.hours[-1])
    points = []
    for key, event in _EVENTS:
        hour = float(plan.summary[key])
        if not math.isfinite(hour) or hour > last or not math.isfinite(float(plan.summary["onset_h"])):
            points.append((event, math.nan, math.nan))
            continue
        height = float(plan.summary["peak_soreness"]) if key == "peak_h" else 1.0
        points.append((event, hour, height))
    return [
        {
            "type": "scatter",
            "mode": "lines",
            "name": "Uncertainty band (low)",
            "x": hours,
            "y": _numbers(plan.band_low),
            "line": {"width": 1, "color": rgba(_CURVE, 0.6), "dash": "dot"},
            "showlegend": False,
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": "Uncertainty band (parameter ranges)",
            "x": hours,
            "y": _numbers(plan.band_high),
            "fill": "tonexty",
            # A plain fill between two dotted edges (not a pattern: plotly redraws a fill pattern
            # on every update, about 7 ms of the page's main thread per slider move; see benchmarks/README.md).
            "fillcolor": rgba(_CURVE, 0.2),
            "line": {"width": 1, "color": rgba(_CURVE, 0.6), "dash": "dot"},
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": "Your run: modelled soreness",
            "x": hours,
            "y": _numbers(plan.soreness),
            "line": {"color": _CURVE, "width": 3},
            "hovertemplate": "%{x:.0f} h: soreness %{y:.1f}/10<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "markers",
            "name": "Onset, peak, resolved",
            "showlegend": False,
            "x": [_gap(h) for _, h, _ in points],
            "y": [_gap(y) for _, _, y in points],
            "text": [event for event, _, _ in points],
            "hovertemplate": "%{text} at %{x:.0f} h<extra></extra>",
            "marker": {
                "color": _CURVE,
                "symbol": "diamond",
                "size": 11,
                "line": {"color": OKABE_ITO["black"], "width": 1},
            },
        },
    ]


def soreness_layout(hours: Any) -> dict[str, Any]:
    """Final layout: 0-7 days, 0-10 soreness, consensus bands, note (see :func:`calfkit.figures.doms_layout`)."""
    layout = doms_layout(hours=hours, title="Your calves over the next 7 days (modelled soreness, 0–10)")
    layout["height"] = 420
    layout["legend"] = {"orientation": "h", "y": -0.32, "x": 0}
    return layout


def soreness_description(plan: Any) -> str:
    """Plain-English description of the soreness figure (hours rounded to whole hours)."""
    s = plan.summary
    parts = [
        "Line chart of modelled calf soreness (0–10 scale) over the 7 days after the planned longest run, "
        "with a shaded uncertainty band from the model's parameter ranges."
    ]
    if not math.isfinite(float(s["onset_h"])):
        parts.append(f"No noticeable soreness: the peak is {fmt(s['peak_soreness'])}/10, below 1/10.")
    else:
        resolved = float(s["resolved_h"])
        end = (
            f"back below 1/10 at {fmt(resolved, 0)} h (day {fmt(resolved / 24, 1)})"
            if math.isfinite(resolved)
            else "not back below 1/10 within the modelled time"
        )
        parts.append(
            f"Soreness reaches 1/10 at {fmt(s['onset_h'], 0)} h, peaks at {fmt(s['peak_soreness'])}/10 at "
            f"{fmt(s['peak_h'], 0)} h and is {end}."
        )
        if s["early_soreness"] > 0:
            parts.append(
                f"It includes early post-race soreness ({fmt(s['early_soreness'])}/10 straight after the run), "
                "which is not DOMS."
            )
    parts.append(f"{NOTE}.")
    return " ".join(parts)


def plan_risk_traces(plan: Any) -> list[dict[str, Any]]:
    """The risk breakdown's traces for the plan (:func:`calfkit.figures.risk_traces`)."""
    return risk_traces(plan.risk)


def plan_risk_layout() -> dict[str, Any]:
    """The risk breakdown's layout, titled for the simulator."""
    layout = risk_layout(title="Risk of calf trouble this week vs the reference runner")
    layout["height"] = 480  # the risk explorer's: five rows of labels wrapped on up to three lines
    return layout


def plan_risk_description(plan: Any) -> str:
    """Plain-English description of the plan's risk figure, led by the inputs in a runner's units."""
    lead = (
        f"This week is {fmt(plan.weekly_change_pct, 0)} % vs a usual week and the longest run is "
        f"{fmt(plan.spike_pct, 0)} % vs the longest of the last 30 days; body-mass loss "
        f"{fmt(plan.fluid.loss_pct)} %. Total ×{fmt_ratio(plan.risk.total)}."
    )
    return lead + " " + risk_description(plan.risk)
