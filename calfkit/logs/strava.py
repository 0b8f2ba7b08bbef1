"""Strava's bulk-export ``activities.csv``.

Strava's export (Settings > My Account > Download or Delete Your Account >
Request your archive) holds ``activities.csv`` with one row per activity and
about 90 columns, several of them twice: the first ``Distance`` is in the
athlete's display unit (km or mi) and the first ``Elapsed Time`` in seconds;
the second copies are in metres and seconds. ``Activity Date`` is the start
in UTC written like ``Feb 17, 2022, 12:18:26 PM``.

This reader keeps the rows whose ``Activity Type`` is a run (Run, Trail Run,
Virtual Run), takes the distance from the second ``Distance`` column (m),
the duration from the second ``Elapsed Time`` (s), and places each start on
a local day with the ``tz`` argument. An export with a single ``Distance``
column is read in the ``unit`` argument's unit (default km), with a note.
"""
from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from .activities import KM_PER_MILE, EARLIEST, LATEST, Options, Parsed, RowErrors, is_run, to_float
from .csvtext import decode_text, read_table
from .safety import TrainingLogError

__all__ = ["parse_strava_csv", "looks_like_strava"]

DATE_FORMAT = "%b %d, %Y, %I:%M:%S %p"
REQUIRED = ("Activity Date", "Activity Type", "Distance")


def looks_like_strava(header_line: str) -> bool:
    """Whether a CSV header line is Strava's ``activities.csv`` header."""
    return all(name in header_line for name in ("Activity ID", "Activity Date", "Activity Type"))


def _positions(header: list[str], name: str) -> list[int]:
    return [index for index, cell in enumerate(header) if cell == name]


def _utc_starts(texts: list[str]) -> pd.DatetimeIndex:
    """Parse Strava's date format, falling back to ISO 8601; NaT where neither fits."""
    series = pd.Series(texts, dtype=object).str.strip()
    parsed = pd.to_datetime(series, format=DATE_FORMAT, errors="coerce")
    missing = parsed.isna().to_numpy()
    if missing.any():
        iso = pd.to_datetime(series[missing], format="ISO8601", errors="coerce", utc=True)
        parsed[missing] = iso.dt.tz_localize(None)
    return pd.DatetimeIndex(parsed).tz_localize("UTC")


def parse_strava_csv(data: bytes, where: str, label: str | None, opts: Options) -> Parsed:
    """Read Strava's ``activities.csv`` into runs.

    Parameters
    ----------
    data : bytes
        The file's content (UTF-8).
    where : str
        Name for error messages.
    label : str or None
        Prefix for row origins when the file sits in a folder or archive.
    opts : Options
        Validated arguments (``tz``; ``unit`` only for single-Distance exports).

    Returns
    -------
    Parsed
    """
    table = read_table(decode_text(data, where), where, comments=False)
    header = table.header
    missing = [name for name in REQUIRED if not _positions(header, name)]
    if missing:
        raise TrainingLogError(
            f"{where}: is not a Strava activities.csv: missing column(s) {', '.join(missing)}"
        )
    date_at = _positions(header, "Activity Date")[0]
    type_at = _positions(header, "Activity Type")[0]
    id_at = next(iter(_positions(header, "Activity ID")), None)
    distances = _positions(header, "Distance")
    elapsed = _positions(header, "Elapsed Time")
    distance_at = distances[-1]
    duration_at = elapsed[-1] if elapsed else None
    metres = len(distances) > 1
    notes: list[str] = []
    if not metres:
        unit = opts.unit or "km"
        notes.append(f"{where}: has one Distance column; read as {unit} (pass unit='mi' if your "
                     "Strava account shows miles).")
    needed = max(i for i in (date_at, type_at, distance_at, duration_at, id_at) if i is not None)
    prefix = f"{label} line" if label else "line"

    origin: list[str] = []
    dates: list[str] = []
    distance: list[float] = []
    duration: list[float] = []
    skipped: Counter = Counter()
    bad = {kind: RowErrors() for kind in ("fields", "distance", "duration")}
    for line, cells in table.rows:
        here = f"{prefix} {line}"
        if id_at is not None and id_at < len(cells) and cells[id_at].strip():
            here += f" (Activity ID {cells[id_at].strip()[:20]})"
        if len(cells) <= needed:
            bad["fields"].add(here, f"{len(cells)} fields, header has {len(header)}")
            continue
        kind = cells[type_at].strip()
        if not is_run(kind):
            skipped[kind or "(no type)"] += 1
            continue
        value = to_float(cells[distance_at])
        if value is None:
            bad["distance"].add(here, cells[distance_at])
            continue
        minutes = float("nan")
        if duration_at is not None and cells[duration_at].strip():
            seconds = to_float(cells[duration_at])
            if seconds is None:
                bad["duration"].add(here, cells[duration_at])
                continue
            minutes = seconds / 60
        origin.append(here)
        dates.append(cells[date_at])
        distance.append(value)
        duration.append(minutes)
    bad["fields"].raise_if_any(where, "too few fields")
    bad["distance"].raise_if_any(where, "Distance is empty or not a number")
    bad["duration"].raise_if_any(where, "Elapsed Time is not a number of seconds")

    starts = _utc_starts(dates)
    local = starts.tz_convert(opts.zone).tz_localize(None)
    wrong = np.flatnonzero(local.isna() | (local < EARLIEST) | (local >= LATEST))
    if wrong.size:
        errors = RowErrors()
        for i in wrong:
            errors.add(origin[i], dates[i])
        errors.raise_if_any(where, "unparseable Activity Date (expected like 'Feb 17, 2022, 12:18:26 PM')")

    km = np.asarray(distance, dtype=float)
    km = km / 1000 if metres else (km * KM_PER_MILE if (opts.unit or "km") == "mi" else km)
    parsed = Parsed.from_columns(origin, local, np.ones(len(origin), dtype=bool), km, duration)
    parsed.skipped = skipped
    parsed.converted = len(origin)
    parsed.notes.extend(notes)
    return parsed
