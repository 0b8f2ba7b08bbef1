"""Training-load figure: weekly distance, run spikes, ACWR and fitness/fatigue/form.

Three stacked panels share one date axis:

1. weekly distance (bars) with every run (small dots) and runs longer than the
   longest run of the previous 30 days marked by spike band;
2. the acute:chronic workload ratio, rolling (coupled) and EWMA, over the
   0.8–1.3 "sweet spot" band, labelled as contested;
3. fitness, fatigue and form of the performance-management chart (42- and
   7-day exponentially weighted daily distance, form = yesterday's
   fitness − fatigue; GoldenCheetah's convention).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from .style import (
    OKABE_ITO,
    FigureSpec,
    base_layout,
    finite_list,
    fmt,
    fmt_ratio,
    fmt_signed,
    gap_list,
    make_spec,
    rgba,
)

__all__ = ["ACWR_BAND", "SPIKE_BANDS", "load_traces", "load_layout", "load_description", "load_figure"]

ACWR_BAND = (0.8, 1.3)
"""The ACWR "sweet spot" from team-sport studies; contested for runners."""

SPIKE_BANDS: tuple[tuple[str, str, str, str], ...] = (
    ("10-30%", "Run 10–30 % longer than longest of past 30 days", "triangle-up", OKABE_ITO["orange"]),
    ("30-100%", "Run 30–100 % longer", "diamond", OKABE_ITO["vermillion"]),
    (">100%", "Run more than twice the longest", "star", OKABE_ITO["reddish_purple"]),
)
"""(spike_band value, legend label, marker symbol, colour) for the spike markers."""

_DAY_MS = 86_400_000


class _Columns(Mapping[str, np.ndarray]):
    """A DataFrame's columns as numpy arrays, each converted when first read."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self._frame = frame
        self._arrays: dict[str, np.ndarray] = {}

    def __getitem__(self, name: str) -> np.ndarray:
        if name not in self._arrays:
            self._arrays[name] = self._frame[name].to_numpy()
        return self._arrays[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._frame.columns)

    def __len__(self) -> int:
        return len(self._frame.columns)


def _tables(result: Any) -> tuple[Mapping[str, np.ndarray], Mapping[str, np.ndarray]]:
    """The daily and weekly columns of a :class:`~calfkit.models.training.TrainingLoad` (or of a
    :class:`~calfkit.models.training.LoadColumns`) as numpy arrays."""
    daily, weekly = result.daily, result.weekly
    if isinstance(daily, pd.DataFrame):
        return _Columns(daily), _Columns(weekly)
    return daily, weekly


def _day_strings(values: np.ndarray, step: int, pattern: str) -> np.ndarray:
    """``values`` (midnights ``step`` days apart, as a training-load calendar is) formatted with
    ``pattern``, as a read-only object array; the same calendar is formatted only once."""
    days = np.asarray(values).astype("datetime64[D]")
    if days.size and (days[-1] - days[0]) == np.timedelta64(step * (days.size - 1), "D"):
        return _calendar_strings(int(days[0].astype(np.int64)), days.size, step, pattern)
    return np.asarray(pd.DatetimeIndex(days).strftime(pattern), dtype=object)


@lru_cache(maxsize=16)
def _calendar_strings(first: int, count: int, step: int, pattern: str) -> np.ndarray:
    days = np.datetime64(first, "D") + step * np.arange(count)
    strings = np.asarray(pd.DatetimeIndex(days).strftime(pattern), dtype=object)
    strings.flags.writeable = False
    return strings


def _dates(values: np.ndarray) -> np.ndarray:
    """Days as ISO strings at noon, so a day's point sits in the middle of its day (one array)."""
    return _day_strings(values, 1, "%Y-%m-%d 12:00")


def load_traces(result: Any) -> list[dict[str, Any]]:
    """Plotly trace dicts for a training-load result (always the same 10 traces).

    Parameters
    ----------
    result : calfkit.models.training.TrainingLoad
        Result of :func:`calfkit.training_load`.

    Returns
    -------
    list of dict
        0 weekly distance bars, 1 runs, 2–4 spike markers (one trace per
        :data:`SPIKE_BANDS` entry, possibly empty), 5 rolling ACWR, 6 EWMA ACWR,
        7 fitness, 8 fatigue, 9 form. ACWR values the model leaves undefined
        (the first 28 days, or no chronic load) are ``None``: deliberate gaps in
        the line. All other numbers are finite.
    """
    daily, weekly = _tables(result)
    days = _dates(daily["date"])
    distance = daily["distance_km"].astype(float)
    spike_band = daily["spike_band"]
    spike_pct = daily["spike_pct"].astype(float)
    ran = distance > 0
    # week centres: Thursday noon (week_start + 84 h)
    centres = _day_strings(weekly["week_start"].astype("datetime64[D]") + 3, 7, "%Y-%m-%d 12:00")
    starts = _day_strings(weekly["week_start"], 7, "%Y-%m-%d")
    change = [
        f"{fmt_signed(c, 0)} % vs previous week" if math.isfinite(c) else "no comparison with the previous week"
        for c in weekly["change_pct"].astype(float).tolist()
    ]
    traces: list[dict[str, Any]] = [
        {
            "type": "bar",
            "name": "Weekly distance (km)",
            "x": list(centres),
            "y": finite_list(weekly["distance_km"]),
            "width": [7 * _DAY_MS * 0.9] * len(starts),
            "marker": {"color": rgba(OKABE_ITO["sky_blue"], 0.6), "line": {"color": OKABE_ITO["blue"], "width": 1}},
            "customdata": [[d, c] for d, c in zip(starts, change)],
            "hovertemplate": "Week of %{customdata[0]}: %{y:.1f} km (%{customdata[1]})<extra></extra>",
            "xaxis": "x",
            "yaxis": "y",
        },
        {
            "type": "scatter",
            "mode": "markers",
            "name": "Run (km)",
            "x": list(days[ran]),
            "y": finite_list(distance[ran]),
            "marker": {"color": OKABE_ITO["black"], "size": 5, "symbol": "circle"},
            "hovertemplate": "run %{y:.1f} km<extra></extra>",
            "xaxis": "x",
            "yaxis": "y",
        },
    ]
    for band, label, symbol, colour in SPIKE_BANDS:
        hits = spike_band == band
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": label,
                "x": list(days[hits]),
                "y": finite_list(distance[hits]),
                "customdata": finite_list(spike_pct[hits], 1),
                "marker": {
                    "color": colour,
                    "size": 13,
                    "symbol": symbol,
                    "line": {"color": OKABE_ITO["black"], "width": 1},
                },
                "hovertemplate": "spike: %{y:.1f} km, %{customdata:.0f} % longer than the longest run of the previous 30 days<extra></extra>",
                "xaxis": "x",
                "yaxis": "y",
            }
        )
    days = list(days)
    lines = (
        ("acwr_coupled", "ACWR, rolling 7:28 days", OKABE_ITO["blue"], "solid", "y2"),
        ("acwr_ewma", "ACWR, EWMA", OKABE_ITO["vermillion"], "dash", "y2"),
        ("fitness", "Fitness (42-day average, km/day)", OKABE_ITO["bluish_green"], "solid", "y3"),
        ("fatigue", "Fatigue (7-day average, km/day)", OKABE_ITO["orange"], "dot", "y3"),
        ("form", "Form (fitness − fatigue, yesterday)", OKABE_ITO["black"], "dashdot", "y3"),
    )
    for column, label, colour, dash, axis in lines:
        column_values = daily[column].astype(float)
        values = gap_list(column_values) if axis == "y2" else finite_list(column_values)
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": label,
                "x": days,
                "y": values,
                "line": {"color": colour, "dash": dash, "width": 2.5},
                "hovertemplate": f"{label}: %{{y:.2f}}<extra></extra>",
                "xaxis": "x",
                "yaxis": axis,
            }
        )
    return traces


def load_layout(title: str = "Training load: distance, spikes, ACWR and fitness–fatigue") -> dict[str, Any]:
    """Final layout: three panels on one date axis, the contested ACWR band shaded."""
    return three_panel_layout(
        title, {"title": {"text": "Fitness, fatigue, form (km/day)"}, "zeroline": True}, height=780
    )


def three_panel_layout(
    title: str,
    bottom_axis: dict[str, Any],
    *,
    height: int,
    top: int = 70,
    shapes: Sequence[dict[str, Any]] = (),
    annotations: Sequence[dict[str, Any]] = (),
    **extra: Any,
) -> dict[str, Any]:
    """Distance (top), ACWR with the contested band (middle) and a third panel, on one date axis.

    Parameters
    ----------
    title : str
        Figure title.
    bottom_axis : dict
        Plotly settings of the bottom panel's y axis (``yaxis3``); its domain is set here.
    height : int
        Figure height (px).
    top : int, default 70
        Top margin (px): room for the title (and the not-medical-advice note).
    shapes, annotations : sequence of dict
        Added after the ACWR band and its label.
    **extra
        Further layout keys (e.g. ``note=True``, ``barmode``) for :func:`base_layout`.
    """
    low, high = ACWR_BAND
    return base_layout(
        title,
        height=height,
        margin={"l": 80, "r": 30, "t": top, "b": 170},
        hovermode="x unified",
        xaxis={"type": "date", "anchor": "y3", "showgrid": True, "gridcolor": "#e5e5e5", "title": {"text": "Date"}},
        yaxis={"domain": [0.70, 1.0], "title": {"text": "Distance (km)"}, "rangemode": "tozero"},
        yaxis2={"domain": [0.37, 0.63], "title": {"text": "ACWR (ratio)"}, "rangemode": "tozero"},
        yaxis3={"domain": [0.0, 0.30], **bottom_axis},
        shapes=[
            {
                "type": "rect",
                "xref": "x domain",
                "yref": "y2",
                "x0": 0,
                "x1": 1,
                "y0": low,
                "y1": high,
                "fillcolor": rgba(OKABE_ITO["yellow"], 0.5),
                "line": {"width": 1, "dash": "dot", "color": OKABE_ITO["orange"]},
                "layer": "below",
            },
            *shapes,
        ],
        annotations=[
            {
                "text": f"{fmt(low)}–{fmt(high)} 'sweet spot' band (contested for runners)",
                "xref": "x domain",
                "yref": "y2",
                "x": 0.01,
                "y": high,
                "xanchor": "left",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 11},
            },
            *annotations,
        ],
        **extra,
    )


def spike_sentence(daily: pd.DataFrame | Mapping[str, np.ndarray]) -> str:
    """One sentence counting the runs in each Frandsen spike band of ``TrainingLoad.daily``
    (or of :class:`~calfkit.models.training.LoadColumns` ``.daily``)."""
    bands = np.asarray(daily["spike_band"])
    counts = [(label, int((bands == band).sum())) for band, label, _, _ in SPIKE_BANDS]
    spikes = sum(n for _, n in counts)
    if not spikes:
        return "No run was more than 10 % longer than the longest run of the previous 30 days."
    detail = "; ".join(f"{n} {band}" for (band, _, _, _), (_, n) in zip(SPIKE_BANDS, counts) if n)
    return (
        f"{spikes} run{'s were' if spikes != 1 else ' was'} more than 10 % longer than the longest run "
        f"of the previous 30 days ({detail})."
    )


def _last_finite(values: np.ndarray) -> float:
    numbers = np.asarray(values, dtype=float)
    finite = numbers[np.isfinite(numbers)]
    return float(finite[-1]) if len(finite) else math.nan


def load_description(result: Any) -> str:
    """Plain-English description of the training-load figure, with its numbers."""
    daily, weekly = _tables(result)
    distance_km = daily["distance_km"].astype(float)
    runs = int((distance_km > 0).sum())
    first, last = (day.rsplit(" ", 1)[0] for day in _dates(daily["date"])[[0, -1]])
    parts = [
        f"Training load from {first} to {last}: {fmt(distance_km.sum())} km in {runs} runs "
        f"over {len(weekly['week_start'])} weeks."
    ]
    if len(weekly["week_start"]):
        distance = weekly["distance_km"].astype(float)
        parts.append(f"Weekly distance ranged from {fmt(distance.min())} to {fmt(distance.max())} km.")
        change = weekly["change_pct"].astype(float)
        if np.isfinite(change).any():
            index = int(np.nanargmax(np.where(np.isfinite(change), change, np.nan)))
            week = _day_strings(weekly["week_start"], 7, "%Y-%m-%d")[index]
            parts.append(f"The largest week-to-week change was {fmt_signed(change[index], 0)} % (week of {week}).")
    parts.append(spike_sentence(daily))
    rolling, ewma = _last_finite(daily["acwr_coupled"]), _last_finite(daily["acwr_ewma"])
    if math.isfinite(rolling) or math.isfinite(ewma):
        parts.append(
            f"Latest acute:chronic workload ratio: {fmt_ratio(rolling)} rolling, {fmt_ratio(ewma)} EWMA; "
            f"the shaded {fmt(ACWR_BAND[0])}–{fmt(ACWR_BAND[1])} band is a contested 'sweet spot'."
        )
    else:
        parts.append("The acute:chronic workload ratio is undefined: it needs 28 days of history with some running.")
    fitness, fatigue, form = (float(daily[column][-1]) for column in ("fitness", "fatigue", "form"))
    parts.append(
        f"On the last day fitness is {fmt(fitness)}, fatigue {fmt(fatigue)} "
        f"and form {fmt(form)} km per day (performance-management chart; form below 0 "
        "means recent running is above the long-term average)."
    )
    return " ".join(parts)


def load_figure(result: Any) -> FigureSpec:
    """Training-load timeline figure with its description.

    Parameters
    ----------
    result : calfkit.models.training.TrainingLoad
        e.g. ``calfkit.training_load(log)``.

    Returns
    -------
    FigureSpec
    """
    return make_spec(load_traces(result), load_layout(), load_description(result))
