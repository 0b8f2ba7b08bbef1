"""Activity records, their checks, and the daily log built from them.

Every format parser turns its input into :class:`Parsed`: one row per run
with its origin (``"line 12"``, ``"activities/123.fit.gz"``), local start,
distance (km) and duration (min). :func:`daily_log` then checks the runs
(ranges, duplicates) and sums them per local calendar day.

Timezone rule
-------------
An activity belongs to the local calendar day on which it *started*.

1. A FIT file that records the device's local time (``activity.local_timestamp``)
   uses that offset: the watch knew where it was.
2. A time written without a UTC offset in a plain CSV (``2024-03-02`` or
   ``2024-03-02 18:30``) is already local and is used as written.
3. Every other time is absolute (Strava's ``Activity Date`` is UTC; GPX and
   TCX times carry ``Z`` or an offset; a GPX time without one is UTC by the
   GPX standard; FIT times are UTC) and is converted to the ``tz`` argument,
   an IANA zone name such as ``"Europe/Paris"``, default ``"UTC"``.

Duplicates
----------
Two runs are taken for the same activity when they start on the same local
day, their distances differ by at most 1 % (at least 50 m), their start
times (where both are known) differ by at most 2 min and their durations
(where both are known) by at most 2 % (at least 1 min).

Plausibility limits
-------------------
One run, and one day, may hold at most 300 km and 1,440 min (24 h); one day
at most 24 runs. Distances must be finite and not negative.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd

from .safety import TrainingLogError, listing

__all__ = [
    "Options",
    "Parsed",
    "RowErrors",
    "daily_log",
    "is_run",
    "to_float",
    "in_date_range",
    "localize",
    "strava_type_label",
    "MAX_ACTIVITY_KM",
    "MAX_ACTIVITY_MIN",
    "KM_PER_MILE",
]

KM_PER_MILE = 1.609344
MAX_ACTIVITY_KM = 300.0
"""No single run, and no single day, may exceed this distance (km)."""
MAX_ACTIVITY_MIN = 1440.0
"""No single run, and no single day, may exceed this duration (min)."""
EARLIEST = datetime(1970, 1, 1)
LATEST = datetime(2100, 1, 1)
MAX_RUNS_PER_DAY = 24
"""More runs than this on one local day means a broken date column."""
DUPLICATE_KM_FRACTION = 0.01
DUPLICATE_KM_FLOOR = 0.05
DUPLICATE_START_S = 120.0
DUPLICATE_MIN_FRACTION = 0.02
DUPLICATE_MIN_FLOOR = 1.0

UNITS = ("km", "mi")
ON_DUPLICATE = ("raise", "drop", "keep")

_RUN_TYPES = frozenset(
    {
        "run",
        "running",
        "trailrun",
        "trailrunning",
        "virtualrun",
        "virtualrunning",
        "treadmill",
        "treadmillrun",
        "treadmillrunning",
        "trackrun",
        "trackrunning",
        "streetrunning",
        "roadrunning",
        "indoorrunning",
        "indoorrun",
        "ultrarun",
        "9",  # Strava's numeric activity type for Run in older GPX exports
    }
)


def is_run(activity_type: str) -> bool:
    """Whether an activity-type label (any format's spelling) means a run.

    ``"Run"``, ``"Trail Run"``, ``"Virtual Run"`` (Strava), ``"running"``
    (GPX, FIT), ``"Running"`` (TCX), ``"treadmill"`` and similar count;
    ``"Ride"``, ``"Walk"``, ``"Hike"``, ``"Swim"`` and the rest do not.
    """
    return re.sub(r"[^a-z0-9]", "", activity_type.lower()) in _RUN_TYPES


_STRAVA_NUMERIC_TYPES = {"1": "Ride", "9": "Run"}
"""Strava's numeric ``<type>`` in GPX files it writes: 9 in runs, 1 in rides.

Verified 2026-12-02 for 1 = Ride: a GPX Strava wrote (``creator="StravaGPX"``) of activity
1149478466, a track named "Morning Ride" (Strava's default name for a ride) with
``<type>1</type>``, quoted in andriyor/gpx-update-cli, README.md. 9 = Run: a track named
"Morning Run" with ``<type>9</type>`` in StravaGPX-style files (exact-string search; the hits
were generators imitating Strava's format, so 9 is less firmly sourced than 1).
"""


def strava_type_label(activity_type: str) -> str:
    """A type label fit for a note: Strava's bare numbers are named (``'1'`` -> ``'Strava type 1 (Ride)'``).

    Other labels are returned unchanged; an unknown number becomes ``'Strava type 4'``.
    """
    text = activity_type.strip()
    if not text.isdigit():
        return text
    name = _STRAVA_NUMERIC_TYPES.get(text)
    return f"Strava type {text} ({name})" if name else f"Strava type {text}"


def to_float(text: str, decimal_comma: bool = False) -> float | None:
    """Parse a number cell; ``None`` if it is not a finite number.

    Parameters
    ----------
    text : str
        The cell, surrounding spaces allowed.
    decimal_comma : bool
        Accept ``"10,5"`` as 10.5 (semicolon-separated European CSV).
    """
    cleaned = text.strip()
    if decimal_comma and re.fullmatch(r"[+-]?[0-9]+,[0-9]+", cleaned):
        cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?", cleaned):
        return None
    value = float(cleaned)
    return value if math.isfinite(value) else None


def in_date_range(moment: datetime) -> bool:
    """Whether a (naive, local) start lies in 1970-2099."""
    return EARLIEST <= moment < LATEST


def localize(moment: datetime, zone: tzinfo) -> datetime:
    """Naive local wall time of an aware ``moment`` in ``zone``.

    Moments far outside 1970-2099 are returned unconverted (converting year
    9999 can overflow); :func:`in_date_range` then rejects them.
    """
    if not EARLIEST.year - 1 <= moment.year <= LATEST.year:
        return moment.replace(tzinfo=None)
    return moment.astimezone(zone).replace(tzinfo=None)


def _resolve_tz(tz: object) -> tzinfo:
    if not isinstance(tz, str) or not tz.strip():
        raise ValueError(
            f"tz={tz!r} must be an IANA time zone name such as 'Europe/London', 'America/New_York' or 'UTC'"
        )
    if tz.strip().upper() in ("UTC", "Z", "ETC/UTC"):
        return timezone.utc
    try:
        return ZoneInfo(tz.strip())
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(
            f"tz={tz!r} is not a known IANA time zone name; use one such as "
            "'Europe/London', 'America/New_York', 'Australia/Sydney' or 'UTC'"
        ) from None


@dataclass(frozen=True)
class Options:
    """Validated arguments of :func:`calfkit.logs.read_training_log`."""

    zone: tzinfo
    tz_name: str
    unit: str | None
    on_duplicate: str
    progress: Callable[[float], object] | None = None

    @classmethod
    def build(cls, unit: object, tz: object, on_duplicate: object, progress: object = None) -> Options:
        """Check the arguments; ``ValueError`` names the argument, value and allowed values."""
        if unit is not None and unit not in UNITS:
            raise ValueError(f"unit={unit!r} is not allowed; use one of {UNITS} or None")
        if on_duplicate not in ON_DUPLICATE:
            raise ValueError(f"on_duplicate={on_duplicate!r} is not allowed; use one of {ON_DUPLICATE}")
        if progress is not None and not callable(progress):
            raise ValueError(f"progress={progress!r} must be None or a function taking the fraction done (0-1)")
        return cls(_resolve_tz(tz), str(tz).strip(), unit, str(on_duplicate), progress)

    def report(self, done: float, total: float) -> None:
        """Tell the ``progress`` function the fraction ``done / total`` (0-1), if there is one."""
        if self.progress is not None and total > 0:
            self.progress(min(max(done / total, 0.0), 1.0))


class RowErrors:
    """Collects rows with one kind of problem, then raises one error naming them all."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, origin: str, raw: str) -> None:
        """Record that ``origin`` holds the bad value ``raw``."""
        shown = raw if len(raw) <= 40 else raw[:37] + "..."
        self.items.append(f"{origin} ({shown!r})")

    def raise_if_any(self, where: str, problem: str) -> None:
        """Raise :class:`TrainingLogError` listing the rows, if any were recorded."""
        if self.items:
            count = len(self.items)
            raise TrainingLogError(f"{where}: {problem} in {count} row(s): {listing(self.items)}")


@dataclass
class Parsed:
    """Runs read from one input, and what was skipped or assumed on the way.

    Attributes
    ----------
    frame : pandas.DataFrame
        Columns ``origin`` (str), ``start`` (naive local datetime64),
        ``has_time`` (bool: False when only the date is known),
        ``distance_km`` (float), ``duration_min`` (float, NaN unknown).
    notes : list of str
        Plain-language notes for the user.
    skipped : collections.Counter
        Non-run activities skipped, by type label.
    converted : int
        Starts converted from an absolute time with the ``tz`` argument.
    device_local : int
        FIT activities placed with the device's own local time.
    untyped : list of str
        Origins of activities with no sport type, counted as runs.
    """

    frame: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)
    converted: int = 0
    device_local: int = 0
    untyped: list[str] = field(default_factory=list)

    @classmethod
    def from_columns(
        cls,
        origin: list[str],
        start: list[datetime] | pd.DatetimeIndex,
        has_time: list[bool] | np.ndarray,
        distance_km: list[float] | np.ndarray,
        duration_min: list[float] | np.ndarray,
    ) -> Parsed:
        """Build from equal-length columns (starts naive, local, within 1970-2099)."""
        frame = pd.DataFrame(
            {
                "origin": pd.Series(origin, dtype=object),
                "start": pd.DatetimeIndex(start).astype("datetime64[ns]"),
                "has_time": np.asarray(has_time, dtype=bool),
                "distance_km": np.asarray(distance_km, dtype=float),
                "duration_min": np.asarray(duration_min, dtype=float),
            }
        )
        return cls(frame)


def _check_ranges(frame: pd.DataFrame, source: str) -> None:
    distance = frame["distance_km"].to_numpy()
    duration = frame["duration_min"].to_numpy()
    checks = [
        (~np.isfinite(distance), distance, "km", "distance is not a finite number (bad coordinates?)"),
        (distance < 0, distance, "km", "negative distance"),
        (
            distance > MAX_ACTIVITY_KM,
            distance,
            "km",
            f"distance over {MAX_ACTIVITY_KM:g} km for one run (a unit mix-up, metres or miles?)",
        ),
        (duration < 0, duration, "min", "negative duration"),
        (duration > MAX_ACTIVITY_MIN, duration, "min", f"duration over {MAX_ACTIVITY_MIN:g} min (24 h) for one run"),
    ]
    for mask, values, unit, problem in checks:
        bad = np.flatnonzero(mask)
        if bad.size:
            items = [f"{frame['origin'].iat[i]} ({values[i]:.2f} {unit})" for i in bad]
            raise TrainingLogError(f"{source}: {problem} in {bad.size} run(s): {listing(items)}")


def _same_activity(
    km: np.ndarray, start_s: np.ndarray, has_time: np.ndarray, minutes: np.ndarray, a: int, b: int
) -> bool:
    if abs(km[a] - km[b]) > max(DUPLICATE_KM_FRACTION * max(km[a], km[b]), DUPLICATE_KM_FLOOR):
        return False
    if has_time[a] and has_time[b] and abs(start_s[a] - start_s[b]) > DUPLICATE_START_S:
        return False
    if not (math.isnan(minutes[a]) or math.isnan(minutes[b])):
        if abs(minutes[a] - minutes[b]) > max(
            DUPLICATE_MIN_FRACTION * max(minutes[a], minutes[b]), DUPLICATE_MIN_FLOOR
        ):
            return False
    return True


def _check_runs_per_day(frame: pd.DataFrame, source: str) -> None:
    counts = frame["start"].dt.normalize().value_counts()
    if len(counts) and counts.iloc[0] > MAX_RUNS_PER_DAY:
        day = counts.index[0]
        first = frame.loc[frame["start"].dt.normalize() == day, "origin"].tolist()
        raise TrainingLogError(
            f"{source}: {counts.iloc[0]} runs on {day:%Y-%m-%d} ({listing(first)}); at most "
            f"{MAX_RUNS_PER_DAY} runs a day are plausible, so the dates look wrong"
        )


def _duplicates(frame: pd.DataFrame) -> list[tuple[int, int]]:
    """Pairs (first, later) of row positions that look like the same activity, in input order."""
    start_s = frame["start"].to_numpy().astype("datetime64[s]").astype(np.int64).astype(float)
    day = np.floor_divide(start_s, 86400.0)
    km = frame["distance_km"].to_numpy()
    minutes = frame["duration_min"].to_numpy()
    has_time = frame["has_time"].to_numpy()
    order = np.argsort(day, kind="stable")
    boundaries = np.flatnonzero(np.diff(day[order])) + 1
    pairs: list[tuple[int, int]] = []
    for group in np.split(order, boundaries):
        if group.size < 2:
            continue
        repeated: set[int] = set()
        for i, first in enumerate(group):
            if first in repeated:
                continue
            for later in group[i + 1 :]:
                if later not in repeated and _same_activity(km, start_s, has_time, minutes, first, later):
                    pairs.append((int(first), int(later)))
                    repeated.add(later)
    return pairs


def _handle_duplicates(frame: pd.DataFrame, source: str, on_duplicate: str, notes: list[str]) -> pd.DataFrame:
    pairs = _duplicates(frame)
    if not pairs:
        return frame
    origin, start, km = frame["origin"].to_numpy(), frame["start"], frame["distance_km"].to_numpy()
    items = [
        f"{origin[later]} repeats {origin[first]} ({start.iat[first]:%Y-%m-%d}, {km[first]:.2f} km)"
        for first, later in pairs
    ]
    if on_duplicate == "raise":
        raise TrainingLogError(
            f"{source}: {len(pairs)} duplicate activit{'y' if len(pairs) == 1 else 'ies'} (same day, "
            f"distance within 1 %, start within 2 min): {listing(items)}. Remove the copies, or pass "
            "on_duplicate='drop' to keep only the first of each, or on_duplicate='keep' if they "
            "really are separate runs"
        )
    if on_duplicate == "drop":
        notes.append(f"Dropped {_count(len(pairs), 'duplicate activity', 'duplicate activities')}: {listing(items)}.")
        return frame.drop(index=frame.index[[later for _, later in pairs]])
    notes.append(
        f"Kept {_count(len(pairs), 'possible duplicate', 'possible duplicates')} as separate runs: {listing(items)}."
    )
    return frame


def _check_days(frame: pd.DataFrame, daily: pd.DataFrame, source: str) -> None:
    for column, limit, unit in (("distance_km", MAX_ACTIVITY_KM, "km"), ("duration_min", MAX_ACTIVITY_MIN, "min")):
        over = daily.index[daily[column].to_numpy() > limit]
        if len(over):
            day = over[0]
            runs = frame.loc[frame["start"].dt.normalize() == day, "origin"].tolist()
            raise TrainingLogError(
                f"{source}: {day:%Y-%m-%d} adds up to {daily.at[day, column]:.1f} {unit} over "
                f"{len(runs)} runs ({listing(runs)}); one day may hold at most {limit:g} {unit}"
            )


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"


def _summary_notes(parts: list[Parsed], opts: Options) -> list[str]:
    notes: list[str] = []
    skipped: Counter = Counter()
    spelling: dict[str, str] = {}
    for part in parts:
        for label, count in part.skipped.items():
            skipped[spelling.setdefault(label.casefold(), label)] += count
    if skipped:
        kinds = ", ".join(f"{count} {label}" for label, count in skipped.most_common())
        notes.append(f"{_count(sum(skipped.values()), 'non-run activity', 'non-run activities')} skipped ({kinds}).")
    untyped = [origin for part in parts for origin in part.untyped]
    if untyped:
        notes.append(
            f"{_count(len(untyped), 'activity has', 'activities have')} no sport type and counted as "
            f"run(s): {listing(untyped)}."
        )
    converted = sum(part.converted for part in parts)
    if converted:
        hint = (
            " (the default: pass your IANA time zone, e.g. tz='America/New_York', so evening runs "
            "land on the right day)"
            if opts.zone is timezone.utc
            else ""
        )
        notes.append(
            f"{_count(converted, 'start time', 'start times')} given in absolute time placed on local days "
            f"with tz='{opts.tz_name}'{hint}."
        )
    device = sum(part.device_local for part in parts)
    if device:
        notes.append(
            f"{_count(device, 'FIT activity', 'FIT activities')} placed on local days with the device's own local time."
        )
    for part in parts:
        notes.extend(part.notes)
    return notes


def daily_log(parts: list[Parsed], source: str, opts: Options) -> pd.DataFrame:
    """Check the runs of all parts and sum them per local day.

    Parameters
    ----------
    parts : list of Parsed
        Runs from each file read.
    source : str
        Name of what the user passed (file, folder or buffer), for messages.
    opts : Options
        Validated arguments.

    Returns
    -------
    pandas.DataFrame
        ``date`` (datetime64[ns], local day), ``distance_km`` (km),
        ``duration_min`` (min; NaN when a run that day has no duration),
        ``activity_count`` (int64); sorted by date, one row per day with a
        run. ``attrs["source"]`` and ``attrs["notes"]`` are set.
    """
    notes = _summary_notes(parts, opts)
    frame = pd.concat([part.frame for part in parts], ignore_index=True)
    if frame.empty:
        said = f" ({notes[0].rstrip('.')})" if notes else ""
        raise TrainingLogError(f"{source}: holds no runs{said}")
    _check_ranges(frame, source)
    _check_runs_per_day(frame, source)
    frame = _handle_duplicates(frame, source, opts.on_duplicate, notes)

    day = frame["start"].dt.normalize().rename("date")
    grouped = frame.groupby(day, sort=True)
    daily = pd.DataFrame(
        {
            "distance_km": grouped["distance_km"].sum(),
            "duration_min": grouped["duration_min"].sum(),
            "activity_count": grouped.size().astype("int64"),
        }
    )
    unknown = frame["duration_min"].isna().groupby(day).any()
    daily.loc[unknown[unknown].index, "duration_min"] = np.nan
    _check_days(frame, daily, source)
    if unknown.any():
        notes.append(f"{int(unknown.sum())} day(s) have a run without a duration; their duration_min is NaN.")

    out = daily.reset_index()
    out["date"] = out["date"].astype("datetime64[ns]")
    out.attrs["source"] = source
    out.attrs["notes"] = notes
    return out
