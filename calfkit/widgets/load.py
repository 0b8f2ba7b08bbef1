"""Training-load explorer: edit an 8-week plan, see weekly distance, spikes, ACWR and form."""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import Any

import ipywidgets as W
import numpy as np
import pandas as pd

from ..figures.load import SPIKE_BANDS, _day_strings, _tables, load_description, load_layout, load_traces
from ..figures.style import fmt, fmt_ratio, fmt_signed
from ..models.training import load_columns
from .controls import slider
from .explorer import Explorer, View

__all__ = ["LoadExplorer", "load_explorer", "plan_log", "plan_km", "DEFAULT_PLAN", "RUN_DAYS", "START"]

DEFAULT_PLAN = (20.0, 22.0, 24.0, 26.0, 20.0, 34.0, 30.0, 32.0)
"""Default weekly distances (km) of the 8-week plan: a steady build, an easy week, a jump."""

RUN_DAYS = (1, 3, 5, 6)
"""Weekdays of the four runs each week (Monday = 0); the long run is on Sunday (6)."""

START = "2024-01-01"
"""First day (a Monday) of the plan; any Monday gives the same metrics."""

WEEKS = len(DEFAULT_PLAN)


def plan_log(weekly_km: Sequence[float], long_run_pct: float, start: str = START) -> pd.DataFrame:
    """Daily training log for a weekly plan: four runs a week, the long one on Sunday.

    Parameters
    ----------
    weekly_km : sequence of float
        Distance of each week (km, >= 0).
    long_run_pct : float
        Share of each week's distance run in the Sunday long run (25-100 %);
        the rest is split evenly over the other three runs.
    start : str
        ISO date of the first Monday.

    Returns
    -------
    pandas.DataFrame
        ``date`` (ISO string) and ``distance_km``, one row per day (rest days 0 km),
        ready for :func:`calfkit.training_load`.
    """
    distance = plan_km(weekly_km, long_run_pct)
    dates = pd.date_range(start, periods=len(distance), freq="D").strftime("%Y-%m-%d")
    return pd.DataFrame({"date": dates, "distance_km": distance})


def plan_km(weekly_km: Sequence[float], long_run_pct: float) -> np.ndarray:
    """The daily distances (km, rounded to metres) of :func:`plan_log`'s log, one per day."""
    share = float(long_run_pct) / 100.0
    if not 0.25 <= share <= 1.0:
        raise ValueError(f"long_run_pct={long_run_pct} is outside the allowed range [25, 100] (% of the week)")
    week_pattern = np.zeros(7)
    week_pattern[list(RUN_DAYS[:-1])] = (1.0 - share) / (len(RUN_DAYS) - 1)
    week_pattern[RUN_DAYS[-1]] = share
    distance = np.asarray(weekly_km, dtype=float)[:, None] * week_pattern
    return np.round(distance.reshape(-1), 3)


def _spike_days(daily: Any) -> np.ndarray:
    """Positions of the days whose run is a spike (one of :data:`SPIKE_BANDS`)."""
    band = np.asarray(daily["spike_band"])
    return np.flatnonzero(np.logical_or.reduce([band == name for name, _, _, _ in SPIKE_BANDS]))


def _lead(result: Any) -> str:
    """One plain sentence: the biggest week-to-week jump and how many runs were spikes."""
    daily, weekly = _tables(result)
    change = weekly["change_pct"].astype(float)
    spikes = _spike_days(daily).size
    runs = "no run is" if spikes == 0 else ("1 run is" if spikes == 1 else f"{spikes} runs are")
    spike_text = f"<b>{runs} more than 10 % longer</b> than the longest run of the month before"
    if not np.isfinite(change).any() or np.nanmax(change) <= 0:
        return f"<p>No week is longer than the week before, and {spike_text}.</p>"
    week = int(np.nanargmax(change))
    return (
        f"<p>The biggest jump is <b>week {week + 1}, {fmt_signed(change[week], 0)} %</b> on the week before, "
        f"and {spike_text}.</p>"
    )


def _readout(result: Any) -> str:
    """HTML details: weekly changes, spikes, latest ACWR and form, model notes."""
    daily, weekly = _tables(result)
    changes = [
        f"week {i + 1}: {fmt(km)} km" + (f" ({fmt_signed(c, 0)} %)" if math.isfinite(c) else "")
        for i, (km, c) in enumerate(
            zip(weekly["distance_km"].astype(float).tolist(), weekly["change_pct"].astype(float).tolist())
        )
    ]
    hits = _spike_days(daily)
    spikes = [
        f"{day}: {fmt(km)} km, +{fmt(pct, 0)} %"
        for day, km, pct in zip(
            _day_strings(daily["date"], 1, "%a %d %b")[hits],
            daily["distance_km"][hits].tolist(),
            daily["spike_pct"][hits].tolist(),
        )
    ]
    last = {column: daily[column][-1] for column in ("acwr_coupled", "acwr_ewma", "fitness", "fatigue", "form")}
    lines = [
        "<p><b>Weekly distance:</b> " + "; ".join(changes) + ".</p>",
        "<p><b>Runs more than 10 % longer than the longest of the previous 30 days:</b> "
        + (html.escape("; ".join(spikes)) if spikes else "none")
        + ".</p>",
        f"<p><b>Last day:</b> ACWR {fmt_ratio(last['acwr_coupled'])} (rolling), {fmt_ratio(last['acwr_ewma'])} (EWMA) — "
        "the 0.8–1.3 'sweet spot' comes from team sports and is <i>contested</i>; in 5,205 runners (Frandsen 2025) "
        "single-run spikes, not the week-to-week ratio, went with injury. "
        f"Fitness {fmt(last['fitness'])} km/day (42-day average), fatigue {fmt(last['fatigue'])} km/day (7-day average), "
        f"form {fmt(last['form'])} (below 0: more running lately than you are used to; above 0: rested).</p>",
    ]
    if result.notes:
        lines.append("<p style='font-size:90%'>" + html.escape(" ".join(result.notes)) + "</p>")
    return "".join(lines)


class LoadExplorer(Explorer):
    """Eight weekly-distance sliders and a long-run share; the training-load figure and readout.

    Controls: ``week_1`` ... ``week_8`` (km) and ``long_run_pct`` (% of the week).
    """

    def __init__(self, *, weekly_km: Sequence[float] = DEFAULT_PLAN, long_run_pct: float = 35.0) -> None:
        if len(weekly_km) != WEEKS:
            raise ValueError(f"weekly_km has {len(weekly_km)} values; the plan has {WEEKS} weeks")
        controls: dict[str, W.Widget] = {
            f"week_{i + 1}": slider(f"Week {i + 1} (km)", float(km), 0.0, 100.0, 1.0) for i, km in enumerate(weekly_km)
        }
        controls["long_run_pct"] = slider("Long run (% of the week)", long_run_pct, 25.0, 70.0, 5.0)
        weeks = [controls[f"week_{i + 1}"] for i in range(WEEKS)]
        for week in weeks:
            week.layout.width = "300px"
        box = W.VBox([W.HBox(weeks[:4]), W.HBox(weeks[4:]), controls["long_run_pct"]])
        super().__init__(
            controls,
            load_layout(),
            title="Plan 8 weeks of running and watch the load",
            note="ACWR bands and spike ratios are population averages, not personal limits.",
            control_box=box,
        )

    def log(self) -> pd.DataFrame:
        """The daily log built from the current plan."""
        values = self.values()
        return plan_log([values[f"week_{i + 1}"] for i in range(WEEKS)], values["long_run_pct"])

    def _compute(self) -> View:
        # the metrics of training_load(self.log()), without building and reading DataFrames
        values = self.values()
        result = load_columns(plan_km([values[f"week_{i + 1}"] for i in range(WEEKS)], values["long_run_pct"]), START)
        return View(load_description(result), _lead(result), tuple(load_traces(result)), _readout(result))


def load_explorer(**initial: Any) -> LoadExplorer:
    """Interactive 8-week training plan.

    Parameters
    ----------
    **initial
        ``weekly_km`` (8 distances, 0-100 km; default :data:`DEFAULT_PLAN`) and
        ``long_run_pct`` (25-70 % of each week; default 35).

    Returns
    -------
    LoadExplorer
        Displays itself when it is the last value of a cell; ``.widget``,
        ``.figure``, ``.controls``, ``.readout``, ``.description``.
    """
    return LoadExplorer(**initial)
