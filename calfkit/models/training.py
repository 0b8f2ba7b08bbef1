"""Training load from a daily running log: weekly distance, ACWR, spikes, PMC.

Every metric is computed on a full daily calendar from the first to the last
date of the log (days without a row are rest days, 0 km) with vectorised
numpy / pandas operations; there is no per-day Python loop.

Formulas (``x_t`` = distance on day ``t`` in km, ``A`` = ``acute_days``,
``C`` = ``chronic_days``):

* acute load ``a_t = sum(x[t-A+1 .. t])`` (km)
* chronic load ``c_t = sum(x[t-C+1 .. t]) * A / C`` (weekly-equivalent km)
* coupled ACWR ``a_t / c_t`` (Hulin 2014); uncoupled ACWR
  ``a_t / (sum(x[t-C+1 .. t-A]) * A / (C - A))``, chronic window without the
  acute days (Lolli 2019)
* EWMA ``e_t = lam * x_t + (1 - lam) * e_{t-1}``, ``lam = 2 / (N + 1)``,
  ``e_0 = x_0`` (Williams 2017); EWMA ACWR = acute EWMA / chronic EWMA
* spike ``100 * (x_t - m_t) / m_t`` with ``m_t = max(x[t-30 .. t-1])``
  (Frandsen 2025), banded ``<= 10``, ``(10, 30]``, ``(30, 100]``, ``> 100`` %
* performance-management chart (PMC) as GoldenCheetah computes it
  (``src/Metrics/PMCData.cpp``): with ``k = exp(-1/tau)``,
  ``fitness_t = k1 * fitness_{t-1} + (1 - k1) * x_t`` (chronic training
  load, CTL, ``tau1 = 42`` days) and likewise ``fatigue`` (acute training
  load, ATL, ``tau2 = 7`` days), both 0 the day before the log, in km/day;
  ``form_t = fitness_{t-1} - fatigue_{t-1}`` (stress balance, TSB: the
  previous day's CTL minus ATL, GoldenCheetah's default), ``form_0 = 0``.
  Under a load jump fatigue rises faster than fitness, so form falls below 0;
  in a taper fatigue falls faster, so form rises above 0.

The numbers (windows, band edges, time constants, gains) come from
``data/model_parameters.csv``; see ``docs/models.md``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from ..validate import check_array, check_int, check_number
from .parameters import param

__all__ = ["TrainingLoad", "training_load", "spike_band_edges", "spike_band_index"]

MAX_DAY_KM = 300.0
"""Validation bound: no single day's running may exceed this (km)."""
MAX_DAY_MIN = 1440.0
"""Validation bound: a day has 1,440 minutes."""
MAX_CALENDAR_DAYS = 1_000_000
"""Memory guard on the span from first to last date (about 2,700 years)."""
MAX_WINDOW_DAYS = 365
"""Validation bound on the window and time-constant arguments (days)."""

_FILTER_LOG_RANGE = 300.0
"""Largest exponent (natural log) a block of :func:`_decay_filter` may scale by."""
_BAND_DECIMALS = 9
"""Spike % is rounded to this many decimals before banding (float round-off at band edges)."""
_EPOCH_WEEKDAY = 3
"""1970-01-01 (day 0 of numpy's calendar) was a Thursday; Monday = 0."""


def _default(pid: str) -> int:
    return int(param(pid).value)


@dataclass(frozen=True)
class TrainingLoad:
    """Result of :func:`training_load`.

    Attributes
    ----------
    daily : pandas.DataFrame
        One row per calendar day from the first to the last date, rest days
        0 km. Columns: ``date``; ``distance_km``; ``duration_min`` (NaN when
        the log has no durations); ``acute_km`` (acute-window sum, km);
        ``chronic_km`` (chronic-window sum scaled to one acute window, km);
        ``acwr_coupled``; ``acwr_uncoupled``; ``ewma_acute_km`` and
        ``ewma_chronic_km`` (exponentially weighted mean daily distance,
        km/day); ``acwr_ewma``; ``longest_prev_30d_km``; ``spike_pct`` (%
        longer than ``longest_prev_30d_km``; NaN with no run today or no run
        in the look-back); ``spike_band`` (categorical of the strings
        ``'none'``, ``'10-30%'``, ``'30-100%'``, ``'>100%'``, and ``''``
        where ``spike_pct`` is NaN);
        ``fitness`` (chronic training load CTL, km/day), ``fatigue`` (acute
        training load ATL, km/day) and ``form`` (training stress balance
        TSB = yesterday's CTL - yesterday's ATL, km/day; 0 on the first day).
    weekly : pandas.DataFrame
        One row per Monday-to-Sunday week: ``week_start`` (the Monday),
        ``distance_km``, ``change_pct`` (vs the previous week; NaN when
        either week is only partly covered by the log or the previous week
        was 0 km), ``runs`` (days with distance > 0), ``longest_run_km``.
    notes : tuple of str
        What was assumed or repaired (sorting, filled gaps, undefined
        periods), in plain words.
    """

    daily: pd.DataFrame
    weekly: pd.DataFrame
    notes: tuple[str, ...]


def training_load(
    log: pd.DataFrame,
    *,
    acute_days: int = _default("acwr_acute_days"),
    chronic_days: int = _default("acwr_chronic_days"),
    fitness_days: float = _default("pmc_fitness_days"),
    fatigue_days: float = _default("pmc_fatigue_days"),
) -> TrainingLoad:
    """Daily and weekly training-load metrics from a daily running log.

    Parameters
    ----------
    log : pandas.DataFrame
        One row per day with columns ``date`` (datetime-like or ISO 8601
        string; a time of day is ignored), ``distance_km`` (0-300 km) and
        optionally ``duration_min`` (0-1,440 min). Rows may be in any
        order; days without a row count as rest days. Other columns are
        ignored.
    acute_days : int, default 7
        Acute window A (days), 1-365.
    chronic_days : int, default 28
        Chronic window C (days), greater than ``acute_days``, at most 365.
    fitness_days, fatigue_days : float, default 42 and 7
        PMC time constants tau1 (chronic, CTL) and tau2 (acute, ATL),
        days, 1-365.

    Returns
    -------
    TrainingLoad
        ``daily``, ``weekly`` and ``notes``; see :class:`TrainingLoad`.
        Rolling ACWRs and the EWMA ACWR are NaN for the first ``C - 1``
        days (the chronic window is not yet full) and wherever the chronic
        load is 0; the spike is NaN for the first 30 days.

    Raises
    ------
    ValueError
        Naming ``log``, the column, the offending rows and the allowed
        range, for: not a DataFrame, no rows, a missing column, unparseable
        or missing dates, duplicate dates, NaN / negative / non-finite /
        non-numeric distances or durations, more than 300 km or 1,440 min in
        one day; and for out-of-range window or time-constant arguments.

    Examples
    --------
    >>> import pandas as pd, calfkit as ck
    >>> log = pd.DataFrame({"date": pd.date_range("2024-01-01", periods=56),
    ...                     "distance_km": 5.0})
    >>> float(ck.training_load(log).daily["acwr_coupled"].iloc[-1])
    1.0
    """
    acute, chronic, tau_fit, tau_fat = _check_windows(acute_days, chronic_days, fitness_days, fatigue_days)
    first, day_index, distance, duration, unit, notes = _read_log(log)

    n = int(day_index[-1]) + 1
    km = np.zeros(n)
    km[day_index] = distance
    minutes = np.full(n, np.nan)
    if duration is not None:
        minutes[:] = 0.0
        minutes[day_index] = duration
    filled = n - day_index.size
    if filled:
        notes.append(f"{filled} calendar day(s) with no row in the log were counted as rest days (0 km).")
    metrics, band, pmc = _daily_metrics(km, acute, chronic, tau_fit, tau_fat, notes)
    daily = pd.DataFrame(
        {
            "date": _calendar(first, n, 1, unit),
            "distance_km": km,
            "duration_min": minutes,
            **metrics,
            "spike_band": pd.Categorical.from_codes(band, dtype=_band_dtype(), validate=False),
            **pmc,
        },
        copy=False,  # every column is a fresh array of this call
    )
    week_start, weekly_columns = _weekly_columns(first, km, notes)
    weekly = pd.DataFrame(
        {"week_start": _calendar(week_start, weekly_columns["distance_km"].size, 7, unit), **weekly_columns},
        copy=False,  # every column is a fresh array of this call
    )
    return TrainingLoad(daily=daily, weekly=weekly, notes=tuple(notes))


@dataclass(frozen=True)
class LoadColumns:
    """:func:`training_load`'s result as numpy arrays (:func:`load_columns`).

    Attributes
    ----------
    daily : dict of str to numpy.ndarray
        The columns of :attr:`TrainingLoad.daily`, in its order: ``date`` as
        ``datetime64[D]``, ``spike_band`` as an object array of the band strings,
        ``duration_min`` all NaN (no durations).
    weekly : dict of str to numpy.ndarray
        The columns of :attr:`TrainingLoad.weekly` (``week_start`` as ``datetime64[D]``).
    notes : tuple of str
        As :attr:`TrainingLoad.notes`.
    """

    daily: dict[str, np.ndarray]
    weekly: dict[str, np.ndarray]
    notes: tuple[str, ...]


def load_columns(
    km: np.ndarray,
    first: str | np.datetime64,
    *,
    acute_days: int = _default("acwr_acute_days"),
    chronic_days: int = _default("acwr_chronic_days"),
    fitness_days: float = _default("pmc_fitness_days"),
    fatigue_days: float = _default("pmc_fatigue_days"),
) -> LoadColumns:
    """:func:`training_load` of a complete daily series of distances, as numpy arrays.

    The same numbers and notes as ``training_load`` of a log with one row per day
    from ``first`` (``distance_km = km``, no durations), without building or
    reading DataFrames: for a widget that recomputes the metrics on every slider move.

    Parameters
    ----------
    km : array of float
        Distance of each day from ``first`` on (0-300 km), at least one day.
    first : str or numpy.datetime64
        The first day (ISO 8601 date).
    acute_days, chronic_days, fitness_days, fatigue_days
        As :func:`training_load`.

    Returns
    -------
    LoadColumns

    Raises
    ------
    ValueError
        For an empty series, a distance outside 0-300 km, a series longer than
        1,000,000 days, and out-of-range window or time-constant arguments.
    """
    acute, chronic, tau_fit, tau_fat = _check_windows(acute_days, chronic_days, fitness_days, fatigue_days)
    km = np.array(check_array("km", km, 0.0, MAX_DAY_KM, "km in one day"), dtype=float).reshape(-1)
    if not 1 <= km.size <= MAX_CALENDAR_DAYS:
        raise ValueError(f"km has {km.size} days; the allowed length is [1, {MAX_CALENDAR_DAYS}] days")
    day0 = np.datetime64(first, "D")
    notes: list[str] = []
    metrics, band, pmc = _daily_metrics(km, acute, chronic, tau_fit, tau_fat, notes)
    daily = {
        "date": day0 + np.arange(km.size),
        "distance_km": km,
        "duration_min": np.full(km.size, np.nan),
        **metrics,
        "spike_band": _band_labels()[band],
        **pmc,
    }
    week_start, weekly = _weekly_columns(day0, km, notes)
    return LoadColumns(
        daily=daily,
        weekly={"week_start": week_start + 7 * np.arange(weekly["distance_km"].size), **weekly},
        notes=tuple(notes),
    )


def _check_windows(acute_days: Any, chronic_days: Any, fitness_days: Any, fatigue_days: Any) -> tuple:
    acute = check_int("acute_days", acute_days, 1, MAX_WINDOW_DAYS)
    chronic = check_int("chronic_days", chronic_days, acute + 1, MAX_WINDOW_DAYS)
    tau_fit = check_number("fitness_days", fitness_days, 1, MAX_WINDOW_DAYS, "days")
    tau_fat = check_number("fatigue_days", fatigue_days, 1, MAX_WINDOW_DAYS, "days")
    return acute, chronic, tau_fit, tau_fat


def _daily_metrics(
    km: np.ndarray, acute: int, chronic: int, tau_fit: float, tau_fat: float, notes: list[str]
) -> tuple[dict[str, np.ndarray], np.ndarray, dict[str, np.ndarray]]:
    """The daily columns ``acute_km`` to ``spike_pct``, the spike band codes, then the PMC columns."""
    n = km.size
    total = np.concatenate(([0.0], np.cumsum(km)))
    runs = np.concatenate(([0], np.cumsum(km > 0)))
    acute_km = _window_sum(total, runs, acute, 0)
    chronic_km = _window_sum(total, runs, chronic, 0) * (acute / chronic)
    earlier_km = _window_sum(total, runs, chronic - acute, acute) * (acute / (chronic - acute))
    lam_a, lam_c = 2.0 / (acute + 1), 2.0 / (chronic + 1)
    keep_fit, keep_fat = math.exp(-1.0 / tau_fit), math.exp(-1.0 / tau_fat)
    ewma_acute, ewma_chronic, fitness, fatigue = _decay_filter(
        km,
        keep=np.array([1.0 - lam_a, 1.0 - lam_c, keep_fit, keep_fat]),
        gain=np.array([lam_a, lam_c, 1.0 - keep_fit, 1.0 - keep_fat]),
        start=np.array([km[0], km[0], 0.0, 0.0]),
    )
    acwr_ewma = _ratio(ewma_acute, ewma_chronic)
    acwr_ewma[: chronic - 1] = np.nan
    longest, spike, band = _spikes(km)
    form = np.empty(n)
    form[0] = 0.0
    form[1:] = fitness[:-1] - fatigue[:-1]
    notes.append(
        f"ACWR columns are undefined (NaN) for the first {chronic - 1} days, until a full "
        f"{chronic}-day chronic window exists, and on days when the chronic load is 0."
    )
    notes.append(
        f"The spike needs {_lookback_days()} previous days, so it is undefined for the first "
        f"{_lookback_days()} days; fitness (CTL) and fatigue (ATL) start from 0 the day before the "
        "log, so both are low over its first weeks, and form is 0 on the first day."
    )
    metrics = {
        "acute_km": acute_km,
        "chronic_km": chronic_km,
        "acwr_coupled": _ratio(acute_km, chronic_km),
        "acwr_uncoupled": _ratio(acute_km, earlier_km),
        "ewma_acute_km": ewma_acute,
        "ewma_chronic_km": ewma_chronic,
        "acwr_ewma": acwr_ewma,
        "longest_prev_30d_km": longest,
        "spike_pct": spike,
    }
    return metrics, band, {"fitness": fitness, "fatigue": fatigue, "form": form}


def _lookback_days() -> int:
    return int(param("spike_lookback_days").value)


def _read_log(log: pd.DataFrame) -> tuple[np.datetime64, np.ndarray, np.ndarray, np.ndarray | None, str, list[str]]:
    """Validate the log; return first day, day offsets, distances, durations, time unit, notes."""
    if not isinstance(log, pd.DataFrame):
        raise ValueError(
            f"log must be a pandas DataFrame with columns 'date' and 'distance_km' "
            f"(optional 'duration_min'); got {type(log).__name__}"
        )
    if len(log) == 0:
        raise ValueError("log is empty; it needs at least one row with 'date' and 'distance_km'")
    missing = [c for c in ("date", "distance_km") if c not in log.columns]
    if missing:
        raise ValueError(
            f"log is missing column(s) {missing}; it has {list(map(str, log.columns))}, "
            f"needs 'date' and 'distance_km' (optional 'duration_min')"
        )
    days, unit = _parse_dates(log["date"])
    distance = check_array("log['distance_km']", log["distance_km"].to_numpy(), 0.0, MAX_DAY_KM, "km in one day")
    notes: list[str] = []
    duration = None
    if "duration_min" in log.columns:
        known = log["duration_min"].notna().to_numpy()
        duration = np.full(known.shape, np.nan)
        if known.any():
            duration[known] = check_array(
                "log['duration_min']", log["duration_min"].to_numpy()[known], 0.0, MAX_DAY_MIN, "minutes in one day"
            )
        if not known.all():
            notes.append(
                f"{int((~known).sum())} day(s) without a duration: duration_min is NaN there (unknown, not zero)"
            )

    order = np.arange(days.size)
    step = np.diff(days)
    if (step < 0).any():
        notes.append("The log was not in date order; it was sorted by date.")
        order = np.argsort(days, kind="stable")
        days, distance = days[order], distance[order]
        if duration is not None:
            duration = duration[order]
        step = np.diff(days)
    repeated = np.flatnonzero(step == 0)
    if repeated.size:
        _duplicate_error(days, order, repeated)
    span = int(days[-1] - days[0]) + 1
    if span > MAX_CALENDAR_DAYS:
        raise ValueError(
            f"log['date'] spans {span} days ({_day(days[0])} to {_day(days[-1])}); the allowed span is "
            f"[1, {MAX_CALENDAR_DAYS}] days"
        )
    first = np.datetime64(int(days[0]), "D")
    return first, days - days[0], distance, duration, unit, notes


def _day(number: int) -> np.datetime64:
    return np.datetime64(int(number), "D")


def _parse_dates(column: pd.Series) -> tuple[np.ndarray, str]:
    """Dates -> day numbers since 1970-01-01 and the time unit to report dates in."""
    if pd.api.types.is_bool_dtype(column) or pd.api.types.is_numeric_dtype(column):
        raise ValueError(
            f"log['date'] holds {column.dtype} values (e.g. {column.iloc[0]!r}); "
            "expected dates or ISO 8601 strings such as '2024-03-01'"
        )
    if isinstance(column.dtype, pd.DatetimeTZDtype):
        column = column.dt.tz_localize(None)
    values = column.to_numpy()
    if values.dtype.kind != "M":
        values = pd.to_datetime(column, errors="coerce", format="ISO8601").to_numpy()
    bad = np.flatnonzero(np.isnat(values))
    if bad.size:
        shown = ", ".join(f"at {i}: {column.iloc[i]!r}" for i in bad[:5])
        raise ValueError(
            f"log['date'] has missing or unparseable dates [{shown}]"
            f"{f' ({bad.size} in all)' if bad.size > 5 else ''}; expected dates or ISO 8601 "
            "strings such as '2024-03-01'"
        )
    unit = np.datetime_data(values.dtype)[0]
    return values.view(np.int64) // _ticks_per_day(unit), unit


def _ticks_per_day(unit: str) -> int:
    """How many ``datetime64[unit]`` ticks make one day (86,400 for ``'s'``)."""
    return int(np.timedelta64(1, "D") // np.timedelta64(1, unit))


def _calendar(first: np.datetime64, count: int, step: int, unit: str) -> pd.DatetimeIndex:
    """``count`` midnights ``step`` days apart from ``first``, in ``datetime64[unit]``.

    Computed on the integer tick counts (a cast between datetime units costs
    more than the whole rolling-window arithmetic of a 10-year log).
    """
    day0 = int(first.astype(np.int64))
    ticks = (day0 + step * np.arange(count, dtype=np.int64)) * _ticks_per_day(unit)
    return pd.DatetimeIndex(ticks.view(f"datetime64[{unit}]"))


def _duplicate_error(days: np.ndarray, order: np.ndarray, repeated: np.ndarray) -> None:
    """Raise naming the duplicated dates and their row positions in the input."""
    dupes = np.unique(days[repeated])
    parts = []
    for day in dupes[:5]:
        rows = sorted(order[days == day].tolist())
        parts.append(f"{_day(day)} at rows {rows}")
    raise ValueError(
        f"log['date'] has duplicate dates ({'; '.join(parts)}); allowed: one row per date "
        "(sum a day's runs into one row first)"
    )


def _window_sum(total: np.ndarray, runs: np.ndarray, width: int, lag: int) -> np.ndarray:
    """Sum of ``x[t-lag-width+1 .. t-lag]``; NaN until ``width + lag`` days exist.

    ``total`` and ``runs`` are the cumulative sums of the distances and of the
    run days, each with a leading 0, so every window is one subtraction.
    Windows without a run are set to exactly 0 so that round-off never turns
    an empty window into a tiny positive load.
    """
    n = total.size - 1
    out = np.full(n, np.nan)
    start = width + lag - 1
    if n > start:
        stop = n - lag + 1
        sums = total[width:stop] - total[: stop - width]
        sums[runs[width:stop] == runs[: stop - width]] = 0.0
        out[start:] = sums
    return out


def _decay_filter(x: np.ndarray, keep: np.ndarray, gain: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Run ``k`` first-order filters over one series at once; returns shape ``(k, n)``.

    Row ``r`` is ``y_t = keep[r] * y_{t-1} + gain[r] * x_t`` with
    ``y_{-1} = start[r]``, for ``x >= 0`` and ``0 <= keep < 1``:

    * EWMA ``e_t = lam * x_t + (1 - lam) * e_{t-1}`` is ``keep = 1 - lam``,
      ``gain = lam``, ``start = x_0`` (so ``e_0 = x_0``; pandas ``adjust=False``);
    * the PMC load ``y_t = k * y_{t-1} + (1 - k) * x_t``, ``k = exp(-1/tau)``, is
      ``keep = k``, ``gain = 1 - k``, ``start = 0``.

    Vectorised in blocks of ``B`` days: inside a block
    ``y_j = keep**j * (keep * y_in + gain * cumsum(x_i / keep**i)_j)``. ``B`` is
    chosen so that ``keep**-B <= e**300`` cannot overflow for the smallest
    ``keep``; only the carry ``y_in`` from block to block is a Python loop
    (``n / B`` steps, e.g. one step per ~1,000 days for ``keep = 0.75``). The
    terms are non-negative, so the cumulative sums cannot cancel and the
    relative error stays near ``B`` x machine epsilon. A row with ``keep = 0``
    is simply ``gain * x``.
    """
    n = x.size
    live = keep > 0.0
    if not live.all():
        out = np.empty((keep.size, n))
        out[~live] = gain[~live, None] * x
        if live.any():
            out[live] = _decay_filter(x, keep[live], gain[live], start[live])
        return out
    keep, gain = keep[:, None], gain[:, None]
    rows = -(-n // max(1, int(_FILTER_LOG_RANGE / -math.log(float(keep.min())))))
    block = -(-n // rows)  # equal blocks, so at most rows - 1 days of padding
    padded = np.zeros(rows * block)
    padded[:n] = x
    power = keep ** np.arange(block)  # (k, B)
    local = np.cumsum(padded.reshape(1, rows, block) / power[:, None, :], axis=2)
    local *= (gain * power)[:, None, :]
    carry = np.empty((keep.shape[0], rows))
    level, step = start, keep[:, 0] ** block
    for row in range(rows):
        carry[:, row] = level
        level = level * step + local[:, row, -1]
    local += carry[:, :, None] * (keep * power)[:, None, :]
    return local.reshape(keep.shape[0], rows * block)[:, :n]


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """``num / den``, NaN where ``den`` is NaN or 0."""
    return np.divide(num, den, out=np.full(num.size, np.nan), where=den > 0)


def _spikes(km: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Longest run of the look-back window, spike % and Frandsen band code per day (4: undefined)."""
    lookback = _lookback_days()
    n = km.size
    longest = np.full(n, np.nan)
    if n > lookback:
        longest[lookback:] = _rolling_max(km[:-1], lookback)
    spike = np.divide(100.0 * (km - longest), longest, out=np.full(n, np.nan), where=(km > 0) & (longest > 0))
    index = spike_band_index(spike)
    index[np.isnan(spike)] = 4
    # codes are 0-4 by construction (searchsorted over 3 edges, 4 for NaN)
    return longest, spike, index


@lru_cache(maxsize=1)
def _band_labels() -> np.ndarray:
    """The band strings by code (:func:`_band_dtype`'s categories), as a read-only object array."""
    labels = np.array(list(_band_dtype().categories), dtype=object)
    labels.flags.writeable = False
    return labels


@lru_cache(maxsize=1)
def _band_dtype() -> pd.CategoricalDtype:
    """Band labels in band order, then ``''`` for an undefined spike."""
    edges = spike_band_edges()
    return pd.CategoricalDtype(
        ["none", f"{edges[0]:g}-{edges[1]:g}%", f"{edges[1]:g}-{edges[2]:g}%", f">{edges[2]:g}%", ""]
    )


def _rolling_max(x: np.ndarray, width: int) -> np.ndarray:
    """``max(x[i .. i+width-1])`` for ``i = 0 .. n-width``, by doubling (O(n log width)).

    After the loop ``m[i] = max(x[i .. i+span-1])`` with ``span`` the largest
    power of two <= ``width``; each window is the union of two such spans.
    """
    m, span = x, 1
    while 2 * span <= width:
        m = np.maximum(m[:-span], m[span:])
        span *= 2
    return np.maximum(m[: m.size - (width - span)], m[width - span :])


def spike_band_edges() -> list[float]:
    """Frandsen 2025 band edges (% longer): small, moderate and large spike lower edges."""
    return [param(p).value for p in ("spike_band_small_pct", "spike_band_moderate_pct", "spike_band_large_pct")]


def spike_band_index(spike_pct: np.ndarray) -> np.ndarray:
    """Band of each spike: 0 reference (<= 10 %), 1 (10, 30], 2 (30, 100], 3 > 100 %.

    Bands are upper-inclusive as in Frandsen 2025 (">10-30 %"). Spikes are
    rounded to 1e-9 % first so float round-off at an edge (4.4 km after a
    4 km longest run is 10.000000000000009 %) does not change the band.
    NaN maps to 3; callers mask it.
    """
    return np.searchsorted(spike_band_edges(), np.round(spike_pct, _BAND_DECIMALS), side="left")


def _weekly_columns(first: np.datetime64, km: np.ndarray, notes: list[str]) -> tuple[np.datetime64, dict]:
    """Monday-to-Sunday totals; change_pct only between fully covered weeks.

    Returns the first week's Monday (on or before ``first``) and the columns after ``week_start``.
    """
    day0 = int(first.astype(np.int64))
    offset = (day0 + _EPOCH_WEEKDAY) % 7  # days from the first Monday to the first date
    starts = np.arange(-offset, km.size, 7)
    starts[0] = 0
    distance = np.add.reduceat(km, starts)
    full = np.diff(np.append(starts, km.size)) == 7
    change = np.full(distance.size, np.nan)
    comparable = np.flatnonzero(full[1:] & full[:-1] & (distance[:-1] > 0)) + 1
    change[comparable] = (distance[comparable] / distance[comparable - 1] - 1.0) * 100.0
    if not full.all():
        notes.append(
            "The first and/or last week is only partly covered by the log: its distance is a "
            "partial total and its change_pct (and the next week's) is NaN."
        )
    return first - offset, {
        "distance_km": distance,
        "change_pct": change,
        "runs": np.add.reduceat((km > 0).astype(np.int64), starts),
        "longest_run_km": np.maximum.reduceat(km, starts),
    }
