"""DOMS figure: modelled soreness curves for several scenarios over the consensus bands.

The shaded onset, peak and resolution bands come from the ``consensus`` row of
:func:`calfkit.load_doms_timeline`; each scenario is one curve from
:func:`calfkit.doms_curve` plus markers at its onset, peak and resolution from
:func:`calfkit.doms_summary`.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from ..data import load_doms_timeline
from ..models.doms import doms_curve, doms_summary
from .style import (
    DASHES,
    NOTE,
    OKABE_ITO,
    SERIES_COLOURS,
    SYMBOLS,
    FigureSpec,
    base_layout,
    finite_list,
    fmt,
    make_spec,
    rgba,
    wrap,
)

__all__ = [
    "DEFAULT_HOURS",
    "DEFAULT_SCENARIOS",
    "BANDS",
    "consensus_bands",
    "doms_traces",
    "doms_layout",
    "doms_description",
    "doms_figure",
    "scenario_summary",
]

DEFAULT_HOURS: tuple[float, ...] = tuple(float(h) for h in range(0, 241))
"""Hours after the session plotted by default: 0 to 240 h (10 days) in 1 h steps."""

DEFAULT_SCENARIOS: dict[str, dict[str, Any]] = {
    "First downhill run (50 % longer than usual)": {"unaccustomed_pct": 50.0, "downhill_pct": 50.0},
    "Same run, trained runner": {"unaccustomed_pct": 50.0, "downhill_pct": 50.0, "trained": True},
    "Same run, repeated 3 weeks later": {"unaccustomed_pct": 50.0, "downhill_pct": 50.0, "weeks_since_similar": 3},
}
"""Scenarios shown by :func:`doms_figure` when none are given."""

BANDS: tuple[tuple[str, str, str], ...] = (
    ("onset", "Onset", OKABE_ITO["sky_blue"]),
    ("peak", "Peak", OKABE_ITO["orange"]),
    ("resolved", "Resolved", OKABE_ITO["bluish_green"]),
)
"""(column prefix, label, colour) of each consensus band."""

_EVENTS = (("onset_h", "onset"), ("peak_h", "peak"), ("resolved_h", "resolved"))


def consensus_bands(timeline: pd.DataFrame | None = None) -> tuple[str, dict[str, tuple[float, float]]]:
    """Consensus onset / peak / resolution ranges in hours.

    Parameters
    ----------
    timeline : pandas.DataFrame, optional
        A table shaped like :func:`calfkit.load_doms_timeline` (loaded if omitted).

    Returns
    -------
    said_by : str
        Who the consensus row cites (empty if there is no consensus row).
    bands : dict
        ``{"onset": (low, high), ...}`` for each band whose low and high are given.
    """
    table = load_doms_timeline() if timeline is None else timeline
    # the first consensus row, read column by column (a DOMS explorer asks on every update;
    # selecting the row as a pandas row costs about a millisecond)
    rows = np.flatnonzero(table["kind"].to_numpy() == "consensus")
    if not rows.size:
        return "", {}
    row = int(rows[0])
    bands = {}
    for key, _, _ in BANDS:
        low, high = float(table[f"{key}_h_low"].iat[row]), float(table[f"{key}_h_high"].iat[row])
        if math.isfinite(low) and math.isfinite(high):
            bands[key] = (low, high)
    return str(table["said_by"].iat[row]), bands


@lru_cache(maxsize=512)
def _cached_summary(scenario: tuple[tuple[str, Hashable], ...]) -> dict[str, float]:
    return doms_summary(**dict(scenario))


def scenario_summary(**scenario: Any) -> dict[str, float]:
    """:func:`calfkit.doms_summary`, remembered per scenario (a slider's few hundred positions).

    The summary's root finding costs milliseconds; a figure and its description ask for the same
    scenario's summary several times per update, and the reference scenario never changes.

    Parameters
    ----------
    **scenario
        As for :func:`calfkit.doms_curve`.

    Returns
    -------
    dict
        A fresh copy of :func:`calfkit.doms_summary`'s result.
    """
    try:
        key = tuple(sorted(scenario.items()))
        hash(key)
    except TypeError:  # an unhashable value: nothing to remember it by
        return doms_summary(**scenario)
    return dict(_cached_summary(key))


def _key_points(summary: Mapping[str, float]) -> list[tuple[str, float]]:
    """(event, hour) for onset, peak and resolution; none if soreness never becomes noticeable."""
    if not math.isfinite(float(summary["onset_h"])):
        return []
    return [(event, float(summary[key])) for key, event in _EVENTS if math.isfinite(float(summary[key]))]


def _hours(hours: Sequence[float] | None) -> np.ndarray:
    return np.asarray(DEFAULT_HOURS if hours is None else hours, dtype=float)


def doms_traces(
    scenarios: Mapping[str, Mapping[str, Any]] | None = None,
    hours: Sequence[float] | None = None,
) -> list[dict[str, Any]]:
    """Plotly trace dicts: per scenario a curve and a key-point marker trace.

    Parameters
    ----------
    scenarios : mapping of str to dict, optional
        Legend label -> keyword arguments of :func:`calfkit.doms_curve`
        (``unaccustomed_pct``, ``downhill_pct``, ``trained``,
        ``weeks_since_similar``). Defaults to :data:`DEFAULT_SCENARIOS`.
    hours : sequence of float, optional
        Hours after the session; defaults to :data:`DEFAULT_HOURS`.

    Returns
    -------
    list of dict
        ``2 * len(scenarios)`` traces: for scenario ``i``, trace ``2 i`` is the
        curve (colour and dash ``i``) and ``2 i + 1`` marks onset, peak and
        resolution (same colour, marker symbol ``i``). Key points are left out when soreness never becomes
        noticeable (no onset), when the model leaves them undefined, or when
        they fall outside the plotted hours, so every number is finite.
    """
    scenarios = DEFAULT_SCENARIOS if scenarios is None else scenarios
    grid = _hours(hours)
    traces: list[dict[str, Any]] = []
    for index, (label, kwargs) in enumerate(scenarios.items()):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        symbol = SYMBOLS[index % len(SYMBOLS)]
        curve = doms_curve(grid, **kwargs)
        summary = scenario_summary(**kwargs)
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": label,
                "legendgroup": f"scenario{index}",
                "x": finite_list(curve["hours"]),
                "y": finite_list(curve["soreness"]),
                "line": {"color": colour, "dash": DASHES[index % len(DASHES)], "width": 3},
                "hovertemplate": f"{label}<br>%{{x:.0f}} h: soreness %{{y:.1f}}/10<extra></extra>",
            }
        )
        points = [(event, hour) for event, hour in _key_points(summary) if grid[0] <= hour <= grid[-1]]
        at = [float(np.interp(hour, curve["hours"], curve["soreness"])) for _, hour in points]
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": f"{label}: onset, peak, resolved",
                "legendgroup": f"scenario{index}",
                "showlegend": False,
                "x": finite_list(hour for _, hour in points),
                "y": finite_list(at),
                "text": [f"{label}<br>{event} at {fmt(hour, 0)} h" for event, hour in points],
                "hoverinfo": "text",
                "marker": {
                    "color": colour,
                    "symbol": symbol,
                    "size": 11,
                    "line": {"color": OKABE_ITO["black"], "width": 1},
                },
            }
        )
    return traces


def doms_layout(
    timeline: pd.DataFrame | None = None,
    hours: Sequence[float] | None = None,
    title: str = "Delayed onset muscle soreness (DOMS) after a session: model vs consensus",
) -> dict[str, Any]:
    """Final layout: fixed axes, shaded consensus bands with text labels, note."""
    grid = _hours(hours)
    _, bands = consensus_bands(timeline)
    shapes, labels = [], []
    for level, (key, name, colour) in enumerate(BANDS):
        if key not in bands:
            continue
        low, high = bands[key]
        shapes.append(
            {
                "type": "rect",
                "xref": "x",
                "yref": "paper",
                "x0": low,
                "x1": high,
                "y0": 0,
                "y1": 1,
                "fillcolor": rgba(colour, 0.3),
                "line": {"width": 1, "color": colour, "dash": "dot"},
                "layer": "below",
            }
        )
        labels.append(
            {
                "text": f"{name}<br>{fmt(low, 0)}–{fmt(high, 0)} h",
                "xref": "x",
                "yref": "paper",
                "x": (low + high) / 2,
                "y": 0.98 - 0.12 * (level % 2),
                "yanchor": "top",
                "showarrow": False,
                "font": {"size": 11},
                "bgcolor": "rgba(255,255,255,0.7)",
            }
        )
    ticks = [float(h) for h in np.arange(0.0, grid[-1] + 1e-9, 24.0) if h >= grid[0]]
    return base_layout(
        title,
        height=520,
        note=True,
        margin={"l": 70, "r": 30, "t": 80, "b": 110},
        xaxis={
            "range": [float(grid[0]), float(grid[-1])],
            "tickvals": ticks,
            "title": {"text": wrap("Hours after the session (gridline every 24 h)", 36)},  # fits 390 px
            "showgrid": True,
            "gridcolor": "#e5e5e5",
        },
        yaxis={"range": [0, 10], "title": {"text": "Soreness (0–10 scale, model)"}},
        shapes=shapes,
        annotations=labels,
    )


def _summary_text(label: str, summary: Mapping[str, float]) -> str:
    onset, peak, resolved = (float(summary[key]) for key in ("onset_h", "peak_h", "resolved_h"))
    height = float(summary["peak_soreness"])
    if not math.isfinite(onset):
        return f"'{label}': no noticeable soreness (peak {fmt(height, 1)}/10)."
    onset_text = f"onset at {fmt(onset, 0)} h"
    resolved_text = (
        f"resolved by {fmt(resolved, 0)} h" if math.isfinite(resolved) else "not resolved in the modelled time"
    )
    return f"'{label}': {onset_text}, peak {fmt(height, 1)}/10 at {fmt(peak, 0)} h, {resolved_text}."


def doms_description(
    scenarios: Mapping[str, Mapping[str, Any]] | None = None,
    hours: Sequence[float] | None = None,
    timeline: pd.DataFrame | None = None,
) -> str:
    """Plain-English description of the DOMS figure (hours rounded to whole hours)."""
    scenarios = DEFAULT_SCENARIOS if scenarios is None else scenarios
    grid = _hours(hours)
    said_by, bands = consensus_bands(timeline)
    parts = [
        f"Line chart of modelled calf soreness (0–10 scale) from {fmt(grid[0], 0)} to {fmt(grid[-1], 0)} h "
        f"after a session, for {len(scenarios)} scenario{'s' if len(scenarios) != 1 else ''}."
    ]
    if bands:
        ranges = ", ".join(
            f"{name.lower()} {fmt(bands[key][0], 0)}–{fmt(bands[key][1], 0)} h"
            for key, name, _ in BANDS
            if key in bands
        )
        parts.append(f"Shaded bands show the consensus time course ({said_by}): {ranges}.")
    for label, kwargs in scenarios.items():
        parts.append(_summary_text(label, scenario_summary(**kwargs)))
    parts.append(f"{NOTE}.")
    return " ".join(parts)


def doms_figure(
    scenarios: Mapping[str, Mapping[str, Any]] | None = None,
    *,
    hours: Sequence[float] | None = None,
    timeline: pd.DataFrame | None = None,
) -> FigureSpec:
    """DOMS curves for several scenarios over the consensus bands.

    Parameters
    ----------
    scenarios : mapping of str to dict, optional
        Legend label -> :func:`calfkit.doms_curve` keyword arguments, e.g.
        ``{"Downhill": {"downhill_pct": 80}}``. Defaults to :data:`DEFAULT_SCENARIOS`.
    hours : sequence of float, optional
        Hours after the session (default 0–240 h).
    timeline : pandas.DataFrame, optional
        DOMS timeline table (default :func:`calfkit.load_doms_timeline`).

    Returns
    -------
    FigureSpec
    """
    return make_spec(
        doms_traces(scenarios, hours),
        doms_layout(timeline, hours),
        doms_description(scenarios, hours, timeline),
    )
