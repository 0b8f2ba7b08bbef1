"""Modelled soreness risk week by week, from a training log's load metrics.

For each Monday-to-Sunday week of :func:`calfkit.training_load`'s result,
:func:`weekly_risk` feeds :func:`calfkit.soreness_risk` with the two
training-load factors the log holds:

* ``weekly_change_pct``: the week's distance against the previous week's
  (``weekly.change_pct``; where it is undefined, a partly covered week or a
  previous week of 0 km, the reference 0 % is used);
* ``spike_pct``: the largest single-run spike of the week (the day's run
  against the longest run of the previous 30 days, ``daily.spike_pct``;
  where it is undefined, the first 30 days, the reference 0 % is used).

Hydration and warm-up are not in a training log, so they are held at the
reference runner's values (ratio 1.0). Since the risk rises with the spike,
the week's risk equals the highest risk of any of its days.

Educational model, not medical advice.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..validate import check_int
from .risk import SPIKE_RANGE, WEEKLY_CHANGE_RANGE, soreness_risk
from .training import TrainingLoad

__all__ = ["WeeklyRisk", "weekly_risk", "top_risk_weeks", "MAX_TOP_WEEKS", "REFERENCE_RISK"]

MAX_TOP_WEEKS = 52
"""Validation bound on how many highest-risk weeks may be asked for."""

REFERENCE_RISK = 1.0
"""Relative risk of the reference runner; only weeks above it count as raised."""

_ABOVE = 1e-9
"""Tolerance: a risk must exceed the reference by more than float round-off to count."""


@dataclass(frozen=True)
class WeeklyRisk:
    """Result of :func:`weekly_risk`.

    Attributes
    ----------
    weeks : pandas.DataFrame
        One row per week of the log: ``week`` (1 = the week of the first
        date), ``week_start`` (the Monday), ``distance_km`` (km),
        ``change_pct`` (% vs the previous week, NaN where undefined),
        ``runs`` (days with running), ``longest_run_km`` (km),
        ``spike_pct`` (largest spike of the week, % longer than the longest
        run of the previous 30 days; NaN where undefined),
        ``acwr_coupled`` (rolling 7:28-day ACWR on the week's last day,
        NaN where undefined), ``risk``, ``risk_low``, ``risk_high``
        (modelled relative risk and its envelope; 1 = reference runner),
        ``category`` (``'lower'``, ``'similar'``, ``'raised'``, ``'high'``).
    top : pandas.DataFrame
        The highest-risk weeks above the reference (same columns), highest
        first; empty when no week is above the reference.
    notes : tuple of str
        What the model assumed (reference values used, inputs capped).
    """

    weeks: pd.DataFrame
    top: pd.DataFrame
    notes: tuple[str, ...]


def top_risk_weeks(weeks: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    """The ``n`` weeks of highest modelled risk that are above the reference.

    Parameters
    ----------
    weeks : pandas.DataFrame
        ``WeeklyRisk.weeks`` (needs the columns ``week`` and ``risk``).
    n : int, default 3
        How many weeks at most, 1-52.

    Returns
    -------
    pandas.DataFrame
        Rows of ``weeks`` with ``risk`` above 1, sorted by risk (highest
        first), ties by week number; at most ``n`` rows, possibly none.

    Raises
    ------
    ValueError
        If ``weeks`` is not a DataFrame with ``week`` and ``risk`` columns,
        or ``n`` is not a whole number in [1, 52].
    """
    count = check_int("n", n, 1, MAX_TOP_WEEKS)
    if not isinstance(weeks, pd.DataFrame) or not {"week", "risk"} <= set(weeks.columns):
        got = list(map(str, weeks.columns)) if isinstance(weeks, pd.DataFrame) else type(weeks).__name__
        raise ValueError(f"weeks must be a DataFrame with columns 'week' and 'risk' (WeeklyRisk.weeks); got {got}")
    raised = weeks[weeks["risk"] > REFERENCE_RISK + _ABOVE]
    return (
        raised.sort_values(["risk", "week"], ascending=[False, True], kind="stable").head(count).reset_index(drop=True)
    )


def weekly_risk(load: TrainingLoad, top: int = 3) -> WeeklyRisk:
    """Modelled relative soreness risk of every week of a training log.

    Parameters
    ----------
    load : calfkit.models.training.TrainingLoad
        Result of :func:`calfkit.training_load` (e.g. of
        ``calfkit.read_training_log(path)``).
    top : int, default 3
        How many highest-risk weeks to list in ``WeeklyRisk.top``, 1-52.

    Returns
    -------
    WeeklyRisk
        ``weeks``, ``top`` and ``notes``; see :class:`WeeklyRisk`. All
        weeks are evaluated in one vectorised :func:`calfkit.soreness_risk`
        call with ``fluid_loss_pct=0`` and ``warmup_type='none'``.

    Raises
    ------
    ValueError
        If ``load`` is not a :class:`~calfkit.models.training.TrainingLoad` or
        ``top`` is not a whole number in [1, 52].

    Examples
    --------
    >>> import calfkit as ck
    >>> log = ck.read_training_log(ck.sample_log_path("plain_16_weeks.csv"))
    >>> ck.weekly_risk(ck.training_load(log)).top["week"].tolist()
    [13, 10]
    """
    if not isinstance(load, TrainingLoad):
        raise ValueError(
            f"load must be the TrainingLoad result of calfkit.training_load(log); got {type(load).__name__}"
        )
    count = check_int("top", top, 1, MAX_TOP_WEEKS)
    daily, weekly = load.daily, load.weekly
    starts = weekly["week_start"].to_numpy(dtype="datetime64[ns]")
    index = np.searchsorted(starts, daily["date"].to_numpy(dtype="datetime64[ns]"), side="right") - 1
    spike = daily["spike_pct"].to_numpy(dtype=float)
    week_spike = pd.Series(spike).groupby(index).max().reindex(range(len(weekly))).to_numpy(dtype=float)
    last_day = pd.Series(np.arange(len(daily))).groupby(index).max().reindex(range(len(weekly))).to_numpy()
    acwr = daily["acwr_coupled"].to_numpy(dtype=float)[last_day.astype(int)]
    change = weekly["change_pct"].to_numpy(dtype=float)

    notes: list[str] = []
    change_in = np.clip(np.nan_to_num(change, nan=0.0), *WEEKLY_CHANGE_RANGE)
    spike_in = np.clip(np.nan_to_num(week_spike, nan=0.0), *SPIKE_RANGE)
    if np.isnan(change).any():
        notes.append(
            f"{int(np.isnan(change).sum())} week(s) have no week-to-week change (partly covered by the log, or after "
            "a week of 0 km); the model uses the reference 0 % for them."
        )
    if np.isnan(week_spike).any():
        notes.append(
            f"{int(np.isnan(week_spike).sum())} week(s) have no defined single-run spike (the first 30 days, or no "
            "run); the model uses the reference 0 % for them."
        )
    capped = int(
        (change_in != np.nan_to_num(change, nan=0.0)).sum() + (spike_in != np.nan_to_num(week_spike, nan=0.0)).sum()
    )
    if capped:
        notes.append(
            f"{capped} input(s) were beyond the model's range and were capped at {WEEKLY_CHANGE_RANGE[1]:g} % "
            f"(weekly change) or {SPIKE_RANGE[1]:g} % (spike); the modelled ratio is the same above both caps."
        )
    notes.append(
        "Hydration and warm-up are not in a training log: they are held at the reference runner's values (ratio 1.0)."
    )
    result = soreness_risk(weekly_change_pct=change_in, spike_pct=spike_in, fluid_loss_pct=0.0, warmup_type="none")
    weeks = pd.DataFrame(
        {
            "week": np.arange(1, len(weekly) + 1),
            "week_start": weekly["week_start"],
            "distance_km": weekly["distance_km"].to_numpy(dtype=float),
            "change_pct": change,
            "runs": weekly["runs"].to_numpy(),
            "longest_run_km": weekly["longest_run_km"].to_numpy(dtype=float),
            "spike_pct": week_spike,
            "acwr_coupled": acwr,
            "risk": np.array(result.total, dtype=float),
            "risk_low": np.array(result.low, dtype=float),
            "risk_high": np.array(result.high, dtype=float),
            "category": np.array(result.category, dtype=object),
        }
    )
    return WeeklyRisk(weeks=weeks, top=top_risk_weeks(weeks, count), notes=tuple(notes))
