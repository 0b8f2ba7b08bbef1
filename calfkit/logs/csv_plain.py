"""A runner's own CSV log: one row per run (or per day).

Columns are matched case-insensitively (spaces and dashes count as ``_``);
other columns are ignored and listed in a note. Separators ``,``, ``;`` and
tab are recognised from the header line; with ``;`` or tab a decimal comma
(``10,5``) is accepted. Rows starting with ``#`` are comments.

============================  ===============================================
role                          accepted header names
============================  ===============================================
date (required)               date, day, datetime, start, start_time, start_date
distance in km                distance_km, km, kilometres, kilometers
distance in miles             distance_mi, distance_miles, mi, miles
distance, unit given apart    distance (unit from a unit column, else the
                              ``unit`` argument, else km)
unit column (km / mi)         unit, units, distance_unit
duration in minutes           duration_min, duration_minutes, minutes
duration in seconds           duration_s, duration_sec, seconds
duration as text              duration, elapsed, elapsed_time (h:mm:ss, mm:ss
                              or a number of minutes)
activity type                 type, activity_type, sport, activity (rows that
                              are not runs are skipped; empty means a run)
============================  ===============================================

Dates are ISO 8601: ``2024-03-02``, ``2024-03-02 18:30``,
``2024-03-02T18:30:00+01:00``. A value without an offset is the runner's
local time; one with an offset (or ``Z``) is converted to the ``tz``
argument's zone (see :mod:`calfkit.logs.activities`).
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime

from .activities import KM_PER_MILE, Options, Parsed, RowErrors, in_date_range, is_run, localize, to_float
from .csvtext import decode_text, read_table
from .safety import TrainingLogError

__all__ = ["parse_plain_csv", "clock_minutes"]

_ROLES: dict[str, tuple[str, ...]] = {
    "date": ("date", "day", "datetime", "start", "start_time", "start_date"),
    "distance_km": ("distance_km", "km", "kilometres", "kilometers"),
    "distance_mi": ("distance_mi", "distance_miles", "mi", "miles"),
    "distance": ("distance",),
    "unit": ("unit", "units", "distance_unit"),
    "duration_min": ("duration_min", "duration_minutes", "minutes"),
    "duration_s": ("duration_s", "duration_sec", "seconds"),
    "duration_text": ("duration", "elapsed", "elapsed_time"),
    "type": ("type", "activity_type", "sport", "activity"),
}
_DISTANCE_ROLES = ("distance_km", "distance_mi", "distance")
_DURATION_ROLES = ("duration_min", "duration_s", "duration_text")
_UNIT_WORDS = {
    "km": "km",
    "kms": "km",
    "kilometre": "km",
    "kilometres": "km",
    "kilometer": "km",
    "kilometers": "km",
    "mi": "mi",
    "mile": "mi",
    "miles": "mi",
}


def _normal(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _columns(header: list[str], where: str) -> tuple[dict[str, int], list[str]]:
    """Map each role to its column index; return the ignored header names too."""
    found: dict[str, list[int]] = {}
    ignored: list[str] = []
    for index, name in enumerate(header):
        key = _normal(name)
        role = next((r for r, names in _ROLES.items() if key in names), None)
        if role is None:
            ignored.append(name)
        else:
            found.setdefault(role, []).append(index)
    for role, indexes in found.items():
        if len(indexes) > 1:
            raise TrainingLogError(
                f"{where}: columns {', '.join(repr(header[i]) for i in indexes)} all look like the "
                f"{role} column; keep only one"
            )
    for group, label in ((_DISTANCE_ROLES, "distance"), (_DURATION_ROLES, "duration")):
        present = [role for role in group if role in found]
        if len(present) > 1:
            names = ", ".join(repr(header[found[role][0]]) for role in present)
            raise TrainingLogError(f"{where}: columns {names} all give the {label}; keep only one")
    missing = []
    if "date" not in found:
        missing.append("a date column (date)")
    if not any(role in found for role in _DISTANCE_ROLES):
        missing.append("a distance column (distance_km, distance_mi, or distance with a unit)")
    if missing:
        raise TrainingLogError(f"{where}: missing {' and '.join(missing)}; the header is {', '.join(header)[:300]!r}")
    return {role: indexes[0] for role, indexes in found.items()}, ignored


def _parse_date(text: str) -> tuple[datetime, bool] | None:
    """(datetime, has_time) from ISO 8601 text, or None."""
    cleaned = text.strip()
    if not re.match(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", cleaned):
        return None
    try:
        moment = datetime.fromisoformat(cleaned)
    except ValueError:
        return None
    return moment, len(cleaned) > 10


def clock_minutes(text: str) -> float | None:
    """Minutes from ``h:mm:ss`` or ``mm:ss`` (seconds may have decimals), or None."""
    parts = text.split(":")
    if len(parts) not in (2, 3) or not all(re.fullmatch(r"[0-9]{1,6}", p) for p in parts[:-1]):
        return None
    if not re.fullmatch(r"[0-9]{1,2}(\.[0-9]+)?", parts[-1]):
        return None
    numbers = [float(part) for part in parts]
    if numbers[-1] >= 60 or (len(numbers) == 3 and numbers[1] >= 60):
        return None
    if len(numbers) == 2:
        return numbers[0] + numbers[1] / 60
    return numbers[0] * 60 + numbers[1] + numbers[2] / 60


def _parse_duration(text: str, role: str, decimal_comma: bool) -> float | None:
    """Minutes from a duration cell in the column's convention, or None."""
    if role == "duration_text" and ":" in text:
        return clock_minutes(text.strip())
    value = to_float(text, decimal_comma)
    if value is None:
        return None
    return value / 60 if role == "duration_s" else value


def _unit_mode(columns: dict[str, int], header: list[str], opts: Options, where: str) -> tuple[str | None, str | None]:
    """(fixed unit for every row or None, note)."""
    if "distance_km" in columns or "distance_mi" in columns:
        fixed = "km" if "distance_km" in columns else "mi"
        name = header[columns["distance_km" if fixed == "km" else "distance_mi"]]
        if opts.unit is not None and opts.unit != fixed:
            raise TrainingLogError(
                f"{where}: unit={opts.unit!r} contradicts the column {name!r}, which is in {fixed}; leave unit out"
            )
        return fixed, None
    if "unit" in columns:
        if opts.unit is not None:
            raise TrainingLogError(
                f"{where}: has a {header[columns['unit']]!r} column giving each row's unit, so the "
                f"unit argument must be left out (got unit={opts.unit!r})"
            )
        return None, None
    if opts.unit is not None:
        return opts.unit, None
    return "km", (
        f"{where}: the distance column has no unit; read as km (pass unit='mi' for miles, "
        "or name the column distance_km / distance_mi)."
    )


def parse_plain_csv(data: bytes, where: str, label: str | None, opts: Options) -> Parsed:
    """Read a plain CSV log into runs.

    Parameters
    ----------
    data : bytes
        The file's content (UTF-8).
    where : str
        Name for error messages.
    label : str or None
        Prefix for row origins when the file sits in a folder or archive.
    opts : Options
        Validated arguments (``unit``, ``tz``).

    Returns
    -------
    Parsed
    """
    table = read_table(decode_text(data, where), where, comments=True)
    header = table.header
    columns, ignored = _columns(header, where)
    fixed_unit, unit_note = _unit_mode(columns, header, opts, where)
    distance_index = next(columns[role] for role in _DISTANCE_ROLES if role in columns)
    duration_role = next((role for role in _DURATION_ROLES if role in columns), None)
    decimal_comma = table.delimiter != ","
    prefix = f"{label} line" if label else "line"

    origin: list[str] = []
    start: list[datetime] = []
    has_time: list[bool] = []
    distance: list[float] = []
    duration: list[float] = []
    skipped: Counter = Counter()
    converted = 0
    bad = {kind: RowErrors() for kind in ("fields", "date", "distance", "unit", "duration")}

    for line, cells in table.rows:
        here = f"{prefix} {line}"
        if len(cells) != len(header):
            bad["fields"].add(here, f"{len(cells)} fields, header has {len(header)}")
            continue
        if "type" in columns:
            kind = cells[columns["type"]].strip()
            if kind and not is_run(kind):
                skipped[kind] += 1
                continue
        parsed_date = _parse_date(cells[columns["date"]])
        if parsed_date is None:
            bad["date"].add(here, cells[columns["date"]])
            continue
        moment, timed = parsed_date
        if moment.tzinfo is not None:
            moment = localize(moment, opts.zone)
            converted += 1
        if not in_date_range(moment):
            bad["date"].add(here, cells[columns["date"]])
            continue
        km = to_float(cells[distance_index], decimal_comma)
        if km is None:
            bad["distance"].add(here, cells[distance_index])
            continue
        unit = fixed_unit
        if unit is None:
            unit = _UNIT_WORDS.get(cells[columns["unit"]].strip().lower())
            if unit is None:
                bad["unit"].add(here, cells[columns["unit"]])
                continue
        minutes = float("nan")
        if duration_role is not None and cells[columns[duration_role]].strip():
            value = _parse_duration(cells[columns[duration_role]], duration_role, decimal_comma)
            if value is None:
                bad["duration"].add(here, cells[columns[duration_role]])
                continue
            minutes = value
        origin.append(here)
        start.append(moment)
        has_time.append(timed)
        distance.append(km * KM_PER_MILE if unit == "mi" else km)
        duration.append(minutes)

    bad["fields"].raise_if_any(where, "wrong number of fields (an unquoted comma?)")
    bad["date"].raise_if_any(where, "unparseable or implausible date (use ISO 8601 like 2024-03-02, years 1970-2099)")
    bad["distance"].raise_if_any(where, "distance is empty or not a number")
    bad["unit"].raise_if_any(where, "unit is not km or mi")
    if duration_role is not None:
        how = {"duration_min": "minutes", "duration_s": "seconds", "duration_text": "h:mm:ss, mm:ss or minutes"}[
            duration_role
        ]
        bad["duration"].raise_if_any(where, f"duration is not a number of {how}")

    parsed = Parsed.from_columns(origin, start, has_time, distance, duration)
    parsed.skipped = skipped
    parsed.converted = converted
    if unit_note:
        parsed.notes.append(unit_note)
    if ignored:
        parsed.notes.append(f"{where}: ignored column(s) {', '.join(ignored)}.")
    return parsed
