"""Training-log figure: a runner's own weeks, their spikes, ACWR and modelled risk.

Three stacked panels share one date axis:

1. weekly distance (bars) with every run (small dots) and the runs longer
   than the longest run of the previous 30 days marked by spike band; the
   weeks of highest modelled risk are drawn in vermillion with a cross hatch;
2. the acute:chronic workload ratio, rolling and EWMA, over the contested
   0.8–1.3 band;
3. the modelled relative soreness risk of each week (circles on a dashed
   line, whiskers for the envelope) against the reference runner's 1, the
   highest-risk weeks marked with labelled stars.

The first two panels reuse :func:`calfkit.figures.load.load_traces`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from ..models.log_risk import WeeklyRisk
from ..models.training import TrainingLoad
from .load import ACWR_BAND, load_traces, spike_sentence, three_panel_layout
from .style import (
    NOTE,
    OKABE_ITO,
    FigureSpec,
    finite_list,
    fmt,
    fmt_ratio,
    fmt_signed,
    make_spec,
    rgba,
)

__all__ = ["HIGHLIGHT_LABEL", "log_traces", "log_layout", "log_description", "log_figure", "week_label"]

HIGHLIGHT_LABEL = "Week of highest modelled risk"
"""Legend name of the highlighted weeks (distance bars and risk stars)."""

_DAY_MS = 86_400_000
_LOAD_TRACES = 7
"""load_traces' first seven traces: weekly bars, runs, three spike bands, two ACWRs."""


def _centres(weeks: pd.DataFrame) -> list[str]:
    """Middle of each week (Thursday noon), where its bar and risk point sit."""
    return [(pd.Timestamp(w) + pd.Timedelta(hours=84)).strftime("%Y-%m-%d %H:%M") for w in weeks["week_start"]]


def week_label(row: Any) -> str:
    """``"week 10 (from 2024-03-04)"`` for a row of ``WeeklyRisk.weeks``.

    Parameters
    ----------
    row : mapping or pandas.Series
        Needs ``week`` (1-based week number) and ``week_start`` (the Monday).

    Raises
    ------
    ValueError
        If ``row`` lacks ``week`` or ``week_start``.
    """
    if not all(key in row for key in ("week", "week_start")):
        raise ValueError(f"row must have 'week' and 'week_start' (a row of WeeklyRisk.weeks); got {row!r}")
    return f"week {int(row['week'])} (from {pd.Timestamp(row['week_start']).strftime('%Y-%m-%d')})"


def _why(row: Any) -> str:
    """The inputs behind a week's risk, in words."""
    change = float(row["change_pct"])
    spike = float(row["spike_pct"])
    parts = [f"{fmt(row['distance_km'])} km"]
    parts.append(
        f"{fmt_signed(change, 0)} % on the week before" if math.isfinite(change) else "no week-to-week comparison"
    )
    if math.isfinite(spike) and spike > 0:
        parts.append(
            f"longest run {fmt(row['longest_run_km'])} km, {fmt(spike, 0)} % beyond the longest of the previous 30 days"
        )
    return ", ".join(parts)


def _check(load: Any, risk: Any) -> None:
    """Refuse anything but a TrainingLoad and the WeeklyRisk computed from it."""
    if not isinstance(load, TrainingLoad):
        raise ValueError(
            f"load must be the TrainingLoad result of calfkit.training_load(log); got {type(load).__name__}"
        )
    if not isinstance(risk, WeeklyRisk):
        raise ValueError(f"risk must be the WeeklyRisk result of calfkit.weekly_risk(load); got {type(risk).__name__}")
    if len(risk.weeks) != len(load.weekly):
        raise ValueError(
            f"risk has {len(risk.weeks)} weeks but load has {len(load.weekly)}; compute risk = calfkit.weekly_risk(load)"
        )


def log_traces(load: Any, risk: Any) -> list[dict[str, Any]]:
    """Plotly trace dicts for a training log's load and weekly risk (always the same 10 traces).

    Parameters
    ----------
    load : calfkit.models.training.TrainingLoad
        Result of :func:`calfkit.training_load`.
    risk : calfkit.models.log_risk.WeeklyRisk
        Result of :func:`calfkit.weekly_risk` for the same ``load``.

    Returns
    -------
    list of dict
        0 weekly distance bars, 1 runs, 2–4 spike markers, 5 rolling ACWR,
        6 EWMA ACWR (as :func:`calfkit.figures.load.load_traces`; undefined
        ACWR values are ``None``, deliberate gaps), 7 the highest-risk weeks'
        distance bars, 8 weekly modelled risk with its envelope (relative
        risk, 1 = reference), 9 the highest-risk weeks' risk stars with
        labels. Traces 7 and 9 are empty when no week is above the reference.

    Raises
    ------
    ValueError
        If ``load`` or ``risk`` is not the matching model result.
    """
    _check(load, risk)
    weeks, top = risk.weeks, risk.top
    traces = load_traces(load)[:_LOAD_TRACES]
    centres, top_centres = _centres(weeks), _centres(top)
    labels = [f"week {int(w)}" for w in top["week"]]
    traces.append(
        {
            "type": "bar",
            "name": HIGHLIGHT_LABEL,
            "x": top_centres,
            "y": finite_list(top["distance_km"]),
            "width": [7 * _DAY_MS * 0.9] * len(top),
            "marker": {
                "color": rgba(OKABE_ITO["vermillion"], 0.55),
                "line": {"color": OKABE_ITO["black"], "width": 2},
                "pattern": {"shape": "x", "fgcolor": OKABE_ITO["black"], "solidity": 0.2},
            },
            "customdata": [[week_label(row), _why(row)] for _, row in top.iterrows()],
            "hovertemplate": "%{customdata[0]}: highest modelled risk (%{customdata[1]})<extra></extra>",
            "xaxis": "x",
            "yaxis": "y",
        }
    )
    traces.append(
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": "Modelled relative risk of the week (1 = reference runner)",
            "x": centres,
            "y": finite_list(weeks["risk"]),
            "error_y": {
                "type": "data",
                "symmetric": False,
                "array": finite_list(weeks["risk_high"] - weeks["risk"]),
                "arrayminus": finite_list(weeks["risk"] - weeks["risk_low"]),
                "color": OKABE_ITO["blue"],
                "thickness": 1.5,
                "width": 4,
            },
            "line": {"color": OKABE_ITO["blue"], "dash": "dash", "width": 2},
            "marker": {"color": OKABE_ITO["blue"], "size": 8, "symbol": "circle"},
            "customdata": [[week_label(row), _why(row), str(row["category"])] for _, row in weeks.iterrows()],
            "hovertemplate": "%{customdata[0]}: relative risk %{y:.2f} (%{customdata[2]}; %{customdata[1]})<extra></extra>",
            "xaxis": "x",
            "yaxis": "y3",
        }
    )
    traces.append(
        {
            "type": "scatter",
            "mode": "markers+text",
            "name": HIGHLIGHT_LABEL + " (star)",
            "x": top_centres,
            "y": finite_list(top["risk"]),
            "text": labels,
            "textposition": "top center",
            "cliponaxis": False,
            "marker": {
                "color": OKABE_ITO["vermillion"],
                "size": 17,
                "symbol": "star",
                "line": {"color": OKABE_ITO["black"], "width": 1},
            },
            "hovertemplate": "%{text}: relative risk %{y:.2f}<extra></extra>",
            "xaxis": "x",
            "yaxis": "y3",
        }
    )
    return traces


def log_layout(title: str = "Your training log: weekly load, spikes, ACWR and modelled risk") -> dict[str, Any]:
    """Final layout: three panels on one date axis, the contested ACWR band, the risk reference line."""
    return three_panel_layout(
        title,
        {"title": {"text": "Relative risk (1 = reference)"}, "rangemode": "tozero"},
        height=800,
        top=80,
        note=True,
        barmode="overlay",
        shapes=[
            {
                "type": "line",
                "xref": "x domain",
                "yref": "y3",
                "x0": 0,
                "x1": 1,
                "y0": 1,
                "y1": 1,
                "line": {"color": OKABE_ITO["black"], "width": 1.5, "dash": "dot"},
                "layer": "below",
            },
        ],
        annotations=[
            {
                "text": "reference runner = 1 (hydration and warm-up held at the reference)",
                "xref": "x domain",
                "yref": "y3",
                "x": 0.01,
                "y": 1,
                "xanchor": "left",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 11},
            },
        ],
    )


def log_description(load: Any, risk: Any, source: str) -> str:
    """Plain-English description of the training-log figure, with its numbers.

    Parameters
    ----------
    load : calfkit.models.training.TrainingLoad
        Result of :func:`calfkit.training_load`.
    risk : calfkit.models.log_risk.WeeklyRisk
        Result of :func:`calfkit.weekly_risk` for the same ``load``.
    source : str
        Name of the log shown (a file name).

    Returns
    -------
    str
        One paragraph: dates, totals, weekly range, spikes, latest ACWR, the
        highest-risk weeks and the not-medical-advice note.

    Raises
    ------
    ValueError
        If ``load`` or ``risk`` is not the matching model result, or
        ``source`` is not a non-empty string.
    """
    _check(load, risk)
    if not isinstance(source, str) or not source.strip():
        raise ValueError(f"source must be a non-empty string (the log's file name); got {source!r}")
    daily, weeks, top = load.daily, risk.weeks, risk.top
    runs = int((daily["distance_km"] > 0).sum())
    first, last = (pd.Timestamp(d).strftime("%Y-%m-%d") for d in (daily["date"].iloc[0], daily["date"].iloc[-1]))
    distance = weeks["distance_km"].astype(float)
    parts = [
        f"Training log {source} from {first} to {last}: {fmt(daily['distance_km'].sum())} km in {runs} "
        f"run day{'s' if runs != 1 else ''} over {len(weeks)} week{'s' if len(weeks) != 1 else ''}; weekly distance "
        f"ranged from {fmt(distance.min())} to {fmt(distance.max())} km."
    ]
    parts.append(spike_sentence(daily))
    acwr = daily["acwr_coupled"].to_numpy(dtype=float)
    defined = np.flatnonzero(np.isfinite(acwr))
    if defined.size:
        parts.append(
            f"The rolling ACWR (contested 'sweet spot' {fmt(ACWR_BAND[0])}–{fmt(ACWR_BAND[1])}) ended at "
            f"{fmt_ratio(acwr[defined[-1]])} and peaked at {fmt_ratio(acwr[defined].max())}."
        )
    else:
        parts.append("The ACWR is undefined: it needs 28 days of history with some running.")
    if len(top):
        named = "; ".join(
            f"{week_label(row)}, relative risk {fmt_ratio(row['risk'])} ({_why(row)})" for _, row in top.iterrows()
        )
        parts.append(
            f"Modelled relative soreness risk was above the reference runner's 1 in "
            f"{int((weeks['risk'] > 1.0 + 1e-9).sum())} week(s); highest: {named}."
        )
    else:
        parts.append("Modelled relative soreness risk stayed at the reference runner's 1 in every week.")
    parts.append(f"{NOTE}.")
    return " ".join(parts)


def log_figure(load: Any, risk: Any, source: str) -> FigureSpec:
    """Training-log figure with its description.

    Parameters
    ----------
    load : calfkit.models.training.TrainingLoad
        e.g. ``calfkit.training_load(calfkit.read_training_log(path))``.
    risk : calfkit.models.log_risk.WeeklyRisk
        ``calfkit.weekly_risk(load)``.
    source : str
        Name of the log (shown in the description).

    Returns
    -------
    FigureSpec
    """
    return make_spec(log_traces(load, risk), log_layout(), log_description(load, risk, source))
