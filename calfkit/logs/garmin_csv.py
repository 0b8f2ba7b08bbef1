"""Garmin Connect activity lists exported as CSV, and the garmin-connect-export tool's CSV.

Garmin Connect (Activities > All Activities > Export CSV) writes one row per
activity in the account's language. Its layout, not its words, is what this
reader recognises: the first five columns are activity type, date, favourite
(``true`` / ``false`` in every language), title and distance, e.g.::

    Activity Type,Date,Favorite,Title,Distance,Calories,Time,...,Elapsed Time,...
    Aktivitätstyp,Datum,Favorit,Titel,Distanz,Kalorien,Zeit,...

The date is the local start (``2025-02-06 17:06:03``; older exports also
``22.04.2017 13:12``), used as written. The duration is the ``Elapsed Time``
(``Verstrichene Zeit``) column when there is one, else the column after
Calories (``Time``, ``Zeit``, ``Activity Time``), as ``h:mm:ss``. An old
export with a title line above the header is read from the header below it.

The distance is in the unit the account shows, and the file does not say
which: the ``unit`` argument must give it (``'km'`` or ``'mi'``), otherwise
the file is refused with that question. A header that names the unit
(``Distance (km)``, ``Distanz (mi)``) is used as it says. Decimal commas
(``"5,81"``) are read when the distance column writes them.

The garmin-connect-export tool (an open-source script that downloads a
Garmin Connect account) writes English headers that name their units:
``Distance (km)`` (or ``(mi)``, ``(raw)`` in metres), ``Duration (h:m:s)``
or ``Elapsed Duration (h:m:s)`` (Python's ``3 days, 7:15:44`` for long
spans), ``Begin timestamp`` / ``Start Time`` (local) and ``Activity type``.
A run longer than 24 h keeps its distance; its duration is left unknown
(NaN) with a note: a watch left running, or a multi-day event.

Rows whose type is a run are kept (Running, Treadmill Running, Trail
Running ... and the German ``Laufen``, ``Laufband`` ...); others are skipped
and counted in the notes.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from .activities import KM_PER_MILE, MAX_ACTIVITY_MIN, Options, Parsed, RowErrors, in_date_range, is_run
from .csv_plain import clock_minutes
from .csvtext import Table
from .localdates import parse_local_datetime
from .safety import TrainingLogError

__all__ = ["GarminLayout", "garmin_layout", "parse_garmin_table"]

TYPE, DATE, FAVORITE, TITLE, DISTANCE, CALORIES, TIME = range(7)
SAMPLE_ROWS = 20
ELAPSED_NAMES = ("elapsed time", "verstrichene zeit", "elapsed duration (h:m:s)")
RUN_TYPES = frozenset(
    {
        "laufen",
        "laufband",
        "laufbandtraining",
        "trailrunning",
        "traillauf",
        "bahnlauf",
        "indoor-laufen",
        "virtueller lauf",
        "ultralauf",
        "straßenlauf",
    }
)
"""German Garmin Connect names of running activities (English ones are caught by the common rule)."""
_UNIT_IN_NAME = re.compile(r"\((km|mi|m|raw)\)\s*$", re.IGNORECASE)
_COMMA_DECIMAL = re.compile(r"[0-9]+,[0-9]+")
_POINT_DECIMAL = re.compile(r"[0-9]+\.[0-9]+")
_DAYS = re.compile(r"^\s*([0-9]+)\s+days?,\s*(.+)$")


@dataclass(frozen=True)
class GarminLayout:
    """Column positions and distance unit of a Garmin CSV (``rows`` below its header)."""

    type: int
    date: int
    distance: int
    duration: int | None
    unit: str | None
    header: list[str]
    rows: list[tuple[int, list[str]]]
    tool: bool


def _unit_of(name: str) -> str | None:
    match = _UNIT_IN_NAME.search(name)
    if match is None:
        return None
    return {"km": "km", "mi": "mi", "m": "m", "raw": "m"}[match.group(1).lower()]


def _connect_layout(header: list[str], rows: list[tuple[int, list[str]]]) -> GarminLayout | None:
    if len(header) <= TIME:
        return None
    sample = [cells for _, cells in rows[:SAMPLE_ROWS] if len(cells) > DISTANCE]
    if not sample or not all(cells[FAVORITE].strip().lower() in ("true", "false") for cells in sample):
        return None
    if sum(parse_local_datetime(cells[DATE]) is not None for cells in sample) < len(sample) / 2:
        return None
    lowered = [name.strip().lower() for name in header]
    elapsed = next((i for i, name in enumerate(lowered) if name in ELAPSED_NAMES), TIME)
    return GarminLayout(TYPE, DATE, DISTANCE, elapsed, _unit_of(header[DISTANCE]), header, rows, False)


def _tool_layout(header: list[str], rows: list[tuple[int, list[str]]]) -> GarminLayout | None:
    lowered = [name.strip().lower() for name in header]

    def find(*names: str) -> int | None:
        return next((i for i, name in enumerate(lowered) if name in names), None)

    date = find("begin timestamp", "start time")
    kind = find("activity type")
    distance = next(
        (i for i, name in enumerate(header) if name.strip().lower().startswith("distance (") and _unit_of(name)), None
    )
    if date is None or kind is None or distance is None:
        return None
    duration = find("elapsed duration (h:m:s)", "duration (h:m:s)")
    return GarminLayout(kind, date, distance, duration, _unit_of(header[distance]), header, rows, True)


def garmin_layout(table: Table) -> GarminLayout | None:
    """The layout if ``table`` is a Garmin Connect or garmin-connect-export CSV, else None."""
    header, rows = table.header, table.rows
    if sum(bool(cell.strip()) for cell in header) <= 2 and rows:  # a title line above the header
        header, rows = [cell.strip() for cell in rows[0][1]], rows[1:]
    return _connect_layout(header, rows) or _tool_layout(header, rows)


def _minutes(text: str) -> float | None:
    """Minutes from ``h:mm:ss`` (decimals allowed) or ``N days, h:mm:ss``."""
    days = 0
    match = _DAYS.match(text)
    if match:
        days, text = int(match.group(1)), match.group(2)
    minutes = clock_minutes(text.strip())
    return None if minutes is None else days * 1440 + minutes


def _number(text: str, decimal_comma: bool) -> float | None:
    cleaned = text.strip()
    if decimal_comma and _COMMA_DECIMAL.fullmatch(cleaned):
        cleaned = cleaned.replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def _is_run(kind: str) -> bool:
    return is_run(kind) or kind.strip().casefold() in RUN_TYPES


def parse_garmin_table(layout: GarminLayout, where: str, label: str | None, opts: Options) -> Parsed:
    """Read a Garmin CSV's rows into runs.

    Parameters
    ----------
    layout : GarminLayout
        From :func:`garmin_layout`.
    where : str
        Name for error messages.
    label : str or None
        Prefix for row origins when the file sits in a folder or archive.
    opts : Options
        Validated arguments (``unit`` when the file does not name its distance unit).

    Returns
    -------
    Parsed
    """
    header = layout.header
    name = header[layout.distance]
    unit = layout.unit
    if unit is None:
        if opts.unit is None:
            raise TrainingLogError(
                f"{where}: is a Garmin Connect activities export, whose {name!r} column is in the unit your "
                "Garmin Connect account shows, and the file does not say which; read it again with unit='km' "
                "or unit='mi' (in the explorer: the 'Distance unit' menu)"
            )
        unit = opts.unit
    elif opts.unit is not None and opts.unit != unit:
        raise TrainingLogError(
            f"{where}: unit={opts.unit!r} contradicts the column {name!r}, which is in {unit}; leave unit out"
        )
    cells_of_distance = [cells[layout.distance].strip() for _, cells in layout.rows if len(cells) > layout.distance]
    decimal_comma = any(_COMMA_DECIMAL.fullmatch(c) for c in cells_of_distance) and not any(
        _POINT_DECIMAL.fullmatch(c) for c in cells_of_distance
    )
    needed = max(i for i in (layout.type, layout.date, layout.distance, layout.duration) if i is not None)
    prefix = f"{label} line" if label else "line"
    origin: list[str] = []
    start: list[datetime] = []
    distance: list[float] = []
    duration: list[float] = []
    skipped: Counter = Counter()
    overlong: list[str] = []
    bad = {kind: RowErrors() for kind in ("fields", "date", "distance", "duration")}
    for line, cells in layout.rows:
        here = f"{prefix} {line}"
        if len(cells) <= needed:
            bad["fields"].add(here, f"{len(cells)} fields, header has {len(header)}")
            continue
        kind = cells[layout.type].strip()
        if not _is_run(kind):
            skipped[kind or "(no type)"] += 1
            continue
        moment = parse_local_datetime(cells[layout.date])
        if moment is None or not in_date_range(moment):
            bad["date"].add(here, cells[layout.date])
            continue
        value = _number(cells[layout.distance], decimal_comma)
        if value is None:
            bad["distance"].add(here, cells[layout.distance])
            continue
        minutes = float("nan")
        text = cells[layout.duration].strip() if layout.duration is not None else ""
        if text and text != "--":
            minutes = _minutes(text)
            if minutes is None:
                bad["duration"].add(here, text)
                continue
            if minutes > MAX_ACTIVITY_MIN:
                overlong.append(f"{here} ({text})")
                minutes = float("nan")
        origin.append(here)
        start.append(moment)
        distance.append(value * {"km": 1.0, "mi": KM_PER_MILE, "m": 0.001}[unit])
        duration.append(minutes)
    bad["fields"].raise_if_any(where, "too few fields")
    bad["date"].raise_if_any(where, f"unparseable {header[layout.date]} (expected like '2025-02-06 17:06:03')")
    bad["distance"].raise_if_any(where, f"{name} is empty or not a number")
    if layout.duration is not None:
        bad["duration"].raise_if_any(where, f"{header[layout.duration]} is not a duration like 01:02:03")
    parsed = Parsed.from_columns(origin, start, [True] * len(origin), distance, duration)
    parsed.skipped = skipped
    if overlong:
        parsed.notes.append(
            f"{where}: {len(overlong)} run(s) last longer than 24 h ({', '.join(overlong)}): a "
            "watch left running, or a multi-day event; their distance counts, their duration "
            "is left unknown (NaN)."
        )
    if layout.unit is None:
        parsed.notes.append(f"{where}: Garmin Connect export; {name} read in {unit} as you said (unit={unit!r}).")
    return parsed
